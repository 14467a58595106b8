import { describe, expect, it } from 'vitest';
import { runMain, withFiles } from '../support/in-process.js';

const config = `version: 1
provider: {type: descope, projectId: P2test, baseUrl: https://api.descope.com}
sets:
  support: [alice@acme.com, {userId: U2bob}]
  leads: [{set: support}, carol@acme.com]
templates:
  standard:
    groups:
      Support: {members: [{set: support}]}
      Leads: {members: [{set: leads}]}
  everywhere:
    tenants: ["T2*"]
    groups:
      Audit: {members: [carol@acme.com]}
tenants:
  T2acme:
    use: [standard]
    groups:
      Leads: {members: [carol@acme.com]}
      Everyone:
        include: [Support, Leads]
        members: [alice@acme.com]
  T3plain:
    groups:
      Solo: {members: [dave@acme.com]}
`;

describe('validate --explain', () => {
  it('shows what each template gives a tenant, its overrides, and members reaching a group by several paths', async () => {
    const { dir, cleanup } = await withFiles({ 'groupform.yaml': config });
    try {
      const result = await runMain(['validate', '--explain'], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`Valid: 1 file, 2 tenants, 5 groups, 8 members (provider descope).

Tenant T2acme
  template "everywhere" (tenants: T2*): groups "Audit"
  template "standard" (use): groups "Support"; overridden by the tenant: "Leads"
  group "Everyone": alice@acme.com by 2 paths: group Support > set support; listed in members
`);
    } finally {
      await cleanup();
    }
  });

  it('says so when there is nothing to explain', async () => {
    const { dir, cleanup } = await withFiles({ 'groupform.yaml': config.slice(0, config.indexOf('sets:')) + 'tenants:\n  T1: {groups: {A: {members: [a@acme.com]}}}\n' });
    try {
      const result = await runMain(['validate', '--explain'], { cwd: dir });
      expect(result.stdout).toContain('\nNo tenant uses a template, and no member reaches a group by more than one path.\n');
    } finally {
      await cleanup();
    }
  });
});
