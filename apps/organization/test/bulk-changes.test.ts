/**
 * Tree changes in bulk (establishOrganizations, moveOrganizations): the service
 * paths the demo seed and imports use. Same rules as the one-at-a-time
 * mutations, checked for every item before anything is written, one change
 * for the lot; the result read back through the gateway.
 */
import { createLogger, DomainError, type Caller } from '@party/subgraph-kit';
import { startPlatform, type TestPlatform } from '@party/testing';
import type { DataSource } from 'typeorm';
import { startOrganizationSubgraph } from '../src/app';
import { loadOrganizationConfig } from '../src/config';
import { createOrgContext } from '../src/context';
import { establishOrganizations, moveOrganizations } from '../src/services/tree-change.service';
import { ADMIN, createOrg, officer, read, uniqueCode } from './helpers';

let p: TestPlatform;
let db: DataSource;
let province: { id: string; code: string };

beforeAll(async () => {
  p = await startPlatform({
    organization: async (env) => {
      const server = await startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) });
      db = server.dataSource;
      return server;
    },
  });
  province = await createOrg(p, { name: 'Đảng bộ tỉnh Thử nghiệm', kind: 'PROVINCIAL', effectiveOn: '2020-01-01' });
});
afterAll(() => p?.stop());

const ctx = (caller: Caller = ADMIN) => createOrgContext({ requestId: 'bulk-test', caller, log: createLogger('test', 'silent') }, db);
const failure = async (work: Promise<unknown>) => {
  const e = await work.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return { code: (e as DomainError).code, field: (e as DomainError).field };
};
const count = async () => (await db.query('SELECT count(*)::int AS n FROM organization'))[0].n as number;

test('a district with communes and cells in one change, parents named by code, paths and depths as if created one by one', async () => {
  const [d, c1, c2] = [uniqueCode('D'), uniqueCode('X'), uniqueCode('X')];
  const { changeId, ids } = await establishOrganizations(ctx(), {
    effectiveOn: '2020-01-01',
    decisionRef: '12-QĐ/TU',
    organizations: [
      { code: d, name: 'Đảng bộ huyện Một', kind: 'DISTRICT', parentId: province.id },
      { code: c1, name: 'Đảng bộ xã Hai', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', parentCode: d },
      { code: `${c1}-C1`, name: 'Chi bộ thôn Ba', kind: 'CELL', sector: 'RESIDENTIAL_AREA', parentCode: c1 },
      { code: c2, name: 'Chi bộ Trường Bốn', kind: 'GRASSROOTS_CELL', sector: 'SCHOOL', parentCode: d },
    ],
  });
  expect(ids.size).toBe(4);
  const data = await read(
    p,
    `query($id: ID!, $cell: ID!) { organization(id: $id, asOf: "2020-06-01") { descendants { totalCount } }
       cell: organization(id: $cell, asOf: "2020-06-01") { depth ancestors { code } changes { id type effectiveOn decisionRef } } }`,
    { id: province.id, cell: ids.get(`${c1}-C1`) },
  );
  expect(data.organization.descendants.totalCount).toBe(4);
  expect(data.cell).toEqual({ depth: 3, ancestors: [{ code: province.code }, { code: d }, { code: c1 }], changes: [{ id: changeId, type: 'ESTABLISH', effectiveOn: '2020-01-01', decisionRef: '12-QĐ/TU' }] });
});

test('refused, naming the item, and nothing written: a code given twice or taken, a parent after its child, a kind that cannot sit there, another province for an officer', async () => {
  const before = await count();
  const make = (organizations: Record<string, unknown>[], caller?: Caller) => establishOrganizations(ctx(caller), { effectiveOn: '2020-01-01', decisionRef: 'X', organizations });
  const a = uniqueCode('A');
  expect(await failure(make([{ code: a, name: 'A', kind: 'DISTRICT', parentId: province.id }, { code: a, name: 'B', kind: 'DISTRICT', parentId: province.id }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.organizations.1.code' });
  expect(await failure(make([{ code: a, name: 'A', kind: 'DISTRICT', parentId: province.id }, { code: province.code, name: 'B', kind: 'DISTRICT', parentId: province.id }]))).toEqual({ code: 'CONFLICT', field: 'input.organizations.1.code' });
  expect(await failure(make([{ code: a, name: 'A', kind: 'CELL', parentCode: `${a}-P` }, { code: `${a}-P`, name: 'P', kind: 'GRASSROOTS_COMMITTEE', parentId: province.id }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.organizations.0.parentCode' });
  expect(await failure(make([{ code: a, name: 'A', kind: 'DISTRICT', parentId: province.id }, { code: `${a}-C`, name: 'C', kind: 'CELL', parentCode: a }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.organizations.1.kind' });
  expect(await failure(make([{ code: a, name: 'A', kind: 'DISTRICT', parentCode: 'NO_SUCH_CODE' }]))).toEqual({ code: 'NOT_FOUND', field: 'input.organizations.0.parentCode' });
  const other = await createOrg(p, { name: 'Đảng bộ tỉnh Khác', kind: 'PROVINCIAL', effectiveOn: '2020-01-01' });
  expect(await failure(make([{ code: a, name: 'A', kind: 'DISTRICT', parentId: other.id }], officer([province.id])))).toEqual({ code: 'FORBIDDEN', field: undefined });
  expect(await count()).toBe(before + 1);
});

test('moves decided together: one change, each checked as moveOrganization checks it, all or nothing', async () => {
  const [d1, d2, g1, g2] = [uniqueCode('D'), uniqueCode('D'), uniqueCode('G'), uniqueCode('G')];
  const { ids } = await establishOrganizations(ctx(), {
    effectiveOn: '2020-01-01',
    decisionRef: 'X',
    organizations: [
      { code: d1, name: 'Đảng bộ huyện Cũ', kind: 'DISTRICT', parentId: province.id },
      { code: d2, name: 'Đảng bộ huyện Mới', kind: 'DISTRICT', parentId: province.id },
      { code: g1, name: 'Đảng bộ xã Một', kind: 'GRASSROOTS_COMMITTEE', parentCode: d1 },
      { code: `${g1}-C1`, name: 'Chi bộ thôn Một', kind: 'CELL', parentCode: g1 },
      { code: g2, name: 'Chi bộ Trường Hai', kind: 'GRASSROOTS_CELL', parentCode: d1 },
    ],
  });
  const id = (c: string) => ids.get(c)!;
  // The second move would put a district under a grassroots cell: nothing moves.
  expect(await failure(moveOrganizations(ctx(), { effectiveOn: '2022-01-01', decisionRef: 'Y', moves: [{ id: id(g1), newParentId: id(d2) }, { id: id(d2), newParentId: id(g2) }] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.moves.1.newParentId' });
  expect(await failure(moveOrganizations(ctx(), { effectiveOn: '2022-01-01', decisionRef: 'Y', moves: [{ id: id(g1), newParentId: id(d1) }] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.moves.0.newParentId' });
  const { changeId } = await moveOrganizations(ctx(), { effectiveOn: '2022-01-01', decisionRef: '7-QĐ/TU', moves: [{ id: id(g1), newParentId: id(d2) }, { id: id(g2), newParentId: id(d2) }] });
  const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { edges { node { code } } } } cell: organization(code: "${g1}-C1", asOf: $asOf) { ancestors { code } } }`;
  const before = await read(p, q, { id: id(d2), asOf: '2021-12-31' });
  const after = await read(p, q, { id: id(d2), asOf: '2022-01-01' });
  expect(before.organization.children.edges).toEqual([]);
  expect(after.organization.children.edges.map((e: { node: { code: string } }) => e.node.code).sort()).toEqual([g1, g2].sort());
  expect(after.cell.ancestors.map((a: { code: string }) => a.code)).toEqual([province.code, d2, g1]);
  const [change] = await db.query(`SELECT type, (SELECT count(*)::int FROM organization_change_subject s WHERE s.change_id = c.id) AS subjects FROM organization_change c WHERE id = $1`, [changeId]);
  expect(change).toEqual({ type: 'MOVE', subjects: 2 });
});
