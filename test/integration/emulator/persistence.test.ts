import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/config/snapshot.js';
import { DiagnosticsError } from '../../../src/errors.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { rejection } from '../../support/rejection.js';
import { call, patchOps, testSeed } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'groupform-emulator-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('emulator seed files and --state persistence', () => {
  it('writes the state after writes and on close, and a second run starts from it instead of the seed', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startEmulator({ seed: testSeed(), statePath });
    const created = await call(first, 'POST', '/T1/scim/v2/Groups', { token: 'sk-t1', body: { displayName: 'Platform', members: [{ value: 'U2' }] } });
    await call(first, 'PATCH', '/T1/scim/v2/Groups/g1', { token: 'sk-t1', body: patchOps({ op: 'remove', path: 'members[value eq "U1"]' }) });
    const expected = first.snapshot();
    await first.close();
    const written = parseSnapshot(await readFile(statePath, 'utf8'), statePath);
    expect(written).toEqual(expected);
    expect(written.tenants.T1?.groups?.at(-1)).toEqual({ id: created.body.id, display: 'Platform', members: ['U2'] });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await startEmulator({ seed: { tenants: {} }, statePath });
    try {
      expect(second.snapshot()).toEqual(expected);
      const again = await call(second, 'POST', '/T1/scim/v2/Groups', { token: 'sk-t1', body: { displayName: 'Other' } });
      expect(again.body.id).not.toBe(created.body.id);
    } finally {
      await second.close();
    }
  });

  it('reads a YAML seed file in the snapshot schema shape', async () => {
    const seedPath = join(dir, 'seed.yaml');
    await writeFile(
      seedPath,
      [
        'projectId: P2test',
        'managementKey: mk-test',
        'tenants:',
        '  T1:',
        '    scimKey: sk-t1',
        '    users:',
        '      - {userId: U1, loginId: alice@acme.com, display: Alice}',
        '    groups:',
        '      - {id: g1, display: Engineering, members: [U1]}',
        '      - {id: g2, display: SSO Admins, members: [], source: jit}',
        '',
      ].join('\n'),
    );
    const emulator = await startEmulator({ seed: seedPath });
    try {
      const all = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: 'P2test:mk-test', body: { tenantId: 'T1' } });
      expect(all.body).toEqual([
        { id: 'g1', display: 'Engineering', members: [{ loginId: 'alice@acme.com', userId: 'U1', display: 'Alice' }] },
        { id: 'g2', display: 'SSO Admins', members: [], source: 'jit' },
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('reports a seed that breaks the schema with its position, JSON included', async () => {
    const seedPath = join(dir, 'seed.json');
    await writeFile(seedPath, '{\n  "tenants": {\n    "T1": {"groups": [{"id": "g1", "dispaly": "Eng"}]}\n  }\n}\n');
    const { diagnostics } = await rejection(startEmulator({ seed: seedPath }), DiagnosticsError);
    expect(diagnostics.some((d) => d.file === seedPath && d.line === 3)).toBe(true);
  });
});
