import type { RawMemberEntry as PlainMemberEntry } from './member-entry.js';
import type { HttpSettings, MembersMode, UnmanagedGroupsPolicy } from '../model/types.js';

// The shapes the schema guarantees for a file that passed it. Code that also reads files with schema errors
// (cross-checks, expansion in the explaining pass) checks each value's type instead of trusting these.

export interface RawSafety {
  maxRemovalPercent?: number;
  maxGroupDeletePercent?: number;
}

export interface RawSettings {
  members?: MembersMode;
  unmanagedGroups?: UnmanagedGroupsPolicy;
  safety?: RawSafety;
  expiryWarningDays?: number;
  owners?: string[];
  review?: { every: string };
}

export type RawMemberEntry = PlainMemberEntry | { set: string };

export interface RawGroup {
  externalId?: string;
  previously?: string[];
  membersMode?: MembersMode;
  maxDuration?: string;
  owners?: string[];
  review?: { every: string };
  reviewedAt?: string;
  members?: RawMemberEntry[];
  include?: string[];
  exclude?: RawMemberEntry[];
}

export interface RawTenant extends RawSettings {
  scimKey?: string;
  ssoId?: string;
  token?: string;
  reviewedAt?: string;
  use?: string[];
  groups?: Record<string, RawGroup | null>;
}

export interface RawTemplate extends RawSettings {
  tenants?: string[];
  groups?: Record<string, RawGroup | null>;
}

export interface RawProvider {
  type: 'descope' | 'scim';
  projectId?: string;
  managementKey?: string;
  token?: string;
  baseUrl?: string;
  writeMode?: 'patch' | 'put';
  writeVisibilitySeconds?: number;
  profile?: 'rfc7644' | 'aws' | 'huawei';
  http?: HttpSettings;
}

export interface RawFile {
  provider?: RawProvider;
  defaults?: RawSettings;
  sets?: Record<string, RawMemberEntry[]>;
  templates?: Record<string, RawTemplate>;
  tenants?: Record<string, RawTenant>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(value: unknown, name: string): unknown {
  return isRecord(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}
