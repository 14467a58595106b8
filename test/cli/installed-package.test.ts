import { execFile, spawn } from 'node:child_process';
import { access, chmod, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/in-process.js';
import { walkthroughBlocks, withoutComment } from '../support/readme.js';

const run = promisify(execFile);

/**
 * The package as a user's project gets it: `npm pack` (the build ran already: npm test builds first), then what
 * `npm i -D ./groupform-*.tgz` does, without the registry (offline, the cache lacks the dependencies): the
 * tarball unpacked as node_modules/groupform with its bin linked and made executable. Its dependencies are
 * this checkout's; what it ships is only what package.json "files" lets into the tarball.
 */
async function installPackedPackage(): Promise<{ project: string; installed: string; run: (args: string[]) => Promise<{ code: number; out: string }> }> {
  const packDir = await tempDir('groupform-pack-');
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: repoRoot, env: npmEnv(packDir) });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const project = await tempDir('groupform-project-');
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'identity', private: true, devDependencies: { groupform: `file:${join(packDir, filename)}` } }, null, 2)}\n`);
  const modules = join(project, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  await run('tar', ['-xzf', join(packDir, filename), '-C', modules]);
  const installed = join(modules, 'groupform');
  await rename(join(modules, 'package'), installed);
  await symlink(join(repoRoot, 'node_modules'), join(installed, 'node_modules'));
  const { bin } = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  for (const [name, target] of Object.entries(bin)) {
    await chmod(join(installed, target), 0o755);
    await symlink(relative(join(modules, '.bin'), join(installed, target)), join(modules, '.bin', name));
  }
  return {
    project,
    installed,
    // As the README writes it: `npx groupform …`; offline, so a missing local bin cannot be fetched instead.
    run: (args) =>
      run('npx', ['groupform', ...args], { cwd: project, env: { ...npmEnv(project), ...walkthroughEnv } }).then(
        ({ stdout: out, stderr }) => ({ code: 0, out: out + stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
      ),
  };
}

const walkthroughEnv: Record<string, string> = {};

function npmEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

/** `npx groupform emulator …` in the background, as the walkthrough starts it; its URL once it listens. */
async function startInstalledEmulator(project: string, args: string[]): Promise<string> {
  // Its own process group: npx runs the emulator as a child of its own, and both must stop with the test.
  const child = spawn('npx', ['groupform', ...args], { cwd: project, env: npmEnv(project), stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  onTestFinished(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const url = /^groupform emulator listening on (\S+)$/.exec(line)?.[1];
    if (url !== undefined) return url;
  }
  throw new Error('the emulator ended without listening');
}

describe('the package as npm installs it from its tarball', () => {
  it('runs the README commands: --help, the walkthrough against the emulator, validate and the CI steps', async () => {
    const { project, installed, run: groupform } = await installPackedPackage();
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('```sh\nnpm i -D groupform\n```');

    const help = await groupform(['--help']);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toContain('Usage: groupform');
    // What the help, the README and the CI examples point into the installed package for.
    for (const path of ['README.md', 'LICENSE', 'docs/errors.md', 'schemas/groupform.schema.json', 'schemas/plan.schema.json', 'examples/ci/github-actions.yml', 'templates/groupform.yml']) {
      await expect(access(join(installed, path)), path).resolves.toBeUndefined();
    }

    const [setup, providerFile, ...steps] = await walkthroughBlocks();
    const emulatorLine = withoutComment(setup?.lines.find((l) => l.startsWith('npx groupform emulator')) ?? '');
    const url = await startInstalledEmulator(project, emulatorLine.slice('npx groupform '.length).replace('--port 4700', '--port 0').split(/\s+/));
    // The $schema comment of the provider file the walkthrough writes resolves in the installed package.
    const schemaRef = /\$schema=(\S+)/.exec(providerFile?.lines[0] ?? '')?.[1] ?? '';
    await expect(access(join(project, 'groupform', schemaRef))).resolves.toBeUndefined();
    await mkdir(join(project, 'groupform'), { recursive: true });
    await writeFile(join(project, 'groupform', 'groupform.yaml'), `${providerFile?.lines.join('\n')}\n`);
    const ran: string[] = [];
    for (const line of [...(setup?.lines ?? []), ...steps.filter((b) => b.lang === 'sh').flatMap((b) => b.lines)].map(withoutComment)) {
      if (line.startsWith('export ')) {
        for (const pair of line.slice('export '.length).split(/\s+/)) {
          const [name = '', value = ''] = pair.split('=');
          walkthroughEnv[name] = name === 'DESCOPE_BASE_URL' ? url : value;
        }
        continue;
      }
      if (line.startsWith('npx groupform emulator')) continue;
      const result = await groupform(line.slice('npx groupform '.length).split(/\s+/));
      expect(result.code, `${line}\n${result.out}`).toBe(0);
      ran.push(line);
    }
    expect(ran).toEqual(['npx groupform import groupform/groupform.yaml --tenant T2acme --out groupform/tenants/', 'npx groupform plan groupform/ --detailed-exitcode']);
    const validate = await groupform(['validate', 'groupform/']);
    expect(validate.code, validate.out).toBe(0);

    // The action's and the component's steps run from the installed package (action.yml and the component call them there).
    for (const forge of ['github', 'gitlab']) {
      const step = await run(process.execPath, [join(installed, 'dist', 'src', 'ci', forge, 'main.js'), 'nope'], { cwd: project }).then(
        () => '',
        (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
      );
      expect(step, forge).toMatch(/unknown (action|component) step "nope"/);
    }
    expect(dirname(installed)).toBe(join(project, 'node_modules'));
  });
});
