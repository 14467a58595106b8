import { describe, expect, it } from 'vitest';
import { withoutUnrelatedYaml } from '../../../src/config/discovery.js';

/** A config text that counts how often it is read. */
function counted(file: string, content: string): { file: string; text: string; reads: () => number } {
  let reads = 0;
  return {
    file,
    get text() {
      reads += 1;
      return content;
    },
    reads: () => reads,
  };
}

describe('withoutUnrelatedYaml', () => {
  it('never scans a file named on the command line, whatever it holds', () => {
    const named = counted('big.yaml', 'services:\n  web: {}\n');
    const { kept, skipped } = withoutUnrelatedYaml([named], ['big.yaml'], '/repo');
    expect(kept).toEqual([named]);
    expect(skipped).toEqual([]);
    expect(named.reads()).toBe(0);
  });

  it('leaves out a found file whose top-level keys are none of ours, and keeps one with a key of ours or none', () => {
    const compose = counted('dir/docker-compose.yml', 'version: "3"\nservices:\n  web: {}\n');
    const ours = counted('dir/b.yaml', '# tenants of team B\nversion: 1\ntenants:\n  T1: {groups: {}}\nservices: {}\n');
    const flow = counted('dir/c.yaml', '{tenants: {}}\n');
    const { kept, skipped } = withoutUnrelatedYaml([compose, ours, flow], ['dir'], '/repo');
    expect(kept).toEqual([ours, flow]);
    expect(skipped).toEqual(['dir/docker-compose.yml']);
  });
});
