import { createTwoFilesPatch } from 'diff';
import { renderCanonicalText } from '../../config/canonical-text.js';
import { formatConfig, listConfigFiles } from '../../config/index.js';
import { readConfigFile } from '../../config/files.js';
import { readSimpleTree } from '../../config/yaml/simple-tree.js';
import { DiagnosticsError, ExitCode } from '../../errors.js';
import { writeFileAtomic } from '../files.js';
import type { CommandIo } from '../io.js';
import type { PrunedEntry } from '../../config/format.js';
import { quote } from '../../render/change-lines.js';
import { printable } from '../../util/printable.js';
import { clockOf, useColor } from './selection.js';

export interface FmtOptions {
  paths: string[];
  check?: boolean;
  color?: boolean;
  /** Drop member entries whose `until` has passed (at `now`: `--now`, GROUPFORM_NOW or the clock). */
  pruneExpired?: boolean;
  now?: string;
}

export async function runFmt(options: FmtOptions, io: CommandIo): Promise<number> {
  const files = await listConfigFiles(options.paths, io.cwd);
  const color = useColor(options, io);
  const pruneExpiredAt = options.pruneExpired === true ? clockOf(options, io) : undefined;
  let unformatted = 0;
  for (const file of files) {
    // A file fmt cannot give back byte for byte where it changes nothing (not UTF-8) is refused, untouched.
    const { text, problem, bom } = await readConfigFile(io.cwd, file);
    if (problem !== undefined) throw new DiagnosticsError([problem], `cannot format ${file}: it is not UTF-8`);
    const pruned: PrunedEntry[] = [];
    // The fast path cannot tell an expired entry from another: pruning always reads the file with yaml.
    const formatted = pruneExpiredAt === undefined && isCanonical(text, file) ? text : formatConfig(text, file, { ...(pruneExpiredAt === undefined ? {} : { pruneExpiredAt }), onPruned: (entry) => pruned.push(entry) });
    for (const entry of pruned) {
      io.stderr.write(`${options.check === true ? 'would prune' : 'pruned'} ${printable(entry.member)} from ${prunedFrom(entry.from)} (expired ${printable(entry.until)}) in ${file}\n`);
    }
    if (formatted === text) continue;
    unformatted += 1;
    if (options.check === true) {
      io.stdout.write(colorizeDiff(createTwoFilesPatch(file, file, text, formatted, 'current', 'formatted'), color));
    } else {
      await writeFileAtomic(io, file, bom === true ? `\ufeff${formatted}` : formatted);
      io.stderr.write(`formatted ${file}\n`);
    }
  }
  if (options.check === true && unformatted > 0) {
    io.stderr.write(`groupform: ${unformatted} file${unformatted === 1 ? ' is' : 's are'} not formatted; run: groupform fmt\n`);
    return ExitCode.error;
  }
  return ExitCode.ok;
}

/**
 * A file in the plain shape most configs have is canonical when rendering its data canonically gives it back:
 * one read instead of yaml's Document (which takes most of a minute at 1,000,000 members). Anything else, and
 * every file that is not canonical, goes through formatConfig.
 */
function isCanonical(text: string, file: string): boolean {
  if (text.startsWith('#')) return false;
  const tree = readSimpleTree(text, file, {}, { uninterpolated: true });
  return tree !== undefined && renderCanonicalText(tree.data) === text;
}

function colorizeDiff(patch: string, color: boolean): string {
  if (!color) return patch;
  return patch
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++') ? `\x1b[32m${line}\x1b[0m`
      : line.startsWith('-') && !line.startsWith('---') ? `\x1b[31m${line}\x1b[0m`
      : line.startsWith('@@') ? `\x1b[36m${line}\x1b[0m`
      : line,
    )
    .join('\n');
}

function prunedFrom(from: PrunedEntry['from']): string {
  if ('set' in from) return `set ${quote(from.set)}`;
  return 'tenant' in from ? `tenant ${printable(from.tenant)}, group ${quote(from.group)}` : `template ${quote(from.template)}, group ${quote(from.group)}`;
}
