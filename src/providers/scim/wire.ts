import { MalformedResponseError, type ProviderErrorDetail } from '../../http/index.js';
import type { ServiceProviderFacts } from './profiles.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface WireMember {
  value: string;
  display?: string;
}

export interface WireGroup {
  id: string;
  displayName: string;
  externalId?: string;
  /** undefined: the attribute was absent (scimmy drops it when a group is emptied). */
  members?: WireMember[];
  /** The group's version for If-Match (RFC 7644 §3.14: the ETag header, or `meta.version`), where shown. */
  version?: string;
}

export interface WireUser {
  id: string;
  userName?: string;
  displayName?: string;
}

export interface WireListPage {
  resources: unknown[];
  totalResults?: number;
  nextCursor?: string;
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Some servers send numbers as strings (docs/providers.md); anything else is treated as absent. */
export function parseLenientInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Attribute names are case-insensitive in SCIM (RFC 7643 §2.1): `Resources`, `resources`, `totalresults`... */
export function readField(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function readListPage(body: unknown, what: string): WireListPage {
  if (!isObject(body)) throw new MalformedResponseError(`${what}: expected a SCIM ListResponse object`);
  const resources = readField(body, 'Resources');
  if (resources !== undefined && resources !== null && !Array.isArray(resources)) {
    throw new MalformedResponseError(`${what}: Resources is not a list`);
  }
  const totalResults = parseLenientInteger(readField(body, 'totalResults'));
  const nextCursor = readString(readField(body, 'nextCursor'));
  return {
    resources: (resources as unknown[] | null | undefined) ?? [],
    ...(totalResults === undefined ? {} : { totalResults }),
    ...(nextCursor === undefined || nextCursor === '' ? {} : { nextCursor }),
  };
}

function readMembers(raw: unknown, what: string): WireMember[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new MalformedResponseError(`${what}: members is not a list`);
  return raw.map((m): WireMember => {
    const value = isObject(m) ? readField(m, 'value') : undefined;
    if (typeof value !== 'string' || value === '') throw new MalformedResponseError(`${what}: a member has no value`);
    const display = isObject(m) ? readString(readField(m, 'display')) : undefined;
    return { value, ...(display === undefined ? {} : { display }) };
  });
}

export function readGroup(raw: unknown, what: string): WireGroup {
  if (!isObject(raw)) throw new MalformedResponseError(`${what}: a group is not an object`);
  const id = readField(raw, 'id');
  const displayName = readField(raw, 'displayName');
  if (typeof id !== 'string' || id === '') throw new MalformedResponseError(`${what}: a group has no id`);
  if (typeof displayName !== 'string') throw new MalformedResponseError(`${what}: group ${id} has no displayName`);
  const externalId = readString(readField(raw, 'externalId'));
  const members = readMembers(readField(raw, 'members'), `${what}: group ${id}`);
  const meta = readField(raw, 'meta');
  const version = isObject(meta) ? readString(readField(meta, 'version')) : undefined;
  return {
    id,
    displayName,
    ...(externalId === undefined || externalId === '' ? {} : { externalId }),
    ...(members === undefined ? {} : { members }),
    ...(version === undefined || version === '' ? {} : { version }),
  };
}

/** The version an answer's ETag header gives wins over the body's `meta.version` (RFC 7644 §3.14). */
export function withETag(group: WireGroup, headers: Record<string, string>): WireGroup {
  const etag = headers.etag?.trim();
  return etag === undefined || etag === '' ? group : { ...group, version: etag };
}

export function readUser(raw: unknown, what: string): WireUser {
  if (!isObject(raw)) throw new MalformedResponseError(`${what}: a user is not an object`);
  const id = readField(raw, 'id');
  if (typeof id !== 'string' || id === '') throw new MalformedResponseError(`${what}: a user has no id`);
  const userName = readString(readField(raw, 'userName'));
  const displayName = readString(readField(raw, 'displayName'));
  return { id, ...(userName === undefined ? {} : { userName }), ...(displayName === undefined ? {} : { displayName }) };
}

/** RFC 7644 §3.4.2.2: a filter's string value is a JSON string, so `"` and `\` are escaped as in JSON. */
export function eqFilter(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}

export function removeMemberPath(userId: string): string {
  return `members[value eq ${JSON.stringify(userId)}]`;
}

export function patchBody(operations: readonly PatchOperation[]): Record<string, unknown> {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/**
 * RFC 7644 §3.12 `{schemas, status, scimType?, detail}`; AWS adds `schema` and sends `status` as a string;
 * Huawei sends `schema` as a string and `status` as an integer; Huawei's gateway answers unknown routes with
 * `{error_code, error_msg}`. The HTTP status classifies; this only names the provider's words.
 */
export function describeScimError(_status: number, body: unknown): ProviderErrorDetail {
  // Not clipped here: the client redacts secrets first, then clips (a secret cut in half would escape redaction).
  if (!isObject(body)) return typeof body === 'string' && body.trim() !== '' ? { message: body } : {};
  const code = readString(readField(body, 'scimType')) ?? readString(readField(body, 'error_code')) ?? readString(readField(body, 'errorCode'));
  const message =
    readString(readField(body, 'detail')) ??
    readString(readField(body, 'error_msg')) ??
    readString(readField(body, 'errorDescription')) ??
    readString(readField(body, 'message'));
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

/** `{feature: {supported}}`, a boolean or its string. */
function readSupported(body: Record<string, unknown>, feature: string): boolean | undefined {
  const section = readField(body, feature);
  const supported = isObject(section) ? readField(section, 'supported') : undefined;
  return typeof supported === 'boolean' ? supported : supported === 'true' ? true : supported === 'false' ? false : undefined;
}

export function readServiceProviderConfig(body: unknown): ServiceProviderFacts {
  if (!isObject(body)) return {};
  const filter = readField(body, 'filter');
  const maxResults = isObject(filter) ? parseLenientInteger(readField(filter, 'maxResults')) : undefined;
  const patchSupported = readSupported(body, 'patch');
  const etagSupported = readSupported(body, 'etag');
  return {
    ...(patchSupported === undefined ? {} : { patchSupported }),
    ...(etagSupported === undefined ? {} : { etagSupported }),
    ...(maxResults === undefined || maxResults === 0 ? {} : { filterMaxResults: maxResults }),
  };
}
