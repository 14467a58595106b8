import { DEFAULT_SSO_ID } from '../model/sso.js';

// The records the emulator keeps per tenant, apart from EmulatorState so the indexes over them need not import it.

export interface EmulatorUser {
  userId: string;
  loginIds: string[];
  display?: string;
  email?: string;
}

export interface EmulatorGroup {
  id: string;
  display: string;
  externalId?: string;
  /** User ids, in the order they joined; no duplicates. */
  members: string[];
  source?: string;
  /** Descope: the SSO configuration; absent is the default one. */
  ssoId?: string;
  created: string;
  lastModified: string;
}

export const ssoIdOf = (group: EmulatorGroup): string => group.ssoId ?? DEFAULT_SSO_ID;

/** A Descope SCIM key: its tenant and the SSO configuration it writes (undefined: the default). */
export interface ScimKeyOwner {
  tenant: EmulatorTenant;
  ssoId?: string;
}

export interface EmulatorTenant {
  id: string;
  scimKey?: string;
  /** Further SCIM keys, each for one SSO configuration. */
  scimKeys?: { key: string; ssoId: string }[];
  /** In seed order. */
  users: Map<string, EmulatorUser>;
  /** In seed order, then creation order. */
  groups: Map<string, EmulatorGroup>;
}
