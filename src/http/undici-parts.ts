import { createRequire } from 'node:module';
import type { Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';

// undici's entry point loads everything it offers (fetch, WebSocket, caches, mocks, interceptors): about 55 ms
// of every networked run's start, measured at 85 ms against 30 ms for the parts below. A run needs a Pool and
// the request call, and the proxy agent only behind a proxy. The paths are undici 7's own files (its package
// has no exports map); should they move, every HTTP test fails at its first request.
const load = createRequire(import.meta.url);

type RequestCall = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

let requestCall: RequestCall | undefined;

export function loadPool(): typeof Pool {
  return load('undici/lib/dispatcher/pool.js') as typeof Pool;
}

export function loadEnvHttpProxyAgent(): typeof EnvHttpProxyAgent {
  return (load('undici') as typeof import('undici')).EnvHttpProxyAgent;
}

/** `dispatcher.request(options)`, without the entry point that attaches `request` to every dispatcher. */
export function requestOn(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  requestCall ??= load('undici/lib/api/api-request.js') as RequestCall;
  return requestCall.call(dispatcher, options);
}
