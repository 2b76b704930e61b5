import { forbidden, isAdmin } from '@party/subgraph-kit';
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

const WRITERS = new Set(['ORG_OFFICER', 'SYSTEM_ADMIN']);

/** A change is allowed when the caller may write and every organisation it touches lies in their scope on that day. */
export async function assertMayChange(ctx: OrgContext, scopePaths: string[] | null, touched: VersionRow[], what: string): Promise<void> {
  if (!ctx.caller.roles.some((r) => WRITERS.has(r))) throw forbidden(`Your role may not ${what}`);
  if (scopePaths === null) return;
  const outside = touched.filter((row) => !scopePaths.some((p) => isUnder(row.path, p)));
  if (outside.length) throw forbidden(`You may not ${what}: ${outside.map((r) => r.code).join(', ')} is outside your organisations`);
}
