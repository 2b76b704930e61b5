import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource, QueryRunner } from 'typeorm';
import type { BaseContext } from './context';
import { isUuid } from './ids';

/**
 * The audit trail every subgraph keeps (docs/decisions/0012-audit-trail.md): one append-only
 * table `<schema>.audit_log` per subgraph, hash-chained row by row, written once per request
 * at the end of the request by `auditPlugin`.
 */

export const AUDIT_KINDS = ['MUTATION', 'READ', 'DENIED'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Field categories of a person's record (what a READ row says was read). */
export type FieldCategory = 'IDENTITY' | 'MEMBERSHIP' | 'SENSITIVE' | 'HISTORY' | 'PROSPECT';

/** Error codes that make a request a denied attempt. */
const DENIED_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/** The hash before the first row of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What one request reports into its audit entry: the person records it returned (ids and the
 * field categories read), the targets of its changes, and the records it was refused.
 * Lives in the request context (`ctx.audit`); written by `auditPlugin` at the end.
 */
export class RequestAudit {
  readonly readIds = new Set<string>();
  readonly categories = new Set<string>();
  readonly targetIds = new Set<string>();
  readonly deniedIds = new Set<string>();
  readonly deniedFields = new Set<string>();

  /** A person record (member, prospect) was returned, with a field of `category`. */
  read(id: string, category: FieldCategory | string): void {
    if (!isUuid(id)) return;
    this.readIds.add(id);
    this.categories.add(category);
  }

  /** A record the request's change is about (added to the MUTATION row). */
  target(id: string): void {
    if (isUuid(id)) this.targetIds.add(id);
  }

  /**
   * A record, or a field of one, was refused (added to the DENIED row). A record withheld without an
   * error (a lookup outside the caller's organisations answers null) makes the request a denied attempt too.
   */
  deny(id: string | null | undefined, field?: string): void {
    if (id && isUuid(id)) this.deniedIds.add(id);
    if (field) this.deniedFields.add(field);
  }
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return name;
};

/**
 * The SQL that creates `<schema>.audit_log`: each app's migration runs it (as the subgraph's own role).
 *
 * - `audit_log_hash(row)`: sha256 (hex) of `prev_hash` followed by the row's canonical text (a jsonb array
 *   of every other column, the time in UTC with microseconds): the one definition the chain is built and
 *   checked with.
 * - a BEFORE INSERT trigger takes a transaction-scoped advisory lock per table, then gives the row its id
 *   (from the table's sequence, under the lock: ids follow the chain, without gaps from the default), its
 *   time, the previous row's hash and its own hash. What an INSERT says for these columns is overwritten.
 *   PL/pgSQL statements take a fresh snapshot after the lock, so a row committed by the transaction that
 *   held the lock is seen: the chain is linear.
 * - UPDATE, DELETE and TRUNCATE are refused by triggers, and revoked from the role that owns the table.
 */
export function auditLogUpSql(schemaName: string): string[] {
  const s = ident(schemaName);
  return [
    `CREATE SEQUENCE ${s}.audit_log_id_seq`,
    `CREATE TABLE ${s}.audit_log (
       id bigint PRIMARY KEY,
       at timestamptz NOT NULL,
       actor text,
       roles text[] NOT NULL DEFAULT '{}',
       request_id text,
       kind text NOT NULL CHECK (kind IN ('MUTATION', 'READ', 'DENIED')),
       operation text,
       target_ids uuid[] NOT NULL DEFAULT '{}',
       categories text[] NOT NULL DEFAULT '{}',
       outcome text NOT NULL,
       detail jsonb NOT NULL DEFAULT '{}',
       prev_hash text NOT NULL,
       hash text NOT NULL
     )`,
    `ALTER SEQUENCE ${s}.audit_log_id_seq OWNED BY ${s}.audit_log.id`,
    `CREATE INDEX audit_log_target_ids ON ${s}.audit_log USING gin (target_ids)`,
    `CREATE INDEX audit_log_actor_id ON ${s}.audit_log (actor, id)`,
    `CREATE FUNCTION ${s}.audit_log_hash(r ${s}.audit_log) RETURNS text LANGUAGE sql STABLE AS $$
       SELECT encode(sha256(convert_to(r.prev_hash || jsonb_build_array(
         r.id, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.actor, r.roles, r.request_id,
         r.kind, r.operation, r.target_ids, r.categories, r.outcome, r.detail)::text, 'UTF8')), 'hex')
     $$`,
    `CREATE FUNCTION ${s}.audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE last_hash text;
     BEGIN
       PERFORM pg_advisory_xact_lock(hashtext('${s}.audit_log'));
       NEW.id := nextval('${s}.audit_log_id_seq');
       NEW.at := clock_timestamp();
       SELECT a.hash INTO last_hash FROM ${s}.audit_log a ORDER BY a.id DESC LIMIT 1;
       NEW.prev_hash := coalesce(last_hash, '${GENESIS_HASH}');
       NEW.hash := ${s}.audit_log_hash(NEW);
       RETURN NEW;
     END $$`,
    `CREATE FUNCTION ${s}.audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
     END $$`,
    `CREATE TRIGGER audit_log_chain BEFORE INSERT ON ${s}.audit_log FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_chain()`,
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON ${s}.audit_log FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_refuse()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_refuse()`,
    `REVOKE ALL ON ${s}.audit_log FROM PUBLIC`,
    // The migration runs as the subgraph's role, which owns the table: owners hold every privilege
    // unless revoked. What is left to it: INSERT and SELECT (decision 0012 says what ownership still allows).
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${s}.audit_log FROM CURRENT_USER`,
    `GRANT SELECT, INSERT ON ${s}.audit_log TO CURRENT_USER`,
  ];
}

export function auditLogDownSql(schemaName: string): string[] {
  const s = ident(schemaName);
  return [`DROP TABLE ${s}.audit_log`, `DROP FUNCTION ${s}.audit_log_chain()`, `DROP FUNCTION ${s}.audit_log_refuse()`];
}

/** Runs `auditLogUpSql` in a migration. */
export async function createAuditLog(q: QueryRunner, schemaName: string): Promise<void> {
  for (const sql of auditLogUpSql(schemaName)) await q.query(sql);
}

export async function dropAuditLog(q: QueryRunner, schemaName: string): Promise<void> {
  // The hash function depends on the table's row type: dropped with it (CASCADE).
  await q.query(`DROP TABLE ${ident(schemaName)}.audit_log CASCADE`);
  for (const sql of auditLogDownSql(schemaName).slice(1)) await q.query(sql);
}

export interface AuditRow {
  actor: string | null;
  roles: string[];
  requestId: string | null;
  kind: AuditKind;
  operation: string | null;
  targetIds: string[];
  categories: string[];
  outcome: string;
  /** No personal data: codes, paths, field names, root fields. */
  detail: Record<string, unknown>;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Appends rows to `<schema>.audit_log` in one INSERT (the chain columns are set by the table's trigger). */
export async function appendAuditRows(db: Queryable, schemaName: string, rows: AuditRow[]): Promise<void> {
  if (!rows.length) return;
  const s = ident(schemaName);
  await db.query(
    `INSERT INTO ${s}.audit_log (id, at, actor, roles, request_id, kind, operation, target_ids, categories, outcome, detail, prev_hash, hash)
     SELECT 0, now(), r.actor, ARRAY(SELECT jsonb_array_elements_text(r.roles)), r.request_id, r.kind, r.operation,
            ARRAY(SELECT jsonb_array_elements_text(r.target_ids))::uuid[], ARRAY(SELECT jsonb_array_elements_text(r.categories)),
            r.outcome, r.detail, '', ''
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, ord)
      CROSS JOIN LATERAL jsonb_to_record(e.item) AS r(actor text, roles jsonb, request_id text, kind text, operation text,
            target_ids jsonb, categories jsonb, outcome text, detail jsonb)
      ORDER BY e.ord`,
    [JSON.stringify(rows.map((r) => ({ actor: r.actor, roles: r.roles, request_id: r.requestId, kind: r.kind, operation: r.operation, target_ids: r.targetIds, categories: r.categories, outcome: r.outcome, detail: r.detail })))],
  );
}

export interface AuditChainReport {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The first row (by id) whose hash or link to its predecessor does not hold. */
  firstBrokenId: string | null;
  reason: 'HASH_MISMATCH' | 'BROKEN_LINK' | null;
}

/**
 * Recomputes the chain of `<schema>.audit_log`: every row's hash from its content and its
 * `prev_hash`, and every `prev_hash` against the hash of the row before it. A changed row fails
 * its own hash (or, if its hash was recomputed too, the next row's link); a deleted row breaks
 * the link of the row after it.
 */
export async function verifyAuditChain(db: Queryable, schemaName: string): Promise<AuditChainReport> {
  const s = ident(schemaName);
  const [bad] = (await db.query(
    `SELECT c.id::text AS id, CASE WHEN c.hash <> c.recomputed THEN 'HASH_MISMATCH' ELSE 'BROKEN_LINK' END AS reason
       FROM (SELECT a.id, a.hash, a.prev_hash, ${s}.audit_log_hash(a) AS recomputed, lag(a.hash) OVER (ORDER BY a.id) AS expected_prev
               FROM ${s}.audit_log a) c
      WHERE c.hash <> c.recomputed OR c.prev_hash <> coalesce(c.expected_prev, '${GENESIS_HASH}')
      ORDER BY c.id LIMIT 1`,
  )) as { id: string; reason: AuditChainReport['reason'] }[];
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ${s}.audit_log`)) as { n: number }[];
  return { ok: !bad, rows: n, firstBrokenId: bad?.id ?? null, reason: bad?.reason ?? null };
}

export interface AuditPluginOptions<C extends BaseContext = BaseContext> {
  dataSource: Pick<DataSource, 'query'>;
  /** The subgraph's schema, which holds its `audit_log`. */
  schema: string;
  log: Logger;
  /** Input keys whose uuid values name the target of a mutation (default: `id`, `memberId`, `prospectId`). */
  targetKeys?: string[];
  /**
   * Ends what the request opened (a subgraph's per-request database transaction), awaited before the entry
   * is written and the response sent: the entry follows the outcome, and the request's connection is back
   * in the pool before the entry takes one. If it throws (the request's changes were not saved), the
   * response is withheld (an internal error).
   */
  endRequest?: (ctx: C) => Promise<void>;
}

interface FormattedErrorLike {
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

function collectIds(value: unknown, keys: ReadonlySet<string>, into: Set<string>, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (keys.has(k) && typeof v === 'string' && isUuid(v)) into.add(v);
    else if (typeof v === 'object') collectIds(v, keys, into, depth + 1);
  }
}

function rootFields(op: OperationDefinitionNode | undefined): string[] {
  if (!op) return [];
  return op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/**
 * Writes the request's audit entry when the response is ready, in one INSERT:
 * a MUTATION row for every mutation (outcome: OK or the first error's code), a DENIED row when the
 * response carries FORBIDDEN or UNAUTHENTICATED, and a READ row when person records were returned
 * (the ids and field categories reported into `ctx.audit`). If the entry cannot be written, the
 * response is withheld (an internal error): no record leaves unaudited.
 */
export function auditPlugin<C extends BaseContext>(opts: AuditPluginOptions<C>): ApolloServerPlugin<C> {
  const targetKeys = new Set(opts.targetKeys ?? ['id', 'memberId', 'prospectId']);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, operation, operationName, response, request }) {
          const body = response.body;
          if (ctx && opts.endRequest) {
            try {
              await opts.endRequest(ctx);
            } catch (err) {
              ctx.log.error({ err }, 'request not completed: response withheld');
              if (body.kind === 'single') body.singleResult = { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
            }
          }
          const audit = ctx?.audit;
          if (!audit) return;
          const errors: readonly FormattedErrorLike[] = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const base = { actor: ctx.caller.userId, roles: [...ctx.caller.roles], requestId: ctx.requestId, operation: operationName ?? null };
          const fields = rootFields(operation);
          const rows: AuditRow[] = [];
          if (operation?.operation === 'mutation') {
            const targets = new Set(audit.targetIds);
            collectIds(request.variables, targetKeys, targets);
            for (const id of audit.readIds) targets.add(id);
            rows.push({ ...base, kind: 'MUTATION', targetIds: [...targets].sort(), categories: [], outcome: codes[0] ?? 'OK', detail: { rootFields: fields, errors: codes } });
          }
          const denied = errors.filter((e) => DENIED_CODES.has(String(e.extensions?.code)));
          // Refused with an error, or withheld without one (a lookup outside the caller's organisations answers null).
          if (denied.length || audit.deniedIds.size) {
            rows.push({
              ...base,
              kind: 'DENIED',
              targetIds: [...audit.deniedIds].sort(),
              categories: [],
              outcome: denied.length ? String(denied[0]!.extensions?.code) : 'WITHHELD',
              detail: { rootFields: fields, errors: denied.map((e) => ({ code: e.extensions?.code, path: e.path ?? null, field: e.extensions?.field ?? null })) },
            });
          }
          if (audit.readIds.size) {
            rows.push({ ...base, kind: 'READ', targetIds: [...audit.readIds].sort(), categories: [...audit.categories].sort(), outcome: 'OK', detail: { rootFields: fields } });
          }
          if (!rows.length) return;
          try {
            await appendAuditRows(opts.dataSource, opts.schema, rows);
          } catch (err) {
            ctx.log.error({ err }, 'audit entry not written: response withheld');
            if (body.kind === 'single') body.singleResult = { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
          }
        },
      };
    },
  };
}
