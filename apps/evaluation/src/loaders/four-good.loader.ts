import { groupBy, perKey } from '@party/subgraph-kit';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { EvalContext } from '../context';
import { yearRange } from './evaluation.loader';

type Sql = Pick<EntityManager, 'query'>;

export interface CriterionRow {
  code: string;
  name: string;
  max_score: string;
  pass_threshold: string;
}

export interface CriteriaSetRow {
  id: string;
  province_id: string | null;
  from_year: number;
  name: string;
  total_pass_threshold: string;
  minimum_grade: string | null;
  decision_ref: string;
  recorded_by: string;
  recorded_at: Date;
  criteria: CriterionRow[];
}

export interface RegistrationRow {
  organization_id: string;
  year: number;
  registered_on: string;
  kind: string;
  decision_ref: string;
  registered_by: string;
  recorded_at: Date;
  idempotency_key: string | null;
  request_hash: string | null;
}

export interface StoredScore {
  criterion: string;
  name: string;
  score: number;
  maxScore: number;
  passThreshold: number;
  passed: boolean;
}

export interface AssessmentRow {
  organization_id: string;
  year: number;
  version: number;
  criteria_set_id: string;
  province_id: string | null;
  placed_on: string;
  scores: StoredScore[];
  total: string;
  result: 'TITLE_GRANTED' | 'NOT_GRANTED';
  reasons: string[];
  quality_grade: string | null;
  decision_ref: string;
  note: string | null;
  assessed_by: string;
  assessed_at: Date;
  idempotency_key?: string | null;
  request_hash?: string | null;
}

/** Where an organisation sat in a year: its province on its last day in the year (the year's end, or when it ceased). */
export interface PlacementRow {
  organization_id: string;
  /** The organisation's last day in the year. */
  day: string;
  province_id: string | null;
}

/** The criteria set columns, with its criteria in order, for a FROM clause aliased `s`. */
export const SET_COLUMNS = `s.id, s.province_id, s.from_year, s.name, s.total_pass_threshold, s.minimum_grade, s.decision_ref, s.recorded_by, s.recorded_at,
  (SELECT json_agg(json_build_object('code', c.code, 'name', c.name, 'max_score', c.max_score::text, 'pass_threshold', c.pass_threshold::text) ORDER BY c.position)
     FROM four_good_criterion c WHERE c.criteria_set_id = s.id) AS criteria`;

/**
 * The criteria set in force for each province key (a province id, or '' for
 * none) in a year: the province's latest set with from_year <= year, else the
 * national default's. One statement for any number of provinces.
 */
export async function setsInForce(db: Sql, year: number, keys: readonly string[]): Promise<(CriteriaSetRow | null)[]> {
  const rows: (CriteriaSetRow & { key: string })[] = await db.query(
    `SELECT DISTINCT ON (k.key) k.key, ${SET_COLUMNS}
       FROM unnest($1::text[]) AS k(key)
       JOIN four_good_criteria_set s ON (s.province_id = nullif(k.key, '')::uuid OR s.province_id IS NULL) AND s.from_year <= $2
      ORDER BY k.key, (s.province_id IS NULL), s.from_year DESC, s.id DESC`,
    [keys, year],
  );
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * Each organisation's placement in the year: its last version overlapping the
 * year, and the PROVINCIAL organisation above it (or itself) on that version's
 * last day in the year. One statement for any number of organisations.
 */
export async function placements(db: Sql, year: number, ids: readonly string[]): Promise<(PlacementRow | null)[]> {
  const [from, to] = yearRange(year);
  const rows: PlacementRow[] = await db.query(
    `WITH o AS (
       SELECT DISTINCT ON (v.organization_id) v.organization_id, v.path, least(v.valid_to - 1, $3::date - 1) AS day
         FROM organization.tree_v1 v
        WHERE v.organization_id = ANY($1::uuid[]) AND v.valid_from < $3::date AND v.valid_to > $2::date
        ORDER BY v.organization_id, v.valid_from DESC)
     SELECT o.organization_id, o.day,
            (SELECT a.organization_id FROM generate_series(1, length(o.path)) i
               JOIN organization.tree_v1 a ON a.path = left(o.path, i) AND a.valid_from <= o.day AND a.valid_to > o.day
              WHERE substr(o.path, i, 1) = '.' AND a.kind = 'PROVINCIAL'
              ORDER BY i DESC LIMIT 1) AS province_id
       FROM o`,
    [ids, from, to],
  );
  const map = new Map(rows.map((r) => [r.organization_id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/** One request's "4 good" reads, each batched over the organisations (or sets) asked for. */
export class FourGoodLoaders {
  constructor(private readonly db: Sql) {}

  readonly registration = perKey(
    (year) =>
      new DataLoader<string, RegistrationRow | null>(async (ids) => {
        const rows: RegistrationRow[] = await this.db.query(
          `SELECT organization_id, year, registered_on, kind, decision_ref, registered_by, recorded_at, idempotency_key, request_hash
             FROM four_good_registration WHERE organization_id = ANY($1::uuid[]) AND year = $2`,
          [ids, Number(year)],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  readonly assessment = perKey(
    (year) =>
      new DataLoader<string, AssessmentRow | null>(async (ids) => {
        const rows: AssessmentRow[] = await this.db.query(
          `SELECT * FROM four_good_assessment WHERE organization_id = ANY($1::uuid[]) AND year = $2`,
          [ids, Number(year)],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** Every assessment made, oldest first. */
  readonly history = perKey(
    (year) =>
      new DataLoader<string, AssessmentRow[]>(async (ids) => {
        const rows: AssessmentRow[] = await this.db.query(
          `SELECT * FROM four_good_assessment_history WHERE organization_id = ANY($1::uuid[]) AND year = $2 ORDER BY id`,
          [ids, Number(year)],
        );
        return groupBy(ids, rows, (r) => r.organization_id);
      }),
  );

  readonly placement = perKey((year) => new DataLoader<string, PlacementRow | null>((ids) => placements(this.db, Number(year), ids)));

  /**
   * Criteria sets, by id (`setKey.byId`) or in force for a province key and
   * year (`setKey.inForce`): one statement for any mix of keys, so the sets of
   * assessed and not yet assessed organisations come back together.
   */
  readonly criteriaSet = new DataLoader<string, CriteriaSetRow | null>(async (keys) => {
    const rows: (CriteriaSetRow & { key: string })[] = await this.db.query(
      `SELECT k.key, s.* FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (
           SELECT ${SET_COLUMNS} FROM four_good_criteria_set s
            WHERE CASE WHEN k.key LIKE 'id:%' THEN s.id = substr(k.key, 4)::bigint
                       ELSE (s.province_id = nullif(split_part(k.key, ':', 3), '')::uuid OR s.province_id IS NULL) AND s.from_year <= split_part(k.key, ':', 2)::int END
            ORDER BY (s.province_id IS NULL), s.from_year DESC, s.id DESC LIMIT 1) s`,
      [keys],
    );
    const map = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Keys of FourGoodLoaders.criteriaSet. */
export const setKey = {
  byId: (id: string | number) => `id:${id}`,
  /** The set in force in `year` for a province (null: an organisation under no province, or the national default). */
  inForce: (year: number, provinceId: string | null) => `in:${year}:${provinceId ?? ''}`,
};

/** One request's "4 good" loaders, kept with its other loaders. */
const perRequest = new WeakMap<object, FourGoodLoaders>();
export function fourGoodLoaders(ctx: EvalContext): FourGoodLoaders {
  let l = perRequest.get(ctx.loaders);
  if (!l) perRequest.set(ctx.loaders, (l = new FourGoodLoaders(ctx.db)));
  return l;
}
