import type { EntityManager } from 'typeorm';
import { INFINITY, type Segment } from '../domain/lifecycle';

type Sql = Pick<EntityManager, 'query'>;

/** Replaces members' dated segments (folded from their events). */
export async function writeSegments(m: Sql, memberId: string, segments: readonly Segment[]): Promise<void> {
  await m.query(`DELETE FROM member_segment WHERE member_id = $1`, [memberId]);
  if (!segments.length) return;
  await m.query(
    `INSERT INTO member_segment (member_id, valid_from, valid_to, organization_id, host_organization_id, status, activity)
     SELECT $1, * FROM unnest($2::date[], $3::date[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])`,
    [
      memberId,
      segments.map((s) => s.validFrom),
      segments.map((s) => s.validTo === INFINITY ? 'infinity' : s.validTo),
      segments.map((s) => s.organizationId),
      segments.map((s) => s.hostOrganizationId),
      segments.map((s) => s.status),
      segments.map((s) => s.activity),
    ],
  );
}

const counts = (alias: string, sign: 1 | -1) =>
  `${sign} * (${alias}.role = 'HOME' AND ${alias}.status = 'PROBATIONARY')::int AS probationary,
   ${sign} * (${alias}.role = 'HOME' AND ${alias}.status = 'OFFICIAL')::int AS official,
   ${sign} * (${alias}.role = 'HOSTED')::int AS hosted`;

/**
 * Lays members' segments on the tree as it stood (organization.tree_v1),
 * following an organisation that ceased to exist to its successor
 * (organization.lineage_v1), and keeps the subtree count deltas in step:
 * the old placements' contributions are taken out and the new ones put in,
 * in one statement. Rows of `count_delta` are locked in (organisation, day)
 * order, so concurrent writers cannot deadlock.
 */
export const PLACE_MEMBERS_SQL = `
  WITH RECURSIVE
  seg AS (SELECT * FROM member_segment WHERE member_id = ANY($1::uuid[])),
  target AS (
    SELECT s.member_id, 'HOME'::text AS role, s.valid_from AS seg_from, s.valid_to AS seg_to, s.organization_id AS org, s.valid_from AS from_day, s.status, s.activity, 0 AS hops FROM seg s
    UNION ALL
    SELECT s.member_id, 'HOSTED', s.valid_from, s.valid_to, s.host_organization_id, s.valid_from, s.status, s.activity, 0 FROM seg s WHERE s.host_organization_id IS NOT NULL
    UNION ALL
    -- A segment may start after its organisation ceased to exist (a later event of a member of a merged
    -- cell): it is followed to the successor from the segment's own first day.
    SELECT t.member_id, t.role, t.seg_from, t.seg_to, l.successor_id, greatest(e.end_day, t.from_day), t.status, t.activity, t.hops + 1
      FROM target t
      CROSS JOIN LATERAL (SELECT v.valid_to AS end_day FROM organization.tree_v1 v WHERE v.organization_id = t.org ORDER BY v.valid_to DESC LIMIT 1) e
      CROSS JOIN LATERAL (SELECT l.successor_id FROM organization.lineage_v1 l WHERE l.predecessor_id = t.org AND l.effective_on = e.end_day ORDER BY l.seq, l.successor_id LIMIT 1) l
     WHERE t.hops < 20 AND e.end_day < t.seg_to
  ),
  piece AS (
    SELECT t.member_id, t.role, v.organization_id, v.path, t.status, t.activity,
           greatest(v.valid_from, t.from_day) AS valid_from, least(v.valid_to, t.seg_to) AS valid_to
      FROM target t
      JOIN organization.tree_v1 v ON v.organization_id = t.org AND v.valid_from < t.seg_to AND v.valid_to > t.from_day
  ),
  fresh AS (
    SELECT p.*, array(
             SELECT a.organization_id FROM organization.tree_v1 a
              WHERE a.path IN (SELECT left(p.path, i) FROM generate_series(1, length(p.path)) i WHERE substr(p.path, i, 1) = '.')
                AND a.valid_from <= p.valid_from AND a.valid_to > p.valid_from
              ORDER BY a.depth) AS chain
      FROM piece p
  ),
  old AS (DELETE FROM placement WHERE member_id = ANY($1::uuid[]) RETURNING *),
  ins AS (
    INSERT INTO placement (member_id, role, valid_from, valid_to, organization_id, path, chain, status, activity)
    SELECT member_id, role, valid_from, valid_to, organization_id, path, chain, status, activity FROM fresh
    RETURNING *
  ),
  delta AS (
    SELECT unnest(i.chain) AS org, i.valid_from AS day, ${counts('i', 1)} FROM ins i
    UNION ALL SELECT unnest(i.chain), i.valid_to, ${counts('i', -1)} FROM ins i WHERE i.valid_to <> 'infinity'
    UNION ALL SELECT unnest(o.chain), o.valid_from, ${counts('o', -1)} FROM old o
    UNION ALL SELECT unnest(o.chain), o.valid_to, ${counts('o', 1)} FROM old o WHERE o.valid_to <> 'infinity'
  )
  INSERT INTO count_delta (organization_id, day, probationary, official, hosted)
  SELECT org, day, sum(probationary), sum(official), sum(hosted) FROM delta
   GROUP BY org, day
  HAVING sum(probationary) <> 0 OR sum(official) <> 0 OR sum(hosted) <> 0
   ORDER BY org, day
  ON CONFLICT (organization_id, day) DO UPDATE
     SET probationary = count_delta.probationary + excluded.probationary,
         official = count_delta.official + excluded.official,
         hosted = count_delta.hosted + excluded.hosted`;

/** Recomputes placements, count deltas and admission facts of these members from their segments. */
export async function placeMembers(m: Sql, memberIds: readonly string[]): Promise<void> {
  if (!memberIds.length) return;
  // A tree catch-up (exclusive) waits for placements computed from the tree as read here.
  await m.query(`SELECT pg_advisory_xact_lock_shared(hashtext('membership.tree_sync'))`);
  await m.query(PLACE_MEMBERS_SQL, [memberIds]);
  await m.query(`DELETE FROM admission_fact WHERE member_id = ANY($1::uuid[])`, [memberIds]);
  await m.query(
    `INSERT INTO admission_fact (event_id, member_id, admitted_on, organization_id, path)
     SELECT e.id, e.member_id, e.effective_on, p.organization_id, p.path
       FROM member_event e
       JOIN placement p ON p.member_id = e.member_id AND p.role = 'HOME' AND p.valid_from <= e.effective_on AND p.valid_to > e.effective_on
      WHERE e.member_id = ANY($1::uuid[]) AND e.type = 'ADMITTED'`,
    [memberIds],
  );
}

/** Tree changes that can move members: everything but establishing and renaming. */
/** Tree changes that move members (the view member_counts_current_v1 repeats this list). */
const MOVING_CHANGES = `type NOT IN ('ESTABLISH', 'RENAME')`;

export interface SyncResult {
  applied: number;
  members: number;
}

/**
 * Brings placements up to the organisation tree's latest change. Cheap when
 * nothing changed (one statement); otherwise re-places every member who was
 * placed under, or registered in, an organisation a change touched, then
 * records the change as applied. One catch-up at a time.
 */
export async function syncTree(db: { query: Sql['query']; transaction: EntityManager['transaction'] }, batchSize = 5000): Promise<SyncResult> {
  const [state] = await db.query(`SELECT (SELECT last_seq FROM tree_sync) AS last, (SELECT coalesce(max(seq), 0) FROM organization.changes_v1) AS latest`);
  if (Number(state.latest) <= Number(state.last)) return { applied: 0, members: 0 };
  return db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('membership.tree_sync'))`);
    const [{ last_seq }] = await m.query(`SELECT last_seq FROM tree_sync`);
    const [{ latest }] = await m.query(`SELECT coalesce(max(seq), 0) AS latest FROM organization.changes_v1`);
    if (Number(latest) <= Number(last_seq)) return { applied: 0, members: 0 };
    const moving: { seq: string; organization_ids: string[] }[] = await m.query(
      `SELECT seq, organization_ids FROM organization.changes_v1 WHERE seq > $1 AND seq <= $2 AND ${MOVING_CHANGES} ORDER BY seq`,
      [last_seq, latest],
    );
    const ids = [...new Set(moving.flatMap((c) => c.organization_ids))];
    let members: string[] = [];
    if (ids.length) {
      const rows: { member_id: string }[] = await m.query(
        `SELECT member_id FROM placement WHERE chain && $1::uuid[]
         UNION SELECT member_id FROM member_segment WHERE organization_id = ANY($1::uuid[]) OR host_organization_id = ANY($1::uuid[])`,
        [ids],
      );
      members = rows.map((r) => r.member_id).sort();
      for (let i = 0; i < members.length; i += batchSize) {
        const batch = members.slice(i, i + batchSize);
        await m.query(`SELECT 1 FROM member WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [batch]);
        await placeMembers(m, batch);
      }
    }
    await m.query(`UPDATE tree_sync SET last_seq = $1`, [latest]);
    return { applied: moving.length, members: members.length };
  });
}
