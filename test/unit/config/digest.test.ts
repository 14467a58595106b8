import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configDigest, loadDesiredFromTexts } from '../../../src/config/index.js';
import { compareMembers } from '../../../src/config/member-order.js';
import { compareStrings } from '../../../src/model/normalize.js';
import type { DesiredState, DesiredTenant } from '../../../src/model/types.js';
import { canonicalJson, sha256 } from '../../../src/util/hash.js';
import { provider } from './support.js';

const tenantA = `  T1:
    scimKey: \${SK_A:-}
    groups:
      Eng:
        previously: [Old, Older]
        members: [alice@acme.com, userId: U2]
`;
const tenantB = `  T2:
    groups:
      Ops: {}
`;

const digestOf = (files: Record<string, string>, env: NodeJS.ProcessEnv = {}, tenants?: string[]): string =>
  configDigest(loadDesiredFromTexts(Object.entries(files).map(([file, text]) => ({ file, text })), env), tenants);

const base = digestOf({ 'a.yaml': `${provider}tenants:\n${tenantA}${tenantB}` });

describe('configDigest', () => {
  it('is sha256:<64 hex>', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['tenants reordered', { 'a.yaml': `${provider}tenants:\n${tenantB}${tenantA}` }],
    ['a tenant moved to another file', { 'a.yaml': `${provider}tenants:\n${tenantA}`, 'z/b.yaml': `tenants:\n${tenantB}` }],
    ['reformatted, with comments', { 'a.yaml': `# header\n${provider}tenants:\n${tenantB.replace('Ops: {}', 'Ops:   # ops')}${tenantA.replace('[alice@acme.com, userId: U2]', '\n          - userId: U2\n          - alice@acme.com')}` }],
    ['members and previously reordered', { 'a.yaml': `${provider}tenants:\n${tenantA.replace('[Old, Older]', '[Older, Old]').replace('[alice@acme.com, userId: U2]', '[userId: U2, alice@acme.com]')}${tenantB}` }],
    ['a secret given a value', { 'a.yaml': `${provider}tenants:\n${tenantA}${tenantB}`, env: 'SK_A' }],
    ['http tuning', { 'a.yaml': `${provider}  http: {timeoutSeconds: 5}\ntenants:\n${tenantA}${tenantB}` }],
    ['defaults spelled out', { 'a.yaml': `${provider}defaults: {members: authoritative, safety: {maxRemovalPercent: 25}}\ntenants:\n${tenantA}${tenantB}` }],
  ])('stays the same: %s', (_name, files) => {
    const { env, ...texts } = files as Record<string, string>;
    expect(digestOf(texts, env === undefined ? {} : { [env]: 'sk-secret-value' })).toBe(base);
  });

  it.each([
    ['a member added', tenantA.replace('alice@acme.com,', 'alice@acme.com, bob@acme.com,')],
    ['a login id case changed', tenantA.replace('alice@acme.com', 'Alice@acme.com')],
    ['an old name removed', tenantA.replace('[Old, Older]', '[Old]')],
    ['members mode changed', tenantA.replace('groups:', 'members: additive\n    groups:')],
    ['members no longer managed', tenantA.replace(/\n {8}members:.*\n/, '\n')],
    ['unmanaged groups deleted', tenantA.replace('groups:', 'unmanagedGroups: delete\n    groups:')],
    ['a safety limit', tenantA.replace('groups:', 'safety: {maxRemovalPercent: 30}\n    groups:')],
  ])('changes: %s', (_name, changed) => {
    expect(digestOf({ 'a.yaml': `${provider}tenants:\n${changed}${tenantB}` })).not.toBe(base);
  });

  it('changes with the provider identity', () => {
    expect(digestOf({ 'a.yaml': `${provider.replace('P2test', 'P2other')}tenants:\n${tenantA}${tenantB}` })).not.toBe(base);
    expect(digestOf({ 'a.yaml': `${provider}  writeMode: put\ntenants:\n${tenantA}${tenantB}` })).not.toBe(base);
  });

  it('covers only the chosen tenants', () => {
    const onlyT1 = digestOf({ 'a.yaml': `${provider}tenants:\n${tenantA}${tenantB}` }, {}, ['T1']);
    expect(onlyT1).not.toBe(base);
    expect(digestOf({ 'a.yaml': `${provider}tenants:\n${tenantA}${tenantB.replace('Ops', 'Support')}` }, {}, ['T1'])).toBe(onlyT1);
    expect(digestOf({ 'a.yaml': `${provider}tenants:\n${tenantA}` }, {}, ['T1', 'T2'])).not.toBe(base);
  });
});

// What configDigest hashes, built as plain objects and written by canonicalJson: its hand-written JSON must
// give the very same digest, or every saved plan would go stale.
function referenceDigest(desired: DesiredState, tenantIds?: readonly string[]): string {
  const byId = new Map(desired.tenants.map((t) => [t.tenantId, t]));
  const ids = [...new Set(tenantIds ?? desired.tenants.map((t) => t.tenantId))].sort(compareStrings);
  const p = desired.provider;
  const content = {
    provider: p.type === 'descope' ? { type: p.type, projectId: p.projectId, baseUrl: p.baseUrl ?? null, writeMode: p.writeMode } : { type: p.type, baseUrl: p.baseUrl, profile: p.profile },
    tenants: ids.map((id) => {
      const t = byId.get(id);
      if (t === undefined) return { tenantId: id, declared: false };
      return {
        tenantId: t.tenantId,
        unmanagedGroups: t.unmanagedGroups,
        safety: t.safety,
        groups: t.groups.map((g) => ({
          name: g.name,
          externalId: g.externalId ?? null,
          previously: [...g.previously].sort(compareStrings),
          membersMode: g.membersMode,
          members: g.members === undefined ? null : [...g.members].sort(compareMembers).map((m) => ('loginId' in m ? { loginId: m.loginId } : { userId: m.userId })),
        })),
      };
    }),
  };
  return sha256(canonicalJson(content));
}

describe('configDigest content', () => {
  const at = { file: 'x.yaml', line: 1, column: 1 };
  const text = fc.string({ unit: 'grapheme-composite', maxLength: 6 });
  const member = fc.oneof(text.map((loginId) => ({ loginId, at })), text.map((userId) => ({ userId, at })));
  // externalId and members are optional: absent where fast-check leaves them out.
  const group = fc.record(
    {
      name: text,
      externalId: text,
      previously: fc.array(text, { maxLength: 3 }),
      members: fc.array(member, { maxLength: 6 }),
      membersMode: fc.constantFrom('authoritative' as const, 'additive' as const),
    },
    { requiredKeys: ['name', 'previously', 'membersMode'] },
  );
  const tenant = fc.record({
    tenantId: text,
    groups: fc.array(group.map((g) => ({ ...g, at })), { maxLength: 4 }),
    unmanagedGroups: fc.constantFrom('ignore' as const, 'delete' as const),
    safety: fc.record({ maxRemovalPercent: fc.integer({ min: 0, max: 100 }), maxGroupDeletePercent: fc.double({ min: 0, max: 100, noNaN: true }) }),
  });

  it('is the sha256 of the canonical JSON of what the config means, for any tenants and provider', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tenant, { selector: (t) => t.tenantId, maxLength: 4 }),
        fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
        fc.boolean(),
        (tenants, chosen, descope) => {
          const desired: DesiredState = {
            provider: descope
              ? { type: 'descope', projectId: 'P2x', writeMode: 'patch', http: {} }
              : { type: 'scim', baseUrl: 'https://scim.example.com/{tenantId}', profile: 'aws', http: {} },
            providerAt: at,
            tenants: tenants.map((t): DesiredTenant => ({ ...t, at })),
            files: ['x.yaml'],
          };
          expect(configDigest(desired, chosen)).toBe(referenceDigest(desired, chosen));
        },
      ),
    );
  });

  it('is the same whether groups share one member list (a set, a template) or each hold an equal one', () => {
    const sharedSet = `${provider}sets:\n  staff: [bob@acme.com, alice@acme.com]\ntenants:\n  T1:\n    groups:\n      Eng: {members: [{set: staff}]}\n      Ops: {members: [{set: staff}]}\n`;
    const spelledOut = `${provider}tenants:\n  T1:\n    groups:\n      Eng: {members: [alice@acme.com, bob@acme.com]}\n      Ops: {members: [bob@acme.com, alice@acme.com]}\n`;
    const shared = loadDesiredFromTexts([{ file: 'a.yaml', text: sharedSet }], {});
    const [eng, ops] = shared.tenants[0]!.groups;
    expect(ops!.members).toBe(eng!.members);
    expect(configDigest(shared)).toBe(digestOf({ 'a.yaml': spelledOut }));
  });
});
