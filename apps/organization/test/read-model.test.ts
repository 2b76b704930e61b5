import { provisionSubgraphDatabase, subgraphUrl } from '@party/subgraph-kit';
import type { TestPlatform } from '@party/testing';
import pg from 'pg';
import { createOrg, mutate, startOrganizationPlatform } from './helpers';

// The published read model (READ_MODEL.md), read as another subgraph would: its own role, granted organization_reader.
let p: TestPlatform;
let reader: pg.Client;

beforeAll(async () => {
  p = await startOrganizationPlatform();
  await provisionSubgraphDatabase({ adminUrl: p.db.url, name: 'probe_reader', password: 'probe-reader-pw', readsFrom: ['organization'] });
  reader = new pg.Client({ connectionString: subgraphUrl(p.db.url, 'probe_reader', 'probe-reader-pw') });
  await reader.connect();
});
afterAll(async () => {
  await reader?.end();
  await p?.stop();
});

test('subtree_v1 gives everything under an organisation on a day, following a move', async () => {
  const prov = await createOrg(p, { name: 'Tỉnh A', kind: 'PROVINCIAL' });
  const d1 = await createOrg(p, { name: 'Huyện 1', kind: 'DISTRICT', parentId: prov.id });
  const d2 = await createOrg(p, { name: 'Huyện 2', kind: 'DISTRICT', parentId: prov.id });
  const gc = await createOrg(p, { name: 'Đảng bộ xã X', kind: 'GRASSROOTS_COMMITTEE', parentId: d1.id });
  const cell = await createOrg(p, { name: 'Chi bộ thôn 1', kind: 'CELL', parentId: gc.id });
  await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: gc.id, newParentId: d2.id, effectiveOn: '2024-01-01' });

  const under = async (root: string, day: string) =>
    (await reader.query('SELECT organization_id FROM organization.subtree_v1($1, $2)', [root, day])).rows.map((r) => r.organization_id).sort();
  expect(await under(d1.id, '2023-12-31')).toEqual([d1.id, gc.id, cell.id].sort());
  expect(await under(d1.id, '2024-01-01')).toEqual([d1.id]);
  expect(await under(d2.id, '2024-01-01')).toEqual([d2.id, gc.id, cell.id].sort());
  expect(await under(prov.id, '2019-12-31')).toEqual([]);

  const versions = await reader.query(`SELECT code, parent_id, valid_from, valid_to, depth FROM organization.tree_v1 WHERE organization_id = $1 ORDER BY valid_from`, [cell.id]);
  expect(versions.rows).toEqual([
    { code: cell.code, parent_id: gc.id, valid_from: '2020-01-01', valid_to: '2024-01-01', depth: 3 },
    { code: cell.code, parent_id: gc.id, valid_from: '2024-01-01', valid_to: 'infinity', depth: 3 },
  ]);
});

test('readers can read the read model only, and write nothing', async () => {
  await expect(reader.query('SELECT * FROM organization.organization_change')).rejects.toThrow(/permission denied/);
  await expect(reader.query(`UPDATE organization.organization_version SET name = 'x'`)).rejects.toThrow(/permission denied/);
  await expect(reader.query(`DELETE FROM organization.organization_version`)).rejects.toThrow(/permission denied/);
});
