import { describe, expect, it } from 'vitest';
import { runMain } from '../../support/in-process.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { descopeConfig, e2eEnv, e2eSeed, expectNoSecret, startScenario } from './fixtures.js';

// One create (the write the proxy holds), then one delete that must never start.
const CONFIG = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    unmanagedGroups: delete
    groups:
      Auditors: {}
      Eng: {}
      Platform:
        members: [carol@acme.com, dave@acme.com]
`);

/** Holds the first SCIM write until `release` says what becomes of it: forwarded and answered, or the connection reset without forwarding. */
function holdFirstWrite(): { decide: (line: string) => Answer | Promise<Answer>; firstWrite: Promise<void>; release: (how: 'forward' | 'reset') => void } {
  let release!: (how: 'forward' | 'reset') => void;
  const held = new Promise<Answer>((resolve) => (release = resolve));
  let noticeWrite!: () => void;
  const firstWrite = new Promise<void>((resolve) => (noticeWrite = resolve));
  let holding = false;
  const decide = (line: string): Answer | Promise<Answer> => {
    const isScimWrite = line.includes(' /scim/v2/') && !line.startsWith('GET ');
    if (!isScimWrite || holding) return 'forward';
    holding = true;
    noticeWrite();
    return held;
  };
  return { decide, firstWrite, release };
}

describe('apply interrupted while a write hangs', () => {
  it.each([
    ['the write is lost (reset)', 'reset', /Apply interrupted: 1 change failed, 1 skipped:/, false],
    ['the write completes', 'forward', /Apply interrupted: 0 changes failed, 1 skipped:/, true],
  ] as const)('%s: the request on the wire finishes, nothing new is sent, exit 1 with the interrupted summary', async (_, how, summary, created) => {
    const { emulator, dir } = await startScenario(e2eSeed(), CONFIG);
    const hold = holdFirstWrite();
    const controller = new AbortController();
    const { result, seen, seenAtInterrupt } = await withProxy(emulator.url, hold.decide, async (url, seen) => {
      const run = runMain(['apply', '--auto-approve'], { cwd: dir, env: e2eEnv(url), signal: controller.signal });
      await hold.firstWrite;
      expect(seen.at(-1)).toBe('POST /scim/v2/Groups');
      const seenAtInterrupt = seen.length;
      controller.abort();
      hold.release(how);
      return { result: await run, seen, seenAtInterrupt };
    });

    expectNoSecret(result.stdout + result.stderr);
    // No lookup of the create, no second POST, no other change: nothing reached the proxy after the interrupt.
    expect(seen.slice(seenAtInterrupt)).toEqual([]);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(summary);
    expect(result.stdout).toContain('  skipped: T1 delete group "Legacy"');
    if (how === 'reset') {
      expect(result.stdout).toMatch(/ {2}failed: T1 create group "Platform" \(\+2 members\): interrupted: POST \S+ failed: connection reset .*not looked up/);
    }
    const groups = emulator.snapshot().tenants.T1?.groups?.map((g) => g.display) ?? [];
    expect(groups.includes('Platform')).toBe(created);
    expect(groups).toContain('Legacy');
  });
});
