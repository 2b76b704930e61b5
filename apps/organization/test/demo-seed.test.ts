import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type TestPlatform } from '@party/testing';
import type { DataSource } from 'typeorm';
import { startOrganizationSubgraph } from '../src/app';
import { loadOrganizationConfig } from '../src/config';
import { DEMO_USERS, seedDemoTree } from '../src/seed/demo-tree';

// The demo tree `npm start` loads (packages/demo-data, default seed), seen by its demo users through the gateway.
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
}, 300_000);
afterAll(() => p?.stop());

const user = (userId: string): Caller => {
  const u = DEMO_USERS.find((d) => d.userId === userId)!;
  return { userId: u.userId, roles: [...u.roles], scope: u.scopeCodes.map((c) => ids[c]!) };
};
const codes = (conn: { edges: { node: { code: string } }[] }) => conn.edges.map((e) => e.node.code);

const ROOTS = `query($asOf: Date) { organizationRoots(asOf: $asOf) { code children(first: 50) { totalCount edges { node { code } } } } }`;

test('seeding again changes nothing', async () => {
  const before = await db.query('SELECT count(*)::int AS n FROM organization_change');
  expect(await seedDemoTree(db)).toEqual(ids);
  expect(await db.query('SELECT count(*)::int AS n FROM organization_change')).toEqual(before);
});

test('a database holding other organisations is refused, naming what to do, and left as it was', async () => {
  let otherDb: DataSource | undefined;
  const other = await startPlatform({
    organization: async (env) => {
      const server = await startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) });
      otherDb = server.dataSource;
      return server;
    },
  });
  try {
    const res = await other.query(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`, {
      input: { code: 'NINH_THUAN', name: 'Đảng bộ tỉnh Ninh Thuận', kind: 'PROVINCIAL', effectiveOn: '2020-01-01', decisionRef: 'X' },
    });
    expect(res.errors).toBeUndefined();
    await expect(seedDemoTree(otherDb!)).rejects.toThrow(/already holds 1 organisations, 1 of the 1733 of the demo tree .*delete \.data\/pg/);
    expect(await otherDb!.query('SELECT count(*)::int AS n FROM organization')).toEqual([{ n: 1 }]);
  } finally {
    await other.stop();
  }
});

test('the province officer sees 2024 with Ninh Thuận, its city, six districts and five affiliated committees; today only Khánh Hòa with the new communes', async () => {
  const then = await p.query(ROOTS, { asOf: '2024-12-31' }, user('province.officer'));
  expect(then.data.organizationRoots.map((r: { code: string }) => r.code)).toEqual(['KHANH_HOA', 'NINH_THUAN']);
  expect(codes(then.data.organizationRoots[1].children).sort()).toEqual(
    ['BAC_AI', 'BIEN_PHONG_NT', 'CONG_AN_NT', 'KHOI_CQ_NT', 'KHOI_DN_NT', 'NINH_HAI', 'NINH_PHUOC', 'NINH_SON', 'PHAN_RANG', 'QUAN_SU_NT', 'THUAN_BAC', 'THUAN_NAM'],
  );

  const now = await p.query(ROOTS, {}, user('province.officer'));
  expect(now.data.organizationRoots.map((r: { code: string }) => r.code)).toEqual(['KHANH_HOA']);
  const kh = now.data.organizationRoots[0].children;
  // 22 communes and wards formed from Ninh Thuận's 65, Nha Trang's ward, and the five affiliated committees.
  expect(kh.totalCount).toBe(28);
  expect(codes(kh)).toEqual(expect.arrayContaining(['XA_NINH_HAI', 'PHUONG_PHAN_RANG', 'XA_PHUOC_DAN', 'XA_NHA_TRANG', 'CONG_AN_NT', 'BIEN_PHONG_NT', 'QUAN_SU_NT', 'KHOI_CQ_NT', 'KHOI_DN_NT']));
  expect(codes(kh)).not.toContain('NINH_HAI');
});

test('the province by kind: 65 communes and wards, 150 grassroots committees, 285 grassroots cells, 1,253 cells at the end of 2024', async () => {
  const count = (kinds: string) => `descendants(kinds: [${kinds}]) { totalCount }`;
  const q = `query($asOf: Date) { organization(code: "NINH_THUAN", asOf: $asOf) {
      districts: ${count('DISTRICT')} affiliated: ${count('AFFILIATED')} committees: ${count('GRASSROOTS_COMMITTEE')}
      grassrootsCells: ${count('GRASSROOTS_CELL')} subCommittees: ${count('SUB_COMMITTEE')} cells: ${count('CELL')} all: descendants { totalCount } } }`;
  const n = (data: Record<string, { totalCount: number }>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.totalCount]));
  const end2024 = await p.query(q, { asOf: '2024-12-31' }, user('province.officer'));
  expect(n(end2024.data.organization)).toEqual({ districts: 7, affiliated: 5, committees: 150, grassrootsCells: 285, subCommittees: 3, cells: 1253, all: 1703 });
  const start = await p.query(q, { asOf: '2020-01-01' }, user('province.officer'));
  expect(n(start.data.organization)).toEqual({ districts: 7, affiliated: 5, committees: 149, grassrootsCells: 285, subCommittees: 3, cells: 1253, all: 1702 });
  const communes = await p.query(`{ organization(code: "NINH_THUAN", asOf: "2024-12-31") { descendants(maxDepth: 2, kinds: [GRASSROOTS_COMMITTEE], first: 200) { edges { node { sector parent { kind } } } } } }`, {}, user('province.officer'));
  const underDistricts = communes.data.organization.descendants.edges.filter((e: { node: { sector: string; parent: { kind: string } } }) => e.node.parent.kind === 'DISTRICT' && ['COMMUNE', 'WARD'].includes(e.node.sector));
  expect(underDistricts).toHaveLength(65);
});

test('Ninh Hải: a district in 2024, dissolved on 2025-07-01, succeeded by the commune that took its seat', async () => {
  const q = `query($asOf: Date) { organization(code: "NINH_HAI", asOf: $asOf) { validTo successors { code asOf children(first: 100) { edges { node { code } } } } children(first: 100) { totalCount edges { node { code } } } } }`;
  const then = await p.query(q, { asOf: '2024-12-31' }, user('district.officer'));
  expect(then.errors).toBeUndefined();
  const nh = then.data.organization;
  expect(nh.validTo).toBe('2025-07-01');
  // 9 communes and the town, 4 district committees, 30 grassroots cells.
  expect(nh.children.totalCount).toBe(43);
  expect(codes(nh.children)).toEqual(expect.arrayContaining(['KHANH_HAI', 'HO_HAI', 'CTY_MUOI_NINH_HAI', 'THPT_NINH_HAI', 'NINH_HAI-QUAN_SU']));
  expect(nh.successors.map((s: { code: string; asOf: string }) => [s.code, s.asOf])).toEqual([['XA_NINH_HAI', '2025-07-01']]);
  expect(codes(nh.successors[0].children)).toEqual(expect.arrayContaining(['KHANH_HAI', 'HO_HAI', 'TAN_HAI', 'CTY_MUOI_NINH_HAI', 'NINH_HAI-DANG_DOAN_THE']));
  const now = await p.query(q, {}, user('district.officer'));
  expect(now.data.organization).toBeNull();
});

test('the tree’s history: Hộ Hải renamed for a term, the salt company’s cell upgraded with two new cells, residential areas merged in 2021', async () => {
  const q = `query($code: String!, $asOf: Date) { organization(code: $code, asOf: $asOf) { name kind children { totalCount } predecessors { code } changes { type effectiveOn decisionRef } } }`;
  const hoHai = await p.query(q, { code: 'HO_HAI', asOf: '2022-06-30' }, user('district.officer'));
  expect(hoHai.data.organization.name).toBe('Đảng bộ xã Hộ Hải (khóa mới)');
  expect(hoHai.data.organization.changes.map((c: { type: string; effectiveOn: string }) => [c.type, c.effectiveOn])).toEqual([
    ['ESTABLISH', '2020-01-01'],
    ['RENAME', '2022-03-01'],
    ['RENAME', '2023-01-01'],
    ['MOVE', '2025-07-01'],
  ]);
  const salt = (asOf: string) => p.query(q, { code: 'CTY_MUOI_NINH_HAI', asOf }, user('district.officer'));
  expect((await salt('2024-05-31')).data.organization).toMatchObject({ name: 'Chi bộ Công ty Cổ phần Muối Ninh Hải', kind: 'GRASSROOTS_CELL', children: { totalCount: 0 } });
  expect((await salt('2024-06-01')).data.organization).toMatchObject({ name: 'Đảng bộ Công ty Cổ phần Muối Ninh Hải', kind: 'GRASSROOTS_COMMITTEE', children: { totalCount: 2 } });
  const [merge] = await db.query(`SELECT count(*)::int AS n FROM organization_change WHERE type = 'MERGE' AND effective_on = '2021-07-01'`);
  expect(merge.n).toBe(2);
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
