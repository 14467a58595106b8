import { loadDesired, loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError, type Diagnostic } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/types.js';
import { repoRoot } from '../../support/cli.js';

export { repoRoot };
export const fixtures = 'test/fixtures/config';

/** `file:line:column CODE` of every diagnostic, in the order reported. */
export async function diagnosticsOf(paths: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  return placed(await expectDiagnostics(() => loadDesired(paths, { env, cwd: repoRoot })));
}

/** Diagnostics of config texts: one text is `c.yaml`; a record maps file names to texts. */
export function textDiagnostics(texts: string | Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const files = typeof texts === 'string' ? [{ file: 'c.yaml', text: texts }] : Object.entries(texts).map(([file, text]) => ({ file, text }));
  return expectDiagnostics(async () => loadDesiredFromTexts(files, env)).then(placed);
}

export async function expectDiagnostics(load: () => Promise<DesiredState>): Promise<Diagnostic[]> {
  try {
    await load();
  } catch (error) {
    if (error instanceof DiagnosticsError) return [...error.diagnostics];
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

function placed(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
}

/** A DesiredState without source positions, for comparing meaning. */
export function withoutPositions(desired: DesiredState): unknown {
  return JSON.parse(JSON.stringify(desired, (key, value: unknown) => (key === 'at' || key === 'providerAt' || key === 'files' ? undefined : value)));
}

export const provider = `version: 1
provider:
  type: descope
  projectId: P2test
`;
