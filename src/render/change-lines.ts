import { printable } from '../util/printable.js';
import type { AssertedMembers, GroupChange, Plan, PlanMember, TenantPlan } from '../model/types.js';

/**
 * A line of a tenant's changes, independent of format: text indents and colours it, markdown prefixes it for a
 * diff. `assert` heads a group's unverifiable adds, `asserted` is one of them.
 */
export interface ChangeLine {
  kind: 'create' | 'update' | 'delete' | 'add' | 'remove' | 'note' | 'assert' | 'asserted';
  text: string;
}

const UNMANAGED_NAMES_SHOWN = 10;
const EXPIRING_SHOWN = 50;

export function describeTenantChanges(tenant: TenantPlan, maxMembersPerGroup = Infinity): ChangeLine[] {
  return [
    ...tenant.changes.flatMap((change) => describeChange(change, maxMembersPerGroup)),
    ...(tenant.asserted ?? []).flatMap((entry) => describeAsserted(entry, maxMembersPerGroup)),
  ];
}

function describeAsserted(entry: AssertedMembers, maxMembers: number): ChangeLine[] {
  const shown = entry.members.slice(0, maxMembers);
  const lines: ChangeLine[] = [
    { kind: 'assert', text: `group ${quote(entry.group)}: ${countOf(entry.members.length, 'member')} asserted, unverifiable (every apply adds them; not counted as a change)` },
    { kind: 'note', text: `why: ${printable(entry.reason)}` },
    ...shown.map((m): ChangeLine => ({ kind: 'asserted', text: memberLabel(m) })),
  ];
  const hidden = entry.members.length - shown.length;
  if (hidden > 0) lines.push({ kind: 'note', text: `… ${countOf(hidden, shown.length > 0 ? 'more member' : 'member')} not shown` });
  return lines;
}

/** `3 members in 2 groups are asserted, unverifiable: ...`, or undefined when the plan has none. */
export function describeAssertedTotal(plan: Plan): string | undefined {
  const entries = plan.tenants.flatMap((t) => t.asserted ?? []);
  if (entries.length === 0) return undefined;
  const members = entries.reduce((n, e) => n + e.members.length, 0);
  return (
    `${countOf(members, 'member')} in ${countOf(entries.length, 'group')} asserted, unverifiable: the server cannot show whether they are members ` +
    'already, so apply sends their adds again (harmless if they are); not counted as changes.'
  );
}

function describeChange(change: GroupChange, maxMembers = Infinity): ChangeLine[] {
  const lines: ChangeLine[] = [];
  lines.push({ kind: change.action, text: `group ${quote(change.group)}${renameNote(change)}` });
  if (change.action === 'create' && change.externalId !== null) {
    lines.push({ kind: 'note', text: `externalId: ${quote(change.externalId)}` });
  }
  if (change.action === 'update' && change.externalId !== undefined) {
    lines.push({ kind: 'note', text: `externalId: set to ${quote(change.externalId)}` });
  }
  if (change.action !== 'delete' && change.membersMode !== 'unmanaged') {
    lines.push({ kind: 'note', text: `members: ${change.membersMode}` });
  }
  lines.push(...describeMembers(change.add, change.remove, maxMembers));
  return lines;
}

// Under a cap, removals get at least half the lines: they are what a reviewer most needs to see.
function describeMembers(add: PlanMember[], remove: PlanMember[], cap: number): ChangeLine[] {
  let removeShown = Math.min(remove.length, Math.ceil(cap / 2));
  const addShown = Math.min(add.length, cap - removeShown);
  removeShown = Math.min(remove.length, cap - addShown);
  const lines: ChangeLine[] = [
    ...add.slice(0, addShown).map((m): ChangeLine => ({ kind: 'add', text: memberLabel(m) })),
    ...remove.slice(0, removeShown).map((m): ChangeLine => ({ kind: 'remove', text: memberLabel(m) })),
  ];
  const addHidden = add.length - addShown;
  const removeHidden = remove.length - removeShown;
  const hidden = addHidden + removeHidden;
  if (hidden > 0) {
    const noun = addShown + removeShown > 0 ? 'more member' : 'member';
    lines.push({ kind: 'note', text: `… ${countOf(hidden, noun)} not shown (${addHidden} to add, ${removeHidden} to remove)` });
  }
  return lines;
}

function memberLabel(member: PlanMember): string {
  const who = member.loginId === undefined ? printable(member.userId) : `${printable(member.loginId)} (${printable(member.userId)})`;
  const routed = member.via === undefined ? who : `${who} via ${member.via.map(printable).join(', ')}`;
  return member.expired === undefined ? routed : `${routed} expired ${printable(member.expired)}`;
}

/** `Memberships expiring soon (2):`, then one line each, or nothing when no tenant has one. */
export function describeExpiring(plan: Plan, formatName: (name: string) => string = printable, formatGroup: (name: string) => string = quote): string[] {
  const entries = plan.tenants.flatMap((t) => (t.expiring ?? []).map((e) => ({ tenant: t.tenant, e })));
  if (entries.length === 0) return [];
  const lines = entries.slice(0, EXPIRING_SHOWN).map(({ tenant, e }) => {
    const who = e.loginId === undefined ? formatName(e.userId) : `${formatName(e.loginId)} (${formatName(e.userId)})`;
    const why = [e.reason === undefined ? undefined : `reason: ${formatName(e.reason)}`, e.ticket === undefined ? undefined : `ticket: ${formatName(e.ticket)}`].filter((w) => w !== undefined);
    return `tenant ${formatName(tenant)}, group ${formatGroup(e.group)}: ${who} until ${formatName(e.until)}${why.length === 0 ? '' : ` (${why.join(', ')})`}`;
  });
  if (entries.length > lines.length) lines.push(`… ${entries.length - lines.length} more`);
  return [`${countOf(entries.length, 'membership')} expiring soon (not removed yet):`, ...lines];
}

/** Something is known to happen to the tenant, or it is blocked. */
export function isTenantChanged(tenant: TenantPlan): boolean {
  return tenant.changes.length > 0 || tenant.blocked.length > 0;
}

/** A tenant gets its own section when it changes, or apply re-asserts members there. */
export function isTenantShown(tenant: TenantPlan): boolean {
  return isTenantChanged(tenant) || (tenant.asserted?.length ?? 0) > 0;
}

/** `2 unmanaged groups left alone: Sales, Support`, or undefined when there are none. */
export function describeUnmanaged(
  names: readonly string[],
  formatName: (name: string) => string = printable,
): string | undefined {
  if (names.length === 0) return undefined;
  const shown = names.slice(0, UNMANAGED_NAMES_SHOWN).map(formatName);
  const rest = names.length - shown.length;
  const list = rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
  return `${countOf(names.length, 'unmanaged group')} left alone: ${list}`;
}

/** `3 tenants unchanged (5 unmanaged groups left alone).`, or undefined when every tenant changes. */
export function describeUnchanged(tenants: readonly TenantPlan[]): string | undefined {
  const unchanged = tenants.filter((t) => !isTenantShown(t));
  if (unchanged.length === 0) return undefined;
  const unmanaged = unchanged.reduce((n, t) => n + t.unmanagedGroups.length, 0);
  const note = unmanaged > 0 ? ` (${countOf(unmanaged, 'unmanaged group')} left alone)` : '';
  return `${countOf(unchanged.length, 'tenant')} unchanged${note}.`;
}

/**
 * `2 tenants not checked (configuration unchanged since origin/main, 1a2b3c4; live state not read): T1, T2`, at
 * most `shown` names; undefined when the plan was not limited to changed tenants.
 */
export function describeNotChecked(plan: Plan, shown: number, formatName: (name: string) => string = printable, fullList = 'the JSON plan lists them all'): string | undefined {
  const notChecked = plan.notChecked;
  if (notChecked === undefined) return undefined;
  const names = notChecked.tenants.slice(0, shown).map(formatName);
  const rest = notChecked.tenants.length - names.length;
  const list = names.length === 0 ? '' : `: ${names.join(', ')}${rest > 0 ? ` and ${rest} more (${fullList})` : ''}`;
  const since = `${formatName(notChecked.changedSince)}, ${formatName(notChecked.commit.slice(0, 7))}`;
  return `${countOf(notChecked.tenants.length, 'tenant')} not checked (configuration unchanged since ${since}; live state not read)${list}`;
}

export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * ` (renamed from "Eng")`. Two names that differ only in Unicode normalisation (`é` as one code point or as `e`
 * and a combining accent) look alike on screen, so such a rename also shows both names' code points.
 */
export function renameNote(change: GroupChange): string {
  if (change.action !== 'update' || change.renameFrom === undefined) return '';
  const from = change.renameFrom;
  if (from === change.group || from.normalize('NFC') !== change.group.normalize('NFC')) return ` (renamed from ${quote(from)})`;
  return ` (renamed from ${quote(from)}; only the Unicode normalisation changes: ${codePoints(from)} to ${codePoints(change.group)})`;
}

function codePoints(name: string): string {
  return `"${[...name].map((c) => (c >= ' ' && c <= '~' && c !== '"' && c !== '\\' ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`)).join('')}"`;
}

/** A name in double quotes, with quotes and control characters escaped so no name can forge a line or a colour. */
export function quote(name: string): string {
  return `"${printable(name.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}
