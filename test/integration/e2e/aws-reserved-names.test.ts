import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cli.js';
import { call } from '../emulator/helpers.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-aws-reserved-3f9a';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const seed = scimSeed('tenant-a', TOKEN, [{ userId: 'u-1', loginId: 'alice@corp.example' }]);
const declaring = (profile: string, name: string): string => scimConfig(profile, `  tenant-a:\n    groups:\n      ${name}:\n        members: [alice@corp.example]\n`);

describe('aws: reserved group names', () => {
  it.each(['Administrator', 'AWSAdministrators', 'awsadministrators'])('validate refuses "%s" under profile aws, at its line', async (name) => {
    const { emulator, dir } = await startScenario(seed, declaring('aws', name), { profile: 'aws' });
    const validate = await groupform(['validate'], dir, env(emulator.url));
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain('groupform.yaml:10:7');
    expect(validate.stderr).toContain('GROUP_NAME_RESERVED');
    expect(validate.stderr).toMatch(/AWS IAM Identity Center reserves the name "(Administrator|AWSAdministrators)"/);
    expect(validate.stderr).not.toMatch(/\n\s+at /);
    // plan stops at the same check, before a single request reaches the server.
    const plan = await groupform(['plan'], dir, env(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('GROUP_NAME_RESERVED');
    expect(emulator.stats().routes).toEqual({});
  });

  it('examples/aws-identity-center validates: it declares no reserved name', async () => {
    const example = readFileSync(join(repoRoot, 'examples', 'aws-identity-center', 'groupform.yaml'), 'utf8');
    const { emulator, dir } = await startScenario(seed, example, { profile: 'aws' });
    const validate = await groupform(['validate'], dir, { AWS_SCIM_TOKEN: TOKEN });
    expect(validate.stderr).not.toContain('GROUP_NAME_RESERVED');
    expect(validate.status, validate.stderr).toBe(0);
    expect(emulator.stats().routes).toEqual({});
  });

  it('the same names are fine under another profile', async () => {
    const { emulator, dir } = await startScenario(seed, declaring('rfc7644', 'Administrator'), { profile: 'rfc7644' });
    expect((await groupform(['validate'], dir, env(emulator.url))).status).toBe(0);
  });

  it('the emulator under profile aws refuses to create one (400), as AWS does', async () => {
    const { emulator } = await startScenario(seed, declaring('aws', 'Ops'), { profile: 'aws' });
    const created = await call(emulator, 'POST', '/tenant-a/scim/v2/Groups', { token: TOKEN, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'AWSAdministrators' } });
    expect(created.status).toBe(400);
    expect(emulator.snapshot().tenants['tenant-a']?.groups ?? []).toEqual([]);
  });
});
