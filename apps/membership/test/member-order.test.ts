/**
 * Organization.members in the order an officer asks for (`orderBy`): by name, admission day or status,
 * either way, paged by keyset on the server. Paging through a list gives every member once, in order; a
 * cursor belongs to the order it came from; a page costs the same statements in every order and at any
 * depth of the list.
 */
import { StatementCounter } from '@party/testing';
import { loadMembers, type MemberSeed } from '../src/seed/register';
import { sortName } from '../src/services/rules';
import { createTree, expectError, officer, read, startMembershipPlatform, uniqueCitizenId, viewer, type MembershipPlatform } from './helpers';

const counter = new StatementCounter();
let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;

const AS_OF = '2024-06-01';

interface Listed {
  id: string;
  fullName: string;
  admittedOn: string;
  status: 'OFFICIAL' | 'PROBATIONARY';
  gender: 'MALE' | 'FEMALE';
}
/** The members listed under the committee on AS_OF, as the test expects them. */
let listed: Listed[] = [];

// Given names that repeat (the name order's ties: the rest of the name, then the id), two people of the
// same name, admission days shared by several members (ties by name).
const PEOPLE: [string, string, boolean][] = [
  // [full name, admission day, recognised a year later]
  ['Nguyễn Văn An', '2010-03-02', true],
  ['Trần Thị An', '2023-09-02', false],
  ['Lê Văn Bình', '2015-05-19', true],
  ['Lê Văn Bình', '2015-05-19', true],
  ['Phạm Thị Bình', '2023-09-02', false],
  ['Đàng Văn Chiến', '2018-12-22', true],
  ['Võ Thị Chi', '2023-09-02', false],
  ['Hoàng Minh Đức', '2001-01-15', true],
  ['Nguyễn Đức Dũng', '2015-05-19', false],
  ['Trương Thị Hà', '2020-07-01', true],
  ['Đặng Văn Hải', '2024-01-05', false],
  ['Phan Thị Hải', '2010-03-02', true],
  ['Lò Thị Hoa', '2019-11-11', true],
  ['Bùi Văn Khánh', '2023-09-02', true],
  ['Thạch Thị Lan', '1998-06-30', true],
  ['Chamaléa Minh', '2020-07-01', false],
  ['Đỗ Văn Nam', '2024-05-31', false],
  ['Ngô Thị Oanh', '2012-02-28', true],
  ['Huỳnh Văn Phúc', '2018-12-22', true],
  ['Dương Thị Quỳnh', '2021-04-30', true],
  ['Mai Văn Sơn', '2016-08-08', true],
  ['Lý Thị Thu', '2023-09-02', false],
  ['Tạ Văn Tùng', '2009-09-09', true],
  ['Kiều Thị Yến', '2024-06-01', false],
];

const addYear = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

beforeAll(async () => {
  p = await startMembershipPlatform(counter);
  tree = await createTree(p, 'Thứ tự');
  const seeds: MemberSeed[] = PEOPLE.map(([fullName, admittedOn, recognised], i) => ({
    fullName,
    gender: i % 3 ? 'FEMALE' : 'MALE',
    birthDate: '1980-01-01',
    citizenId: uniqueCitizenId(),
    events: [
      { type: 'ADMITTED', effectiveOn: admittedOn, decisionRef: 'KN', organizationId: i % 2 ? tree.cellA.id : tree.cellB.id },
      ...(recognised ? [{ type: 'RECOGNIZED' as const, effectiveOn: addYear(admittedOn), decisionRef: 'CT' }] : []),
    ],
  }));
  // Not listed on AS_OF: admitted after it; struck off before it.
  seeds.push(
    { fullName: 'Lê Thị Sau', gender: 'FEMALE', birthDate: '1990-01-01', citizenId: uniqueCitizenId(), events: [{ type: 'ADMITTED', effectiveOn: '2024-09-01', decisionRef: 'KN', organizationId: tree.cellA.id }] },
    {
      fullName: 'Lê Văn Đã',
      gender: 'MALE',
      birthDate: '1970-01-01',
      citizenId: uniqueCitizenId(),
      events: [
        { type: 'ADMITTED', effectiveOn: '2000-01-03', decisionRef: 'KN', organizationId: tree.cellB.id },
        { type: 'TERMINATED', effectiveOn: '2022-01-03', decisionRef: 'XÓA', reason: 'STRUCK_OFF' },
      ],
    },
  );
  const ids = await loadMembers(p.membershipDb, seeds);
  listed = PEOPLE.map(([fullName, admittedOn, recognised], i) => ({
    id: ids[i]!,
    fullName,
    admittedOn,
    status: recognised && addYear(admittedOn) <= AS_OF ? 'OFFICIAL' : 'PROBATIONARY',
    gender: i % 3 ? 'FEMALE' : 'MALE',
  }));
  // Placements catch up with the tree once, before anything is counted.
  await read(p, `query($id: ID!) { organization(id: $id) { memberCount } }`, { id: tree.committee.id });
}, 300_000);
afterAll(() => p?.stop());

// ---------------------------------------------------------------- the orders the test expects

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Ties of every order: given name (sort_name, C collation), then id. */
const byName = (a: Listed, b: Listed) => byText(sortName(a.fullName), sortName(b.fullName)) || byText(a.id, b.id);
const ORDERS: Record<string, (a: Listed, b: Listed) => number> = {
  'NAME ASC': byName,
  'NAME DESC': (a, b) => -byName(a, b),
  'ADMITTED_ON ASC': (a, b) => byText(a.admittedOn, b.admittedOn) || byName(a, b),
  'ADMITTED_ON DESC': (a, b) => -byText(a.admittedOn, b.admittedOn) || byName(a, b),
  'STATUS ASC': (a, b) => byText(a.status, b.status) || byName(a, b),
  'STATUS DESC': (a, b) => -byText(a.status, b.status) || byName(a, b),
};
const expected = (order: string, keep: (m: Listed) => boolean = () => true) => listed.filter(keep).sort(ORDERS[order]).map((m) => m.id);
const orderBy = (order: string) => {
  const [field, direction] = order.split(' ');
  return { field, direction };
};

const PAGE = `query($id: ID!, $first: Int!, $after: String, $orderBy: MemberOrder, $filter: MemberFilter) {
  organization(id: $id, asOf: "${AS_OF}") {
    members(first: $first, after: $after, includeDescendants: true, orderBy: $orderBy, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id fullName admittedOn status } }
    }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; fullName: string; admittedOn: string; status: string } }[];
}
const page = (vars: Record<string, unknown>, as?: ReturnType<typeof officer>): Promise<Page> =>
  read(p, PAGE, { id: tree.committee.id, first: 4, ...vars }, as).then((d) => d.organization.members);

/** Every page of the list, following endCursor; the ids in the order served, and each page. */
async function all(vars: Record<string, unknown>, as?: ReturnType<typeof officer>) {
  const pages: Page[] = [];
  let after: string | null = null;
  for (;;) {
    const conn: Page = await page({ ...vars, after }, as);
    pages.push(conn);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
    expect(pages.length).toBeLessThan(20);
  }
  return { ids: pages.flatMap((c) => c.edges.map((e) => e.node.id)), pages };
}

const cursorValues = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

// ---------------------------------------------------------------- tests

test('the register is as loaded: 24 members under the committee on the day', async () => {
  expect((await page({ first: 0 })).totalCount).toBe(24);
  expect(listed.filter((m) => m.status === 'OFFICIAL')).toHaveLength(14);
});

test.each(Object.keys(ORDERS))('%s: paging through the list gives every member exactly once, in order', async (order) => {
  const { ids, pages } = await all({ orderBy: orderBy(order) });
  expect(ids).toEqual(expected(order));
  expect(new Set(ids).size).toBe(24);
  expect(pages).toHaveLength(6);
  for (const c of pages) expect(c.totalCount).toBe(24);
  // Each row is served with the values it is ordered by.
  const rows = pages.flatMap((c) => c.edges.map((e) => e.node));
  expect(rows.map((r) => [r.fullName, r.admittedOn, r.status])).toEqual(expected(order).map((id) => listed.find((m) => m.id === id)!).map((m) => [m.fullName, m.admittedOn, m.status]));
});

test.each(['NAME DESC', 'ADMITTED_ON ASC', 'ADMITTED_ON DESC', 'STATUS DESC'])('%s: any edge\'s cursor continues the list right after that edge', async (order) => {
  const first = await page({ orderBy: orderBy(order), first: 7 });
  const rest = await page({ orderBy: orderBy(order), first: 30, after: first.edges[2]!.cursor });
  expect(rest.edges.map((e) => e.node.id)).toEqual(expected(order).slice(3));
  expect(rest.pageInfo.hasNextPage).toBe(false);
});

test('ordered and filtered: the filter picks the rows, the order sorts them', async () => {
  const women = (m: Listed) => m.gender === 'FEMALE';
  expect((await all({ orderBy: orderBy('ADMITTED_ON DESC'), filter: { gender: 'FEMALE' } })).ids).toEqual(expected('ADMITTED_ON DESC', women));
  const probationary = (m: Listed) => m.status === 'PROBATIONARY';
  expect((await all({ orderBy: orderBy('NAME DESC'), filter: { status: ['PROBATIONARY'] } })).ids).toEqual(expected('NAME DESC', probationary));
});

test('the default order is by name, A to Z, with the cursors it always had', async () => {
  const plain = await all({});
  expect(plain.ids).toEqual(expected('NAME ASC'));
  // A cursor of the default order is [sort key, id], as before orderBy existed …
  const cursor = plain.pages[0]!.pageInfo.endCursor!;
  const fourth = listed.find((m) => m.id === expected('NAME ASC')[3])!;
  expect(cursorValues(cursor)).toEqual([sortName(fourth.fullName), fourth.id]);
  // … and the same order asked for by name (direction ASC by default) takes it.
  const named = await page({ orderBy: { field: 'NAME' }, after: cursor, first: 30 });
  expect(named.edges.map((e) => e.node.id)).toEqual(expected('NAME ASC').slice(4));
  const explicit = await page({ orderBy: { field: 'NAME', direction: 'ASC' }, first: 4 });
  expect(explicit.pageInfo.endCursor).toBe(cursor);
});

test('a cursor of one order is refused under another: BAD_USER_INPUT on `after`, naming both orders', async () => {
  const cursorOf = async (order: string | null) => (await page(order ? { orderBy: orderBy(order) } : {})).pageInfo.endCursor!;
  const byAdmission = await cursorOf('ADMITTED_ON ASC');
  const byDefault = await cursorOf(null);
  const attempt = (vars: Record<string, unknown>) => p.query(PAGE, { id: tree.committee.id, first: 4, ...vars });

  const e1 = expectError(await attempt({ after: byAdmission }), 'BAD_USER_INPUT', 'after');
  expect(e1.message).toMatch(/ADMITTED_ON ASC/);
  expect(e1.message).toMatch(/default order/);
  expectError(await attempt({ after: byAdmission, orderBy: orderBy('NAME ASC') }), 'BAD_USER_INPUT', 'after');
  const e2 = expectError(await attempt({ after: byAdmission, orderBy: orderBy('ADMITTED_ON DESC') }), 'BAD_USER_INPUT', 'after');
  expect(e2.message).toMatch(/ADMITTED_ON ASC.*ADMITTED_ON DESC/);
  expectError(await attempt({ after: byDefault, orderBy: orderBy('STATUS ASC') }), 'BAD_USER_INPUT', 'after');
  expectError(await attempt({ after: byDefault, orderBy: orderBy('NAME DESC') }), 'BAD_USER_INPUT', 'after');
  expectError(await attempt({ after: await cursorOf('STATUS ASC'), orderBy: orderBy('ADMITTED_ON ASC') }), 'BAD_USER_INPUT', 'after');

  // Cursors not made by the API: refused the same way, before any statement runs.
  const id = listed[0]!.id;
  for (const [values, order] of [
    [['ADMITTED_ON:ASC', '2024-02-30', 'an nguyen van an', id], 'ADMITTED_ON ASC'],
    [['ADMITTED_ON:ASC', '2024-01-01', 'an nguyen van an'], 'ADMITTED_ON ASC'],
    [['STATUS:ASC', 'EXPELLED', 'an nguyen van an', id], 'STATUS ASC'],
    [['BIRTH_DATE:ASC', '1980-01-01', 'an', id], 'NAME ASC'],
    [['an nguyen van an', 'not-an-id'], 'NAME ASC'],
    [['an nguyen van an', 42], 'NAME ASC'],
  ] as const) {
    counter.reset();
    const e = expectError(await attempt({ after: forge([...values]), orderBy: orderBy(order) }), 'BAD_USER_INPUT', 'after');
    expect(e.message).toMatch(/is not a cursor returned by this API/);
    expect(counter.statements.filter((s) => s.includes('FROM placement p'))).toEqual([]);
  }
});

test('no order by a sensitive field: the orders are name, admission day and status', async () => {
  const data = await read(p, `{ __type(name: "MemberOrderField") { enumValues { name } } }`);
  expect(data.__type.enumValues.map((v: { name: string }) => v.name)).toEqual(['NAME', 'ADMITTED_ON', 'STATUS']);
  for (const field of ['BIRTH_DATE', 'ETHNICITY', 'RELIGION', 'CITIZEN_ID']) {
    const res = await p.query(PAGE, { id: tree.committee.id, first: 4, orderBy: { field } });
    expect(res.errors?.[0]?.message).toMatch(/MemberOrderField/);
    expect(res.data).toBeUndefined();
  }
});

test('a viewer (no sensitive fields) pages in every order too', async () => {
  const me = viewer([tree.district.id]);
  for (const order of ['ADMITTED_ON DESC', 'STATUS ASC']) expect((await all({ orderBy: orderBy(order) }, me)).ids).toEqual(expected(order));
});

test('a page costs the same statements in every order, on the first page and deep in the list, whatever its size', async () => {
  const me = officer([tree.district.id]);
  const kinds = (log: string[]) =>
    log
      .map((q) =>
        q === 'START TRANSACTION' ? 'begin' : q === 'COMMIT' ? 'commit' : q.includes("set_config('party.scope'") ? 'rls'
        : q.includes('FROM organization.tree_v1') ? 'orgs' : q.includes('FROM tree_sync') ? 'sync'
        : q.includes('FROM placement p JOIN member m') ? (q.includes('ORDER BY') ? 'page' : 'count')
        : /FROM placement\s+WHERE member_id/.test(q) ? 'placements' : q.includes('FROM member_segment') ? 'spans' : q.includes('e.decision_ref') ? 'events'
        : q.includes('INTO membership.audit_log') ? 'audit' : q,
      )
      .sort();
  // The request's transaction (begin, row-level security scope, commit: docs/decisions/0020), the organisation
  // and the officer's organisations on the day, the tree catch-up check, the page (one statement, ordered and
  // limited), the count (totalCount), the page's members' placements and temporary hostings, membership spans
  // and events (one statement each, for the whole page), the audit entry of the people read.
  const EXPECTED = ['audit', 'begin', 'commit', 'count', 'events', 'orgs', 'orgs', 'page', 'placements', 'placements', 'rls', 'spans', 'sync'];
  for (const order of Object.keys(ORDERS)) {
    let after: string | null = null;
    const served: string[] = [];
    for (const first of [3, 3, 3, 9]) {
      counter.reset();
      const conn: Page = await page({ orderBy: orderBy(order), first, after }, me);
      expect({ order, first, after: !!after, statements: kinds(counter.statements) }).toEqual({ order, first, after: !!after, statements: EXPECTED });
      served.push(...conn.edges.map((e) => e.node.id));
      after = conn.pageInfo.endCursor;
    }
    expect(served).toEqual(expected(order).slice(0, 18));
  }
});
