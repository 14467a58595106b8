// Which host serves a Descope project: the client connects there, the emulator can insist on it.

export const DESCOPE_DEFAULT_HOST = 'https://api.descope.com';
// Descope's SDKs (Go, Node, Python, Java, .NET): a project id of 32 characters or more carries its region in
// characters 1-4 (`P` + region + ...), and any region maps to `api.<region>.descope.com`; shorter ids use the
// default host. An explicit baseUrl always wins.
const REGION = /^[a-z0-9]{4}$/;

export function descopeBaseUrl(projectId: string, explicit?: string): string {
  if (explicit !== undefined) return explicit.replace(/\/+$/, '');
  if (projectId.length >= 32) {
    const region = projectId.slice(1, 5).toLowerCase();
    if (REGION.test(region)) return `https://api.${region}.descope.com`;
  }
  return DESCOPE_DEFAULT_HOST;
}

