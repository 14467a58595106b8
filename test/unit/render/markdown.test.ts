import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupChange } from '../../../src/model/types.js';
import { renderMarkdown } from '../../../src/render/markdown.js';
import { largePlan, planOf, representativePlan, tenantOf } from './plans.js';

const MARKER = '<!-- groupform-plan -->';

/** The markdown a reader sees as markup: fenced blocks and code spans removed (their content is literal). */
function markupOnly(markdown: string): string {
  return markdown.replace(/^(`{3,})diff\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`][\s\S]*?\1/g, '');
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| tenant ') && !line.startsWith('| --- '));
}

function cellsOf(row: string): number {
  return row.split(/(?<!\\)\|/).length - 2;
}

describe('renderMarkdown', () => {
  it('renders a representative plan exactly', () => {
    expect(renderMarkdown(representativePlan)).toBe(`<!-- groupform-plan -->
### groupform plan \`3f9a1c2e7b10\`

**Plan: 2 groups to create, 2 to update, 1 to delete; 3 members to add, 2 to remove.**

> [!CAUTION]
> **Blocked by a safety rule** in 1 tenant. To apply it anyway, review the changes and pass \`--acknowledge 3f9a1c2e7b10\`.

| tenant | groups +/~/- | members +/- | blocked |
| --- | --- | --- | --- |
| \`T1\` | 1 / 1 / 1 | 1 / 2 | ⛔ MAX_REMOVALS |
| \`T2\` | 1 / 1 / 0 | 2 / 0 | no |

2 tenants unchanged (1 unmanaged group left alone).

<details><summary><code>T1</code>: groups +1 ~1 -1, members +1 -2 — ⛔ blocked</summary>

⛔ **Blocked** (\`MAX_REMOVALS\`): removes 2 of 4 live memberships \\(50%\\), over maxRemovalPercent 25

2 unmanaged groups left alone: \`Sales\`, \`Support\`

\`\`\`diff
+ group "Platform"
      members: authoritative
+     alice@acme.com (U1)
! group "Engineering" (renamed from "Eng")
      members: authoritative
-     dave@acme.com (U9)
- group "Legacy"
-     U3
\`\`\`

</details>

<details><summary><code>T2</code>: groups +1 ~1 -0, members +2 -0</summary>

\`\`\`diff
+ group "Auditors"
      externalId: "aud"
! group "Ops"
      externalId: set to "ops"
      members: additive
+     bob@acme.com (U2)
+     U4
\`\`\`

</details>
`);
  });

  it('says when nothing changes, still under the marker', () => {
    const plan = planOf([tenantOf('T1', []), tenantOf('T2', [])]);
    expect(renderMarkdown(plan)).toBe(
      `${MARKER}\n### groupform plan \`abcdef012345\`\n\nNo changes. The live state matches the configuration.\n\n2 tenants unchanged.\n`,
    );
  });

  it('escapes names so HTML and pipes cannot break the table, the summary or the diff', () => {
    const evil = 'T<script>|x';
    const plan = planOf([
      tenantOf(
        evil,
        [
          { action: 'create', group: '<script>alert(1)</script>', externalId: null, membersMode: 'unmanaged', add: [], remove: [] },
          { action: 'create', group: 'a|b ```c````', externalId: null, membersMode: 'authoritative', add: [{ userId: 'U1', loginId: '@octocat' }], remove: [] },
        ],
        {
          unmanagedGroups: ['<img src=x onerror=alert(1)>', 'pipe|name', '`tick'],
          blocked: [{ code: 'MAX_GROUP_DELETES', message: 'deletes <b>all</b> | of *them*' }],
        },
      ),
    ]);
    const markdown = renderMarkdown(plan);
    const rows = tableRows(markdown);
    expect(rows).toEqual(['| `T<script>\\|x` | 2 / 0 / 0 | 1 / 0 | ⛔ MAX_GROUP_DELETES |']);
    expect(cellsOf(rows[0] ?? '')).toBe(4);
    expect(markdown).toContain('<details><summary><code>T&#60;script&#62;|x</code>: groups +2 ~0 -0');
    expect(markdown).toContain('⛔ **Blocked** (`MAX_GROUP_DELETES`): deletes \\<b\\>all\\</b\\> \\| of \\*them\\*\n');
    expect(markdown).toContain('3 unmanaged groups left alone: `<img src=x onerror=alert(1)>`, `pipe|name`, `` `tick ``\n');
    // The fence outgrows the longest backtick run in a name, so the name cannot close it.
    expect(markdown).toContain(
      '`````diff\n+ group "<script>alert(1)</script>"\n+ group "a|b ```c````"\n      members: authoritative\n+     @octocat (U1)\n`````\n',
    );
    const markup = markupOnly(markdown);
    expect(markup).not.toMatch(/<script|<img|<b>/);
    expect(markup).not.toContain('@octocat');
  });

  it('keeps 300 tenants x 10 groups x 60 member changes under the default 60,000 characters and says what it left out', () => {
    const plan = largePlan(300, 10, 30);
    const markdown = renderMarkdown(plan);
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown.split('\n')[0]).toBe(MARKER);
    expect(tableRows(markdown)).toHaveLength(300);
    const sections = markdown.split('\n').filter((l) => l.startsWith('<details>')).length;
    expect(sections).toBeGreaterThan(0);
    expect(sections).toBeLessThan(300);
    expect(markdown).toContain('Member lists are left out to fit the comment size limit; see the JSON plan artifact.');
    expect(markdown).toContain('      … 60 members not shown (30 to add, 30 to remove)\n');
    expect(markdown.endsWith(`\n… ${300 - sections} more tenants not shown; see the JSON plan artifact.\n`)).toBe(true);
  });

  it('shortens member lists before it drops a tenant', () => {
    const plan = largePlan(3, 2, 100);
    const markdown = renderMarkdown(plan, { maxChars: 20_000 });
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(markdown.split('\n').filter((l) => l.startsWith('<details>'))).toHaveLength(3);
    expect(markdown).toContain('Member lists are shortened to 20 per group to fit the comment size limit; see the JSON plan artifact.');
    expect(markdown).toContain('+     user9.added@tenant0.example.com (U0-0-a9)\n-     user0.gone@tenant0.example.com (U0-0-r0)\n');
    expect(markdown).not.toContain('user10.added@tenant0');
    expect(markdown).toContain('      … 180 more members not shown (90 to add, 90 to remove)\n');
    expect(markdown).not.toContain('tenants not shown');
  });

  it('keeps the first table rows and a count when even the table is over budget', () => {
    const tenants = Array.from({ length: 3000 }, (_, i) => {
      const change: GroupChange = { action: 'delete', group: 'Legacy', groupId: `g${i}`, add: [], remove: [] };
      return tenantOf(`T${String(i).padStart(5, '0')}`, [change]);
    });
    const markdown = renderMarkdown(planOf(tenants));
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    const rows = tableRows(markdown);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows[0]).toBe('| `T00000` | 0 / 0 / 1 | 0 / 0 | no |');
    expect(markdown).not.toContain('<details>');
    expect(markdown).toContain(
      `\n… ${3000 - rows.length} more tenants not shown, and per-tenant details are left out; see the JSON plan artifact.\n`,
    );
  });

  it('falls back to the heading and summary when not even the table fits', () => {
    expect(renderMarkdown(representativePlan, { maxChars: 300 })).toBe(
      `${MARKER}\n### groupform plan \`3f9a1c2e7b10\`\n\n` +
        '**Plan: 2 groups to create, 2 to update, 1 to delete; 3 members to add, 2 to remove.**\n\n' +
        'The plan is too large to show here; see the JSON plan artifact.\n',
    );
  });

  it('never exceeds maxChars, whatever the budget', () => {
    const plan = largePlan(30, 4, 8);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000 }), (maxChars) => {
        const markdown = renderMarkdown(plan, { maxChars });
        expect(markdown.length).toBeLessThanOrEqual(maxChars);
        if (maxChars >= MARKER.length + 1) expect(markdown.startsWith(`${MARKER}\n`)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('renderMarkdown with tenants not checked (plan --changed-since)', () => {
  const notChecked = (count: number) => ({
    ...representativePlan,
    notChecked: { changedSince: 'origin/main', commit: 'a'.repeat(40), tenants: Array.from({ length: count }, (_, i) => `T${100 + i}`) },
  });

  it('names them in a note under the summary, at most 20, pointing to the artifact for the rest', () => {
    const names = Array.from({ length: 20 }, (_, i) => `\`T${100 + i}\``).join(', ');
    expect(renderMarkdown(notChecked(25))).toContain(
      `**\n\n> [!NOTE]\n> 25 tenants not checked (configuration unchanged since \`origin/main\`, \`aaaaaaa\`; live state not read): ${names} and 5 more (see the JSON plan artifact).\n`,
    );
  });

  it('keeps the note when the comment is cut to its head', () => {
    const output = renderMarkdown(notChecked(3000), { maxChars: 900 });
    expect(output.length).toBeLessThanOrEqual(900);
    expect(output).toContain('> 3000 tenants not checked (configuration unchanged since `origin/main`');
  });
});
