/**
 * Who reaches which members: an officer their own subtree only (reading and
 * changing), a viewer reads but never changes, an analyst sees figures but no
 * person; and a member who moves out of an officer's subtree stays visible to
 * that officer only on the days they were still in it.
 */
import { analyst, createOrg, expectError, mutate, officer, read, readyProspect, seedOfficials, startMembershipPlatform, tryMutate, uniqueCitizenId, viewer, type MembershipPlatform, type Org } from './helpers';

let p: MembershipPlatform;
let province: Org;
/** District A (the officer's) with committee cA and cells a1, a2, a3; district B with committee cB and cell b1. */
let A: Org, cA: Org, a1: Org, a2: Org, a3: Org;
let B: Org, cB: Org, b1: Org;
let inA1: string[], inA2: string[], mover: string, inB1: string[];
let prospectA: string, prospectB: string;
let me: ReturnType<typeof officer>;

const ids = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id).sort();
const sorted = (list: string[]) => [...list].sort();

async function registerProspect(cellId: string, fullName: string): Promise<string> {
  const { prospect } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    { organizationId: cellId, fullName, gender: 'MALE', birthDate: '1999-01-01', source: 'WORKER', registeredOn: '2023-01-01', citizenId: uniqueCitizenId() },
    'prospect { id }',
  );
  return prospect.id;
}

beforeAll(async () => {
  p = await startMembershipPlatform();
  province = await createOrg(p, { name: 'Tỉnh Phạm Vi', kind: 'PROVINCIAL' });
  A = await createOrg(p, { name: 'Huyện A', kind: 'DISTRICT', parentId: province.id });
  B = await createOrg(p, { name: 'Huyện B', kind: 'DISTRICT', parentId: province.id });
  cA = await createOrg(p, { name: 'Đảng bộ xã A', kind: 'GRASSROOTS_COMMITTEE', parentId: A.id });
  cB = await createOrg(p, { name: 'Đảng bộ xã B', kind: 'GRASSROOTS_COMMITTEE', parentId: B.id });
  a1 = await createOrg(p, { name: 'Chi bộ A1', kind: 'CELL', parentId: cA.id });
  a2 = await createOrg(p, { name: 'Chi bộ A2', kind: 'CELL', parentId: cA.id });
  a3 = await createOrg(p, { name: 'Chi bộ A3', kind: 'CELL', parentId: cA.id });
  b1 = await createOrg(p, { name: 'Chi bộ B1', kind: 'CELL', parentId: cB.id });
  inA1 = await seedOfficials(p, a1.id, 3);
  inA2 = await seedOfficials(p, a2.id, 2);
  [mover] = (await seedOfficials(p, a3.id, 1)) as [string];
  inB1 = await seedOfficials(p, b1.id, 2);
  prospectA = await registerProspect(a1.id, 'Hồ Văn Ứng Viên A');
  prospectB = await registerProspect(b1.id, 'Hồ Văn Ứng Viên B');
  me = officer([A.id]);
}, 120_000);
afterAll(() => p?.stop());

const MEMBER_Q = `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { id organization { id } } }`;
const memberAs = async (id: string, as: Parameters<typeof read>[3], asOf?: string) => (await read(p, MEMBER_Q, { id, asOf }, as)).member;

/** What an administrator sees of district B's members and prospects: unchanged by any refused change. */
async function snapshotB() {
  const members = await Promise.all(inB1.map((id) => read(p, `query($id: ID!) { member(id: $id) { id fullName version status activity isMember events { id } } }`, { id })));
  const org = await read(p, `query($id: ID!) { organization(id: $id) { memberCount prospects(stage: null) { totalCount } } }`, { id: B.id });
  const prospect = await read(p, `query($id: ID!) { prospect(id: $id) { stage version steps { step } } }`, { id: prospectB });
  return { members, org, prospect };
}

describe('an officer of district A', () => {
  test("reads the members and figures of A's subtree", async () => {
    const data = await read(
      p,
      `query($id: ID!) { organization(id: $id) { memberCount memberStats { total official } members(includeDescendants: true, first: 50) { totalCount edges { node { id organization { id } } } }
         prospects { totalCount edges { node { id } } } } }`,
      { id: A.id },
      me,
    );
    expect(data.organization).toMatchObject({ memberCount: 6, memberStats: { total: 6, official: 6 }, members: { totalCount: 6 }, prospects: { totalCount: 1, edges: [{ node: { id: prospectA } }] } });
    expect(ids(data.organization.members)).toEqual(sorted([...inA1, ...inA2, mover]));
    const cell = await read(p, `query($id: ID!) { organization(id: $id) { memberCount members { edges { node { id } } } } }`, { id: a1.id }, me);
    expect(cell.organization.memberCount).toBe(3);
    expect(ids(cell.organization.members)).toEqual(sorted(inA1));
    expect(await memberAs(inA1[0]!, me)).toEqual({ id: inA1[0], organization: { id: a1.id } });
    const found = await read(p, `query($under: ID!) { searchMembers(text: "nguyen van cu", under: $under) { totalCount edges { node { id } } } }`, { under: A.id }, me);
    expect(found.searchMembers.totalCount).toBe(6);
    expect(ids(found.searchMembers)).toEqual(sorted([...inA1, ...inA2, mover]));
    expect((await read(p, `query($id: ID!) { prospect(id: $id) { id } }`, { id: prospectA }, me)).prospect).toEqual({ id: prospectA });
  });

  test('a member or prospect in district B is null, without an error', async () => {
    for (const id of inB1) {
      const res = await p.query(MEMBER_Q, { id }, me);
      expect(res).toMatchObject({ data: { member: null } });
      expect(res.errors).toBeUndefined();
      expect((await p.query(MEMBER_Q, { id, asOf: '2010-01-01' }, me)).data).toEqual({ member: null });
    }
    const res = await p.query(`query($id: ID!) { prospect(id: $id) { id } }`, { id: prospectB }, me);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ prospect: null });
  });

  test('organization(B) { memberCount } is refused as the organization subgraph refuses B: FORBIDDEN, organization null', async () => {
    for (const id of [B.id, cB.id, b1.id, province.id]) {
      const res = await p.query(`query($id: ID!) { organization(id: $id) { memberCount memberStats { total } } }`, { id }, me);
      const e = expectError(res, 'FORBIDDEN');
      expect(e.path).toEqual(['organization']);
      expect(res.errors).toHaveLength(1);
      expect(res.data).toEqual({ organization: null });
    }
  });

  test('searchMembers and overdueProbations under B: FORBIDDEN, naming "under"', async () => {
    const search = await p.query(`query($under: ID!) { searchMembers(text: "nguyen", under: $under) { totalCount } }`, { under: B.id }, me);
    expectError(search, 'FORBIDDEN', 'under');
    expect(search.data ?? null).toBeNull();
    const overdue = await p.query(`query($under: ID!) { overdueProbations(under: $under) { totalCount } }`, { under: b1.id }, me);
    expectError(overdue, 'FORBIDDEN', 'under');
  });

  test("changes to B's members and prospects are FORBIDDEN and write nothing", async () => {
    const before = await snapshotB();
    const target = inB1[0]!;
    const change = { memberId: target, effectiveOn: '2024-06-01', decisionRef: 'QĐ-LẤN-SÂN' };
    const attempts: [string, string, Record<string, unknown>, string][] = [
      ['recognizeOfficialMember', 'RecognizeOfficialMemberInput', change, 'input.memberId'],
      ['transferMember', 'TransferMemberInput', { ...change, kind: 'OFFICIAL', toOrganizationId: a1.id }, 'input.memberId'],
      ['transferMember', 'TransferMemberInput', { ...change, kind: 'TEMPORARY', toOrganizationId: a1.id, until: '2024-12-31' }, 'input.memberId'],
      ['exemptMember', 'ExemptMemberInput', { ...change, reason: 'Ốm' }, 'input.memberId'],
      ['endExemption', 'EndExemptionInput', change, 'input.memberId'],
      ['terminateMembership', 'TerminateMembershipInput', { ...change, reason: 'STRUCK_OFF' }, 'input.memberId'],
      ['reinstateMember', 'ReinstateMemberInput', change, 'input.memberId'],
      ['correctMemberRecord', 'CorrectMemberRecordInput', { memberId: target, reason: 'Sai tên', decisionRef: 'CCCD', fullName: 'Tên Bị Sửa' }, 'input.memberId'],
      ['registerProspect', 'RegisterProspectInput', { organizationId: b1.id, fullName: 'Lấn Sân', gender: 'MALE', birthDate: '1999-01-01', source: 'WORKER', registeredOn: '2024-01-01' }, 'input.organizationId'],
      ['recordProspectStep', 'RecordProspectStepInput', { prospectId: prospectB, step: 'AWARENESS_CLASS_PASSED', on: '2024-01-01' }, 'input.prospectId'],
      ['rejectProspect', 'RejectProspectInput', { prospectId: prospectB, on: '2024-01-01', reason: 'x' }, 'input.prospectId'],
    ];
    for (const [name, type, input, field] of attempts) {
      const res = await tryMutate(p, name, type, input, '__typename', me);
      expect({ name, error: res.errors?.[0]?.extensions }).toEqual({ name, error: { code: 'FORBIDDEN', field } });
    }
    // Their own ready prospect, admitted into B's cell.
    const ready = await readyProspect(p, a1.id, inA1, {}, me);
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: ready, organizationId: b1.id, decisionRef: 'QĐ', ceremonyOn: '2023-03-01' }, '__typename', me), 'FORBIDDEN', 'input.organizationId');
    expect(await snapshotB()).toEqual(before);
  });

  test("changes to A's own members are allowed", async () => {
    const { member } = await mutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: inA2[0], effectiveOn: '2024-06-01', decisionRef: 'QĐ-MSH', reason: 'Tuổi cao' }, 'member { id activity organization { id } }', me);
    expect(member).toEqual({ id: inA2[0], activity: 'EXEMPT', organization: { id: a2.id } });
  });
});

describe('a viewer of district A', () => {
  const v = () => viewer([A.id]);

  test('reads members, lists and prospects', async () => {
    expect(await memberAs(inA1[1]!, v())).toEqual({ id: inA1[1], organization: { id: a1.id } });
    expect(await memberAs(inB1[0]!, v())).toBeNull();
    const data = await read(p, `query($id: ID!) { organization(id: $id) { memberCount members(includeDescendants: true) { totalCount } prospects { totalCount } } }`, { id: A.id }, v());
    // prospectA and the officer's prospect readied (and refused in B's cell) above.
    expect(data.organization).toEqual({ memberCount: 6, members: { totalCount: 6 }, prospects: { totalCount: 2 } });
    expect((await read(p, `query($under: ID!) { searchMembers(text: "nguyen", under: $under) { totalCount } }`, { under: a1.id }, v())).searchMembers.totalCount).toBe(3);
    expect((await read(p, `query($id: ID!) { prospect(id: $id) { id } }`, { id: prospectA }, v())).prospect).toEqual({ id: prospectA });
  });

  test('changes nothing: FORBIDDEN', async () => {
    const target = inA1[1]!;
    const before = await read(p, `query($id: ID!) { member(id: $id) { version activity events { id } } }`, { id: target });
    const change = { memberId: target, effectiveOn: '2024-06-01', decisionRef: 'QĐ' };
    for (const [name, type, input] of [
      ['exemptMember', 'ExemptMemberInput', { ...change, reason: 'Ốm' }],
      ['transferMember', 'TransferMemberInput', { ...change, kind: 'OFFICIAL', toOrganizationId: a2.id }],
      ['terminateMembership', 'TerminateMembershipInput', { ...change, reason: 'WITHDRAWN' }],
      ['correctMemberRecord', 'CorrectMemberRecordInput', { memberId: target, reason: 'x', decisionRef: 'x', occupation: 'Nông dân' }],
      ['registerProspect', 'RegisterProspectInput', { organizationId: a1.id, fullName: 'Xem Thôi', gender: 'MALE', birthDate: '1999-01-01', source: 'WORKER', registeredOn: '2024-01-01' }],
      ['recordProspectStep', 'RecordProspectStepInput', { prospectId: prospectA, step: 'AWARENESS_CLASS_PASSED', on: '2024-01-01' }],
      ['rejectProspect', 'RejectProspectInput', { prospectId: prospectA, on: '2024-01-01', reason: 'x' }],
      ['admitMember', 'AdmitMemberInput', { prospectId: prospectA, organizationId: a1.id, decisionRef: 'QĐ', ceremonyOn: '2024-01-01' }],
    ] as [string, string, Record<string, unknown>][]) {
      const res = await tryMutate(p, name, type, input, '__typename', v());
      expect({ name, code: res.errors?.[0]?.extensions?.code, data: res.data ?? null }).toEqual({ name, code: 'FORBIDDEN', data: null });
    }
    expect(await read(p, `query($id: ID!) { member(id: $id) { version activity events { id } } }`, { id: target })).toEqual(before);
    expect((await read(p, `query($id: ID!) { prospect(id: $id) { stage steps { step } } }`, { id: prospectA })).prospect).toEqual({ stage: 'REGISTERED', steps: [{ step: 'REGISTERED' }] });
  });
});

describe('an analyst of district A', () => {
  const an = () => analyst([A.id]);

  test('reads memberCount, memberStats and admissions (small cells withheld: docs/decisions/0021)', async () => {
    const data = await read(
      p,
      `query($id: ID!) { organization(id: $id) { memberCount official: memberCount(status: [OFFICIAL]) memberStats { total official women byGender { key count suppressed } } admissions(year: 2005) { total byQuarter { key count } } none: admissions(year: 2006) { total } } }`,
      { id: A.id },
      an(),
    );
    expect(data.organization).toEqual({
      memberCount: 6,
      official: 6,
      // 2 women and 4 men: both fewer than 5.
      memberStats: {
        total: 6,
        official: 6,
        women: null,
        byGender: [
          { key: 'FEMALE', count: null, suppressed: true },
          { key: 'MALE', count: null, suppressed: true },
        ],
      },
      admissions: { total: 6, byQuarter: [{ key: '1', count: 6 }] },
      none: { total: 0 },
    });
    expectError(await p.query(`query($id: ID!) { organization(id: $id) { memberCount } }`, { id: B.id }, an()), 'FORBIDDEN');
  });

  test('reads no person: member, members, searchMembers, overdueProbations, prospects, prospect are FORBIDDEN', async () => {
    const one = await p.query(MEMBER_Q, { id: inA1[0] }, an());
    expectError(one, 'FORBIDDEN');
    expect(one.data).toEqual({ member: null });

    const list = await p.query(`query($id: ID!) { organization(id: $id) { memberCount members { totalCount } } }`, { id: A.id }, an());
    expect(expectError(list, 'FORBIDDEN').path).toEqual(['organization', 'members']);

    expectError(await p.query(`query($under: ID!) { searchMembers(text: "nguyen", under: $under) { totalCount } }`, { under: A.id }, an()), 'FORBIDDEN');
    expectError(await p.query(`query($under: ID!) { overdueProbations(under: $under) { totalCount } }`, { under: A.id }, an()), 'FORBIDDEN');

    const prospects = await p.query(`query($id: ID!) { organization(id: $id) { prospects { totalCount } } }`, { id: A.id }, an());
    expect(expectError(prospects, 'FORBIDDEN').path).toEqual(['organization', 'prospects']);
    expectError(await p.query(`query($id: ID!) { prospect(id: $id) { id } }`, { id: prospectA }, an()), 'FORBIDDEN');
  });

  test('changes nothing: FORBIDDEN', async () => {
    const res = await tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: inA1[2], effectiveOn: '2024-06-01', decisionRef: 'QĐ', reason: 'Ốm' }, '__typename', an());
    expectError(res, 'FORBIDDEN');
  });
});

describe('a member transferred from A to B on 2024-05-01', () => {
  const D = '2024-05-01';
  const dayBefore = '2024-04-30';

  test("A's officer may transfer them out of A", async () => {
    const res = await tryMutate(p, 'transferMember', 'TransferMemberInput', { memberId: mover, kind: 'OFFICIAL', toOrganizationId: b1.id, effectiveOn: D, decisionRef: 'QĐ-CSH' }, 'member { id asOf organization { id } } event { type effectiveOn }', me);
    expect(res.errors).toBeUndefined();
    expect(res.data.transferMember.event).toEqual({ type: 'TRANSFERRED', effectiveOn: D });
    // The member is outside A from D on: the payload shows them on the last day A's officer may see them.
    expect(res.data.transferMember.member).toEqual({ id: mover, asOf: dayBefore, organization: { id: a3.id } });
  });

  test("visible to A's officer before the day, not from it; the reverse for B's officer", async () => {
    const them = officer([B.id], 'officer-b');
    expect(await memberAs(mover, me, dayBefore)).toEqual({ id: mover, organization: { id: a3.id } });
    expect(await memberAs(mover, me, D)).toBeNull();
    expect(await memberAs(mover, me)).toBeNull();
    expect(await memberAs(mover, them, dayBefore)).toBeNull();
    expect(await memberAs(mover, them, D)).toEqual({ id: mover, organization: { id: b1.id } });
    expect(await memberAs(mover, them)).toEqual({ id: mover, organization: { id: b1.id } });
  });

  test("A's counts and lists lose them on the day; A's officer can no longer change them", async () => {
    const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount members(includeDescendants: true) { edges { node { id } } } } }`;
    const before = (await read(p, q, { id: A.id, asOf: dayBefore }, me)).organization;
    const after = (await read(p, q, { id: A.id, asOf: D }, me)).organization;
    expect(before.memberCount).toBe(6);
    expect(ids(before.members)).toContain(mover);
    expect(after.memberCount).toBe(5);
    expect(ids(after.members)).toEqual(sorted([...inA1, ...inA2]));
    expect((await read(p, q, { id: b1.id, asOf: D }, officer([B.id]))).organization.memberCount).toBe(3);
    // The transfer's destination lies outside A: the event names no organisation to A's officer.
    const events = (await read(p, `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { events { type organization { id } } } }`, { id: mover, asOf: dayBefore }, me)).member.events;
    expect(events).toEqual([
      { type: 'ADMITTED', organization: { id: a3.id } },
      { type: 'RECOGNIZED', organization: null },
      { type: 'TRANSFERRED', organization: null },
    ]);
    const res = await tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: mover, effectiveOn: '2024-06-01', decisionRef: 'QĐ', reason: 'Ốm' }, '__typename', me);
    expectError(res, 'FORBIDDEN', 'input.memberId');
  });

  test("a member of A temporarily active in B: A's officer is not told where", async () => {
    const away = inA1[2]!;
    await mutate(p, 'transferMember', 'TransferMemberInput', { memberId: away, kind: 'TEMPORARY', toOrganizationId: b1.id, effectiveOn: '2024-07-01', until: '2024-09-30', decisionRef: 'QĐ-TT' }, 'member { id }');
    const q = `query($id: ID!) { member(id: $id, asOf: "2024-08-01") { activity organization { id } hostOrganization { id } events { type organization { id } } } }`;
    expect((await read(p, q, { id: away }, me)).member).toEqual({
      activity: 'TEMPORARILY_AWAY',
      organization: { id: a1.id },
      hostOrganization: null,
      events: [
        { type: 'ADMITTED', organization: { id: a1.id } },
        { type: 'RECOGNIZED', organization: null },
        { type: 'TEMPORARY_TRANSFER', organization: null },
      ],
    });
    expect((await read(p, q, { id: away })).member).toMatchObject({ hostOrganization: { id: b1.id }, events: [{}, {}, { organization: { id: b1.id } }] });
    const hosted = `query($id: ID!) { organization(id: $id, asOf: "2024-08-01") { memberStats { hostedTemporarily } } }`;
    expect((await read(p, hosted, { id: b1.id }, officer([B.id], 'officer-b'))).organization.memberStats.hostedTemporarily).toBe(1);
  });
});
