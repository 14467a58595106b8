// `npm run build && node dist/bench/hostile.js`: `groupform plan` as a child process against servers that trickle,
// stream without end or answer 1 GiB; prints, per server, how long plan took against its configured deadline, how
// it ended and its peak RSS. A benchmark, not a test: the tests check the outcomes, this measures time and memory.
// Flags: --timeout S (5, the config's provider.http.timeoutSeconds) --tenants N (4, read concurrently)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostileKinds, startHostileServer } from './hostile-servers.js';
import { runMeasured } from './measure.js';

const { values } = parseArgs({ options: { timeout: { type: 'string' }, tenants: { type: 'string' } } });
const timeoutSeconds = Number(values.timeout ?? 5);
const tenants = Number(values.tenants ?? 4);
const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const rows = ['| server | tenants | deadline | plan took | exit | error | peak RSS |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const kind of hostileKinds) {
  const server = await startHostileServer(kind, 400);
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-hostile-'));
  try {
    const tenantLines = Array.from({ length: tenants }, (_, i) => `  T${i + 1}:\n    groups: {}\n`).join('');
    await writeFile(
      join(dir, 'groupform.yaml'),
      `version: 1\nprovider:\n  type: scim\n  baseUrl: ${server.url}/{tenantId}/scim/v2\n  token: \${TOKEN}\n  http: {timeoutSeconds: ${timeoutSeconds}}\ntenants:\n${tenantLines}`,
    );
    const run = await runMeasured([cliPath, 'plan', '--concurrency', String(tenants)], { TOKEN: 'bench-token-0123456789' }, dir, 120_000);
    const code = /error ([A-Z_0-9]+)/g;
    const codes = [...new Set([...run.stderr.matchAll(code)].map((m) => m[1]))].join(', ');
    const inner = /(HTTP_[A-Z_]+)|(did not complete within [^(]+)|(larger than [^(]+)/.exec(run.stderr)?.[0] ?? '';
    rows.push(
      `| ${kind} | ${tenants} | ${timeoutSeconds} s | ${(run.ms / 1000).toFixed(2)} s | ${run.exitCode} | ${codes}: ${inner.trim()} | ${run.peakRssMiB?.toFixed(0) ?? '?'} MiB |`,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
process.stdout.write(`${rows.join('\n')}\n`);
