import { addDays, badInput, decodeCursor, foldForSearch, searchTokens, encodeCursor, forbidden, isIsoDate, pageSize, resolveConnection, toConnection, today, type ConnectionShape } from '@party/subgraph-kit';
import { z } from 'zod';
import type { OrgContext } from '../context';
import type { OrganizationKind } from '../domain/kinds';
import { pathNodes } from '../domain/path';

import { OrganizationChange } from '../graphql/organization-change.type';
import { Organization } from '../graphql/organization.type';
import { canSee, scopeFilter, visibleOnly, withheld } from './access';
import { pathEnd, validOn, VERSION_COLUMNS, VERSION_FROM, type VersionRow } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

const dayOf = (asOf: string | null | undefined) => asOf ?? today();

export async function findOrganization(ctx: OrgContext, args: { id?: string | null; code?: string | null; asOf?: string | null }): Promise<Organization | null> {
  const asOf = dayOf(args.asOf);
  if ((args.id == null) === (args.code == null)) throw badInput('id', 'give exactly one of id or code');
  let row: VersionRow | null;
  if (args.code != null) {
    const rows: VersionRow[] = await ctx.db.query(`SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.code = $1 AND ${validOn('$2')}`, [args.code.trim().toUpperCase(), asOf]);
    row = rows[0] ?? null;
  } else {
    row = isUuid(args.id!) ? await ctx.loaders.versionAt(asOf).load(args.id!) : null;
  }
  if (!row) return null;
  if (!(await canSee(ctx, row, asOf))) throw forbidden(`Organisation ${row.code} is outside your organisations`);
  return Organization.from(row, asOf);
}

/** Top of the tree the caller reaches: the real roots for administrators, their scope organisations otherwise. */
export async function organizationRoots(ctx: OrgContext, asOfArg?: string | null): Promise<Organization[]> {
  const asOf = dayOf(asOfArg);
  const scope = await scopeFilter(ctx, asOf);
  let rows: VersionRow[];
  if (scope === null) {
    rows = await ctx.db.query(`SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.parent_id IS NULL AND ${validOn('$1')} ORDER BY v.sort_name, v.organization_id`, [asOf]);
  } else {
    const scoped = (await ctx.loaders.versionAt(asOf).loadMany([...new Set(ctx.caller.scope)])).filter((r): r is VersionRow => !!r && !(r instanceof Error));
    // Drop scope organisations that lie under another one of the caller's; order as the real roots are.
    rows = scoped
      .filter((r) => !scoped.some((o) => o !== r && r.path.startsWith(o.path) && r.path !== o.path))
      .map((r) => ({ row: r, key: foldForSearch(r.name) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.row.organization_id < b.row.organization_id ? -1 : 1))
      .map((x) => x.row);
  }
  return rows.map((r) => Organization.from(r, asOf));
}

export async function searchOrganizations(ctx: OrgContext, args: { text: string; under?: string | null; asOf?: string | null; first?: number | null }): Promise<Organization[]> {
  const asOf = dayOf(args.asOf);
  const tokens = searchTokens(args.text);
  if (!tokens.length) throw badInput('text', 'give at least one letter or digit to search for');
  if (tokens.length > 10) throw badInput('text', 'at most 10 words');
  const limit = Math.min(pageSize(args.first ?? 20), 100);
  const params: unknown[] = [asOf, limit];
  const where: string[] = [validOn('$1')];
  for (const t of tokens) {
    params.push(`%${t}%`);
    where.push(`v.search_text LIKE $${params.length}`);
  }
  const ranges: string[][] = [];
  if (args.under != null) {
    const under = await findOrganization(ctx, { id: args.under, asOf });
    if (!under) throw badInput('under', 'no such organisation on that day');
    ranges.push([under.path]);
  }
  const scope = await scopeFilter(ctx, asOf);
  if (scope !== null) ranges.push(scope);
  for (const alternatives of ranges) {
    const ors = alternatives.map((p) => {
      params.push(p, pathEnd(p));
      return `(v.path >= $${params.length - 1} AND v.path < $${params.length})`;
    });
    where.push(ors.length ? `(${ors.join(' OR ')})` : 'false');
  }
  params.push(tokens.join(' '));
  const rows: VersionRow[] = await ctx.db.query(
    `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM}
      WHERE ${where.join(' AND ')}
      ORDER BY (v.search_text LIKE $${params.length} || '%') DESC, v.depth, v.sort_name, v.organization_id
      LIMIT $2`,
    params,
  );
  return rows.map((r) => Organization.from(r, asOf));
}

const childCursor = z.tuple([z.string(), z.string().regex(UUID)]);

/** `fields`: what the client selected on the connection (null: everything). */
export function children(
  ctx: OrgContext,
  parent: Organization,
  args: { first?: number | null; after?: string | null },
  fields: ReadonlySet<string> | null = null,
): Promise<ConnectionShape<Organization>> {
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, childCursor);
  return resolveConnection(
    fields,
    async () => {
      const page = await ctx.loaders.children(parent.asOf, limit, after).load(parent.id);
      return toConnection(page.rows, limit, page.total, (r) => Organization.from(r, parent.asOf), (r) => encodeCursor([r.sort_name, r.organization_id]));
    },
    () => ctx.loaders.childCount(parent.asOf).load(parent.id),
  );
}

const descendantCursor = z.tuple([z.string()]);

export function descendants(
  ctx: OrgContext,
  root: Organization,
  args: { maxDepth?: number | null; kinds?: OrganizationKind[] | null; first?: number | null; after?: string | null },
  fields: ReadonlySet<string> | null = null,
): Promise<ConnectionShape<Organization>> {
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, descendantCursor);
  if (args.maxDepth != null && (!Number.isInteger(args.maxDepth) || args.maxDepth < 1)) throw badInput('maxDepth', 'must be 1 or more');
  const filter = { asOf: root.asOf, maxDepth: args.maxDepth ?? null, kinds: args.kinds?.length ? [...args.kinds].sort() : null };
  const ref = { id: root.id, path: root.path, depth: root.depth };
  return resolveConnection(
    fields,
    async () => {
      const rows = await ctx.loaders.descendants(filter, limit, after?.[0] ?? null).load(ref);
      return toConnection(rows, limit, 0, (r) => Organization.from(r, root.asOf), (r) => encodeCursor([r.path]));
    },
    () => ctx.loaders.descendantCount(filter).load(ref),
    { pageHasTotal: false },
  );
}

export async function parentOf(ctx: OrgContext, org: Organization): Promise<Organization | null> {
  if (!org.parentId) return null;
  const row = await ctx.loaders.versionAt(org.asOf).load(org.parentId);
  return row && (await canSee(ctx, row, org.asOf)) ? Organization.from(row, org.asOf) : null;
}

/** Ancestors the caller may see, root first. */
export async function ancestorsOf(ctx: OrgContext, org: Organization): Promise<Organization[]> {
  const nodes = pathNodes(org.path).slice(0, -1);
  const rows = await ctx.loaders.versionByNodeAt(org.asOf).loadMany(nodes);
  const visible = await visibleOnly(ctx, rows.map((r) => (r instanceof Error ? null : r)), org.asOf);
  return visible.map((r) => Organization.from(r, org.asOf));
}

/**
 * Organisations this one came from (merged or split into it, dissolved in its favour),
 * each shown on the last day it stood before the change; or those it went into, on the day of the change.
 */
export async function lineageOf(ctx: OrgContext, org: Organization, direction: 'predecessors' | 'successors'): Promise<Organization[]> {
  const links = await ctx.loaders.lineage.load(org.id);
  const out: Organization[] = [];
  for (const link of links) {
    const isPredecessorLink = link.successor_id === org.id;
    if ((direction === 'predecessors') !== isPredecessorLink) continue;
    const otherId = isPredecessorLink ? link.predecessor_id : link.successor_id;
    const day = isPredecessorLink ? addDays(link.effective_on, -1) : link.effective_on;
    const row = await ctx.loaders.versionAt(day).load(otherId);
    if (row && (await canSee(ctx, row, day))) out.push(Organization.from(row, day));
  }
  return out;
}

export async function changesOf(ctx: OrgContext, org: Organization): Promise<OrganizationChange[]> {
  const rows = await ctx.loaders.changes.load(org.id);
  return rows.map((r) => OrganizationChange.from(r));
}

/** Parent before or after a change, on the day before or on the day of it. */
export async function changeParent(ctx: OrgContext, change: OrganizationChange, side: 'before' | 'after'): Promise<Organization | null> {
  const parentId = change[side]?.parentId;
  if (!parentId) return null;
  const day = side === 'before' ? addDays(change.effectiveOn, -1) : change.effectiveOn;
  const row = await ctx.loaders.versionAt(day).load(parentId);
  return row && (await canSee(ctx, row, day)) ? Organization.from(row, day) : null;
}

export async function changeLineage(ctx: OrgContext, change: OrganizationChange, direction: 'predecessors' | 'successors'): Promise<Organization[]> {
  const links = await ctx.loaders.lineageByChange.load(change.id);
  const ids = [...new Set(links.map((l) => (direction === 'predecessors' ? l.predecessor_id : l.successor_id)))];
  const day = direction === 'predecessors' ? addDays(change.effectiveOn, -1) : change.effectiveOn;
  const rows = await ctx.loaders.versionAt(day).loadMany(ids);
  const visible = await visibleOnly(ctx, rows.map((r) => (r instanceof Error ? null : r)), day);
  return visible.map((r) => Organization.from(r, day));
}

/** Entity references from other subgraphs: today's version, or the last one of a dissolved organisation. */
export async function resolveOrganizationReference(ctx: OrgContext, id: string, dated?: string | null): Promise<Organization | null> {
  if (!isUuid(id)) return null;
  if (dated !== undefined && dated !== null) {
    // Another subgraph names the day (key "id asOf"): the organisation as it stood then, or nothing.
    if (!isIsoDate(dated)) return null;
    const version = await ctx.loaders.versionAt(dated).load(id);
    if (!version) return null;
    return (await canSee(ctx, version, dated)) ? Organization.from(version, dated) : withheld(ctx, id);
  }
  const day = today();
  const row = (await ctx.loaders.versionAt(day).load(id)) ?? (await ctx.loaders.latestVersion.load(id));
  if (!row) return null;
  const asOf = row.valid_to === 'infinity' || row.valid_to > day ? day : addDays(row.valid_to, -1);
  return (await canSee(ctx, row, asOf)) ? Organization.from(row, asOf) : withheld(ctx, id);
}
