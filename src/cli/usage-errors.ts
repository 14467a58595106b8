import type { CommanderError } from 'commander';
import { GroupformError } from '../errors.js';

// Commander's own error codes -> ours: a usage error is looked up in docs/errors.md like any other.
const USAGE_CODES: readonly { commander: readonly string[]; code: string }[] = [
  { commander: ['commander.unknownCommand'], code: 'USAGE_UNKNOWN_COMMAND' },
  { commander: ['commander.unknownOption'], code: 'USAGE_UNKNOWN_OPTION' },
  { commander: ['commander.invalidArgument'], code: 'USAGE_INVALID_VALUE' },
  { commander: ['commander.missingArgument', 'commander.optionMissingArgument', 'commander.missingMandatoryOptionValue'], code: 'USAGE_MISSING_ARGUMENT' },
  { commander: ['commander.excessArguments'], code: 'USAGE_TOO_MANY_ARGUMENTS' },
  // No command at all: commander has printed the help already.
  { commander: ['commander.help'], code: 'USAGE_MISSING_COMMAND' },
];
// Whatever else the parser refuses.
const OTHER_USAGE = { commander: [], code: 'USAGE_INVALID' } as const;

const HINT = '(run with --help for usage)';

/**
 * A command line commander refused, as a GroupformError with a stable code; undefined for help and version,
 * which commander has printed and which are not errors.
 */
export function toUsageError(error: CommanderError): GroupformError | undefined {
  if (error.exitCode === 0) return undefined;
  const code = USAGE_CODES.find((entry) => entry.commander.includes(error.code))?.code ?? OTHER_USAGE.code;
  // Commander writes `error: unknown option '--fomat'\n(Did you mean --format?)`: one line, without its prefix.
  if (code === 'USAGE_MISSING_COMMAND') return new GroupformError(code, 'no command given: name one of the commands listed above');
  return new GroupformError(code, error.message.replace(/^error: /, '').split('\n').join(' '), { footer: HINT });
}
