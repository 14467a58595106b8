import { type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { isDotSegment, withoutUserinfo } from '../http/index.js';
import { groupNameKey, loginIdKey } from '../model/normalize.js';
import type { SourceRef } from '../model/types.js';
import { rawMembersInOrder } from './member-order.js';
import { checkReservedGroupNames } from './reserved-names.js';
import { checkTokenSelectedTenants } from './shared-tokens.js';
import { type ConfigTree, entryPlaces, fileStart, itemPlaces, keyAt, keyOf } from './tree.js';

/**
 * Checks across a config set that no schema can express: one provider, each tenant once, each group name
 * (and old name) once per tenant or template, each member once per group or set. Works on data that may also have schema errors,
 * so every problem is reported in one run. Each message names both places.
 */
export function crossCheck(trees: readonly ConfigTree[], allParsed: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...checkProvider(trees, allParsed));
  const tenantsSeen = new Map<string, SourceRef>();
  for (const tree of trees) {
    // A file may hold only sets or templates: no early exit on a missing tenants map.
    const tenants = field(tree.data, 'tenants');
    const places = isRecord(tenants) ? entryPlaces(tree, tenants) : new Map();
    for (const [tenantId, tenant] of Object.entries(isRecord(tenants) ? tenants : {})) {
      const at = keyOf(tree, places.get(tenantId));
      const first = tenantsSeen.get(tenantId);
      if (first === undefined) tenantsSeen.set(tenantId, at);
      else diagnostics.push(errorAt(at, 'TENANT_DUPLICATE', `tenant "${tenantId}" is also declared at ${formatPlace(first)}`));
      if (isDotSegment(tenantId)) {
        diagnostics.push(
          errorAt(at, 'UNSAFE_TENANT_ID', `tenant id "${tenantId}" cannot be used: in a URL path it is a dot segment, which resolves to a path outside the tenant`),
        );
      }
      diagnostics.push(...checkGroups(tree, field(tenant, 'groups')));
    }
    const sets = field(tree.data, 'sets');
    if (isRecord(sets)) for (const entries of Object.values(sets)) diagnostics.push(...checkMembers(tree, entries));
    const templates = field(tree.data, 'templates');
    if (isRecord(templates)) for (const template of Object.values(templates)) diagnostics.push(...checkGroups(tree, field(template, 'groups')));
  }
  return diagnostics;
}

function checkProvider(trees: readonly ConfigTree[], allParsed: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const holders = trees.filter((t) => field(t.data, 'provider') !== undefined);
  const first = holders[0];
  if (first === undefined) {
    const file = trees[0]?.file;
    if (allParsed && file !== undefined) {
      const names = trees.map((t) => t.file).join(', ');
      diagnostics.push(errorAt({ file, line: 1, column: 1 }, 'PROVIDER_MISSING', `no file of the config set declares provider; exactly one must (read: ${names})`));
    }
  } else {
    for (const other of holders.slice(1)) {
      diagnostics.push(
        errorAt(keyAt(other, ['provider']), 'PROVIDER_DUPLICATE', `provider is also declared at ${formatPlace(keyAt(first, ['provider']))}; exactly one file of a config set holds it`),
      );
    }
  }
  for (const tree of trees) {
    if (field(tree.data, 'defaults') === undefined || field(tree.data, 'provider') !== undefined) continue;
    const where = first === undefined ? 'the file that holds provider' : `${first.file}, which holds provider`;
    diagnostics.push(errorAt(keyAt(tree, ['defaults']), 'DEFAULTS_MISPLACED', `defaults belong in ${where}`));
  }
  const type = field(field(first?.data, 'provider'), 'type');
  if (first !== undefined && (type === 'descope' || type === 'scim')) diagnostics.push(...checkTenantKeys(trees, type));
  if (first !== undefined && type === 'scim') diagnostics.push(...checkScimBaseUrl(first), ...checkTokenSelectedTenants(trees, first));
  if (type === 'scim') diagnostics.push(...checkReservedGroupNames(trees, field(field(first?.data, 'provider'), 'profile')));
  return diagnostics;
}

// A fragment is never sent to a server, so it could only be dropped silently; a query string is sent.
function checkScimBaseUrl(tree: ConfigTree): Diagnostic[] {
  const baseUrl = field(field(tree.data, 'provider'), 'baseUrl');
  if (typeof baseUrl !== 'string' || !baseUrl.includes('#')) return [];
  return [
    errorAt(
      keyAt(tree, ['provider', 'baseUrl']),
      'SCIM_BASE_URL',
      `the scim baseUrl ${JSON.stringify(withoutUserinfo(baseUrl.slice(0, baseUrl.indexOf('#'))) + '#…')} has a fragment, which is never sent to a server; remove it (a query string is sent with every request)`,
    ),
  ];
}

// A descope tenant's write key is `scimKey`; a scim tenant's is `token`. The other one would be silently unused.
function checkTenantKeys(trees: readonly ConfigTree[], type: 'descope' | 'scim'): Diagnostic[] {
  const wrong = type === 'descope' ? 'token' : 'scimKey';
  const right = type === 'descope' ? 'scimKey' : 'token';
  const diagnostics: Diagnostic[] = [];
  for (const tree of trees) {
    const tenants = field(tree.data, 'tenants');
    if (!isRecord(tenants)) continue;
    for (const [tenantId, tenant] of Object.entries(tenants)) {
      if (field(tenant, wrong) !== undefined) {
        diagnostics.push(errorAt(keyAt(tree, ['tenants', tenantId, wrong]), 'KEY_FOR_OTHER_PROVIDER', `${wrong} is not used with provider type ${type}; a ${type} tenant's credential is ${right}`));
      }
      if (type === 'scim' && field(tenant, 'ssoId') !== undefined) {
        diagnostics.push(errorAt(keyAt(tree, ['tenants', tenantId, 'ssoId']), 'KEY_FOR_OTHER_PROVIDER', 'ssoId (a Descope SSO configuration) is not used with provider type scim'));
      }
    }
  }
  return diagnostics;
}

interface Claim {
  at: SourceRef;
  what: string;
}

function checkGroups(tree: ConfigTree, groups: unknown): Diagnostic[] {
  if (!isRecord(groups)) return [];
  const diagnostics: Diagnostic[] = [];
  const claims = new Map<string, Claim>();
  const claim = (name: string, at: SourceRef, what: string): void => {
    const key = groupNameKey(name);
    const earlier = claims.get(key);
    if (earlier === undefined) {
      claims.set(key, { at, what });
      return;
    }
    diagnostics.push(
      errorAt(at, 'GROUP_DUPLICATE', `${what} names the same group as ${earlier.what} at ${formatPlace(earlier.at)} (group names are compared case-insensitively)`),
    );
  };
  const places = entryPlaces(tree, groups);
  for (const [name, group] of Object.entries(groups)) {
    claim(name, keyOf(tree, places.get(name)), `group "${name}"`);
    const previously = field(group, 'previously');
    if (Array.isArray(previously)) {
      const refs = itemPlaces(tree, previously);
      previously.forEach((old, i) => {
        if (typeof old === 'string') claim(old, refs[i] ?? fileStart(tree), `"${old}" in previously of "${name}"`);
      });
    }
    diagnostics.push(...checkMembers(tree, field(group, 'members')));
  }
  return diagnostics;
}

function checkMembers(tree: ConfigTree, members: unknown): Diagnostic[] {
  if (!Array.isArray(members) || rawMembersInOrder(members, true)) return [];
  const diagnostics: Diagnostic[] = [];
  const refs = itemPlaces(tree, members);
  const at = (i: number): SourceRef => refs[i] ?? fileStart(tree);
  // Login ids and user ids are told apart by the map they are in; the index finds the earlier one's place.
  const logins = new Map<string, number>();
  const users = new Map<string, number>();
  members.forEach((member: unknown, i) => {
    const login = typeof member === 'string';
    const userId = login ? undefined : field(member, 'userId');
    if (!login && typeof userId !== 'string') return;
    const seen = login ? logins : users;
    const key = login ? loginIdKey(member) : (userId as string);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, i);
      return;
    }
    const why = login ? ' (login ids are compared case-insensitively)' : '';
    diagnostics.push(errorAt(at(i), 'MEMBER_DUPLICATE', `${memberLabel(member)} is also listed at ${formatPlace(at(earlier))} as ${memberLabel(members[earlier]).replace(/^member /, '')}${why}`));
  });
  return diagnostics;
}

function memberLabel(member: unknown): string {
  return typeof member === 'string' ? `member "${member}"` : `member userId "${String(field(member, 'userId'))}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(value: unknown, name: string): unknown {
  return isRecord(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}
