import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { syncTree } from '../services/derive';
import { EVENT_COLUMNS, MEMBER_COLUMNS, type EventRow, type MemberRow, type OrgRow, type PlacementRow } from '../services/rows';

export interface Counts {
  probationary: number;
  official: number;
  hosted: number;
}

const ZERO: Counts = { probationary: 0, official: 0, hosted: 0 };

/** Groups rows by a key, in the order of `keys`. */
function groupBy<R>(keys: readonly string[], rows: R[], key: (r: R) => string): R[][] {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** Loaders keyed by a day: one DataLoader per day asked about in the request. */
function perDay<V>(make: (day: string) => DataLoader<string, V>) {
  const byDay = new Map<string, DataLoader<string, V>>();
  return (day: string) => {
    let loader = byDay.get(day);
    if (!loader) byDay.set(day, (loader = make(day)));
    return loader;
  };
}

/**
 * One request's batched reads. Every field that reads placements first awaits
 * `synced()`, which brings placements up to the organisation tree's latest
 * change (one cheap statement when nothing changed).
 */
export class MembershipLoaders {
  constructor(private readonly db: DataSource) {}

  private syncing: Promise<unknown> | null = null;

  synced(): Promise<unknown> {
    return (this.syncing ??= syncTree(this.db));
  }

  /** Organisations as they stood on a day (organization.tree_v1). */
  readonly orgAt = perDay(
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

  /** Subtree counts on a day: running sums of the count deltas. */
  readonly subtreeCounts = perDay(
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
  readonly ownCounts = perDay(
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

  readonly members = new DataLoader<string, MemberRow | null>(async (ids) => {
    const rows: MemberRow[] = await this.db.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = ANY($1::uuid[])`, [ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
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
