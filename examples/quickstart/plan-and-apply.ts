import { join } from 'node:path';
import { applyPlan, loadDesired, openProvider, planDesired, renderApplySummary, renderText, startEmulator } from 'groupform';

// Plans and applies examples/quickstart against a local emulator seeded with its seed.json, then plans again.
export async function planAndApply(root: string, log: (line: string) => void = console.log): Promise<string> {
  const emulator = await startEmulator({ seed: join(root, 'examples/quickstart/seed.json') });
  try {
    const env = { DESCOPE_BASE_URL: emulator.url, DESCOPE_MANAGEMENT_KEY: 'mk-quickstart', ACME_SCIM_KEY: 'sk-acme', GLOBEX_SCIM_KEY: 'sk-globex' };
    const desired = await loadDesired(['examples/quickstart'], { env, cwd: root });
    const provider = openProvider(desired, { concurrency: 4 });
    try {
      const plan = await planDesired(desired, provider);
      log(renderText(plan, { color: false }));
      const interrupt = new AbortController(); // abort it to stop starting new changes
      const result = await applyPlan(plan, provider, {
        tenantConcurrency: 2,
        signal: interrupt.signal,
        progress: {
          begin: (total) => log(`applying ${total} changes`),
          started: () => {},
          finished: (outcome) => log(`${outcome.status}: ${outcome.tenant} ${outcome.change.action} ${outcome.change.group}`),
        },
      });
      log(renderApplySummary(result));
      return renderText(await planDesired(desired, provider), { color: false });
    } finally {
      await provider.close();
    }
  } finally {
    await emulator.close();
  }
}
