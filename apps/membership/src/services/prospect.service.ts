import { badInput, conflict, decodeCursor, encodeCursor, foldForSearch, isIsoDate, notFound, pageSize, parseInput, resolveConnection, today, toConnection } from '@party/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { MemberContext } from '../context';
import { CELL_KINDS, EDUCATION_LEVELS, GENDERS, PROSPECT_SOURCES, PROSPECT_STEPS, type ProspectStep } from '../domain/enums';
import type { ProspectsArgs, RecordProspectStepInput, RegisterProspectInput, RejectProspectInput } from '../graphql/inputs';
import { Introducer, Organization, Prospect, ProspectPayload, ProspectStepRecord, type Member } from '../graphql/types';
import { assertMayReadPeople, assertWriter, canSeePath, forbiddenField, isUuid, organizationInScope, withheld } from './access';
import { runOnce } from './idempotency';
import { assertNotFuture, citizenId, familyBackground, optionalText, personName, sortName, text, uniqueConflict, uuid } from './rules';
import { hiddenMember, memberView } from './member.service';
import { pathEnd, PROSPECT_COLUMNS, type ProspectRow } from './rows';

export function prospectView(row: ProspectRow, day: string): Prospect {
  const p = new Prospect();
  const closedOn = row.rejected_on ?? null;
  Object.assign(p, {
    id: row.id,
    fullName: row.full_name,
    gender: row.gender,
    birthDate: row.birth_date,
    ethnicity: row.ethnicity,
    religion: row.religion,
    citizenId: row.citizen_id,
    familyBackground: row.family_background,
    educationLevel: row.education_level,
    occupation: row.occupation,
    youthUnion: row.youth_union,
    organization: Organization.ref(row.organization_id, closedOn && closedOn < day ? closedOn : day),
    source: row.source,
    stage: row.stage,
    registeredOn: row.registered_on,
    awarenessCertificateOn: row.awareness_certificate_on,
    stepsDone: PROSPECT_STEPS.filter((s) => row.steps_done.includes(s)),
    rejectedOn: row.rejected_on,
    rejectionReason: row.rejection_reason,
    version: row.version,
    helperMemberId: row.helper_member_id,
    memberId: row.member_id,
  });
  return p;
}

async function loadProspect(db: { query: EntityManager['query'] }, id: string): Promise<ProspectRow | null> {
  const [row] = await db.query(`SELECT ${PROSPECT_COLUMNS} FROM prospect p WHERE p.id = $1`, [id]);
  return row ?? null;
}

/** The prospect, if the caller may see its proposing organisation today. */
export async function findProspect(ctx: MemberContext, id: string): Promise<Prospect | null> {
  assertMayReadPeople(ctx);
  if (!isUuid(id)) throw badInput('id', 'is not a prospect id');
  const row = await loadProspect(ctx.db, id);
  // Row-level security hides prospects outside the caller's organisations: withheld (and audited), as the scope check says.
  if (!row) return (await ctx.db.query(`SELECT 1 FROM membership.prospects_existing($1::uuid[])`, [[id]])).length ? withheld(ctx, id) : null;
  const day = today();
  const org = await ctx.loaders.orgAt(day).load(row.organization_id);
  if (!org || !(await canSeePath(ctx, org.path, day))) return withheld(ctx, row.id);
  return prospectView(row, day);
}

export async function helperOf(ctx: MemberContext, p: Prospect): Promise<Member | null> {
  if (!p.helperMemberId) return null;
  const row = await ctx.loaders.members.load(p.helperMemberId);
  return row ? memberView(ctx, row, today()) : hiddenMember(ctx, p.helperMemberId);
}

export async function memberOf(ctx: MemberContext, p: Prospect): Promise<Member | null> {
  if (!p.memberId) return null;
  const row = await ctx.loaders.members.load(p.memberId);
  return row ? memberView(ctx, row, today()) : hiddenMember(ctx, p.memberId);
}

export async function introducersOf(ctx: MemberContext, p: Prospect): Promise<Introducer[]> {
  const rows: { member_id: string; worked_together_since: string }[] = await ctx.db.query(
    `SELECT member_id, worked_together_since FROM prospect_introducer WHERE prospect_id = $1 ORDER BY member_id`,
    [p.id],
  );
  const out: Introducer[] = [];
  for (const r of rows) {
    const row = await ctx.loaders.members.load(r.member_id);
    const member = row ? await memberView(ctx, row, today()) : await hiddenMember(ctx, r.member_id);
    if (member) out.push(Object.assign(new Introducer(), { member, workedTogetherSince: r.worked_together_since }));
  }
  return out;
}

export async function stepsOf(ctx: MemberContext, p: Prospect): Promise<ProspectStepRecord[]> {
  const rows: { step: string; done_on: string; decision_ref: string | null; recorded_by: string; recorded_at: Date }[] = await ctx.db.query(
    `SELECT step, done_on, decision_ref, recorded_by, recorded_at FROM prospect_step WHERE prospect_id = $1 ORDER BY id`,
    [p.id],
  );
  return rows.map((r) => Object.assign(new ProspectStepRecord(), { step: r.step, on: r.done_on, decisionRef: r.decision_ref, recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
}

const prospectCursor = z.tuple([z.string(), z.string()]);

export async function prospectsOf(ctx: MemberContext, org: Organization, args: ProspectsArgs, fields: ReadonlySet<string> | null) {
  assertMayReadPeople(ctx);
  const limit = pageSize(args.first);
  const cursor = decodeCursor(args.after, prospectCursor);
  const root = await ctx.loaders.orgAt(org.asOf).load(org.id);
  if (!root) return toConnection([], 0, 0, (x: Prospect) => x, () => '');
  // Every parameter is referenced in each variant (PostgreSQL cannot type an unused one).
  const stage = args.stage ? `p.stage = $5` : `$5::text IS NULL AND p.stage NOT IN ('ADMITTED', 'REJECTED')`;
  const under = args.includeDescendants === false ? `p.organization_id = $6::uuid AND $7::text IS NOT NULL` : `v.path >= $6 AND v.path < $7`;
  const from = `FROM prospect p JOIN organization.tree_v1 v ON v.organization_id = p.organization_id AND v.valid_from <= $1 AND v.valid_to > $1
                WHERE p.registered_on <= $1 AND ${stage} AND ${under}`;
  const filterParams = [args.stage ?? null, args.includeDescendants === false ? org.id : root.path, pathEnd(root.path)];
  return resolveConnection(
    fields,
    async () => {
      const rows: ProspectRow[] = await ctx.db.query(
        `SELECT ${PROSPECT_COLUMNS} ${from} AND ($2::text IS NULL OR (p.sort_name, p.id) > ($2::text COLLATE "C", $3::uuid))
          ORDER BY p.sort_name, p.id LIMIT $4`,
        [org.asOf, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1, ...filterParams],
      );
      return toConnection(rows, limit, 0, (r) => prospectView(r, org.asOf), (r) => encodeCursor([r.sort_name, r.id]));
    },
    async () => {
      const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n ${from} AND $2::text IS NULL AND $3::text IS NULL AND $4::int > 0`, [org.asOf, null, null, 1, ...filterParams]);
      return n;
    },
    { pageHasTotal: false },
  );
}

// ---------------------------------------------------------------- mutations

const person = {
  fullName: personName,
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  birthplace: optionalText(300),
  ethnicity: optionalText(50),
  religion: optionalText(50),
  citizenId,
  familyBackground,
  educationLevel: z.enum(EDUCATION_LEVELS).nullish(),
  occupation: optionalText(200),
  youthUnion: z.boolean().nullish(),
};
const registerSchema = z.object({ ...person, organizationId: uuid('an organisation'), source: z.enum(PROSPECT_SOURCES), registeredOn: z.string(), idempotencyKey: z.string().nullish() });
const stepSchema = z.object({
  prospectId: uuid('a prospect'),
  step: z.enum(PROSPECT_STEPS),
  on: z.string(),
  decisionRef: optionalText(200),
  helperMemberId: uuid('a member').nullish(),
  introducers: z.array(z.object({ memberId: uuid('a member'), workedTogetherSince: z.string() })).nullish(),
  expectedVersion: z.number().int().nullish(),
  idempotencyKey: z.string().nullish(),
});
const rejectSchema = z.object({ prospectId: uuid('a prospect'), on: z.string(), reason: text(500), decisionRef: optionalText(200), idempotencyKey: z.string().nullish() });

async function prospectPayload(ctx: MemberContext, id: string): Promise<ProspectPayload> {
  const row = await loadProspect(ctx.db, id);
  return Object.assign(new ProspectPayload(), { prospect: prospectView(row!, today()) });
}

export async function registerProspect(ctx: MemberContext, raw: RegisterProspectInput): Promise<ProspectPayload> {
  assertWriter(ctx);
  const input = parseInput(registerSchema, raw);
  assertNotFuture(input.registeredOn, 'input.registeredOn');
  if (input.birthDate >= input.registeredOn) throw badInput('input.birthDate', `must be before input.registeredOn (${input.registeredOn})`);
  if (input.birthDate < '1900-01-01') throw badInput('input.birthDate', 'must be after 1900-01-01');
  const org = await organizationInScope(ctx, input.organizationId, input.registeredOn, 'input.organizationId');
  if (!CELL_KINDS.includes(org.kind)) throw badInput('input.organizationId', `${org.name} is a ${org.kind}; prospects are proposed by a CELL or GRASSROOTS_CELL`);
  const ref = await runOnce(ctx, 'registerProspect', input, async (m) => {
    if (input.citizenId) {
      // Across the whole register (a member outside the caller's organisations too): a SECURITY DEFINER look-up.
      const [member] = await m.query(`SELECT member_id FROM membership.members_holding($1::text[], '{}')`, [[input.citizenId]]);
      if (member) throw conflict('input.citizenId: this person is already in the member register', 'input.citizenId');
    }
    const [row] = await m
      .query(
        `INSERT INTO prospect (organization_id, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id,
                               education_level, occupation, youth_union, source, registered_on, recorded_by, family_background)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [org.organization_id, input.fullName, foldForSearch(input.fullName), sortName(input.fullName), input.gender, input.birthDate, input.birthplace, input.ethnicity, input.religion,
          input.citizenId ?? null, input.educationLevel ?? null, input.occupation, input.youthUnion ?? false, input.source, input.registeredOn, ctx.caller.userId, input.familyBackground],
      )
      .catch(uniqueConflict);
    await m.query(`INSERT INTO prospect_step (prospect_id, step, done_on, recorded_by, request_id) VALUES ($1, 'REGISTERED', $2, $3, $4)`, [row.id, input.registeredOn, ctx.caller.userId, ctx.requestId]);
    return { prospectId: row.id };
  });
  return prospectPayload(ctx, ref.prospectId!);
}

/** Locks an open prospect in the caller's scope, or fails clearly. */
async function lockOpenProspect(ctx: MemberContext, m: EntityManager, id: string, expectedVersion?: number | null): Promise<ProspectRow> {
  let rows: ProspectRow[];
  try {
    rows = await m.query(`SELECT ${PROSPECT_COLUMNS} FROM prospect p WHERE p.id = $1 FOR UPDATE NOWAIT`, [id]);
  } catch (e) {
    if ((e as { code?: string }).code === '55P03') throw conflict('input.prospectId: someone else is changing this prospect right now; reload and try again', 'input.prospectId');
    throw e;
  }
  const p = rows[0];
  if (!p) {
    // Row-level security hides prospects outside the caller's organisations: FORBIDDEN, as the scope check says.
    if ((await m.query(`SELECT 1 FROM membership.prospects_existing($1::uuid[])`, [[id]])).length) throw forbiddenField('input.prospectId', 'that prospect is outside your organisations');
    throw notFound('input.prospectId', `input.prospectId: no prospect ${id}`);
  }
  const day = today();
  const org = await ctx.loaders.orgAt(day).load(p.organization_id);
  if (org && !(await canSeePath(ctx, org.path, day))) throw forbiddenField('input.prospectId', 'that prospect is outside your organisations');
  if (p.stage === 'ADMITTED' || p.stage === 'REJECTED') throw conflict(`input.prospectId: the prospect is already ${p.stage.toLowerCase()}`, 'input.prospectId');
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== p.version) {
    throw conflict(`input.expectedVersion: the prospect was changed since version ${expectedVersion} (now ${p.version}); reload and try again`, 'input.expectedVersion');
  }
  return p;
}

const REQUIRES: Partial<Record<ProspectStep, ProspectStep[]>> = {
  DOSSIER_COMPLETE: ['AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED'],
  CELL_RESOLUTION: ['DOSSIER_COMPLETE'],
  COMMITTEE_RESOLUTION: ['CELL_RESOLUTION'],
};

/** Helpers and introducers may be members of other organisations: asked across the whole register (a SECURITY DEFINER look-up). */
const isOfficialOn = async (m: EntityManager, memberId: string, day: string) =>
  ((await m.query(`SELECT membership.member_official_on($1, $2) AS yes`, [memberId, day])) as { yes: boolean }[])[0]!.yes;

/** Records one step toward admission, dated, with who recorded it. */
export async function recordProspectStep(ctx: MemberContext, raw: RecordProspectStepInput): Promise<ProspectPayload> {
  assertWriter(ctx);
  const input = parseInput(stepSchema, raw);
  assertNotFuture(input.on, 'input.on');
  const ref = await runOnce(ctx, 'recordProspectStep', input, async (m) => {
    const p = await lockOpenProspect(ctx, m, input.prospectId, input.expectedVersion);
    if (input.on < p.registered_on) throw badInput('input.on', `must not be before the registration on ${p.registered_on}`);
    const missing = (REQUIRES[input.step] ?? []).filter((s) => !p.steps_done.includes(s));
    if (missing.length) throw badInput('input.step', `${input.step} needs ${missing.join(', ')} first`);
    const sets: string[] = [];
    const params: unknown[] = [p.id];
    let data: unknown = null;
    switch (input.step) {
      case 'AWARENESS_CLASS_PASSED':
        params.push(input.on);
        sets.push(`awareness_certificate_on = $${params.length}`);
        break;
      case 'HELPER_ASSIGNED': {
        if (!input.helperMemberId) throw badInput('input.helperMemberId', 'is required for HELPER_ASSIGNED');
        if (!(await isOfficialOn(m, input.helperMemberId, input.on))) throw badInput('input.helperMemberId', `is not an official member on ${input.on}`);
        params.push(input.helperMemberId);
        sets.push(`helper_member_id = $${params.length}`);
        data = { helperMemberId: input.helperMemberId };
        break;
      }
      case 'INTRODUCERS_ASSIGNED': {
        const list = input.introducers ?? [];
        if (list.length !== 2) throw badInput('input.introducers', 'name exactly two introducers');
        if (list[0]!.memberId === list[1]!.memberId) throw badInput('input.introducers.1.memberId', 'the two introducers must be different members');
        for (const [i, intro] of list.entries()) {
          if (!isIsoDate(intro.workedTogetherSince) || intro.workedTogetherSince > input.on) throw badInput(`input.introducers.${i}.workedTogetherSince`, `must be a day no later than ${input.on}`);
          if (!(await isOfficialOn(m, intro.memberId, input.on))) throw badInput(`input.introducers.${i}.memberId`, `is not an official member on ${input.on}`);
        }
        await m.query(`DELETE FROM prospect_introducer WHERE prospect_id = $1`, [p.id]);
        await m.query(`INSERT INTO prospect_introducer (prospect_id, member_id, worked_together_since) SELECT $1, * FROM unnest($2::uuid[], $3::date[])`, [
          p.id,
          list.map((x) => x.memberId),
          list.map((x) => x.workedTogetherSince),
        ]);
        data = { introducers: list };
        break;
      }
      case 'CELL_RESOLUTION':
      case 'COMMITTEE_RESOLUTION':
        if (!input.decisionRef) throw badInput('input.decisionRef', `is required for ${input.step}: the resolution's number`);
        break;
      default:
        break;
    }
    const rank = (s: string) => PROSPECT_STEPS.indexOf(s as ProspectStep);
    if (rank(input.step) > rank(p.stage)) {
      params.push(input.step);
      sets.push(`stage = $${params.length}`);
    }
    await m.query(`UPDATE prospect SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1`, params);
    await m.query(`INSERT INTO prospect_step (prospect_id, step, done_on, decision_ref, data, recorded_by, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      p.id,
      input.step,
      input.on,
      input.decisionRef,
      data ? JSON.stringify(data) : null,
      ctx.caller.userId,
      ctx.requestId,
    ]);
    return { prospectId: p.id };
  });
  return prospectPayload(ctx, ref.prospectId!);
}

export async function rejectProspect(ctx: MemberContext, raw: RejectProspectInput): Promise<ProspectPayload> {
  assertWriter(ctx);
  const input = parseInput(rejectSchema, raw);
  assertNotFuture(input.on, 'input.on');
  const ref = await runOnce(ctx, 'rejectProspect', input, async (m) => {
    const p = await lockOpenProspect(ctx, m, input.prospectId);
    if (input.on < p.registered_on) throw badInput('input.on', `must not be before the registration on ${p.registered_on}`);
    await m.query(`UPDATE prospect SET stage = 'REJECTED', rejected_on = $2, rejection_reason = $3, version = version + 1 WHERE id = $1`, [p.id, input.on, input.reason]);
    await m.query(`INSERT INTO prospect_step (prospect_id, step, done_on, decision_ref, data, recorded_by, request_id) VALUES ($1, 'REJECTED', $2, $3, $4, $5, $6)`, [
      p.id,
      input.on,
      input.decisionRef,
      JSON.stringify({ reason: input.reason }),
      ctx.caller.userId,
      ctx.requestId,
    ]);
    return { prospectId: p.id };
  });
  return prospectPayload(ctx, ref.prospectId!);
}
