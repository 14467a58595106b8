import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { repoRoot } from '../../support/cli.js';
import { afterThisTest, groupform } from './fixtures.js';

// `groupform report` over HTTP against the emulator seeded like the multi-tenant example, the config in a git
// repository the test builds, so `since` has a history to come from.
const example = join(repoRoot, 'examples', 'descope-multi-tenant');
const ACME = 'T2acme00000000000000000000000';

function git(dir: string, args: string[], date?: string): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  execFileSync('git', args, { cwd: dir, env: date === undefined ? env : { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, stdio: 'pipe' });
}

async function exampleScenario(): Promise<{ dir: string; env: Record<string, string> }> {
  const seed = JSON.parse(await readFile(join(example, 'seed.json'), 'utf8')) as Snapshot;
  const acme = seed.tenants[ACME]!;
  // A live member nobody declared whose login id a spreadsheet would run as a formula.
  acme.users!.push({ userId: 'U2acmeMallory', loginId: '=HYPERLINK("http://x")@acme.com' });
  acme.groups!.find((g) => g.display === 'Support')!.members!.push('U2acmeMallory');
  const emulator = await startEmulator({ seed, retryAfterSeconds: 0 });
  afterThisTest(() => emulator.close());
  const dir = await mkdtemp(join(tmpdir(), 'groupform-report-'));
  afterThisTest(() => rm(dir, { recursive: true, force: true }));
  await cp(example, dir, { recursive: true });
  await rm(join(dir, 'seed.json'));
  git(dir, ['init', '-q']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', 'first'], '2026-03-01T10:00:00Z');
  return { dir, env: { DESCOPE_PROJECT_ID: seed.projectId ?? '', DESCOPE_MANAGEMENT_KEY: seed.managementKey ?? '', DESCOPE_BASE_URL: emulator.url } };
}

function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

describe('groupform report against the emulator', () => {
  it('lists every membership of the multi-tenant example with orphans, since from git, formulas neutralised', async () => {
    const { dir, env } = await exampleScenario();
    const result = await groupform(['report', '.', '--format', 'csv', '--now', '2027-01-01'], dir, env);
    expect(result.status, result.stderr).toBe(0);
    const rows = parseCsv(result.stdout);
    const line = (r: Record<string, string>) => `${r.tenant!.slice(2, 8)} ${r.group}: ${r.loginId || r.userId} ${r.status}`;
    expect(rows.map(line)).toEqual([
      'acme00 Engineering: U2acmeServiceAccount0000000 pending',
      'acme00 Engineering: alice@acme.com member',
      'acme00 Engineering: bob@acme.com pending',
      'acme00 Engineering: dave@acme.com orphan',
      'acme00 SSO Admins: carol@acme.com orphan',
      'acme00 Support: \'=HYPERLINK("http://x")@acme.com orphan',
      'acme00 Support: carol@acme.com pending',
      'acme00 Support: dave@acme.com orphan',
      'globex Admins: hank@globex.com member',
      'globex Admins: ivan@globex.com orphan',
      'globex Sales: gina@globex.com member',
      'globex Sales: ivan@globex.com pending',
      'initec Contractors: milton@initech.com orphan',
    ]);
    expect(result.stdout).toContain('"\'=HYPERLINK(""http://x"")@acme.com"');
    expect(result.stdout).not.toMatch(/(^|,)=/m);
    const bob = rows.find((r) => r.loginId === 'bob@acme.com')!;
    expect(bob).toMatchObject({ group: 'Engineering', until: '2030-06-30', reason: 'data migration', ticket: 'OPS-1234', since: '2026-03-01T10:00:00Z', source: 'tenants/acme.yaml:18:13' });
  });

  it('keeps since across a rename and a move to another file; a new entry gets its own commit time', async () => {
    const { dir, env } = await exampleScenario();
    await mkdir(join(dir, 'by-team'));
    await rename(join(dir, 'tenants', 'globex.yaml'), join(dir, 'by-team', 'globex-tenant.yaml'));
    const acme = await readFile(join(dir, 'tenants', 'acme.yaml'), 'utf8');
    await writeFile(join(dir, 'tenants', 'acme.yaml'), acme.replace('          - carol@acme.com\n', '          - carol@acme.com\n          - dave@acme.com\n'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'move globex, add dave'], '2026-09-15T08:30:00Z');
    const result = await groupform(['report', '.', '--format', 'json', '--now', '2027-01-01'], dir, env);
    expect(result.status, result.stderr).toBe(0);
    const rows = (JSON.parse(result.stdout) as { rows: Record<string, string>[] }).rows;
    const since = (group: string, loginId: string) => rows.find((r) => r.group === group && r.loginId === loginId && r.status !== 'orphan')?.since;
    expect(since('Sales', 'gina@globex.com')).toBe('2026-03-01T10:00:00Z');
    expect(since('Support', 'carol@acme.com')).toBe('2026-03-01T10:00:00Z');
    expect(since('Support', 'dave@acme.com')).toBe('2026-09-15T08:30:00Z');
    expect(rows.find((r) => r.loginId === 'gina@globex.com')?.source).toBe('by-team/globex-tenant.yaml:18:13');
  });

  it('writes a markdown table per tenant', async () => {
    const { dir, env } = await exampleScenario();
    const result = await groupform(['report', '.', '--format', 'markdown', '--tenant', 'T2initech*', '--now', '2027-01-01'], dir, env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('## Tenant T2initech00000000000000000000');
    expect(result.stdout).toContain('| Contractors | milton@initech\\.com | U2initechMilton00000000000000 | orphan |');
  });
});
