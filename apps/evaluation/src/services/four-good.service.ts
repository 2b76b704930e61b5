import { badInput, conflict, DomainError, isAdmin, isIsoDate, notFound, parseInput, today } from '@party/subgraph-kit';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { EvalContext } from '../context';
import {
  FOUR_GOOD_KINDS,
  FourGood,
  FourGoodAssessment,
  FourGoodCriteriaSet,
  FourGoodCriterion,
  FourGoodKindCount,
  FourGoodRegistration,
  FourGoodScore,
  FourGoodSummary,
  type AssessFourGoodInput,
  type FourGoodResultName,
  type RegisterFourGoodInput,
  type SetFourGoodCriteriaInput,
} from '../graphql/four-good.types';
import { QUALITY_GRADES, type QualityGradeName } from '../graphql/rating.types';
import { Organization } from '../graphql/types';
import { yearRange, type OrgRow } from '../loaders/evaluation.loader';
import { fourGoodLoaders, placements, setKey, setsInForce, SET_COLUMNS, type AssessmentRow, type CriteriaSetRow, type RegistrationRow, type StoredScore } from '../loaders/four-good.loader';
import { assertWriter, isUuid, lastDayIn, organizationInYear } from './access';
import { assertNotFinalized } from './facts.service';

type Sql = Pick<EntityManager, 'query'>;

const YEAR_MIN = 1930;
const YEAR_MAX = 2200;
const yearMessage = `must be a year from ${YEAR_MIN} to ${YEAR_MAX}`;
const checkYear = (year: number, field = 'year') => {
  if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) throw badInput(field, yearMessage);
};

/** Scores and thresholds are kept to two decimals; arithmetic is done in hundredths so 0.1 + 0.2 adds up. */
const cents = (x: number | string) => Math.round(Number(x) * 100);
const twoDecimals = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;
const fmt = (x: number | string) => String(Number(x));

/** Grades from the lowest up, to compare a rating with a set's minimum. */
const GRADE_RANK: Record<QualityGradeName, number> = { NOT_COMPLETED: 0, COMPLETED: 1, GOOD: 2, EXCELLENT: 3 };

/** The lock taken by rating changes and by finalisation (facts.service lockYear): "4 good" writes of a year serialise with both. */
const lock = (m: Sql, year: number) => m.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation.ratings'), $1)`, [year]);

const KIND_LIST = 'grassroots committees (GRASSROOTS_COMMITTEE), grassroots cells (GRASSROOTS_CELL) and cells (CELL)';

// ---------------------------------------------------------------- idempotency

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
const requestHash = (operation: string, input: object) => createHash('sha256').update(operation).update(JSON.stringify(canonical(input))).digest('hex');

const idempotencyKey = z.string().min(1, 'must be 1 to 200 characters').max(200, 'must be 1 to 200 characters').nullish();

// ---------------------------------------------------------------- output

function toCriteriaSet(row: CriteriaSetRow, provinceDay: string | null): FourGoodCriteriaSet {
  const criteria = row.criteria.map((c) => Object.assign(new FourGoodCriterion(), { code: c.code, name: c.name, maxScore: Number(c.max_score), passThreshold: Number(c.pass_threshold) }));
  return Object.assign(new FourGoodCriteriaSet(), {
    id: String(row.id),
    province: row.province_id && provinceDay ? Organization.ref(row.province_id, provinceDay) : null,
    isDefault: row.province_id === null,
    fromYear: row.from_year,
    name: row.name,
    criteria,
    totalPassThreshold: Number(row.total_pass_threshold),
    maxTotal: criteria.reduce((s, c) => s + cents(c.maxScore), 0) / 100,
    minimumGrade: row.minimum_grade as QualityGradeName | null,
    decisionRef: row.decision_ref,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  });
}

function toRegistration(row: RegistrationRow, org: Organization): FourGoodRegistration {
  return Object.assign(new FourGoodRegistration(), {
    organization: org,
    year: row.year,
    registeredOn: row.registered_on,
    kind: row.kind,
    decisionRef: row.decision_ref,
    registeredBy: row.registered_by,
    recordedAt: row.recorded_at,
  });
}

function assessmentWith(row: AssessmentRow, org: Organization, set: CriteriaSetRow): FourGoodAssessment {
  return Object.assign(new FourGoodAssessment(), {
    organization: org,
    year: row.year,
    version: row.version,
    scores: row.scores.map((s) => Object.assign(new FourGoodScore(), s)),
    total: Number(row.total),
    result: row.result,
    reasons: row.reasons,
    qualityGrade: row.quality_grade as QualityGradeName | null,
    // The set's province is the organisation's province then (or none: the national default), which existed on placed_on.
    criteriaSet: toCriteriaSet(set, row.placed_on),
    decisionRef: row.decision_ref,
    note: row.note,
    assessedBy: row.assessed_by,
    assessedAt: row.assessed_at,
  });
}

async function toAssessment(ctx: EvalContext, row: AssessmentRow, org: Organization): Promise<FourGoodAssessment> {
  const set = await fourGoodLoaders(ctx).criteriaSet.load(setKey.byId(row.criteria_set_id));
  return assessmentWith(row, org, set!);
}

// ---------------------------------------------------------------- criteria sets

const CODE_RE = /^[A-Z][A-Z0-9_]{0,29}$/;
const criteriaSchema = z
  .object({
    provinceId: z.string().refine(isUuid, 'is not an organisation id').nullish(),
    fromYear: z.number().int(yearMessage).min(YEAR_MIN, yearMessage).max(YEAR_MAX, yearMessage),
    name: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').nullish(),
    criteria: z
      .array(
        z
          .object({
            code: z.string().trim().regex(CODE_RE, 'must be A–Z, 0–9 or _, start with a letter and have at most 30 characters'),
            name: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
            maxScore: z.number().gt(0, 'must be more than 0').max(1000, 'must be at most 1,000').refine(twoDecimals, 'at most two decimal places'),
            passThreshold: z.number().min(0, 'must be 0 or more').refine(twoDecimals, 'at most two decimal places'),
          })
          .refine((c) => c.passThreshold <= c.maxScore, { message: 'must not exceed maxScore', path: ['passThreshold'] }),
      )
      .min(1, 'name at least one criterion')
      .max(20, 'at most 20 criteria')
      .superRefine((list, check) => {
        const seen = new Set<string>();
        list.forEach((c, i) => {
          if (seen.has(c.code)) check.addIssue({ code: 'custom', message: `${c.code} appears twice`, path: [i, 'code'] });
          seen.add(c.code);
        });
      }),
    totalPassThreshold: z.number().min(0, 'must be 0 or more').refine(twoDecimals, 'at most two decimal places'),
    minimumGrade: z.enum(QUALITY_GRADES).nullish(),
    decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  })
  .superRefine((v, check) => {
    const max = v.criteria.reduce((s, c) => s + cents(c.maxScore), 0);
    if (cents(v.totalPassThreshold) > max) check.addIssue({ code: 'custom', message: `must not exceed the sum of the maximum scores (${max / 100})`, path: ['totalPassThreshold'] });
  });

/**
 * Records a province's "4 good" criteria set from a year on (or, by an
 * administrator, the national default). Sets are never changed: the new one
 * supersedes earlier ones of the province from its year on; assessments
 * already made keep the set they were made under.
 */
export async function setFourGoodCriteria(ctx: EvalContext, raw: SetFourGoodCriteriaInput): Promise<FourGoodCriteriaSet> {
  assertWriter(ctx);
  const input = parseInput(criteriaSchema, raw);
  let province: OrgRow | null = null;
  if (input.provinceId == null) {
    if (!isAdmin(ctx.caller)) throw new DomainError('FORBIDDEN', 'input.provinceId: only administrators set the national default criteria; name your province', 'input.provinceId');
  } else {
    province = await organizationInYear(ctx, input.provinceId, input.fromYear, 'input.provinceId');
    if (province.kind !== 'PROVINCIAL') throw badInput('input.provinceId', `${province.name} is a ${province.kind} in ${input.fromYear}, not a province (PROVINCIAL)`);
  }
  const name = input.name ?? (province ? `Tiêu chí "4 tốt" của ${province.name} từ năm ${input.fromYear}` : `Tiêu chí "4 tốt" mặc định toàn quốc từ năm ${input.fromYear}`);
  const row = await ctx.db.transaction(async (m) => {
    const [set]: { id: string }[] = await m.query(
      `INSERT INTO four_good_criteria_set (province_id, from_year, name, total_pass_threshold, minimum_grade, decision_ref, recorded_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [province?.organization_id ?? null, input.fromYear, name, input.totalPassThreshold, input.minimumGrade ?? null, input.decisionRef, ctx.caller.userId, ctx.requestId],
    );
    await m.query(
      `INSERT INTO four_good_criterion (criteria_set_id, position, code, name, max_score, pass_threshold)
       SELECT $1, x.position, x.code, x.name, x.max_score, x.pass_threshold
         FROM unnest($2::int[], $3::text[], $4::text[], $5::numeric[], $6::numeric[]) AS x(position, code, name, max_score, pass_threshold)`,
      [set!.id, input.criteria.map((_, i) => i + 1), input.criteria.map((c) => c.code), input.criteria.map((c) => c.name), input.criteria.map((c) => c.maxScore), input.criteria.map((c) => c.passThreshold)],
    );
    const [saved]: CriteriaSetRow[] = await m.query(`SELECT ${SET_COLUMNS} FROM four_good_criteria_set s WHERE s.id = $1`, [set!.id]);
    return saved!;
  });
  return toCriteriaSet(row, province ? lastDayIn(province, input.fromYear) : null);
}

/**
 * The criteria set in force for a province and year (the national default
 * where the province has none; with no province, the national default).
 * Officers reach the sets of provinces they work in or under.
 */
export async function fourGoodCriteria(ctx: EvalContext, year: number, provinceId: string | null | undefined): Promise<FourGoodCriteriaSet> {
  checkYear(year);
  let province: OrgRow | null = null;
  let day: string | null = null;
  if (provinceId != null) {
    if (!isUuid(provinceId)) throw badInput('provinceId', 'is not an organisation id');
    province = await ctx.loaders.orgInYear(year).load(provinceId);
    if (!province) throw notFound('provinceId', `provinceId: no organisation ${provinceId} in ${year}`);
    day = lastDayIn(province, year);
    if (!isAdmin(ctx.caller)) {
      const mine = await ctx.loaders.orgAt(day).loadMany(ctx.caller.scope);
      const path = province.path;
      const related = mine.some((r) => r && !(r instanceof Error) && (path.startsWith(r.path) || r.path.startsWith(path)));
      if (!related) throw new DomainError('FORBIDDEN', 'provinceId: that province is outside your organisations', 'provinceId');
    }
    if (province.kind !== 'PROVINCIAL') throw badInput('provinceId', `${province.name} is a ${province.kind} in ${year}, not a province (PROVINCIAL)`);
  }
  const set = await fourGoodLoaders(ctx).criteriaSet.load(setKey.inForce(year, province?.organization_id ?? null));
  if (!set) throw conflict(`year: no "4 good" criteria are in force for ${year}`, 'year');
  return toCriteriaSet(set, day);
}

// ---------------------------------------------------------------- registration

const registerSchema = z.object({
  organizationId: z.string().refine(isUuid, 'is not an organisation id'),
  year: z.number().int(yearMessage).min(YEAR_MIN, yearMessage).max(YEAR_MAX, yearMessage),
  registeredOn: z.string().refine(isIsoDate, 'must be a calendar day written YYYY-MM-DD'),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  idempotencyKey,
});

const REGISTRATION_COLUMNS = `organization_id, year, registered_on, kind, decision_ref, registered_by, recorded_at, idempotency_key, request_hash`;

/**
 * Registers a grassroots committee, grassroots cell or cell (its kind on the
 * day it registers) for the "4 good" title of a year. One registration per
 * organisation and year: another is a CONFLICT; a retry with the same
 * idempotency key returns the first answer.
 */
export async function registerFourGood(ctx: EvalContext, raw: RegisterFourGoodInput): Promise<FourGoodRegistration> {
  assertWriter(ctx);
  const input = parseInput(registerSchema, raw);
  if (Number(input.registeredOn.slice(0, 4)) !== input.year) throw badInput('input.registeredOn', `must be a day of ${input.year}`);
  if (input.registeredOn > today()) throw badInput('input.registeredOn', 'must not be in the future');
  const org = await organizationInYear(ctx, input.organizationId, input.year, 'input.organizationId');
  const id = org.organization_id;
  const onDay = await ctx.loaders.orgAt(input.registeredOn).load(id);
  if (!onDay) throw badInput('input.registeredOn', `${org.name} did not exist on ${input.registeredOn}`);
  if (!(FOUR_GOOD_KINDS as readonly string[]).includes(onDay.kind)) {
    throw badInput('input.organizationId', `${onDay.name} was a ${onDay.kind} on ${input.registeredOn}; only ${KIND_LIST} register for "4 good"`);
  }
  const hash = requestHash('registerFourGood', { ...input, organizationId: id });
  const row = await ctx.db.transaction(async (m) => {
    await lock(m, input.year);
    if (input.idempotencyKey) {
      const [prior]: RegistrationRow[] = await m.query(`SELECT ${REGISTRATION_COLUMNS} FROM four_good_registration WHERE registered_by = $1 AND idempotency_key = $2`, [ctx.caller.userId, input.idempotencyKey]);
      if (prior) {
        if (prior.request_hash !== hash) throw conflict('input.idempotencyKey: already used for a different request', 'input.idempotencyKey');
        return prior;
      }
    }
    await assertNotFinalized(m, input.year, [{ id, field: 'input.organizationId' }]);
    const [existing]: RegistrationRow[] = await m.query(`SELECT ${REGISTRATION_COLUMNS} FROM four_good_registration WHERE organization_id = $1 AND year = $2`, [id, input.year]);
    if (existing) {
      throw conflict(`input.organizationId: ${org.name} is already registered for "4 good" in ${input.year} (on ${existing.registered_on}, ${existing.decision_ref})`, 'input.organizationId');
    }
    const [saved]: RegistrationRow[] = await m.query(
      `INSERT INTO four_good_registration (organization_id, year, registered_on, kind, decision_ref, registered_by, request_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${REGISTRATION_COLUMNS}`,
      [id, input.year, input.registeredOn, onDay.kind, input.decisionRef, ctx.caller.userId, ctx.requestId, input.idempotencyKey ?? null, input.idempotencyKey ? hash : null],
    );
    return saved!;
  });
  return toRegistration(row, Organization.ref(id, lastDayIn(org, input.year)));
}

// ---------------------------------------------------------------- assessment

const assessSchema = z.object({
  organizationId: z.string().refine(isUuid, 'is not an organisation id'),
  year: z.number().int(yearMessage).min(YEAR_MIN, yearMessage).max(YEAR_MAX, yearMessage),
  scores: z
    .array(
      z.object({
        criterion: z.string().trim().min(1, 'must not be empty').max(30, 'must be at most 30 characters'),
        score: z.number().min(0, 'must be 0 or more').max(1000, 'must be at most 1,000').refine(twoDecimals, 'at most two decimal places'),
      }),
    )
    .min(1, 'score every criterion of the set in force')
    .max(20, 'at most 20 scores'),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  note: z.string().trim().max(2000, 'must be at most 2,000 characters').nullish(),
  expectedVersion: z.number().int('must be a whole number').min(0, 'must be 0 or more').nullish(),
  idempotencyKey,
});
type AssessInput = z.infer<typeof assessSchema>;

interface Decision {
  scores: StoredScore[];
  total: number;
  result: FourGoodResultName;
  reasons: string[];
}

/** Checks the scores against the set: every criterion once, each within 0..max; a clear error naming the field otherwise. */
function scoresBySet(set: CriteriaSetRow, scores: AssessInput['scores']): Map<string, number> {
  const codes = set.criteria.map((c) => c.code);
  const given = new Map<string, number>();
  scores.forEach((s, i) => {
    const criterion = set.criteria.find((c) => c.code === s.criterion);
    if (!criterion) throw badInput(`input.scores.${i}.criterion`, `${s.criterion} is not a criterion of the set in force ("${set.name}"): ${codes.join(', ')}`);
    if (given.has(s.criterion)) throw badInput(`input.scores.${i}.criterion`, `${s.criterion} is scored twice`);
    if (cents(s.score) > cents(criterion.max_score)) throw badInput(`input.scores.${i}.score`, `must be from 0 to ${fmt(criterion.max_score)} (the maximum of ${s.criterion})`);
    given.set(s.criterion, s.score);
  });
  const missing = codes.filter((c) => !given.has(c));
  if (missing.length) throw badInput('input.scores', `every criterion of the set in force ("${set.name}") must be scored once: missing ${missing.join(', ')}`);
  return given;
}

/** The result under the set: every criterion at its pass threshold, the total at the set's, the quality grade at the set's minimum. */
export function decideFourGood(set: CriteriaSetRow, given: Map<string, number>, grade: QualityGradeName | null, year: number): Decision {
  const reasons: string[] = [];
  let total = 0;
  const scores = set.criteria.map((c) => {
    const score = given.get(c.code)!;
    total += cents(score);
    const passed = cents(score) >= cents(c.pass_threshold);
    if (!passed) reasons.push(`${c.code} (${c.name}): ${fmt(score)} is below its pass threshold of ${fmt(c.pass_threshold)}`);
    return { criterion: c.code, name: c.name, score, maxScore: Number(c.max_score), passThreshold: Number(c.pass_threshold), passed };
  });
  if (total < cents(set.total_pass_threshold)) reasons.push(`total ${fmt(total / 100)} is below the pass threshold of ${fmt(set.total_pass_threshold)}`);
  const minimum = set.minimum_grade as QualityGradeName | null;
  if (minimum && grade && GRADE_RANK[grade] < GRADE_RANK[minimum]) reasons.push(`the ${year} quality rating is ${grade}, below the ${minimum} the criteria set requires`);
  return { scores, total: total / 100, result: reasons.length ? 'NOT_GRANTED' : 'TITLE_GRANTED', reasons };
}

const ASSESSMENT_COLUMNS = `organization_id, year, version, criteria_set_id, province_id, placed_on, scores, total, result, reasons, quality_grade, decision_ref, note, assessed_by, assessed_at`;

/**
 * Assesses a registered organisation's year against the criteria set in force
 * for the province it sat under in the year (the national default where that
 * province has none). A re-assessment replaces the one in force (version + 1);
 * every assessment is kept. Refused for a finalised organisation-year.
 */
export async function assessFourGood(ctx: EvalContext, raw: AssessFourGoodInput): Promise<FourGoodAssessment> {
  assertWriter(ctx);
  const input = parseInput(assessSchema, raw);
  const org = await organizationInYear(ctx, input.organizationId, input.year, 'input.organizationId');
  const id = org.organization_id;
  const hash = requestHash('assessFourGood', { ...input, organizationId: id });
  const row = await ctx.db.transaction(async (m) => {
    await lock(m, input.year);
    if (input.idempotencyKey) {
      const [prior]: (AssessmentRow & { request_hash: string })[] = await m.query(
        `SELECT ${ASSESSMENT_COLUMNS}, request_hash FROM four_good_assessment_history WHERE assessed_by = $1 AND idempotency_key = $2`,
        [ctx.caller.userId, input.idempotencyKey],
      );
      if (prior) {
        if (prior.request_hash !== hash) throw conflict('input.idempotencyKey: already used for a different request', 'input.idempotencyKey');
        return prior;
      }
    }
    await assertNotFinalized(m, input.year, [{ id, field: 'input.organizationId' }]);
    const [registered] = await m.query(`SELECT 1 FROM four_good_registration WHERE organization_id = $1 AND year = $2`, [id, input.year]);
    if (!registered) throw conflict(`input.organizationId: ${org.name} is not registered for "4 good" in ${input.year}; register it first (registerFourGood)`, 'input.organizationId');

    const [placed] = await placements(m, input.year, [id]);
    const [set] = await setsInForce(m, input.year, [placed?.province_id ?? '']);
    if (!set) throw conflict(`input.year: no "4 good" criteria are in force for ${input.year}`, 'input.year');
    const given = scoresBySet(set, input.scores);

    const [current]: { version: number }[] = await m.query(`SELECT version FROM four_good_assessment WHERE organization_id = $1 AND year = $2`, [id, input.year]);
    const version = current?.version ?? 0;
    if (input.expectedVersion != null && input.expectedVersion !== version) {
      throw conflict(`input.expectedVersion: the ${input.year} assessment of ${org.name} is at version ${version}, not ${input.expectedVersion}; reload and try again`, 'input.expectedVersion');
    }

    let grade: QualityGradeName | null = null;
    if (set.minimum_grade) {
      const [rating]: { grade: QualityGradeName }[] = await m.query(`SELECT grade FROM organization_rating WHERE organization_id = $1 AND year = $2`, [id, input.year]);
      if (!rating) {
        throw conflict(
          `input.organizationId: ${org.name} has no quality rating for ${input.year}, and the criteria set ("${set.name}") requires ${set.minimum_grade} or better; rate it first (rateOrganization)`,
          'input.organizationId',
        );
      }
      grade = rating.grade;
    }
    const decision = decideFourGood(set, given, grade, input.year);

    const values = [
      id,
      input.year,
      version + 1,
      set.id,
      placed?.province_id ?? null,
      placed!.day,
      JSON.stringify(decision.scores),
      decision.total,
      decision.result,
      decision.reasons,
      grade,
      input.decisionRef,
      input.note ?? null,
      ctx.caller.userId,
    ];
    const [saved]: AssessmentRow[] = await m.query(
      `INSERT INTO four_good_assessment (organization_id, year, version, criteria_set_id, province_id, placed_on, scores, total, result, reasons, quality_grade, decision_ref, note, assessed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (organization_id, year) DO UPDATE SET version = $3, criteria_set_id = $4, province_id = $5, placed_on = $6, scores = $7, total = $8, result = $9,
         reasons = $10, quality_grade = $11, decision_ref = $12, note = $13, assessed_by = $14, assessed_at = now()
       RETURNING ${ASSESSMENT_COLUMNS}`,
      values,
    );
    await m.query(
      `INSERT INTO four_good_assessment_history (organization_id, year, version, criteria_set_id, province_id, placed_on, scores, total, result, reasons, quality_grade, decision_ref, note, assessed_by, assessed_at,
                                                 request_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [...values, saved!.assessed_at, ctx.requestId, input.idempotencyKey ?? null, input.idempotencyKey ? hash : null],
    );
    return saved!;
  });
  return toAssessment(ctx, row, Organization.ref(id, lastDayIn(org, input.year)));
}

// ---------------------------------------------------------------- reads

/**
 * Organization.fourGood(year): the registration, the assessment in force and
 * the criteria used; null when the organisation did not register for the
 * year. Batched: a fixed number of statements for any number of organisations.
 */
export async function fourGood(ctx: EvalContext, org: Organization, year: number): Promise<FourGood | null> {
  checkYear(year);
  const l = fourGoodLoaders(ctx);
  const registration = await l.registration(year).load(org.id);
  if (!registration) return null;
  const [assessment, placed] = await Promise.all([l.assessment(year).load(org.id), l.placement(year).load(org.id)]);
  const set = await l.criteriaSet.load(assessment ? setKey.byId(assessment.criteria_set_id) : setKey.inForce(year, placed?.province_id ?? null));
  if (!set) throw conflict(`year: no "4 good" criteria are in force for ${year}`, 'year');
  const day = placed?.day ?? `${year}-12-31`;
  return Object.assign(new FourGood(), {
    organization: org,
    organizationId: org.id,
    year,
    province: placed?.province_id ? Organization.ref(placed.province_id, day) : null,
    registration: toRegistration(registration, org),
    // (The set just loaded: a second load of it would resolve a tick later and split the next batch.)
    assessment: assessment ? assessmentWith(assessment, org, set) : null,
    criteriaSet: assessment ? toCriteriaSet(set, assessment.placed_on) : toCriteriaSet(set, day),
  });
}

/** Every assessment of the year made for the organisation, oldest first. */
export async function fourGoodHistory(ctx: EvalContext, fg: FourGood): Promise<FourGoodAssessment[]> {
  const rows = await fourGoodLoaders(ctx).history(fg.year).load(fg.organizationId);
  return Promise.all(rows.map((r) => toAssessment(ctx, r, fg.organization)));
}

/**
 * Query.fourGoodSummary: registrations, assessments and titles of the year in
 * the subtree of `under` (itself included), by kind. Each registered
 * organisation is placed (and its kind taken) where it stood on its last day
 * in the year; one frozen by a finalisation of the year where it stood when
 * frozen (evaluation_fact_snapshot), so a finalised year's figures do not move
 * with later tree changes.
 */
export async function fourGoodSummary(ctx: EvalContext, year: number, under: string): Promise<FourGoodSummary> {
  checkYear(year);
  const root = await organizationInYear(ctx, under, year, 'under');
  const [from] = yearRange(year);
  const [frozenRoot]: { tree_path: string }[] = await ctx.db.query(`SELECT tree_path FROM evaluation_fact_snapshot WHERE year = $1 AND organization_id = $2`, [year, root.organization_id]);
  const rows: { kind: string; registered: number; assessed: number; granted: number }[] = await ctx.db.query(
    `WITH reg AS (
       SELECT g.organization_id, a.result, s.kind AS frozen_kind, s.tree_path AS frozen_path
         FROM four_good_registration g
         LEFT JOIN four_good_assessment a ON a.organization_id = g.organization_id AND a.year = g.year
         LEFT JOIN evaluation_fact_snapshot s ON s.organization_id = g.organization_id AND s.year = g.year
        WHERE g.year = $1),
     live AS (
       SELECT DISTINCT ON (v.organization_id) v.organization_id, v.kind, v.path, least(v.valid_to - 1, $3::date) AS day
         FROM reg JOIN organization.tree_v1 v ON v.organization_id = reg.organization_id AND v.valid_from <= $3::date AND v.valid_to > $2::date
        WHERE reg.frozen_path IS NULL
        ORDER BY v.organization_id, v.valid_from DESC),
     placed AS (
       SELECT o.organization_id, o.kind
         FROM live o JOIN organization.tree_v1 u ON u.organization_id = $4 AND u.valid_from <= o.day AND u.valid_to > o.day
        WHERE o.path >= u.path AND o.path < left(u.path, -1) || '/'
       UNION ALL
       SELECT organization_id, frozen_kind FROM reg
        WHERE frozen_path IS NOT NULL AND frozen_path >= $5 AND frozen_path < left($5, -1) || '/')
     SELECT p.kind, count(*)::int AS registered, count(r.result)::int AS assessed, count(*) FILTER (WHERE r.result = 'TITLE_GRANTED')::int AS granted
       FROM placed p JOIN reg r ON r.organization_id = p.organization_id
      GROUP BY p.kind`,
    [year, from, `${year}-12-31`, root.organization_id, frozenRoot?.tree_path ?? root.path],
  );
  const kinds = [...FOUR_GOOD_KINDS, ...rows.map((r) => r.kind).filter((k) => !(FOUR_GOOD_KINDS as readonly string[]).includes(k)).sort()];
  const byKind = kinds.map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    return Object.assign(new FourGoodKindCount(), { kind, registered: r?.registered ?? 0, assessed: r?.assessed ?? 0, granted: r?.granted ?? 0, notGranted: (r?.assessed ?? 0) - (r?.granted ?? 0) });
  });
  const sum = (k: 'registered' | 'assessed' | 'granted' | 'notGranted') => byKind.reduce((s, r) => s + r[k], 0);
  return Object.assign(new FourGoodSummary(), {
    year,
    organization: Organization.ref(root.organization_id, lastDayIn(root, year)),
    registered: sum('registered'),
    assessed: sum('assessed'),
    granted: sum('granted'),
    notGranted: sum('notGranted'),
    byKind,
  });
}
