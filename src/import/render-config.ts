import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { CanonicalComments } from '../config/canonical-text.js';
import type { ProviderIdentity } from '../model/types.js';
import { quote } from '../render/change-lines.js';
import { printable } from '../util/printable.js';
import { shortHash } from './file-names.js';
import type { ProposedSet } from './extract-sets.js';
import type { ImportedGroup, ImportedMember, ImportedTenant } from './live-to-config.js';

export interface RenderImportOptions {
  provider: ProviderIdentity;
  /** What the `$schema` comment points at, relative to where the file will sit (or a URL). */
  schemaRef: string;
  /** `--extract-sets`: the sets this file declares. */
  sets?: readonly ProposedSet[];
}

/**
 * The tenant's write credential key and the environment variable its placeholder names. The name must be
 * one-to-one with the tenant id: a Descope SCIM key selects its tenant, so two tenants sharing a variable would
 * send one tenant's writes to the other. Case is kept (variable names are case-sensitive), and an id with
 * characters a variable name cannot hold gets a short hash of the id after the readable part.
 */
export function credentialPlaceholder(providerType: ProviderIdentity['type'], tenantId: string): { key: string; variable: string } {
  const readable = tenantId.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const suffix = readable === tenantId ? readable : `${readable || 'TENANT'}_${shortHash(tenantId)}`;
  return providerType === 'descope'
    ? { key: 'scimKey', variable: `DESCOPE_SCIM_KEY_${suffix}` }
    : { key: 'token', variable: `SCIM_TOKEN_${suffix}` };
}

// Every string value of a config is interpolated, and keys refuse `${`, so a live `${` in a name, id or value must be
// written as the literal `$${`.
function literal(text: string): string {
  // A function, because in a replacement string `$$` itself means one `$`.
  return text.replaceAll('${', () => '$${');
}

function scalar(value: string, commentBefore?: string): Scalar {
  const node = new Scalar(value);
  if (commentBefore !== undefined) node.commentBefore = commentBefore;
  return node;
}

function flowMap(pairs: [string, unknown][] = []): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  for (const [key, value] of pairs) map.add(new Pair(scalar(key), value));
  return map;
}

function renderMember(member: ImportedMember): unknown {
  if ('loginId' in member) return scalar(literal(member.loginId));
  return 'set' in member ? flowMap([['set', scalar(literal(member.set))]]) : flowMap([['userId', scalar(literal(member.userId))]]);
}

/** A member as plain data, as the canonical renderer takes it. */
function memberData(member: ImportedMember): unknown {
  if ('loginId' in member) return literal(member.loginId);
  return 'set' in member ? { set: literal(member.set) } : { userId: literal(member.userId) };
}

function renderGroup(group: ImportedGroup): YAMLMap {
  const body = new YAMLMap();
  if (group.externalId !== undefined) body.add(new Pair(scalar('externalId'), scalar(literal(group.externalId))));
  if (group.members !== undefined) {
    const members = new YAMLSeq();
    if (group.members.length === 0) members.flow = true;
    for (const member of group.members) members.add(renderMember(member));
    body.add(new Pair(scalar('members'), members));
  }
  if (body.items.length === 0) body.flow = true;
  return body;
}

// Comments above a tenant sit at indent 2: `  # ` plus this stays within 100 columns.
const COMMENT_WIDTH = 96;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

function lines(texts: readonly string[]): string {
  return texts.map((line) => ` ${line}`).join('\n');
}

function comment(texts: readonly string[]): string | undefined {
  return texts.length === 0 ? undefined : lines(texts);
}

function renderTenant(tenant: ImportedTenant, provider: ProviderIdentity): Pair {
  const body = new YAMLMap();
  const credential = credentialPlaceholder(provider.type, tenant.tenantId);
  // `:-` keeps the file valid without the variable: an empty credential counts as absent, so a plan-only job
  // (and a scim provider-level token) still works, and apply names the missing key.
  body.add(new Pair(scalar(credential.key), scalar(`\${${credential.variable}:-}`)));
  if (tenant.ssoId !== undefined) body.add(new Pair(scalar('ssoId'), scalar(literal(tenant.ssoId))));
  const groups = new YAMLMap();
  for (const group of tenant.groups) groups.add(new Pair(scalar(literal(group.name)), renderGroup(group)));
  if (groups.items.length === 0) groups.flow = true;
  body.add(new Pair(scalar('groups'), groups));
  return new Pair(scalar(literal(tenant.tenantId), comment(tenant.notes.flatMap((note) => wrap(note, COMMENT_WIDTH)))), body);
}

function describeProvider(provider: ProviderIdentity): string {
  return provider.type === 'descope'
    ? `descope project ${provider.projectId ?? '?'} (${provider.baseUrl})`
    : `scim ${provider.baseUrl} (profile ${provider.profile ?? 'rfc7644'})`;
}

function headerLines(options: RenderImportOptions): string[] {
  return [
    `yaml-language-server: $schema=${options.schemaRef}`,
    `Imported by \`groupform import\` from ${describeProvider(options.provider)}.`,
    'Review it before committing: from now on groupform manages every group declared here.',
  ];
}

/** The same config as data (values as written) with its comments, for renderCanonicalText. */
export function importedConfigData(tenants: readonly ImportedTenant[], options: RenderImportOptions): { data: unknown; comments: CanonicalComments } {
  const data: Record<string, unknown> = {};
  const notes = new Map<string, string[]>();
  for (const tenant of tenants) {
    const credential = credentialPlaceholder(options.provider.type, tenant.tenantId);
    const groups: Record<string, unknown> = {};
    for (const group of tenant.groups) {
      const body: Record<string, unknown> = {};
      if (group.externalId !== undefined) body.externalId = literal(group.externalId);
      if (group.members !== undefined) body.members = group.members.map(memberData);
      Object.defineProperty(groups, literal(group.name), { value: body, enumerable: true, writable: true, configurable: true });
    }
    const value = { [credential.key]: `\${${credential.variable}:-}`, ...(tenant.ssoId === undefined ? {} : { ssoId: literal(tenant.ssoId) }), groups };
    Object.defineProperty(data, literal(tenant.tenantId), { value, enumerable: true, writable: true, configurable: true });
    const lines = tenant.notes.flatMap((note) => wrap(note, COMMENT_WIDTH));
    if (lines.length > 0) notes.set(literal(tenant.tenantId), lines);
  }
  const sets = options.sets ?? [];
  const setData = Object.fromEntries(sets.map((set) => [literal(set.name), set.members.map(memberData)]));
  const root = { ...(sets.length === 0 ? {} : { sets: setData }), ...(tenants.length === 0 && sets.length > 0 ? {} : { tenants: data }) };
  return { data: root, comments: { header: headerLines(options), tenants: notes } };
}

function renderSets(sets: readonly ProposedSet[]): YAMLMap {
  const map = new YAMLMap();
  for (const set of sets) {
    const members = new YAMLSeq();
    for (const member of set.members) members.add(renderMember(member));
    // Names from servers: escaped, since a line break would end the comment and write YAML.
    const note = `Proposed by import --extract-sets: the members group ${quote(set.group)} has in each of ${set.tenants.map(printable).join(', ')}.`;
    map.add(new Pair(scalar(literal(set.name), comment(wrap(note, COMMENT_WIDTH))), members));
  }
  return map;
}

/**
 * Config YAML holding only `tenants` (and, with `--extract-sets`, the `sets` they use), to sit beside the provider file. Not yet canonical: the caller runs it
 * through formatConfig so that `fmt --check` accepts it as written.
 */
export function renderImportedConfig(tenants: readonly ImportedTenant[], options: RenderImportOptions): string {
  const root = new YAMLMap();
  const sets = options.sets ?? [];
  if (sets.length > 0) root.add(new Pair(scalar('sets'), renderSets(sets)));
  const map = new YAMLMap();
  for (const tenant of tenants) map.add(renderTenant(tenant, options.provider));
  if (tenants.length > 0 || sets.length === 0) root.add(new Pair(scalar('tenants'), map));
  const doc = new Document();
  doc.contents = root;
  doc.commentBefore = lines(headerLines(options));
  return doc.toString({ lineWidth: 0 });
}
