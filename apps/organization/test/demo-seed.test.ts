import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type TestPlatform } from '@party/testing';
import type { DataSource } from 'typeorm';
import { startOrganizationSubgraph } from '../src/app';
import { loadOrganizationConfig } from '../src/config';
import { DEMO_USERS, seedDemoTree } from '../src/seed/demo-tree';

// The demo data `npm start` loads, seen by its demo users through the gateway.
let p: TestPlatform;
let db: DataSource;
let ids: Record<string, string>;

beforeAll(async () => {
  p = await startPlatform({
    organization: async (env) => {
      const server = await startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) });
      db = server.dataSource;
      return server;
    },
  });
  ids = await seedDemoTree(db);
});
afterAll(() => p?.stop());

const user = (userId: string): Caller => {
  const u = DEMO_USERS.find((d) => d.userId === userId)!;
  return { userId: u.userId, roles: [...u.roles], scope: u.scopeCodes.map((c) => ids[c]!) };
};

const ROOTS = `query($asOf: Date) { organizationRoots(asOf: $asOf) { code children { totalCount edges { node { code } } } } }`;

test('seeding again changes nothing', async () => {
  const before = await db.query('SELECT count(*)::int AS n FROM organization_change');
  expect(await seedDemoTree(db)).toEqual(ids);
  expect(await db.query('SELECT count(*)::int AS n FROM organization_change')).toEqual(before);
});

test('the province officer sees 2024 with Ninh Thuận and its districts, and today only Khánh Hòa with the new communes', async () => {
  const then = await p.query(ROOTS, { asOf: '2024-12-31' }, user('province.officer'));
  expect(then.data.organizationRoots.map((r: { code: string }) => r.code)).toEqual(['KHANH_HOA', 'NINH_THUAN']);
  const nt = then.data.organizationRoots[1].children.edges.map((e: { node: { code: string } }) => e.node.code);
  expect(nt).toEqual(expect.arrayContaining(['PHAN_RANG', 'NINH_HAI', 'NINH_PHUOC', 'NINH_SON', 'BAC_AI', 'THUAN_BAC', 'THUAN_NAM', 'CONG_AN_NT', 'BIEN_PHONG_NT']));
  expect(nt).toHaveLength(12);

  const now = await p.query(ROOTS, {}, user('province.officer'));
  expect(now.data.organizationRoots.map((r: { code: string }) => r.code)).toEqual(['KHANH_HOA']);
  const kh = now.data.organizationRoots[0].children.edges.map((e: { node: { code: string } }) => e.node.code);
  expect(kh).toEqual(expect.arrayContaining(['XA_NINH_HAI', 'PHUONG_PHAN_RANG', 'CONG_AN_NT', 'BIEN_PHONG_NT']));
  expect(kh).not.toContain('NINH_HAI');
});

test('Ninh Hải: a district in 2024, dissolved on 2025-07-01, succeeded by the commune that took its organisations', async () => {
  const q = `query($asOf: Date) { organization(code: "NINH_HAI", asOf: $asOf) { validTo successors { code asOf children { edges { node { code } } } } children { edges { node { code } } } } }`;
  const then = await p.query(q, { asOf: '2024-12-31' }, user('district.officer'));
  expect(then.errors).toBeUndefined();
  expect(then.data.organization.validTo).toBe('2025-07-01');
  expect(then.data.organization.children.edges.map((e: { node: { code: string } }) => e.node.code).sort()).toEqual(['CTY_MUOI_NINH_HAI', 'HO_HAI', 'KHANH_HAI']);
  expect(then.data.organization.successors).toEqual([
    { code: 'XA_NINH_HAI', asOf: '2025-07-01', children: { edges: expect.arrayContaining([{ node: { code: 'HO_HAI' } }]) } },
  ]);
  const now = await p.query(q, {}, user('district.officer'));
  expect(now.data.organization).toBeNull();
});

test('demo users reach only their own organisations', async () => {
  const denied = await p.query(`{ organization(code: "PHAN_RANG", asOf: "2024-12-31") { name } }`, {}, user('district.officer'));
  expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const cell = await p.query(ROOTS, {}, user('cell.secretary'));
  expect(cell.data.organizationRoots).toEqual([{ code: 'KINH_DINH-C3', children: { totalCount: 0, edges: [] } }]);
  const write = await p.query(
    `mutation($input: RenameOrganizationInput!) { renameOrganization(input: $input) { change { id } } }`,
    { input: { id: ids['KINH_DINH-C3'], name: 'Chi bộ mới', effectiveOn: '2026-01-01', decisionRef: 'X' } },
    user('cell.secretary'),
  );
  expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
