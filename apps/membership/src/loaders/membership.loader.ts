import { groupBy, perKey } from '@party/subgraph-kit';
import DataLoader from 'dataloader';
import type { Db } from '../request-db';
import { STAT_LEVELS, syncTree } from '../services/derive';
import { AGE_BAND, EVENT_COLUMNS, MEMBER_COLUMNS, type DimRow, type EventRow, type MemberRow, type OrgRow, type PlacementRow } from '../services/rows';

export interface Counts {
  probationary: number;
  official: number;
  hosted: number;
}

const ZERO: Counts = { probationary: 0, official: 0, hosted: 0 };

/**
 * memberStats' running sums of organisations on a day ($2): yearly sums before the day's year, daily
 * deltas from its 1 January to the day. Values no longer held sum to zero and are left out.
 */
export const STATS_SQL = `
  SELECT organization_id AS org, dim, key, sum(n)::int AS n
    FROM (SELECT organization_id, dim, key, n FROM member_stat_year
           WHERE organization_id = ANY($1::uuid[]) AND year < extract(year FROM $2::date)::int
          UNION ALL
          SELECT organization_id, dim, key, n FROM member_stat_delta
           WHERE organization_id = ANY($1::uuid[]) AND day >= date_trunc('year', $2::date)::date AND day <= $2::date) s
   GROUP BY organization_id, dim, key
  HAVING sum(n) <> 0`;

/** An organisation's place in its placements' chains (1 for the root): the number of its path's segments. */
const chainPosition = (path: string) => path.split('.').length - 1;

/**
 * A running sum's breakdown values: `sa` is status|activity, `profile` gender|education|religion (the
 * religion, free text, is everything after the second bar), the others are one breakdown each.
 */
export function splitStatKey(dim: string, key: string): [string, string][] {
  if (dim === 'sa') {
    const bar = key.indexOf('|');
    return [['status', key.slice(0, bar)], ['activity', key.slice(bar + 1)]];
  }
  if (dim === 'profile') {
    const a = key.indexOf('|');
    const b = key.indexOf('|', a + 1);
    return [['gender', key.slice(0, a)], ['education', key.slice(a + 1, b)], ['religion', key.slice(b + 1)]];
  }
  return [[dim, key]];
}

/**
 * One request's batched reads. Every field that reads placements first awaits
 * `synced()`, which brings placements up to the organisation tree's latest
 * change (one cheap statement when nothing changed).
 */
export class MembershipLoaders {
  /** `db`: the request's transaction, or a transaction's manager (reads made inside a mutation's savepoint). */
  constructor(private readonly db: Db) {}

  private syncing: Promise<unknown> | null = null;

  synced(): Promise<unknown> {
    return (this.syncing ??= syncTree(this.db));
  }

  /** Organisations as they stood on a day (organization.tree_v1). */
  readonly orgAt = perKey(
    (day) =>
      new DataLoader<string, OrgRow | null>(async (ids) => {
        const rows: OrgRow[] = await this.db.query(
          `SELECT organization_id, name, kind, path, valid_from, valid_to FROM organization.tree_v1
            WHERE organization_id = ANY($1::uuid[]) AND valid_from <= $2 AND valid_to > $2`,
          [ids, day],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );

  /** Organisations on given days, keyed `${id}@${day}`: every (organisation, day) asked about together in one statement. */
  readonly orgOnDay = new DataLoader<string, OrgRow | null>(async (keys) => {
    const pairs = keys.map((k) => k.split('@') as [string, string]);
    const rows: (OrgRow & { day: string })[] = await this.db.query(
      `SELECT x.day, v.organization_id, v.name, v.kind, v.path, v.valid_from, v.valid_to
         FROM unnest($1::uuid[], $2::date[]) AS x(id, day)
         JOIN organization.tree_v1 v ON v.organization_id = x.id AND v.valid_from <= x.day AND v.valid_to > x.day`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const map = new Map(rows.map((r) => [`${r.organization_id}@${r.day}`, r]));
    return keys.map((k) => map.get(k) ?? null);
  });

  /** Subtree counts on a day: running sums of the count deltas. */
  readonly subtreeCounts = perKey(
    (day) =>
      new DataLoader<string, Counts>(async (ids) => {
        await this.synced();
        const rows: (Counts & { organization_id: string })[] = await this.db.query(
          `SELECT organization_id, sum(probationary)::int AS probationary, sum(official)::int AS official, sum(hosted)::int AS hosted
             FROM count_delta WHERE organization_id = ANY($1::uuid[]) AND day <= $2 GROUP BY organization_id`,
          [ids, day],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? ZERO);
      }),
  );

  /** Members registered in (or hosted by) the organisation itself on a day. */
  readonly ownCounts = perKey(
    (day) =>
      new DataLoader<string, Counts>(async (ids) => {
        await this.synced();
        const rows: (Counts & { organization_id: string })[] = await this.db.query(
          `SELECT organization_id,
                  count(*) FILTER (WHERE role = 'HOME' AND status = 'PROBATIONARY')::int AS probationary,
                  count(*) FILTER (WHERE role = 'HOME' AND status = 'OFFICIAL')::int AS official,
                  count(*) FILTER (WHERE role = 'HOSTED')::int AS hosted
             FROM placement WHERE organization_id = ANY($1::uuid[]) AND valid_from <= $2 AND valid_to > $2
            GROUP BY organization_id`,
          [ids, day],
        );
        const map = new Map(rows.map((r) => [r.organization_id, r]));
        return ids.map((id) => map.get(id) ?? ZERO);
      }),
  );

  /**
   * The breakdowns behind memberStats for many organisations on a day:
   * registered members by status, activity, gender, age band, ethnicity,
   * religion and education; and those active here temporarily while
   * registered outside the subtree. Organisations of the top STAT_LEVELS
   * levels on the day read their running sums (STATS_SQL, one statement);
   * deeper ones, with small subtrees, are counted from their placements (two
   * statements). At most three statements, however many organisations.
   */
  readonly stats = perKey(
    (day) =>
      new DataLoader<string, { rows: DimRow[]; hosted: number }>(async (ids) => {
        await this.synced();
        const orgs = (await this.orgAt(day).loadMany(ids)).map((o) => (o && !(o instanceof Error) ? o : null));
        const known = orgs.filter((o): o is OrgRow => !!o);
        const summed = known.filter((o) => chainPosition(o.path) <= STAT_LEVELS);
        const scanned = known.filter((o) => chainPosition(o.path) > STAT_LEVELS);
        const [sums, counted] = await Promise.all([summed.length ? this.statsFromSums(summed, day) : new Map(), scanned.length ? this.statsFromPlacements(scanned, day) : new Map()]);
        const empty = { rows: [] as DimRow[], hosted: 0 };
        return orgs.map((o) => (o ? (sums.get(o.organization_id) ?? counted.get(o.organization_id) ?? empty) : empty));
      }),
  );

  private async statsFromSums(orgs: OrgRow[], day: string): Promise<Map<string, { rows: DimRow[]; hosted: number }>> {
    const sums: { org: string; dim: string; key: string; n: number }[] = await this.db.query(STATS_SQL, [orgs.map((o) => o.organization_id), day]);
    const by = new Map<string, { rows: Map<string, DimRow>; hosted: number }>();
    for (const r of sums) {
      let o = by.get(r.org);
      if (!o) by.set(r.org, (o = { rows: new Map(), hosted: 0 }));
      for (const [dim, key] of splitStatKey(r.dim, r.key)) {
        if (dim === 'hosted') {
          o.hosted += r.n;
          continue;
        }
        const k = `${dim}\u0000${key}`;
        const row = o.rows.get(k);
        if (row) row.count += r.n;
        else o.rows.set(k, { dim, key, count: r.n });
      }
    }
    return new Map([...by].map(([org, o]) => [org, { rows: [...o.rows.values()].filter((r) => r.count !== 0), hosted: o.hosted }]));
  }

  private async statsFromPlacements(orgs: OrgRow[], day: string): Promise<Map<string, { rows: DimRow[]; hosted: number }>> {
    const params = [orgs.map((o) => o.organization_id), orgs.map((o) => o.path), day];
    const subtree = (alias: string) => `${alias}.path >= r.path COLLATE "C" AND ${alias}.path < (left(r.path, -1) || '/') COLLATE "C" AND ${alias}.valid_from <= $3 AND ${alias}.valid_to > $3`;
    const [rows, hosted] = await Promise.all([
      this.db.query(
        `SELECT org, CASE WHEN grouping(status) = 0 THEN 'status' WHEN grouping(activity) = 0 THEN 'activity' WHEN grouping(gender) = 0 THEN 'gender'
                          WHEN grouping(band) = 0 THEN 'band' WHEN grouping(ethnicity) = 0 THEN 'ethnicity' WHEN grouping(religion) = 0 THEN 'religion'
                          ELSE 'education' END AS dim,
                coalesce(status, activity, gender, band, ethnicity, religion, education) AS key, count(*)::int AS count
           FROM (SELECT r.id AS org, p.status, p.activity, m.gender, ${AGE_BAND(`date_part('year', age($3::date, m.birth_date))`)} AS band,
                        coalesce(m.ethnicity, 'UNKNOWN') AS ethnicity, coalesce(m.religion, 'NONE') AS religion, coalesce(m.education_level, 'UNKNOWN') AS education
                   FROM unnest($1::uuid[], $2::text[]) AS r(id, path)
                   JOIN placement p ON ${subtree('p')} AND p.role = 'HOME'
                   JOIN member m ON m.id = p.member_id) s
          GROUP BY GROUPING SETS ((org, status), (org, activity), (org, gender), (org, band), (org, ethnicity), (org, religion), (org, education))`,
        params,
      ) as Promise<(DimRow & { org: string })[]>,
      this.db.query(
        `SELECT r.id AS org, count(*)::int AS hosted
           FROM unnest($1::uuid[], $2::text[]) AS r(id, path)
           JOIN placement h ON ${subtree('h')} AND h.role = 'HOSTED'
          WHERE NOT EXISTS (SELECT 1 FROM placement p WHERE p.member_id = h.member_id AND p.role = 'HOME' AND ${subtree('p')})
          GROUP BY r.id`,
        params,
      ) as Promise<{ org: string; hosted: number }[]>,
    ]);
    const hostedBy = new Map(hosted.map((h) => [h.org, h.hosted]));
    const rowsBy = groupBy(orgs.map((o) => o.organization_id), rows, (r) => r.org);
    return new Map(orgs.map((o, i) => [o.organization_id, { rows: rowsBy[i]!, hosted: hostedBy.get(o.organization_id) ?? 0 }]));
  }

  /**
   * Admissions in a period (key `start|end`, end exclusive) under many
   * organisations, each as its subtree stood on every admission day (every
   * version of the organisation overlapping the period), in one statement.
   */
  readonly admissions = perKey(
    (period) =>
      new DataLoader<string, DimRow[]>(async (ids) => {
        await this.synced();
        const [start, end] = period.split('|');
        const rows: (DimRow & { org: string })[] = await this.db.query(
          `SELECT org, CASE WHEN grouping(source) = 0 THEN 'source' WHEN grouping(gender) = 0 THEN 'gender' WHEN grouping(ethnicity) = 0 THEN 'ethnicity'
                            WHEN grouping(band) = 0 THEN 'band' WHEN grouping(quarter) = 0 THEN 'quarter' WHEN grouping(youth) = 0 THEN 'youth'
                            WHEN grouping(minority) = 0 THEN 'minority' ELSE 'religion' END AS dim,
                  coalesce(source, gender, ethnicity, band, quarter, youth, minority, religion) AS key, count(*)::int AS count
             FROM (SELECT r.organization_id AS org, m.source, m.gender, coalesce(m.ethnicity, 'UNKNOWN') AS ethnicity,
                          ${AGE_BAND(`date_part('year', age(f.admitted_on, m.birth_date))`)} AS band,
                          date_part('quarter', f.admitted_on)::text AS quarter, m.youth_union::text AS youth,
                          (m.ethnicity IS NOT NULL AND m.ethnicity <> 'Kinh')::text AS minority, (m.religion IS NOT NULL)::text AS religion
                     FROM organization.tree_v1 r
                     JOIN admission_fact f ON f.path >= r.path AND f.path < left(r.path, -1) || '/'
                      AND f.admitted_on >= greatest(r.valid_from, $2::date) AND f.admitted_on < least(r.valid_to, $3::date)
                     JOIN member m ON m.id = f.member_id
                    WHERE r.organization_id = ANY($1::uuid[]) AND r.valid_from < $3::date AND r.valid_to > $2::date) s
            GROUP BY GROUPING SETS ((org, source), (org, gender), (org, ethnicity), (org, band), (org, quarter), (org, youth), (org, minority), (org, religion))`,
          [ids, start, end],
        );
        return groupBy(ids, rows, (r) => r.org);
      }),
  );

  readonly members = new DataLoader<string, MemberRow | null>(async (ids) => {
    const rows: MemberRow[] = await this.db.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = ANY($1::uuid[])`, [ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });

  /**
   * Whether members the `members` loader did not find exist all the same: row-level security hides those
   * outside the caller's organisations (docs/decisions/0020), which are withheld and audited as refused.
   */
  readonly memberExists = new DataLoader<string, boolean>(async (ids) => {
    const rows: { id: string }[] = await this.db.query(`SELECT x AS id FROM membership.members_existing($1::uuid[]) AS x`, [ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.map((id) => found.has(id));
  });

  /** A member's HOME placements, oldest first. */
  readonly placements = new DataLoader<string, PlacementRow[]>(async (ids) => {
    await this.synced();
    const rows: PlacementRow[] = await this.db.query(
      `SELECT member_id, organization_id, path, valid_from, valid_to, status, activity FROM placement
        WHERE member_id = ANY($1::uuid[]) AND role = 'HOME' ORDER BY member_id, valid_from`,
      [ids],
    );
    return groupBy(ids, rows, (r) => r.member_id);
  });

  /** Where a member is temporarily active, by day. */
  readonly hostings = new DataLoader<string, PlacementRow[]>(async (ids) => {
    await this.synced();
    const rows: PlacementRow[] = await this.db.query(
      `SELECT member_id, organization_id, path, valid_from, valid_to, status, activity FROM placement
        WHERE member_id = ANY($1::uuid[]) AND role = 'HOSTED' ORDER BY member_id, valid_from`,
      [ids],
    );
    return groupBy(ids, rows, (r) => r.member_id);
  });

  readonly events = new DataLoader<string, EventRow[]>(async (ids) => {
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM member_event e WHERE e.member_id = ANY($1::uuid[]) ORDER BY e.member_id, e.effective_on, e.id`, [ids]);
    return groupBy(ids, rows, (r) => r.member_id);
  });

  /** Ages of the segments a member's party age is counted from. */
  readonly segmentSpans = new DataLoader<string, { validFrom: string; validTo: string }[]>(async (ids) => {
    const rows: { member_id: string; valid_from: string; valid_to: string }[] = await this.db.query(
      `SELECT member_id, valid_from, valid_to FROM member_segment WHERE member_id = ANY($1::uuid[]) ORDER BY member_id, valid_from`,
      [ids],
    );
    return groupBy(ids, rows, (r) => r.member_id).map((list) => list.map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to })));
  });
}
