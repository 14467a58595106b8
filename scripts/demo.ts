// `npm run demo`: the quick start. Starts the emulator in-process from examples/quickstart/seed.json and runs
// the real CLI against it: plan, apply, then plan again, printing what a user would see.
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { main } from '../src/cli/main.js';
import { colorEnabled, type CommandIo } from '../src/cli/io.js';
import { startEmulator } from '../src/emulator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = join(root, 'examples', 'quickstart');

const emulator = await startEmulator({ seed: join(example, 'seed.json'), port: 0 });
const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: {
    ...process.env,
    DESCOPE_BASE_URL: emulator.url,
    DESCOPE_PROJECT_ID: 'P2quickstart',
    DESCOPE_MANAGEMENT_KEY: 'mk-quickstart',
    ACME_SCIM_KEY: 'sk-acme',
    GLOBEX_SCIM_KEY: 'sk-globex',
  },
  cwd: root,
};
const config = relative(root, example);

const bold = colorEnabled(io, process.stdout) ? (text: string) => `\x1b[1m${text}\x1b[0m` : (text: string) => text;

async function step(title: string, args: string[]): Promise<number> {
  process.stdout.write(`\n${bold(`$ groupform ${args.join(' ')}`)}   # ${title}\n`);
  const code = await main(args, io);
  process.stdout.write(`(exit ${code})\n`);
  return code;
}

let failed = false;
try {
  process.stdout.write(`Emulator with the quick-start seed at ${emulator.url}\n`);
  failed ||= (await step('what would change', ['plan', config])) !== 0;
  failed ||= (await step('make it so', ['apply', config, '--auto-approve'])) !== 0;
  failed ||= (await step('nothing left to do: exit 0', ['plan', config, '--detailed-exitcode'])) !== 0;
} finally {
  await emulator.close();
}
process.exitCode = failed ? 1 : 0;
