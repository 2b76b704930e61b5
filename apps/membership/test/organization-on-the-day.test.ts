/**
 * The organisation a member belongs to is shown as it stood on the day the
 * member is shown as of (docs/decisions/0007): its name then, its parent then.
 */
import { createOrg, createTree, read, seedOfficials, startMembershipPlatform, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
afterAll(() => p?.stop());

test("a member's cell, as it stood on the member's day", async () => {
  p = await startMembershipPlatform();
  const tree = await createTree(p, 'Khóa');
  const [id] = await seedOfficials(p, tree.cellA.id, 1);
  const other = await createOrg(p, { name: 'Đảng bộ xã Khác', kind: 'GRASSROOTS_COMMITTEE', parentId: tree.district.id });
  const change = async (name: string, type: string, input: Record<string, unknown>) => {
    const res = await p.query(`mutation($i: ${type}!) { ${name}(input: $i) { __typename } }`, { i: { decisionRef: 'QĐ', ...input } });
    expect(res.errors).toBeUndefined();
  };
  await change('renameOrganization', 'RenameOrganizationInput', { id: tree.cellA.id, name: 'Chi bộ tên mới', effectiveOn: '2025-01-01' });
  await change('moveOrganization', 'MoveOrganizationInput', { id: tree.cellA.id, newParentId: other.id, effectiveOn: '2025-01-01' });
  const on = (asOf: string) => read(p, `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { organization { name asOf parent { name } } } }`, { id, asOf }).then((d) => d.member.organization);
  expect(await on('2024-06-01')).toEqual({ name: 'Chi bộ thôn A Khóa', asOf: '2024-06-01', parent: { name: 'Đảng bộ xã Khóa' } });
  expect(await on('2025-06-01')).toEqual({ name: 'Chi bộ tên mới', asOf: '2025-06-01', parent: { name: 'Đảng bộ xã Khác' } });
});
