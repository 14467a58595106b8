import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { GroupformError } from '../errors.js';
import { compareStrings } from '../model/normalize.js';

/** A config file as it was at a commit, named as the user named its path (as listConfigFiles names them). */
export interface FileAtRef {
  file: string;
  text: string;
}

export interface ConfigAtRef {
  /** The full commit id the ref named. */
  commit: string;
  files: FileAtRef[];
  /** Paths named on the command line that did not exist at the commit. */
  missing: string[];
}

const DEFAULT_FILE = 'groupform.yaml';
const CONFIG_FILE = /\.ya?ml$/;
const SYMLINK_MODE = '120000';

/**
 * The config set at `ref` read from git's object store (nothing is checked out): each named path as it was at
 * that commit, a directory's *.yaml and *.yml files below it as listConfigFiles would find them on disk.
 * Throws GroupformError NOT_A_GIT_REPO (no repository, git missing, a path outside it) or GIT_REF_UNKNOWN.
 */
export async function readConfigAtRef(ref: string, paths: readonly string[], cwd: string): Promise<ConfigAtRef> {
  const top = await repositoryRoot(cwd);
  const commit = await resolveCommit(ref, top);
  const here = await realpath(cwd);
  const named = paths.length === 0 ? [DEFAULT_FILE] : [...paths];
  const byPath = new Map<string, { file: string; oid: string }>();
  const missing: string[] = [];
  for (const path of named) {
    const inRepo = relative(top, resolve(here, path)).split(sep).join('/');
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) {
      throw new GroupformError('NOT_A_GIT_REPO', `--changed-since: ${path} is outside the git repository at ${top}`);
    }
    const entries = await listTree(commit, inRepo, top);
    const found = entries.filter((entry) => entry.path === inRepo || isConfigBelow(entry.path, inRepo));
    if (found.length === 0) missing.push(path);
    for (const entry of found) {
      const file = entry.path === inRepo ? path : join(path, posix.relative(inRepo === '' ? '.' : inRepo, entry.path));
      if (!byPath.has(entry.path)) byPath.set(entry.path, { file, oid: entry.oid });
    }
  }
  const wanted = [...byPath.values()].sort((a, b) => compareStrings(a.file, b.file));
  const texts = await readBlobs(wanted.map((w) => w.oid), top);
  return { commit, files: wanted.map((w, i) => ({ file: w.file, text: texts[i] ?? '' })), missing };
}

// As listConfigFiles walks a directory: hidden files and directories (.github's workflows) are never config.
function isConfigBelow(path: string, dir: string): boolean {
  const below = dir === '' ? path : path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
  if (below === undefined) return false;
  return CONFIG_FILE.test(below) && !below.split('/').some((segment) => segment.startsWith('.'));
}

async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitMissing) throw new GroupformError('NOT_A_GIT_REPO', '--changed-since needs git, which is not installed or not on PATH');
    throw new GroupformError('NOT_A_GIT_REPO', `--changed-since compares with git history, but ${cwd} is not inside a git repository`);
  }
}

async function resolveCommit(ref: string, top: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], top)).toString('utf8').trim();
  } catch {
    throw new GroupformError(
      'GIT_REF_UNKNOWN',
      `--changed-since ${ref}: no such commit, branch or tag in this repository; in CI, fetch it first (a shallow clone has only the latest commit: actions/checkout with fetch-depth: 0, or git fetch origin ${ref.replace(/^origin\//, '')})`,
    );
  }
}

interface TreeEntry {
  path: string;
  oid: string;
}

// Blobs only: a symlink's blob is its target's name, a submodule is another repository.
async function listTree(commit: string, inRepo: string, top: string): Promise<TreeEntry[]> {
  const args = ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, ...(inRepo === '' ? [] : ['--', inRepo])];
  const output = (await git(args, top)).toString('utf8');
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (match === null || match[2] !== 'blob' || match[1] === SYMLINK_MODE) continue;
    entries.push({ oid: match[3]!, path: match[4]! });
  }
  return entries;
}

/** The blobs' texts in order, with one `git cat-file --batch`: a config set may have hundreds of files. */
async function readBlobs(oids: readonly string[], top: string): Promise<string[]> {
  if (oids.length === 0) return [];
  const output = await git(['cat-file', '--batch'], top, `${oids.join('\n')}\n`);
  const texts: string[] = [];
  let at = 0;
  for (const oid of oids) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, headerEnd).toString('utf8');
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1]);
    if (headerEnd < 0 || !Number.isSafeInteger(size)) throw new Error(`git cat-file --batch: unexpected answer "${header}" for ${oid}`);
    texts.push(output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1;
  }
  return texts;
}

class GitMissing extends Error {}

function git(args: readonly string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new GitMissing('git not found') : error));
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new Error(`git ${args[0] ?? ''} exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}
