// Writes every benchmark scenario to DIR/<id>/ (groupform.yaml, seed.json, env.sh) for profiling by hand, e.g.
//   node dist/bench/write-scenarios.js /tmp/gfb && cd /tmp/gfb/big-tenant && . ./env.sh &&
//   groupform emulator --seed seed.json --latency 20 --port 4700 &
//   GF_BENCH_BASE_URL=http://127.0.0.1:4700 node --cpu-prof dist/src/cli/main.js plan groupform.yaml --format json
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateScenario, writeScenario } from './generate.js';
import { scenarios } from './scenarios.js';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: node dist/bench/write-scenarios.js DIR');
for (const scenario of scenarios) {
  const generated = generateScenario(scenario.spec);
  const dir = join(root, scenario.id);
  await writeScenario(dir, generated);
  const exports = Object.entries(generated.env).map(([name, value]) => `export ${name}=${value}`);
  await writeFile(join(dir, 'env.sh'), `${exports.join('\n')}\n`);
  process.stdout.write(`${dir}\n`);
}
