/**
 * Member counts on many organisations at once cost a fixed number of SQL
 * statements in the membership subgraph: the gateway resolves the counts of
 * every child through `_entities`, and 10 or 1,000 organisations take the
 * same statements.
 */
import { StatementCounter } from '@party/testing';
import { createOrg, officer, read, seedOfficials, startMembershipPlatform, uniqueCode, type MembershipPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: MembershipPlatform;

const AS_OF = '2024-06-01';

interface Committee {
  committee: Org;
  cells: Org[];
  /** Expected counts by cell id on AS_OF. */
  expected: Map<string, { memberCount: number; own: number; official: number }>;
}
let small: Committee;
let big: Committee;
let districtId: string;

/** Creates organisations, 200 aliased createOrganization mutations per request. */
async function createMany(inputs: { name: string; kind: string; parentId: string }[]): Promise<Org[]> {
  const out: Org[] = [];
  for (let start = 0; start < inputs.length; start += 200) {
    const chunk = inputs.slice(start, start + 200);
    const vars: Record<string, unknown> = {};
    const defs: string[] = [];
    const fields: string[] = [];
    chunk.forEach((input, i) => {
      vars[`i${i}`] = { effectiveOn: '2000-01-01', decisionRef: 'TEST-QĐ', code: uniqueCode('CELL'), ...input };
      defs.push(`$i${i}: CreateOrganizationInput!`);
      fields.push(`a${i}: createOrganization(input: $i${i}) { organization { id code name kind } }`);
    });
    const res = await p.query(`mutation(${defs.join(', ')}) { ${fields.join('\n')} }`, vars);
    if (res.errors) throw new Error(`createMany failed: ${JSON.stringify(res.errors.slice(0, 3))}`);
    out.push(...chunk.map((_, i) => res.data[`a${i}`].organization));
  }
  return out;
}

/**
 * A grassroots committee with `n` cells: every 100th cell (from the first) has
 * three official members, and cells 7, 257, 507, 757 two probationary members
 * (admitted 2024-01-01).
 */
async function buildCommittee(parentId: string, label: string, n: number): Promise<Committee> {
  const committee = await createOrg(p, { name: `Đảng bộ ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId });
  const cells = await createMany(Array.from({ length: n }, (_, i) => ({ name: `Chi bộ ${label} ${String(i).padStart(4, '0')}`, kind: 'CELL', parentId: committee.id })));
  const expected = new Map(cells.map((c) => [c.id, { memberCount: 0, own: 0, official: 0 }]));
  for (const [i, cell] of cells.entries()) {
    const e = expected.get(cell.id)!;
    if (i % 100 === 0) {
      await seedOfficials(p, cell.id, 3);
      e.memberCount += 3;
      e.own += 3;
      e.official += 3;
    }
    if (i % 250 === 7) {
      await seedOfficials(p, cell.id, 2, '2024-01-01');
      e.memberCount += 2;
      e.own += 2;
    }
  }
  return { committee, cells, expected };
}

const FIELDS = `id memberCount own: memberCount(includeDescendants: false) official: memberCount(status: [OFFICIAL])`;
/** Two pages of children, each of `first`: the gateway asks the membership subgraph for the counts of every child through `_entities`. */
const TWO_PAGES = (fields: string) => `query($id: ID!, $asOf: Date, $first: Int!, $after: String!) {
  organization(id: $id, asOf: $asOf) {
    p1: children(first: $first) { edges { node { ${fields} } } }
    p2: children(first: $first, after: $after) { pageInfo { hasNextPage } edges { node { ${fields} } } }
  }
}`;

/** The cursor after the first half of the committee's children, and the page size that splits them in two. */
async function halves(c: Committee) {
  const first = c.cells.length / 2;
  const page = await read(p, `query($id: ID!, $asOf: Date, $first: Int!) { organization(id: $id, asOf: $asOf) { children(first: $first) { pageInfo { endCursor } } } }`, { id: c.committee.id, asOf: AS_OF, first });
  return { first, after: page.organization.children.pageInfo.endCursor as string };
}

/** Runs the two-page query on the committee; returns every child's node and the statements the membership subgraph ran. */
async function counted(c: Committee, fields: string, as?: ReturnType<typeof officer>) {
  const vars = { id: c.committee.id, asOf: AS_OF, ...(await halves(c)) };
  counter.reset();
  const data = await read(p, TWO_PAGES(fields), vars, as);
  const statements = counter.count;
  const nodes = [...data.organization.p1.edges, ...data.organization.p2.edges].map((e: { node: Record<string, any> }) => e.node);
  expect(data.organization.p2.pageInfo.hasNextPage).toBe(false);
  return { nodes, statements, log: [...counter.statements] };
}

beforeAll(async () => {
  p = await startMembershipPlatform(counter);
  const province = await createOrg(p, { name: 'Tỉnh Đếm', kind: 'PROVINCIAL' });
  const district = await createOrg(p, { name: 'Huyện Đếm', kind: 'DISTRICT', parentId: province.id });
  districtId = district.id;
  small = await buildCommittee(district.id, 'Nhỏ', 10);
  big = await buildCommittee(district.id, 'Lớn', 1000);
  // Placements catch up with the tree once, before anything is counted.
  await read(p, `query($id: ID!) { organization(id: $id) { memberCount } }`, { id: district.id });
}, 600_000);
afterAll(() => p?.stop());

test('the committees are as built', async () => {
  const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { totalCount } memberCount own: memberCount(includeDescendants: false) official: memberCount(status: [OFFICIAL]) } }`;
  expect((await read(p, q, { id: small.committee.id, asOf: AS_OF })).organization).toEqual({ children: { totalCount: 10 }, memberCount: 5, own: 0, official: 3 });
  expect((await read(p, q, { id: big.committee.id, asOf: AS_OF })).organization).toEqual({ children: { totalCount: 1000 }, memberCount: 38, own: 0, official: 30 });
  // Before the probationary members' admission.
  expect((await read(p, q, { id: big.committee.id, asOf: '2023-12-31' })).organization).toEqual({ children: { totalCount: 1000 }, memberCount: 30, own: 0, official: 30 });
});

test('memberCount (whole subtree, own, by status) on every child: the same statements for 10 and 1,000 organisations', async () => {
  const s = await counted(small, FIELDS);
  const b = await counted(big, FIELDS);

  // Every child was resolved by the membership subgraph, with the right counts.
  for (const [c, run] of [[small, s], [big, b]] as const) {
    expect(run.nodes).toHaveLength(c.cells.length);
    expect(new Set(run.nodes.map((n) => n.id)).size).toBe(c.cells.length);
    expect(Object.fromEntries(run.nodes.map((n) => [n.id, { memberCount: n.memberCount, own: n.own, official: n.official }]))).toEqual(Object.fromEntries(c.expected));
  }
  expect(b.nodes.reduce((sum, n) => sum + n.memberCount, 0)).toBe(38);
  expect(b.nodes.filter((n) => n.memberCount > 0)).toHaveLength(14);

  expect({ small: s.statements, big: b.statements }).toEqual({ small: b.statements, big: s.statements });
  // One `_entities` request per page, each: its transaction (begin, the row-level security scope, commit: docs/decisions/0020),
  // the organisations on the day (scope), the tree catch-up check, subtree counts, own counts.
  const kinds = (log: string[]) =>
    log
      .map((q) =>
        q === 'START TRANSACTION' ? 'begin' : q === 'COMMIT' ? 'commit' : q.includes("set_config('party.scope'") ? 'rls'
        : q.includes('FROM tree_sync') ? 'sync' : q.includes('FROM organization.tree_v1') ? 'orgs' : q.includes('FROM count_delta') ? 'subtree' : q.includes('FROM placement') ? 'own' : q,
      )
      .sort();
  expect(kinds(b.log)).toEqual(['begin', 'begin', 'commit', 'commit', 'orgs', 'orgs', 'own', 'own', 'rls', 'rls', 'subtree', 'subtree', 'sync', 'sync']);
  expect(kinds(s.log)).toEqual(kinds(b.log));
});

test('a scoped officer costs the same on both committees', async () => {
  const me = officer([districtId]);
  const s = await counted(small, FIELDS, me);
  const b = await counted(big, FIELDS, me);
  expect(b.nodes).toHaveLength(1000);
  expect(b.nodes.reduce((sum, n) => sum + n.memberCount + n.own + n.official, 0)).toBe(38 + 38 + 30);
  expect(s.nodes.reduce((sum, n) => sum + n.memberCount + n.own + n.official, 0)).toBe(5 + 5 + 3);
  expect(b.statements).toBe(s.statements);
  // The officer's scope is read with the organisations on the day: one more statement per page (and per page
  // the request's transaction: begin, scope, commit).
  expect(b.statements).toBe(16);
});

test('memberStats on every child: the right figures, and the same statements for 10 and 1,000 organisations', async () => {
  const s = await counted(small, 'id memberStats { total official probationary }');
  const b = await counted(big, 'id memberStats { total official probationary }');
  for (const [c, run] of [[small, s], [big, b]] as const) {
    expect(Object.fromEntries(run.nodes.map((n) => [n.id, n.memberStats]))).toEqual(
      Object.fromEntries([...c.expected].map(([id, e]) => [id, { total: e.memberCount, official: e.official, probationary: e.memberCount - e.official }])),
    );
  }
  expect(b.statements).toBe(s.statements);
});

test('memberStats of organisations near the top (running sums): one statement of sums for one organisation or all the children', async () => {
  const FIELDS_STATS = 'memberStats { total official probationary byActivity { key count } }';
  const run = async (query: string, vars: Record<string, unknown>) => {
    counter.reset();
    const data = await read(p, query, vars);
    return { data, statements: counter.count, sums: counter.statements.filter((s) => s.includes('FROM member_stat_year')).length };
  };
  // One committee (depth 2) on its own; then the district's children, both committees, in one _entities request.
  const one = await run(`query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { ${FIELDS_STATS} } }`, { id: small.committee.id, asOf: AS_OF });
  const all = await run(`query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { edges { node { id ${FIELDS_STATS} } } } } }`, { id: districtId, asOf: AS_OF });
  const stats = (c: Committee) => {
    const n = [...c.expected.values()].reduce((a, e) => ({ total: a.total + e.memberCount, official: a.official + e.official }), { total: 0, official: 0 });
    return { total: n.total, official: n.official, probationary: n.total - n.official, byActivity: [{ key: 'ACTIVE', count: n.total }] };
  };
  expect(one.data.organization.memberStats).toEqual(stats(small));
  const byId = Object.fromEntries(all.data.organization.children.edges.map((e: { node: { id: string; memberStats: unknown } }) => [e.node.id, e.node.memberStats]));
  expect(byId).toEqual({ [small.committee.id]: stats(small), [big.committee.id]: stats(big) });
  expect({ one: one.sums, all: all.sums }).toEqual({ one: 1, all: 1 });
  expect(all.statements).toBe(one.statements);
});
