import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/main.js';
import { compareDiagnostics, type Diagnostic, formatDiagnostic, GroupformError } from '../../src/errors.js';

const forged = 'Old\x1b[2K\rgroupform.yaml:1:1: all good\x1b[8m';

describe('messages carrying names from configs and servers', () => {
  it('a diagnostic escapes control characters, so a name cannot erase or forge a line', () => {
    const line = formatDiagnostic({ severity: 'error', code: 'NAME_CONFLICT', message: `group "${forged}"`, file: 'a.yaml', line: 3, column: 5 });
    expect(line).toBe('a.yaml:3:5: error NAME_CONFLICT: group "Old\\u001b[2K\\u000dgroupform.yaml:1:1: all good\\u001b[8m"');
  });

  it('an error message keeps the line breaks of its list but escapes every other control character', () => {
    let stderr = '';
    const error = new GroupformError('LOAD_FAILED', `could not load "${forged}":`, { list: [`T1: "${forged}\n+ forged line"`, 'T2: ok'], footer: `Run again.\n+ forged` });
    const code = reportError(error, {
      stdout: { write: () => undefined },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      cwd: '/',
    });
    expect(code).toBe(1);
    const shown = 'Old\\u001b[2K\\u000dgroupform.yaml:1:1: all good\\u001b[8m';
    expect(stderr).toBe(
      `groupform: error LOAD_FAILED: could not load "${shown}":\n  T1: "${shown}\\u000a+ forged line"\n  T2: ok\nRun again.\\u000a+ forged\n`,
    );
    // The message itself, for the programmatic API, still holds the whole text.
    expect(error.message).toBe(`could not load "${forged}":\n  T1: "${forged}\n+ forged line"\n  T2: ok\nRun again.\n+ forged`);
  });

  it('diagnostics sort by code point, whatever the locale', () => {
    const at = (file: string): Diagnostic => ({ severity: 'error', code: 'X', message: '', file, line: 1, column: 1 });
    const sorted = [at('aa.yaml'), at('Zz.yaml'), at('Ab.yaml')].sort(compareDiagnostics).map((d) => d.file);
    expect(sorted).toEqual(['Ab.yaml', 'Zz.yaml', 'aa.yaml']);
  });
});
