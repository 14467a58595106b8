import type { DesiredState, DesiredTenant } from '../model/types.js';
import { printable } from '../util/printable.js';

/**
 * `validate --explain`: what each template gives each tenant, and the members that reach a group by more than
 * one path (not an error: a person may be in a group for two reasons, but a reviewer should see both).
 */
export function renderExplain(desired: DesiredState): string {
  const sections = desired.tenants.map(explainTenant).filter((lines) => lines.length > 0);
  if (sections.length === 0) return 'No tenant uses a template, and no member reaches a group by more than one path.\n';
  return sections.map((lines) => `${lines.join('\n')}\n`).join('\n');
}

function explainTenant(tenant: DesiredTenant): string[] {
  const lines: string[] = [];
  for (const template of tenant.templates ?? []) {
    const groups = template.groups.length === 0 ? 'no groups' : `groups ${template.groups.map(quoted).join(', ')}`;
    const overridden = template.overridden.length === 0 ? '' : `; overridden by the tenant: ${template.overridden.map(quoted).join(', ')}`;
    lines.push(`  template "${printable(template.name)}" (${printable(template.by)}): ${groups}${overridden}`);
  }
  for (const group of tenant.groups) {
    for (const overlap of group.overlaps ?? []) {
      lines.push(`  group ${quoted(group.name)}: ${printable(overlap.member)} by ${overlap.routes.length} paths: ${overlap.routes.map(printable).join('; ')}`);
    }
  }
  return lines.length === 0 ? [] : [`Tenant ${printable(tenant.tenantId)}`, ...lines];
}

const quoted = (name: string): string => `"${printable(name)}"`;
