import { expect, test } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runMain, tempDir } from '../../support/in-process.js';

const header = 'version: 1\nprovider:\n  type: scim\n  baseUrl: https://scim.example.com/{tenantId}/scim/v2\ntenants:\n  T1:\n    groups: {}\n';

test.each([
  ['flow lists', `x: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`],
  ['block mappings', Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n'],
])('%s nested thousands deep: a clear YAML_TOO_DEEP at its place, not an internal error', async (_name, deep) => {
  const dir = await tempDir();
  await writeFile(join(dir, 'groupform.yaml'), `${header}${deep}`);
  const result = await runMain(['validate'], { cwd: dir });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/groupform\.yaml:\d+:\d+: error YAML_TOO_DEEP: nested more than 64 levels deep/);
  expect(result.stderr).not.toMatch(/internal error|this is a bug|\n\s+at /);
});
