import { formatInstant } from '../../model/expiry.js';
import { type AccessReport, buildAccessRows } from '../../report/access-report.js';
import { renderCsv, renderReportJson, renderReportMarkdown } from '../../report/formats.js';
import { gitSince } from '../../report/git-since.js';
import type { CommandIo } from '../io.js';
import { loadLiveTenants, openProvider, type SelectionOptions } from './common.js';
import { clockOf, loadSelectedDesired } from './selection.js';

export interface ReportOptions extends SelectionOptions {
  format: 'csv' | 'json' | 'markdown';
  liveState?: string;
}

/** Exports every membership (declared and live, with orphans) per tenant and group, for an access review. */
export async function runReport(options: ReportOptions, io: CommandIo): Promise<number> {
  const now = clockOf(options, io);
  const desired = await loadSelectedDesired(options, io, now);
  // History is read while the live state loads; gitSince never fails (a file without history has no dates).
  const since = gitSince(desired.files, io.cwd);
  const provider = await openProvider(desired, options, io);
  let report: AccessReport;
  try {
    const live = await loadLiveTenants(desired, provider, options, io);
    const liveOf = new Map(live.map((t) => [t.tenantId, t]));
    const sinceOf = await since;
    const rows = desired.tenants.flatMap((tenant) => buildAccessRows(tenant, liveOf.get(tenant.tenantId)!, now, sinceOf));
    report = { asOf: formatInstant(now), rows };
  } finally {
    await provider.close();
  }
  const render = { csv: renderCsv, json: renderReportJson, markdown: renderReportMarkdown }[options.format];
  io.stdout.write(render(report));
  return 0;
}
