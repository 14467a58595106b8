import { describe, expect, it } from 'vitest';
import { renderSummaryLine, renderText } from '../../../src/render/text.js';
import { planOf, representativePlan, tenantOf } from './plans.js';

const ESC = '\x1b';

describe('renderText', () => {
  it('renders a representative plan exactly', () => {
    expect(renderText(representativePlan, { color: false })).toBe(
      [
        'Tenant T1',
        '  ! blocked MAX_REMOVALS: removes 2 of 4 live memberships (50%), over maxRemovalPercent 25',
        '  + group "Platform"',
        '      members: authoritative',
        '    + alice@acme.com (U1)',
        '  ~ group "Engineering" (renamed from "Eng")',
        '      members: authoritative',
        '    - dave@acme.com (U9)',
        '  - group "Legacy"',
        '    - U3',
        '  2 unmanaged groups left alone: Sales, Support',
        '',
        'Tenant T2',
        '  + group "Auditors"',
        '      externalId: "aud"',
        '  ~ group "Ops"',
        '      externalId: set to "ops"',
        '      members: additive',
        '    + bob@acme.com (U2)',
        '    + U4',
        '',
        '2 tenants unchanged (1 unmanaged group left alone).',
        '',
        'Plan: 2 groups to create, 2 to update, 1 to delete; 3 members to add, 2 to remove.',
        '',
        'Blocked: plan 3f9a1c2e7b10 exceeds a safety limit in 1 tenant (see "! blocked" above).',
        'To apply it anyway, review the changes and pass --acknowledge 3f9a1c2e7b10',
        '',
      ].join('\n'),
    );
  });

  it('contains no ANSI escape without colour, and colours +, ~, - and headers with it', () => {
    expect(renderText(representativePlan, { color: false })).not.toContain(ESC);
    const coloured = renderText(representativePlan, { color: true });
    expect(coloured).toContain(`${ESC}[1mTenant T1${ESC}[0m`);
    expect(coloured).toContain(`  ${ESC}[32m+${ESC}[0m group "Platform"`);
    expect(coloured).toContain(`  ${ESC}[33m~${ESC}[0m group "Engineering"`);
    expect(coloured).toContain(`  ${ESC}[31m-${ESC}[0m group "Legacy"`);
    expect(coloured).toContain(`    ${ESC}[31m-${ESC}[0m dave@acme.com (U9)`);
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(renderText(representativePlan, { color: false }));
  });

  it('escapes control characters in names so a name cannot inject colour or forge lines', () => {
    const plan = planOf([
      tenantOf('T1', [
        { action: 'create', group: `Evil${ESC}[31m"\nX`, externalId: null, membersMode: 'unmanaged', add: [], remove: [] },
      ]),
    ]);
    const text = renderText(plan, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).toContain('  + group "Evil\\u001b[31m\\"\\u000aX"\n');
  });

  it('says there are no changes, mentioning unmanaged groups only when there are some', () => {
    const quiet = planOf([tenantOf('T1', []), tenantOf('T2', [])]);
    expect(renderText(quiet, { color: true })).toBe('No changes. The live state matches the configuration.\n');
    const withUnmanaged = planOf([tenantOf('T1', [], { unmanagedGroups: ['A', 'B'] }), tenantOf('T2', [])]);
    expect(renderText(withUnmanaged, { color: false })).toBe(
      '2 tenants unchanged (2 unmanaged groups left alone).\nNo changes. The live state matches the configuration.\n',
    );
  });

  it('names at most ten unmanaged groups and counts the rest', () => {
    const names = Array.from({ length: 14 }, (_, i) => `G${String(i).padStart(2, '0')}`);
    const plan = planOf([
      tenantOf('T1', [{ action: 'delete', group: 'Old', groupId: 'g1', add: [], remove: [] }], { unmanagedGroups: names }),
    ]);
    expect(renderText(plan, { color: false })).toContain(
      '  14 unmanaged groups left alone: G00, G01, G02, G03, G04, G05, G06, G07, G08, G09 and 4 more\n',
    );
  });
});

describe('renderSummaryLine', () => {
  it.each([
    [[1, 2, 0, 5, 1], 'Plan: 1 group to create, 2 to update, 0 to delete; 5 members to add, 1 to remove.'],
    [[0, 0, 1, 1, 0], 'Plan: 0 groups to create, 0 to update, 1 to delete; 1 member to add, 0 to remove.'],
    [[2, 1, 1, 0, 2], 'Plan: 2 groups to create, 1 to update, 1 to delete; 0 members to add, 2 to remove.'],
  ])('%j -> %s', ([create, update, del, add, remove], line) => {
    expect(
      renderSummaryLine({
        groupsToCreate: create as number,
        groupsToUpdate: update as number,
        groupsToDelete: del as number,
        membersToAdd: add as number,
        membersToRemove: remove as number,
        blocked: false,
      }),
    ).toBe(line);
  });
});
