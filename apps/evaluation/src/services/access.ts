import { isUuid, badInput, DomainError, assertPermission, inScope, isAdmin, notFound } from '@party/subgraph-kit';
export { withheld } from '@party/subgraph-kit';
import type { EvalContext } from '../context';
import type { OrgRow } from '../loaders/evaluation.loader';

export { isUuid };

/**
 * The one place that decides what a caller reaches in this subgraph: their
 * scope organisations and everything under them, on the day of the data.
 * Administrators reach everything.
 */
export async function canSeePath(ctx: EvalContext, path: string, day: string): Promise<boolean> {
  if (isAdmin(ctx.caller)) return true;
  const rows = await ctx.loaders.orgAt(day).loadMany(ctx.caller.scope);
  return inScope(rows.flatMap((r) => (r && !(r instanceof Error) ? [r.path] : [])), path);
}


/** A person's rating is part of their record: not for analysts, who see aggregates only. */
export function assertMayReadPeople(ctx: EvalContext): void {
  assertPermission(ctx.caller, 'READ_PEOPLE', "Your role may not read people's records");
}


export function assertWriter(ctx: EvalContext): void {
  assertPermission(ctx.caller, 'WRITE', 'Your role may not change evaluations');
}

/** Last day of the year on which the organisation existed. */
export const lastDayIn = (org: OrgRow, year: number): string => {
  const end = `${year}-12-31`;
  if (org.valid_to === 'infinity' || org.valid_to > end) return end;
  const d = new Date(`${org.valid_to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** The organisation as it stood at the end of the year (or when it ceased in it), in scope then; a clear error otherwise. */
export async function organizationInYear(ctx: EvalContext, id: string, year: number, field: string): Promise<OrgRow> {
  if (!isUuid(id)) throw badInput(field, 'is not an organisation id');
  const org = await ctx.loaders.orgInYear(year).load(id);
  if (!org) throw notFound(field, `${field}: no organisation ${id} in ${year}`);
  if (!(await canSeePath(ctx, org.path, lastDayIn(org, year)))) throw new DomainError('FORBIDDEN', `${field}: that organisation is outside your organisations`, field);
  return org;
}
