import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { compareStrings } from '../model/normalize.js';
import type { AssertedMembers, DescopeIdentity, ExpiringMember, GroupChange, Plan, PlanMember, ProviderIdentity, ScimIdentity, TenantPlan } from '../model/types.js';
import { findPlanInconsistencies } from './plan-consistency.js';

export type PlanJsonCheck = { ok: true; plan: Plan } | { ok: false; errors: string[] };

// discriminator: an invalid change is reported against the branch its `action` names, not all three.
// Compiled on first use: only `apply --plan` reads a plan back, and compiling costs every other command startup time.
let validatePlanShape: ValidateFunction<Plan> | undefined;
function planShapeValidator(): ValidateFunction<Plan> {
  validatePlanShape ??= new Ajv2020({ allErrors: true, strict: true, discriminator: true }).compile<Plan>(planSchema);
  return validatePlanShape;
}

/** The saved-plan format: keys in the documented order (schemas/plan.schema.json), so plans diff cleanly in review. */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(orderPlan(plan), null, 2)}\n`;
}

/** Checks a parsed saved plan against schemas/plan.schema.json, then that its totals agree with its changes. */
export function validatePlanJson(value: unknown): PlanJsonCheck {
  const validate = planShapeValidator();
  if (!validate(value)) {
    return { ok: false, errors: (validate.errors ?? []).map(describeSchemaError) };
  }
  const inconsistencies = findPlanInconsistencies(value);
  if (inconsistencies.length > 0) return { ok: false, errors: inconsistencies };
  return { ok: true, plan: value };
}

function orderPlan(plan: Plan): Plan {
  return {
    formatVersion: plan.formatVersion,
    planId: plan.planId,
    configDigest: plan.configDigest,
    ...(plan.asOf === undefined ? {} : { asOf: plan.asOf }),
    provider: orderProvider(plan.provider),
    tenants: plan.tenants.map(orderTenant),
    ...(plan.notChecked === undefined
      ? {}
      : { notChecked: { changedSince: plan.notChecked.changedSince, commit: plan.notChecked.commit, tenants: [...plan.notChecked.tenants] } }),
    summary: {
      groupsToCreate: plan.summary.groupsToCreate,
      groupsToUpdate: plan.summary.groupsToUpdate,
      groupsToDelete: plan.summary.groupsToDelete,
      membersToAdd: plan.summary.membersToAdd,
      membersToRemove: plan.summary.membersToRemove,
      blocked: plan.summary.blocked,
    },
  };
}

function orderProvider(provider: ProviderIdentity): ProviderIdentity {
  // plan.schema.json lets a file carry either optional key whatever its type; both are kept as they are.
  const { projectId, profile } = provider as Partial<DescopeIdentity & Omit<ScimIdentity, 'type'>>;
  return withoutUndefined({ type: provider.type, baseUrl: provider.baseUrl, projectId, profile }) as ProviderIdentity;
}

function orderTenant(tenant: TenantPlan): TenantPlan {
  return {
    tenant: tenant.tenant,
    changes: tenant.changes.map(orderChange),
    ...(tenant.asserted === undefined ? {} : { asserted: tenant.asserted.map(orderAsserted) }),
    unmanagedGroups: [...tenant.unmanagedGroups],
    blocked: tenant.blocked.map((b) => ({ code: b.code, message: b.message })),
    fingerprints: orderFingerprints(tenant.fingerprints),
    ...(tenant.expiring === undefined ? {} : { expiring: tenant.expiring.map(orderExpiring) }),
  };
}

// membersMode is not in the README's plan example; it sits just before add/remove, the lists it governs.
function orderChange(change: GroupChange): GroupChange {
  switch (change.action) {
    case 'create':
      return {
        action: change.action,
        group: change.group,
        externalId: change.externalId,
        membersMode: change.membersMode,
        add: change.add.map(orderMember),
        remove: change.remove.map(orderMember),
      };
    case 'update':
      return withoutUndefined({
        action: change.action,
        group: change.group,
        groupId: change.groupId,
        renameFrom: change.renameFrom,
        externalId: change.externalId,
        membersMode: change.membersMode,
        add: change.add.map(orderMember),
        remove: change.remove.map(orderMember),
      });
    case 'delete':
      return {
        action: change.action,
        group: change.group,
        groupId: change.groupId,
        add: change.add.map(orderMember),
        remove: change.remove.map(orderMember),
      };
  }
}

function orderAsserted(entry: AssertedMembers): AssertedMembers {
  return { group: entry.group, groupId: entry.groupId, reason: entry.reason, members: entry.members.map(orderMember) };
}

// Written key by key rather than through withoutUndefined: a plan may list a million members.
function orderMember(member: PlanMember): PlanMember {
  const ordered: PlanMember = { userId: member.userId };
  if (member.loginId !== undefined) ordered.loginId = member.loginId;
  if (member.expired !== undefined) ordered.expired = member.expired;
  if (member.via !== undefined) ordered.via = [...member.via];
  return ordered;
}

function orderExpiring(member: ExpiringMember): ExpiringMember {
  return withoutUndefined({ group: member.group, userId: member.userId, loginId: member.loginId, until: member.until, reason: member.reason, ticket: member.ticket });
}

// Group ids in code-point order, then `@groups` last, as in the README's plan example.
function orderFingerprints(fingerprints: Record<string, string>): Record<string, string> {
  const keys = Object.keys(fingerprints).filter((k) => k !== '@groups').sort(compareStrings);
  if (Object.hasOwn(fingerprints, '@groups')) keys.push('@groups');
  const ordered: Record<string, string> = {};
  for (const key of keys) ordered[key] = fingerprints[key] as string;
  return ordered;
}

/** The object without its undefined values: a key that may hold undefined becomes an optional key. */
type WithoutUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

function withoutUndefined<T extends object>(value: T): WithoutUndefined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as WithoutUndefined<T>;
}

function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return `${at}: missing property "${String(params.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify(params.allowedValue)}`;
    case 'discriminator':
      return `${at}/action: must be one of "create", "update", "delete"`;
    case 'pattern':
      return `${at}: ${describePattern(String(params.pattern))}`;
    default:
      return `${at}: ${error.message ?? 'is invalid'}`;
  }
}

function describePattern(pattern: string): string {
  if (pattern === planSchema.$defs.sha256.pattern) return 'must be "sha256:" followed by 64 lowercase hex digits';
  if (pattern === planSchema.properties.planId.pattern) return 'must be 12 lowercase hex digits';
  return `must match ${pattern}`;
}
