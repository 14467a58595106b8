import { describe, expect, it } from 'vitest';
import type { GroupChange, PlanMember, TenantPlan } from '../../../src/model/types.js';
import { renderMarkdown } from '../../../src/render/markdown.js';
import { planOf, tenantOf } from './plans.js';

const MARKER = '<!-- groupform-plan -->';
const LIMIT = 60_000;

function members(tenant: number, group: number, kind: string, count: number): PlanMember[] {
  return Array.from({ length: count }, (_, m) => ({ userId: `U2${kind}${tenant}x${group}x${m}`, loginId: `${kind}.${m}@customer-${tenant}.example.com` }));
}

/** A realistic fleet-wide change: every tenant gets a new group, an update with a rename and a deleted group. */
function fleetChange(tenant: number): TenantPlan {
  const changes: GroupChange[] = [
    { action: 'create', group: `Project ${tenant}`, externalId: null, membersMode: 'authoritative', add: members(tenant, 0, 'new', 12), remove: [] },
    {
      action: 'update', group: 'Engineering', groupId: `g${tenant}-1`, renameFrom: 'Eng', membersMode: 'authoritative',
      add: members(tenant, 1, 'add', 8), remove: members(tenant, 1, 'gone', 6),
    },
    { action: 'delete', group: 'Legacy', groupId: `g${tenant}-2`, add: [], remove: members(tenant, 2, 'old', 4) },
  ];
  const blocked = tenant % 50 === 0 ? { blocked: [{ code: 'MAX_REMOVALS' as const, message: 'removes 10 of 30 live memberships (33%), over maxRemovalPercent 25' }] } : {};
  return tenantOf(`T2customer${String(tenant).padStart(4, '0')}xxxxxxxxxxxxx`, changes, { unmanagedGroups: ['Sales'], ...blocked });
}

describe('renderMarkdown within the pull-request comment budget', () => {
  const tenants = Array.from({ length: 300 }, (_, t) => fleetChange(t));
  const plan = planOf(tenants);
  const markdown = renderMarkdown(plan);

  it('stays under 60,000 characters and starts with the marker', () => {
    expect(markdown.length).toBeLessThan(LIMIT);
    expect(markdown.startsWith(`${MARKER}\n`)).toBe(true);
  });

  it('keeps the exact totals of the whole plan', () => {
    expect(markdown).toContain('**Plan: 300 groups to create, 300 to update, 300 to delete; 6000 members to add, 3000 to remove.**');
    expect(markdown).toContain('Blocked by a safety rule** in 6 tenants');
  });

  it('says what it left out, and accounts for every tenant', () => {
    const count = (pattern: RegExp): number => Number(pattern.exec(markdown)?.[1] ?? 0);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| `T2customer')).length;
    const sections = markdown.match(/^<details><summary>/gm)?.length ?? 0;
    // Every tenant is a table row, or counted as a row left out; every tenant with a row and no section is counted too.
    expect(rows + count(/… (\d+) more tenants? not shown, and per-tenant details are left out/)).toBe(300);
    expect(sections).toBeLessThan(300);
    if (rows === 300) expect(sections + count(/… (\d+) (?:more )?tenants? not shown; see the JSON plan artifact/)).toBe(300);
    // 300 tenants x 30 members cannot fit: member lists are cut, and the comment says so.
    expect(markdown).toMatch(/Member lists are (?:left out|shortened to \d+ per group) to fit the comment size limit; see the JSON plan artifact\./);
    // Sections are kept whole, in plan order: the shown ones are the first ones.
    const shown = [...markdown.matchAll(/^<details><summary><code>(T2customer\d{4})/gm)].map((m) => m[1]);
    expect(shown).toEqual(tenants.slice(0, sections).map((t) => t.tenant.slice(0, 14)));
  });
});

describe('renderMarkdown of one tenant larger than the whole budget', () => {
  const changes: GroupChange[] = Array.from({ length: 3000 }, (_, g) => ({
    action: 'create', group: `Team ${String(g).padStart(4, '0')} with a rather long descriptive name`, externalId: null,
    membersMode: 'authoritative', add: members(0, g, 'm', 3), remove: [],
  }));
  const markdown = renderMarkdown(planOf([tenantOf('T2big', changes)]));

  it('shows the start of its changes and says how many lines it left out, within the budget', () => {
    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    expect(markdown).toContain('<details><summary><code>T2big</code>: groups +3000 ~0 -0');
    expect(markdown).toContain('+ group "Team 0000 with a rather long descriptive name"');
    expect(markdown).toMatch(/… \d+ more lines of changes not shown; see the JSON plan artifact\./);
    expect(markdown).not.toContain('Team 2999');
    expect(markdown).not.toContain('tenant not shown');
  });
});
