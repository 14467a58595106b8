import type { Plan, TenantPlan } from '../model/types.js';
import { describeExpiring, describeUnchanged, isTenantChanged, isTenantShown } from './change-lines.js';
import { codeSpan } from './markdown-escape.js';
import {
  countDiffLines,
  describeDroppedRows,
  describeDroppedSections,
  describeShortenedMembers,
  MARKER,
  renderHead,
  renderTable,
  renderTableRow,
  renderTenantSection,
  SEE_ARTIFACT,
} from './markdown-sections.js';

export interface MarkdownRenderOptions {
  /** Hard upper bound on the output's length (UTF-16 code units, so never more characters than GitHub counts). */
  maxChars?: number;
}

// GitHub rejects comments over 65,536 characters; the default leaves room for a workflow's own wrapping.
export const DEFAULT_MAX_CHARS = 60_000;

// Tried in order until every section fits; after the last, whole sections are dropped from the end.
const MEMBER_LINES_PER_GROUP = [Infinity, 20, 5, 0] as const;

/**
 * A plan as a pull-request comment: summary table, then one collapsible section per changed tenant. Over budget
 * it shortens member lists first, then drops whole sections, then table rows, and says each time what it left out.
 */
export function renderMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const changed = plan.tenants.filter(isTenantShown);
  const head = renderHead(plan, changed.some(isTenantChanged));
  const unchanged = describeUnchanged(plan.tenants);
  const tail = unchanged === undefined ? [] : [`${unchanged}\n`];
  const expiring = renderExpiringBlock(plan);
  if (changed.length === 0) return fitWithin(joinBlocks([head, ...expiring, ...tail]), maxChars, plan, false);

  const rows = changed.map(renderTableRow);
  const fixed = [head, renderTable(rows), ...expiring, ...tail];
  for (const level of MEMBER_LINES_PER_GROUP) {
    const notes = level === Infinity ? [] : [`${describeShortenedMembers(level)}\n`];
    const sections = takeSectionsWithin(changed, level, maxChars - blocksLength([...fixed, ...notes]));
    if (sections.length === changed.length) return joinBlocks([...fixed, ...notes, ...sections]);
    if (level !== 0) continue;
    // Room for the longest form of the note ("N more tenants", N <= all): the real one is never longer.
    const dropNoteRoom = describeDroppedSections(changed.length, 1).length + 2;
    const budget = maxChars - blocksLength([...fixed, ...notes]) - dropNoteRoom;
    const kept = takeSectionsWithin(changed, level, budget);
    // One tenant too large for the whole comment still shows the start of its changes rather than nothing.
    if (kept.length === 0) kept.push(...renderFirstLinesWithin(changed[0]!, budget));
    const dropped = changed.length - kept.length;
    const dropNote = dropped === 0 ? [] : [`${describeDroppedSections(dropped, kept.length)}\n`];
    const output = joinBlocks([...fixed, ...(kept.length > 0 ? notes : []), ...kept, ...dropNote]);
    if (output.length <= maxChars) return output;
  }
  return fitWithin(renderWithTruncatedTable(head, rows, tail, maxChars), maxChars, plan, true);
}

/** Sections in plan order, stopping at the first that would pass `budget` characters (blank lines included). */
function takeSectionsWithin(tenants: readonly TenantPlan[], maxMembers: number, budget: number): string[] {
  const sections: string[] = [];
  let used = 0;
  for (const tenant of tenants) {
    const section = renderTenantSection(tenant, maxMembers);
    used += section.length + 1;
    if (used > budget) break;
    sections.push(section);
  }
  return sections;
}

/** The tenant's section with as many diff lines as fit in `budget` (binary search), or none if not even its head fits. */
function renderFirstLinesWithin(tenant: TenantPlan, budget: number): string[] {
  let low = 0;
  let high = countDiffLines(tenant, 0);
  if (renderTenantSection(tenant, 0, 0).length + 1 > budget) return [];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (renderTenantSection(tenant, 0, mid).length + 1 <= budget) low = mid;
    else high = mid - 1;
  }
  return [renderTenantSection(tenant, 0, low)];
}

// Thousands of changed tenants: the table alone is over budget, so it keeps its first rows and counts the rest.
function renderWithTruncatedTable(head: string, rows: readonly string[], tail: string[], maxChars: number): string {
  const footnoteRoom = describeDroppedRows(rows.length).length + 2;
  let budget = maxChars - blocksLength([head, renderTable([]), ...tail]) - footnoteRoom;
  let shown = 0;
  for (const row of rows) {
    budget -= row.length + 1;
    if (budget < 0) break;
    shown += 1;
  }
  return joinBlocks([head, renderTable(rows.slice(0, shown), describeDroppedRows(rows.length - shown)), ...tail]);
}

// The guarantee holds even for a budget too small for the table: fall back to ever shorter heads.
function fitWithin(output: string, maxChars: number, plan: Plan, hasChanges: boolean): string {
  const tooLarge = `The plan is too large to show here; ${SEE_ARTIFACT}.\n`;
  const candidates = [
    output,
    joinBlocks([renderHead(plan, hasChanges), tooLarge]),
    joinBlocks([renderHead(plan, hasChanges, true), tooLarge]),
    `${MARKER}\n`,
  ];
  return candidates.find((candidate) => candidate.length <= maxChars) ?? '';
}

/** Memberships about to lapse, as a list under a warning: the reviewer sees them before they go. */
function renderExpiringBlock(plan: Plan): string[] {
  const [head, ...entries] = describeExpiring(plan, (name) => codeSpan(name), (name) => codeSpan(name));
  if (head === undefined) return [];
  return [`> [!WARNING]\n> **${head}**\n${entries.map((e) => `> - ${e}\n`).join('')}`];
}

/** Blocks each end in a newline; a blank line separates them. */
function joinBlocks(blocks: readonly string[]): string {
  return blocks.join('\n');
}

function blocksLength(blocks: readonly string[]): number {
  return blocks.reduce((n, b) => n + b.length, 0) + Math.max(0, blocks.length - 1);
}
