import { dirname, join, resolve } from 'node:path';
import { formatConfig, loadDesired } from '../../config/index.js';
import { ExitCode } from '../../errors.js';
import { createOutputDir, planOutputs, refuseExistingOutputs, resolveDestination, type ImportOutput } from '../../import/destination.js';
import { extractSets, type ProposedSet } from '../../import/extract-sets.js';
import { importTenant, type ImportedTenant } from '../../import/live-to-config.js';
import { importedConfigData, renderImportedConfig } from '../../import/render-config.js';
import { renderCanonicalText } from '../../config/canonical-text.js';
import { findSchemaTarget, schemaRefFrom } from '../../import/schema-ref.js';
import { selectImportTargets } from '../../import/targets.js';
import type { DesiredState, LiveTenant, ProviderIdentity } from '../../model/types.js';
import { readTextFile, writeFileAtomic } from '../files.js';
import type { CommandIo } from '../io.js';
import { loadLiveTenants, openProvider, type SelectionOptions } from './common.js';
import { countOf } from '../../render/change-lines.js';

export interface ImportCommandOptions extends SelectionOptions {
  out?: string;
  liveState?: string;
  /** Propose a member set for the members a group has in every imported tenant holding it. */
  extractSets?: boolean;
}

/** `groupform import`: the live state of tenants as config YAML (tenants only), to sit beside the provider file. */
export async function runImport(options: ImportCommandOptions, io: CommandIo): Promise<number> {
  const config = await loadDesired(options.paths, { env: io.env, cwd: io.cwd });
  const desired = selectImportTargets(config, options, io.env);
  warnAboutDeclared(config, desired, io);
  const providerFile = resolve(io.cwd, config.providerAt.file);
  const schemaTarget = findSchemaTarget(await readTextFile(io, config.providerAt.file), providerFile);
  const destination = await resolveDestination(options.out, io.cwd);
  const tenantOutputs = planOutputs(desired.tenants.map((t) => t.tenantId), destination, io.cwd, dirname(providerFile));
  // In a directory the proposed sets get a file of their own; elsewhere they join the one output.
  const setsOutput = options.extractSets === true && destination.kind === 'dir' ? setsFileOutput(destination.path, tenantOutputs) : undefined;
  // Before any request: a refused destination should not cost a load of every tenant.
  await refuseExistingOutputs(setsOutput === undefined ? tenantOutputs : [...tenantOutputs, setsOutput], io.cwd);

  const { live, identity } = await loadTargets(desired, options, io);
  const plain = live.map(importTenant);
  const { tenants: importedTenants, sets } = options.extractSets === true ? extractSets(plain) : { tenants: plain, sets: [] };
  const imported = new Map(importedTenants.map((tenant) => [tenant.tenantId, tenant]));
  const outputs = setsOutput !== undefined && sets.length > 0 ? [...tenantOutputs, setsOutput] : tenantOutputs;
  await createOutputDir(destination, io.cwd);
  // Every text before any write, so a failure while rendering writes no file at all.
  const texts = outputs.map((output) => {
    const tenants = output.tenantIds.flatMap((id) => imported.get(id) ?? []);
    const declares = output === setsOutput || (setsOutput === undefined && sets.length > 0) ? sets : [];
    return renderOutput(tenants, output, identity, schemaRefFrom(schemaTarget, output.dir), declares);
  });
  for (const [index, output] of outputs.entries()) {
    if (output.path === undefined) io.stdout.write(texts[index] ?? '');
    else await writeFileAtomic(io, output.path, texts[index] ?? '');
  }
  io.stderr.write(`${describeImport(plain, outputs, sets)}\n`);
  return ExitCode.ok;
}

function setsFileOutput(dirPath: string, tenantOutputs: readonly ImportOutput[]): ImportOutput {
  const taken = new Set(tenantOutputs.map((o) => o.path));
  const name = ['sets.yaml', 'shared-sets.yaml', 'import-sets.yaml'].find((n) => !taken.has(join(dirPath, n))) ?? 'import-sets.yaml';
  return { path: join(dirPath, name), dir: tenantOutputs[0]?.dir ?? resolve(dirPath), tenantIds: [] };
}

async function loadTargets(
  desired: DesiredState,
  options: ImportCommandOptions,
  io: CommandIo,
): Promise<{ live: LiveTenant[]; identity: ProviderIdentity }> {
  const provider = await openProvider(desired, options, io);
  try {
    return { live: await loadLiveTenants(desired, provider, options, io), identity: provider.identity };
  } finally {
    await provider.close();
  }
}

function renderOutput(tenants: readonly ImportedTenant[], output: ImportOutput, provider: ProviderIdentity, schemaRef: string, sets: readonly ProposedSet[]): string {
  // Canonical as `fmt` writes it, so `fmt --check` passes on the file as imported: rendered so directly where the
  // names allow, else through yaml.
  const options = { provider, schemaRef, sets };
  const { data, comments } = importedConfigData(tenants, options);
  return renderCanonicalText(data, comments) ?? formatConfig(renderImportedConfig(tenants, options), output.path ?? '<stdout>');
}

function warnAboutDeclared(config: DesiredState, desired: DesiredState, io: CommandIo): void {
  const declared = new Map(config.tenants.map((t) => [t.tenantId, t.at]));
  for (const tenant of desired.tenants) {
    const at = declared.get(tenant.tenantId);
    if (at === undefined) continue;
    io.stderr.write(
      `groupform: warning: tenant ${tenant.tenantId} is already declared at ${at.file}:${at.line}:${at.column}; ` +
        'replace that declaration with the imported one, or the config set declares it twice\n',
    );
  }
}

function describeImport(imported: readonly ImportedTenant[], outputs: readonly ImportOutput[], sets: readonly ProposedSet[]): string {
  const groups = imported.reduce((n, t) => n + t.groups.length, 0);
  const members = imported.reduce((n, t) => n + t.groups.reduce((m, g) => m + (g.members?.length ?? 0), 0), 0);
  const skipped = imported.reduce((n, t) => n + t.skipped.length, 0);
  const files = outputs.flatMap((o) => (o.path === undefined ? [] : [o.path]));
  const where = files.length === 0 ? '' : files.length === 1 ? ` to ${files[0]}` : ` to ${countOf(files.length, 'file')}`;
  const left = skipped === 0 ? '' : ` (${countOf(skipped, 'live group')} left out, see the comments)`;
  const proposed = sets.length === 0 ? '' : `, proposing ${countOf(sets.length, 'member set')} (${sets.map((s) => s.name).join(', ')})`;
  return `Imported ${countOf(imported.length, 'tenant')}, ${countOf(groups, 'group')}, ${countOf(members, 'member')}${where}${proposed}${left}.`;
}
