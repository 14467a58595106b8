import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const fixtures = 'test/fixtures/cli';
const withChanges = ['apply', `${fixtures}/plan.yaml`, '--live-state', `${fixtures}/snapshot.yaml`];

describe('groupform apply', () => {
  it('refuses without a terminal and without --auto-approve, after showing the plan, writing nothing', () => {
    const result = runCli(withChanges);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Plan: 1 group to create, 1 to update, 1 to delete; 2 members to add, 2 to remove.');
    expect(result.stderr).toBe('groupform: error APPROVAL_REQUIRED: no terminal to confirm on: review the plan and pass --auto-approve\n');
  });

  it('says a snapshot cannot be applied to, without a stack trace', () => {
    const result = runCli([...withChanges, '--auto-approve']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^groupform: error SNAPSHOT_READ_ONLY: --live-state \S+snapshot\.yaml is a snapshot and cannot be applied to/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('Apply complete');
  });

  it('exits 0 without asking when there is nothing to change', () => {
    const result = runCli(['apply', `${fixtures}/in-sync.yaml`, '--live-state', `${fixtures}/snapshot.yaml`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('No changes.');
  });

  it('exits 3 on a blocked plan before asking, naming the id to acknowledge', () => {
    const result = runCli(['apply', `${fixtures}/blocked.yaml`, '--live-state', `${fixtures}/blocked-snapshot.yaml`]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/is blocked by a safety rule:[\s\S]*pass --acknowledge [0-9a-f]{12}\.\n$/);
  });
});
