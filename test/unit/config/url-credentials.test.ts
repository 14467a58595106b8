import { expect, test } from 'vitest';
import { runMain, tempDir } from '../../support/in-process.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PASSWORD = 'Pw-s3cr3t-9';

test.each([
  ['descope', `type: descope\n  projectId: P2x\n  baseUrl: https://admin:${PASSWORD}@api.descope.com`],
  ['scim', `type: scim\n  baseUrl: https://admin:${PASSWORD}@scim.example.com/{tenantId}/scim/v2`],
  ['scim, a user name alone', `type: scim\n  baseUrl: https://${PASSWORD}@scim.example.com/{tenantId}/scim/v2`],
])('%s: a baseUrl carrying credentials fails validate and plan, which never show them', async (_name, provider) => {
  const dir = await tempDir();
  await writeFile(join(dir, 'groupform.yaml'), `version: 1\nprovider:\n  ${provider}\ntenants:\n  T1:\n    groups: {}\n`);
  await writeFile(join(dir, 'live.yaml'), 'tenants:\n  T1:\n    groups: []\n');
  const validated = await runMain(['validate'], { cwd: dir });
  expect(validated.status).toBe(1);
  expect(validated.stderr).toMatch(/groupform\.yaml:\d:\d+: error INVALID_VALUE: baseUrl must not carry a user name or password/);
  const planned = await runMain(['plan', '--live-state', 'live.yaml', '--out', 'plan.json', '--format', 'json'], { cwd: dir });
  expect(planned.status).toBe(1);
  for (const text of [validated.stdout, validated.stderr, planned.stdout, planned.stderr]) expect(text).not.toContain(PASSWORD);
});
