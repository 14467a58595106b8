import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from './resources.js';
import type { ScimProfile } from './profiles.js';

export type PageRequest =
  | { kind: 'index'; startIndex: number; count: number; /** totalResults counts only this page (AWS). */ pageTotal: boolean }
  | { kind: 'cursor'; offset: number; count: number };

export class PagingError extends Error {}

function readInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  if (cursor === '') return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw new PagingError(`invalid cursor ${cursor}`);
  return Number(match[1]);
}

/** Reads startIndex / count (or AWS's cursor) the way the profile's server does. */
export function readPage(profile: ScimProfile, query: URLSearchParams, collection: 'groups' | 'users'): PageRequest {
  let count = readInteger(query, 'count') ?? profile.defaultPageSize;
  if (profile.countOutOfRange === 'reject' && (count < 1 || count > profile.maxPageSize)) {
    throw new PagingError(`count must be between 1 and ${profile.maxPageSize}`);
  }
  count = Math.min(Math.max(count, 0), profile.maxPageSize);
  const cursor = query.get('cursor');
  if (cursor !== null && profile.cursor === 'refuse') throw new PagingError('cursor is not a supported parameter');
  if (cursor !== null && profile.cursor === 'accept') return { kind: 'cursor', offset: decodeCursor(cursor), count };
  const reading = profile.startIndex[collection];
  if (reading === 'refuse' && query.has('startIndex')) throw new PagingError('startIndex is not supported');
  const startIndex = reading === 'honour' ? Math.max(readInteger(query, 'startIndex') ?? 1, 1) : 1;
  return { kind: 'index', startIndex, count, pageTotal: profile.totalResults === 'page' };
}

/**
 * A list that never ends (`--endless-pages`): one resource per page, never seen before, and always one more to
 * come, by cursor or by a totalResults one past the page.
 */
export function endlessListResponse(page: PageRequest, collection: 'groups' | 'users'): Record<string, unknown> {
  const position = page.kind === 'cursor' ? page.offset + 1 : page.startIndex;
  const id = `endless-${collection}-${position}`;
  const resource = collection === 'groups' ? { schemas: [GROUP_SCHEMA], id, displayName: `Endless ${position}`, members: [] } : { schemas: [USER_SCHEMA], id, userName: `${id}@endless.example` };
  if (page.kind === 'cursor') return { schemas: [LIST_SCHEMA], itemsPerPage: 1, Resources: [resource], nextCursor: encodeCursor(position) };
  return { schemas: [LIST_SCHEMA], totalResults: position + 1, itemsPerPage: 1, startIndex: position, Resources: [resource] };
}

export function listResponse<T>(page: PageRequest, matches: readonly T[], render: (item: T) => unknown): Record<string, unknown> {
  if (page.kind === 'cursor') {
    const resources = matches.slice(page.offset, page.offset + page.count);
    const next = page.offset + resources.length;
    return {
      schemas: [LIST_SCHEMA],
      itemsPerPage: resources.length,
      Resources: resources.map(render),
      ...(next < matches.length && resources.length > 0 ? { nextCursor: encodeCursor(next) } : {}),
    };
  }
  const resources = matches.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
  return {
    schemas: [LIST_SCHEMA],
    totalResults: page.pageTotal ? resources.length : matches.length,
    itemsPerPage: resources.length,
    startIndex: page.startIndex,
    Resources: resources.map(render),
  };
}
