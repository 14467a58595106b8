// Preloaded into every measured child (`node --import`): on exit it writes the process's own peak RSS (KiB),
// so a contender's memory is its own, not the harness's or the emulator's.
import { writeFileSync } from 'node:fs';

const file = process.env.GF_BENCH_RSS_FILE;
if (file !== undefined && file !== '') {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
