import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/config/snapshot.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { inCheckout, walkthroughBlocks, withoutComment } from '../../support/readme.js';
import { runMain, tempDir } from '../../support/in-process.js';
import { afterThisTest } from './fixtures.js';

describe('the README walkthrough', () => {
  it('runs as written against the emulator it names', async () => {
    const [setup, providerFile, ...steps] = await walkthroughBlocks();
    expect(setup?.lang).toBe('sh');
    expect(providerFile?.lang).toBe('yaml');
    // The emulator command's seed, served on a free port rather than the fixed one a person would use.
    const emulatorLine = setup?.lines.find((l) => l.startsWith('npx groupform emulator')) ?? '';
    const seedPath = /--seed (\S+)/.exec(emulatorLine)?.[1] ?? '';
    const seed = parseSnapshot(await readFile(inCheckout(seedPath), 'utf8'), seedPath);
    const emulator = await startEmulator({ seed });
    afterThisTest(() => emulator.close());

    const dir = await tempDir();
    await mkdir(join(dir, 'groupform'));
    await writeFile(join(dir, 'groupform', 'groupform.yaml'), `${providerFile?.lines.join('\n')}\n`);
    const env: Record<string, string> = {};
    const results: { command: string; status: number; stdout: string }[] = [];
    for (const line of [...(setup?.lines ?? []), ...steps.filter((b) => b.lang === 'sh').flatMap((b) => b.lines)].map(withoutComment)) {
      if (line.startsWith('export ')) {
        for (const pair of line.slice('export '.length).split(/\s+/)) {
          const [name = '', value = ''] = pair.split('=');
          env[name] = name === 'DESCOPE_BASE_URL' ? emulator.url : value;
        }
        continue;
      }
      if (line.startsWith('npx groupform emulator')) continue;
      expect(line.startsWith('npx groupform '), line).toBe(true);
      const result = await runMain(line.slice('npx groupform '.length).split(/\s+/), { cwd: dir, env });
      results.push({ command: line, status: result.status, stdout: result.stdout + result.stderr });
    }
    expect(results.map((r) => r.command)).toEqual([
      'npx groupform import groupform/groupform.yaml --tenant T2acme --out groupform/tenants/',
      'npx groupform plan groupform/ --detailed-exitcode',
    ]);
    for (const result of results) expect(result.status, `${result.command}\n${result.stdout}`).toBe(0);
    expect(results.at(-1)?.stdout).toContain('No changes.');
    expect(await readFile(join(dir, 'groupform', 'tenants', 'T2acme.yaml'), 'utf8')).toContain('scimKey: ${DESCOPE_SCIM_KEY_T2acme:-}');
  });
});
