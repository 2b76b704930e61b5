/**
 * Query.evaluationFacts through the gateway: exact columns for a hand-built
 * fixture, keyset paging that returns every organisation exactly once while
 * admissions are written concurrently, and a fixed number of statements per
 * page whatever its size.
 */
import { StatementCounter } from '@party/testing';
import type { MemberSeed } from '@party/membership';
import pg from 'pg';
import { admittedOn, changeTree, createOrg, expectError, officer, read, setTargets, startEvaluationPlatform, type EvaluationPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: EvaluationPlatform;
let central: Org, province: Org, district: Org, committee: Org, cell: Org, other: Org, otherCommittee: Org;
const extraCells: Org[] = [];

const FACT_FIELDS = `year organizationId code name kind parentCode path depth target admitted admittedQ1 admittedQ2 admittedQ3 admittedQ4 achievementRate grade score
  membersAtStart membersAtEnd admittedWomen admittedEthnicMinority admittedYouthUnion admittedAge18to30
  removedStruckOff removedExpelled removedWithdrawn removedDeceased removedProbationNotRecognized finalized`;
const FACTS = `query($year: Int!, $under: ID, $first: Int, $after: String) { evaluationFacts(year: $year, under: $under, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${FACT_FIELDS} } } } }`;

const member = (over: Partial<MemberSeed> & { events: MemberSeed['events'] }): MemberSeed => ({
  fullName: 'Người thử',
  gender: 'MALE',
  birthDate: '1990-01-01',
  ethnicity: 'Kinh',
  youthUnion: false,
  ...over,
});
const admit = (orgId: string, on: string) => ({ type: 'ADMITTED' as const, effectiveOn: on, decisionRef: 'KN', organizationId: orgId });
const end = (on: string, reason: string) => ({ type: 'TERMINATED' as const, effectiveOn: on, decisionRef: 'QĐ', reason });

beforeAll(async () => {
  p = await startEvaluationPlatform(counter);
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  province = await createOrg(p, { name: 'Tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  district = await createOrg(p, { name: 'Huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  committee = await createOrg(p, { name: 'Đảng bộ xã Tri Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: district.id });
  cell = await createOrg(p, { name: 'Chi bộ thôn 1', kind: 'CELL', parentId: committee.id });
  other = await createOrg(p, { name: 'Huyện Bác Ái', kind: 'DISTRICT', parentId: province.id });
  otherCommittee = await createOrg(p, { name: 'Đảng bộ xã Phước Đại', kind: 'GRASSROOTS_COMMITTEE', parentId: other.id });
  for (let i = 0; i < 24; i++) extraCells.push(await createOrg(p, { name: `Chi bộ ${i}`, kind: 'CELL', parentId: otherCommittee.id }));

  await p.loadMembers([
    // On 1 January 2024: three admitted in 2020 and one in 2023.
    member({ events: [admit(cell.id, '2020-05-01')] }),
    member({ events: [admit(cell.id, '2020-05-01'), end('2024-06-01', 'STRUCK_OFF')] }),
    member({ events: [admit(cell.id, '2020-05-01'), end('2024-09-01', 'EXPELLED'), { type: 'REINSTATED', effectiveOn: '2024-11-01', decisionRef: 'QĐ-PH' }] }),
    member({ events: [admit(cell.id, '2023-03-01')] }),
    // Admitted in 2024, one per quarter.
    member({ gender: 'FEMALE', birthDate: '2000-03-01', ethnicity: 'Chăm', youthUnion: true, events: [admit(cell.id, '2024-02-10')] }),
    member({ birthDate: '1980-01-01', events: [admit(cell.id, '2024-05-10'), end('2024-12-01', 'DECEASED')] }),
    member({ gender: 'FEMALE', birthDate: '1994-06-01', ethnicity: 'Raglai', youthUnion: true, events: [admit(cell.id, '2024-08-10')] }),
    member({ birthDate: '2006-01-01', youthUnion: true, events: [admit(cell.id, '2024-11-10')] }),
  ]);
  await setTargets(p, province.id, 2024, [{ organizationId: district.id, target: 5 }]);
  await setTargets(p, committee.id, 2024, [{ organizationId: cell.id, target: 4, quarters: [1, 1, 1, 1] }]);
  const rated = await p.query(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`, {
    input: { organizationId: cell.id, year: 2024, grade: 'GOOD', peerGroup: 'CHI-BO-2024', decisionRef: 'QĐ-XL' },
  });
  if (rated.errors) throw new Error(JSON.stringify(rated.errors));
}, 300_000);
afterAll(() => p?.stop());

async function allPages(under: string | null, first: number): Promise<{ ids: string[]; pages: number; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const data: any = await read(p, FACTS, { year: 2024, under, first, after });
    const c = data.evaluationFacts;
    pages++;
    totals.push(c.totalCount);
    ids.push(...c.edges.map((e: { node: { organizationId: string } }) => e.node.organizationId));
    if (!c.pageInfo.hasNextPage) return { ids, pages, totals };
    after = c.pageInfo.endCursor;
  }
}

test('the columns of a hand-built fixture are exact', async () => {
  const data = await read(p, FACTS, { year: 2024, under: district.id, first: 10 });
  const c = data.evaluationFacts;
  expect(c.totalCount).toBe(3);
  expect(c.pageInfo.hasNextPage).toBe(false);
  const byId = Object.fromEntries(c.edges.map((e: { node: { organizationId: string } }) => [e.node.organizationId, e.node]));
  expect(Object.keys(byId).sort()).toEqual([district.id, committee.id, cell.id].sort());
  const common = {
    year: 2024,
    admitted: 4,
    admittedQ1: 1,
    admittedQ2: 1,
    admittedQ3: 1,
    admittedQ4: 1,
    membersAtStart: 4,
    membersAtEnd: 6,
    admittedWomen: 2,
    admittedEthnicMinority: 2,
    admittedYouthUnion: 3,
    admittedAge18to30: 3,
    removedStruckOff: 1,
    removedExpelled: 0,
    removedWithdrawn: 0,
    removedDeceased: 1,
    removedProbationNotRecognized: 0,
    finalized: false,
  };
  expect(byId[cell.id]).toEqual({
    ...common,
    organizationId: cell.id,
    code: cell.code,
    name: 'Chi bộ thôn 1',
    kind: 'CELL',
    parentCode: committee.code,
    path: 'Trung ương / Tỉnh Ninh Thuận / Huyện Ninh Hải / Đảng bộ xã Tri Hải / Chi bộ thôn 1',
    depth: 4,
    target: 4,
    achievementRate: 1,
    grade: 'GOOD',
    score: null,
  });
  expect(byId[district.id]).toEqual({
    ...common,
    organizationId: district.id,
    code: district.code,
    name: 'Huyện Ninh Hải',
    kind: 'DISTRICT',
    parentCode: province.code,
    path: 'Trung ương / Tỉnh Ninh Thuận / Huyện Ninh Hải',
    depth: 2,
    target: 5,
    achievementRate: 0.8,
    grade: null,
    score: null,
  });
  expect(byId[committee.id]).toMatchObject({ ...common, target: null, achievementRate: null, depth: 3, parentCode: district.code });
});

test('paging by 7 returns every organisation exactly once while admissions are written', async () => {
  // The province; Ninh Hải, its committee and cell; Bác Ái, its committee and 24 cells: 30 organisations.
  const expected = [province, district, committee, cell, other, otherCommittee, ...extraCells].map((o) => o.id);
  const writes = (async () => {
    for (let i = 0; i < 6; i++) await p.loadMembers(admittedOn(extraCells[(i * 5) % extraCells.length]!.id, ['2024-04-04', '2024-10-10'], 20));
  })();
  const [first, , second] = await Promise.all([allPages(province.id, 7), writes, allPages(province.id, 7)]);
  for (const paged of [first, second]) {
    expect(new Set(paged.ids).size).toBe(paged.ids.length);
    expect([...paged.ids].sort()).toEqual([...expected].sort());
    expect(paged.pages).toBe(Math.ceil(expected.length / 7));
    expect(new Set(paged.totals)).toEqual(new Set([expected.length]));
  }
  // Without `under`, an administrator reaches the whole tree: the central committee too.
  const everything = await allPages(null, 500);
  expect(everything.ids.length).toBe(expected.length + 1);
  expect(everything.ids).toContain(central.id);
});

test('a fixed number of statements per page, whatever its size', async () => {
  const statements = async (first: number) => {
    counter.reset();
    const data = await read(p, FACTS, { year: 2024, under: province.id, first });
    expect(data.evaluationFacts.edges.length).toBe(Math.min(first, 30));
    return counter.count;
  };
  const small = await statements(10);
  const large = await statements(200);
  expect(large).toBe(small);
  expect(small).toBeLessThanOrEqual(12);
});

test('scope, page size and cursor are checked', async () => {
  const outsider = officer([other.id]);
  expectError(await p.query(FACTS, { year: 2024, under: district.id }, outsider), 'FORBIDDEN', 'under');
  // An officer without `under` sees their own subtree only.
  const mine: any = await read(p, FACTS, { year: 2024, first: 100 }, outsider);
  expect(mine.evaluationFacts.totalCount).toBe(26);
  expect(mine.evaluationFacts.edges.map((e: { node: { organizationId: string } }) => e.node.organizationId)).not.toContain(district.id);
  expectError(await p.query(FACTS, { year: 2024, first: 1001 }), 'BAD_USER_INPUT', 'first');
  expectError(await p.query(FACTS, { year: 2024, after: 'nonsense' }), 'BAD_USER_INPUT', 'after');
});

// Last: it moves part of the tree.
test('members at the start and end of the year are the same before and after membership applies a tree change', async () => {
  const db = new pg.Client({ connectionString: p.db.url });
  await db.connect();
  try {
    const current = async () => (await db.query(`SELECT current FROM membership.member_counts_current_v1`)).rows[0].current as boolean;
    const members = async () => {
      const data: any = await read(p, FACTS, { year: 2024, under: province.id, first: 100 });
      return Object.fromEntries(data.evaluationFacts.edges.map((e: any) => [e.node.organizationId, [e.node.membersAtStart, e.node.membersAtEnd]]));
    };
    const before = await members();
    expect(before[district.id]).toEqual([4, 6]);
    // The committee (with its cell and six members at the end of the year) moves to Bác Ái from 1 July.
    await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: committee.id, newParentId: other.id, effectiveOn: '2024-07-01' });
    expect(await current()).toBe(false);
    const lagging = await members();
    expect(await current()).toBe(false);
    // Membership applies the change on its next read.
    await read(p, `query($id: ID!) { organization(id: $id) { memberCount } }`, { id: province.id });
    expect(await current()).toBe(true);
    const caughtUp = await members();
    expect(caughtUp).toEqual(lagging);
    expect(caughtUp[district.id]).toEqual([4, 0]);
    expect(caughtUp[other.id]).toEqual([before[other.id][0], before[other.id][1] + 6]);
    expect(caughtUp[province.id]).toEqual(before[province.id]);
  } finally {
    await db.end();
  }
});
