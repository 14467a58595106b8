import { describe, expect, it } from 'vitest';
import { CONVERGED, E2E_CONFIG, e2eEnv, e2eSeed, groupsViaSdk, startScenario } from './fixtures.js';
import { cli, connectProxy, TLS, tlsFront } from './tunnels.js';

const CERT = TLS.loopback.cert;

describe('proxies and private CAs', () => {
  it('HTTPS_PROXY: plan and apply go through the CONNECT proxy to an https provider', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const provider = await tlsFront(emulator.url);
    const proxy = await connectProxy();
    const env = e2eEnv(provider, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: CERT });

    const plan = await cli(['plan'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan:');
    const host = provider.slice('https://'.length);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host]));

    const apply = await cli(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete:');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
  });

  it('NO_PROXY: a listed host is reached directly, the proxy sees nothing', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const provider = await tlsFront(emulator.url);
    const proxy = await connectProxy();
    const plan = await cli(['plan'], dir, e2eEnv(provider, { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1', NODE_EXTRA_CA_CERTS: CERT }));
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan:');
    expect(proxy.tunnels).toEqual([]);
  });

  it('HTTP_PROXY tunnels plain http to a loopback provider too', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const proxy = await connectProxy();
    const plan = await cli(['plan'], dir, e2eEnv(emulator.url, { HTTP_PROXY: proxy.url }));
    expect(plan.status, plan.stderr).toBe(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([emulator.url.slice('http://'.length)]));
  });

  it('an untrusted certificate is HTTP_TLS with the NODE_EXTRA_CA_CERTS hint, nothing written', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const before = emulator.snapshot();
    const provider = await tlsFront(emulator.url);
    const apply = await cli(['apply', '--auto-approve'], dir, e2eEnv(provider));
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('error LOAD_FAILED');
    expect(apply.stderr).toContain('T1: HTTP_TLS: POST https://127.0.0.1:');
    expect(apply.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.snapshot()).toEqual(before);
  });
});
