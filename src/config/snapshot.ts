import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { DEFAULT_SSO_ID } from '../model/sso.js';
import { findTooDeep, MAX_YAML_DEPTH } from './depth.js';
import { OWN_SCHEMA_OPTIONS } from './schema-options.js';
import { LineCounter, parse as parseYaml, parseDocument } from 'yaml';
import snapshotSchema from '../../schemas/snapshot.schema.json' with { type: 'json' };
import { type Diagnostic, DiagnosticsError } from '../errors.js';
import type { LiveGroup, LiveMember, LiveState, LiveTenant, LiveUser } from '../model/types.js';

export interface SnapshotUser {
  userId: string;
  loginId?: string;
  loginIds?: string[];
  display?: string;
  email?: string;
}

export interface SnapshotGroup {
  id: string;
  display: string;
  externalId?: string;
  /** User ids. */
  members?: string[];
  source?: string;
  ssoId?: string;
}

export interface SnapshotTenant {
  scimKey?: string;
  /** Descope: further SCIM keys, each for one SSO configuration of the tenant. */
  scimKeys?: { key: string; ssoId: string }[];
  users?: SnapshotUser[];
  groups?: SnapshotGroup[];
}

/** The emulator seed and `--live-state` shape (schemas/snapshot.schema.json). */
export interface Snapshot {
  projectId?: string;
  managementKey?: string;
  tenants: Record<string, SnapshotTenant>;
}

// Compiled on first use, so commands that read no snapshot do not pay for it at startup.
// Whether a snapshot passes needs no list of every error: that validator is the quicker one to compile and run.
let snapshotValidator: ValidateFunction<Snapshot> | undefined;
let quickSnapshotValidator: ValidateFunction<Snapshot> | undefined;
function validateSnapshot(data: unknown): data is Snapshot {
  snapshotValidator ??= new Ajv2020({ ...OWN_SCHEMA_OPTIONS, allErrors: true, strict: true }).compile<Snapshot>(snapshotSchema);
  return snapshotValidator(data);
}

function matchesSnapshotSchema(data: unknown): data is Snapshot {
  quickSnapshotValidator ??= new Ajv2020({ ...OWN_SCHEMA_OPTIONS, strict: true }).compile<Snapshot>(snapshotSchema);
  return quickSnapshotValidator(data);
}

/**
 * Parses a snapshot from YAML or JSON text; throws DiagnosticsError naming file:line:column. Valid input takes a
 * fast path (JSON.parse, or plain YAML parsing, then the schema): the position-keeping Document API is several
 * times slower, which matters for a 100,000-group snapshot, so it runs only to explain a failure.
 */
export function parseSnapshot(text: string, file: string): Snapshot {
  // JSON.parse does not recurse, and the schema is only a few levels deep: valid JSON needs no depth scan, which
  // is as costly as the parse on a big snapshot. YAML is parsed recursively, so it is scanned first.
  if (JSON_TEXT.test(text)) {
    const parsed = parseJson(text);
    if (parsed !== undefined && matchesSnapshotSchema(parsed)) return parsed;
  }
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    const before = text.slice(0, tooDeep);
    const place = { line: before.split('\n').length, column: tooDeep - before.lastIndexOf('\n') };
    const message = `nested more than ${MAX_YAML_DEPTH} levels deep`;
    throw new DiagnosticsError([{ severity: 'error', code: 'SNAPSHOT_SYNTAX', message, file, ...place }], `cannot read ${file}`);
  }
  const fast = parseWithoutPositions(text);
  if (fast !== undefined && matchesSnapshotSchema(fast)) return fast;
  return explainInvalidSnapshot(text, file);
}

const JSON_TEXT = /^\s*\{/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseWithoutPositions(text: string): unknown {
  try {
    return JSON_TEXT.test(text) ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  } catch {
    return undefined;
  }
}

function explainInvalidSnapshot(text: string, file: string): Snapshot {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): Pick<Diagnostic, 'line' | 'column'> => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const syntax = doc.errors.map(
    (e): Diagnostic => ({ severity: 'error', code: 'SNAPSHOT_SYNTAX', message: e.message.split('\n')[0] ?? e.message, file, ...at(e.pos[0]) }),
  );
  if (syntax.length > 0) throw new DiagnosticsError(syntax, `cannot read ${file}`);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // yaml refuses alias bombs ("Excessive alias count") and unresolvable aliases here: input errors, not bugs.
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    throw new DiagnosticsError([{ severity: 'error', code: 'SNAPSHOT_SYNTAX', message, file, line: 1, column: 1 }], `cannot read ${file}`);
  }
  if (validateSnapshot(data)) return data;
  const problems = (snapshotValidator?.errors ?? []).map((e): Diagnostic => {
    const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return {
      severity: 'error',
      code: 'SNAPSHOT_SCHEMA',
      message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
      file,
      ...at(node?.range?.[0]),
    };
  });
  throw new DiagnosticsError(problems, `${file} is not a valid snapshot`);
}

export function snapshotUserLoginIds(user: SnapshotUser): string[] {
  return [...(user.loginId === undefined ? [] : [user.loginId]), ...(user.loginIds ?? [])];
}

/** `ssoId`: only that SSO configuration's groups (absent in the snapshot: the default one), as Descope reads them. */
export function snapshotTenantToLive(tenantId: string, tenant: SnapshotTenant, ssoId?: string): LiveTenant {
  const users: LiveUser[] = (tenant.users ?? []).map((u) => ({
    userId: u.userId,
    loginIds: snapshotUserLoginIds(u),
    ...(u.display === undefined ? {} : { display: u.display }),
  }));
  // One member object per user, shared by every group that holds the user (live members are never mutated):
  // a snapshot of a million memberships names far fewer users.
  const memberOf = new Map<string, LiveMember>();
  for (const u of users) memberOf.set(u.userId, u.loginIds[0] === undefined ? { userId: u.userId } : { userId: u.userId, loginId: u.loginIds[0] });
  const toMember = (userId: string): LiveMember => {
    let member = memberOf.get(userId);
    if (member === undefined) memberOf.set(userId, (member = { userId }));
    return member;
  };
  const inScope = (g: SnapshotGroup) => ssoId === undefined || (g.ssoId ?? DEFAULT_SSO_ID) === ssoId;
  const groups: LiveGroup[] = (tenant.groups ?? []).filter(inScope).map((g) => ({
    id: g.id,
    name: g.display,
    ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
    members: (g.members ?? []).map(toMember),
    ...(g.source === undefined ? {} : { source: g.source }),
    ...(g.ssoId === undefined ? {} : { ssoId: g.ssoId }),
  }));
  return { tenantId, groups, users };
}

export function snapshotToLive(snapshot: Snapshot): LiveState {
  return {
    tenants: Object.entries(snapshot.tenants).map(([tenantId, tenant]) => snapshotTenantToLive(tenantId, tenant)),
  };
}

