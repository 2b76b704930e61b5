// Consistency of a generated (or any) dataset, from raw rows against the read models:
//  - every event naming an organisation names a cell that exists on the event's day;
//  - on every event's day the member is placed (HOME) in a cell that exists that day, and every day
//    of every segment is placed exactly once (placements after tree changes: the subgraph's syncTree);
//  - memberStats' running sums of the roots equal the raw segments by status|activity and gender|education|religion;
//  - count_delta running sums and placements equal the members counted from the raw segments (each
//    followed through organization.lineage_v1 to the organisation existing that day) on a few days,
//    for the roots and a sample of organisations;
//  - no organisation exists on a day its parent does not (dissolved or not yet established), and its
//    path and depth continue its parent's;
//  - admission facts: one per ADMITTED event;
//  - the events of a sample of members, folded again (lifecycle.fold), equal their stored segments
//    and the member row's admission, recognition and termination days; search_text and sort_name are
//    the folded name.
import { fold } from '@party/membership';
import { foldForSearch } from '@party/subgraph-kit';
import type { ClientBase } from 'pg';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CheckOptions {
  /** Days the counts are compared on. */
  dates: string[];
  /** Organisations (besides the roots) whose counts are compared (default 40). */
  sampleOrganizations?: number;
  /** Members whose events are folded again (default 1,000). */
  sampleMembers?: number;
  seed?: number;
}

const fmt = (n: number) => Number(n).toLocaleString('en');
const CELLS = `('CELL', 'GRASSROOTS_CELL')`;

export async function checkConsistency(client: ClientBase, opts: CheckOptions): Promise<Check[]> {
  const { dates, sampleOrganizations = 40, sampleMembers = 1000, seed = 0 } = opts;
  const q = async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows;
  const checks: Check[] = [];
  const tableExists = async (name: string) => (await q(`SELECT to_regclass($1) IS NOT NULL AS e`, [name]))[0].e as boolean;
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  {
    const [r] = await q(`
      SELECT count(*)::int AS events, count(*) FILTER (WHERE e.organization_id IS NOT NULL)::int AS with_org,
             count(*) FILTER (WHERE e.organization_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM organization.tree_v1 v WHERE v.organization_id = e.organization_id AND v.kind IN ${CELLS}
                  AND v.valid_from <= e.effective_on AND v.valid_to > e.effective_on))::int AS bad
        FROM membership.member_event e`);
    add('events name cells that exist on their day', r.bad === 0, `${fmt(r.with_org)} of ${fmt(r.events)} events name a cell; ${fmt(r.bad)} do not exist that day`);
  }
  {
    // A termination ends the placement on its day: the member is checked the day before.
    const [r] = await q(`
      SELECT count(*)::int AS events,
             count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM membership.placement p
                 JOIN organization.tree_v1 v ON v.organization_id = p.organization_id AND v.kind IN ${CELLS} AND v.valid_from <= d.day AND v.valid_to > d.day
                WHERE p.member_id = e.member_id AND p.role = 'HOME' AND p.valid_from <= d.day AND p.valid_to > d.day))::int AS bad
        FROM membership.member_event e
       CROSS JOIN LATERAL (SELECT CASE WHEN e.type = 'TERMINATED' THEN e.effective_on - 1 ELSE e.effective_on END AS day) d`);
    add('on each event day the member is in a cell that exists', r.bad === 0, `${fmt(r.events)} events; ${fmt(r.bad)} without a placement in an existing cell`);
  }
  {
    const [r] = await q(`
      WITH s AS (SELECT member_id, sum(least(valid_to, DATE '2100-01-01') - valid_from)::bigint AS days FROM membership.member_segment GROUP BY 1),
           p AS (SELECT member_id, sum(least(valid_to, DATE '2100-01-01') - valid_from)::bigint AS days FROM membership.placement WHERE role = 'HOME' GROUP BY 1)
      SELECT count(*)::int AS members, count(*) FILTER (WHERE s.days IS DISTINCT FROM p.days)::int AS bad FROM s FULL JOIN p USING (member_id)`);
    add('every day of every segment is placed once', r.bad === 0, `${fmt(r.members)} members; ${fmt(r.bad)} whose placed days differ from their segments' days`);
  }
  {
    const [r] = await q(`
      SELECT (SELECT count(*)::int FROM membership.member_event WHERE type = 'ADMITTED') AS admitted,
             (SELECT count(*)::int FROM membership.admission_fact) AS facts,
             (SELECT count(*)::int FROM membership.admission_fact f JOIN membership.member_event e ON e.id = f.event_id
               WHERE e.type <> 'ADMITTED' OR e.effective_on <> f.admitted_on OR e.member_id <> f.member_id) AS bad`);
    add('one admission fact per ADMITTED event', r.admitted === r.facts && r.bad === 0, `${fmt(r.admitted)} ADMITTED events, ${fmt(r.facts)} admission facts, ${fmt(r.bad)} not matching their event`);
  }
  {
    const [r] = await q(`
      SELECT count(*)::int AS versions,
             count(*) FILTER (WHERE c.covered <> least(v.valid_to, DATE '2100-01-01') - v.valid_from)::int AS orphaned,
             count(*) FILTER (WHERE NOT c.continues)::int AS bad_path
        FROM organization.tree_v1 v
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(least(p.valid_to, v.valid_to, DATE '2100-01-01') - greatest(p.valid_from, v.valid_from)), 0)::int AS covered,
                coalesce(bool_and(v.path = p.path || substr(v.path, length(p.path) + 1) AND v.path LIKE p.path || '%' AND v.depth = p.depth + 1), false) AS continues
           FROM organization.tree_v1 p
          WHERE p.organization_id = v.parent_id AND p.valid_from < v.valid_to AND p.valid_to > v.valid_from) c
       WHERE v.parent_id IS NOT NULL`);
    add('no organisation under a dissolved (or not yet established) parent', r.orphaned === 0 && r.bad_path === 0, `${fmt(r.versions)} versions with a parent; ${fmt(r.orphaned)} exist on days their parent does not; ${fmt(r.bad_path)} whose path or depth does not continue the parent's`);
  }
  {
    const [r] = await q(`
      SELECT count(*)::int AS dissolved,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM organization.tree_v1 v WHERE v.organization_id = o.id AND v.valid_to > o.dissolved_on))::int AS bad
        FROM organization.organization o WHERE o.dissolved_on IS NOT NULL`);
    add('dissolved organisations have no version after their dissolution', r.bad === 0, `${fmt(r.dissolved)} dissolved; ${fmt(r.bad)} with a later version`);
  }

  // ---------------------------------------------------------------- counts against raw segments
  for (const day of dates) {
    await q(`DROP TABLE IF EXISTS chk_resolved`);
    // The raw count: each segment valid that day, its organisation followed to its successor while it does not exist.
    await q(
      `CREATE TEMP TABLE chk_resolved AS
       WITH RECURSIVE r AS (
         SELECT s.member_id, s.status, s.activity, s.organization_id AS org, 0 AS hops FROM membership.member_segment s WHERE s.valid_from <= $1 AND s.valid_to > $1
         UNION ALL
         SELECT r.member_id, r.status, r.activity, l.successor_id, r.hops + 1
           FROM r JOIN organization.lineage_v1 l ON l.predecessor_id = r.org AND l.effective_on <= $1
          WHERE r.hops < 20 AND NOT EXISTS (SELECT 1 FROM organization.tree_v1 v WHERE v.organization_id = r.org AND v.valid_from <= $1 AND v.valid_to > $1))
       SELECT r.member_id, r.status, r.activity, v.path FROM r JOIN organization.tree_v1 v ON v.organization_id = r.org AND v.valid_from <= $1 AND v.valid_to > $1`,
      [day],
    );
    await q(`CREATE INDEX ON chk_resolved (path)`);
    await q(`ANALYZE chk_resolved`);
    const [seg] = await q(`SELECT count(*)::int AS n FROM membership.member_segment WHERE valid_from <= $1 AND valid_to > $1`, [day]);
    const [res] = await q(`SELECT count(*)::int AS n, count(DISTINCT member_id)::int AS members FROM chk_resolved`);
    add(`${day}: every member counted once`, seg.n === res.n && res.n === res.members, `${fmt(seg.n)} segments valid, ${fmt(res.n)} resolved to an organisation existing that day, ${fmt(res.members)} members`);
    const rows = await q(
      `WITH o AS (
         SELECT v.organization_id, v.code, v.kind, v.path FROM organization.tree_v1 v
          WHERE v.valid_from <= $1 AND v.valid_to > $1 AND v.parent_id IS NULL
         UNION
         (SELECT v.organization_id, v.code, v.kind, v.path FROM organization.tree_v1 v
           WHERE v.valid_from <= $1 AND v.valid_to > $1 AND v.kind <> 'CELL'
           ORDER BY hashtext(v.organization_id::text || $3::text), v.organization_id LIMIT $2)
         UNION
         -- organisations that received members of merged cells or communes
         (SELECT v.organization_id, v.code, v.kind, v.path FROM organization.lineage_v1 l
            JOIN organization.tree_v1 v ON v.organization_id = l.successor_id AND v.valid_from <= $1 AND v.valid_to > $1
           ORDER BY hashtext(v.organization_id::text || $3::text), v.organization_id LIMIT 10))
       SELECT o.code, o.kind,
              (SELECT count(*) FILTER (WHERE status = 'PROBATIONARY') FROM chk_resolved r WHERE r.path >= o.path AND r.path < left(o.path, -1) || '/')::int AS raw_p,
              (SELECT count(*) FILTER (WHERE status = 'OFFICIAL') FROM chk_resolved r WHERE r.path >= o.path AND r.path < left(o.path, -1) || '/')::int AS raw_o,
              (SELECT coalesce(sum(probationary), 0) FROM membership.count_delta d WHERE d.organization_id = o.organization_id AND d.day <= $1)::int AS delta_p,
              (SELECT coalesce(sum(official), 0) FROM membership.count_delta d WHERE d.organization_id = o.organization_id AND d.day <= $1)::int AS delta_o,
              (SELECT count(*) FROM membership.placement p WHERE p.role = 'HOME' AND p.path >= o.path AND p.path < left(o.path, -1) || '/' AND p.valid_from <= $1 AND p.valid_to > $1)::int AS placed
         FROM o ORDER BY o.path`,
      [day, sampleOrganizations, seed],
    );
    const bad = rows.filter((r) => r.raw_p !== r.delta_p || r.raw_o !== r.delta_o || r.raw_p + r.raw_o !== r.placed);
    const roots = rows.filter((r) => r.kind === 'PROVINCIAL' || r.kind === 'CENTRAL');
    const total = roots.reduce((s, r) => s + r.raw_p + r.raw_o, 0);
    add(
      `${day}: count deltas and placements equal the raw segments`,
      bad.length === 0 && rows.length > 0,
      `${rows.length} organisations (${roots.length} provincial or central, ${fmt(total)} members in them)` +
        (bad.length ? `; differ: ${bad.slice(0, 5).map((r) => `${r.code} raw ${r.raw_p}+${r.raw_o}, deltas ${r.delta_p}+${r.delta_o}, placed ${r.placed}`).join('; ')}` : ''),
    );
    // memberStats' running sums of the roots (yearly sums of earlier years plus the day deltas of the day's
    // year) against the raw segments: by status|activity, and by the members' gender|education|religion.
    if (await tableExists('membership.member_stat_delta')) {
      const stats = await q(
        `WITH o AS (SELECT v.organization_id, v.code, v.path FROM organization.tree_v1 v WHERE v.valid_from <= $1 AND v.valid_to > $1 AND v.parent_id IS NULL),
         raw AS (
           SELECT o.code, 'sa' AS dim, r.status || '|' || r.activity AS key, count(*)::int AS n
             FROM o JOIN chk_resolved r ON r.path >= o.path AND r.path < left(o.path, -1) || '/' GROUP BY 1, 2, 3
           UNION ALL
           SELECT o.code, 'profile', m.gender || '|' || coalesce(m.education_level, 'UNKNOWN') || '|' || coalesce(m.religion, 'NONE'), count(*)::int
             FROM o JOIN chk_resolved r ON r.path >= o.path AND r.path < left(o.path, -1) || '/' JOIN membership.member m ON m.id = r.member_id GROUP BY 1, 2, 3),
         summed AS (
           SELECT o.code, x.dim, x.key, sum(x.n)::int AS n FROM o CROSS JOIN LATERAL (
             SELECT y.dim, y.key, y.n FROM membership.member_stat_year y
              WHERE y.organization_id = o.organization_id AND y.dim IN ('sa', 'profile') AND y.year < extract(year FROM $1::date)
             UNION ALL
             SELECT d.dim, d.key, d.n FROM membership.member_stat_delta d
              WHERE d.organization_id = o.organization_id AND d.dim IN ('sa', 'profile') AND d.day >= date_trunc('year', $1::date) AND d.day <= $1) x
            GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0)
         SELECT coalesce(raw.code, summed.code) AS code, coalesce(raw.dim, summed.dim) AS dim, coalesce(raw.key, summed.key) AS key,
                coalesce(raw.n, 0) AS raw, coalesce(summed.n, 0) AS summed
           FROM raw FULL JOIN summed USING (code, dim, key)`,
        [day],
      );
      const differ = stats.filter((r) => r.raw !== r.summed);
      add(
        `${day}: memberStats sums of the roots equal the raw segments`,
        differ.length === 0 && stats.length > 0,
        `${fmt(stats.length)} (root, breakdown, value) figures, ${fmt(stats.filter((r) => r.dim === 'sa').reduce((t, r) => t + r.raw, 0))} members` +
          (differ.length ? `; differ: ${differ.slice(0, 5).map((r) => `${r.code} ${r.dim} ${r.key}: raw ${r.raw}, sums ${r.summed}`).join('; ')}` : ''),
      );
    }
    await q(`DROP TABLE chk_resolved`);
  }

  // ---------------------------------------------------------------- the fold of a sample
  {
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM membership.member`);
    const pct = Math.min(100, (150 * sampleMembers) / Math.max(1, n));
    const random = (await q(`SELECT id FROM membership.member TABLESAMPLE BERNOULLI ($1) REPEATABLE ($3) LIMIT $2`, [pct, sampleMembers, seed])).map((r) => r.id as string);
    const special = (await q(`SELECT DISTINCT member_id AS id FROM (SELECT member_id FROM membership.member_event WHERE type = ANY($1) AND id % 7 = 0 LIMIT 300) e`, [['TRANSFERRED', 'EXEMPTED', 'TERMINATED']])).map((r) => r.id as string);
    const ids = [...new Set([...random, ...special])];
    const group = <T extends { member_id: string }>(rows: T[]) => rows.reduce((m, r) => m.set(r.member_id, [...(m.get(r.member_id) ?? []), r]), new Map<string, T[]>());
    const events = group(
      await q(
        `SELECT member_id, id::text AS id, type, effective_on::text AS "effectiveOn", organization_id AS "organizationId", until::text AS until, reason
           FROM membership.member_event WHERE member_id = ANY($1) ORDER BY member_id, effective_on, id`,
        [ids],
      ),
    );
    const segments = group(
      await q(
        `SELECT member_id, valid_from::text AS "validFrom", valid_to::text AS "validTo", organization_id AS "organizationId",
                host_organization_id AS "hostOrganizationId", status, activity
           FROM membership.member_segment WHERE member_id = ANY($1) ORDER BY member_id, valid_from`,
        [ids],
      ),
    );
    const members = await q(`SELECT id, full_name, search_text, sort_name, admitted_on::text, official_on::text, terminated_on::text, termination_reason FROM membership.member WHERE id = ANY($1)`, [ids]);
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    for (const m of members) {
      const evs = events.get(m.id) ?? [];
      const f = fold(evs.map(({ member_id: _m, ...e }) => e));
      const stored = (segments.get(m.id) ?? []).map(({ member_id: _m, ...s }) => s);
      const want = f.segments.map((s) => ({ validFrom: s.validFrom, validTo: s.validTo, organizationId: s.organizationId, hostOrganizationId: s.hostOrganizationId, status: s.status, activity: s.activity }));
      if (JSON.stringify(want) !== JSON.stringify(stored)) problems.push(`member ${m.id}: segments ${JSON.stringify(stored)}, the fold ${JSON.stringify(want)}`);
      const facts = { admitted_on: f.admittedOn, official_on: f.officialOn, terminated_on: f.terminatedOn, termination_reason: f.terminationReason };
      for (const [k, v] of Object.entries(facts)) if (m[k] !== v) problems.push(`member ${m.id}: ${k} is ${m[k]}, the fold says ${v}`);
      const folded = foldForSearch(m.full_name);
      if (m.search_text !== folded || m.sort_name !== `${folded.split(' ').pop()} ${folded}`) problems.push(`member ${m.id}: search_text/sort_name do not match ${JSON.stringify(m.full_name)}`);
      const shape = evs.map((e) => e.type[0] + e.type.slice(1, 4).toLowerCase()).join('→');
      kinds.set(shape, (kinds.get(shape) ?? 0) + 1);
    }
    add(
      'folded events of a sample equal the stored segments and member facts',
      problems.length === 0 && members.length === ids.length && ids.length > 0,
      `${members.length} members (${[...kinds].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ')})` + (problems.length ? `; ${problems.length} problems, first: ${problems[0]}` : ''),
    );
  }
  return checks;
}
