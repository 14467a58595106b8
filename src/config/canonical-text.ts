import { compareStrings } from '../model/normalize.js';
import { KEY_ORDER } from './key-order.js';
import { resolvePlain } from './scalar.js';
import { compareMembers, type MemberId } from './member-order.js';

/**
 * The canonical text of a config (what `fmt` writes), rendered straight from its data (values as written, not
 * interpolated) for the common shape: block mappings, plain scalars and whole numbers, members as block lists
 * (`{userId: X}` items in flow), `previously` as a flow list, `{}` and `[]` for empty ones, no comments but an
 * optional header and notes above tenants. Undefined for anything else: the caller then goes through yaml
 * (formatConfig), which handles every file. At 1,000,000 members this takes a fraction of a second where yaml's
 * Document takes most of a minute; test/unit/config/canonical-text.test.ts checks that formatConfig leaves what
 * this renders unchanged.
 */
export function renderCanonicalText(data: unknown, comments: CanonicalComments = {}): string | undefined {
  try {
    const out: string[] = [];
    if (comments.header !== undefined && comments.header.length > 0) out.push(...comments.header.map(commentLine(0)), '');
    renderRoot(data, out, comments);
    return `${out.join('\n')}\n`;
  } catch (error) {
    if (error instanceof NotCanonicalShape) return undefined;
    throw error;
  }
}

export interface CanonicalComments {
  /** Comment lines at the top of the file, followed by a blank line. */
  header?: readonly string[];
  /** Comment lines above a tenant's key. */
  tenants?: ReadonlyMap<string, readonly string[]>;
}

class NotCanonicalShape extends Error {}

function bail(): never {
  throw new NotCanonicalShape();
}

const commentLine = (indent: number) => (text: string) => `${' '.repeat(indent)}#${text === '' ? '' : ` ${text}`}`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Plain scalars yaml writes exactly as given: no quoting, no escapes, no indicator where it matters. In a flow
// collection `:`, `{` and `}` would be indicators too.
const BLOCK_PLAIN = /^[A-Za-z0-9_$@.][A-Za-z0-9_$@.+\-/{}:= ]*$/;
const FLOW_PLAIN = /^[A-Za-z0-9_$@.][A-Za-z0-9_$@.+\-/= ]*$/;

function plain(text: string, flow: boolean): string {
  if (!(flow ? FLOW_PLAIN : BLOCK_PLAIN).test(text) || text.endsWith(' ') || text.endsWith(':') || text.includes(': ') || text.length > 1000) bail();
  if (resolvePlain(text) !== text) bail();
  return text;
}

function scalar(value: unknown, flow = false): string {
  if (typeof value === 'string') return plain(value, flow);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return bail();
}

/** The entries of `map` in `order`; a key outside it is not this renderer's to place. */
function ordered(map: Record<string, unknown>, order: readonly string[]): [string, unknown][] {
  const keys = Object.keys(map);
  if (keys.some((k) => !order.includes(k))) bail();
  return order.filter((k) => Object.hasOwn(map, k)).map((k) => [k, map[k]]);
}

function sortedEntries(map: Record<string, unknown>): [string, unknown][] {
  return Object.keys(map)
    .sort(compareStrings)
    .map((k) => [k, map[k]]);
}

/** A mapping of scalars (and the nested mappings `nested` names, each with its key order). */
function renderMap(map: unknown, order: readonly string[], indent: number, out: string[], nested: Record<string, readonly string[]> = {}): void {
  if (!isRecord(map)) bail();
  const pad = ' '.repeat(indent);
  for (const [key, value] of ordered(map, order)) {
    const inner = nested[key];
    if (inner === undefined) {
      out.push(`${pad}${key}: ${scalar(value)}`);
      continue;
    }
    if (!isRecord(value)) bail();
    if (Object.keys(value).length === 0) out.push(`${pad}${key}: {}`);
    else {
      out.push(`${pad}${key}:`);
      renderMap(value, inner, indent + 2, out);
    }
  }
}

function renderRoot(data: unknown, out: string[], comments: CanonicalComments): void {
  if (!isRecord(data)) bail();
  for (const [key, value] of ordered(data, KEY_ORDER.root)) {
    if (key === 'version') {
      out.push(`version: ${scalar(value)}`);
      continue;
    }
    if (!isRecord(value) || Object.keys(value).length === 0) bail();
    out.push(`${key}:`);
    if (key === 'provider') {
      const order = value.type === 'descope' ? KEY_ORDER.descope : value.type === 'scim' ? KEY_ORDER.scim : bail();
      renderMap(value, order, 2, out, { http: KEY_ORDER.http });
    } else if (key === 'defaults') {
      renderMap(value, KEY_ORDER.defaults, 2, out, { safety: KEY_ORDER.safety });
    } else if (key !== 'tenants') {
      // sets and templates: formatConfig's to order.
      bail();
    } else {
      for (const [tenantId, tenant] of sortedEntries(value)) renderTenant(tenantId, tenant, out, comments.tenants?.get(tenantId));
    }
  }
}

function renderTenant(tenantId: string, tenant: unknown, out: string[], comment: readonly string[] | undefined): void {
  if (!isRecord(tenant)) bail();
  if (comment !== undefined) out.push(...comment.map(commentLine(2)));
  out.push(`  ${plain(tenantId, false)}:`);
  for (const [key, value] of ordered(tenant, KEY_ORDER.tenant)) {
    if (key === 'safety') {
      out.push('    safety:');
      renderMap(value, KEY_ORDER.safety, 6, out);
    } else if (key === 'groups') {
      if (!isRecord(value)) bail();
      const groups = sortedEntries(value);
      if (groups.length === 0) out.push('    groups: {}');
      else {
        out.push('    groups:');
        for (const [name, group] of groups) renderGroup(name, group, out);
      }
    } else {
      out.push(`    ${key}: ${scalar(value)}`);
    }
  }
}

function renderGroup(name: string, group: unknown, out: string[]): void {
  if (!isRecord(group)) bail();
  const key = `      ${plain(name, false)}:`;
  const entries = ordered(group, KEY_ORDER.group);
  if (entries.length === 0) {
    out.push(`${key} {}`);
    return;
  }
  out.push(key);
  for (const [field, value] of entries) {
    if (field === 'previously') {
      if (!Array.isArray(value)) bail();
      out.push(`        previously: [${value.map((v) => scalar(v, true)).join(', ')}]`);
    } else if (field === 'members') {
      renderMembers(value, out);
    } else {
      out.push(`        ${field}: ${scalar(value)}`);
    }
  }
}

/** In compareMembers order, exact repeats once: as formatConfig sorts them. */
function renderMembers(value: unknown, out: string[]): void {
  if (!Array.isArray(value)) bail();
  if (value.length === 0) {
    out.push('        members: []');
    return;
  }
  const members: MemberId[] = [];
  const seen = new Set<string>();
  for (const item of value) {
    let member: MemberId;
    if (typeof item === 'string') member = { loginId: item };
    else if (isRecord(item) && Object.keys(item).length === 1 && typeof item.userId === 'string') member = { userId: item.userId };
    else bail();
    const id = 'loginId' in member ? `login\0${member.loginId}` : `user\0${member.userId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    members.push(member);
  }
  let sorted = true;
  for (let i = 1; i < members.length && sorted; i++) sorted = compareMembers(members[i - 1]!, members[i]!) <= 0;
  if (!sorted) members.sort(compareMembers);
  out.push('        members:');
  for (const m of members) out.push('loginId' in m ? `          - ${plain(m.loginId, false)}` : `          - {userId: ${plain(m.userId, true)}}`);
}
