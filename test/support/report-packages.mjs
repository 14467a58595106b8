// Preloaded (`node --import`) by tests that check what a command loads: on exit, writes to stderr the packages of
// node_modules the process loaded (CommonJS ones land in require.cache, however they were imported).
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const names = Object.keys(cache).map((file) => /node_modules[\\/]([^\\/]+)/.exec(file)?.[1]).filter((name) => name !== undefined);
  process.stderr.write(`loaded: ${JSON.stringify([...new Set(names)].sort())}\n`);
});
