/**
 * Reading a tree costs a fixed number of SQL statements per nested level,
 * whatever the tree's size: a 10-organisation and a ~1,000-organisation tree
 * answer the same three-level query with the same number of statements.
 */
import { StatementCounter, type TestPlatform } from '@party/testing';
import { createMany, createOrg, officer, read, startOrganizationPlatform, type CreatedOrg, type NewOrg } from './helpers';

const counter = new StatementCounter();
let p: TestPlatform;
let small: CreatedOrg;
let big: CreatedOrg;

/** Creates a province with `districts` districts, `committees` grassroots committees in each and `cells` cells in each committee: one request per level. */
async function buildTree(name: string, districts: number, committees: number, cells: number): Promise<CreatedOrg> {
  const on = '2015-01-01';
  const root = await createOrg(p, { name, kind: 'PROVINCIAL', effectiveOn: on });
  const level = async (parents: CreatedOrg[], n: number, kind: string, label: string) =>
    createMany(p, parents.flatMap((parent, i) => Array.from({ length: n }, (_, j): NewOrg => ({ name: `${label} ${i + 1}.${j + 1}`, kind, parentId: parent.id, effectiveOn: on }))));
  const ds = await level([root], districts, 'DISTRICT', `${name} huyện`);
  const gcs = await level(ds, committees, 'GRASSROOTS_COMMITTEE', `${name} đảng bộ xã`);
  await level(gcs, cells, 'CELL', `${name} chi bộ`);
  return root;
}

const THREE_LEVELS = `query($id: ID!) { organization(id: $id) { children { totalCount edges { node { children { totalCount edges { node { children { totalCount } } } } } } } } }`;

/** Runs `query` for `id` and returns the data and the number of statements it took. */
async function counted(query: string, id: string, as = undefined as ReturnType<typeof officer> | undefined) {
  counter.reset();
  const data = await read(p, query, { id }, as);
  return { data, statements: counter.count };
}

beforeAll(async () => {
  p = await startOrganizationPlatform(counter);
  small = await buildTree('Nhỏ', 3, 2, 0); // 1 + 3 + 6 = 10 organisations
  big = await buildTree('Lớn', 10, 10, 9); // 1 + 10 + 100 + 900 = 1,011 organisations
}, 300_000);
afterAll(() => p?.stop());

test('the trees are as built', async () => {
  const q = `query($id: ID!) { organization(id: $id) { descendants { totalCount } } }`;
  expect((await read(p, q, { id: small.id })).organization.descendants.totalCount).toBe(9);
  expect((await read(p, q, { id: big.id })).organization.descendants.totalCount).toBe(1010);
});

test('children → children → children { totalCount } costs the same for 10 and 1,000 organisations', async () => {
  const s = await counted(THREE_LEVELS, small.id);
  const b = await counted(THREE_LEVELS, big.id);

  // The answers are complete: every level was really read.
  const smallDistricts = s.data.organization.children;
  expect(smallDistricts.totalCount).toBe(3);
  expect(smallDistricts.edges.map((e: any) => e.node.children.totalCount)).toEqual([2, 2, 2]);
  expect(smallDistricts.edges.flatMap((e: any) => e.node.children.edges.map((g: any) => g.node.children.totalCount))).toEqual([0, 0, 0, 0, 0, 0]);
  const bigDistricts = b.data.organization.children;
  expect(bigDistricts.totalCount).toBe(10);
  expect(bigDistricts.edges.map((e: any) => e.node.children.totalCount)).toEqual(Array(10).fill(10));
  const leaves = bigDistricts.edges.flatMap((e: any) => e.node.children.edges.map((g: any) => g.node.children.totalCount));
  expect(leaves).toEqual(Array(100).fill(9));

  expect({ small: s.statements, big: b.statements }).toEqual({ small: b.statements, big: s.statements });
  expect(b.statements).toBeLessThan(10);
  expect(b.statements).toBeGreaterThan(0);
});

test('parent, ancestors and changes on every node do not add statements per node', async () => {
  const q = `query($id: ID!) { organization(id: $id) { children { edges { node { parent { id } ancestors { id }
    children { edges { node { parent { id } ancestors { id } changes { type } children { edges { node { id } } } } } } } } } } }`;
  const s = await counted(q, small.id);
  const b = await counted(q, big.id);
  const gcs = b.data.organization.children.edges.flatMap((e: any) => e.node.children.edges.map((g: any) => g.node));
  expect(gcs).toHaveLength(100);
  expect(gcs.every((g: any) => g.ancestors.length === 2 && g.changes.length === 1 && g.children.edges.length === 9)).toBe(true);
  expect(b.statements).toBe(s.statements);
  expect(b.statements).toBeLessThan(15);
});

test('descendants { totalCount } on every child does not add statements per child', async () => {
  const q = `query($id: ID!) { organization(id: $id) { children { edges { node { descendants(maxDepth: 1) { totalCount edges { node { id } } } } } } } }`;
  const s = await counted(q, small.id);
  const b = await counted(q, big.id);
  expect(b.data.organization.children.edges.map((e: any) => e.node.descendants.totalCount)).toEqual(Array(10).fill(10));
  expect(s.data.organization.children.edges.map((e: any) => e.node.descendants.totalCount)).toEqual([2, 2, 2]);
  // 3 districts against 10: equal only if descendants is batched across the level.
  expect({ statements: b.statements }).toEqual({ statements: s.statements });
});

test('a scoped officer costs the same on both trees', async () => {
  const s = await counted(THREE_LEVELS, small.id, officer([small.id]));
  const b = await counted(THREE_LEVELS, big.id, officer([big.id]));
  expect(b.data.organization.children.totalCount).toBe(10);
  expect(b.statements).toBe(s.statements);
  expect(b.statements).toBeLessThan(10);
});
