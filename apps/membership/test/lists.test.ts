/**
 * Lists an officer works from: members of an organisation (paged by given name,
 * filtered), search by name without diacritics, the prospect pipeline by stage,
 * and probations overdue for a decision.
 */
import { loadMembers } from '../src/seed/register';
import { createTree, expectError, mutate, read, readyProspect, seedOfficials, startMembershipPlatform, tryMutate, uniqueCitizenId, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];

const NAMES = ['Nguyễn Văn Đức', 'Trần Thị Ánh', 'Lê Văn Bình', 'Phạm Thị Hải Yến', 'Đàng Văn Hải', 'Võ Thị Chi', 'Hoàng Minh An'];

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'Danh sách');
  officials = await seedOfficials(p, tree.cellB.id, 2);
  await loadMembers(
    p.membershipDb,
    NAMES.map((fullName, i) => ({
      fullName,
      gender: i % 2 ? 'FEMALE' : 'MALE',
      birthDate: '1990-01-01',
      citizenId: uniqueCitizenId(),
      events: [
        { type: 'ADMITTED', effectiveOn: '2023-01-02', decisionRef: 'KN', organizationId: tree.cellA.id },
        // The first four are recognised; the others stay probationary.
        ...(i < 4 ? [{ type: 'RECOGNIZED' as const, effectiveOn: '2024-01-02', decisionRef: 'CT' }] : []),
      ],
    })),
  );
});
afterAll(() => p?.stop());

const page = (after: string | null, filter?: Record<string, unknown>) =>
  read(
    p,
    `query($id: ID!, $after: String, $filter: MemberFilter) { organization(id: $id, asOf: "2024-06-01") { members(first: 3, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { fullName status } } } } }`,
    { id: tree.cellA.id, after, filter },
  ).then((d) => d.organization.members);

test('members of a cell, paged by given name (Vietnamese order), with a total', async () => {
  const names: string[] = [];
  let after: string | null = null;
  for (;;) {
    const conn = await page(after);
    expect(conn.totalCount).toBe(7);
    names.push(...conn.edges.map((e: { node: { fullName: string } }) => e.node.fullName));
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  // By given name (the last word, diacritics folded): An, Ánh, Bình, Chi, Đức, Hải, Yến.
  expect(names).toEqual(['Hoàng Minh An', 'Trần Thị Ánh', 'Lê Văn Bình', 'Võ Thị Chi', 'Nguyễn Văn Đức', 'Đàng Văn Hải', 'Phạm Thị Hải Yến']);
});

test('filters by status, gender and name words', async () => {
  expect((await page(null, { status: ['PROBATIONARY'] })).totalCount).toBe(3);
  expect((await page(null, { gender: 'FEMALE' })).totalCount).toBe(3);
  const hai = await page(null, { text: 'hai' });
  expect(hai.edges.map((e: { node: { fullName: string } }) => e.node.fullName)).toEqual(['Đàng Văn Hải', 'Phạm Thị Hải Yến']);
});

test('a cursor from elsewhere is refused', async () => {
  const res = await p.query(`query($id: ID!) { organization(id: $id) { members(after: "bm90LWEtY3Vyc29y") { totalCount } } }`, { id: tree.cellA.id });
  expectError(res, 'BAD_USER_INPUT', 'after');
});

test('searchMembers finds "duc" as Đức under the district, and only there', async () => {
  const found = await read(p, `query($under: ID!) { searchMembers(text: "nguyen duc", under: $under) { totalCount edges { node { fullName organization { name } } } } }`, { under: tree.district.id });
  expect(found.searchMembers.totalCount).toBe(1);
  expect(found.searchMembers.edges[0].node).toEqual({ fullName: 'Nguyễn Văn Đức', organization: { name: tree.cellA.name } });
  const elsewhere = await createTree(p, 'Nơi khác');
  expect((await read(p, `query($under: ID!) { searchMembers(text: "duc", under: $under) { totalCount } }`, { under: elsewhere.province.id })).searchMembers.totalCount).toBe(0);
  expectError(await p.query(`query($under: ID!) { searchMembers(text: " – ", under: $under) { totalCount } }`, { under: tree.district.id }), 'BAD_USER_INPUT', 'text');
});

test('overdue probations: more than 30 working days after the 12 months, oldest first', async () => {
  // Admitted 2023-01-02: probation ends 2024-01-02 (Tuesday); due by 2024-02-13 (42 days later, a Tuesday).
  const overdue = (asOf: string) =>
    read(p, `query($under: ID!, $asOf: Date) { overdueProbations(under: $under, asOf: $asOf) { totalCount edges { node { fullName probationEndsOn } } } }`, { under: tree.province.id, asOf }).then(
      (d) => d.overdueProbations,
    );
  expect((await overdue('2024-02-13')).totalCount).toBe(0);
  const late = await overdue('2024-02-14');
  expect(late.totalCount).toBe(3);
  expect(late.edges.map((e: { node: { probationEndsOn: string } }) => e.node.probationEndsOn)).toEqual(['2024-01-02', '2024-01-02', '2024-01-02']);
});

test('the prospect pipeline by stage', async () => {
  const ready = await readyProspect(p, tree.cellB.id, officials);
  const { prospect: fresh } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    { organizationId: tree.cellB.id, fullName: 'Lê Thị Mới', gender: 'FEMALE', birthDate: '2001-01-01', source: 'STUDENT', registeredOn: '2024-03-01', citizenId: uniqueCitizenId() },
    'prospect { id stage stepsDone }',
  );
  expect(fresh).toMatchObject({ stage: 'REGISTERED', stepsDone: [] });
  const { prospect: rejected } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    { organizationId: tree.cellB.id, fullName: 'Lê Văn Dừng', gender: 'MALE', birthDate: '2001-01-01', source: 'RURAL', registeredOn: '2024-03-01', citizenId: uniqueCitizenId() },
    'prospect { id }',
  );
  await mutate(p, 'rejectProspect', 'RejectProspectInput', { prospectId: rejected.id, on: '2024-05-01', reason: 'Không đủ tiêu chuẩn' }, 'prospect { stage }');
  const q = (stage?: string) =>
    read(p, `query($id: ID!, $stage: ProspectStage) { organization(id: $id) { prospects(stage: $stage) { totalCount edges { node { id stage } } } } }`, { id: tree.committee.id, stage }).then(
      (d) => d.organization.prospects,
    );
  expect((await q()).edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([ready, fresh.id].sort());
  expect((await q('COMMITTEE_RESOLUTION')).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ready]);
  expect((await q('REJECTED')).totalCount).toBe(1);
});

test('prospect steps keep their order and their people', async () => {
  const { prospect } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    { organizationId: tree.cellB.id, fullName: 'Phan Văn Thử', gender: 'MALE', birthDate: '2000-01-01', source: 'WORKER', registeredOn: '2024-01-05', citizenId: uniqueCitizenId() },
    'prospect { id }',
  );
  const step = (input: Record<string, unknown>) => tryMutate(p, 'recordProspectStep', 'RecordProspectStepInput', { prospectId: prospect.id, ...input }, 'prospect { stage }');
  expectError(await step({ step: 'DOSSIER_COMPLETE', on: '2024-02-01' }), 'BAD_USER_INPUT', 'input.step');
  expectError(await step({ step: 'CELL_RESOLUTION', on: '2024-02-01', decisionRef: 'NQ' }), 'BAD_USER_INPUT', 'input.step');
  expectError(await step({ step: 'AWARENESS_CLASS_PASSED', on: '2024-01-04' }), 'BAD_USER_INPUT', 'input.on');
  const probationary = (await read(p, `query($id: ID!) { organization(id: $id, asOf: "2023-06-01") { members(first: 1, filter: { status: [PROBATIONARY] }) { edges { node { id } } } } }`, { id: tree.cellA.id }))
    .organization.members.edges[0].node.id;
  // A step before the registration; a probationary member may not help or introduce.
  expectError(await step({ step: 'HELPER_ASSIGNED', on: '2023-06-01', helperMemberId: officials[0] }), 'BAD_USER_INPUT', 'input.on');
  expectError(await step({ step: 'HELPER_ASSIGNED', on: '2024-01-10', helperMemberId: probationary }), 'BAD_USER_INPUT', 'input.helperMemberId');
  expectError(await step({ step: 'HELPER_ASSIGNED', on: '2024-01-10' }), 'BAD_USER_INPUT', 'input.helperMemberId');
  expectError(await step({ step: 'INTRODUCERS_ASSIGNED', on: '2024-01-10', introducers: [{ memberId: officials[0], workedTogetherSince: '2020-01-01' }] }), 'BAD_USER_INPUT', 'input.introducers');
  expectError(
    await step({ step: 'INTRODUCERS_ASSIGNED', on: '2024-01-10', introducers: [{ memberId: officials[0], workedTogetherSince: '2020-01-01' }, { memberId: probationary, workedTogetherSince: '2020-01-01' }] }),
    'BAD_USER_INPUT',
    'input.introducers.1.memberId',
  );
  const ok = await step({ step: 'INTRODUCERS_ASSIGNED', on: '2024-01-10', introducers: officials.map((memberId) => ({ memberId, workedTogetherSince: '2020-01-01' })) });
  expect(ok.errors).toBeUndefined();
  const data = await read(p, `query($id: ID!) { prospect(id: $id) { stage stepsDone introducers { member { id } workedTogetherSince } steps { step on recordedBy } } }`, { id: prospect.id });
  expect(data.prospect.stage).toBe('INTRODUCERS_ASSIGNED');
  expect(data.prospect.introducers.map((i: { member: { id: string } }) => i.member.id).sort()).toEqual([...officials].sort());
  expect(data.prospect.steps).toEqual([
    { step: 'REGISTERED', on: '2024-01-05', recordedBy: 'test-admin' },
    { step: 'INTRODUCERS_ASSIGNED', on: '2024-01-10', recordedBy: 'test-admin' },
  ]);
});
