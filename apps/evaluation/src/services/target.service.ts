import { badInput, parseInput, smallCellThreshold, suppressSmallCells, suppressTotal } from '@party/subgraph-kit';
import { z } from 'zod';
import type { EvalContext } from '../context';
import type { TargetRow } from '../loaders/evaluation.loader';
import { yearRange } from '../loaders/evaluation.loader';
import { AdmissionTarget, Organization, QuarterAchievement, SetAdmissionTargetsPayload, type SetAdmissionTargetsInput } from '../graphql/types';
import { assertWriter, canSeePath, isUuid, lastDayIn, organizationInYear, withheld } from './access';
import { assertNotFinalized } from './facts.service';

const rate = (admitted: number, target: number | null) => (target ? Math.round((admitted / target) * 10000) / 10000 : null);

const checkYear = (year: number, field = 'year') => {
  if (!Number.isInteger(year) || year < 1930 || year > 2200) throw badInput(field, 'must be a year from 1930 to 2200');
};

/**
 * Target and achievement of one organisation in a year, from loaded targets and admissions
 * `[year, q1..q4]`. With a `threshold` above 1 (a caller whose small cells are withheld, the
 * kit's suppression.ts), the year's admissions are null when small, the quarters are suppressed
 * as one breakdown of them, and a rate goes with its admissions (with the target it would give them back).
 */
function achievement(org: Organization, year: number, targets: TargetRow[], admitted: number[], threshold: number): AdmissionTarget {
  const yearly = targets.find((t) => t.quarter === 0) ?? null;
  const a = new AdmissionTarget();
  a.organization = org;
  a.year = year;
  a.target = yearly?.target ?? 0;
  a.hasTarget = !!yearly;
  a.admitted = suppressTotal(admitted[0] ?? 0, threshold);
  a.achievementRate = a.admitted === null ? null : (rate(a.admitted, yearly?.target ?? null) ?? 0);
  a.rank = null;
  a.assignedBy = yearly?.assigned_by ?? null;
  const quarters = suppressSmallCells(
    [1, 2, 3, 4].map((q) => admitted[q] ?? 0),
    threshold,
  );
  a.quarters = [1, 2, 3, 4].map((q, i) => {
    const t = targets.find((x) => x.quarter === q)?.target ?? null;
    const n = quarters[i]!;
    return Object.assign(new QuarterAchievement(), { quarter: q, target: t, admitted: n, achievementRate: n === null ? null : rate(n, t) });
  });
  return a;
}

/**
 * The organisation's target for the year and what it achieved; null when no target was assigned.
 * Small cells withheld as for the caller, unless `exact` (the service's own checks).
 */
export async function admissionTarget(ctx: EvalContext, org: Organization, year: number, exact = false): Promise<AdmissionTarget | null> {
  checkYear(year);
  const [targets, admitted] = await figures(ctx, org.id, year);
  if (!targets.some((t) => t.quarter === 0)) return null;
  return achievement(org, year, targets, admitted, exact ? 1 : smallCellThreshold(ctx));
}

/** Targets and admissions `[year, q1..q4]` of the year: the frozen ones once the year is finalised for the organisation, else the live ones. */
async function figures(ctx: EvalContext, id: string, year: number): Promise<[TargetRow[], number[]]> {
  const [frozen, targets, admitted] = await Promise.all([ctx.loaders.frozen(year).load(id), ctx.loaders.targets(year).load(id), ctx.loaders.admitted(year).load(id)]);
  if (!frozen) return [targets, admitted];
  const quarterTargets = [frozen.target, frozen.target_q1, frozen.target_q2, frozen.target_q3, frozen.target_q4];
  const frozenTargets = quarterTargets.flatMap((t, quarter) => (t === null ? [] : [{ organization_id: frozen.organization_id, quarter, target: t, assigned_by: targets.find((x) => x.quarter === quarter)?.assigned_by ?? '' }]));
  return [frozenTargets, [frozen.admitted, frozen.admitted_q1, frozen.admitted_q2, frozen.admitted_q3, frozen.admitted_q4]];
}

/**
 * The organisations `depth` levels under this one during the year (as they
 * stood under it), each with its target and achievement, ranked: highest rate
 * first, those without a target last, then by admissions and code.
 *
 * To a caller whose small cells are withheld, the rows' admissions are one
 * breakdown (of this organisation's, which its admissionTarget shows) and are
 * suppressed as such; rows whose admissions are withheld come last, unranked
 * and by code, so that neither a rank nor the order tells their figures.
 */
export async function admissionPerformance(ctx: EvalContext, org: Organization, year: number, depth: number): Promise<AdmissionTarget[]> {
  checkYear(year);
  if (!Number.isInteger(depth) || depth < 1 || depth > 6) throw badInput('depth', 'must be from 1 to 6');
  const threshold = smallCellThreshold(ctx);
  const rows = await ctx.loaders.below(`${year}|${depth}`).load(org.id);
  const list = await Promise.all(
    rows.map(async (r) => {
      const [targets, admitted] = await figures(ctx, r.organization_id, year);
      return { row: r, admitted: admitted[0] ?? 0, a: achievement(Organization.ref(r.organization_id, lastDayIn(r, year)), year, targets, admitted, threshold) };
    }),
  );
  const shown = suppressSmallCells(
    list.map((x) => x.admitted),
    threshold,
  );
  list.forEach((x, i) => {
    if (shown[i] !== null) return;
    Object.assign(x.a, { admitted: null, achievementRate: null });
    // Its quarters would add up to it: only their zeros stay.
    for (const q of x.a.quarters) if (q.admitted !== 0) Object.assign(q, { admitted: null, achievementRate: null });
  });
  const withheld = (x: (typeof list)[number]) => Number(x.a.admitted === null);
  list.sort(
    (x, y) =>
      withheld(x) - withheld(y) ||
      (withheld(x) ? 0 : Number(y.a.hasTarget) - Number(x.a.hasTarget) || y.a.achievementRate! - x.a.achievementRate! || y.a.admitted! - x.a.admitted!) ||
      x.row.code.localeCompare(y.row.code),
  );
  list.forEach((x, i) => (x.a.rank = x.a.admitted === null ? null : i + 1));
  return list.map((x) => x.a);
}

// ---------------------------------------------------------------- setAdmissionTargets

const whole = (what: string) => z.number().int(`${what} must be a whole number`).min(0, `${what} must be 0 or more`).max(1_000_000, `${what} is implausibly large`);
const setSchema = z.object({
  organizationId: z.string().refine(isUuid, 'is not an organisation id'),
  year: z.number().int(),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  targets: z
    .array(
      z
        .object({
          organizationId: z.string().refine(isUuid, 'is not an organisation id'),
          target: whole('the target'),
          quarters: z.array(whole('a quarter\'s target')).length(4, 'give all four quarters').nullish(),
        })
        .refine((t) => !t.quarters || t.quarters.reduce((s, q) => s + q, 0) === t.target, { message: 'the quarters must add up to the target', path: ['quarters'] }),
    )
    .min(1, 'name at least one organisation')
    .max(5000, 'at most 5,000 at once')
    .refine((list) => new Set(list.map((t) => t.organizationId.toLowerCase())).size === list.length, 'each organisation at most once'),
  idempotencyKey: z.string().min(1).max(200).nullish(),
});

/**
 * A committee assigns yearly (and optionally quarterly) targets to the
 * organisations directly under it that year. Replaces earlier targets for the
 * same organisations; every assignment is kept as it was made.
 */
export async function setAdmissionTargets(ctx: EvalContext, raw: SetAdmissionTargetsInput): Promise<SetAdmissionTargetsPayload> {
  assertWriter(ctx);
  const input = parseInput(setSchema, raw);
  checkYear(input.year, 'input.year');
  const parent = await organizationInYear(ctx, input.organizationId, input.year, 'input.organizationId');
  const [from, to] = yearRange(input.year);
  const ids = input.targets.map((t) => t.organizationId.toLowerCase());
  const under: { organization_id: string }[] = await ctx.db.query(
    `SELECT DISTINCT organization_id FROM organization.tree_v1 WHERE organization_id = ANY($1::uuid[]) AND parent_id = $2 AND valid_from < $4 AND valid_to > $3`,
    [ids, parent.organization_id, from, to],
  );
  const directly = new Set(under.map((r) => r.organization_id));
  const stray = ids.findIndex((id) => !directly.has(id));
  if (stray >= 0) {
    throw badInput(`input.targets.${stray}.organizationId`, `is not an organisation directly under ${parent.name} in ${input.year}`);
  }
  await ctx.db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.targets'), $1)`, [input.year]);
    await assertNotFinalized(m, input.year, ids.map((id, i) => ({ id, field: `input.targets.${i}.organizationId` })));
    if (input.idempotencyKey) {
      // Setting targets is idempotent in effect; a retry with the same key also leaves the assignment log alone.
      const [seen] = await m.query(`SELECT 1 FROM admission_target_assignment WHERE recorded_by = $1 AND request_id = $2`, [ctx.caller.userId, `key:${input.idempotencyKey}`]);
      if (seen) return;
    }
    await m.query(`DELETE FROM admission_target WHERE organization_id = ANY($1::uuid[]) AND year = $2`, [ids, input.year]);
    const rows = input.targets.flatMap((t) => [{ id: t.organizationId.toLowerCase(), quarter: 0, target: t.target }, ...(t.quarters ?? []).map((q, i) => ({ id: t.organizationId.toLowerCase(), quarter: i + 1, target: q }))]);
    await m.query(
      `INSERT INTO admission_target (organization_id, year, quarter, target, assigned_by, decision_ref, recorded_by)
       SELECT x.id, $4, x.q, x.t, $5, $6, $7 FROM unnest($1::uuid[], $2::int[], $3::int[]) AS x(id, q, t)`,
      [rows.map((r) => r.id), rows.map((r) => r.quarter), rows.map((r) => r.target), input.year, parent.organization_id, input.decisionRef, ctx.caller.userId],
    );
    await m.query(`INSERT INTO admission_target_assignment (assigned_by, year, decision_ref, targets, recorded_by, request_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
      parent.organization_id,
      input.year,
      input.decisionRef,
      JSON.stringify(input.targets),
      ctx.caller.userId,
      input.idempotencyKey ? `key:${input.idempotencyKey}` : ctx.requestId,
    ]);
  });

  const day = lastDayIn(parent, input.year);
  const [own] = await ctx.db.query(`SELECT target FROM admission_target WHERE organization_id = $1 AND year = $2 AND quarter = 0`, [parent.organization_id, input.year]);
  const [{ total }] = await ctx.db.query(`SELECT coalesce(sum(target), 0)::int AS total FROM admission_target WHERE assigned_by = $1 AND year = $2 AND quarter = 0`, [parent.organization_id, input.year]);
  const payload = new SetAdmissionTargetsPayload();
  payload.organization = Organization.ref(parent.organization_id, day);
  payload.year = input.year;
  payload.targets = (await Promise.all(ids.map(async (id) => {
    const row = await ctx.loaders.orgInYear(input.year).load(id);
    return admissionTarget(ctx, Organization.ref(id, lastDayIn(row!, input.year)), input.year);
  }))).filter((t): t is AdmissionTarget => !!t);
  payload.childrenTotal = total;
  payload.parentTarget = own ? own.target : null;
  payload.balanced = !own || own.target === total;
  payload.warning = payload.balanced ? null : `the children's targets add up to ${total}, the parent's target is ${own.target} (${total > own.target ? '+' : ''}${total - own.target})`;
  return payload;
}

/** The organisation the gateway passed (key "id asOf"), if the caller may see it. */
export async function resolveOrganizationReference(ctx: EvalContext, ref: { id: string; asOf?: string }): Promise<Organization | null> {
  if (!isUuid(ref.id) || !ref.asOf) return null;
  const org = await ctx.loaders.orgAt(ref.asOf).load(ref.id);
  if (!org) return null;
  if (!(await canSeePath(ctx, org.path, ref.asOf))) return withheld(ctx, ref.id);
  return Organization.ref(ref.id, ref.asOf);
}

