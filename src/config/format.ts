import { isMap, isScalar, isSeq, type Pair, Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { isExpired } from '../model/expiry.js';
import { DiagnosticsError, GroupformError } from '../errors.js';
import { compareStrings } from '../model/normalize.js';
import { attachCommentsToItems, commentString, itemHead, markCommentColumns, normaliseItemSpacing, restoreCommentColumns } from './format-comments.js';
import { KEY_ORDER } from './key-order.js';
import { keyText, readYaml } from './read-yaml.js';
import { compareMembers, type MemberId } from './member-order.js';

const ORDER = KEY_ORDER;

export interface FormatOptions {
  /** `fmt --prune-expired`: drop member entries whose `until` has passed at this instant (ms since the epoch). */
  pruneExpiredAt?: number;
  /** Receives each entry dropped. */
  onPruned?: (entry: PrunedEntry) => void;
}

/** An entry `--prune-expired` dropped, and where it was: a tenant's or a template's group, or a set. */
export interface PrunedEntry {
  from: { tenant: string; group: string } | { template: string; group: string } | { set: string };
  member: string;
  until: string;
}

type PruneSink = (member: string, until: string) => void;

/** The canonical text of one config file (sorted, deduplicated, comments kept); used by `fmt`. */
export function formatConfig(text: string, file: string, options: FormatOptions = {}): string {
  const source = readYaml(text, file);
  if (source.diagnostics.length > 0) throw new DiagnosticsError(source.diagnostics, `cannot format ${file}: it is not valid YAML`);
  const { doc } = source;
  const root = doc.contents;
  // An empty file, or one that is not a mapping, has no canonical form: validate explains what is wrong.
  if (!isMap(root)) return text;
  // Sorting can move an alias above its anchor, which YAML cannot resolve: such files are left to their author.
  if (hasAliases(doc)) {
    throw new GroupformError(
      'FMT_ALIAS',
      `${file} uses YAML anchors and aliases (&name / *name); fmt cannot reorder it without breaking them. Write the shared values out, or leave this file out of fmt.`,
    );
  }
  attachCommentsToItems(doc, text);
  markCommentColumns(doc, text);
  // Comments above the first key are the file's header: they stay on top whatever key comes first.
  const header = takeCommentBefore(root.items[0]);
  orderKeys(root, ORDER.root);
  const first = itemHead(root.items[0]);
  if (header !== undefined && first !== undefined) first.commentBefore = first.commentBefore ? `${header}\n${first.commentBefore}` : header;
  formatProvider(child(root, 'provider'));
  const defaults = child(root, 'defaults');
  if (isMap(defaults)) {
    orderKeys(defaults, ORDER.defaults);
    orderIfMap(child(defaults, 'safety'), ORDER.safety);
  }
  const prune = (from: PrunedEntry['from']): PruneSink | undefined =>
    options.pruneExpiredAt === undefined ? undefined : (member, until) => options.onPruned?.({ from, member, until });
  const sets = child(root, 'sets');
  if (isMap(sets)) {
    sortByKey(sets);
    for (const pair of sets.items) if (isSeq(pair.value)) sortMembers(pair.value, options.pruneExpiredAt, prune({ set: keyText(pair.key) ?? '' }));
  }
  // Templates and tenants hold groups alike; each has its own key order and its own list of names to sort.
  const holders = [
    { key: 'templates', order: ORDER.template, names: 'tenants', from: (template: string, group: string) => ({ template, group }) },
    { key: 'tenants', order: ORDER.tenant, names: 'use', from: (tenant: string, group: string) => ({ tenant, group }) },
  ] as const;
  for (const holder of holders) {
    const map = child(root, holder.key);
    if (!isMap(map)) continue;
    sortByKey(map);
    for (const pair of map.items) {
      if (!isMap(pair.value)) continue;
      const name = keyText(pair.key) ?? '';
      orderKeys(pair.value, holder.order);
      orderIfMap(child(pair.value, 'safety'), ORDER.safety);
      sortStrings(child(pair.value, holder.names));
      formatGroups(child(pair.value, 'groups'), options.pruneExpiredAt, (group) => prune(holder.from(name, group)));
    }
  }
  return restoreCommentColumns(doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false, commentString }));
}

function formatProvider(provider: unknown): void {
  if (!isMap(provider)) return;
  const type = child(provider, 'type');
  const kind = isScalar(type) ? type.value : undefined;
  orderKeys(provider, kind === 'scim' ? ORDER.scim : kind === 'descope' ? ORDER.descope : [...new Set([...ORDER.descope, ...ORDER.scim])]);
  orderIfMap(child(provider, 'http'), ORDER.http);
}

function formatGroups(groups: unknown, pruneAt: number | undefined, prune: (group: string) => PruneSink | undefined): void {
  if (!isMap(groups)) return;
  sortByKey(groups);
  for (const pair of groups.items) {
    if (!isMap(pair.value)) continue;
    orderKeys(pair.value, ORDER.group);
    const members = child(pair.value, 'members');
    if (isSeq(members)) sortMembers(members, pruneAt, prune(keyText(pair.key) ?? ''));
    // Exclusions never expire: an `until` there would be validate's to refuse, not fmt's to drop.
    const exclude = child(pair.value, 'exclude');
    if (isSeq(exclude)) sortMembers(exclude, undefined, undefined);
    sortStrings(child(pair.value, 'include'));
  }
}

/** A list of names (`use`, `include`, template `tenants`) in order, exact repeats dropped; other items stay last. */
function sortStrings(node: unknown): void {
  if (!isSeq(node)) return;
  const seen = new Set<string>();
  const names: { item: Scalar; name: string }[] = [];
  const other: unknown[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      other.push(item);
      continue;
    }
    if (seen.has(item.value)) continue;
    seen.add(item.value);
    names.push({ item, name: item.value });
  }
  names.sort((a, b) => compareStrings(a.name, b.name));
  node.items = [...names.map((n) => n.item), ...other];
  if (!node.flow) normaliseItemSpacing(node.items);
}

/**
 * In compareMembers order (as the loaded config has them), then `{set: NAME}` references by name (kept as
 * references, never inlined); exact repeats dropped; anything else stays last. With `pruneAt`, entries whose
 * `until` passed go first.
 */
function sortMembers(members: YAMLSeq, pruneAt: number | undefined, pruned: PruneSink | undefined): void {
  if (pruneAt !== undefined) pruneExpired(members, pruneAt, pruned ?? (() => {}));
  shortenLoginOnly(members);
  const seen = new Set<string>();
  const known: { item: unknown; member: MemberId }[] = [];
  const sets: { item: unknown; name: string }[] = [];
  const other: unknown[] = [];
  for (const item of members.items) {
    const member = memberOf(item);
    if (member === undefined) {
      const set = setOf(item);
      if (set === undefined) other.push(item);
      else if (!seen.has(`set\0${set}`)) {
        seen.add(`set\0${set}`);
        sets.push({ item, name: set });
      }
      continue;
    }
    // An entry with terms repeats only when the whole entry does: which of two `until`s stands is validate's call.
    const id = `${'loginId' in member ? `login\0${member.loginId}` : `user\0${member.userId}`}${isMap(item) ? `\0${String(item)}` : ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    known.push({ item, member });
  }
  known.sort((a, b) => compareMembers(a.member, b.member));
  sets.sort((a, b) => compareStrings(a.name, b.name));
  members.items = [...known.map((k) => k.item), ...sets.map((s) => s.item), ...other];
  if (!members.flow) normaliseItemSpacing(members.items);
}

function memberOf(item: unknown): MemberId | undefined {
  if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
    return { loginId: typeof item.value === 'string' ? item.value : (item.source ?? String(item.value)) };
  }
  if (!isMap(item) || !item.items.every((p) => MEMBER_KEYS.has(keyText(p.key) ?? ''))) return undefined;
  const loginId = scalarText(child(item, 'loginId'));
  const userId = scalarText(child(item, 'userId'));
  if ((loginId === undefined) === (userId === undefined)) return undefined;
  return loginId !== undefined ? { loginId } : { userId: userId! };
}

function setOf(item: unknown): string | undefined {
  if (!isMap(item) || item.items.length !== 1) return undefined;
  return scalarText(child(item, 'set'));
}

const MEMBER_KEYS = new Set(['loginId', 'userId', 'until', 'reason', 'ticket']);

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.source ?? node.value) : undefined;
}

/** Entries whose `until` passed at `now` go (`--prune-expired`), so the file says who really has access. */
function pruneExpired(members: YAMLSeq, now: number, pruned: PruneSink): void {
  members.items = members.items.filter((item) => {
    if (!isMap(item)) return true;
    const until = scalarText(child(item, 'until'));
    if (until === undefined || !isExpired(until, now)) return true;
    const member = memberOf(item);
    pruned(member === undefined ? String(item) : 'loginId' in member ? member.loginId : `user id ${member.userId}`, until);
    return false;
  });
}

/** The long form only where it carries more than a login id: `{loginId: x}` is written `x`. */
function shortenLoginOnly(members: YAMLSeq): void {
  members.items = members.items.map((item) => {
    if (!isMap(item) || item.items.length !== 1) return item;
    const loginId = child(item, 'loginId');
    if (!isScalar(loginId) || typeof loginId.value !== 'string') return item;
    const short = new Scalar(loginId.value);
    if (item.commentBefore !== undefined) short.commentBefore = item.commentBefore;
    if (item.comment !== undefined) short.comment = item.comment;
    return short;
  });
}

function sortByKey(map: YAMLMap): void {
  reorder(map, (a, b) => compareStrings(keyText(a.key) ?? '', keyText(b.key) ?? ''));
}

/** Known keys in `order`, then unknown ones as they were (validate reports them). */
function orderKeys(map: YAMLMap, order: readonly string[]): void {
  const rank = (pair: Pair): number => {
    const i = order.indexOf(keyText(pair.key) ?? '');
    return i < 0 ? order.length : i;
  };
  reorder(map, (a, b) => rank(a) - rank(b));
}

function orderIfMap(node: unknown, order: readonly string[]): void {
  if (isMap(node)) orderKeys(node, order);
}

function reorder(map: YAMLMap, compare: (a: Pair, b: Pair) => number): void {
  const before = [...map.items];
  map.items = [...(map.items as Pair[])].sort(compare);
  if (!map.flow && map.items.some((item, i) => item !== before[i])) normaliseItemSpacing(map.items);
}

function child(map: YAMLMap, key: string): unknown {
  return (map.items as Pair[]).find((p) => keyText(p.key) === key)?.value;
}

function takeCommentBefore(item: unknown): string | undefined {
  const head = itemHead(item);
  const comment = head?.commentBefore ?? undefined;
  if (head !== undefined) delete head.commentBefore;
  return comment === null ? undefined : comment;
}

function hasAliases(doc: Parameters<typeof visit>[0]): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}
