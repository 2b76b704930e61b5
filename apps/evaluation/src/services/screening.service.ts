import { badInput, groupBy, perKey, smallCellThreshold, suppressSmallCells, suppressTotal } from '@party/subgraph-kit';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { EvalContext } from '../context';
import { yearRange } from '../loaders/evaluation.loader';
import type { Organization } from '../graphql/types';
import { RemovalStats } from '../graphql/screening.types';

type Sql = Pick<EntityManager, 'query'>;

/** Termination reasons (membership.exits_v1.reason) and the field each is counted in. */
const REASONS = {
  STRUCK_OFF: 'struckOff',
  EXPELLED: 'expelled',
  WITHDRAWN: 'withdrawn',
  DECEASED: 'deceased',
  PROBATION_NOT_RECOGNIZED: 'probationNotRecognized',
} as const satisfies Record<string, keyof RemovalStats>;

interface RemovalRow {
  org: string;
  reason: string;
  removed: number;
  reinstated: number;
}

/**
 * Removals in the year under each organisation (membership.exits_v1 on
 * organization.tree_v1): a removal effective in the year counts under the
 * organisations whose subtree held the member's cell on the member's last day
 * of membership (the day before `exited_on`: the cell the view names is the
 * member's cell up to then, and on the removal day itself the cell may
 * already have been dissolved or moved). One statement for any number of
 * organisations.
 */
function removalLoaders(db: Sql) {
  return perKey(
    (year) =>
      new DataLoader<string, RemovalRow[]>(async (ids) => {
        const [from, to] = yearRange(Number(year));
        const rows: RemovalRow[] = await db.query(
          `WITH x AS (
             SELECT e.organization_id, e.reason, e.reinstated_on, e.exited_on - 1 AS day
               FROM membership.exits_v1 e
              WHERE e.exited_on >= $2::date AND e.exited_on < $3::date)
           SELECT r.organization_id AS org, x.reason, count(*)::int AS removed, count(x.reinstated_on)::int AS reinstated
             FROM x
             JOIN organization.tree_v1 o ON o.organization_id = x.organization_id AND o.valid_from <= x.day AND o.valid_to > x.day
             JOIN organization.tree_v1 r ON r.organization_id = ANY($1::uuid[]) AND r.valid_from <= x.day AND r.valid_to > x.day
            WHERE o.path >= r.path AND o.path < left(r.path, -1) || '/'
            GROUP BY 1, 2`,
          [ids, from, to],
        );
        return groupBy(ids, rows, (r) => r.org);
      }),
  );
}

/** One request's removal loaders, kept with its other loaders. */
const perRequest = new WeakMap<object, ReturnType<typeof removalLoaders>>();
const loaders = (ctx: EvalContext) => {
  let l = perRequest.get(ctx.loaders);
  if (!l) perRequest.set(ctx.loaders, (l = removalLoaders(ctx.db)));
  return l;
};

/**
 * Members removed in the year in the organisation's subtree (as it stood on each removal), by
 * reason. To a caller whose small cells are withheld: the reasons are one breakdown of `total`
 * and `reinstated` one of two cells (reinstated or not), each suppressed; `total` null when small.
 */
export async function removals(ctx: EvalContext, org: Organization, year: number): Promise<RemovalStats> {
  if (!Number.isInteger(year) || year < 1930 || year > 2200) throw badInput('year', 'must be a year from 1930 to 2200');
  const rows = await loaders(ctx)(year).load(org.id);
  const counts = { struckOff: 0, expelled: 0, withdrawn: 0, deceased: 0, probationNotRecognized: 0 };
  let total = 0;
  let reinstated = 0;
  for (const r of rows) {
    const field = REASONS[r.reason as keyof typeof REASONS];
    if (field) counts[field] += r.removed;
    total += r.removed;
    reinstated += r.reinstated;
  }
  const threshold = smallCellThreshold(ctx);
  const fields = Object.keys(counts) as (keyof typeof counts)[];
  const shown = suppressSmallCells(
    fields.map((f) => counts[f]),
    threshold,
  );
  return Object.assign(new RemovalStats(), {
    year,
    ...Object.fromEntries(fields.map((f, i) => [f, shown[i]])),
    total: suppressTotal(total, threshold),
    reinstated: suppressSmallCells([reinstated, total - reinstated], threshold)[0],
  });
}
