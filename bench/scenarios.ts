// The scenarios of `npm run bench` and the contenders run in each.
import type { EmulatorOptions } from '../src/emulator/index.js';
import type { ScenarioSpec } from './generate.js';

export type ScenarioKind = 'plan' | 'apply';

export interface Scenario {
  id: string;
  title: string;
  kind: ScenarioKind;
  spec: ScenarioSpec;
  /** Emulator settings beyond the seed and latency. */
  emulator?: Partial<EmulatorOptions>;
  /** The footnote's sequential SDK script runs here too (one run: it is slow). */
  sequentialPeer?: boolean;
}

export const scenarios: readonly Scenario[] = [
  {
    id: 'many-tenants',
    title: 'plan: 200 tenants x 20 groups x 20 members (5% drift)',
    kind: 'plan',
    spec: { tenants: 200, groups: 20, members: 20, users: 100, drift: 0.05, seed: 1 },
    sequentialPeer: true,
  },
  {
    id: 'big-tenant',
    title: 'plan: 1 tenant x 5,000 groups x 50 members (5% drift)',
    kind: 'plan',
    spec: { tenants: 1, groups: 5000, members: 50, users: 5000, drift: 0.05, seed: 2 },
  },
  {
    id: 'fleet',
    title: 'plan: 2,000 tenants x 5 groups x 10 members (5% drift; the fleet)',
    kind: 'plan',
    spec: { tenants: 2000, groups: 5, members: 10, users: 20, drift: 0.05, seed: 4 },
  },
  {
    id: 'members-omitted',
    title: 'plan: 1 tenant x 500 groups x 20 members whose group/all omits members (5% drift)',
    kind: 'plan',
    spec: { tenants: 1, groups: 500, members: 20, users: 1000, drift: 0.05, omitMembers: true, seed: 5 },
    emulator: { descopeInlineMembers: false },
  },
  {
    // 5 tenants x 10 groups x (100 added + 100 removed) = 10,000 member changes; 200 per group crosses the
    // 100-operations-per-PATCH line, so batching shows as 2 writes per group.
    id: 'apply-10k',
    title: 'apply: 10,000 member changes (5 tenants x 10 changed groups x 200)',
    kind: 'apply',
    spec: { tenants: 5, groups: 40, members: 100, users: 400, drift: 0, churn: { groups: 10, adds: 100, removes: 100 }, seed: 3 },
  },
];

export type ContenderId = 'groupform' | 'groupform-offline' | 'sdk-peer' | 'sdk-peer-sequential' | 'node-startup';

export const contenderTitles: Record<ContenderId, string> = {
  groupform: 'groupform',
  'groupform-offline': 'groupform --live-state (no network)',
  'sdk-peer': '@descope/node-sdk script (8 in flight)',
  'sdk-peer-sequential': '@descope/node-sdk script, sequential (footnote)',
  'node-startup': 'node -e 0 (process start)',
};

export interface ContenderArgs {
  cliPath: string;
  peerPath: string;
  configPath: string;
  seedPath: string;
  concurrency: number;
}

/** The child's arguments (after `node --import rss-probe`). */
export function contenderArgs(kind: ScenarioKind, contender: ContenderId, a: ContenderArgs): string[] {
  const concurrency = ['--concurrency', String(a.concurrency)];
  const peerApply = kind === 'apply' ? ['--apply'] : [];
  switch (contender) {
    case 'groupform':
      return kind === 'plan'
        ? [a.cliPath, 'plan', a.configPath, ...concurrency, '--format', 'json']
        : [a.cliPath, 'apply', a.configPath, ...concurrency, '--auto-approve', '--no-color'];
    case 'groupform-offline':
      return [a.cliPath, 'plan', a.configPath, '--live-state', a.seedPath, '--format', 'json'];
    case 'sdk-peer':
      return [a.peerPath, a.configPath, ...peerApply];
    case 'sdk-peer-sequential':
      return [a.peerPath, a.configPath, ...peerApply, '--sequential'];
    case 'node-startup':
      // Measured once by run.ts with its own arguments, never as a scenario's contender.
      throw new Error('node-startup is not a scenario contender');
  }
}

export function contendersOf(scenario: Scenario): ContenderId[] {
  const peers: ContenderId[] = ['sdk-peer', ...(scenario.sequentialPeer === true ? (['sdk-peer-sequential'] as const) : [])];
  return scenario.kind === 'plan' ? ['groupform', 'groupform-offline', ...peers] : ['groupform', ...peers];
}

/** Runs per contender: the footnote's sequential script once. */
export function runsOf(contender: ContenderId, runs: number): number {
  return contender === 'sdk-peer-sequential' ? 1 : runs;
}
