import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMain } from '../../support/in-process.js';
import { withProxy, type EchoFormat } from '../../support/proxy.js';
import { E2E_CONFIG, MANAGEMENT_KEY, SCIM_KEYS, e2eEnv, e2eSeed, startScenario } from './fixtures.js';

const SCIM_TOKEN = 'scim-token-leak-7c1e9d';
// The promise: not even this many characters of a secret in a row.
const SECRET_PIECE = 8;
const SECRETS = [MANAGEMENT_KEY, ...Object.values(SCIM_KEYS), SCIM_TOKEN];

/** Every SECRET_PIECE-character piece of every secret that shows up in `text`. */
function leakedPieces(text: string): string[] {
  const found = new Set<string>();
  for (const secret of SECRETS) {
    for (let i = 0; i + SECRET_PIECE <= secret.length; i += 1) {
      const piece = secret.slice(i, i + SECRET_PIECE);
      if (text.includes(piece)) found.add(piece);
    }
  }
  return [...found];
}

/** What a command printed plus every file it left in `dir` (plans, journals). */
async function everythingWritten(dir: string, outputs: string[]): Promise<string> {
  const files = await readdir(dir);
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return [...outputs, ...texts].join('\n');
}

const formats: EchoFormat[] = ['text', 'json', 'html'];

describe.each(formats)('error bodies in %s echoing the request headers', (format) => {
  test('descope: no piece of a key in plan, apply, the saved plan, the journal or the debug log', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    let refuseWrites = false;
    let refuseReads = false;
    const outputs: string[] = [];
    await withProxy(
      emulator.url,
      (line) => {
        const write = /^(POST|PATCH|PUT|DELETE) \/scim\/v2/.test(line);
        return (write && refuseWrites) || (!write && refuseReads) ? { status: 400, echo: format } : 'forward';
      },
      async (url) => {
        const env = e2eEnv(url);
        const planned = await runMain(['plan', '--out', 'plan.json', '--debug'], { cwd: dir, env });
        expect(planned.status, planned.stderr).toBe(0);
        refuseWrites = true;
        const applied = await runMain(['apply', '--plan', 'plan.json', '--auto-approve', '--debug'], { cwd: dir, env });
        expect(applied.status).toBe(1);
        expect(applied.stderr).toMatch(/HTTP_400/);
        refuseReads = true;
        const failed = await runMain(['plan', '--format', 'json', '--debug'], { cwd: dir, env });
        expect(failed.status).toBe(1);
        expect(failed.stderr).toMatch(/LOAD_FAILED|HTTP_400/);
        outputs.push(planned.stdout, planned.stderr, applied.stdout, applied.stderr, failed.stdout, failed.stderr);
      },
    );
    const written = await everythingWritten(dir, outputs);
    expect(written).toContain('journal');
    expect(leakedPieces(written)).toEqual([]);
    // Markup is never quoted, whatever it holds.
    expect(written).not.toMatch(/<script|<html|<!DOCTYPE/i);
  });

  test('scim: no piece of the token when every request is refused', async () => {
    const seed = { tenants: { 'tenant-a': { scimKey: SCIM_TOKEN, users: [], groups: [] } } };
    const config = `version: 1
provider:
  type: scim
  baseUrl: \${SCIM_BASE_URL}/{tenantId}/scim/v2
  token: \${SCIM_TOKEN}
tenants:
  tenant-a:
    groups: {}
`;
    const { emulator, dir } = await startScenario(seed, config);
    const outputs = await withProxy(
      emulator.url,
      () => ({ status: 400, echo: format }),
      async (url) => {
        const failed = await runMain(['plan', '--debug'], { cwd: dir, env: { SCIM_BASE_URL: url, SCIM_TOKEN } });
        expect(failed.status).toBe(1);
        expect(failed.stderr).toMatch(/LOAD_FAILED/);
        return [failed.stdout, failed.stderr];
      },
    );
    const written = await everythingWritten(dir, outputs);
    expect(leakedPieces(written)).toEqual([]);
    expect(written).not.toMatch(/<script|<html|<!DOCTYPE/i);
    // A plain-text or JSON body is still quoted, cut short: the server's words help.
    if (format !== 'html') expect(written).toMatch(/400 Bad Request \(.*request rejected; request rejected;/);
  });
});
