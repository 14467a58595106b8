import { execFile } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SourceRef } from '../model/types.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { SinceLookup } from './access-report.js';

const run = promisify(execFile);
// git's default asks for 40 alphanumeric characters before it calls a block moved; one member line has fewer.
const FOLLOW_MOVES = ['-M5', '-C5', '-C5'];
const BLAMES_AT_ONCE = 8;

/**
 * When each line of the config files (`files` as the config names them: relative to `cwd`, or absolute) entered
 * git history: `git blame -M -C -C` with a low threshold follows lines moved within a file, across renames and
 * between files, so an entry moved to another group or file keeps its date. A file outside a repository, or a
 * line not committed yet, has no date. A few blames at a time: a config set may have hundreds of files.
 */
export async function gitSince(files: readonly string[], cwd: string): Promise<SinceLookup> {
  const unique = [...new Set(files)];
  const times = await mapConcurrent(unique, BLAMES_AT_ONCE, (file) => blameTimes(resolve(cwd, file)));
  const byFile = new Map(unique.map((file, i) => [file, times[i]?.status === 'fulfilled' ? times[i].value : new Map<number, string>()]));
  return (at: SourceRef) => byFile.get(at.file)?.get(at.line);
}

async function blameTimes(file: string): Promise<Map<number, string>> {
  try {
    const { stdout } = await run('git', ['blame', '--porcelain', ...FOLLOW_MOVES, '--', basename(file)], { cwd: dirname(file), maxBuffer: 256 * 1024 * 1024 });
    return parsePorcelainTimes(stdout);
  } catch {
    return new Map();
  }
}

const UNCOMMITTED = '0000000000000000000000000000000000000000';

/** Line number -> committer time (RFC 3339, UTC) from `git blame --porcelain` output. */
export function parsePorcelainTimes(porcelain: string): Map<number, string> {
  const timeOf = new Map<string, number>();
  const times = new Map<number, string>();
  let commit = '';
  let line = 0;
  for (const text of porcelain.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(text);
    if (header !== null) {
      commit = header[1]!;
      line = Number(header[2]);
      continue;
    }
    if (text.startsWith('committer-time ')) timeOf.set(commit, Number(text.slice('committer-time '.length)));
    else if (text.startsWith('\t') && commit !== UNCOMMITTED) {
      const seconds = timeOf.get(commit);
      if (seconds !== undefined) times.set(line, new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
    }
  }
  return times;
}
