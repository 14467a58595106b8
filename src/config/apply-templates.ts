import { type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { compareStrings, groupNameKey } from '../model/normalize.js';
import type { AppliedTemplate, SourceRef } from '../model/types.js';
import { type Declarations, listWithPlaces, nameSome, type TemplateDeclaration } from './declarations.js';
import { isRecord, type RawSafety, type RawSettings } from './raw.js';
import { type ConfigTree, entryPlaces, fileStart, keyOf } from './tree.js';

/** One group of a tenant as declared: in the tenant itself or in a template it uses. */
export interface GroupDefinition {
  name: string;
  key: string;
  tree: ConfigTree;
  /** The group's mapping as written (null: `Name:` with nothing after it). */
  body: unknown;
  at: SourceRef;
  template?: string;
}

export interface TenantDefinition {
  groups: GroupDefinition[];
  /** What the templates set, for the keys the tenant leaves to them. */
  settings: RawSettings;
  templates: AppliedTemplate[];
}

const SETTING_KEYS = ['members', 'unmanagedGroups', 'expiryWarningDays', 'owners', 'review'] as const;
const SAFETY_KEYS = ['maxRemovalPercent', 'maxGroupDeletePercent'] as const;

/**
 * A tenant's groups and template settings: its own groups, plus those of the templates it names in `use` or
 * whose `tenants` globs match it; its own group of the same name (case-insensitively) wins. Two templates that
 * disagree on a group or setting the tenant leaves to them are an error at the tenant.
 */
export function defineTenant(tenantId: string, tree: ConfigTree, tenant: Record<string, unknown>, at: SourceRef, declarations: Declarations, diagnostics: Diagnostic[]): TenantDefinition {
  const own = ownGroups(tree, tenant.groups);
  const applied = chooseTemplates(tenantId, tree, tenant.use, declarations, diagnostics);
  const byKey = new Map(own.map((g) => [g.key, g]));
  const fromTemplates = new Map<string, GroupDefinition>();
  const templates: AppliedTemplate[] = [];
  for (const { template, by } of applied) {
    const groups = ownGroups(template.tree, template.body.groups, template.name);
    const taken: string[] = [];
    const overridden: string[] = [];
    for (const group of groups) {
      if (byKey.has(group.key)) {
        overridden.push(group.name);
        continue;
      }
      const other = fromTemplates.get(group.key);
      if (other !== undefined) {
        diagnostics.push(
          errorAt(at, 'TEMPLATE_CONFLICT', `tenant ${tenantId}: templates "${other.template}" and "${template.name}" both declare group "${group.name}" (${formatPlace(other.at)}, ${formatPlace(group.at)}); declare the group in the tenant to choose`),
        );
        continue;
      }
      fromTemplates.set(group.key, group);
      taken.push(group.name);
    }
    templates.push({ name: template.name, by, groups: taken.sort(compareStrings), overridden: overridden.sort(compareStrings) });
  }
  const settings = templateSettings(tenantId, tenant, applied.map((a) => a.template), at, diagnostics);
  return { groups: [...own, ...fromTemplates.values()], settings, templates };
}

function ownGroups(tree: ConfigTree, groups: unknown, template?: string): GroupDefinition[] {
  if (!isRecord(groups)) return [];
  const places = entryPlaces(tree, groups);
  return Object.entries(groups).map(([name, body]) => ({
    name,
    key: groupNameKey(name),
    tree,
    body,
    at: keyOf(tree, places.get(name)),
    ...(template === undefined ? {} : { template }),
  }));
}

function chooseTemplates(tenantId: string, tree: ConfigTree, use: unknown, declarations: Declarations, diagnostics: Diagnostic[]): { template: TemplateDeclaration; by: string }[] {
  const chosen = new Map<string, { template: TemplateDeclaration; by: string }>();
  const { items, places } = listWithPlaces(tree, use);
  items.forEach((name, i) => {
    if (typeof name !== 'string') return;
    const template = declarations.templates.get(name);
    if (template === undefined) {
      diagnostics.push(errorAt(places[i] ?? fileStart(tree), 'TEMPLATE_UNKNOWN', `unknown template "${name}"; declared templates: ${nameSome(declarations.templates.keys())}`));
    } else {
      chosen.set(name, { template, by: 'use' });
    }
  });
  for (const template of declarations.templates.values()) {
    if (chosen.has(template.name)) continue;
    const glob = template.globs.find((g) => g.matches(tenantId));
    if (glob !== undefined) chosen.set(template.name, { template, by: `tenants: ${glob.glob}` });
  }
  return [...chosen.values()].sort((a, b) => compareStrings(a.template.name, b.template.name));
}

function templateSettings(tenantId: string, tenant: Record<string, unknown>, templates: readonly TemplateDeclaration[], at: SourceRef, diagnostics: Diagnostic[]): RawSettings {
  const settings: Record<string, unknown> = {};
  const safety: Record<string, unknown> = {};
  const take = (target: Record<string, unknown>, key: string, label: string, ownValue: unknown, values: { template: string; value: unknown }[]): void => {
    if (ownValue !== undefined || values.length === 0) return;
    const distinct = new Set(values.map((v) => JSON.stringify(v.value)));
    if (distinct.size > 1) {
      const listed = values.map((v) => `"${v.template}" sets ${JSON.stringify(v.value)}`).join(', ');
      diagnostics.push(errorAt(at, 'TEMPLATE_CONFLICT', `tenant ${tenantId}: templates disagree on ${label} (${listed}); set it in the tenant to choose`));
      return;
    }
    target[key] = values[0]!.value;
  };
  const valuesOf = (pick: (t: Record<string, unknown>) => unknown): { template: string; value: unknown }[] =>
    templates.flatMap((t) => {
      const value = pick(t.body);
      return value === undefined ? [] : [{ template: t.name, value }];
    });
  for (const key of SETTING_KEYS) take(settings, key, key, tenant[key], valuesOf((t) => t[key]));
  const ownSafety = isRecord(tenant.safety) ? tenant.safety : {};
  for (const key of SAFETY_KEYS) take(safety, key, `safety.${key}`, ownSafety[key], valuesOf((t) => (isRecord(t.safety) ? t.safety[key] : undefined)));
  return Object.keys(safety).length === 0 ? (settings as RawSettings) : { ...(settings as RawSettings), safety: safety as RawSafety };
}
