import { isUuid, badInput, DomainError, assertPermission, inScope, isAdmin, notFound } from '@party/subgraph-kit';
export { withheld } from '@party/subgraph-kit';
import type { MemberContext } from '../context';
import type { OrgRow } from './rows';

export { isUuid };

/**
 * The one place that decides what a caller reaches in this subgraph: their
 * scope organisations and everything under them, on the day of the data
 * (organization.tree_v1). Administrators reach everything.
 */
export async function scopePaths(ctx: MemberContext, day: string): Promise<string[] | null> {
  if (isAdmin(ctx.caller)) return null;
  const rows = await ctx.loaders.orgAt(day).loadMany(ctx.caller.scope);
  return rows.filter((r): r is OrgRow => !!r && !(r instanceof Error)).map((r) => r.path);
}

export async function canSeePath(ctx: MemberContext, path: string, day: string): Promise<boolean> {
  const paths = await scopePaths(ctx, day);
  return paths === null || inScope(paths, path);
}


/** Records of persons (members, prospects): not for analysts, who see aggregates only. */
export function assertMayReadPeople(ctx: MemberContext): void {
  assertPermission(ctx.caller, 'READ_PEOPLE', "Your role may not read people's records");
}

/** FORBIDDEN naming the argument or input field that reaches outside the caller's organisations (`extensions.field`). */
export const forbiddenField = (field: string, message: string) => new DomainError('FORBIDDEN', `${field}: ${message}`, field);


export function assertWriter(ctx: MemberContext): void {
  assertPermission(ctx.caller, 'WRITE', 'Your role may not change the member register');
}

/**
 * The organisation `id` on `day`, if it exists then and lies in the caller's
 * scope; a clear error naming `field` otherwise.
 */
export async function organizationInScope(ctx: MemberContext, id: string, day: string, field: string): Promise<OrgRow> {
  if (!isUuid(id)) throw badInput(field, 'is not an organisation id');
  const org = await ctx.loaders.orgAt(day).load(id);
  if (!org) throw notFound(field, `${field}: no organisation ${id} on ${day}`);
  if (!(await canSeePath(ctx, org.path, day))) throw forbiddenField(field, 'that organisation is outside your organisations');
  return org;
}
