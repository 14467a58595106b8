import { compareStrings } from './normalize.js';
import type { LiveTenant } from './types.js';

/** Descope's name for a tenant's default SSO configuration. */
export const DEFAULT_SSO_ID = 'default_ssoid';

/**
 * The SSO configurations a tenant's live groups belong to, sorted. Once any group names one, a group without an
 * ssoId counts as the default configuration's.
 */
export function liveSsoIds(live: LiveTenant): string[] {
  if (!live.groups.some((g) => g.ssoId !== undefined)) return [];
  return [...new Set(live.groups.map((g) => g.ssoId ?? DEFAULT_SSO_ID))].sort(compareStrings);
}
