import type { TestPlatform } from '@party/testing';
import { createOrg, startOrganizationPlatform } from './helpers';

let p: TestPlatform;
beforeAll(async () => {
  p = await startOrganizationPlatform();
});
afterAll(() => p?.stop());

test('creates a province and reads it back through the gateway', async () => {
  const prov = await createOrg(p, { name: 'Ninh Thuận', kind: 'PROVINCIAL' });
  const dist = await createOrg(p, { name: 'Ninh Hải', kind: 'DISTRICT', parentId: prov.id });
  const res = await p.query(`query($id: ID!) { organization(id: $id) { name children { totalCount edges { node { name depth parent { name } ancestors { name } } } } } }`, { id: prov.id });
  expect(res.errors).toBeUndefined();
  expect(res.data.organization.children.edges[0].node).toEqual({ name: 'Ninh Hải', depth: 1, parent: { name: 'Ninh Thuận' }, ancestors: [{ name: 'Ninh Thuận' }] });
  expect(dist.depth).toBe(1);
});
