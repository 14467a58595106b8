import { GroupformError } from '../../errors.js';
import { credentialPlaceholder } from '../../import/render-config.js';

/**
 * Maps one JSON secret `{"<tenant>": "<scim key>", ...}` to `DESCOPE_SCIM_KEY_<tenant id>` variables, so adding a
 * tenant needs no new line in the workflow. Each variable is the one `groupform import` wrote for that tenant id.
 */
export function scimKeyEnv(json: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = json.trim() === '' ? {} : JSON.parse(json);
  } catch {
    throw new GroupformError('CI_SCIM_KEYS', 'the scim-keys input is not valid JSON: it must be an object {"<tenant>": "<key>"} (its value is not shown)');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GroupformError('CI_SCIM_KEYS', 'the scim-keys input must be a JSON object {"<tenant>": "<key>"}');
  }
  const env = new Map<string, string>();
  for (const [tenant, key] of Object.entries(parsed)) {
    if (typeof key !== 'string' || /[\r\n]/.test(key)) {
      throw new GroupformError('CI_SCIM_KEYS', `the scim-keys entry for tenant ${JSON.stringify(tenant)} must be a one-line string`);
    }
    env.set(credentialPlaceholder('descope', tenant).variable, key);
  }
  return env;
}
