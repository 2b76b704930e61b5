/**
 * Bad input through the public API: every refusal is a clear error with its
 * code and the input field it names, and nothing is written (compared on a
 * snapshot of what clients see and of every membership table).
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  analyst,
  createTree,
  expectError,
  mutate,
  officer,
  read,
  readyProspect,
  seedOfficials,
  startMembershipPlatform,
  today,
  tryMutate,
  uniqueCitizenId,
  viewer,
  type GqlError,
  systemQuery,
  type MembershipPlatform,
} from './helpers';
import { loadMembers } from '../src/seed/register';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];
/** An official member of cell A (admitted 2005-03-01) and another one. */
let target: string;
let other: string;
let targetCitizenId: string;
let otherCitizenId: string;
/** A prospect with every step, ready for admission; and an open prospect just registered. */
let ready: string;
let openProspect: { id: string; citizenId: string };

type Res = { data?: any; errors?: GqlError[] };

const TOMORROW = () => addDays(today(), 1);
const LONG = 'x'.repeat(10_000);
const DAYS = ['2020-06-30', '2023-03-01', '2024-05-01', '2025-12-31'];

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'Sai');
  officials = await seedOfficials(p, tree.cellA.id, 4);
  [target, other] = (await seedOfficials(p, tree.cellA.id, 2)) as [string, string];
  const people = await read(p, `query($a: ID!, $b: ID!) { a: member(id: $a) { citizenId } b: member(id: $b) { citizenId } }`, { a: target, b: other });
  targetCitizenId = people.a.citizenId;
  otherCitizenId = people.b.citizenId;
  ready = await readyProspect(p, tree.cellA.id, officials);
  const citizenId = uniqueCitizenId();
  const { prospect } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    { organizationId: tree.cellB.id, fullName: 'Lý Thị Đang Chờ', gender: 'FEMALE', birthDate: '2001-01-01', citizenId, source: 'STUDENT', registeredOn: '2024-01-10' },
    'prospect { id }',
  );
  openProspect = { id: prospect.id, citizenId };
});
afterAll(() => p?.stop());

// ---------------------------------------------------------------- valid inputs, each spoiled in one place below

const registerInput = () => ({ organizationId: tree.cellA.id, fullName: 'Hoàng Văn Hợp Lệ', gender: 'MALE', birthDate: '2000-01-01', citizenId: uniqueCitizenId(), source: 'WORKER', registeredOn: '2024-01-15' });
const admitInput = () => ({ prospectId: ready, organizationId: tree.cellA.id, decisionRef: 'QĐ-KN-01', ceremonyOn: '2024-03-01' });
const transferInput = () => ({ memberId: target, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: '2024-05-01', decisionRef: 'QĐ-CSH' });
const exemptInput = () => ({ memberId: target, effectiveOn: '2024-05-01', decisionRef: 'QĐ-MSH', reason: 'Ốm dài ngày' });
const correctInput = () => ({ memberId: target, reason: 'Ghi sai khi nhập', decisionRef: 'CCCD', fullName: 'Nguyễn Văn Đã Sửa' });
const stepInput = () => ({ prospectId: openProspect.id, step: 'AWARENESS_CLASS_PASSED', on: '2024-02-01' });

const register = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'registerProspect', 'RegisterProspectInput', input, 'prospect { id }', as) as Promise<Res>;
const admit = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'admitMember', 'AdmitMemberInput', input, 'member { id }', as) as Promise<Res>;
const transfer = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'transferMember', 'TransferMemberInput', input, 'member { id }', as) as Promise<Res>;
const exempt = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'exemptMember', 'ExemptMemberInput', input, 'member { id }', as) as Promise<Res>;
const correct = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', input, 'member { id }', as) as Promise<Res>;
const step = (input: Record<string, unknown>, as?: Parameters<typeof tryMutate>[5]) => tryMutate(p, 'recordProspectStep', 'RecordProspectStepInput', input, 'prospect { id }', as) as Promise<Res>;

/** The one error of a refused mutation: code, field, a message naming the field, and no data. */
function refused(res: Res, code: string, field?: string): GqlError {
  const e = expectError(res, code, field);
  expect(res.errors).toHaveLength(1);
  expect(res.data ?? null).toBeNull();
  if (field) expect(e.message.replace(/\[(\d+)\]/g, '.$1')).toContain(field);
  return e;
}

// ---------------------------------------------------------------- nothing written

const MEMBERSHIP_TABLES = ['member', 'member_event', 'member_segment', 'placement', 'count_delta', 'member_stat_delta', 'member_stat_year', 'admission_fact', 'prospect', 'prospect_introducer', 'prospect_step', 'idempotency_key'];

/** What clients see (counts and statistics on several days, prospects, the members' records) and every membership table's content. */
async function snapshot() {
  const view = await read(
    p,
    `query($pr: ID!, $a: ID!, $b: ID!, $t: ID!, $o: ID!, $ready: ID!, $open: ID!, $d1: Date, $d2: Date, $d3: Date, $d4: Date) {
      d1: organization(id: $pr, asOf: $d1) { ...Counts }
      d2: organization(id: $pr, asOf: $d2) { ...Counts }
      d3: organization(id: $pr, asOf: $d3) { ...Counts }
      d4: organization(id: $pr, asOf: $d4) { ...Counts }
      today: organization(id: $pr) { ...Counts prospects(first: 500) { totalCount edges { node { id stage version } } } }
      cellA: organization(id: $a) { memberCount prospects(first: 500) { totalCount } }
      cellB: organization(id: $b) { memberCount prospects(first: 500) { totalCount } }
      target: member(id: $t) { ...Person }
      other: member(id: $o) { ...Person }
      ready: prospect(id: $ready) { stage version member { id } steps { step on } }
      open: prospect(id: $open) { stage version steps { step on } }
    }
    fragment Counts on Organization {
      memberCount
      memberStats { total probationary official women ethnicMinority withReligion age18to30 hostedTemporarily byActivity { key count } byGender { key count } byAgeBand { key count } }
      admissions(year: 2024) { total }
    }
    fragment Person on Member { fullName birthDate citizenId version status activity organization { id } events { id type effectiveOn decisionRef } }`,
    { pr: tree.province.id, a: tree.cellA.id, b: tree.cellB.id, t: target, o: other, ready, open: openProspect.id, d1: DAYS[0], d2: DAYS[1], d3: DAYS[2], d4: DAYS[3] },
  );
  const tables: Record<string, unknown> = {};
  for (const t of MEMBERSHIP_TABLES) {
    const [row] = await systemQuery(p, `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`);
    tables[t] = row;
  }
  return { view, tables };
}

/** Runs the refusals and checks that nothing changed, as clients see it and in the tables. */
async function nothingWritten(refusals: () => Promise<void>) {
  const before = await snapshot();
  await refusals();
  expect(await snapshot()).toEqual(before);
}

// ---------------------------------------------------------------- the cases

describe('unknown things', () => {
  test('an unknown organisation is NOT_FOUND naming input.organizationId or input.toOrganizationId', () =>
    nothingWritten(async () => {
      refused(await register({ ...registerInput(), organizationId: randomUUID() }), 'NOT_FOUND', 'input.organizationId');
      refused(await register({ ...registerInput(), organizationId: randomUUID(), idempotencyKey: randomUUID() }), 'NOT_FOUND', 'input.organizationId');
      refused(await admit({ ...admitInput(), organizationId: randomUUID() }), 'NOT_FOUND', 'input.organizationId');
      refused(await admit({ ...admitInput(), organizationId: randomUUID(), idempotencyKey: randomUUID() }), 'NOT_FOUND', 'input.organizationId');
      refused(await transfer({ ...transferInput(), toOrganizationId: randomUUID() }), 'NOT_FOUND', 'input.toOrganizationId');
      refused(await transfer({ ...transferInput(), kind: 'TEMPORARY', until: '2024-12-31', toOrganizationId: randomUUID(), idempotencyKey: randomUUID() }), 'NOT_FOUND', 'input.toOrganizationId');
    }));

  test('an organisation that did not exist yet on the day is NOT_FOUND too', () =>
    nothingWritten(async () => {
      // The tree was established on 2000-01-01.
      refused(await register({ ...registerInput(), birthDate: '1980-01-01', registeredOn: '1999-12-31' }), 'NOT_FOUND', 'input.organizationId');
    }));

  test('an unknown member is NOT_FOUND naming input.memberId', () =>
    nothingWritten(async () => {
      const memberId = randomUUID();
      refused(await exempt({ ...exemptInput(), memberId }), 'NOT_FOUND', 'input.memberId');
      refused(await transfer({ ...transferInput(), memberId }), 'NOT_FOUND', 'input.memberId');
      refused(await correct({ ...correctInput(), memberId, idempotencyKey: randomUUID() }), 'NOT_FOUND', 'input.memberId');
      for (const [name, type, extra] of [
        ['recognizeOfficialMember', 'RecognizeOfficialMemberInput', {}],
        ['endExemption', 'EndExemptionInput', {}],
        ['terminateMembership', 'TerminateMembershipInput', { reason: 'WITHDRAWN' }],
        ['reinstateMember', 'ReinstateMemberInput', {}],
      ] as const) {
        refused(await tryMutate(p, name, type, { memberId, effectiveOn: '2024-05-01', decisionRef: 'QĐ', ...extra }), 'NOT_FOUND', 'input.memberId');
      }
    }));

  test('an unknown prospect is NOT_FOUND naming input.prospectId', () =>
    nothingWritten(async () => {
      refused(await admit({ ...admitInput(), prospectId: randomUUID() }), 'NOT_FOUND', 'input.prospectId');
      refused(await step({ ...stepInput(), prospectId: randomUUID() }), 'NOT_FOUND', 'input.prospectId');
      refused(await tryMutate(p, 'rejectProspect', 'RejectProspectInput', { prospectId: randomUUID(), on: '2024-02-01', reason: 'Không đủ tiêu chuẩn' }), 'NOT_FOUND', 'input.prospectId');
    }));
});

describe('malformed values', () => {
  test('a malformed ID is BAD_USER_INPUT naming the field', () =>
    nothingWritten(async () => {
      refused(await register({ ...registerInput(), organizationId: 'abc' }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await admit({ ...admitInput(), prospectId: 'abc' }), 'BAD_USER_INPUT', 'input.prospectId');
      refused(await admit({ ...admitInput(), organizationId: 'abc' }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await transfer({ ...transferInput(), memberId: 'abc' }), 'BAD_USER_INPUT', 'input.memberId');
      refused(await transfer({ ...transferInput(), toOrganizationId: 'abc' }), 'BAD_USER_INPUT', 'input.toOrganizationId');
      refused(await exempt({ ...exemptInput(), memberId: `${target}x` }), 'BAD_USER_INPUT', 'input.memberId');
      refused(await correct({ ...correctInput(), memberId: 'abc' }), 'BAD_USER_INPUT', 'input.memberId');
      refused(await step({ ...stepInput(), prospectId: 'abc' }), 'BAD_USER_INPUT', 'input.prospectId');
      refused(await step({ ...stepInput(), step: 'HELPER_ASSIGNED', helperMemberId: 'abc' }), 'BAD_USER_INPUT', 'input.helperMemberId');
      refused(
        await step({ ...stepInput(), step: 'INTRODUCERS_ASSIGNED', introducers: [{ memberId: officials[0], workedTogetherSince: '2021-01-01' }, { memberId: 'abc', workedTogetherSince: '2021-01-01' }] }),
        'BAD_USER_INPUT',
        'input.introducers.1.memberId',
      );
    }));

  test('a malformed date is refused by variable coercion: BAD_USER_INPUT, the message naming the field and the value', () =>
    nothingWritten(async () => {
      // Rejected by the gateway's variable coercion; the field is named as domain errors name it (`input.introducers.0.x`).
      const coercion = (res: Res, field: string, value: string) => {
        const e = refused(res, 'BAD_USER_INPUT', field.replace(/\[(\d+)\]/g, '.$1'));
        expect(e.message).toBe(`Variable "$input" got invalid value "${value}" at "${field}"; Expected type "Date". Date must be a calendar day written YYYY-MM-DD, got "${value}"`);
      };
      coercion(await exempt({ ...exemptInput(), effectiveOn: '2024-13-45' }), 'input.effectiveOn', '2024-13-45');
      coercion(await exempt({ ...exemptInput(), effectiveOn: 'yesterday' }), 'input.effectiveOn', 'yesterday');
      coercion(await transfer({ ...transferInput(), effectiveOn: '2024-02-30' }), 'input.effectiveOn', '2024-02-30');
      coercion(await transfer({ ...transferInput(), kind: 'TEMPORARY', until: 'yesterday' }), 'input.until', 'yesterday');
      coercion(await admit({ ...admitInput(), ceremonyOn: '2024-13-45' }), 'input.ceremonyOn', '2024-13-45');
      coercion(await register({ ...registerInput(), birthDate: 'yesterday' }), 'input.birthDate', 'yesterday');
      coercion(await register({ ...registerInput(), registeredOn: '2024-1-5' }), 'input.registeredOn', '2024-1-5');
      coercion(await correct({ ...correctInput(), birthDate: '1970-02-29' }), 'input.birthDate', '1970-02-29');
      coercion(await step({ ...stepInput(), on: '2024-13-45' }), 'input.on', '2024-13-45');
      coercion(
        await step({ ...stepInput(), step: 'INTRODUCERS_ASSIGNED', introducers: [{ memberId: officials[0], workedTogetherSince: 'yesterday' }, { memberId: officials[1], workedTogetherSince: '2021-01-01' }] }),
        'input.introducers[0].workedTogetherSince',
        'yesterday',
      );
    }));

  test('a 10,000-character text is BAD_USER_INPUT naming the field', () =>
    nothingWritten(async () => {
      refused(await register({ ...registerInput(), fullName: LONG }), 'BAD_USER_INPUT', 'input.fullName');
      refused(await register({ ...registerInput(), fullName: LONG, idempotencyKey: randomUUID() }), 'BAD_USER_INPUT', 'input.fullName');
      refused(await correct({ ...correctInput(), fullName: LONG }), 'BAD_USER_INPUT', 'input.fullName');
      refused(await admit({ ...admitInput(), decisionRef: LONG }), 'BAD_USER_INPUT', 'input.decisionRef');
      refused(await exempt({ ...exemptInput(), decisionRef: LONG }), 'BAD_USER_INPUT', 'input.decisionRef');
      refused(await transfer({ ...transferInput(), decisionRef: LONG }), 'BAD_USER_INPUT', 'input.decisionRef');
      refused(await correct({ ...correctInput(), decisionRef: LONG }), 'BAD_USER_INPUT', 'input.decisionRef');
      refused(await exempt({ ...exemptInput(), reason: LONG }), 'BAD_USER_INPUT', 'input.reason');
      refused(await exempt({ ...exemptInput(), note: LONG }), 'BAD_USER_INPUT', 'input.note');
      refused(await step({ ...stepInput(), step: 'CELL_RESOLUTION', decisionRef: LONG }), 'BAD_USER_INPUT', 'input.decisionRef');
      refused(await exempt({ ...exemptInput(), idempotencyKey: LONG }), 'BAD_USER_INPUT', 'input.idempotencyKey');
      // Blank is not a name or a decision either.
      refused(await register({ ...registerInput(), fullName: '   ' }), 'BAD_USER_INPUT', 'input.fullName');
      refused(await exempt({ ...exemptInput(), decisionRef: ' ' }), 'BAD_USER_INPUT', 'input.decisionRef');
    }));

  test('a citizen ID that is not 12 digits is BAD_USER_INPUT naming input.citizenId', () =>
    nothingWritten(async () => {
      refused(await register({ ...registerInput(), citizenId: '12345' }), 'BAD_USER_INPUT', 'input.citizenId');
      refused(await correct({ ...correctInput(), fullName: undefined, citizenId: '0123456789ab' }), 'BAD_USER_INPUT', 'input.citizenId');
    }));
});

describe('impossible dates', () => {
  test('a day in the future is BAD_USER_INPUT naming the field', () =>
    nothingWritten(async () => {
      const tomorrow = TOMORROW();
      refused(await exempt({ ...exemptInput(), effectiveOn: tomorrow }), 'BAD_USER_INPUT', 'input.effectiveOn');
      refused(await transfer({ ...transferInput(), effectiveOn: tomorrow }), 'BAD_USER_INPUT', 'input.effectiveOn');
      refused(await admit({ ...admitInput(), ceremonyOn: tomorrow }), 'BAD_USER_INPUT', 'input.ceremonyOn');
      refused(await register({ ...registerInput(), registeredOn: tomorrow }), 'BAD_USER_INPUT', 'input.registeredOn');
      refused(await step({ ...stepInput(), on: tomorrow }), 'BAD_USER_INPUT', 'input.on');
      refused(await correct({ ...correctInput(), birthDate: tomorrow }), 'BAD_USER_INPUT', 'input.birthDate');
      refused(await register({ ...registerInput(), birthDate: tomorrow, registeredOn: today() }), 'BAD_USER_INPUT', 'input.birthDate');
      refused(await tryMutate(p, 'rejectProspect', 'RejectProspectInput', { prospectId: openProspect.id, on: tomorrow, reason: 'x' }), 'BAD_USER_INPUT', 'input.on');
    }));

  test('a registration before birth, a birth date after the admission, a change before the admission are BAD_USER_INPUT', () =>
    nothingWritten(async () => {
      // Registered before being born: the birth date is named (it must come before input.registeredOn).
      const e = refused(await register({ ...registerInput(), birthDate: '2020-01-01', registeredOn: '2019-12-31' }), 'BAD_USER_INPUT', 'input.birthDate');
      expect(e.message).toContain('input.registeredOn');
      refused(await register({ ...registerInput(), birthDate: '2024-01-15', registeredOn: '2024-01-15' }), 'BAD_USER_INPUT', 'input.birthDate');
      // The target was admitted on 2005-03-01.
      refused(await correct({ ...correctInput(), fullName: undefined, birthDate: '2006-01-01' }), 'BAD_USER_INPUT', 'input.birthDate');
      refused(await correct({ ...correctInput(), fullName: undefined, birthDate: '2005-03-01' }), 'BAD_USER_INPUT', 'input.birthDate');
      refused(await exempt({ ...exemptInput(), effectiveOn: '2004-12-31' }), 'BAD_USER_INPUT', 'input.effectiveOn');
      refused(await transfer({ ...transferInput(), effectiveOn: '2004-12-31' }), 'BAD_USER_INPUT', 'input.effectiveOn');
      // A step before the prospect's registration (2024-01-10).
      refused(await step({ ...stepInput(), on: '2024-01-09' }), 'BAD_USER_INPUT', 'input.on');
      // A temporary transfer ending before it starts.
      refused(await transfer({ ...transferInput(), kind: 'TEMPORARY', until: '2024-04-30' }), 'BAD_USER_INPUT', 'input.until');
    }));
});

describe('duplicates and wrong kinds', () => {
  test("registering a member's citizen ID, or another open prospect's, is CONFLICT naming input.citizenId", () =>
    nothingWritten(async () => {
      refused(await register({ ...registerInput(), citizenId: targetCitizenId }), 'CONFLICT', 'input.citizenId');
      refused(await register({ ...registerInput(), citizenId: targetCitizenId, idempotencyKey: randomUUID() }), 'CONFLICT', 'input.citizenId');
      refused(await register({ ...registerInput(), citizenId: openProspect.citizenId }), 'CONFLICT', 'input.citizenId');
      refused(await register({ ...registerInput(), organizationId: tree.cellB.id, citizenId: openProspect.citizenId, idempotencyKey: randomUUID() }), 'CONFLICT', 'input.citizenId');
    }));

  test("admitting a prospect whose citizen ID a member has since been given is CONFLICT naming input.prospectId (AdmitMemberInput has no citizenId)", async () => {
    const citizenId = uniqueCitizenId();
    const prospectId = await readyProspect(p, tree.cellA.id, officials, { citizenId });
    // A register import brings in a member with the same citizen ID.
    await loadMembers(p.membershipDb, [
      { fullName: 'Trịnh Văn Nhập', gender: 'MALE', birthDate: '1975-01-01', citizenId, events: [{ type: 'ADMITTED', effectiveOn: '2010-01-01', decisionRef: 'SEED', organizationId: tree.cellB.id }] },
    ]);
    await nothingWritten(async () => {
      const e = refused(await admit({ ...admitInput(), prospectId }), 'CONFLICT', 'input.prospectId');
      expect(e.message).toContain(citizenId);
      refused(await admit({ ...admitInput(), prospectId, idempotencyKey: randomUUID() }), 'CONFLICT', 'input.prospectId');
    });
    expect((await read(p, `query($id: ID!) { prospect(id: $id) { stage member { id } } }`, { id: prospectId })).prospect).toEqual({ stage: 'COMMITTEE_RESOLUTION', member: null });
  });

  test("correcting a member's citizen ID to another member's is CONFLICT naming input.citizenId", () =>
    nothingWritten(async () => {
      refused(await correct({ ...correctInput(), fullName: undefined, citizenId: otherCitizenId }), 'CONFLICT', 'input.citizenId');
      refused(await correct({ ...correctInput(), citizenId: otherCitizenId, idempotencyKey: randomUUID() }), 'CONFLICT', 'input.citizenId');
    }));

  test("correcting a member's citizen ID to an open prospect's is CONFLICT naming input.citizenId", async () => {
    const citizenId = uniqueCitizenId();
    await readyProspect(p, tree.cellA.id, officials, { citizenId });
    await nothingWritten(async () => {
      const e = refused(await correct({ ...correctInput(), fullName: undefined, citizenId }), 'CONFLICT', 'input.citizenId');
      expect(e.message).toContain('prospect');
    });
  });

  test('admitting into, registering in or transferring to an organisation that is not a cell is BAD_USER_INPUT naming the field', () =>
    nothingWritten(async () => {
      refused(await admit({ ...admitInput(), organizationId: tree.committee.id }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await admit({ ...admitInput(), organizationId: tree.district.id }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await admit({ ...admitInput(), organizationId: tree.province.id, idempotencyKey: randomUUID() }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await register({ ...registerInput(), organizationId: tree.committee.id }), 'BAD_USER_INPUT', 'input.organizationId');
      refused(await transfer({ ...transferInput(), toOrganizationId: tree.committee.id }), 'BAD_USER_INPUT', 'input.toOrganizationId');
      refused(await transfer({ ...transferInput(), toOrganizationId: tree.cellA.id }), 'BAD_USER_INPUT', 'input.toOrganizationId');
    }));
});

describe('roles', () => {
  test('a VIEWER or an ANALYST, even in scope, may not change anything: FORBIDDEN', () =>
    nothingWritten(async () => {
      for (const caller of [viewer([tree.province.id]), analyst([tree.province.id])]) {
        refused(await register(registerInput(), caller), 'FORBIDDEN');
        refused(await register({ ...registerInput(), idempotencyKey: randomUUID() }, caller), 'FORBIDDEN');
        refused(await admit(admitInput(), caller), 'FORBIDDEN');
        refused(await transfer(transferInput(), caller), 'FORBIDDEN');
        refused(await exempt({ ...exemptInput(), idempotencyKey: randomUUID() }, caller), 'FORBIDDEN');
        refused(await correct(correctInput(), caller), 'FORBIDDEN');
        refused(await step(stepInput(), caller), 'FORBIDDEN');
        refused(await tryMutate(p, 'rejectProspect', 'RejectProspectInput', { prospectId: openProspect.id, on: '2024-02-01', reason: 'x' }, '__typename', caller), 'FORBIDDEN');
        refused(await tryMutate(p, 'recognizeOfficialMember', 'RecognizeOfficialMemberInput', { memberId: target, effectiveOn: '2024-05-01', decisionRef: 'QĐ' }, '__typename', caller), 'FORBIDDEN');
        refused(await tryMutate(p, 'terminateMembership', 'TerminateMembershipInput', { memberId: target, effectiveOn: '2024-05-01', decisionRef: 'QĐ', reason: 'WITHDRAWN' }, '__typename', caller), 'FORBIDDEN');
        // Even with bad input: the role is refused first, and nothing about the data leaks.
        refused(await transfer({ ...transferInput(), memberId: randomUUID() }, caller), 'FORBIDDEN');
      }
    }));
});

describe('the same requests, corrected, go through', () => {
  // Run last: proves the refusals above were about the spoiled field, not an unusable base input.
  test('each base input succeeds as an officer of the province', async () => {
    const as = officer([tree.province.id], 'officer-ok');
    const before = await snapshot();
    const r = await mutate(p, 'registerProspect', 'RegisterProspectInput', registerInput(), 'prospect { id stage }', as);
    expect(r.prospect.stage).toBe('REGISTERED');
    expect((await mutate(p, 'recordProspectStep', 'RecordProspectStepInput', stepInput(), 'prospect { stage }', as)).prospect.stage).toBe('AWARENESS_CLASS_PASSED');
    const a = await mutate(p, 'admitMember', 'AdmitMemberInput', admitInput(), 'member { status } prospect { stage }', as);
    expect(a).toEqual({ member: { status: 'PROBATIONARY' }, prospect: { stage: 'ADMITTED' } });
    expect((await mutate(p, 'exemptMember', 'ExemptMemberInput', exemptInput(), 'member { version } event { type }', as)).event.type).toBe('EXEMPTED');
    expect((await mutate(p, 'transferMember', 'TransferMemberInput', transferInput(), 'member { version } event { type }', as)).event.type).toBe('TRANSFERRED');
    const c = await mutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', correctInput(), 'member { fullName } event { type corrections { field after } }', as);
    expect(c).toEqual({ member: { fullName: 'Nguyễn Văn Đã Sửa' }, event: { type: 'CORRECTED', corrections: [{ field: 'fullName', after: 'Nguyễn Văn Đã Sửa' }] } });
    // The snapshot sees writes: every table the refusals were checked on has changed.
    const after = await snapshot();
    for (const t of MEMBERSHIP_TABLES.filter((x) => x !== 'idempotency_key' && x !== 'prospect_introducer')) expect([t, after.tables[t]]).not.toEqual([t, before.tables[t]]);
    expect(after.view).not.toEqual(before.view);
  });
});
