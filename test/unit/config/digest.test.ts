import { describe, expect, it } from 'vitest';
import { configDigest, loadDesiredFromTexts } from '../../../src/config/index.js';
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
