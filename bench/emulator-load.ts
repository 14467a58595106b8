// Measures the emulator: start-up with a 1,000-tenant x 100-group seed, and requests per second at latency 0.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/emulator-load.js [--seconds 4] [--inflight 32]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Snapshot } from '../src/config/snapshot.js';
import { startEmulator } from '../src/emulator/index.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function generateSeed(tenantCount: number, groupsPerTenant: number, usersPerTenant: number): Snapshot {
  const tenants: Snapshot['tenants'] = {};
  for (let t = 0; t < tenantCount; t++) {
    const users = Array.from({ length: usersPerTenant }, (_, u) => ({ userId: `U${t}x${u}`, loginId: `user${u}@tenant${t}.test`, display: `User ${u}` }));
    const groups = Array.from({ length: groupsPerTenant }, (_, g) => ({
      id: `g${t}x${g}`,
      display: `Group ${g}`,
      members: [0, 1, 2].map((k) => users[(g + k) % usersPerTenant]!.userId),
    }));
    tenants[`T${String(t).padStart(4, '0')}`] = { scimKey: `sk-${t}`, users, groups };
  }
  return { projectId: 'P2bench', managementKey: 'mk-bench', tenants };
}

async function measureStartup(seed: Snapshot | string): Promise<number> {
  const started = performance.now();
  const emulator = await startEmulator({ seed });
  const elapsed = performance.now() - started;
  await emulator.close();
  return elapsed;
}

interface Target {
  method: 'GET' | 'POST';
  path: string;
  authorization: string;
  body?: string;
}

async function measureThroughput(seconds: number, inflight: number): Promise<{ rps: number; requests: number; errors: number }> {
  const emulator = await startEmulator({ seed: generateSeed(50, 100, 20) });
  const dispatcher = new Agent({ connections: inflight, pipelining: 1, keepAliveTimeout: 10_000 });
  // A mix of the calls groupform makes: management group loads, user search, SCIM list/get.
  const targets: Target[] = [
    { method: 'POST', path: '/v1/mgmt/group/all', authorization: 'Bearer P2bench:mk-bench', body: JSON.stringify({ tenantId: 'T0007' }) },
    { method: 'POST', path: '/v2/mgmt/user/search', authorization: 'Bearer P2bench:mk-bench', body: JSON.stringify({ tenantIds: ['T0003'], page: 0, limit: 100 }) },
    { method: 'GET', path: '/T0001/scim/v2/Groups?filter=displayName%20eq%20%22Group%2042%22', authorization: 'Bearer sk-1' },
    { method: 'GET', path: '/scim/v2/Groups/g2x5', authorization: 'Bearer P2bench:sk-2' },
  ];
  let requests = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async (w: number): Promise<void> => {
    for (let i = w; performance.now() < deadline; i += inflight) {
      const target = targets[i % targets.length]!;
      try {
        const response = await request(`${emulator.url}${target.path}`, {
          method: target.method,
          dispatcher,
          headers: { authorization: target.authorization, ...(target.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(target.body === undefined ? {} : { body: target.body }),
        });
        await response.body.arrayBuffer();
        if (response.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      requests++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  await dispatcher.close();
  await emulator.close();
  return { rps: requests / elapsed, requests, errors };
}

async function main(): Promise<void> {
  const seconds = Math.min(flag('seconds', 4), 30);
  const inflight = Math.min(flag('inflight', 32), 256);
  const seed = generateSeed(1000, 100, 20);
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-'));
  try {
    const jsonPath = join(dir, 'seed.json');
    await writeFile(jsonPath, JSON.stringify(seed));
    const objectMs = await measureStartup(seed);
    const fileMs = await measureStartup(jsonPath);
    console.log(`startup, 1,000 tenants x 100 groups (100,000 groups): seed object ${objectMs.toFixed(0)} ms, JSON file ${fileMs.toFixed(0)} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { rps, requests, errors } = await measureThroughput(seconds, inflight);
  console.log(`throughput, latency 0, ${inflight} in flight, ${seconds} s: ${rps.toFixed(0)} requests/s (${requests} requests, ${errors} errors)`);
}

await main();
