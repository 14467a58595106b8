import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitSince, parsePorcelainTimes } from '../../../src/report/git-since.js';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

function commit(date: string): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', date], { cwd: dir, env });
}

const at = (file: string, line: number) => ({ file, line, column: 9 });

describe('since from git history', () => {
  it('follows an entry moved to another file, dates a new one by its commit, and leaves uncommitted lines undated', async () => {
    dir = await mkdtemp(join(tmpdir(), 'groupform-since-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    await writeFile(join(dir, 'a.yaml'), 'groups:\n  A:\n    members:\n      - alice@acme.com\n      - bob@acme.com\n');
    await writeFile(join(dir, 'b.yaml'), 'groups:\n  B:\n    members:\n      - carl@acme.com\n');
    commit('2026-01-01T00:00:00Z');
    await writeFile(join(dir, 'a.yaml'), 'groups:\n  A:\n    members:\n      - alice@acme.com\n');
    await writeFile(join(dir, 'b.yaml'), 'groups:\n  B:\n    members:\n      - carl@acme.com\n      - bob@acme.com\n      - dora@acme.com\n');
    commit('2026-06-01T12:00:00Z');
    await writeFile(join(dir, 'b.yaml'), 'groups:\n  B:\n    members:\n      - carl@acme.com\n      - bob@acme.com\n      - dora@acme.com\n      - erin@acme.com\n');
    const since = await gitSince(['a.yaml', 'b.yaml'], dir);
    expect(since(at('a.yaml', 4))).toBe('2026-01-01T00:00:00Z');
    expect(since(at('b.yaml', 5))).toBe('2026-01-01T00:00:00Z');
    expect(since(at('b.yaml', 6))).toBe('2026-06-01T12:00:00Z');
    expect(since(at('b.yaml', 7))).toBeUndefined();
  });

  it('has no dates outside a repository', async () => {
    dir = await mkdtemp(join(tmpdir(), 'groupform-since-'));
    await writeFile(join(dir, 'a.yaml'), 'groups: {}\n');
    expect((await gitSince(['a.yaml'], dir))(at('a.yaml', 1))).toBeUndefined();
  });

  it('reads committer times from porcelain output, once per commit', () => {
    const sha = 'a'.repeat(40);
    const porcelain = [`${sha} 1 1 2`, 'committer-time 1780272000', '\tx', `${sha} 2 2`, '\ty', `${'0'.repeat(40)} 3 3 1`, 'committer-time 1', '\tz'].join('\n');
    expect([...parsePorcelainTimes(porcelain)]).toEqual([[1, '2026-06-01T00:00:00Z'], [2, '2026-06-01T00:00:00Z']]);
  });
});
