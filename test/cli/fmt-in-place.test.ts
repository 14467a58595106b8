import { chmod, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../support/in-process.js';

// Not canonical: the groups are out of order, so fmt rewrites it.
const unformatted = 'version: 1\nprovider:\n  type: scim\n  baseUrl: https://scim.example.com/{tenantId}/scim/v2\ntenants:\n  T1:\n    groups:\n      B: {}\n      A: {}\n';
const formatted = 'version: 1\nprovider:\n  type: scim\n  baseUrl: https://scim.example.com/{tenantId}/scim/v2\ntenants:\n  T1:\n    groups:\n      A: {}\n      B: {}\n';

describe('fmt rewrites a file in place, keeping what is not its text', () => {
  it('writes through a symlink: the link stays a link, the file it points to is formatted', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared', 'real.yaml'), unformatted);
    await symlink(join('shared', 'real.yaml'), join(dir, 'groupform.yaml'));
    const result = await runMain(['fmt', 'groupform.yaml'], { cwd: dir });
    expect(result.stderr).toBe('formatted groupform.yaml\n');
    expect(result.status).toBe(0);
    expect((await lstat(join(dir, 'groupform.yaml'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'groupform.yaml'))).toBe(join('shared', 'real.yaml'));
    expect(await readFile(join(dir, 'shared', 'real.yaml'), 'utf8')).toBe(formatted);
    // No temporary file is left beside either.
    expect((await readdir(join(dir, 'shared'))).sort()).toEqual(['real.yaml']);
    expect((await readdir(dir)).sort()).toEqual(['groupform.yaml', 'shared']);
  });

  it.each([0o600, 0o640, 0o755])('keeps the file mode %s', async (mode) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'groupform.yaml'), unformatted);
    await chmod(join(dir, 'groupform.yaml'), mode);
    expect((await runMain(['fmt'], { cwd: dir })).status).toBe(0);
    expect(await readFile(join(dir, 'groupform.yaml'), 'utf8')).toBe(formatted);
    expect((await stat(join(dir, 'groupform.yaml'))).mode & 0o7777).toBe(mode);
  });

  it('keeps a UTF-8 byte order mark', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'groupform.yaml'), `\ufeff${unformatted}`);
    expect((await runMain(['fmt'], { cwd: dir })).status).toBe(0);
    expect(await readFile(join(dir, 'groupform.yaml'), 'utf8')).toBe(`\ufeff${formatted}`);
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from(`${unformatted}      Caf`), Buffer.from([0xe9]), Buffer.from(': {}\n')]), 'groupform.yaml:10:10: error CONFIG_ENCODING'],
    ['UTF-16', Buffer.from(`\ufeff${unformatted}`, 'utf16le'), 'groupform.yaml:1:1: error CONFIG_ENCODING: the file is UTF-16'],
  ])('refuses a file it cannot give back as it was (%s), leaving it untouched', async (_name, bytes, error) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'groupform.yaml'), bytes);
    for (const args of [['fmt'], ['fmt', '--check']]) {
      const result = await runMain(args, { cwd: dir });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(error);
      expect(result.stderr).toContain('groupform: cannot format groupform.yaml: it is not UTF-8');
      expect(result.stdout).toBe('');
      expect(await readFile(join(dir, 'groupform.yaml'))).toEqual(bytes);
    }
  });
});
