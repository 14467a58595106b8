import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';

// In a process of its own (built code, as the CLI runs it): this test process may have loaded undici whole.
const script = (httpModule: string) => `
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
const { HttpClient, RequestLimiter } = await import(${JSON.stringify(httpModule)});
const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new HttpClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, limiter: new RequestLimiter(1) });
const answer = await client.request({ method: 'GET', path: '/' });
await client.close();
server.close();
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('/node_modules/undici/'));
console.log(JSON.stringify({ body: answer.body, entryPoint: loaded.some((file) => file.endsWith('/node_modules/undici/index.js')) }));
`;

describe('the HTTP client loads only the parts of undici it uses', () => {
  it('answers a request without loading undici\'s entry point', () => {
    const httpModule = pathToFileURL(join(repoRoot, 'dist', 'src', 'http', 'index.js')).href;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script(httpModule)], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout) as unknown).toEqual({ body: { ok: true }, entryPoint: false });
  });
});
