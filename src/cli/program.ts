import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from './io.js';

// The nearest package.json above this file: the same lookup works from src/ (tests) and from dist/src/ (the binary).
function readVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

const version = readVersion();

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function example(lines: string): string {
  return `\nExamples:\n${lines.trim().split('\n').map((l) => `  ${l.trim()}`).join('\n')}\n`;
}

/** Options every config-reading command shares (README, Commands); the request options only where there are requests. */
function withSelection(command: Command, network = true): Command {
  command
    .option('--tenant <glob>', 'only tenants whose id matches (repeatable; * and ? wildcards)', collect)
    .option('--exclude-tenant <glob>', 'skip tenants whose id matches (repeatable)', collect)
    .option('--shard <K/N>', 'take every N-th selected tenant, starting at the K-th (fan out over CI jobs)');
  if (network) command.option('--concurrency <n>', 'requests in flight at most', positiveInt, 4);
  command.option('--no-color', 'no ANSI colours (also NO_COLOR)');
  if (network) command.option('--debug', 'log requests to stderr, secrets redacted');
  return command;
}

const TOP_LEVEL_HELP = `
Exit codes:
  0  success (plan --detailed-exitcode: no changes)
  1  error: invalid config, unknown members, provider or network failure, a failed change
  2  plan --detailed-exitcode: changes present
  3  blocked by a safety rule

Environment:
  \${VAR} in the config      any variable a config names (keys, tokens), read at load
  DESCOPE_BASE_URL            the Descope API base URL when the config leaves baseUrl empty
  HTTPS_PROXY, HTTP_PROXY     proxy for https / http requests (CONNECT); lower-case names too
  NO_PROXY                    hosts reached directly (comma-separated)
  NODE_EXTRA_CA_CERTS         PEM file of a private CA to trust (read by Node at start)
  NO_COLOR, FORCE_COLOR, TERM colour off / forced (FORCE_COLOR=0: off); TERM=dumb: no colour or cursor codes
  GROUPFORM_NOW               the clock for expiries and reviews (like --now)

Docs: README.md, and docs/errors.md for every error code, in the package (node_modules/groupform/)
`;

// Commands are imported when they run: `plan` need not load the emulator, nor `validate` the HTTP client.
export function buildProgram(io: CommandIo, setExitCode: (code: number) => void): Command {
  const program = new Command('groupform')
    .description('Groups as code for multi-tenant identity: plan and apply tenants\' groups and members from YAML.')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Usage errors are printed by the one catch in main.ts, with their code, like every other error.
      outputError: () => undefined,
    })
    .addHelpText('after', TOP_LEVEL_HELP);

  withSelection(
    program
      .command('validate')
      .summary('check a config set: syntax, schema, cross references; no network')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
    false,
  )
    .option('--now <time>', 'the clock for expiries and reviews: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .option('--explain', 'also show what each template gives each tenant, and members reaching a group by several paths')
    .addHelpText('after', example(`
      groupform validate
      groupform validate config/ --explain  # what the templates contribute, and overlapping paths
      groupform validate config/            # every *.yaml below config/
      groupform validate providers.yaml tenants/acme.yaml`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/validate.js')).runValidate({ paths, ...opts }, io)));

  withSelection(
    program
      .command('plan')
      .summary('load the live state, compute the changes and print them')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'save the plan (JSON) for `apply --plan`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are')
    .option('--live-state <file>', 'read the live state from a snapshot (emulator seed shape) instead of the provider')
    .option('--acknowledge <planId>', 'accept a plan blocked by a safety rule, for exactly this plan id')
    .option('--now <time>', 'the clock for expiries and reviews: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .option('--changed-since <ref>', 'plan only tenants whose configuration means something else than at this git commit (the rest are listed as not checked)')
    .addHelpText('after', example(`
      groupform plan
      groupform plan config/ --format markdown > plan.md
      groupform plan config/ --changed-since origin/main   # only what the pull request changed
      groupform plan config/ --out plan.json --detailed-exitcode
      groupform plan config/ --live-state snapshot.yaml --format json
      groupform plan config/ --now 2027-02-01   # as it will be then: expired memberships removed`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/plan.js')).runPlan({ paths, ...opts }, io)));

  withSelection(
    program
      .command('apply')
      .summary('plan, confirm and perform the changes; or perform a saved plan')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
  )
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--plan <file>', 'perform a plan saved by `plan --out`, after checking it is still current')
    .option('--acknowledge <planId>', 'accept a plan blocked by a safety rule, for exactly this plan id')
    .option('--journal <file>', 'record each change\'s outcome as it happens (default: beside a saved plan)')
    .option('--live-state <file>', 'rehearse against a snapshot: plan, checks and confirmation run; nothing can be written')
    .option('--now <time>', 'the clock for expiries and reviews: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .addHelpText('after', example(`
      groupform apply                                   # asks for "yes" on a terminal
      groupform apply config/ --auto-approve
      groupform apply config/ --plan plan.json --auto-approve
      groupform apply config/ --acknowledge 3f9a1c2e7b10 --auto-approve`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/apply.js')).runApply({ paths, ...opts }, io)));

  program
    .command('show')
    .summary('print a plan saved by `plan --out` (like terraform show); no config, no network')
    .argument('<plan>', 'the saved plan (JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .addHelpText('after', example(`
      groupform show plan.json
      groupform show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"`))
    .action(async (file: string, opts) => setExitCode(await (await import('./commands/show.js')).runShow({ file, ...opts }, io)));

  withSelection(
    program
      .command('review')
      .summary('list groups whose access review is due or overdue; no network')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
    false,
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--now <time>', 'the clock reviews are judged at: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .option('--detailed-exitcode', 'exit 2 when a review is overdue')
    .addHelpText('after', example(`
      groupform review config/
      groupform review config/ --format json --now 2027-01-01`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/review.js')).runReview({ paths, ...opts }, io)));

  withSelection(
    program
      .command('report')
      .summary('export every membership (since when, why, until) and live members not declared; reads live state')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json', 'markdown']).default('csv'))
    .option('--live-state <file>', 'read the live state from a snapshot (emulator seed shape) instead of the provider')
    .option('--now <time>', 'the clock expiries are judged at: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .addHelpText('after', example(`
      groupform report config/ > access.csv
      groupform report config/ --format markdown --tenant T1`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/report.js')).runReport({ paths, ...opts }, io)));

  withSelection(
    program
      .command('approvers')
      .summary('list who must approve a saved plan, per changed group: grants and revocations')
      .argument('[paths...]', 'config files or directories (default ./groupform.yaml)'),
  )
    .requiredOption('--plan <file>', 'the plan saved by `plan --out`')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'codeowners']).default('text'))
    .option('--author <id>', 'login id or user id of the change\'s author: removing only themself needs no approval')
    .addHelpText('after', example(`
      groupform approvers config/ --plan plan.json
      groupform approvers config/ --plan plan.json --format json --author bob@acme.com
      groupform approvers config/ --plan plan.json --format codeowners > .github/CODEOWNERS`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/approvers.js')).runApprovers({ paths, ...opts }, io)));

  withSelection(
    program
      .command('import')
      .summary('write the live state of tenants as config YAML')
      .argument('[paths...]', 'the config set holding the provider (default ./groupform.yaml)'),
  )
    .option('--out <file|dir>', 'a file for all tenants, or a directory for one file per tenant (default stdout)')
    .option('--live-state <file>', 'read the live state from a snapshot instead of the provider')
    .option('--extract-sets', 'propose a member set for the members a group has in every imported tenant holding it')
    .addHelpText('after', example(`
      groupform import --tenant T2abc0000000000000000000000 > tenants/acme.yaml
      groupform import --tenant 'T2*' --out tenants/
      groupform import --tenant 'T2*' --out tenants/ --extract-sets   # shared members become sets.yaml`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/import.js')).runImport({ paths, ...opts }, io)));

  program
    .command('fmt')
    .summary('rewrite config files canonically (sorted, deduplicated, comments kept)')
    .argument('[paths...]', 'config files or directories (default ./groupform.yaml)')
    .option('--check', 'change nothing; print a unified diff and exit 1 when a file is not canonical')
    .option('--prune-expired', 'also remove member entries whose until has passed, so the files say who has access')
    .option('--now <time>', 'the clock for --prune-expired: a date or RFC 3339 time (also GROUPFORM_NOW)')
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .addHelpText('after', example(`
      groupform fmt config/
      groupform fmt --check config/
      groupform fmt --prune-expired config/   # drop lapsed memberships (a scheduled bot PR)`))
    .action(async (paths: string[], opts) => setExitCode(await (await import('./commands/fmt.js')).runFmt({ paths, ...opts }, io)));

  program
    .command('emulator')
    .summary('run the local Descope and SCIM emulator on loopback')
    .option('--port <n>', 'port (0 picks a free one)', '4700')
    .option('--seed <file>', 'initial state (YAML or JSON, the emulator seed shape)')
    .addOption(new Option('--profile <profile>', 'generic SCIM behaviour (aws: no PUT, 409 on a duplicate displayName or externalId, one attribute per PATCH operation without a path, the older error body with schema and a string status, the reserved groups Administrator and AWSAdministrators refused with 400)').choices(['rfc7644', 'aws', 'huawei']).default('rfc7644'))
    .option('--latency <ms>', 'delay every response', '0')
    .option('--fault-rate <p>', 'share of requests that fail (0..1)', '0')
    .option('--faults <list>', 'kinds of failure: 429,500,reset,reset-after,timeout', '429,500,reset')
    .option('--fault-seed <n>', 'seed for deterministic faults', '1')
    .option('--create-faults <list>', 'faults for chosen group creates, N:KIND counted from 1 (e.g. 1:reset-after: the first create happens, its answer is lost)')
    .option('--retry-after <seconds>', 'Retry-After sent with a 429', '1')
    .addOption(new Option('--retry-after-header <name>', 'header that carries a 429\'s wait (none: like AWS, no header)').choices(['retry-after', 'x-retry-after', 'none']).default('retry-after'))
    .option('--rate-limit <n/seconds>', 'refuse with 429 more than n requests per route in any window of that many seconds')
    .option('--rate-limit-lockout <seconds>', 'once a route exceeds --rate-limit, refuse it entirely this long (Descope: 60)', '0')
    .option('--state <file>', 'persist the state in this file between runs')
    .addOption(new Option('--descope-envelope <style>', 'group reads answer a bare array or {groups}').choices(['array', 'object']).default('array'))
    .option('--no-descope-inline-members', 'group/all omits members (clients must call group/members)')
    .addOption(new Option('--members-on-get <reading>', 'SCIM group reads fill or empty members (Huawei: unsettled)').choices(['filled', 'empty']))
    .addOption(new Option('--filter-case <reading>', 'eq filters on names compare').choices(['insensitive', 'exact']))
    .option('--user-search-max-limit <n>', 'largest user/search limit the emulator honours')
    .addOption(new Option('--start-index <reading>', 'SCIM lists page by startIndex, answer the first page anyway (aws), or refuse it with 400').choices(['honour', 'ignore', 'refuse']))
    .addOption(new Option('--total-results <reading>', 'SCIM totalResults counts every match, or only the page answered (aws without a cursor)').choices(['all', 'page']))
    .addOption(new Option('--cursor <reading>', 'SCIM lists page by cursor (aws), ignore it, or refuse it with 400 (an older revision)').choices(['accept', 'ignore', 'refuse']))
    .addOption(new Option('--member-filters <which>', 'aws member filters taken: members.value on groups, groups.value on users, both (all) or none (older revision)').choices(['all', 'members.value', 'groups.value', 'none']))
    .addOption(new Option('--member-removal <forms>', 'PATCH member removals taken: members[value eq "id"] (filter), path members with a value list (value; aws, huawei), or both').choices(['filter', 'value', 'both']))
    .option('--require-query <name=value>', 'every SCIM request must carry this query parameter, else 403 (a gateway; {tenantId} in the value is the path\'s tenant)')
    .option('--max-group-members <n>', 'SCIM: at most n direct members per group, not advertised: a create or PATCH past it answers 400')
    .option('--tenant-by-token', 'one SCIM URL for every tenant: generic SCIM under /scim/v2 (instead of Descope SCIM), the bearer token choosing the tenant')
    .option('--etag', 'SCIM groups carry versions (ETag, meta.version) and a write with a stale If-Match gets 412; ServiceProviderConfig says so')
    .option('--endless-pages', 'SCIM lists never end: one new resource a page, always one more to come, maxResults 1 (a runaway server)')
    .option('--create-lag <requests>', 'a new SCIM group answers 404 to its first N requests by id (eventual consistency, as on aws)', '0')
    .addOption(new Option('--user-search-over-limit <reading>', 'user/search with a larger limit: answer the maximum, or 400').choices(['cap', 'reject']))
    .option('--consistency-lag <ms>', 'Descope: SCIM writes show in the management reads only after this delay', '0')
    .option('--omit-empty', 'Descope: management answers leave out empty values (null lists, no members key, {} searches)')
    .option('--descope-region-host', 'Descope: serve the project only at the host its id selects (api.<region>.descope.com), by the Host header')
    .addOption(new Option('--descope-scim-create-status <status>', 'Descope SCIM create status').choices(['200', '201']).default('200'))
    .addOption(new Option('--descope-scim-patch <answer>', 'Descope SCIM PATCH answer: 200 without body, 200 with the group, 204, or 501').choices(['empty', 'resource', 'no-content', 'unsupported']).default('empty'))
    .addOption(new Option('--descope-scim-delete-status <status>', 'Descope SCIM DELETE status').choices(['200', '204']).default('200'))
    .option('--descope-scim-refuse-replace <attrs>', 'Descope SCIM PATCH answers 400 to `replace` of these attributes (e.g. externalId)')
    .addOption(new Option('--scim-member-value <reading>', 'Descope SCIM member value is the user id, or a login id (unknown values dropped silently)').choices(['user-id', 'login-id']).default('user-id'))
    .addOption(new Option('--jit-groups <reading>', 'Descope SCIM sees JIT groups (shared names) or keeps them apart (same names allowed)').choices(['shared', 'separate']).default('shared'))
    .addHelpText('after', example(`
      groupform emulator --seed examples/quickstart/seed.json --port 0
      groupform emulator --profile huawei --latency 20 --fault-rate 0.1 --faults 429,500
      groupform emulator --rate-limit 500/60 --rate-limit-lockout 60
      groupform emulator --profile aws --fault-rate 0.2 --faults 429 --retry-after-header none
      groupform emulator --seed examples/quickstart/seed.json --consistency-lag 3000 --omit-empty --fault-rate 0.2

    Seed: a tenant's scimKeys [{key, ssoId}] and a group's ssoId play several SSO configurations in one tenant.`))
    .action(async (opts) => setExitCode(await (await import('./commands/emulator.js')).runEmulator(opts, io)));

  return program;
}
