import { isIP } from 'node:net';
import { GroupformError } from '../errors.js';

/**
 * Percent-encodes one path segment (ids and names from servers or configs may hold `/`, `?`, `#`, spaces).
 * encodeURIComponent leaves dots alone, and `.`, `..` (also as `%2E`) and an empty segment are resolved by URL
 * parsers, proxies and servers into another path: `/{tenantId}/scim/v2` with `..` is outside every tenant,
 * `DELETE /Groups/..` is not a group. Such an id is refused, never sent.
 */
export function encodePathSegment(segment: string, what = 'id'): string {
  if (isDotSegment(segment)) {
    throw new GroupformError('UNSAFE_PATH_SEGMENT', `the ${what} ${JSON.stringify(segment)} cannot be sent in a URL path: it would address another path than its own`);
  }
  return encodeURIComponent(segment);
}

/** Whether an id, as a path segment, would be an empty, `.` or `..` segment. */
export function isDotSegment(segment: string): boolean {
  return segment === '' || segment === '.' || segment === '..';
}

/**
 * A URL as it may be shown: any `user:password@` removed, also from text that does not parse as a URL (the
 * authority ends at the first `/`, `?` or `#`, so an `@` there is the last one before it).
 */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/** Throws unless the URL is https, or http to a loopback host, and carries no credentials. */
export function assertSafeUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GroupformError('INVALID_URL', `${what} is not a valid URL: ${JSON.stringify(withoutUserinfo(url))}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new GroupformError('INVALID_URL', `${what} must not carry a user name or password (host ${parsed.hostname}); credentials come from the key or token settings`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return parsed;
  throw new GroupformError(
    'INSECURE_URL',
    parsed.protocol === 'http:'
      ? `${what} must use https: plain http is allowed only to loopback, not to ${parsed.hostname}`
      : `${what} must use https, not ${parsed.protocol.slice(0, -1)} (host ${parsed.hostname || 'none'})`,
  );
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * URLSearchParams encoding, except a space is `%20` rather than `+`: a literal `+` is already `%2B`, and some
 * SCIM servers decode `+` as a space, so a filter value keeps its meaning either way (docs/providers.md).
 */
export function encodeQuery(query: Record<string, string | number | undefined> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString().replaceAll('+', '%20');
}

/**
 * The request target: base path + path + query, joined as text. Deliberately not passed through `new URL`,
 * which would resolve `.` and `..` (or `%2e%2e`) segments and could turn `DELETE /Groups/..` into another
 * resource.
 */
export function joinTarget(basePath: string, path: string, query: string): string {
  const base = basePath.replace(/\/+$/, '');
  const rest = path === '' || path.startsWith('/') || path.startsWith('?') ? path : `/${path}`;
  const joined = `${base}${rest}`;
  const target = joined.startsWith('/') ? joined : `/${joined}`;
  if (query === '') return target;
  return `${target}${target.includes('?') ? '&' : '?'}${query}`;
}
