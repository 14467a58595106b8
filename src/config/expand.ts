import { type Diagnostic, errorAt } from '../errors.js';
import type { AppliedTemplate, SourceRef } from '../model/types.js';
import { defineTenant, type GroupDefinition } from './apply-templates.js';
import { collectDeclarations } from './declarations.js';
import { deriveMembers, UnknownIncludes } from './derive-groups.js';
import { MemberExpander } from './expand-members.js';
import type { MemberList } from './member-lists.js';
import { isRecord, type RawSettings } from './raw.js';
import { type ConfigTree, entryPlaces, keyOf } from './tree.js';

export interface ExpandedGroup {
  definition: GroupDefinition;
  /** undefined: membership is not managed. */
  members?: MemberList;
}

export interface ExpandedTenant {
  tenantId: string;
  tree: ConfigTree;
  body: Record<string, unknown>;
  at: SourceRef;
  groups: ExpandedGroup[];
  /** What the tenant's templates set; the tenant's own keys win over these. */
  templateSettings: RawSettings;
  templates: AppliedTemplate[];
}

export interface Expansion {
  tenants: ExpandedTenant[];
  diagnostics: Diagnostic[];
}

/**
 * Sets, templates and derived groups, expanded once when the config is loaded, so what follows (resolution,
 * planning, providers) sees plain groups with plain members. Works on files with schema errors too (it checks
 * every value's type), so reference errors are reported beside them.
 */
export function expandConfig(trees: readonly ConfigTree[]): Expansion {
  const declarations = collectDeclarations(trees);
  const diagnostics = [...declarations.diagnostics];
  const expander = new MemberExpander(declarations, diagnostics);
  const unknownIncludes = new UnknownIncludes();
  const tenants: ExpandedTenant[] = [];
  for (const tree of trees) {
    const declared = isRecord(tree.data) ? tree.data.tenants : undefined;
    if (!isRecord(declared)) continue;
    const places = entryPlaces(tree, declared);
    for (const [tenantId, body] of Object.entries(declared)) {
      if (!isRecord(body)) continue;
      const at = keyOf(tree, places.get(tenantId));
      const definition = defineTenant(tenantId, tree, body, at, declarations, diagnostics);
      if (body.groups === undefined && definition.templates.length === 0) {
        diagnostics.push(errorAt(at, 'MISSING_KEY', 'missing required key "groups" (or "use", or a template whose tenants match this one)'));
      }
      const members = deriveMembers(tenantId, definition.groups, expander, unknownIncludes, diagnostics);
      const groups = definition.groups.map((g): ExpandedGroup => {
        const list = members.get(g);
        return list === undefined ? { definition: g } : { definition: g, members: list };
      });
      tenants.push({ tenantId, tree, body, at, groups, templateSettings: definition.settings, templates: definition.templates });
    }
  }
  expander.checkAllSets();
  unknownIncludes.report(diagnostics);
  return { tenants, diagnostics };
}
