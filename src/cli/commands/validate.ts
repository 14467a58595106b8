import type { CommandIo } from '../io.js';
import { loadSelectedDesired, type SelectionOptions } from './selection.js';
import { countOf } from '../../render/change-lines.js';
import { renderExplain } from '../../render/explain.js';

export async function runValidate(options: SelectionOptions & { explain?: boolean }, io: CommandIo): Promise<number> {
  const desired = await loadSelectedDesired(options, io);
  const groups = desired.tenants.reduce((n, t) => n + t.groups.length, 0);
  const members = desired.tenants.reduce((n, t) => n + t.groups.reduce((m, g) => m + (g.members?.length ?? 0), 0), 0);
  io.stdout.write(
    `Valid: ${countOf(desired.files.length, 'file')}, ${countOf(desired.tenants.length, 'tenant')}, ` +
      `${countOf(groups, 'group')}, ${countOf(members, 'member')} (provider ${desired.provider.type}).\n`,
  );
  if (options.explain === true) io.stdout.write(`\n${renderExplain(desired)}`);
  return 0;
}
