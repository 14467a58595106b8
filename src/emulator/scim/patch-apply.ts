import { scimPatch, ScimError, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { compileFilter, FilterError, parseScimFilter } from './filter.js';
import type { ScimProfile } from './profiles.js';
import { GROUP_SCHEMA, PATCH_SCHEMA } from './resources.js';
import type { EmulatorGroup } from '../records.js';

/** A refusal with its HTTP status and RFC 7644 scimType; routes render it in the profile's error shape. */
export class ScimRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: string,
  ) {
    super(message);
  }
}

export interface GroupDraft {
  displayName: string;
  externalId?: string;
  members: string[];
}

type Attribute = 'displayName' | 'externalId' | 'members';
type OpName = 'add' | 'remove' | 'replace';

interface RawOp {
  op: OpName;
  path?: string;
  value?: unknown;
}

interface PatchDoc extends ScimResource {
  displayName?: unknown;
  externalId?: unknown;
  members?: { value: string }[];
}

const ATTRIBUTES: Record<string, Attribute> = { displayname: 'displayName', externalid: 'externalId', members: 'members' };
const PATH = /^([A-Za-z][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w$-]*))?$/s;

function bad(message: string, scimType: string): ScimRequestError {
  return new ScimRequestError(400, message, scimType);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readOperations(body: unknown): RawOp[] {
  if (!isObject(body)) throw bad('the PATCH body must be a JSON object', 'invalidSyntax');
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA)) throw bad(`schemas must contain ${PATCH_SCHEMA}`, 'invalidSyntax');
  const operations = body.Operations;
  if (!Array.isArray(operations) || operations.length === 0) throw bad('Operations must be a non-empty array', 'invalidSyntax');
  return operations.map((raw: unknown): RawOp => {
    if (!isObject(raw) || typeof raw.op !== 'string') throw bad('every operation needs an op', 'invalidSyntax');
    const op = raw.op.toLowerCase();
    if (op !== 'add' && op !== 'remove' && op !== 'replace') throw bad(`unknown op ${raw.op}`, 'invalidSyntax');
    if (raw.path !== undefined && typeof raw.path !== 'string') throw bad('path must be a string', 'invalidPath');
    return { op, ...(raw.path === undefined ? {} : { path: raw.path.trim() }), ...('value' in raw ? { value: raw.value } : {}) };
  });
}

function parsePath(path: string): { attribute: Attribute; filter?: string; sub?: string } {
  // A full URN path (urn:ietf:params:scim:schemas:core:2.0:Group:displayName) names the core attribute.
  const bare = /^urn:/i.test(path) && !path.includes('[') ? path.slice(path.lastIndexOf(':') + 1) : path;
  const match = PATH.exec(bare);
  const attribute = match?.[1] === undefined ? undefined : ATTRIBUTES[match[1].toLowerCase()];
  if (match === null || attribute === undefined) {
    throw bad(`cannot change ${path}: only displayName, members and externalId can be changed`, 'invalidPath');
  }
  return { attribute, ...(match[2] === undefined ? {} : { filter: match[2] }), ...(match[3] === undefined ? {} : { sub: match[3] }) };
}

function memberItems(value: unknown): { value: string }[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (!isObject(item) || typeof item.value !== 'string' || item.value === '') throw bad('every member needs a string value', 'invalidValue');
    // Only `value` is kept: scim-patch matches and de-duplicates whole objects, so a `display` or `type`
    // would make the same member look different.
    return { value: item.value };
  });
}

interface Translation {
  ops: ScimPatchOperation[];
  membershipChanges: number;
}

function translateMembers(profile: ScimProfile, op: RawOp, doc: PatchDoc, filter: string | undefined): Translation {
  const current = doc.members ?? [];
  if (filter !== undefined) {
    if (op.op !== 'remove') throw bad('a members filter is only supported on remove', 'invalidPath');
    if (profile.memberRemoval === 'value') throw bad('remove members with path "members" and a value list of the members', 'invalidPath');
    // scim-patch evaluates the filter with scim2-parse-filter, which mis-decodes backslash escapes; the
    // matching members are found here and removed by value instead.
    let test: (resource: unknown) => boolean;
    try {
      test = compileFilter(parseScimFilter(filter), 'exact');
    } catch (error) {
      throw bad((error as FilterError).message, 'invalidFilter');
    }
    const matched = current.filter((m) => test({ value: m.value, type: 'User' }));
    return {
      ops: matched.length === 0 ? [] : [{ op: 'remove', path: 'members', value: matched.map((m) => ({ value: m.value })) }],
      membershipChanges: Math.max(1, matched.length),
    };
  }
  if (op.op === 'remove' && op.value === undefined) {
    if (profile.refuseRemoveAllOrReplaceMembers) throw bad('removing all members in one request is not supported', 'invalidValue');
    return { ops: [{ op: 'remove', path: 'members' }], membershipChanges: current.length };
  }
  if (op.op === 'replace' && profile.refuseRemoveAllOrReplaceMembers) throw bad('replacing members is not supported', 'invalidValue');
  if (op.op === 'remove' && profile.memberRemoval === 'filter') throw bad('remove members with a path of the form members[value eq "id"]', 'invalidPath');
  const items = memberItems(op.value);
  const changes = op.op === 'replace' ? items.length + current.length : items.length;
  return { ops: [{ op: op.op, path: 'members', value: items } as ScimPatchOperation], membershipChanges: changes };
}

function translate(profile: ScimProfile, op: RawOp, doc: PatchDoc): Translation {
  if (op.path === undefined || op.path === '') {
    if (op.op === 'remove') throw bad('remove needs a path', 'noTarget');
    if (!isObject(op.value)) throw bad('an operation without a path needs an object value', 'invalidValue');
    if (profile.pathlessPatch === 'single-attribute' && Object.keys(op.value).length !== 1) {
      throw bad('an operation without a path may change exactly one attribute; give each its own path', 'invalidValue');
    }
    const parts = Object.entries(op.value).map(([path, value]) => translate(profile, { op: op.op, path, value }, doc));
    return { ops: parts.flatMap((p) => p.ops), membershipChanges: parts.reduce((n, p) => n + p.membershipChanges, 0) };
  }
  const { attribute, filter, sub } = parsePath(op.path);
  if (sub !== undefined || (filter !== undefined && attribute !== 'members')) throw bad(`unsupported path ${op.path}`, 'invalidPath');
  if (attribute === 'members') return translateMembers(profile, op, doc, filter);
  if (op.op === 'remove') {
    if (attribute === 'displayName') throw bad('displayName is required', 'mutability');
    return { ops: [{ op: 'remove', path: attribute }], membershipChanges: 0 };
  }
  if (typeof op.value !== 'string' || (attribute === 'displayName' && op.value.trim() === '')) {
    throw bad(`${attribute} must be a non-empty string`, 'invalidValue');
  }
  return { ops: [{ op: op.op, path: attribute, value: op.value }], membershipChanges: 0 };
}

/** Applies a PatchOp atomically: all operations or none. Member existence is the caller's check. */
export function applyGroupPatch(profile: ScimProfile, group: EmulatorGroup, body: unknown): GroupDraft {
  const operations = readOperations(body);
  const now = new Date();
  let doc: PatchDoc = {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    displayName: group.display,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    members: group.members.map((value) => ({ value })),
    meta: { created: now, lastModified: now },
  };
  let membershipChanges = 0;
  for (const op of operations) {
    const translation = translate(profile, op, doc);
    membershipChanges += translation.membershipChanges;
    if (translation.ops.length === 0) continue;
    try {
      doc = scimPatch(doc, translation.ops, { mutateDocument: true });
    } catch (error) {
      if (error instanceof ScimError) throw bad(error.message, error.scimCode ?? 'invalidValue');
      throw error;
    }
    // scim-patch drops the attribute when the last member goes; the next remove-by-filter would then fail
    // with "Impossible to search on a mono valued attribute".
    if (!Array.isArray(doc.members)) doc.members = [];
  }
  const max = profile.maxPatchMembershipChanges;
  if (max !== undefined && membershipChanges > max) {
    throw bad(`A maximum of ${max} membership changes are allowed in a single request; this one has ${membershipChanges}`, 'tooMany');
  }
  if (typeof doc.displayName !== 'string' || doc.displayName.trim() === '') throw bad('displayName must be a non-empty string', 'invalidValue');
  return {
    displayName: doc.displayName,
    ...(typeof doc.externalId === 'string' ? { externalId: doc.externalId } : {}),
    members: [...new Set((doc.members ?? []).map((m) => m.value))],
  };
}
