import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * memberStats as running sums (docs/decisions/0016-member-stats-running-sums.md):
 *
 * - `placement` keeps the member's record data it was counted with (gender, birth date, ethnicity,
 *   religion, education), so a later correction takes out exactly what was put in;
 * - `member_stat_delta (organization_id, day, dim, key, n)`: per organisation of the first three of each
 *   placement's chain (depth 0, 1 and 2; deeper organisations are counted from placements when asked),
 *   +n on the day a breakdown value starts to hold and −n on the day it stops. Breakdowns (`dim`):
 *   `sa` status|activity, `profile` gender|education|religion, `ethnicity`, `band` (age band: the
 *   member changes band on the birthdays of 31, 41, 51, 61 and 71, see `birthday()`), `hosted` (stays
 *   hosted in the subtree of members registered outside it);
 * - `member_stat_year (organization_id, year, dim, key, n)`: the same deltas summed per calendar year,
 *   so a day's figures read whole years before it and the days of its own year only.
 *
 * Both are maintained by services/derive.ts PLACE_MEMBERS_SQL in the statement that keeps `count_delta`.
 * Here they are filled from the placements already stored.
 */
export class MemberStatDelta1765440000001 implements MigrationInterface {
  name = 'MemberStatDelta1765440000001';

  async up(q: QueryRunner): Promise<void> {
    // The first day on which date_part('year', age(day, born)) >= years (a 29 February birthday falls on 1 March
    // in other years, as age() counts it). Not STRICT, so the planner inlines it: a STRICT SQL function around a
    // CASE is called through the function manager instead, far slower in PLACE_MEMBERS_SQL.
    await q.query(`
      CREATE FUNCTION birthday(born date, years integer) RETURNS date
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN extract(day FROM born + make_interval(years => years)) < extract(day FROM born)
                    THEN (born + make_interval(years => years))::date + 1
                    ELSE (born + make_interval(years => years))::date END`);
    await q.query(`ALTER TABLE placement ADD COLUMN gender text, ADD COLUMN birth_date date, ADD COLUMN ethnicity text, ADD COLUMN religion text, ADD COLUMN education_level text`);
    await q.query(`
      UPDATE placement p SET gender = m.gender, birth_date = m.birth_date, ethnicity = m.ethnicity, religion = m.religion, education_level = m.education_level
        FROM member m WHERE m.id = p.member_id`);
    await q.query(`
      CREATE TABLE member_stat_delta (
        organization_id uuid NOT NULL,
        day date NOT NULL,
        dim text NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (organization_id, day, dim, key) INCLUDE (n)
      )`);
    await q.query(`
      CREATE TABLE member_stat_year (
        organization_id uuid NOT NULL,
        year integer NOT NULL,
        dim text NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (organization_id, year, dim, key) INCLUDE (n)
      )`);
    await fillMemberStats(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE member_stat_year`);
    await q.query(`DROP TABLE member_stat_delta`);
    await q.query(`ALTER TABLE placement DROP COLUMN gender, DROP COLUMN birth_date, DROP COLUMN ethnicity, DROP COLUMN religion, DROP COLUMN education_level`);
    await q.query(`DROP FUNCTION birthday(date, integer)`);
  }
}

/**
 * Recomputes `member_stat_delta` and `member_stat_year` from the placements stored, each counted once
 * (+1), with the same intervals as services/derive.ts STAT_DELTAS_SQL (STAT_LEVELS = 3). Also what the
 * tests compare the step-by-step sums with.
 */
export async function fillMemberStats(q: Pick<QueryRunner, 'query'>): Promise<void> {
  await q.query(`DELETE FROM member_stat_delta`);
  await q.query(`DELETE FROM member_stat_year`);
  await q.query(`
    CREATE TEMPORARY TABLE stat_backfill AS
    WITH sp AS (SELECT 1 AS sign, p.* FROM placement p),
    iv AS (
      SELECT x.sign, x.chain, x.valid_from AS f, x.valid_to AS t, v.dim, v.key
        FROM sp x CROSS JOIN LATERAL (VALUES
               ('sa', x.status || '|' || x.activity),
               ('profile', x.gender || '|' || coalesce(x.education_level, 'UNKNOWN') || '|' || coalesce(x.religion, 'NONE')),
               ('ethnicity', coalesce(x.ethnicity, 'UNKNOWN'))) v(dim, key)
       WHERE x.role = 'HOME'
      UNION ALL
      SELECT x.sign, x.chain, greatest(x.valid_from, b.lo), least(x.valid_to, b.hi), 'band', b.key
        FROM sp x
        CROSS JOIN LATERAL (SELECT birthday(x.birth_date, 31) AS b31, birthday(x.birth_date, 41) AS b41, birthday(x.birth_date, 51) AS b51,
                                   birthday(x.birth_date, 61) AS b61, birthday(x.birth_date, 71) AS b71) y
        CROSS JOIN LATERAL (VALUES ('18-30', '-infinity'::date, y.b31), ('31-40', y.b31, y.b41), ('41-50', y.b41, y.b51),
                                   ('51-60', y.b51, y.b61), ('61-70', y.b61, y.b71), ('71+', y.b71, 'infinity'::date)) b(key, lo, hi)
       WHERE x.role = 'HOME' AND x.valid_from < b.hi AND x.valid_to > b.lo
      UNION ALL
      SELECT x.sign, x.chain, x.valid_from, x.valid_to, 'hosted', 'hosted' FROM sp x WHERE x.role = 'HOSTED'
      UNION ALL
      SELECT -1, array(SELECT unnest(x.chain[1:3]) INTERSECT SELECT unnest(h.chain[1:3])), greatest(x.valid_from, h.valid_from), least(x.valid_to, h.valid_to), 'hosted', 'hosted'
        FROM placement x JOIN placement h ON h.member_id = x.member_id AND h.role = 'HOME' AND h.valid_from < x.valid_to AND h.valid_to > x.valid_from
       WHERE x.role = 'HOSTED'
    )
    SELECT unnest(chain[1:3]) AS org, f AS day, dim, key, sign AS n FROM iv
    UNION ALL SELECT unnest(chain[1:3]), t, dim, key, -sign FROM iv WHERE t <> 'infinity'`);
  await q.query(`
    INSERT INTO member_stat_delta (organization_id, day, dim, key, n)
    SELECT org, day, dim, key, sum(n) FROM stat_backfill GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`);
  await q.query(`
    INSERT INTO member_stat_year (organization_id, year, dim, key, n)
    SELECT org, extract(year FROM day)::int, dim, key, sum(n) FROM stat_backfill GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`);
  await q.query(`DROP TABLE stat_backfill`);
}
