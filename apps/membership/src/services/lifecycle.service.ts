import { addDays, badInput, conflict, foldForSearch, notFound, parseInput, today } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { MemberContext } from '../context';
import { CELL_KINDS, EDUCATION_LEVELS, GENDERS, TERMINATION_REASONS, TRANSFER_KINDS, type EventType } from '../domain/enums';
import { addMonths, fold, fullYears, probationEndsOn, type Folded, type LifeEvent } from '../domain/lifecycle';
import { AdmitMemberPayload, MemberPayload } from '../graphql/types';
import type {
  AdmitMemberInput,
  CorrectMemberRecordInput,
  EndExemptionInput,
  ExemptMemberInput,
  RecognizeOfficialMemberInput,
  ReinstateMemberInput,
  TerminateMembershipInput,
  TransferMemberInput,
} from '../graphql/inputs';
import { assertWriter, canSeePath, forbiddenField, organizationInScope } from './access';
import { assertNotFuture, citizenId, familyBackground, optionalText, partyCard, personName, sortName, text, uniqueConflict, uuid } from './rules';
import { placeMembers, writeSegments } from './derive';
import { runOnce, type Ref } from './idempotency';
import { eventView, memberView } from './member.service';
import { prospectView } from './prospect.service';
import { EVENT_COLUMNS, MEMBER_COLUMNS, PROSPECT_COLUMNS, type EventRow, type MemberRow, type OrgRow, type ProspectRow } from './rows';

// ---------------------------------------------------------------- input rules

const day = z.string();
const change = {
  memberId: uuid('a member'),
  effectiveOn: day,
  decisionRef: text(200),
  note: optionalText(2000),
  expectedVersion: z.number().int().nullish(),
  idempotencyKey: z.string().nullish(),
};

const recognizeSchema = z.object(change);
const transferSchema = z.object({ ...change, kind: z.enum(TRANSFER_KINDS), toOrganizationId: uuid('an organisation'), until: day.nullish() });
const exemptSchema = z.object({ ...change, reason: text(500) });
const endExemptionSchema = z.object(change);
const terminateSchema = z.object({ ...change, reason: z.enum(TERMINATION_REASONS) });
const reinstateSchema = z.object({ ...change, organizationId: uuid('an organisation').nullish() });
const admitSchema = z.object({
  prospectId: uuid('a prospect'),
  organizationId: uuid('an organisation'),
  decisionRef: text(200),
  ceremonyOn: day,
  partyCardNumber: partyCard,
  ageExceptionRef: optionalText(200),
  note: optionalText(2000),
  idempotencyKey: z.string().nullish(),
});
const correctSchema = z.object({
  memberId: uuid('a member'),
  reason: text(500),
  decisionRef: text(200),
  expectedVersion: z.number().int().nullish(),
  idempotencyKey: z.string().nullish(),
  fullName: personName.nullish(),
  gender: z.enum(GENDERS).nullish(),
  birthDate: day.nullish(),
  birthplace: optionalText(300),
  ethnicity: optionalText(50),
  religion: optionalText(50),
  citizenId,
  familyBackground,
  educationLevel: z.enum(EDUCATION_LEVELS).nullish(),
  occupation: optionalText(200),
  youthUnion: z.boolean().nullish(),
  partyCardNumber: partyCard,
});

// ---------------------------------------------------------------- the member transaction

async function lockMember(m: EntityManager, memberId: string, expectedVersion: number | null | undefined): Promise<MemberRow> {
  let rows: MemberRow[];
  try {
    rows = await m.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = $1 FOR UPDATE NOWAIT`, [memberId]);
  } catch (e) {
    if ((e as { code?: string }).code === '55P03') throw conflict('input.memberId: someone else is changing this member right now; reload and try again', 'input.memberId');
    throw e;
  }
  const row = rows[0];
  if (!row) {
    // Row-level security hides members outside the caller's organisations: FORBIDDEN, as the scope check says.
    if ((await m.query(`SELECT 1 FROM membership.members_existing($1::uuid[])`, [[memberId]])).length) throw forbiddenMember();
    throw notFound('input.memberId', `input.memberId: no member ${memberId}`);
  }
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== row.version) {
    throw conflict(`input.expectedVersion: the member was changed since version ${expectedVersion} (now ${row.version}); reload and try again`, 'input.expectedVersion');
  }
  return row;
}

async function eventsOf(m: EntityManager, memberId: string): Promise<EventRow[]> {
  return m.query(`SELECT ${EVENT_COLUMNS} FROM member_event e WHERE e.member_id = $1 ORDER BY e.effective_on, e.id`, [memberId]);
}

const toLife = (e: EventRow): LifeEvent => ({ id: e.id, type: e.type, effectiveOn: e.effective_on, organizationId: e.organization_id, until: e.until, reason: e.reason });

interface NewEvent {
  type: EventType;
  effectiveOn: string;
  decisionRef: string;
  organizationId?: string | null;
  until?: string | null;
  reason?: string | null;
  note?: string | null;
  data?: unknown;
}

/**
 * Appends an event, refolds the member's state from all their events and
 * re-derives what depends on it (segments, placements, counts, facts), then
 * bumps the version: all in the caller's transaction.
 */
export async function appendEvent(ctx: MemberContext, m: EntityManager, memberId: string, e: NewEvent): Promise<string> {
  const [{ id }] = await m.query(
    `INSERT INTO member_event (member_id, type, effective_on, decision_ref, organization_id, until, reason, note, data, recorded_by, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text AS id`,
    [memberId, e.type, e.effectiveOn, e.decisionRef, e.organizationId ?? null, e.until ?? null, e.reason ?? null, e.note ?? null, e.data ? JSON.stringify(e.data) : null, ctx.caller.userId, ctx.requestId],
  );
  const folded = fold((await eventsOf(m, memberId)).map(toLife));
  await writeSegments(m, memberId, folded.segments);
  await placeMembers(m, [memberId]);
  await m.query(
    `UPDATE member SET admitted_on = $2, official_on = $3, terminated_on = $4, termination_reason = $5, version = version + 1 WHERE id = $1`,
    [memberId, folded.admittedOn, folded.officialOn, folded.terminatedOn, folded.terminationReason],
  );
  return id;
}

interface MemberTx {
  m: EntityManager;
  row: MemberRow;
  state: Folded;
  /** Where the member counts on the effective day (or last counted). */
  home: { organization_id: string; path: string } | null;
}

/**
 * The frame of every change to an existing member: writer role, input rules,
 * the member locked (or CONFLICT), the version checked, the member in the
 * caller's scope, the effective day not in the future and not before the
 * member's last event; then the change's own rules and one new event.
 */
async function changeMember<I extends { memberId: string; effectiveOn: string; expectedVersion?: number | null; idempotencyKey?: string | null }>(
  ctx: MemberContext,
  operation: string,
  schema: z.ZodType<I>,
  raw: unknown,
  decide: (tx: MemberTx, input: I) => Promise<NewEvent>,
): Promise<MemberPayload> {
  assertWriter(ctx);
  const input = parseInput(schema, raw);
  assertNotFuture(input.effectiveOn, 'input.effectiveOn');
  const ref = await runOnce(ctx, operation, input, async (m) => {
    const row = await lockMember(m, input.memberId, input.expectedVersion);
    const state = fold((await eventsOf(m, row.id)).map(toLife));
    const [home] = await m.query(
      `SELECT organization_id, path, valid_from, valid_to FROM placement WHERE member_id = $1 AND role = 'HOME' AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`,
      [row.id, input.effectiveOn],
    );
    const seenOn = home && home.valid_to <= input.effectiveOn ? addDays(home.valid_to, -1) : input.effectiveOn;
    if (!home || !(await canSeePath(ctx, home.path, seenOn))) {
      if (home) throw forbiddenMember();
      throw badInput('input.effectiveOn', `${input.effectiveOn} is before the member's admission on ${row.admitted_on}`);
    }
    if (state.lastEventOn && input.effectiveOn < state.lastEventOn) {
      throw conflict(`input.effectiveOn: the member's last recorded event is on ${state.lastEventOn}; changes are recorded in date order`, 'input.effectiveOn');
    }
    const event = await decide({ m, row, state, home }, input);
    const eventId = await appendEvent(ctx, m, row.id, event);
    return { memberId: row.id, eventId };
  });
  return memberPayload(ctx, ref);
}

const forbiddenMember = () => forbiddenField('input.memberId', 'that member is outside your organisations');

export async function memberPayload(ctx: MemberContext, ref: Ref): Promise<MemberPayload> {
  const [[row], [event]] = await Promise.all([
    ctx.db.query(`SELECT ${MEMBER_COLUMNS} FROM member m WHERE m.id = $1`, [ref.memberId]),
    ctx.db.query(`SELECT ${EVENT_COLUMNS} FROM member_event e WHERE e.id = $1`, [ref.eventId]),
  ]);
  // Transferred out of the caller's organisations: shown on the last day the caller may still see them.
  const member = (await memberView(ctx, row, today())) ?? (await memberView(ctx, row, addDays(event.effective_on, -1)));
  const payload = new MemberPayload();
  payload.member = member!;
  payload.event = eventView(event);
  return payload;
}

/** A member's cell for a change: exists on the day, and is a cell. */
async function cellOn(ctx: MemberContext, m: EntityManager, id: string, dayIso: string, field: string, inScope: boolean): Promise<OrgRow> {
  let org: OrgRow | undefined;
  if (inScope) org = await organizationInScope(ctx, id, dayIso, field);
  else {
    [org] = await m.query(`SELECT organization_id, name, kind, path, valid_from, valid_to FROM organization.tree_v1 WHERE organization_id = $1 AND valid_from <= $2 AND valid_to > $2`, [id, dayIso]);
    if (!org) throw notFound(field, `${field}: no organisation ${id} on ${dayIso}`);
  }
  if (!CELL_KINDS.includes(org.kind)) throw badInput(field, `${org.name} is a ${org.kind}; members belong to a CELL or GRASSROOTS_CELL`);
  return org;
}

const mustBeMember = (tx: MemberTx) => {
  if (!tx.state.current) throw conflict(`input.memberId: not a member since ${tx.state.terminatedOn} (${tx.state.terminationReason})`, 'input.memberId');
  return tx.state.current;
};

// ---------------------------------------------------------------- the mutations

export function recognizeOfficialMember(ctx: MemberContext, raw: RecognizeOfficialMemberInput) {
  return changeMember(ctx, 'recognizeOfficialMember', recognizeSchema, raw, async (tx, input) => {
    const current = mustBeMember(tx);
    if (current.status === 'OFFICIAL') throw conflict(`input.memberId: already an official member since ${tx.state.officialOn}`, 'input.memberId');
    const earliest = probationEndsOn(tx.state.admittedOn!);
    if (input.effectiveOn < earliest) {
      throw badInput('input.effectiveOn', `recognition comes no earlier than 12 months after the ceremony of ${tx.state.admittedOn}: ${earliest} at the earliest`);
    }
    return { type: 'RECOGNIZED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, note: input.note };
  });
}

export function transferMember(ctx: MemberContext, raw: TransferMemberInput) {
  return changeMember(ctx, 'transferMember', transferSchema, raw, async (tx, input) => {
    const current = mustBeMember(tx);
    // The receiving cell may lie outside the sender's scope: a transfer is decided by the sending side.
    const to = await cellOn(ctx, tx.m, input.toOrganizationId, input.effectiveOn, 'input.toOrganizationId', false);
    if (to.organization_id === current.organizationId || to.organization_id === tx.home?.organization_id) {
      throw badInput('input.toOrganizationId', 'is the cell the member is already registered in');
    }
    if (input.kind === 'OFFICIAL') {
      if (input.until) throw badInput('input.until', 'is only for TEMPORARY transfers');
      return { type: 'TRANSFERRED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, organizationId: to.organization_id, note: input.note };
    }
    if (!input.until) throw badInput('input.until', 'is required for a TEMPORARY transfer: the last day at the host');
    if (input.until < input.effectiveOn) throw badInput('input.until', `must not be before input.effectiveOn (${input.effectiveOn})`);
    const limit = addDays(addMonths(input.effectiveOn, 24), -1);
    if (input.until > limit) throw badInput('input.until', `a temporary transfer lasts at most 2 years: ${limit} at the latest`);
    return { type: 'TEMPORARY_TRANSFER', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, organizationId: to.organization_id, until: input.until, note: input.note };
  });
}

export function exemptMember(ctx: MemberContext, raw: ExemptMemberInput) {
  return changeMember(ctx, 'exemptMember', exemptSchema, raw, async (tx, input) => {
    const current = mustBeMember(tx);
    if (current.exempt) throw conflict('input.memberId: already exempted from activity', 'input.memberId');
    return { type: 'EXEMPTED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, reason: input.reason, note: input.note };
  });
}

export function endExemption(ctx: MemberContext, raw: EndExemptionInput) {
  return changeMember(ctx, 'endExemption', endExemptionSchema, raw, async (tx, input) => {
    const current = mustBeMember(tx);
    if (!current.exempt) throw conflict('input.memberId: not exempted from activity', 'input.memberId');
    return { type: 'EXEMPTION_ENDED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, note: input.note };
  });
}

export function terminateMembership(ctx: MemberContext, raw: TerminateMembershipInput) {
  return changeMember(ctx, 'terminateMembership', terminateSchema, raw, async (tx, input) => {
    const current = mustBeMember(tx);
    if (input.reason === 'PROBATION_NOT_RECOGNIZED' && current.status !== 'PROBATIONARY') {
      throw badInput('input.reason', 'PROBATION_NOT_RECOGNIZED applies to probationary members only');
    }
    return { type: 'TERMINATED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, reason: input.reason, note: input.note };
  });
}

export function reinstateMember(ctx: MemberContext, raw: ReinstateMemberInput) {
  return changeMember(ctx, 'reinstateMember', reinstateSchema, raw, async (tx, input) => {
    if (tx.state.current) throw conflict('input.memberId: is a member; only a terminated membership can be reinstated', 'input.memberId');
    if (tx.state.terminationReason === 'DECEASED') throw conflict('input.memberId: the member is recorded as deceased; correct the record instead', 'input.memberId');
    const back = input.organizationId ?? tx.state.beforeTermination?.organizationId;
    const field = 'input.organizationId';
    const [exists] = await tx.m.query(`SELECT 1 FROM organization.tree_v1 WHERE organization_id = $1 AND valid_from <= $2 AND valid_to > $2`, [back, input.effectiveOn]);
    if (!exists && !input.organizationId) throw badInput(field, `the cell the member left does not exist on ${input.effectiveOn}; name the cell they return to`);
    const cell = await cellOn(ctx, tx.m, back!, input.effectiveOn, field, true);
    return { type: 'REINSTATED', effectiveOn: input.effectiveOn, decisionRef: input.decisionRef, organizationId: cell.organization_id, note: input.note };
  });
}

const CORRECTABLE: [keyof z.infer<typeof correctSchema>, string][] = [
  ['fullName', 'full_name'],
  ['gender', 'gender'],
  ['birthDate', 'birth_date'],
  ['birthplace', 'birthplace'],
  ['ethnicity', 'ethnicity'],
  ['religion', 'religion'],
  ['citizenId', 'citizen_id'],
  ['familyBackground', 'family_background'],
  ['educationLevel', 'education_level'],
  ['occupation', 'occupation'],
  ['youthUnion', 'youth_union'],
  ['partyCardNumber', 'party_card_number'],
];

/** Record fields memberStats breaks members down by (kept on each placement, services/derive.ts). */
const COUNTED_FIELDS = new Set(['gender', 'birthDate', 'ethnicity', 'religion', 'educationLevel']);

/** Corrects recorded data: a CORRECTED event with before and after; the member's life is untouched. */
export async function correctMemberRecord(ctx: MemberContext, raw: CorrectMemberRecordInput): Promise<MemberPayload> {
  assertWriter(ctx);
  const input = parseInput(correctSchema, raw);
  const given = CORRECTABLE.filter(([k]) => (raw as unknown as Record<string, unknown>)[k] !== undefined && (raw as unknown as Record<string, unknown>)[k] !== null);
  if (!given.length) throw badInput('input', 'name at least one field to correct');
  if (input.birthDate) {
    assertNotFuture(input.birthDate, 'input.birthDate');
    if (input.birthDate < '1900-01-01') throw badInput('input.birthDate', 'must be after 1900-01-01');
  }
  const day = today();
  const ref = await runOnce(ctx, 'correctMemberRecord', input, async (m) => {
    const row = await lockMember(m, input.memberId, input.expectedVersion);
    const [home] = await m.query(`SELECT path, valid_to FROM placement WHERE member_id = $1 AND role = 'HOME' ORDER BY valid_from DESC LIMIT 1`, [row.id]);
    const seenOn = home && home.valid_to <= day ? addDays(home.valid_to, -1) : day;
    if (!home || !(await canSeePath(ctx, home.path, seenOn))) throw forbiddenMember();
    if (input.birthDate && input.birthDate >= row.admitted_on) throw badInput('input.birthDate', `must be before the admission on ${row.admitted_on}`);
    if (input.citizenId && input.citizenId !== row.citizen_id) {
      // Across the whole register (a prospect outside the caller's organisations too): a SECURITY DEFINER look-up.
      const [open] = await m.query(`SELECT prospect_id AS id FROM membership.open_prospects_holding($1::text[])`, [[input.citizenId]]);
      if (open) throw conflict(`input.citizenId: prospect ${open.id} has this citizen ID; correct one of the records first`, 'input.citizenId');
    }
    const corrections: { field: string; before: string | null; after: string | null }[] = [];
    const sets: string[] = [];
    const params: unknown[] = [row.id];
    for (const [key, column] of given) {
      const after = input[key] as string | boolean | null;
      const before = (row as unknown as Record<string, unknown>)[column] as string | boolean | null;
      if (after === before) continue;
      corrections.push({ field: key, before: before === null ? null : String(before), after: after === null ? null : String(after) });
      params.push(after);
      sets.push(`${column} = $${params.length}`);
      if (key === 'fullName') {
        params.push(foldForSearch(after as string), sortName(after as string));
        sets.push(`search_text = $${params.length - 1}`, `sort_name = $${params.length}`);
      }
    }
    if (!corrections.length) throw badInput('input', 'every field given already has that value');
    try {
      await m.query(`UPDATE member SET ${sets.join(', ')} WHERE id = $1`, params);
    } catch (e) {
      uniqueConflict(e);
    }
    // memberStats' running sums count these fields: the placements are laid again with the corrected values.
    if (corrections.some((c) => COUNTED_FIELDS.has(c.field))) await placeMembers(m, [row.id]);
    const [{ id }] = await m.query(
      `INSERT INTO member_event (member_id, type, effective_on, decision_ref, reason, data, recorded_by, request_id)
       VALUES ($1, 'CORRECTED', $2, $3, $4, $5, $6, $7) RETURNING id::text AS id`,
      [row.id, day, input.decisionRef, input.reason, JSON.stringify({ corrections }), ctx.caller.userId, ctx.requestId],
    );
    await m.query(`UPDATE member SET version = version + 1 WHERE id = $1`, [row.id]);
    return { memberId: row.id, eventId: id };
  });
  return memberPayload(ctx, ref);
}

// ---------------------------------------------------------------- admission

/** Admits a prospect who passed every step: a probationary member of a cell from the ceremony on. */
export async function admitMember(ctx: MemberContext, raw: AdmitMemberInput): Promise<AdmitMemberPayload> {
  assertWriter(ctx);
  const input = parseInput(admitSchema, raw);
  assertNotFuture(input.ceremonyOn, 'input.ceremonyOn');
  const ref = await runOnce(ctx, 'admitMember', input, async (m) => {
    let prospects: ProspectRow[];
    try {
      prospects = await m.query(`SELECT ${PROSPECT_COLUMNS} FROM prospect p WHERE p.id = $1 FOR UPDATE NOWAIT`, [input.prospectId]);
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') throw conflict('input.prospectId: someone else is changing this prospect right now; reload and try again', 'input.prospectId');
      throw e;
    }
    const p = prospects[0];
    if (!p) {
      // Row-level security hides prospects outside the caller's organisations: FORBIDDEN, as the scope check says.
      if ((await m.query(`SELECT 1 FROM membership.prospects_existing($1::uuid[])`, [[input.prospectId]])).length) throw forbiddenField('input.prospectId', 'that prospect is outside your organisations');
      throw notFound('input.prospectId', `input.prospectId: no prospect ${input.prospectId}`);
    }
    const proposer = await ctx.loaders.orgAt(input.ceremonyOn).load(p.organization_id);
    if (proposer && !(await canSeePath(ctx, proposer.path, input.ceremonyOn))) throw forbiddenField('input.prospectId', 'that prospect is outside your organisations');
    if (p.stage === 'ADMITTED') throw conflict('input.prospectId: already admitted', 'input.prospectId');
    if (p.stage === 'REJECTED') throw conflict(`input.prospectId: rejected on ${p.rejected_on}`, 'input.prospectId');
    const cell = await cellOn(ctx, m, input.organizationId, input.ceremonyOn, 'input.organizationId', true);
    await assertAdmissible(m, p, input.ceremonyOn, input.ageExceptionRef ?? null);
    // The citizen ID comes from the prospect's file (not this input): a member given it since is named on input.prospectId.
    // Across the whole register (a member outside the caller's organisations too): a SECURITY DEFINER look-up.
    const [holder] = p.citizen_id ? await m.query(`SELECT member_id AS id FROM membership.members_holding($1::text[], '{}')`, [[p.citizen_id]]) : [];
    if (holder) throw conflict(`input.prospectId: member ${holder.id} already has the prospect's citizen ID ${p.citizen_id}; correct one of the records first`, 'input.prospectId');

    // The id is made here, not RETURNING'd: row-level security shows the new row only once its admission event places it.
    const member = { id: randomUUID() };
    await m.query(
      `INSERT INTO member (id, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id, family_background, education_level,
                           occupation, youth_union, source, party_card_number, prospect_id, admitted_on)
       SELECT $4, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id, family_background, education_level,
              occupation, youth_union, source, $2, id, $3
         FROM prospect WHERE id = $1`,
      [p.id, input.partyCardNumber ?? null, input.ceremonyOn, member.id],
    ).catch(uniqueConflict);
    const note = [input.note, input.ageExceptionRef ? `Age exception: ${input.ageExceptionRef}` : null].filter(Boolean).join('\n') || null;
    const eventId = await appendEvent(ctx, m, member.id, { type: 'ADMITTED', effectiveOn: input.ceremonyOn, decisionRef: input.decisionRef, organizationId: cell.organization_id, note });
    await m.query(`UPDATE prospect SET stage = 'ADMITTED', member_id = $2, version = version + 1 WHERE id = $1`, [p.id, member.id]);
    await m.query(`INSERT INTO prospect_step (prospect_id, step, done_on, decision_ref, recorded_by, request_id) VALUES ($1, 'ADMITTED', $2, $3, $4, $5)`, [
      p.id,
      input.ceremonyOn,
      input.decisionRef,
      ctx.caller.userId,
      ctx.requestId,
    ]);
    return { memberId: member.id, eventId, prospectId: p.id };
  });
  const base = await memberPayload(ctx, ref);
  const [prospect] = await ctx.db.query(`SELECT ${PROSPECT_COLUMNS} FROM prospect p WHERE p.id = $1`, [ref.prospectId]);
  const payload = new AdmitMemberPayload();
  payload.member = base.member;
  payload.event = base.event;
  payload.prospect = prospectView(prospect, today());
  return payload;
}

/** The admission rules (Party Charter, art. 4 and its guidance), each with a clear error. */
async function assertAdmissible(m: EntityManager, p: ProspectRow, ceremonyOn: string, ageExceptionRef: string | null): Promise<void> {
  if (p.stage !== 'COMMITTEE_RESOLUTION') {
    throw badInput('input.prospectId', `the prospect has no grassroots committee resolution yet (stage ${p.stage}); record the steps first`);
  }
  const [resolution] = await m.query(`SELECT max(done_on) AS on FROM prospect_step WHERE prospect_id = $1 AND step = 'COMMITTEE_RESOLUTION'`, [p.id]);
  if (resolution?.on && ceremonyOn < resolution.on) throw badInput('input.ceremonyOn', `must not be before the committee resolution of ${resolution.on}`);
  const age = fullYears(p.birth_date, ceremonyOn);
  if ((age < 18 || age > 60) && !ageExceptionRef) {
    throw badInput('input.ageExceptionRef', `the prospect is ${age} on ${ceremonyOn}; admission needs age 18 to 60, or the reference of an exception`);
  }
  const cert = p.awareness_certificate_on;
  if (!cert) throw badInput('input.prospectId', 'the prospect has no party-awareness class certificate');
  const certEnd = addMonths(cert, 60);
  if (ceremonyOn >= certEnd) throw badInput('input.prospectId', `the party-awareness certificate of ${cert} expired on ${certEnd} (valid 5 years)`);
  const introducers: { member_id: string; worked_together_since: string; official: boolean }[] = await m.query(
    `SELECT i.member_id, i.worked_together_since,
            EXISTS (SELECT 1 FROM member_segment s WHERE s.member_id = i.member_id AND s.status = 'OFFICIAL' AND s.valid_from <= $2 AND s.valid_to > $2) AS official
       FROM prospect_introducer i WHERE i.prospect_id = $1 ORDER BY i.member_id`,
    [p.id, ceremonyOn],
  );
  if (introducers.length !== 2) throw badInput('input.prospectId', `the prospect needs two introducers; ${introducers.length} recorded`);
  const yearBefore = addMonths(ceremonyOn, -12);
  for (const i of introducers) {
    if (!i.official) throw badInput('input.prospectId', `introducer ${i.member_id} is not an official member on ${ceremonyOn}`);
    if (i.worked_together_since > yearBefore) throw badInput('input.prospectId', `introducer ${i.member_id} has worked with the prospect only since ${i.worked_together_since}; at least a year is needed (since ${yearBefore})`);
  }
}
