import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type Seen } from './server.js';

/**
 * What a proxy makes of a request: forwarded, the connection reset, a status of its own, or forwarded and then
 * answered with a status of its own (or the connection reset): the server acted, the client never learns it.
 */
export type Answer =
  | 'forward'
  | 'reset'
  | { status: number; body?: unknown }
  | { forwardThen: number | 'reset' }
  | { status: number; echo: EchoFormat }
  /** Forwarded and answered as the server answered; then `answered` runs (to order requests of several clients). */
  | { forwardAnd: () => void };

/** An error body quoting every request header back, as some gateways and debug servers do. */
export type EchoFormat = 'text' | 'json' | 'html';

const fromProxy = (status: number) => ({ detail: 'from the proxy', status: String(status) });

/**
 * A loopback proxy in front of `target` (the emulator). `decide` sees each request before it is forwarded (method
 * and path, its body, and its URL with the query) and says what becomes of it; a promise holds the request until
 * it settles. `seen` lists the requests (method and path) in the order they arrived.
 */
export async function withProxy<T>(
  target: string,
  decide: (request: string, body: string, url: string) => Answer | Promise<Answer>,
  run: (url: string, seen: string[]) => Promise<T>,
): Promise<T> {
  const seen: string[] = [];
  const answer = async (request: Seen, response: ServerResponse): Promise<void> => {
    const line = `${request.method} ${request.url.split('?')[0]}`;
    seen.push(line);
    const decision = await decide(line, request.body, request.url);
    if (decision === 'reset') return void response.socket?.destroy();
    if (typeof decision === 'object' && 'echo' in decision) return echoHeaders(response, decision.status, decision.echo, request);
    if (typeof decision === 'object' && 'status' in decision) return sendJson(response, decision.status, decision.body ?? fromProxy(decision.status));
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: {
        authorization: request.headers.authorization ?? '',
        'content-type': request.headers['content-type'] ?? 'application/json',
        ...(request.headers['if-match'] === undefined ? {} : { 'if-match': String(request.headers['if-match']) }),
      },
      ...(request.body === '' ? {} : { body: request.body }),
    });
    const text = await upstream.text();
    if (decision === 'forward' || 'forwardAnd' in decision) {
      const etag = upstream.headers.get('etag');
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json', ...(etag === null ? {} : { etag }) });
      response.end(text);
      if (decision !== 'forward') decision.forwardAnd();
      return;
    }
    if (decision.forwardThen === 'reset') return void response.socket?.destroy();
    sendJson(response, decision.forwardThen, fromProxy(decision.forwardThen));
  };
  // A proxy that throws resets the connection: the client fails at once instead of waiting for an answer.
  const server = await startServer((request, response) => void answer(request, response).catch(() => response.socket?.destroy()));
  try {
    return await run(server.url, seen);
  } finally {
    await server.close();
  }
}

// Authorization comes first, 268 characters in, so a reader that clips at 300 before redacting cuts a bearer
// token in two.
function echoHeaders(response: ServerResponse, status: number, format: EchoFormat, request: Seen): void {
  const { authorization, ...others } = request.headers;
  const headers = [`authorization: ${String(authorization)}`, ...Object.entries(others).map(([name, value]) => `${name}: ${String(value)}`)];
  const dump = `${'request rejected; '.repeat(16).slice(0, 268)}${headers.join('; ')}`;
  if (format === 'json') return sendJson(response, status, { detail: dump, errorDescription: dump, status: String(status) });
  const html = `<!DOCTYPE html><html><head><title>Error</title><script>var seen = ${JSON.stringify(dump)};</script></head><body><pre>${dump}</pre></body></html>`;
  response.writeHead(status, { 'content-type': format === 'html' ? 'text/html' : 'text/plain' });
  response.end(format === 'html' ? html : dump);
}
