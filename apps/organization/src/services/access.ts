import { assertPermission, forbidden, isAdmin } from '@party/subgraph-kit';
export { withheld } from '@party/subgraph-kit';
import type { OrgContext } from '../context';
import { isUnder } from '../domain/path';
import type { VersionRow } from './rows';

/**
 * The one place that decides what of the tree a caller reaches: their scope
 * organisations and everything under them, on the day asked about.
 * Administrators reach everything. Every entry point (queries, mutations and
 * `__resolveReference`) goes through here; nested fields stay inside a
 * subtree already checked.
 */
export async function canSee(ctx: OrgContext, row: VersionRow, asOf: string): Promise<boolean> {
  if (isAdmin(ctx.caller)) return true;
  const paths = await ctx.loaders.scopePaths(asOf, ctx.caller.scope);
  return paths.some((p) => isUnder(row.path, p));
}

export async function visibleOnly<T extends VersionRow>(ctx: OrgContext, rows: (T | null)[], asOf: string): Promise<T[]> {
  const out: T[] = [];
  for (const row of rows) if (row && (await canSee(ctx, row, asOf))) out.push(row);
  return out;
}

/** Paths the caller is limited to on `asOf`; null when unlimited. */
export async function scopeFilter(ctx: OrgContext, asOf: string): Promise<string[] | null> {
  if (isAdmin(ctx.caller)) return null;
  return ctx.loaders.scopePaths(asOf, ctx.caller.scope);
}



/** Changing the tree needs a writing role; checked before anything is read. */
export function assertWriter(ctx: OrgContext): void {
  assertPermission(ctx.caller, 'WRITE', 'Your role may not change the organisation tree');
}

/**
 * Every organisation a change touches must lie in the caller's scope on the
 * effective day; checked as soon as it is read, before any rule can quote it.
 */
export function assertWithin(scopePaths: string[] | null, row: VersionRow, field: string): void {
  if (scopePaths !== null && !scopePaths.some((p) => isUnder(row.path, p))) throw forbidden(`${field}: that organisation is outside your organisations`);
}
