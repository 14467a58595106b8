import { loadDesiredFromTexts } from '../../config/index.js';
import { tenantsChangedSince } from '../../config/changed-tenants.js';
import { withoutUnrelatedYaml } from '../../config/discovery.js';
import { GroupformError } from '../../errors.js';
import { readConfigAtRef } from '../../git/config-at-ref.js';
import type { DesiredState, NotChecked } from '../../model/types.js';
import { compareStrings } from '../../model/normalize.js';
import { countOf } from '../../render/change-lines.js';
import type { CommandIo } from '../io.js';

/**
 * `plan --changed-since REF`: the selected tenants whose configuration means something else than at REF, and the
 * ones left out. When the config at REF cannot be read (it did not exist, or did not load) every tenant is planned.
 */
export async function keepChangedSince(
  desired: DesiredState,
  ref: string,
  paths: readonly string[],
  io: CommandIo,
): Promise<{ desired: DesiredState; notChecked: NotChecked }> {
  const atRef = await readConfigAtRef(ref, paths, io.cwd);
  const short = atRef.commit.slice(0, 7);
  const before = loadAtRef(atRef.files, atRef.missing, paths, io, `${ref} (${short})`);
  const { changed, unchanged } = tenantsChangedSince(desired, before);
  const kept = new Set(changed);
  io.stderr.write(
    `groupform: --changed-since ${ref} (${short}): ${countOf(changed.length, 'tenant')} of ${desired.tenants.length} changed; ` +
      `${countOf(unchanged.length, 'tenant')} not checked\n`,
  );
  return {
    desired: { ...desired, tenants: desired.tenants.filter((t) => kept.has(t.tenantId)) },
    notChecked: { changedSince: ref, commit: atRef.commit, tenants: [...unchanged].sort(compareStrings) },
  };
}

function loadAtRef(
  files: readonly { file: string; text: string }[],
  missing: readonly string[],
  paths: readonly string[],
  io: CommandIo,
  at: string,
): DesiredState | undefined {
  const planAll = (why: string): undefined => void io.stderr.write(`groupform: --changed-since: ${why} at ${at}; planning every tenant\n`);
  if (missing.length > 0) return planAll(`${missing.join(', ')} did not exist`);
  try {
    // At REF the clock rules (maxDuration) are not checked: time has moved on since, and they say nothing of meaning.
    return loadDesiredFromTexts(withoutUnrelatedYaml(files, paths.length === 0 ? files.map((f) => f.file) : paths, io.cwd).kept, io.env);
  } catch (error) {
    if (!(error instanceof GroupformError)) throw error;
    return planAll(`the configuration did not load (${error.code}: ${error.message})`);
  }
}
