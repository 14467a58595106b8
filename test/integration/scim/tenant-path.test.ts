import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../../support/in-process.js';
import { startServer } from '../../support/server.js';
import { textDiagnostics } from '../../unit/config/support.js';

const scimProvider = (baseUrl: string): string => `version: 1\nprovider:\n  type: scim\n  baseUrl: ${baseUrl}/{tenantId}/scim/v2\n  token: \${SCIM_TOKEN:-}\n`;

describe('a tenant id that is a dot segment never leaves its tenant path', () => {
  it.each(['.', '..'])('validate refuses the tenant id %j at its place, for either provider', async (tenantId) => {
    expect(await textDiagnostics(`${scimProvider('https://scim.example.com')}tenants:\n  "${tenantId}":\n    groups: {}\n`)).toEqual(['c.yaml:7:3 UNSAFE_TENANT_ID']);
    const descope = `version: 1\nprovider:\n  type: descope\n  projectId: P2x\ntenants:\n  T1:\n    groups: {}\n  "${tenantId}":\n    groups: {}\n`;
    expect(await textDiagnostics(descope)).toEqual(['c.yaml:8:3 UNSAFE_TENANT_ID']);
  });

  it.each(['.', '..'])('import --tenant %j (an id no config declares) sends no request outside the tenant', async (tenantId) => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/scim+json' });
      response.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }));
    });
    const dir = await tempDir();
    await writeFile(join(dir, 'groupform.yaml'), scimProvider(server.url));
    const result = await runMain(['import', 'groupform.yaml', '--tenant', tenantId], { cwd: dir, env: { SCIM_TOKEN: 'scim-token-value' } });
    expect(result.stderr).toContain(`\n  ${tenantId}: UNSAFE_PATH_SEGMENT: the tenant id "${tenantId}" cannot be sent in a URL path: it would address another path than its own\n`);
    expect(result.status).toBe(1);
    expect(server.seen.map((r) => r.url)).toEqual([]);
  });
});
