import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { shortHash } from '../../../src/import/file-names.js';
import { renderCanonicalText } from '../../../src/config/canonical-text.js';
import { formatConfig } from '../../../src/config/format.js';
import { credentialPlaceholder, importedConfigData, renderImportedConfig } from '../../../src/import/render-config.js';
import type { ImportedTenant } from '../../../src/import/live-to-config.js';

const descope = { type: 'descope', baseUrl: 'https://api.descope.com', projectId: 'P2abc' } as const;
const huawei = { type: 'scim', baseUrl: 'https://scim.ap-southeast-1.myhuaweicloud.com/{tenantId}/scim/v2', profile: 'huawei' } as const;

const acme: ImportedTenant = {
  tenantId: 'T2acme',
  groups: [
    { name: 'Auditors', members: [] },
    { name: 'Engineering', externalId: 'eng', members: [{ loginId: 'alice@acme.com' }, { userId: 'U2x' }] },
    { name: 'Readers' },
  ],
  skipped: [{ name: 'SSO Admins', reason: 'SSO-managed' }],
  notes: [
    'Left out "SSO Admins": SSO-managed.',
    'Members not imported for "Readers": a reason long enough to need wrapping, because comments longer than a hundred columns are hard to read.',
  ],
};

describe('renderImportedConfig', () => {
  it('writes tenants only, with the schema comment, placeholders and notes', () => {
    expect(renderImportedConfig([acme], { provider: descope, schemaRef: '../schemas/groupform.schema.json' })).toBe(
      `# yaml-language-server: $schema=../schemas/groupform.schema.json
# Imported by \`groupform import\` from descope project P2abc (https://api.descope.com).
# Review it before committing: from now on groupform manages every group declared here.

tenants:
  # Left out "SSO Admins": SSO-managed.
  # Members not imported for "Readers": a reason long enough to need wrapping, because comments
  # longer than a hundred columns are hard to read.
  T2acme:
    scimKey: \${DESCOPE_SCIM_KEY_T2acme:-}
    groups:
      Auditors:
        members: []
      Engineering:
        externalId: eng
        members:
          - alice@acme.com
          - { userId: U2x }
      Readers: {}
`,
    );
  });

  it('round-trips names and ids that need quoting, and writes a live `${` in a name or value as the literal `$${`', () => {
    const odd: ImportedTenant = {
      tenantId: 'd-90/67',
      groups: [
        { name: 'Cost ${center}', externalId: 'cc-${x}', members: [{ loginId: 'yes' }, { loginId: '- x: y #z' }] },
        { name: 'null', externalId: '123', members: [{ userId: '007' }] },
      ],
      skipped: [],
      notes: [],
    };
    const text = renderImportedConfig([odd], { provider: huawei, schemaRef: 'https://example.com/s.json' });
    expect(parse(text)).toEqual({
      tenants: {
        'd-90/67': {
          token: `\${SCIM_TOKEN_d_90_67_${shortHash('d-90/67')}:-}`,
          groups: {
            'Cost $${center}': { externalId: 'cc-$${x}', members: ['yes', '- x: y #z'] },
            null: { externalId: '123', members: [{ userId: '007' }] },
          },
        },
      },
    });
    expect(text).toContain('from scim https://scim.ap-southeast-1.myhuaweicloud.com/{tenantId}/scim/v2 (profile huawei)');
  });

  it('writes `groups: {}` for a tenant with nothing to declare', () => {
    const text = renderImportedConfig([{ tenantId: 'T', groups: [], skipped: [], notes: [] }], { provider: descope, schemaRef: 's.json' });
    expect(parse(text)).toEqual({ tenants: { T: { scimKey: '${DESCOPE_SCIM_KEY_T:-}', groups: {} } } });
  });
});

describe('credentialPlaceholder', () => {
  it.each([
    ['descope', 'T2abc0000000000000000000000', 'scimKey', 'DESCOPE_SCIM_KEY_T2abc0000000000000000000000'],
    ['scim', 'd_9067642ac7', 'token', 'SCIM_TOKEN_d_9067642ac7'],
    ['scim', 'd-9067642ac7', 'token', `SCIM_TOKEN_d_9067642ac7_${shortHash('d-9067642ac7')}`],
    ['scim', '--', 'token', `SCIM_TOKEN_TENANT_${shortHash('--')}`],
  ] as const)('%s tenant %s -> %s: ${%s}', (type, tenantId, key, variable) => {
    const placeholder = credentialPlaceholder(type, tenantId);
    expect(placeholder).toEqual({ key, variable });
    expect(placeholder.variable).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('never gives two tenants the same variable: a SCIM key selects its tenant', () => {
    const ids = ['acme-corp', 'acme_corp', 'ACME_CORP', 'acme.corp', 'acme corp', 'Acme-Corp'];
    const variables = ids.map((id) => credentialPlaceholder('descope', id).variable);
    expect(new Set(variables).size).toBe(ids.length);
  });
});

describe('importedConfigData rendered canonically', () => {
  const render = (tenants: ImportedTenant[], provider: typeof descope | typeof huawei) => {
    const options = { provider, schemaRef: '../schemas/groupform.schema.json' };
    const { data, comments } = importedConfigData(tenants, options);
    return { fast: renderCanonicalText(data, comments), slow: formatConfig(renderImportedConfig(tenants, options), 'x.yaml') };
  };

  it('gives the text the yaml path gives, notes and flow members included', () => {
    const plainAcme: ImportedTenant = { ...acme, tenantId: 'T2acme' };
    for (const provider of [descope, huawei]) {
      const { fast, slow } = render([plainAcme], provider);
      expect(fast).toBeDefined();
      expect(fast).toBe(slow);
    }
  });

  it('leaves names that need quoting to the yaml path', () => {
    const odd: ImportedTenant = { tenantId: 'T1', groups: [{ name: 'R&D: core', members: [{ loginId: '+15551234' }] }], skipped: [], notes: [] };
    expect(render([odd], descope).fast).toBeUndefined();
  });
});
