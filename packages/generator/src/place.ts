// The membership subgraph's own derivation over a bulk-loaded register: placements, count deltas
// and admission facts by placeMembers (PLACE_MEMBERS_SQL), batch by batch on several connections;
// and the plain indexes and constraints set aside while loading, then rebuilt as they were.
import { placeMembers, rebuildMemberStats } from '@party/membership';
import type { ClientBase } from 'pg';
import { escapeIdentifier } from 'pg';
import { performance } from 'node:perf_hooks';

/** The membership subgraph's tables a register load writes (those that exist in the schema are handled). */
export const MEMBER_TABLES = ['member', 'member_event', 'member_segment', 'placement', 'count_delta', 'member_stat_delta', 'member_stat_year', 'admission_fact'].map((t) => `membership.${t}`);

/** The tables of `tables` that exist. */
export async function existingTables(client: ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query(`SELECT t FROM unnest($1::text[]) t WHERE to_regclass(t) IS NOT NULL`, [tables]);
  return rows.map((r) => r.t as string);
}
/** Indexes the load itself reads through (kept while loading). */
export const MEMBER_LOAD_INDEXES = ['placement_by_member', 'member_event_by_member', 'admission_fact_by_member'];

const secs = (t0: number) => (performance.now() - t0) / 1000;

export interface Suspended {
  dropped: string[];
  /** Recreates them; returns how long each took (s). */
  restore(): Promise<[string, number][]>;
}

/**
 * Drops the plain indexes, foreign keys and exclusion constraints of `tables` (but the indexes
 * named in `keep`, which the load itself reads through) and returns a function that recreates
 * them exactly as they were.
 */
export async function suspendIndexes(client: ClientBase, all: string[], keep: string[]): Promise<Suspended> {
  const tables = await existingTables(client, all);
  const { rows: constraints } = await client.query(
    `SELECT format('%I.%I', n.nspname, t.relname) AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE k.conrelid = ANY($1::regclass[]) AND k.contype IN ('f', 'x')
      ORDER BY 1, 2`,
    [tables],
  );
  const { rows: indexes } = await client.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = ANY($1::regclass[]) AND c.relname <> ALL($2::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
      ORDER BY 1`,
    [tables, keep],
  );
  for (const c of constraints) await client.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${escapeIdentifier(c.conname)}`);
  for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
  return {
    dropped: [...indexes.map((i) => i.name as string), ...constraints.map((c) => `${c.tbl}.${c.conname}`)],
    async restore() {
      const took: [string, number][] = [];
      const run = async (name: string, text: string) => {
        const t0 = performance.now();
        await client.query(text);
        took.push([name, secs(t0)]);
      };
      for (const i of indexes) await run(i.name, i.def);
      for (const c of constraints) await run(`${c.tbl}.${c.conname}`, `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${escapeIdentifier(c.conname)} ${c.def}`);
      return took;
    },
  };
}

/**
 * Placements, count deltas and admission facts of every member: the subgraph's own placeMembers,
 * in batches of `batch` members in id order, one batch per connection at a time (count_delta rows
 * are locked in (organisation, day) order by every statement, so the connections cannot deadlock);
 * then memberStats' sums of them all at once (rebuildMemberStats).
 * Then marks the tree as caught up (placements reflect the tree as it is). Turns JIT off on `clients`.
 */
export async function placeAll(clients: ClientBase[], opts: { total: number; batch?: number; progress?: (placed: number) => void }): Promise<number> {
  const { total, batch = 20_000, progress = () => {} } = opts;
  const [first] = clients as [ClientBase];
  // As on the subgraph's own connections (docs/decisions/0010-jit-off.md): compiling PLACE_MEMBERS_SQL, whose
  // estimates run into millions, costs seconds a statement. Left off on these loading connections.
  for (const c of clients) await c.query(`SET jit = off`);
  let after = '00000000-0000-0000-0000-000000000000';
  let fetching: Promise<unknown> = Promise.resolve();
  /** The next batch of member ids (one fetch at a time). */
  const nextBatch = (): Promise<string[]> => {
    const b = fetching.then(async () => {
      const { rows } = await first.query(`SELECT coalesce(array_agg(id::text ORDER BY id), '{}') AS ids FROM (SELECT id FROM membership.member WHERE id > $1 ORDER BY id LIMIT $2) b`, [after, batch]);
      const ids = rows[0].ids as string[];
      if (ids.length) after = ids[ids.length - 1]!;
      return ids;
    });
    fetching = b.catch(() => {});
    return b;
  };
  let done = 0;
  await Promise.all(
    clients.map(async (c) => {
      const db = { query: async (text: string, params?: unknown[]) => (await c.query(text, params)).rows } as unknown as Parameters<typeof placeMembers>[0];
      for (let ids = await nextBatch(); ids.length; ids = await nextBatch()) {
        await placeMembers(db, ids, { stats: false });
        done += ids.length;
        progress(done);
      }
    }),
  );
  if (done !== total) throw new Error(`placed ${done} members, ${total} expected`);
  // memberStats' sums: computed once from every placement and written without their keys (batch by batch,
  // the same rows of the provinces were updated by every statement: 2,318 s at 1,000,000 members).
  const db = { query: async (text: string, params?: unknown[]) => (await first.query(text, params)).rows } as unknown as Parameters<typeof rebuildMemberStats>[0];
  await first.query('BEGIN');
  try {
    await rebuildMemberStats(db);
    await first.query('COMMIT');
  } catch (e) {
    await first.query('ROLLBACK');
    throw e;
  }
  await first.query(`UPDATE membership.tree_sync SET last_seq = (SELECT coalesce(max(seq), 0) FROM organization.changes_v1)`);
  return done;
}

/**
 * Admission targets for every province, commune and grassroots organisation existing on
 * `asOf` (between 70 % and 140 % of what it admitted that year, by a hash of its id), straight into
 * the evaluation subgraph's table, as setAdmissionTargets stores them: assigned by the parent, so a
 * root (a province without a CENTRAL organisation above it) has none. Returns how many.
 */
export async function setAdmissionTargets(client: ClientBase, { year, asOf, decisionRef, recordedBy }: { year: number; asOf: string; decisionRef: string; recordedBy: string }): Promise<number> {
  const { rows } = await client.query(
    `WITH o AS (SELECT v.organization_id, v.parent_id, v.path FROM organization.tree_v1 v
                 WHERE v.kind IN ('PROVINCIAL', 'COMMUNE', 'GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL') AND v.valid_from <= $1 AND v.valid_to > $1
                   AND v.parent_id IS NOT NULL),
          ins AS (
     INSERT INTO evaluation.admission_target (organization_id, year, quarter, target, assigned_by, decision_ref, recorded_by)
     SELECT o.organization_id, $2, 0,
            greatest(1, round(a.n * (0.7 + 0.7 * ((hashtext(o.organization_id::text) & 1023) / 1023.0))))::int,
            o.parent_id, $5, $6
       FROM o CROSS JOIN LATERAL (SELECT count(*) AS n FROM membership.admission_fact f
                                    WHERE f.path >= o.path AND f.path < left(o.path, -1) || '/' AND f.admitted_on >= $3 AND f.admitted_on < $4) a
     RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [asOf, year, `${year}-01-01`, `${year + 1}-01-01`, decisionRef, recordedBy],
  );
  await client.query(`ANALYZE evaluation.admission_target`);
  return rows[0].n;
}
