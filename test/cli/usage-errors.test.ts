import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from '../support/in-process.js';

const HINT = '(run with --help for usage)\n';

describe('command-line usage errors carry a stable code, printed like every other error', () => {
  it.each([
    [['plna'], "USAGE_UNKNOWN_COMMAND: unknown command 'plna' (Did you mean plan?)"],
    [['plan', '--foo'], "USAGE_UNKNOWN_OPTION: unknown option '--foo'"],
    [['plan', '--fomat', 'json'], "USAGE_UNKNOWN_OPTION: unknown option '--fomat' (Did you mean --format?)"],
    [['plan', '--concurrency', 'abc'], "USAGE_INVALID_VALUE: option '--concurrency <n>' argument 'abc' is invalid. expected a whole number of at least 1"],
    [['plan', '--format', 'xml'], "USAGE_INVALID_VALUE: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, json."],
    [['validate', '--tenant'], "USAGE_MISSING_ARGUMENT: option '--tenant <glob>' argument missing"],
    [['show'], "USAGE_MISSING_ARGUMENT: missing required argument 'plan'"],
    [['approvers'], "USAGE_MISSING_ARGUMENT: required option '--plan <file>' not specified"],
    [['show', 'a.json', 'b.json'], "USAGE_TOO_MANY_ARGUMENTS: too many arguments for 'show'. Expected 1 argument but got 2."],
  ])('groupform %j', async (args, error) => {
    const result = await runMain(args, { cwd: await tempDir() });
    expect(result.stderr).toBe(`groupform: error ${error}\n${HINT}`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });

  it('no command: the help, then the error with its code', async () => {
    const result = await runMain([], { cwd: await tempDir() });
    expect(result.stderr).toMatch(/^Usage: groupform \[options\] \[command\]\n/);
    expect(result.stderr.endsWith('\ngroupform: error USAGE_MISSING_COMMAND: no command given: name one of the commands listed above\n')).toBe(true);
    expect(result.status).toBe(1);
  });

  it('help and version are not errors', async () => {
    for (const args of [['--help'], ['plan', '--help'], ['--version']]) {
      const result = await runMain(args, { cwd: await tempDir() });
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.stdout.length).toBeGreaterThan(0);
    }
  });
});
