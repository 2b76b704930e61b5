import { assertPermission, badInput, decodeCursor, DomainError, encodeCursor, forbidden, isAdmin, pageSize, resolveConnection } from '@party/subgraph-kit';
import { z } from 'zod';
import type { MemberContext } from '../context';
import type { AuditEntry, AuditLogArgs, AuditTrailArgs } from '../graphql/audit.types';
import { isUuid } from './access';
import { findMember } from './member.service';
import { findProspect } from './prospect.service';

interface AuditRowDb {
  id: string;
  at: Date;
  actor: string | null;
  roles: string[];
  request_id: string | null;
  kind: string;
  operation: string | null;
  target_ids: string[];
  categories: string[];
  outcome: string;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

const view = (r: AuditRowDb): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  roles: r.roles,
  requestId: r.request_id,
  kind: r.kind,
  operation: r.operation,
  targetIds: r.target_ids,
  categories: r.categories,
  outcome: r.outcome,
  detail: JSON.stringify(r.detail),
  prevHash: r.prev_hash,
  hash: r.hash,
});

const cursorShape = z.tuple([z.string().regex(/^\d+$/)]);

/** One page of audit rows matching `where`, newest first, by id. */
async function page(ctx: MemberContext, where: string[], params: unknown[], first: number | null | undefined, after: string | null | undefined, fields: ReadonlySet<string> | null) {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, cursorShape);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return resolveConnection(
    fields,
    async () => {
      const p = [...params];
      const conds = [...where];
      if (cursor) {
        p.push(cursor[0]);
        conds.push(`id < $${p.length}::bigint`);
      }
      p.push(limit + 1);
      const rows = (await ctx.db.query(
        `SELECT id::text AS id, at, actor, roles, request_id, kind, operation, target_ids::text[] AS target_ids, categories, outcome, detail, prev_hash, hash
           FROM membership.audit_log ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${p.length}`,
        p,
      )) as AuditRowDb[];
      const limited = rows.slice(0, limit);
      return {
        edges: limited.map((r) => ({ cursor: encodeCursor([r.id]), node: view(r) })),
        pageInfo: { hasNextPage: rows.length > limit, endCursor: limited.length ? encodeCursor([limited[limited.length - 1]!.id]) : null },
        totalCount: 0,
      };
    },
    async () => ((await ctx.db.query(`SELECT count(*)::int AS n FROM membership.audit_log ${cond}`, params)) as { n: number }[])[0]!.n,
    { pageHasTotal: false },
  );
}

/**
 * The audit rows that touch a member (or prospect): for administrators, and for officers whose
 * organisations hold the member today (or, for a prospect, the proposing cell).
 */
export async function auditTrail(ctx: MemberContext, args: AuditTrailArgs, fields: ReadonlySet<string> | null) {
  if (!isUuid(args.memberId)) throw badInput('memberId', 'is not a member id');
  if (!isAdmin(ctx.caller)) {
    assertPermission(ctx.caller, 'READ_AUDIT_TRAIL', 'Only officers and administrators may read the audit trail');
    // Visible as a member or a prospect today: the scope check of `member` and `prospect`.
    const visible = (await findMember(ctx, args.memberId)) ?? (await findProspect(ctx, args.memberId));
    if (!visible) throw new DomainError('FORBIDDEN', 'memberId: no member or prospect of your organisations has this id', 'memberId');
  }
  return page(ctx, ['target_ids @> ARRAY[$1::uuid]'], [args.memberId], args.first, args.after, fields);
}

/** Every audit row, filtered by actor and time: administrators only. */
export async function auditLog(ctx: MemberContext, args: AuditLogArgs, fields: ReadonlySet<string> | null) {
  if (!isAdmin(ctx.caller)) throw forbidden('Only administrators may read the audit log');
  const where: string[] = [];
  const params: unknown[] = [];
  if (args.actor) {
    params.push(args.actor);
    where.push(`actor = $${params.length}`);
  }
  if (args.from) {
    params.push(args.from);
    where.push(`at >= $${params.length}`);
  }
  if (args.to) {
    params.push(args.to);
    where.push(`at < $${params.length}`);
  }
  if (args.from && args.to && args.from >= args.to) throw badInput('to', 'must be after `from`');
  return page(ctx, where, params, args.first, args.after, fields);
}
