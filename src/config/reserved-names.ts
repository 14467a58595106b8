import { type Diagnostic, errorAt } from '../errors.js';
import { groupNameKey } from '../model/normalize.js';
import { type ConfigTree, entryPlaces, keyOf } from './tree.js';

// IAM Identity Center keeps these group names for itself: a create is refused, and a group of that name is not
// one a directory sync may own. Compared as group names are (case-insensitively).
const awsReservedGroupNames: readonly string[] = ['Administrator', 'AWSAdministrators'];
const awsReserved = new Map(awsReservedGroupNames.map((name) => [groupNameKey(name), name]));

/** Groups declared under the scim provider's aws profile with a name AWS reserves: one error each, at the name. */
export function checkReservedGroupNames(trees: readonly ConfigTree[], profile: unknown): Diagnostic[] {
  if (profile !== 'aws') return [];
  const diagnostics: Diagnostic[] = [];
  for (const tree of trees) {
    const tenants = field(tree.data, 'tenants');
    if (typeof tenants !== 'object' || tenants === null) continue;
    for (const [tenantId, tenant] of Object.entries(tenants)) {
      const groups = field(tenant, 'groups');
      if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) continue;
      const places = entryPlaces(tree, groups);
      for (const name of Object.keys(groups)) {
        const reserved = awsReserved.get(groupNameKey(name));
        if (reserved === undefined) continue;
        diagnostics.push(
          errorAt(keyOf(tree, places.get(name)), 'GROUP_NAME_RESERVED', `group "${name}" of tenant "${tenantId}": AWS IAM Identity Center reserves the name "${reserved}"; choose another name`),
        );
      }
    }
  }
  return diagnostics;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}
