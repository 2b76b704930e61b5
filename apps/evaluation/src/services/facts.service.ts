import { badInput, conflict, decodeCursor, encodeCursor, isAdmin, parseInput, smallCellThreshold, suppressSmallCells, suppressTotal, type ConnectionShape } from '@party/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { EvalContext } from '../context';
import { EvaluationFact, EvaluationFinalization, type FinalizeEvaluationYearInput, type ReopenEvaluationYearInput } from '../graphql/facts.types';
import type { QualityGradeName } from '../graphql/rating.types';
import { Organization } from '../graphql/types';
import { yearRange } from '../loaders/evaluation.loader';
import { assertWriter, isUuid, lastDayIn, organizationInYear } from './access';

type Sql = Pick<EntityManager, 'query'>;

/** A row of evaluation_fact_snapshot (and of the live figures, computed the same way). */
export interface FactRow {
  year: number;
  organization_id: string;
  ancestor_ids: string[];
  tree_path: string;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  path_names: string;
  depth: number;
  target: number | null;
  target_q1: number | null;
  target_q2: number | null;
  target_q3: number | null;
  target_q4: number | null;
  admitted: number;
  admitted_q1: number;
  admitted_q2: number;
  admitted_q3: number;
  admitted_q4: number;
  achievement_rate: number | string | null;
  grade: string | null;
  score: number | string | null;
  members_at_start: number;
  members_at_end: number;
  admitted_women: number;
  admitted_ethnic_minority: number;
  admitted_youth_union: number;
  admitted_age18to30: number;
  removed_struck_off: number;
  removed_expelled: number;
  removed_withdrawn: number;
  removed_deceased: number;
  removed_probation_not_recognized: number;
}

const REMOVAL_COLUMNS: Record<string, keyof FactRow> = {
  STRUCK_OFF: 'removed_struck_off',
  EXPELLED: 'removed_expelled',
  WITHDRAWN: 'removed_withdrawn',
  DECEASED: 'removed_deceased',
  PROBATION_NOT_RECOGNIZED: 'removed_probation_not_recognized',
};

const rate = (admitted: number, target: number | null) => (target ? Math.round((admitted / target) * 10000) / 10000 : null);

type MemberCount = { org: string; which: 'start' | 'end'; n: number };

/**
 * PROBATIONARY and OFFICIAL members on the first and last day of the year in
 * each organisation's subtree as it stood that day. From membership's running
 * sums (one index range scan per organisation and day) when they reflect the
 * tree's latest changes, read in the same statement (one snapshot); otherwise
 * (a tree change membership has not applied yet) from members' dated states
 * rolled up the tree.
 */
async function membersOnDays(db: Sql, ids: string[], start: string, end: string): Promise<MemberCount[]> {
  const rows: (MemberCount & { current: boolean })[] = await db.query(
    `SELECT c.current, m.org, m.which, m.n
       FROM membership.member_counts_current_v1 c
       LEFT JOIN LATERAL (
             SELECT r.org, d.which,
                    (SELECT coalesce(sum(x.probationary + x.official), 0) FROM membership.member_counts_v1 x
                      WHERE x.organization_id = r.org AND x.day <= d.day)::int AS n
               FROM unnest($1::uuid[]) r(org) CROSS JOIN (VALUES ('start', $2::date), ('end', $3::date)) d(which, day)
              WHERE c.current) m ON true`,
    [ids, start, end],
  );
  if (rows[0]?.current) return rows.filter((r) => r.org !== null);
  return db.query(
    `SELECT r.organization_id AS org, d.which,
            (SELECT count(*) FROM organization.tree_v1 o
               JOIN membership.member_state_v1 m ON m.organization_id = o.organization_id AND m.valid_from <= d.day AND m.valid_to > d.day
                                                AND m.status IN ('PROBATIONARY', 'OFFICIAL')
              WHERE o.path >= r.path AND o.path < left(r.path, -1) || '/' AND o.valid_from <= d.day AND o.valid_to > d.day)::int AS n
       FROM (VALUES ('start', $2::date), ('end', $3::date)) AS d(which, day)
       JOIN organization.tree_v1 r ON r.organization_id = ANY($1::uuid[]) AND r.valid_from <= d.day AND r.valid_to > d.day`,
    [ids, start, end],
  );
}

/**
 * The live figures of the year for the given organisations: six statements
 * (seven while membership's counts lag a tree change) whatever the number of organisations (descriptive columns, targets,
 * admissions with breakdowns, members on 1 Jan and 31 Dec, removals,
 * ratings). Organisations with no version in the year are left out.
 */
export async function liveFacts(db: Sql, year: number, ids: string[]): Promise<FactRow[]> {
  // A page of frozen rows only: nothing to compute (the removals statement would still read every exit of the year).
  if (!ids.length) return [];
  const [from, to] = yearRange(year);
  const [orgs, targets, admissions, members, exits, ratings] = await Promise.all([
    db.query(
      `WITH last AS (
         SELECT DISTINCT ON (v.organization_id) v.organization_id, v.code, v.name, v.kind, v.parent_id, v.path, v.depth, least(v.valid_to, $3::date) - 1 AS day
           FROM organization.tree_v1 v
          WHERE v.organization_id = ANY($1::uuid[]) AND v.valid_from < $3::date AND v.valid_to > $2::date
          ORDER BY v.organization_id, v.valid_from DESC)
       SELECT l.organization_id, l.code, l.name, l.kind, l.depth, l.path AS tree_path,
              (SELECT p.code FROM organization.tree_v1 p WHERE p.organization_id = l.parent_id AND p.valid_from <= l.day AND p.valid_to > l.day) AS parent_code,
              (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM generate_series(1, length(l.path)) i
                 JOIN organization.tree_v1 a ON a.path = left(l.path, i) AND a.valid_from <= l.day AND a.valid_to > l.day
                WHERE substr(l.path, i, 1) = '.') AS path_names,
              (SELECT array_agg(DISTINCT a.organization_id) FROM organization.tree_v1 v
                 CROSS JOIN LATERAL generate_series(1, length(v.path)) i
                 JOIN organization.tree_v1 a ON a.path = left(v.path, i) AND a.valid_from < least(v.valid_to, $3::date) AND a.valid_to > greatest(v.valid_from, $2::date)
                WHERE v.organization_id = l.organization_id AND v.valid_from < $3::date AND v.valid_to > $2::date AND substr(v.path, i, 1) = '.') AS ancestor_ids
         FROM last l`,
      [ids, from, to],
    ) as Promise<Pick<FactRow, 'organization_id' | 'code' | 'name' | 'kind' | 'depth' | 'tree_path' | 'parent_code' | 'path_names' | 'ancestor_ids'>[]>,
    db.query(`SELECT organization_id, quarter, target FROM admission_target WHERE organization_id = ANY($1::uuid[]) AND year = $2`, [ids, year]) as Promise<{ organization_id: string; quarter: number; target: number }[]>,
    // Per organisation (each of its versions in the year), its subtree's admissions on each admission day:
    // a lateral subquery per version, so each is an index range scan of its own subtree, whatever its size.
    db.query(
      `SELECT r.organization_id AS org, x.quarter, sum(x.admitted)::int AS admitted, sum(x.women)::int AS women,
              sum(x.ethnic_minority)::int AS ethnic_minority, sum(x.youth_union)::int AS youth_union, sum(x.age18to30)::int AS age18to30
         FROM organization.tree_v1 r
        CROSS JOIN LATERAL (
              SELECT date_part('quarter', a.admitted_on)::int AS quarter, count(*) AS admitted,
                     count(*) FILTER (WHERE a.gender = 'FEMALE') AS women, count(*) FILTER (WHERE a.ethnic_minority) AS ethnic_minority,
                     count(*) FILTER (WHERE a.youth_union) AS youth_union, count(*) FILTER (WHERE a.age_at_admission BETWEEN 18 AND 30) AS age18to30
                FROM organization.tree_v1 o
                JOIN membership.admissions_v1 a ON a.organization_id = o.organization_id
                                               AND a.admitted_on >= greatest(r.valid_from, o.valid_from, $2::date) AND a.admitted_on < least(r.valid_to, o.valid_to, $3::date)
               WHERE o.path >= r.path AND o.path < left(r.path, -1) || '/'
                 AND o.valid_from < least(r.valid_to, $3::date) AND o.valid_to > greatest(r.valid_from, $2::date)
               GROUP BY 1) x
        WHERE r.organization_id = ANY($1::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date
        GROUP BY 1, 2`,
      [ids, from, to],
    ) as Promise<{ org: string; quarter: number; admitted: number; women: number; ethnic_minority: number; youth_union: number; age18to30: number }[]>,
    membersOnDays(db, ids, from, `${year}-12-31`),
    // An exit is placed on the tree on the member's last day of membership (exited_on - 1): each exit of the year
    // with the path of its cell that day, raised to every ancestor's path (few rows), matched to the versions
    // of the organisations asked for on that day. Reinstated removals are not counted.
    db.query(
      `WITH e AS (
         SELECT e.reason, e.exited_on - 1 AS day, o.path
           FROM membership.exits_v1 e
           JOIN organization.tree_v1 o ON o.organization_id = e.organization_id AND o.valid_from <= e.exited_on - 1 AND o.valid_to > e.exited_on - 1
          WHERE e.reinstated_on IS NULL AND e.exited_on >= $2::date AND e.exited_on < $3::date),
       up AS (
         SELECT left(e.path, i) AS path, e.day, e.reason
           FROM e CROSS JOIN LATERAL generate_series(1, length(e.path)) i
          WHERE substr(e.path, i, 1) = '.')
       SELECT r.organization_id AS org, up.reason, count(*)::int AS n
         FROM up JOIN organization.tree_v1 r ON r.path = up.path AND r.valid_from <= up.day AND r.valid_to > up.day
        WHERE r.organization_id = ANY($1::uuid[])
        GROUP BY 1, 2`,
      [ids, from, to],
    ) as Promise<{ org: string; reason: string; n: number }[]>,
    db.query(`SELECT organization_id, grade, score FROM organization_rating WHERE organization_id = ANY($1::uuid[]) AND year = $2`, [ids, year]) as Promise<
      { organization_id: string; grade: string; score: string | null }[]
    >,
  ]);

  const rows = new Map<string, FactRow>();
  for (const o of orgs) {
    rows.set(o.organization_id, {
      ...o,
      year,
      target: null,
      target_q1: null,
      target_q2: null,
      target_q3: null,
      target_q4: null,
      admitted: 0,
      admitted_q1: 0,
      admitted_q2: 0,
      admitted_q3: 0,
      admitted_q4: 0,
      achievement_rate: null,
      grade: null,
      score: null,
      members_at_start: 0,
      members_at_end: 0,
      admitted_women: 0,
      admitted_ethnic_minority: 0,
      admitted_youth_union: 0,
      admitted_age18to30: 0,
      removed_struck_off: 0,
      removed_expelled: 0,
      removed_withdrawn: 0,
      removed_deceased: 0,
      removed_probation_not_recognized: 0,
    });
  }
  for (const t of targets) {
    const r = rows.get(t.organization_id);
    if (r) (r as unknown as Record<string, number>)[t.quarter === 0 ? 'target' : `target_q${t.quarter}`] = t.target;
  }
  for (const a of admissions) {
    const r = rows.get(a.org);
    if (!r) continue;
    r.admitted += a.admitted;
    (r as unknown as Record<string, number>)[`admitted_q${a.quarter}`] = a.admitted;
    r.admitted_women += a.women;
    r.admitted_ethnic_minority += a.ethnic_minority;
    r.admitted_youth_union += a.youth_union;
    r.admitted_age18to30 += a.age18to30;
  }
  for (const m of members) {
    const r = rows.get(m.org);
    if (r) r[m.which === 'start' ? 'members_at_start' : 'members_at_end'] = m.n;
  }
  for (const e of exits) {
    const r = rows.get(e.org);
    const column = REMOVAL_COLUMNS[e.reason];
    if (r && column) (r as unknown as Record<string, number>)[column] = e.n;
  }
  for (const g of ratings) {
    const r = rows.get(g.organization_id);
    if (r) Object.assign(r, { grade: g.grade, score: g.score });
  }
  for (const r of rows.values()) r.achievement_rate = rate(r.admitted, r.target);
  return ids.flatMap((id) => rows.get(id) ?? []);
}

/** A fact row as served: the counts a caller without exact figures does not get are null (suppressFact). */
export type ShownFactRow = {
  [K in keyof FactRow]: FactRow[K] extends number ? (K extends 'year' | 'depth' ? number : number | null) : FactRow[K];
};

const REMOVALS = ['removed_struck_off', 'removed_expelled', 'removed_withdrawn', 'removed_deceased', 'removed_probation_not_recognized'] as const;
const QUARTERS = ['admitted_q1', 'admitted_q2', 'admitted_q3', 'admitted_q4'] as const;

/**
 * The row with its small cells withheld for a caller with `threshold` (1: as it is; the kit's
 * suppression.ts). Member totals and `admitted`: null when small. Breakdowns of `admitted`, each
 * suppressed with its complementary cell: by quarter (the four quarters), and women, ethnic
 * minority, Youth Union and aged 18–30 (each against the rest of the admitted). Removals: by
 * reason. `achievementRate` goes with `admitted` (with the target it would give it back).
 */
export function suppressFact(row: FactRow, threshold: number): ShownFactRow {
  if (threshold <= 1) return row;
  const admitted = suppressTotal(row.admitted, threshold);
  const quarters = suppressSmallCells(
    QUARTERS.map((q) => row[q]),
    threshold,
  );
  const removals = suppressSmallCells(
    REMOVALS.map((r) => row[r]),
    threshold,
  );
  const ofAdmitted = (n: number) => suppressSmallCells([n, row.admitted - n], threshold)[0]!;
  const shown: ShownFactRow = {
    ...row,
    admitted,
    achievement_rate: admitted === null ? null : row.achievement_rate,
    members_at_start: suppressTotal(row.members_at_start, threshold),
    members_at_end: suppressTotal(row.members_at_end, threshold),
    admitted_women: ofAdmitted(row.admitted_women),
    admitted_ethnic_minority: ofAdmitted(row.admitted_ethnic_minority),
    admitted_youth_union: ofAdmitted(row.admitted_youth_union),
    admitted_age18to30: ofAdmitted(row.admitted_age18to30),
  };
  QUARTERS.forEach((q, i) => (shown[q] = quarters[i]!));
  REMOVALS.forEach((r, i) => (shown[r] = removals[i]!));
  return shown;
}

const num = (x: number | string | null) => (x === null ? null : Number(x));

export function toFact(row: ShownFactRow, finalized: boolean): EvaluationFact {
  return Object.assign(new EvaluationFact(), {
    year: row.year,
    organizationId: row.organization_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentCode: row.parent_code,
    path: row.path_names,
    depth: row.depth,
    target: row.target,
    admitted: row.admitted,
    admittedQ1: row.admitted_q1,
    admittedQ2: row.admitted_q2,
    admittedQ3: row.admitted_q3,
    admittedQ4: row.admitted_q4,
    achievementRate: num(row.achievement_rate),
    grade: row.grade as QualityGradeName | null,
    score: num(row.score),
    membersAtStart: row.members_at_start,
    membersAtEnd: row.members_at_end,
    admittedWomen: row.admitted_women,
    admittedEthnicMinority: row.admitted_ethnic_minority,
    admittedYouthUnion: row.admitted_youth_union,
    admittedAge18to30: row.admitted_age18to30,
    removedStruckOff: row.removed_struck_off,
    removedExpelled: row.removed_expelled,
    removedWithdrawn: row.removed_withdrawn,
    removedDeceased: row.removed_deceased,
    removedProbationNotRecognized: row.removed_probation_not_recognized,
    finalized,
  });
}

/**
 * The frozen rows of the year for the given organisations (one statement; none for no ids). The range of the
 * ids is given too: with thousands of ids and only `= ANY` the planner reads the whole snapshot instead.
 */
export async function frozenFacts(db: Sql, year: number, ids: readonly string[]): Promise<FactRow[]> {
  if (!ids.length) return [];
  const sorted = [...ids].sort();
  return db.query(
    `SELECT * FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = ANY($2::uuid[]) AND organization_id BETWEEN $3::uuid AND $4::uuid`,
    [year, ids, sorted[0], sorted[sorted.length - 1]],
  );
}

// ---------------------------------------------------------------- the organisation set

/**
 * The organisations of the year under `roots` (each organisation with a
 * version in the year under a version of a root overlapping it; the roots
 * included), or every organisation of the year when `roots` is null, with
 * frozen organisations placed by their frozen ancestry instead of the live
 * tree. A SQL fragment defining CTE `orgs(id)`, parameters $1 year, $2 from,
 * $3 to, $4 roots.
 */
const ORG_SET = `
  live AS (
    SELECT v.organization_id AS id FROM organization.tree_v1 v
     WHERE $4::uuid[] IS NULL AND v.valid_from < $3::date AND v.valid_to > $2::date
    UNION
    SELECT v.organization_id FROM organization.tree_v1 r
      JOIN organization.tree_v1 v ON v.path >= r.path AND v.path < left(r.path, -1) || '/'
                                 AND v.valid_from < least(r.valid_to, $3::date) AND v.valid_to > greatest(r.valid_from, $2::date)
     WHERE r.organization_id = ANY($4::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date),
  orgs AS (
    SELECT id FROM live WHERE NOT EXISTS (SELECT 1 FROM evaluation_fact_snapshot s WHERE s.year = $1 AND s.organization_id = live.id)
    UNION ALL
    SELECT s.organization_id FROM evaluation_fact_snapshot s WHERE s.year = $1 AND ($4::uuid[] IS NULL OR s.ancestor_ids && $4::uuid[]))`;

const MAX_FACTS_PAGE = 1000;
const DEFAULT_FACTS_PAGE = 100;
const cursorShape = z.tuple([z.string().refine(isUuid)]);

export const checkYear = (year: number, field = 'year') => {
  if (!Number.isInteger(year) || year < 1930 || year > 2200) throw badInput(field, 'must be a year from 1930 to 2200');
};

/**
 * One page of the organisation set (ORG_SET) in id order after `$5`, without
 * building the whole set. Two short lists in id order: the organisations of
 * the year under a root in the live tree (the organisation-id index, which
 * covers the dates and path, each tested for lying under a root: a page under
 * the whole country reads about a page of index entries) and the frozen ones
 * placed under a root by their frozen ancestry (the snapshot's primary key),
 * `$6` each. A live one that is frozen counts only through the second list
 * (most are found in it by a hash; only the rest are looked up). Only ids up
 * to the smaller last id of a full list are certain, so the page stops there
 * (`bound`; null when both lists ran out). With `frozenLine`, an expression
 * over a snapshot row `s` (the CSV export's line), each frozen row of the page
 * comes with its value, in the same statement. Parameters: $1 year, $2 from, $3 to, $4 roots
 * (null: everything), $5 after (the nil id to start), $6 list length.
 */
const pageOfOrgSet = (frozenLine: string | null) => `
  WITH live AS (
    SELECT DISTINCT v.organization_id AS id FROM organization.tree_v1 v
     WHERE v.organization_id > $5::uuid AND v.valid_from < $3::date AND v.valid_to > $2::date
       AND ($4::uuid[] IS NULL OR EXISTS (
             SELECT 1 FROM organization.tree_v1 r
              WHERE r.organization_id = ANY($4::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date
                AND v.path >= r.path AND v.path < left(r.path, -1) || '/'
                AND v.valid_from < least(r.valid_to, $3::date) AND v.valid_to > greatest(r.valid_from, $2::date)))
     ORDER BY 1 LIMIT $6),
  frozen AS (
    SELECT s.organization_id AS id FROM evaluation_fact_snapshot s
     WHERE s.year = $1 AND s.organization_id > $5::uuid AND ($4::uuid[] IS NULL OR s.ancestor_ids && $4::uuid[])
     ORDER BY 1 LIMIT $6),
  bound AS MATERIALIZED (
    SELECT least(CASE WHEN (SELECT count(*) FROM live) = $6 THEN (SELECT id FROM live ORDER BY id DESC LIMIT 1) END,
                 CASE WHEN (SELECT count(*) FROM frozen) = $6 THEN (SELECT id FROM frozen ORDER BY id DESC LIMIT 1) END) AS id),
  ids AS (
    SELECT id, false AS frozen FROM live
     WHERE id NOT IN (SELECT id FROM frozen)
       AND NOT EXISTS (SELECT 1 FROM evaluation_fact_snapshot s WHERE s.year = $1 AND s.organization_id = live.id)
    UNION ALL SELECT id, true FROM frozen)
  SELECT ids.id, ids.frozen, bound.id AS bound,
         ${frozenLine ? `CASE WHEN ids.frozen THEN (SELECT ${frozenLine} FROM evaluation_fact_snapshot s WHERE s.year = $1 AND s.organization_id = ids.id) END` : 'NULL::text'} AS line
    FROM bound
    LEFT JOIN ids ON bound.id IS NULL OR ids.id <= bound.id
   ORDER BY ids.id`;
const PAGE_OF_ORG_SET = pageOfOrgSet(null);

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Query.evaluationFacts: one row per organisation of the year under `under`
 * (or everything the caller reaches), ordered by organisation id; the cursor
 * is the last id (keyset), so each organisation appears exactly once however
 * the figures change between pages. Per page: one statement for the ids, one
 * for frozen rows, six for the live figures of the rest; `totalCount` (one
 * more statement, over the whole set) only when it is asked for.
 */
export async function evaluationFacts(
  ctx: EvalContext,
  year: number,
  under: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  wantTotal = true,
): Promise<ConnectionShape<EvaluationFact>> {
  checkYear(year);
  const limit = first ?? DEFAULT_FACTS_PAGE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_FACTS_PAGE) throw badInput('first', `must be a whole number from 0 to ${MAX_FACTS_PAGE}`);
  const { ids, frozenIds, hasNextPage, endId, total } = await pageOfFacts(ctx, year, under, limit, after, wantTotal);
  const frozen = await frozenFacts(ctx.db, year, frozenIds);
  const isFrozen = new Set(frozenIds);
  const live = await liveFacts(ctx.db, year, ids.filter((id) => !isFrozen.has(id)));
  const threshold = smallCellThreshold(ctx);
  const byId = new Map<string, EvaluationFact>([
    ...frozen.map((r) => [r.organization_id, toFact(suppressFact(r, threshold), true)] as const),
    ...live.map((r) => [r.organization_id, toFact(suppressFact(r, threshold), false)] as const),
  ]);
  const edges = ids.flatMap((id) => {
    const node = byId.get(id);
    return node ? [{ cursor: encodeCursor([id]), node }] : [];
  });
  return { edges, pageInfo: { hasNextPage, endCursor: endId ? encodeCursor([endId]) : null }, totalCount: total };
}

/**
 * The organisation ids of one page of the facts (`limit` already checked) in
 * id order after the cursor `after`, which of them are frozen, whether more
 * follow, the last id looked at (the next cursor) and, when asked, the size of
 * the whole set; with `frozenLine` (an SQL expression over a snapshot row `s`)
 * also its value for each frozen one, read in the same statement. Shared by
 * evaluationFacts and evaluationFactsCsv: the same set, order and cursors.
 */
export async function pageOfFacts(
  ctx: EvalContext,
  year: number,
  under: string | null | undefined,
  limit: number,
  after: string | null | undefined,
  wantTotal: boolean,
  frozenLine?: string,
): Promise<{ ids: string[]; frozenIds: string[]; lines: Map<string, string>; hasNextPage: boolean; endId: string | null; total: number }> {
  const cursor = decodeCursor(after, cursorShape);
  let roots: string[] | null;
  if (under != null) roots = [(await organizationInYear(ctx, under, year, 'under')).organization_id];
  else roots = isAdmin(ctx.caller) ? null : ctx.caller.scope.filter(isUuid).map((s) => s.toLowerCase());
  const [from, to] = yearRange(year);
  const [page, total] = await Promise.all([
    ctx.db.query(frozenLine ? pageOfOrgSet(frozenLine) : PAGE_OF_ORG_SET, [year, from, to, roots, cursor?.[0] ?? NIL_UUID, limit + 1]) as Promise<
      { id: string | null; frozen: boolean | null; line: string | null; bound: string | null }[]
    >,
    wantTotal
      ? (ctx.db.query(`WITH ${ORG_SET} SELECT count(DISTINCT id)::int AS total FROM orgs`, [year, from, to, roots]) as Promise<{ total: number }[]>)
      : Promise.resolve(null),
  ]);
  const found = page.filter((r) => r.id !== null);
  const bound = page[0]?.bound ?? null;
  const shown = found.slice(0, limit);
  const ids = shown.map((r) => r.id!);
  // More after this page: rows beyond it, or ids beyond the bound not looked at yet (the page may then be short).
  const hasNextPage = found.length > limit || (bound !== null && limit > 0);
  const endId = (found.length > limit || bound === null ? ids[ids.length - 1] : bound) ?? null;
  const frozen = shown.filter((r) => r.frozen);
  return {
    ids,
    frozenIds: frozen.map((r) => r.id!),
    lines: new Map(frozenLine ? frozen.map((r) => [r.id!, r.line!] as const) : []),
    hasNextPage,
    endId,
    total: total?.[0]?.total ?? 0,
  };
}

// ---------------------------------------------------------------- finalisation

const finalizeSchema = z.object({
  year: z.number().int('must be a whole year').min(1930, 'must be a year from 1930 to 2200').max(2200, 'must be a year from 1930 to 2200'),
  under: z.string().refine(isUuid, 'is not an organisation id'),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  note: z.string().trim().max(2000, 'must be at most 2,000 characters').nullish(),
});
const reopenSchema = z.object({
  year: finalizeSchema.shape.year,
  under: finalizeSchema.shape.under,
  reason: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2,000 characters'),
});

/** A transaction has one connection, which answers one statement at a time: queue them rather than send them together. */
function oneAtATime(m: Sql): Sql {
  let last: Promise<unknown> = Promise.resolve();
  return {
    query: (text: string, parameters?: unknown[]) => {
      const next = last.then(() => m.query(text, parameters));
      last = next.catch(() => undefined);
      return next;
    },
  } as Sql;
}

/** Serialises finalisation against target and rating changes of the year (the locks those take). */
export async function lockYear(m: Sql, year: number): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.targets'), $1)`, [year]);
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.ratings'), $1)`, [year]);
}

/** Refuses a change to a finalised organisation-year: CONFLICT naming the field. Call inside the writing transaction, after its lock. */
export async function assertNotFinalized(m: Sql, year: number, ids: { id: string; field: string }[]): Promise<void> {
  if (!ids.length) return;
  const rows: { organization_id: string; name: string }[] = await m.query(`SELECT organization_id, name FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = ANY($2::uuid[])`, [
    year,
    ids.map((i) => i.id.toLowerCase()),
  ]);
  const hit = ids.find((i) => rows.some((r) => r.organization_id === i.id.toLowerCase()));
  if (hit) {
    const name = rows.find((r) => r.organization_id === hit.id.toLowerCase())!.name;
    throw conflict(`${hit.field}: the ${year} evaluation of ${name} is finalised; reopen it (reopenEvaluationYear) to change it`, hit.field);
  }
}

interface LogRow {
  action: string;
  year: number;
  under_id: string;
  decision_ref: string | null;
  note: string | null;
  organizations: number;
  recorded_by: string;
  recorded_at: Date;
}

function toFinalization(row: LogRow, day: string): EvaluationFinalization {
  return Object.assign(new EvaluationFinalization(), {
    action: row.action,
    year: row.year,
    organization: Organization.ref(row.under_id, day),
    decisionRef: row.decision_ref,
    note: row.note,
    organizations: row.organizations,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  });
}

/**
 * Freezes the year's figures of every organisation under `under` during the
 * year (under included) that is not frozen yet. `under` itself must not be
 * finalised already (CONFLICT on input.under).
 */
export async function finalizeEvaluationYear(ctx: EvalContext, raw: FinalizeEvaluationYearInput): Promise<EvaluationFinalization> {
  assertWriter(ctx);
  const input = parseInput(finalizeSchema, raw);
  const org = await organizationInYear(ctx, input.under, input.year, 'input.under');
  const [from, to] = yearRange(input.year);
  const log = await ctx.db.transaction(async (m) => {
    await lockYear(m, input.year);
    const [done] = await m.query(`SELECT 1 FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = $2`, [input.year, org.organization_id]);
    if (done) throw conflict(`input.under: the ${input.year} evaluation of ${org.name} is already finalised`, 'input.under');
    // Everything under it during the year that is not frozen yet (organisations finalised earlier keep their figures).
    const set: { id: string }[] = await m.query(
      `WITH ${ORG_SET} SELECT DISTINCT id FROM live WHERE NOT EXISTS (SELECT 1 FROM evaluation_fact_snapshot s WHERE s.year = $1 AND s.organization_id = live.id)`,
      [input.year, from, to, [org.organization_id]],
    );
    const rows = await liveFacts(oneAtATime(m), input.year, set.map((r) => r.id));
    const [entry]: (LogRow & { id: string })[] = await m.query(
      `INSERT INTO evaluation_finalization_log (action, year, under_id, decision_ref, note, organizations, recorded_by, request_id)
       VALUES ('FINALIZED', $1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [input.year, org.organization_id, input.decisionRef, input.note ?? null, rows.length, ctx.caller.userId, ctx.requestId],
    );
    // In id order: the export reads the snapshot by id ranges, and a range then finds this finalisation's rows on
    // neighbouring pages rather than one page each.
    await m.query(`INSERT INTO evaluation_fact_snapshot SELECT * FROM jsonb_populate_recordset(NULL::evaluation_fact_snapshot, $1::jsonb) ORDER BY organization_id`, [
      JSON.stringify(rows.map((r) => ({ ...r, finalization_id: entry!.id }))),
    ]);
    // When these rows are more than a fifth of what the table's statistics last counted, take them again (they
    // see this transaction's rows): paging the frozen facts right after a finalisation was planned for a table
    // of a few rows, 1.3 s a page of 10,000 against 0.35 s (README, "Member register and evaluation at national size").
    const [{ counted }] = await m.query(`SELECT reltuples::float8 AS counted FROM pg_class WHERE oid = 'evaluation.evaluation_fact_snapshot'::regclass`);
    if (Number(counted) < 0 || rows.length > Number(counted) / 5) await m.query(`SELECT refresh_snapshot_statistics()`);
    return entry!;
  });
  return toFinalization(log, lastDayIn(org, input.year));
}

/** Reopens a finalised year for `under` and everything frozen under it; recorded with the reason. */
export async function reopenEvaluationYear(ctx: EvalContext, raw: ReopenEvaluationYearInput): Promise<EvaluationFinalization> {
  assertWriter(ctx);
  const input = parseInput(reopenSchema, raw);
  const org = await organizationInYear(ctx, input.under, input.year, 'input.under');
  const log = await ctx.db.transaction(async (m) => {
    await lockYear(m, input.year);
    const [done] = await m.query(`SELECT 1 FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = $2`, [input.year, org.organization_id]);
    if (!done) throw conflict(`input.under: the ${input.year} evaluation of ${org.name} is not finalised`, 'input.under');
    // (A CTE, because the driver returns DELETE … RETURNING as [rows, count].)
    const [{ removed }]: { removed: number }[] = await m.query(
      `WITH d AS (DELETE FROM evaluation_fact_snapshot WHERE year = $1 AND ancestor_ids @> ARRAY[$2::uuid] RETURNING 1) SELECT count(*)::int AS removed FROM d`,
      [input.year, org.organization_id],
    );
    const [entry]: LogRow[] = await m.query(
      `INSERT INTO evaluation_finalization_log (action, year, under_id, note, organizations, recorded_by, request_id)
       VALUES ('REOPENED', $1, $2, $3, $4, $5, $6) RETURNING *`,
      [input.year, org.organization_id, input.reason, removed, ctx.caller.userId, ctx.requestId],
    );
    return entry!;
  });
  return toFinalization(log, lastDayIn(org, input.year));
}
