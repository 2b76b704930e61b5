import type { AuthCheckerFn, MiddlewareFn } from 'type-graphql';
import type { FieldCategory } from './audit';
import type { BaseContext } from './context';
import { DomainError } from './errors';
import type { Caller, Role } from './identity';

/**
 * The platform's one table of what each role may do, beyond its organisation scope (which every
 * subgraph checks against the dated tree in its `services/access.ts`). Every subgraph asks here:
 * fields carry permissions with type-graphql's `@Authorized(PERMISSION)` (the schema is built with
 * `authChecker: permissionAuthChecker`), services with `assertPermission`. Aggregates (counts,
 * figures, evaluation facts) need no permission beyond scope: every role reads them.
 */
export const PERMISSION_ROLES = {
  /** Ethnicity, religion, citizen ID, birth date, family background (Decree 13/2023/ND-CP): officers and administrators. */
  SENSITIVE_PERSONAL_DATA: ['SYSTEM_ADMIN', 'ORG_OFFICER'],
  /** A person's record (members, prospects, their ratings): not analysts, who read aggregates only. */
  READ_PEOPLE: ['SYSTEM_ADMIN', 'ORG_OFFICER', 'VIEWER'],
  /** Changes to the tree, the register and evaluations (in scope). */
  WRITE: ['SYSTEM_ADMIN', 'ORG_OFFICER'],
  /** A person's audit trail (in scope). */
  READ_AUDIT_TRAIL: ['SYSTEM_ADMIN', 'ORG_OFFICER'],
  /**
   * Aggregates with their small cells (1 to AGGREGATE_MIN_CELL − 1 people) shown exactly: those who
   * work with their own people. Analysts get those cells withheld (null), so no one is singled out.
   */
  UNSUPPRESSED_AGGREGATES: ['SYSTEM_ADMIN', 'ORG_OFFICER', 'VIEWER'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSION_ROLES;
export const SENSITIVE_PERSONAL_DATA: Permission = 'SENSITIVE_PERSONAL_DATA';

export function hasPermission(caller: Caller, permission: Permission): boolean {
  const roles: readonly Role[] = PERMISSION_ROLES[permission];
  return caller.roles.some((r) => roles.includes(r));
}

/** FORBIDDEN with `message` unless the caller's role holds `permission`. */
export function assertPermission(caller: Caller, permission: Permission, message: string): void {
  if (!hasPermission(caller, permission)) throw new DomainError('FORBIDDEN', message);
}

/**
 * A record outside the caller's organisations, looked up by id: answered as unknown (null) so its
 * existence does not leak, and recorded in the request's audit entry as a denied attempt (WITHHELD).
 */
export function withheld(ctx: BaseContext, id: string): null {
  ctx.audit?.deny(id);
  return null;
}

/** Whether `path` (a materialised tree path) lies in the subtree of one of `scopePaths`. */
export function inScope(scopePaths: readonly string[], path: string): boolean {
  return scopePaths.some((p) => path.startsWith(p));
}

/**
 * type-graphql's auth checker for `@Authorized(permission)` fields: a caller without the
 * permission gets FORBIDDEN on that field only (`extensions.field` names it; the rest of the
 * object still arrives), and the refusal is reported to the request's audit entry.
 */
export const permissionAuthChecker: AuthCheckerFn<BaseContext, Permission> = ({ root, context, info }, permissions) => {
  for (const permission of permissions) {
    if (hasPermission(context.caller, permission)) continue;
    const id = (root as { id?: unknown } | undefined)?.id;
    context.audit?.deny(typeof id === 'string' ? id : null, info.fieldName);
    throw new DomainError('FORBIDDEN', `${info.fieldName}: your role may not read sensitive personal data`, info.fieldName);
  }
  return true;
};

/**
 * A global type-graphql middleware that reports every person record a response returns: for
 * each field of the listed types resolved without error, the record's `id` and the field's
 * category go into the request's audit entry (`ctx.audit.read`). Fields not listed count as `fallback`.
 */
export function personReadAudit(types: Record<string, { categories: Record<string, FieldCategory>; fallback: FieldCategory }>): MiddlewareFn<BaseContext> {
  return async ({ root, context, info }, next) => {
    const result = await next();
    const spec = types[info.parentType.name];
    if (spec && context.audit) {
      const id = (root as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') context.audit.read(id, spec.categories[info.fieldName] ?? spec.fallback);
    }
    return result;
  };
}
