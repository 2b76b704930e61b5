/**
 * Screening (Directive 28-CT/TW), through the gateway: members removed in a
 * year in an organisation's subtree as it stood on each member's last day of
 * membership, by reason; removals later reinstated still count (and are
 * counted in `reinstated`); many organisations in one statement.
 */
import type { MemberSeed } from '@party/membership';
import { StatementCounter } from '@party/testing';
import { changeTree, createOrg, expectError, read, startEvaluationPlatform, withCell, type EvaluationPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: EvaluationPlatform;
let province: Org, districtA: Org, districtB: Org, cellA: Org, cellB: Org;

const REMOVALS = 'year struckOff expelled withdrawn deceased probationNotRecognized total reinstated';
const ZERO = { struckOff: 0, expelled: 0, withdrawn: 0, deceased: 0, probationNotRecognized: 0, total: 0, reinstated: 0 };

let n = 0;
/** A member admitted to `cellId` (on `admitted`, or long ago and recognised), with the later events given. */
function member(cellId: string, later: { type: 'TERMINATED' | 'REINSTATED'; effectiveOn: string; reason?: string }[], admitted?: string): MemberSeed {
  return {
    fullName: `Đảng viên ${++n}`,
    gender: 'MALE',
    birthDate: '1970-01-01',
    events: [
      { type: 'ADMITTED', effectiveOn: admitted ?? '2010-03-01', decisionRef: 'KN', organizationId: cellId },
      ...(admitted ? [] : [{ type: 'RECOGNIZED' as const, effectiveOn: '2011-03-01', decisionRef: 'CT' }]),
      ...later.map((e) => ({ ...e, decisionRef: 'QĐ' })),
    ],
  };
}
const removed = (cellId: string, reason: string, on: string) => member(cellId, [{ type: 'TERMINATED', effectiveOn: on, reason }]);

const removalsOf = async (id: string, year: number) => (await read(p, `query($id: ID!) { organization(id: $id) { removals(year: ${year}) { ${REMOVALS} } } }`, { id })).organization.removals;

beforeAll(async () => {
  p = await startEvaluationPlatform(counter);
  province = await createOrg(p, { name: 'Đảng bộ tỉnh Sàng Lọc', kind: 'PROVINCIAL' });
  districtA = await createOrg(p, { name: 'Đảng bộ huyện A', kind: 'DISTRICT', parentId: province.id });
  districtB = await createOrg(p, { name: 'Đảng bộ huyện B', kind: 'DISTRICT', parentId: province.id });
  cellA = await withCell(p, districtA.id, 'A');
  cellB = await withCell(p, districtB.id, 'B');
  await p.loadMembers([
    // Cell A, first half of 2024 (under district A then).
    removed(cellA.id, 'STRUCK_OFF', '2024-02-15'),
    removed(cellA.id, 'STRUCK_OFF', '2024-02-15'),
    removed(cellA.id, 'EXPELLED', '2024-04-10'),
    removed(cellA.id, 'WITHDRAWN', '2024-05-20'),
    removed(cellA.id, 'DECEASED', '2024-06-01'),
    member(cellA.id, [{ type: 'TERMINATED', effectiveOn: '2024-05-01', reason: 'PROBATION_NOT_RECOGNIZED' }], '2023-05-01'),
    // Struck off, then reinstated: still a removal of 2024.
    member(cellA.id, [
      { type: 'TERMINATED', effectiveOn: '2024-03-01', reason: 'STRUCK_OFF' },
      { type: 'REINSTATED', effectiveOn: '2024-09-01' },
    ]),
    // Effective on the day A's committee moves to B: the last day as a member was under A.
    removed(cellA.id, 'WITHDRAWN', '2024-07-01'),
    // After the move: under B.
    removed(cellA.id, 'EXPELLED', '2024-08-01'),
    // Other years.
    removed(cellA.id, 'STRUCK_OFF', '2023-11-01'),
    removed(cellA.id, 'WITHDRAWN', '2025-01-01'),
    // Cell B.
    removed(cellB.id, 'DECEASED', '2024-10-10'),
    // Still members.
    member(cellA.id, []),
    member(cellB.id, []),
  ]);
  const committeeOfA = (await read(p, `query($id: ID!) { organization(id: $id) { parent { id } } }`, { id: cellA.id })).organization.parent.id;
  await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: committeeOfA, newParentId: districtB.id, effectiveOn: '2024-07-01' });
}, 300_000);
afterAll(() => p?.stop());

test('the cell: every removal of 2024 by reason, the reinstated one included', async () => {
  expect(await removalsOf(cellA.id, 2024)).toEqual({ year: 2024, struckOff: 3, expelled: 2, withdrawn: 2, deceased: 1, probationNotRecognized: 1, total: 9, reinstated: 1 });
});

test('districts count the removals of the subtree as it stood on the last day of membership', async () => {
  expect(await removalsOf(districtA.id, 2024)).toEqual({ year: 2024, struckOff: 3, expelled: 1, withdrawn: 2, deceased: 1, probationNotRecognized: 1, total: 8, reinstated: 1 });
  expect(await removalsOf(districtB.id, 2024)).toEqual({ ...ZERO, year: 2024, expelled: 1, deceased: 1, total: 2 });
  expect(await removalsOf(province.id, 2024)).toMatchObject({ total: 10, reinstated: 1, struckOff: 3, expelled: 2, withdrawn: 2, deceased: 2, probationNotRecognized: 1 });
});

test('other years: by the effective date of the removal', async () => {
  expect(await removalsOf(province.id, 2023)).toEqual({ ...ZERO, year: 2023, struckOff: 1, total: 1 });
  // Effective 2025-01-01: a removal of 2025, under B (where the cell stood on 2024-12-31).
  expect(await removalsOf(districtB.id, 2025)).toEqual({ ...ZERO, year: 2025, withdrawn: 1, total: 1 });
  expect(await removalsOf(districtA.id, 2025)).toEqual({ ...ZERO, year: 2025 });
  expect(await removalsOf(province.id, 2022)).toEqual({ ...ZERO, year: 2022 });
});

test('many organisations in one statement', async () => {
  counter.reset();
  const data = await read(
    p,
    `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { removals(year: 2024) { total } children { edges { node { id removals(year: 2024) { total reinstated } } } } } }`,
    { id: province.id },
  );
  const byId = Object.fromEntries(data.organization.children.edges.map((e: { node: { id: string; removals: unknown } }) => [e.node.id, e.node.removals]));
  expect(byId).toEqual({ [districtA.id]: { total: 8, reinstated: 1 }, [districtB.id]: { total: 2, reinstated: 0 } });
  expect(data.organization.removals.total).toBe(10);
  // The province in one `_entities` request, its children in another: one removals statement each.
  expect(counter.statements.filter((q) => q.includes('membership.exits_v1'))).toHaveLength(2);
});

test('a bad year names the field', async () => {
  expectError(await p.query(`query($id: ID!) { organization(id: $id) { removals(year: 1800) { total } } }`, { id: province.id }), 'BAD_USER_INPUT', 'year');
});
