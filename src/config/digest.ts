import { createHash } from 'node:crypto';
import { compareStrings } from '../model/normalize.js';
import type { DeclaredMember, DesiredGroup, DesiredState, DesiredTenant, ProviderConfig } from '../model/types.js';
import { canonicalJson } from '../util/hash.js';
import { sortedMembers } from './member-order.js';

/**
 * `sha256:<hex>` of what the config means for these tenants (default: all of desired's) and the provider:
 * no secrets, no source positions, so reformatting or moving a tenant between files keeps it. HTTP tuning
 * is left out too: it changes how, not what, a plan writes.
 */
export function configDigest(desired: DesiredState, tenantIds?: readonly string[]): string {
  const byId = new Map(desired.tenants.map((t) => [t.tenantId, t]));
  const ids = [...new Set(tenantIds ?? desired.tenants.map((t) => t.tenantId))].sort(compareStrings);
  // Hashed tenant by tenant: the same bytes as one JSON text, without holding all of it at once.
  const hash = createHash('sha256').update(`{"provider":${canonicalJson(providerContent(desired.provider))},"tenants":[`, 'utf8');
  const membersText = sharedLists(ids.flatMap((id) => byId.get(id)?.groups ?? []));
  ids.forEach((id, i) => {
    const tenant = byId.get(id);
    hash.update(`${i === 0 ? '' : ','}${tenant === undefined ? canonicalJson({ tenantId: id, declared: false }) : tenantJson(tenant, membersText)}`, 'utf8');
  });
  return `sha256:${hash.update(']}', 'utf8').digest('hex')}`;
}

function providerContent(provider: ProviderConfig): unknown {
  return provider.type === 'descope'
    ? { type: provider.type, projectId: provider.projectId, baseUrl: provider.baseUrl ?? null, writeMode: provider.writeMode }
    : { type: provider.type, baseUrl: provider.baseUrl, profile: provider.profile };
}

// The canonical JSON (keys sorted at every depth, as canonicalJson writes it) of
//   { tenantId, unmanagedGroups, safety, ssoId?, groups: [{ name, externalId, previously, membersMode, members }] },
// written by hand: canonicalJson on one object per member was most of the digest's time on big configs.
// test/unit/config/digest.test.ts checks the two agree.
function tenantJson(tenant: DesiredTenant, membersText: SharedLists): string {
  const groups = tenant.groups.map((group) => groupJson(group, membersText)).join(',');
  const ssoId = tenant.ssoId === undefined ? '' : `"ssoId":${JSON.stringify(tenant.ssoId)},`;
  return `{"groups":[${groups}],"safety":${canonicalJson(tenant.safety)},${ssoId}"tenantId":${JSON.stringify(tenant.tenantId)},"unmanagedGroups":${JSON.stringify(tenant.unmanagedGroups)}}`;
}

function groupJson(group: DesiredGroup, membersText: SharedLists): string {
  const members = group.members === undefined ? 'null' : sharedMembersJson(group.members, membersText);
  return (
    `{"externalId":${JSON.stringify(group.externalId ?? null)},"members":${members},"membersMode":${JSON.stringify(group.membersMode)},` +
    `"name":${JSON.stringify(group.name)},"previously":${JSON.stringify([...group.previously].sort(compareStrings))}}`
  );
}

type SharedLists = Map<readonly DeclaredMember[], string | undefined>;

// Groups made from one set or template share their member list: its JSON is written once per digest. Only lists
// used more than once are kept: holding every group's text until the end would cost more than writing it.
function sharedLists(groups: readonly DesiredGroup[]): SharedLists {
  const seen = new Set<readonly DeclaredMember[]>();
  const shared: SharedLists = new Map();
  for (const { members } of groups) {
    if (members === undefined) continue;
    if (seen.has(members)) shared.set(members, undefined);
    else seen.add(members);
  }
  return shared;
}

function sharedMembersJson(members: readonly DeclaredMember[], membersText: SharedLists): string {
  if (!membersText.has(members)) return membersJson(sortedMembers(members));
  let text = membersText.get(members);
  if (text === undefined) membersText.set(members, (text = membersJson(sortedMembers(members))));
  return text;
}

// Ids rarely hold anything JSON escapes; those that do go through JSON.stringify.
const NEEDS_ESCAPE = /["\\\x00-\x1f\ud800-\udfff]/;
const jsonText = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

// One test of all of a group's ids rather than one per id (a group with an id to escape takes JSON.stringify),
// and a group of login ids only (the usual) written with one join. An `until` changes what is planned, so it is
// hashed (only where given: digests of configs without one stay); reason and ticket are for people.
function membersJson(members: readonly DeclaredMember[]): string {
  let logins = true;
  const ids = members.map((m) => {
    if ('loginId' in m) return m.loginId;
    logins = false;
    return m.userId;
  });
  if (ids.length === 0) return '[]';
  if (NEEDS_ESCAPE.test(ids.join('')) || members.some((m) => m.until !== undefined)) return `[${members.map(memberJson).join(',')}]`;
  if (logins) return `[{"loginId":"${ids.join('"},{"loginId":"')}"}]`;
  return `[${members.map((m, i) => `{"${'loginId' in m ? 'loginId' : 'userId'}":"${ids[i]!}"}`).join(',')}]`;
}

// Keys in code-point order, as canonicalJson sorts them: loginId < until < userId.
function memberJson(member: DeclaredMember): string {
  const until = member.until === undefined ? '' : `"until":${JSON.stringify(member.until)}`;
  if ('loginId' in member) return `{"loginId":${jsonText(member.loginId)}${until === '' ? '' : `,${until}`}}`;
  return `{${until === '' ? '' : `${until},`}"userId":${jsonText(member.userId)}}`;
}
