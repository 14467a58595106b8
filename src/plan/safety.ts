import type { BlockedReason, GroupChange, LiveGroup, SafetyLimits } from '../model/types.js';

// Below these sizes a percentage says little (1 of 3 is 33%), so small tenants are never blocked (README, Configuration reference).
const MIN_LIVE_MEMBERSHIPS = 20;
const MIN_LIVE_GROUPS = 8;

/** Safety (README, Safety and saved plans): what makes this tenant's changes need `--acknowledge <planId>`. */
export function checkSafety(changes: readonly GroupChange[], live: readonly LiveGroup[], limits: SafetyLimits): BlockedReason[] {
  const blocked: BlockedReason[] = [];
  const memberships = live.reduce((n, g) => n + g.members.length, 0);
  const removals = changes.reduce((n, c) => n + c.remove.length, 0);
  if (memberships >= MIN_LIVE_MEMBERSHIPS && exceeds(removals, memberships, limits.maxRemovalPercent)) {
    blocked.push({
      code: 'MAX_REMOVALS',
      message: `removes ${removals} of ${memberships} live memberships (${formatPercent(removals, memberships, limits.maxRemovalPercent)}%), over maxRemovalPercent ${limits.maxRemovalPercent}`,
    });
  }
  const deletions = changes.filter((c) => c.action === 'delete').length;
  if (live.length >= MIN_LIVE_GROUPS && exceeds(deletions, live.length, limits.maxGroupDeletePercent)) {
    blocked.push({
      code: 'MAX_GROUP_DELETES',
      message: `deletes ${deletions} of ${live.length} live groups (${formatPercent(deletions, live.length, limits.maxGroupDeletePercent)}%), over maxGroupDeletePercent ${limits.maxGroupDeletePercent}`,
    });
  }
  return blocked;
}

// Integer arithmetic, so 25 of 100 is exactly at a limit of 25 and not over it.
function exceeds(count: number, total: number, limitPercent: number): boolean {
  return count * 100 > limitPercent * total;
}

// One decimal unless that would round down to the limit itself ("25% over 25" reads as a bug).
function formatPercent(count: number, total: number, limitPercent: number): string {
  const exact = (count * 100) / total;
  for (let digits = 1; digits < 6; digits++) {
    const shown = Number(exact.toFixed(digits));
    if (shown > limitPercent) return String(shown);
  }
  return String(exact);
}
