import type { Dispatcher } from 'undici';
import { sha256 } from '../util/hash.js';
import { loadEnvHttpProxyAgent, loadPool } from './undici-parts.js';

/** The proxy variables of a run, as curl and most tools read them (lower case wins over upper case). */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxyFromEnv(env: Record<string, string | undefined>): ProxySettings {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const settings: ProxySettings = {};
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  const noProxy = pick('NO_PROXY');
  if (httpProxy !== undefined) settings.httpProxy = httpProxy;
  if (httpsProxy !== undefined) settings.httpsProxy = httpsProxy;
  if (noProxy !== undefined) settings.noProxy = noProxy;
  return settings;
}

export function usesProxy(proxy: ProxySettings | undefined): proxy is ProxySettings {
  return proxy?.httpProxy !== undefined || proxy?.httpsProxy !== undefined;
}

/** A key for the settings that does not hold the proxy's credentials in clear (only whether they differ). */
export function proxyKey(proxy: ProxySettings | undefined): string {
  return usesProxy(proxy) ? sha256(JSON.stringify([proxy.httpProxy, proxy.httpsProxy, proxy.noProxy])) : '';
}

/**
 * Without a proxy: a plain pool for the origin. With one: undici's EnvHttpProxyAgent, which tunnels through
 * HTTPS_PROXY / HTTP_PROXY with CONNECT and goes direct for hosts in NO_PROXY. The settings are passed in
 * explicitly ('' for unset) so the agent never falls back to this process's environment behind the run's back.
 */
export function createDispatcher(origin: string, connectMs: number, connections: number, proxy: ProxySettings | undefined): Dispatcher {
  const connect = { timeout: connectMs };
  if (!usesProxy(proxy)) return new (loadPool())(origin, { connections, connect });
  const EnvHttpProxyAgent = loadEnvHttpProxyAgent();
  return new EnvHttpProxyAgent({
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
    connections,
    connect,
  });
}
