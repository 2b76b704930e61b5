import { groupBy, perKey } from '@party/subgraph-kit';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';

export interface OrgRow {
  organization_id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  depth: number;
  valid_from: string;
  valid_to: string;
}

const ORG_COLUMNS = 'v.organization_id, v.code, v.name, v.kind, v.parent_id, v.path, v.depth, v.valid_from, v.valid_to';

export interface TargetRow {
  organization_id: string;
  quarter: number;
  target: number;
  assigned_by: string;
}

export interface RatingRow {
  organization_id: string;
  member_id?: string;
  peer_group?: string;
  year: number;
  grade: string;
  score: string | null;
  all_tasks_done: boolean | null;
  disciplined: boolean | null;
  rule_set: string;
  decision_ref: string;
  note: string | null;
  grade_basis: string;
  rated_by: string;
  rated_at: Date;
}

export interface RuleSetRow {
  code: string;
  name: string;
  effective_from: string;
  kind: 'CAP_OF_GOOD' | 'SCORE_100';
  params: Record<string, unknown>;
}

/** The frozen target and admission columns of evaluation_fact_snapshot (services/facts.service.ts has the whole row). */
export interface FrozenRow {
  organization_id: string;
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
}

/** The year as a half-open range of days. */
export const yearRange = (year: number): [string, string] => [`${year}-01-01`, `${year + 1}-01-01`];

/** One request's batched reads. */
export class EvaluationLoaders {
  constructor(private readonly db: Pick<EntityManager, 'query'>) {}

  /** Organisations as they stood on a day (organization.tree_v1). */
  readonly orgAt = perKey(
    (day) =>
      new DataLoader<string, OrgRow | null>(async (ids) => {
        const rows: OrgRow[] = await this.db.query(`SELECT ${ORG_COLUMNS} FROM organization.tree_v1 v WHERE v.organization_id = ANY($1::uuid[]) AND v.valid_from <= $2 AND v.valid_to > $2`, [ids, day]);
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** The last version of each organisation that overlaps the year (how it stood at the year's end, or when it ceased). */
  readonly orgInYear = perKey(
    (year) =>
      new DataLoader<string, OrgRow | null>(async (ids) => {
        const [from, to] = yearRange(Number(year));
        const rows: OrgRow[] = await this.db.query(
          `SELECT DISTINCT ON (v.organization_id) ${ORG_COLUMNS} FROM organization.tree_v1 v
            WHERE v.organization_id = ANY($1::uuid[]) AND v.valid_from < $3 AND v.valid_to > $2
            ORDER BY v.organization_id, v.valid_from DESC`,
          [ids, from, to],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** Targets in force for the year: the yearly one (quarter 0) and any quarterly ones. */
  readonly targets = perKey(
    (year) =>
      new DataLoader<string, TargetRow[]>(async (ids) => {
        const rows: TargetRow[] = await this.db.query(
          `SELECT organization_id, quarter, target, assigned_by FROM admission_target WHERE organization_id = ANY($1::uuid[]) AND year = $2 ORDER BY organization_id, quarter`,
          [ids, Number(year)],
        );
        return groupBy(ids, rows, (r) => r.organization_id);
      }),
  );

  /**
   * Admissions in the year under each organisation, as its subtree stood on
   * each admission day (membership.admissions_v1 on organization.tree_v1):
   * `[year, q1, q2, q3, q4]`. One statement for any number of organisations.
   */
  readonly admitted = perKey(
    (year) =>
      new DataLoader<string, number[]>(async (ids) => {
        const [from, to] = yearRange(Number(year));
        const rows: { org: string; quarter: number; admitted: number }[] = await this.db.query(
          // A lateral subquery per version of each organisation: an index range scan of its own subtree,
          // whatever the planner estimates for the whole list (a plain join chose to scan every admission).
          `SELECT r.organization_id AS org, x.quarter, sum(x.admitted)::int AS admitted
             FROM organization.tree_v1 r
            CROSS JOIN LATERAL (
                  SELECT date_part('quarter', a.admitted_on)::int AS quarter, count(*) AS admitted
                    FROM organization.tree_v1 o
                    JOIN membership.admissions_v1 a ON a.organization_id = o.organization_id
                                                   AND a.admitted_on >= greatest(r.valid_from, o.valid_from, $2::date) AND a.admitted_on < least(r.valid_to, o.valid_to, $3::date)
                   WHERE o.path >= r.path AND o.path < left(r.path, -1) || '/'
                     AND o.valid_from < least(r.valid_to, $3::date) AND o.valid_to > greatest(r.valid_from, $2::date)
                   GROUP BY 1) x
            WHERE r.organization_id = ANY($1::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date
            GROUP BY 1, 2`,
          [ids, from, to],
        );
        const byOrg = groupBy(ids, rows, (r) => r.org);
        return byOrg.map((list) => {
          const out = [0, 0, 0, 0, 0];
          for (const r of list) {
            out[r.quarter] = r.admitted;
            out[0] += r.admitted;
          }
          return out;
        });
      }),
  );

  /** Organisations `depth` levels under each organisation at some time in the year (as they stood under it). */
  readonly below = perKey(
    (key) =>
      new DataLoader<string, OrgRow[]>(async (ids) => {
        const [year, depth] = key.split('|').map(Number) as [number, number];
        const [from, to] = yearRange(year);
        const rows: (OrgRow & { root: string })[] = await this.db.query(
          `SELECT DISTINCT ON (r.organization_id, v.organization_id) r.organization_id AS root, ${ORG_COLUMNS}
             FROM organization.tree_v1 r
             JOIN organization.tree_v1 v ON v.path > r.path AND v.path < left(r.path, -1) || '/' AND v.depth = r.depth + $4
                                        AND v.valid_from < least(r.valid_to, $3::date) AND v.valid_to > greatest(r.valid_from, $2::date)
            WHERE r.organization_id = ANY($1::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date
            ORDER BY r.organization_id, v.organization_id, v.valid_from DESC`,
          [ids, from, to, depth],
        );
        return groupBy(ids, rows, (r) => r.root);
      }),
  );

  /** Frozen figures of finalised organisation-years (evaluation_fact_snapshot); null when not finalised. */
  readonly frozen = perKey(
    (year) =>
      new DataLoader<string, FrozenRow | null>(async (ids) => {
        const rows: FrozenRow[] = await this.db.query(`SELECT * FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = ANY($2::uuid[])`, [Number(year), ids]);
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id.toLowerCase()) ?? null);
      }),
  );

  /** Organisation ratings in force for the year. */
  readonly organizationRating = perKey(
    (year) =>
      new DataLoader<string, RatingRow | null>(async (ids) => {
        const rows: RatingRow[] = await this.db.query(`SELECT * FROM organization_rating WHERE organization_id = ANY($1::uuid[]) AND year = $2`, [ids, Number(year)]);
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** Member ratings in force for the year. */
  readonly memberRating = perKey(
    (year) =>
      new DataLoader<string, RatingRow | null>(async (ids) => {
        const rows: RatingRow[] = await this.db.query(`SELECT * FROM member_rating WHERE member_id = ANY($1::uuid[]) AND year = $2`, [ids, Number(year)]);
        const map = new Map(rows.map((r) => [r.member_id!, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** Rule sets by code. */
  readonly ruleSet = new DataLoader<string, RuleSetRow | null>(async (codes) => {
    const rows: RuleSetRow[] = await this.db.query(`SELECT code, name, effective_from, kind, params FROM rule_set WHERE code = ANY($1::text[])`, [codes]);
    const map = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => map.get(c) ?? null);
  });
}
