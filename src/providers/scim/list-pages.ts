import { GroupformError } from '../../errors.js';
import { HttpError, MalformedResponseError, encodeQuery, type HttpRequest, type HttpResponse, type Stop } from '../../http/index.js';
import { readField, readListPage } from './wire.js';

// Bounds on any listing, so a server that never stops paging (fresh ids and cursors forever) ends in an error
// instead of an endless loop: resources far above 100,000 groups (or users), and requests (10,000 pages of 100
// is a million resources; a server that pages one resource at a time meets this bound long before that one).
const MAX_LISTED_RESOURCES = 1_000_000;
export const DEFAULT_MAX_PAGES_PER_LIST = 10_000;

export interface ListOptions {
  filter?: string;
  pageSize: number;
  /** 'cursor': AWS's `cursor` / `nextCursor`, the first request with an empty cursor; 'index': `startIndex`. */
  paging: 'index' | 'cursor';
  /** false: the server takes no startIndex (AWS; Huawei users), so in the index form only the first page is readable. */
  pageable?: boolean;
  /**
   * 'page': totalResults may count only the page answered (AWS without a cursor; Huawei, unsettled), so a full
   * page that reaches it proves nothing and the next page is asked for. 'all' (default): RFC 7644's count of all.
   */
  totals?: 'all' | 'page';
  /** A 404 answers an empty list: AWS's answer to a member filter naming an unknown user or group. */
  notFoundIsEmpty?: boolean;
  /** Reading stops after this many pages (complete: false): for callers that list only while it is cheap. */
  maxPages?: number;
  /** More requests than this for one list is a server that pages forever: PAGING_RUNAWAY (`provider.http.maxPagesPerList`). */
  runawayPages?: number;
  /** After a drain no further page starts (see http/drain.ts). */
  stop?: Stop;
}

export interface ListResult {
  resources: unknown[];
  /** true only where the end was proven: a short or empty page, the cursor's end, or totalResults reached. */
  complete: boolean;
  /** The server refused the cursor form with 400 (an older AWS revision) and answered the index form. */
  cursorRefused?: true;
}

const isBadRequest = (error: unknown) => error instanceof HttpError && error.status === 400;

/**
 * Reads every page of a SCIM list through `send` (which adds auth and explains refusals), never trusting a list
 * whose end is not proven: `count` always explicit; until the cursor ends, a short or empty page, or
 * totalResults where it counts everything. Serves the SCIM provider and Descope's SCIM API.
 */
export async function listPages(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  where: { displayBase: string; what: string },
  collection: 'Groups' | 'Users',
  options: ListOptions,
): Promise<ListResult> {
  const { displayBase, what } = where;
  const resources: unknown[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  const runawayPages = Math.min(options.runawayPages ?? DEFAULT_MAX_PAGES_PER_LIST, Math.ceil(MAX_LISTED_RESOURCES / Math.max(1, options.pageSize)) + 1);
  const maxPages = Math.min(options.maxPages ?? Infinity, runawayPages);
  // The largest totalResults any page claimed, where it counts every match: more resources than that is no end.
  let claimed: number | undefined;
  let cursor: string | undefined = options.paging === 'cursor' ? '' : undefined;
  let cursorRefused = false;
  let startIndex = 1;
  const accept = options.notFoundIsEmpty === true ? { accept: [404] } : {};
  const result = (complete: boolean): ListResult => ({ resources, complete, ...(cursorRefused ? { cursorRefused: true as const } : {}) });
  for (let pages = 0; pages < maxPages; pages++) {
    const query: Record<string, string | number | undefined> = { filter: options.filter, count: options.pageSize };
    if (cursor !== undefined) query.cursor = cursor;
    else if (startIndex > 1) query.startIndex = startIndex;
    else if (options.pageable !== false) query.startIndex = 1;
    let response: HttpResponse;
    try {
      response = await send({ method: 'GET', path: `/${collection}`, query, ...accept, ...stopOf(options) });
    } catch (error) {
      if (cursor !== '' || !isBadRequest(error)) throw error;
      // Refused in the cursor form: asked once more in the index form, whose 400 (a refused filter) is final.
      cursor = undefined;
      response = await send({ method: 'GET', path: `/${collection}`, query: { filter: options.filter, count: options.pageSize }, ...accept, ...stopOf(options) });
      cursorRefused = true;
    }
    if (response.status === 404) return result(true);
    const page = readListPage(response.body, what);
    const fresh = page.resources.filter((r) => {
      const id = readResourceId(r);
      if (id === undefined) throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} listed a resource with no id`);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (page.resources.length > 0 && fresh.length === 0) {
      // A server that ignores startIndex (Huawei users; scimmy past the end) answers the first page again:
      // a known limit the caller decides about. A cursor that leads back to known resources is broken.
      if (cursor === undefined) return result(false);
      throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} answered only resources already listed; the cursor does not advance`);
    }
    resources.push(...fresh);
    if (options.totals !== 'page' && page.totalResults !== undefined) claimed = Math.max(claimed ?? 0, page.totalResults);
    if (claimed !== undefined && resources.length > claimed && page.nextCursor !== undefined) {
      throw runaway(`${what}: ${describeUrl(displayBase, collection, query)} offers more pages after ${resources.length} resources, while its totalResults claims ${claimed}`);
    }
    // An empty page while totalResults promises more looks truncated: not trusted silently.
    if (page.resources.length === 0) return result(page.totalResults === undefined || options.totals === 'page' || resources.length >= page.totalResults);
    if (page.nextCursor !== undefined) {
      if (cursors.has(page.nextCursor)) {
        throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} gave a nextCursor it had given before; paging would never end`);
      }
      cursors.add(page.nextCursor);
      cursor = page.nextCursor;
      continue;
    }
    const total = page.totalResults;
    // In the cursor format, no nextCursor is the end.
    if (cursor !== undefined && total === undefined) return result(true);
    // A count of everything that needs more pages than allowed: stop now rather than read the allowed ones.
    if (options.maxPages !== undefined && options.totals !== 'page' && total !== undefined && Math.ceil(total / options.pageSize) > options.maxPages) return result(false);
    const short = page.resources.length < options.pageSize;
    let more: boolean;
    if (total === undefined) more = !short;
    else if (resources.length < total) more = true;
    // Reaching a total that may count only this page proves the end only on a short page.
    else more = options.totals === 'page' && !short;
    if (!more) return result(true);
    // A cursor request answered in the index format (an older server): continue by startIndex.
    cursor = undefined;
    if (options.pageable === false) return result(false);
    startIndex = resources.length + 1;
  }
  if (options.maxPages !== undefined && maxPages === options.maxPages) return result(false);
  const claim = claimed === undefined ? '' : `, though its totalResults claims ${claimed}`;
  throw runaway(
    `${what}: still more pages after ${maxPages} requests of up to ${options.pageSize} (${resources.length} resources so far${claim}): a server that pages forever is not followed further. ` +
      'If the list really is this long, raise provider.http.maxPagesPerList',
  );
}

function runaway(message: string): GroupformError {
  return new GroupformError('PAGING_RUNAWAY', message);
}

function describeUrl(displayBase: string, collection: string, query: Record<string, string | number | undefined>): string {
  const encoded = encodeQuery(query);
  return `GET ${displayBase}/${collection}${encoded === '' ? '' : `?${encoded}`}`;
}

function readResourceId(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
  const id = readField(resource as Record<string, unknown>, 'id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function stopOf(options: ListOptions): { stop?: Stop } {
  return options.stop === undefined ? {} : { stop: options.stop };
}
