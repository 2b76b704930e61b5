import { badInput, conflict, DomainError, isAdmin, notFound, parseInput } from '@party/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { EvalContext } from '../context';
import type { RatingRow, RuleSetRow } from '../loaders/evaluation.loader';
import { GradeCount, Member, MemberRating, OrganizationRating, QUALITY_GRADES, RuleSet, type QualityGradeName, type RateMemberInput, type RateOrganizationInput } from '../graphql/rating.types';
import { Organization } from '../graphql/types';
import { assertMayReadPeople, assertWriter, canSeePath, isUuid, lastDayIn, organizationInYear, withheld } from './access';
import { assertNotFinalized } from './facts.service';
import { admissionTarget } from './target.service';

type Sql = Pick<EntityManager, 'query'>;

/** What a rule set's `params` may hold (rule_set.params; the kind says which apply). */
interface RuleParams {
  /** CAP_OF_GOOD: EXCELLENT organisations at most this share of GOOD ones within a peer group and year. */
  excellentCapOfGood?: number;
  /** CAP_OF_GOOD: EXCELLENT members at most this share of GOOD ones within a cell and year. */
  memberExcellentCapOfGood?: number;
  /** SCORE_100: the lowest score of each grade above NOT_COMPLETED. */
  thresholds?: { EXCELLENT: number; GOOD: number; COMPLETED: number };
  excellentRequiresAllTasksDone?: boolean;
  excellentRequiresNoDiscipline?: boolean;
  /** Organisations: an assigned admission target achieved below `minimumRate` rules out EXCELLENT. */
  admissionTargetCriterion?: { requiredForExcellent: boolean; minimumRate: number };
}

const YEAR_MIN = 1930;
const YEAR_MAX = 2200;
const checkYear = (year: number, field = 'year') => {
  if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) throw badInput(field, `must be a year from ${YEAR_MIN} to ${YEAR_MAX}`);
};
const pct = (x: number) => `${Math.round(x * 10000) / 100} %`;

const common = {
  year: z.number().int('must be a whole year').min(YEAR_MIN, `must be a year from ${YEAR_MIN} to ${YEAR_MAX}`).max(YEAR_MAX, `must be a year from ${YEAR_MIN} to ${YEAR_MAX}`),
  grade: z.enum(QUALITY_GRADES).nullish(),
  score: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').refine((s) => Math.abs(Math.round(s * 100) - s * 100) < 1e-6, 'at most two decimal places').nullish(),
  allTasksDone: z.boolean().nullish(),
  disciplined: z.boolean().nullish(),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  note: z.string().trim().max(2000, 'must be at most 2,000 characters').nullish(),
};
const orgSchema = z.object({
  ...common,
  organizationId: z.string().refine(isUuid, 'is not an organisation id'),
  peerGroup: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});
const memberSchema = z.object({ ...common, memberId: z.string().refine(isUuid, 'is not a member id') });
type Common = z.infer<typeof orgSchema> | z.infer<typeof memberSchema>;

/** The rule set in force for the year: the latest effective on or before its 31 December. */
export async function ruleSetFor(db: Sql, year: number, field: string): Promise<RuleSetRow> {
  const [row]: RuleSetRow[] = await db.query(`SELECT code, name, effective_from, kind, params FROM rule_set WHERE effective_from <= $1::date ORDER BY effective_from DESC LIMIT 1`, [`${year}-12-31`]);
  if (!row) throw conflict(`${field}: no rating rules are in force for ${year}`, field);
  return row;
}

interface Decision {
  grade: QualityGradeName;
  basis: string;
}

/** An obstacle to EXCELLENT from the admission-target criterion, in words; null when there is none. */
type TargetCheck = () => Promise<string | null>;

/**
 * The grade under the rule set: given (CAP_OF_GOOD) or derived from the score,
 * tasks and discipline (SCORE_100). A given grade the rules do not allow is a
 * CONFLICT on input.grade, with the reason.
 */
async function decideGrade(rules: RuleSetRow, input: Common, targetCheck: TargetCheck | null): Promise<Decision> {
  const params = rules.params as RuleParams;
  const criterion = params.admissionTargetCriterion?.requiredForExcellent ? targetCheck : null;
  if (rules.kind === 'CAP_OF_GOOD') {
    if (!input.grade) throw badInput('input.grade', `is required: under ${rules.code} the grade is given directly`);
    if (input.grade === 'EXCELLENT' && criterion) {
      const obstacle = await criterion();
      if (obstacle) throw conflict(`input.grade: cannot be EXCELLENT under ${rules.code}: ${obstacle}`, 'input.grade');
    }
    return { grade: input.grade, basis: `given under ${rules.code}` };
  }

  // SCORE_100
  const t = params.thresholds ?? { EXCELLENT: 90, GOOD: 70, COMPLETED: 50 };
  if (input.score == null) throw badInput('input.score', `is required: under ${rules.code} the grade follows from a score from 0 to 100`);
  if (input.allTasksDone == null) throw badInput('input.allTasksDone', `is required under ${rules.code}`);
  if (input.disciplined == null) throw badInput('input.disciplined', `is required under ${rules.code}`);
  const score = input.score;
  let grade: QualityGradeName;
  let basis: string;
  if (score >= t.EXCELLENT) {
    const obstacles: string[] = [];
    if (params.excellentRequiresAllTasksDone && !input.allTasksDone) obstacles.push('not all tasks done');
    if (params.excellentRequiresNoDiscipline && input.disciplined) obstacles.push('disciplined in the year');
    if (obstacles.length === 0 && criterion) {
      const obstacle = await criterion();
      if (obstacle) obstacles.push(obstacle);
    }
    grade = obstacles.length ? 'GOOD' : 'EXCELLENT';
    basis = obstacles.length ? `score ${score} ≥ ${t.EXCELLENT} but ${obstacles.join(', ')}: GOOD at most (${rules.code})` : `score ${score} ≥ ${t.EXCELLENT}, all tasks done, no discipline (${rules.code})`;
  } else if (score >= t.GOOD) {
    grade = 'GOOD';
    basis = `score ${score}: ${t.GOOD}–${t.EXCELLENT} is GOOD (${rules.code})`;
  } else if (score >= t.COMPLETED) {
    grade = 'COMPLETED';
    basis = `score ${score}: ${t.COMPLETED}–${t.GOOD} is COMPLETED (${rules.code})`;
  } else {
    grade = 'NOT_COMPLETED';
    basis = `score ${score} < ${t.COMPLETED} is NOT_COMPLETED (${rules.code})`;
  }
  if (input.grade && input.grade !== grade) throw conflict(`input.grade: ${input.grade} disagrees with the rules: ${basis} → ${grade}`, 'input.grade');
  return { grade, basis };
}

interface CapGroup {
  table: 'organization_rating' | 'member_rating';
  column: 'peer_group' | 'organization_id';
  value: string;
  label: string;
}

/**
 * Refuses a change that would leave more EXCELLENT than `cap` × GOOD in the
 * group (counting the ratings in force, this one replaced).
 */
async function checkCap(m: Sql, group: CapGroup, year: number, self: { column: string; id: string }, newGrade: QualityGradeName | null, cap: number, rules: RuleSetRow): Promise<void> {
  const rows: { grade: string; n: number }[] = await m.query(
    `SELECT grade, count(*)::int AS n FROM ${group.table} WHERE year = $1 AND ${group.column} = $2 AND ${self.column} <> $3 GROUP BY grade`,
    [year, group.value, self.id],
  );
  const count = (g: string) => rows.find((r) => r.grade === g)?.n ?? 0;
  const excellentOthers = count('EXCELLENT');
  const excellent = excellentOthers + (newGrade === 'EXCELLENT' ? 1 : 0);
  const good = count('GOOD') + (newGrade === 'GOOD' ? 1 : 0);
  const allowed = Math.floor(cap * good + 1e-9);
  if (excellent <= allowed) return;
  const what = newGrade === 'EXCELLENT' ? '' : ` (this rating leaves ${good} GOOD)`;
  throw conflict(
    `input.grade: ${group.label} in ${year}: ${excellentOthers} EXCELLENT already, ${good} GOOD${what} → at most ${allowed} EXCELLENT (${Math.round(cap * 100)} % of GOOD, ${rules.code})`,
    'input.grade',
  );
}

const lock = (m: Sql, year: number) => m.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.ratings'), $1)`, [year]);

function toRuleSet(row: RuleSetRow): RuleSet {
  return Object.assign(new RuleSet(), { code: row.code, name: row.name, effectiveFrom: row.effective_from, kind: row.kind });
}

async function fill<T extends OrganizationRating | MemberRating>(ctx: EvalContext, target: T, row: RatingRow): Promise<T> {
  const rules = await ctx.loaders.ruleSet.load(row.rule_set);
  target.year = row.year;
  target.grade = row.grade as QualityGradeName;
  target.score = row.score === null ? null : Number(row.score);
  target.allTasksDone = row.all_tasks_done;
  target.disciplined = row.disciplined;
  target.ruleSet = toRuleSet(rules!);
  target.gradeBasis = row.grade_basis;
  target.decisionRef = row.decision_ref;
  target.note = row.note;
  target.ratedBy = row.rated_by;
  target.ratedAt = row.rated_at;
  return target;
}

async function toOrganizationRating(ctx: EvalContext, row: RatingRow, org: Organization): Promise<OrganizationRating> {
  const r = await fill(ctx, new OrganizationRating(), row);
  r.organization = org;
  r.peerGroup = row.peer_group!;
  return r;
}

async function toMemberRating(ctx: EvalContext, row: RatingRow): Promise<MemberRating> {
  const r = await fill(ctx, new MemberRating(), row);
  r.member = Member.ref(row.member_id!);
  r.organization = Organization.ref(row.organization_id, `${row.year}-12-31`);
  return r;
}

// ---------------------------------------------------------------- organisations

/** The admission-target criterion for an organisation: its target, if one was assigned, reached at the rule set's minimum rate. */
function targetCriterion(ctx: EvalContext, rules: RuleSetRow, org: Organization, name: string, year: number): TargetCheck {
  return async () => {
    const minimum = (rules.params as RuleParams).admissionTargetCriterion?.minimumRate ?? 1;
    const t = await admissionTarget(ctx, org, year, true);
    if (!t || t.target === 0 || t.achievementRate === null || t.achievementRate >= minimum) return null;
    return `${name} admitted ${t.admitted} against its admission target of ${t.target} in ${year} (${pct(t.achievementRate)}), below the ${pct(minimum)} required for EXCELLENT`;
  };
}

/**
 * Rates an organisation for a year under the rule set in force then. A
 * re-rating replaces the rating; every rating given is kept in rating_history.
 */
export async function rateOrganization(ctx: EvalContext, raw: RateOrganizationInput): Promise<OrganizationRating> {
  assertWriter(ctx);
  const input = parseInput(orgSchema, raw);
  const org = await organizationInYear(ctx, input.organizationId, input.year, 'input.organizationId');
  const ref = Organization.ref(org.organization_id, lastDayIn(org, input.year));
  const rules = await ruleSetFor(ctx.db, input.year, 'input.year');
  const decision = await decideGrade(rules, input, targetCriterion(ctx, rules, ref, org.name, input.year));
  const cap = rules.kind === 'CAP_OF_GOOD' ? (rules.params as RuleParams).excellentCapOfGood : undefined;

  const row = await ctx.db.transaction(async (m) => {
    await lock(m, input.year);
    await assertNotFinalized(m, input.year, [{ id: org.organization_id, field: 'input.organizationId' }]);
    const [old]: RatingRow[] = await m.query(`SELECT * FROM organization_rating WHERE organization_id = $1 AND year = $2`, [org.organization_id, input.year]);
    if (cap != null) {
      const self = { column: 'organization_id', id: org.organization_id };
      const group = (value: string): CapGroup => ({ table: 'organization_rating', column: 'peer_group', value, label: `peer group ${value}` });
      const losesGood = old?.grade === 'GOOD' && decision.grade !== 'GOOD';
      if (decision.grade === 'EXCELLENT' || (losesGood && old!.peer_group === input.peerGroup)) await checkCap(m, group(input.peerGroup), input.year, self, decision.grade, cap, rules);
      if (old && old.peer_group !== input.peerGroup && old.grade === 'GOOD') await checkCap(m, group(old.peer_group!), input.year, self, null, cap, rules);
    }
    const values = [org.organization_id, input.year, decision.grade, input.score ?? null, input.allTasksDone ?? null, input.disciplined ?? null, input.peerGroup, rules.code, input.decisionRef, input.note ?? null, decision.basis, ctx.caller.userId];
    const [saved]: RatingRow[] = await m.query(
      `INSERT INTO organization_rating (organization_id, year, grade, score, all_tasks_done, disciplined, peer_group, rule_set, decision_ref, note, grade_basis, rated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (organization_id, year) DO UPDATE SET grade = $3, score = $4, all_tasks_done = $5, disciplined = $6, peer_group = $7, rule_set = $8,
         decision_ref = $9, note = $10, grade_basis = $11, rated_by = $12, rated_at = now()
       RETURNING *`,
      values,
    );
    await m.query(
      `INSERT INTO rating_history (subject, organization_id, year, grade, score, all_tasks_done, disciplined, peer_group, rule_set, decision_ref, note, grade_basis, rated_by, request_id)
       VALUES ('ORGANIZATION', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [...values, ctx.requestId],
    );
    return saved!;
  });
  return toOrganizationRating(ctx, row, ref);
}

const groupSchema = z.object({
  year: common.year,
  peerGroup: orgSchema.shape.peerGroup,
  decisionRef: common.decisionRef,
  note: common.note,
  ratings: z
    .array(z.object({ organizationId: orgSchema.shape.organizationId, grade: common.grade, score: common.score, allTasksDone: common.allTasksDone, disciplined: common.disciplined }))
    .min(1, 'name at least one organisation')
    .max(5000, 'at most 5,000 at once')
    .refine((list) => new Set(list.map((r) => r.organizationId.toLowerCase())).size === list.length, 'each organisation at most once'),
});
export type RateOrganizationsInput = z.input<typeof groupSchema>;

/** Runs a check of one item of a list, naming the item in the error's field (`input.grade` → `input.ratings.3.grade`). */
async function atItem<T>(i: number, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (e) {
    if (e instanceof DomainError && e.field?.startsWith('input.')) {
      const field = `input.ratings.${i}.${e.field.slice('input.'.length)}`;
      throw new DomainError(e.code, e.message.split(e.field).join(field), field, e.problems);
    }
    throw e;
  }
}

/**
 * Rates the organisations of one peer group at once (a committee's decision
 * on all its organisations): each as rateOrganization would rate it, in one
 * transaction; the cap on EXCELLENT is checked on every group the ratings
 * change, as it stands after all of them. All or nothing. Not in the API:
 * for bulk loads by the subgraph's own seeds and imports.
 */
export async function rateOrganizations(ctx: EvalContext, raw: RateOrganizationsInput): Promise<OrganizationRating[]> {
  assertWriter(ctx);
  const input = parseInput(groupSchema, raw);
  const rules = await ruleSetFor(ctx.db, input.year, 'input.year');
  const items = await Promise.all(
    input.ratings.map((r, i) =>
      atItem(i, async () => {
        const org = await organizationInYear(ctx, r.organizationId, input.year, 'input.organizationId');
        const ref = Organization.ref(org.organization_id, lastDayIn(org, input.year));
        const decision = await decideGrade(rules, { ...input, ...r }, targetCriterion(ctx, rules, ref, org.name, input.year));
        return { org, ref, decision, values: [org.organization_id, input.year, decision.grade, r.score ?? null, r.allTasksDone ?? null, r.disciplined ?? null, input.peerGroup, rules.code, input.decisionRef, input.note ?? null, decision.basis, ctx.caller.userId] };
      }),
    ),
  );
  const cap = rules.kind === 'CAP_OF_GOOD' ? (rules.params as RuleParams).excellentCapOfGood : undefined;
  const ids = items.map((x) => x.org.organization_id);
  const rows = await ctx.db.transaction(async (m) => {
    await lock(m, input.year);
    await assertNotFinalized(m, input.year, ids.map((id, i) => ({ id, field: `input.ratings.${i}.organizationId` })));
    const old: { peer_group: string; grade: string }[] = await m.query(`SELECT peer_group, grade FROM organization_rating WHERE organization_id = ANY($1::uuid[]) AND year = $2`, [ids, input.year]);
    const column = (k: number) => items.map((x) => x.values[k]);
    const saved: RatingRow[] = await m.query(
      `INSERT INTO organization_rating (organization_id, year, grade, score, all_tasks_done, disciplined, peer_group, rule_set, decision_ref, note, grade_basis, rated_by)
       SELECT x.id, $2, x.grade, x.score, x.done, x.disc, $3, $4, $5, $6, x.basis, $7
         FROM unnest($1::uuid[], $8::text[], $9::numeric[], $10::boolean[], $11::boolean[], $12::text[]) WITH ORDINALITY AS x(id, grade, score, done, disc, basis, n)
        ORDER BY x.n
       ON CONFLICT (organization_id, year) DO UPDATE SET grade = excluded.grade, score = excluded.score, all_tasks_done = excluded.all_tasks_done, disciplined = excluded.disciplined,
         peer_group = excluded.peer_group, rule_set = excluded.rule_set, decision_ref = excluded.decision_ref, note = excluded.note, grade_basis = excluded.grade_basis,
         rated_by = excluded.rated_by, rated_at = now()
       RETURNING *`,
      [ids, input.year, input.peerGroup, rules.code, input.decisionRef, input.note ?? null, ctx.caller.userId, column(2), column(3), column(4), column(5), column(10)],
    );
    await m.query(
      `INSERT INTO rating_history (subject, organization_id, year, grade, score, all_tasks_done, disciplined, peer_group, rule_set, decision_ref, note, grade_basis, rated_by, request_id)
       SELECT 'ORGANIZATION', x.id, $2, x.grade, x.score, x.done, x.disc, $3, $4, $5, $6, x.basis, $7, $13
         FROM unnest($1::uuid[], $8::text[], $9::numeric[], $10::boolean[], $11::boolean[], $12::text[]) WITH ORDINALITY AS x(id, grade, score, done, disc, basis, n)
        ORDER BY x.n`,
      [ids, input.year, input.peerGroup, rules.code, input.decisionRef, input.note ?? null, ctx.caller.userId, column(2), column(3), column(4), column(5), column(10), ctx.requestId],
    );
    if (cap != null) {
      // Every group that gains an EXCELLENT or loses a GOOD, as it stands now.
      const groups = [...new Set([input.peerGroup, ...old.filter((o) => o.grade === 'GOOD').map((o) => o.peer_group)])];
      const counts: { peer_group: string; excellent: number; good: number }[] = await m.query(
        `SELECT peer_group, count(*) FILTER (WHERE grade = 'EXCELLENT')::int AS excellent, count(*) FILTER (WHERE grade = 'GOOD')::int AS good
           FROM organization_rating WHERE year = $1 AND peer_group = ANY($2::text[]) GROUP BY peer_group ORDER BY peer_group`,
        [input.year, groups],
      );
      const over = counts.find((c) => c.excellent > Math.floor(cap * c.good + 1e-9));
      if (over) {
        throw conflict(
          `input.ratings: peer group ${over.peer_group} in ${input.year} would have ${over.excellent} EXCELLENT and ${over.good} GOOD → at most ${Math.floor(cap * over.good + 1e-9)} EXCELLENT (${Math.round(cap * 100)} % of GOOD, ${rules.code})`,
          'input.ratings',
        );
      }
    }
    return saved;
  });
  const byId = new Map(rows.map((r) => [r.organization_id, r]));
  return Promise.all(items.map((x) => toOrganizationRating(ctx, byId.get(x.org.organization_id)!, x.ref)));
}

/** The organisation's rating in force for the year; null when not rated. */
export async function organizationRating(ctx: EvalContext, org: Organization, year: number): Promise<OrganizationRating | null> {
  checkYear(year);
  const row = await ctx.loaders.organizationRating(year).load(org.id);
  return row ? toOrganizationRating(ctx, row, org) : null;
}

/**
 * How many organisations under `under` (its subtree as it stood at the end of
 * the year, not counting itself) were given each grade for the year. An
 * organisation that ceased during the year counts where it stood when it ceased.
 */
export async function ratingDistribution(ctx: EvalContext, year: number, under: string): Promise<GradeCount[]> {
  checkYear(year);
  const root = await organizationInYear(ctx, under, year, 'under');
  const rows: { grade: string; n: number }[] = await ctx.db.query(
    `WITH rated AS (
       SELECT DISTINCT ON (v.organization_id) v.organization_id, v.path, least(v.valid_to - 1, $3::date) AS day
         FROM organization_rating r
         JOIN organization.tree_v1 v ON v.organization_id = r.organization_id AND v.valid_from <= $3::date AND v.valid_to > $2::date
        WHERE r.year = $1
        ORDER BY v.organization_id, v.valid_from DESC)
     SELECT r.grade, count(*)::int AS n
       FROM rated o
       JOIN organization_rating r ON r.organization_id = o.organization_id AND r.year = $1
       JOIN organization.tree_v1 u ON u.organization_id = $4 AND u.valid_from <= o.day AND u.valid_to > o.day
      WHERE o.path > u.path AND o.path < left(u.path, -1) || '/'
      GROUP BY r.grade`,
    [year, `${year}-01-01`, `${year}-12-31`, root.organization_id],
  );
  return QUALITY_GRADES.map((grade) => Object.assign(new GradeCount(), { grade, count: rows.find((r) => r.grade === grade)?.n ?? 0 }));
}

// ---------------------------------------------------------------- members

interface StateRow {
  organization_id: string;
  activity: string;
  on_day: boolean;
  seen_on: string;
}

/**
 * Rates a member for a year: a member on the year's 31 December, not
 * exempted from activity then, in a cell within the caller's organisations.
 */
export async function rateMember(ctx: EvalContext, raw: RateMemberInput): Promise<MemberRating> {
  assertWriter(ctx);
  const input = parseInput(memberSchema, raw);
  const memberId = input.memberId.toLowerCase();
  const day = `${input.year}-12-31`;
  // The state on the day if a member then, else the nearest period (to decide whether the caller may know).
  const [state]: StateRow[] = await ctx.db.query(
    `SELECT organization_id, activity, (valid_from <= $2::date AND valid_to > $2::date) AS on_day,
            to_char(least(greatest($2::date, valid_from), valid_to - 1), 'YYYY-MM-DD') AS seen_on
       FROM membership.member_state_v1 WHERE member_id = $1
      ORDER BY (valid_from <= $2::date AND valid_to > $2::date) DESC, (valid_from <= $2::date) DESC, valid_from DESC LIMIT 1`,
    [memberId, day],
  );
  if (!state) throw notFound('input.memberId', `input.memberId: no member ${input.memberId}`);
  const cell = await ctx.loaders.orgAt(state.seen_on).load(state.organization_id);
  if (!isAdmin(ctx.caller) && !(cell && (await canSeePath(ctx, cell.path, state.seen_on)))) {
    throw new DomainError('FORBIDDEN', 'input.memberId: that member is outside your organisations', 'input.memberId');
  }
  if (!state.on_day) throw conflict(`input.memberId: was not a member on ${day}; only members on the year's 31 December are rated`, 'input.memberId');
  if (state.activity === 'EXEMPT') throw conflict(`input.memberId: was exempted from party activity on ${day}; exempted members are not rated`, 'input.memberId');

  const rules = await ruleSetFor(ctx.db, input.year, 'input.year');
  const decision = await decideGrade(rules, input, null);
  const cap = rules.kind === 'CAP_OF_GOOD' ? (rules.params as RuleParams).memberExcellentCapOfGood : undefined;

  const row = await ctx.db.transaction(async (m) => {
    await lock(m, input.year);
    const [old]: RatingRow[] = await m.query(`SELECT * FROM member_rating WHERE member_id = $1 AND year = $2`, [memberId, input.year]);
    // A finalised year covers its members' ratings: neither the cell the member sits in on 31 December nor the
    // cell an existing rating was given in (a late event may have moved the member since) may be finalised.
    await assertNotFinalized(m, input.year, [
      ...(old && old.organization_id !== state.organization_id ? [{ id: old.organization_id, field: 'input.memberId' }] : []),
      { id: state.organization_id, field: 'input.memberId' },
    ]);
    if (cap != null) {
      const self = { column: 'member_id', id: memberId };
      const group = (value: string): CapGroup => ({ table: 'member_rating', column: 'organization_id', value, label: `cell ${value === state.organization_id && cell ? cell.name : value}` });
      const losesGood = old?.grade === 'GOOD' && decision.grade !== 'GOOD';
      if (decision.grade === 'EXCELLENT' || (losesGood && old!.organization_id === state.organization_id)) await checkCap(m, group(state.organization_id), input.year, self, decision.grade, cap, rules);
      if (old && old.organization_id !== state.organization_id && old.grade === 'GOOD') await checkCap(m, group(old.organization_id), input.year, self, null, cap, rules);
    }
    const values = [memberId, state.organization_id, input.year, decision.grade, input.score ?? null, input.allTasksDone ?? null, input.disciplined ?? null, rules.code, input.decisionRef, input.note ?? null, decision.basis, ctx.caller.userId];
    const [saved]: RatingRow[] = await m.query(
      `INSERT INTO member_rating (member_id, organization_id, year, grade, score, all_tasks_done, disciplined, rule_set, decision_ref, note, grade_basis, rated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (member_id, year) DO UPDATE SET organization_id = $2, grade = $4, score = $5, all_tasks_done = $6, disciplined = $7, rule_set = $8,
         decision_ref = $9, note = $10, grade_basis = $11, rated_by = $12, rated_at = now()
       RETURNING *`,
      values,
    );
    await m.query(
      `INSERT INTO rating_history (subject, member_id, organization_id, year, grade, score, all_tasks_done, disciplined, rule_set, decision_ref, note, grade_basis, rated_by, request_id)
       VALUES ('MEMBER', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [...values, ctx.requestId],
    );
    return saved!;
  });
  return toMemberRating(ctx, row);
}

/** The member's rating in force for the year, if the caller may see the cell it was given in; null otherwise. */
export async function memberRating(ctx: EvalContext, member: Member, year: number): Promise<MemberRating | null> {
  checkYear(year);
  assertMayReadPeople(ctx);
  if (!isUuid(member.id)) return null;
  const row = await ctx.loaders.memberRating(year).load(member.id.toLowerCase());
  if (!row) return null;
  const day = `${year}-12-31`;
  const cell = await ctx.loaders.orgAt(day).load(row.organization_id);
  if (!isAdmin(ctx.caller) && !(cell && (await canSeePath(ctx, cell.path, day)))) return withheld(ctx, member.id);
  return toMemberRating(ctx, row);
}
