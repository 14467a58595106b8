import type { CommandIo } from '../io.js';
import { loadSelectedDesired, type SelectionOptions } from './common.js';

export async function runValidate(options: SelectionOptions, io: CommandIo): Promise<number> {
  const desired = await loadSelectedDesired(options, io);
  const groups = desired.tenants.reduce((n, t) => n + t.groups.length, 0);
  const members = desired.tenants.reduce((n, t) => n + t.groups.reduce((m, g) => m + (g.members?.length ?? 0), 0), 0);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  io.stdout.write(
    `Valid: ${plural(desired.files.length, 'file')}, ${plural(desired.tenants.length, 'tenant')}, ` +
      `${plural(groups, 'group')}, ${plural(members, 'member')} (provider ${desired.provider.type}).\n`,
  );
  return 0;
}
