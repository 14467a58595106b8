import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/model/types.js';
import { renderJson, validatePlanJson } from '../../../src/render/json.js';
import { largePlan, planOf, representativePlan, tenantOf } from './plans.js';

function tampered(edit: (plan: any) => void): unknown {
  const copy = JSON.parse(renderJson(representativePlan));
  edit(copy);
  return copy;
}

function errorsOf(value: unknown): string[] {
  const checked = validatePlanJson(value);
  if (checked.ok) throw new Error('expected the plan to be rejected');
  return checked.errors;
}

describe('renderJson', () => {
  it('writes the plan schema key order, 2-space indent and a trailing newline', () => {
    const json = renderJson(representativePlan);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.startsWith('{\n  "formatVersion": 1,\n  "planId": "3f9a1c2e7b10",\n  "configDigest": "sha256:')).toBe(true);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual(['formatVersion', 'planId', 'configDigest', 'provider', 'tenants', 'summary']);
    expect(Object.keys(parsed.provider)).toEqual(['type', 'baseUrl', 'projectId']);
    expect(Object.keys(parsed.tenants[0])).toEqual(['tenant', 'changes', 'unmanagedGroups', 'blocked', 'fingerprints']);
    expect(parsed.tenants[0].changes.map((c: object) => Object.keys(c))).toEqual([
      ['action', 'group', 'externalId', 'membersMode', 'add', 'remove'],
      ['action', 'group', 'groupId', 'renameFrom', 'membersMode', 'add', 'remove'],
      ['action', 'group', 'groupId', 'add', 'remove'],
    ]);
    expect(Object.keys(parsed.tenants[1].changes[1])).toEqual([
      'action', 'group', 'groupId', 'externalId', 'membersMode', 'add', 'remove',
    ]);
    expect(Object.keys(parsed.tenants[0].changes[0].add[0])).toEqual(['userId', 'loginId']);
    expect(Object.keys(parsed.tenants[0].fingerprints)).toEqual(['g1', 'g7', '@groups']);
    expect(Object.keys(parsed.summary)).toEqual([
      'groupsToCreate', 'groupsToUpdate', 'groupsToDelete', 'membersToAdd', 'membersToRemove', 'blocked',
    ]);
    expect(json).toContain('\n      "changes": [\n        {\n          "action": "create",\n');
  });

  it('is the same whatever order the plan object was built in', () => {
    const shuffled = JSON.parse(JSON.stringify(representativePlan), (_key, value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as Plan;
    expect(renderJson(shuffled)).toBe(renderJson(representativePlan));
  });

  it.each([
    ['representative', representativePlan],
    ['scim provider', planOf([tenantOf('T1', [])])],
    ['large', largePlan(3, 2, 3)],
  ])('%s: validates against the schema and round-trips', (_name, plan) => {
    const parsed: unknown = JSON.parse(renderJson(plan));
    expect(parsed).toEqual(plan);
    const checked = validatePlanJson(parsed);
    expect(checked).toEqual({ ok: true, plan });
  });
});

describe('schemas/plan.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'));

  it('describes every property and closes every object', () => {
    const undescribed: string[] = [];
    const open: string[] = [];
    const visit = (node: any, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const closed = node.additionalProperties !== undefined && node.additionalProperties !== true;
      if (node.type === 'object' && node.oneOf === undefined && !closed) open.push(path);
      for (const [name, property] of Object.entries<any>(node.properties ?? {})) {
        const target = property.$ref === undefined ? property : schema.$defs[property.$ref.replace('#/$defs/', '')];
        if (property.description === undefined && target?.description === undefined) undescribed.push(`${path}/${name}`);
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
    };
    visit(schema, '');
    expect(undescribed).toEqual([]);
    expect(open).toEqual([]);
  });
});

describe('validatePlanJson', () => {
  it.each<[string, (plan: any) => void, string]>([
    ['an unknown action', (p) => { p.tenants[0].changes[0].action = 'destroy'; }, '/tenants/0/changes/0/action: must be one of "create", "update", "delete"'],
    ['an extra key', (p) => { p.tenants[0].changes[1].force = true; }, '/tenants/0/changes/1: unknown property "force"'],
    ['a delete without groupId', (p) => { delete p.tenants[0].changes[2].groupId; }, '/tenants/0/changes/2: missing property "groupId"'],
    ['a delete that adds', (p) => { p.tenants[0].changes[2].add.push({ userId: 'U5' }); }, '/tenants/0/changes/2/add: must NOT have more than 0 items'],
    ['a bad planId', (p) => { p.planId = 'XYZ'; }, '/planId: must be 12 lowercase hex digits'],
    ['a bad fingerprint', (p) => { p.tenants[0].fingerprints.g1 = 'md5:abc'; }, '/tenants/0/fingerprints/g1: must be "sha256:" followed by 64 lowercase hex digits'],
    ['another format version', (p) => { p.formatVersion = 2; }, '/formatVersion: must be 1'],
    ['an unknown blocked code', (p) => { p.tenants[0].blocked[0].code = 'NOPE'; }, '/tenants/0/blocked/0/code: must be one of "MAX_REMOVALS", "MAX_GROUP_DELETES"'],
    ['a secret next to the provider', (p) => { p.provider.managementKey = 'mk'; }, '/provider: unknown property "managementKey"'],
    ['a removal added without the summary', (p) => { p.tenants[1].changes[1].remove.push({ userId: 'U8' }); }, '/summary/membersToRemove: is 2 but the changes give 3'],
    ['a block lifted by hand', (p) => { p.tenants[0].blocked = []; }, '/summary/blocked: is true but the changes give false'],
    ['a missing group fingerprint', (p) => { delete p.tenants[0].fingerprints.g7; }, '/tenants/0/changes/2: no fingerprint for group id "g7" in /tenants/0/fingerprints'],
    ['a missing @groups with creates', (p) => { delete p.tenants[1].fingerprints['@groups']; }, '/tenants/1/fingerprints: missing "@groups", which the creates of this tenant need'],
  ])('rejects %s with a useful error', (_name, edit, message) => {
    expect(errorsOf(tampered(edit))).toContain(message);
  });

  it('rejects what is not a plan at all', () => {
    expect(errorsOf(null)).toEqual(['(root): must be object']);
    expect(errorsOf({})).toContain('(root): missing property "planId"');
  });

  it('reports a change with a wrong field against the branch its action names only', () => {
    const errors = errorsOf(tampered((p) => { p.tenants[0].changes[1].renameFrom = 5; }));
    expect(errors).toEqual(['/tenants/0/changes/1/renameFrom: must be string']);
  });

  it('accepts a plan without tenants', () => {
    expect(validatePlanJson(JSON.parse(renderJson(planOf([])))).ok).toBe(true);
  });
});
