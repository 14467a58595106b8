/**
 * A gateway in front of a SCIM server that takes part of its routing or its key from the query string
 * (`?tenant=…`, `?code=…`): a request without the parameter is refused, so a client that drops the query
 * string of its base URL fails visibly. `{tenantId}` in the value stands for the tenant of the request's path.
 */
export interface RequiredQuery {
  name: string;
  value: string;
}

export function parseRequiredQuery(text: string): RequiredQuery | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  return { name: text.slice(0, at), value: text.slice(at + 1) };
}

export function carriesRequiredQuery(required: RequiredQuery | undefined, query: URLSearchParams, tenantId: string | undefined): boolean {
  if (required === undefined) return true;
  const expected = required.value.split('{tenantId}').join(tenantId ?? '');
  return query.getAll(required.name).includes(expected);
}
