import { GroupformError } from '../errors.js';

/** A response with an error status. */
export class HttpError extends GroupformError {
  constructor(
    readonly status: number,
    readonly method: string,
    /** Redacted. */
    readonly url: string,
    readonly providerCode: string | undefined,
    readonly requestId: string | undefined,
    message: string,
  ) {
    super(`HTTP_${status}`, message);
  }
}

/**
 * No usable response: refused, reset, DNS, TLS, or a timeout. Codes: HTTP_TIMEOUT, HTTP_CONNECT, HTTP_RESET,
 * HTTP_DNS, HTTP_TLS, HTTP_NETWORK.
 */
export class NetworkError extends GroupformError {}

/** A response the client or a provider cannot read (not JSON, wrong shape, looks truncated). */
export class MalformedResponseError extends GroupformError {
  constructor(message: string) {
    super('MALFORMED_RESPONSE', message);
  }
}

/** No answer, or a 5xx: the server may or may not have acted (501: it does not implement the operation at all). */
export function isUncertain(error: unknown): error is NetworkError | HttpError {
  return error instanceof NetworkError || (error instanceof HttpError && error.status >= 500 && error.status !== 501);
}
