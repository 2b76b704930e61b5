/**
 * Admission targets and achievement, through the gateway: the seed's 2024
 * figures (province 853 of 805 = 1.06; Public Security 1.73, Border Guard 1.25,
 * Ninh Hải 1.13, ranked), targets' rules, and achievement on the tree as it
 * stood during the year.
 */
import { admittedOn, changeTree, createOrg, expectError, officer, read, setTargets, startEvaluationPlatform, withCell, type EvaluationPlatform, type Org } from './helpers';

let p: EvaluationPlatform;
let central: Org, province: Org, police: Org, border: Org, ninhHai: Org, rest: Org;
const DAYS_2024 = ['2024-02-03', '2024-05-19', '2024-08-19', '2024-11-07'];

beforeAll(async () => {
  p = await startEvaluationPlatform();
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  province = await createOrg(p, { name: 'Đảng bộ tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  police = await createOrg(p, { name: 'Đảng bộ Công an tỉnh', kind: 'AFFILIATED', parentId: province.id });
  border = await createOrg(p, { name: 'Đảng bộ Bộ đội Biên phòng tỉnh', kind: 'AFFILIATED', parentId: province.id });
  ninhHai = await createOrg(p, { name: 'Đảng bộ huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  rest = await createOrg(p, { name: 'Đảng bộ thành phố Phan Rang – Tháp Chàm', kind: 'DISTRICT', parentId: province.id });
  const cells = await Promise.all([police, border, ninhHai, rest].map((o, i) => withCell(p, o.id, `cơ sở ${i}`)));
  // 173 + 50 + 113 + 517 = 853 admitted in 2024; a few in 2023 that must not count.
  await p.loadMembers([
    ...admittedOn(cells[0]!.id, DAYS_2024, 173),
    ...admittedOn(cells[1]!.id, DAYS_2024, 50),
    ...admittedOn(cells[2]!.id, DAYS_2024, 113),
    ...admittedOn(cells[3]!.id, DAYS_2024, 517),
    ...admittedOn(cells[3]!.id, ['2023-12-31'], 9),
  ]);
  await setTargets(p, central.id, 2024, [{ organizationId: province.id, target: 805 }]);
  await setTargets(p, province.id, 2024, [
    { organizationId: police.id, target: 100, quarters: [25, 25, 25, 25] },
    { organizationId: border.id, target: 40 },
    { organizationId: ninhHai.id, target: 100 },
    { organizationId: rest.id, target: 565 },
  ]);
}, 300_000);
afterAll(() => p?.stop());

const round2 = (x: number) => Math.round(x * 100) / 100;

test('the province: 853 admitted against 805 is 106 %', async () => {
  const data = await read(p, `query($id: ID!) { organization(id: $id) { admissionTarget(year: 2024) { year target admitted achievementRate hasTarget } } }`, { id: province.id });
  const t = data.organization.admissionTarget;
  expect(t).toMatchObject({ year: 2024, target: 805, admitted: 853, hasTarget: true });
  expect(round2(t.achievementRate)).toBe(1.06);
  expect(t.achievementRate).toBe(Math.round((853 / 805) * 10000) / 10000);
});

test("the children ranked by achievement: Public Security 1.73, Border Guard 1.25, Ninh Hải 1.13", async () => {
  const data = await read(p, `query($id: ID!) { organization(id: $id) { admissionPerformance(year: 2024) { rank organization { id name } target admitted achievementRate } } }`, { id: province.id });
  const rows = data.organization.admissionPerformance;
  expect(rows.map((r: { organization: { id: string } }) => r.organization.id)).toEqual([police.id, border.id, ninhHai.id, rest.id]);
  expect(rows.map((r: { achievementRate: number }) => round2(r.achievementRate))).toEqual([1.73, 1.25, 1.13, 0.92]);
  expect(rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4]);
  expect(rows[0].organization.name).toBe('Đảng bộ Công an tỉnh');
});

test('by quarter: quarterly targets and admissions', async () => {
  const data = await read(p, `query($id: ID!) { organization(id: $id) { admissionTarget(year: 2024) { quarters { quarter target admitted achievementRate } } } }`, { id: police.id });
  // 173 admissions cycled over four days, one per quarter: 44, 43, 43, 43.
  expect(data.organization.admissionTarget.quarters).toEqual([
    { quarter: 1, target: 25, admitted: 44, achievementRate: 1.76 },
    { quarter: 2, target: 25, admitted: 43, achievementRate: 1.72 },
    { quarter: 3, target: 25, admitted: 43, achievementRate: 1.72 },
    { quarter: 4, target: 25, admitted: 43, achievementRate: 1.72 },
  ]);
});

test('the payload reports when the children do not add up to the parent', async () => {
  const balanced = await setTargets(p, province.id, 2024, [{ organizationId: border.id, target: 40 }]);
  expect(balanced).toMatchObject({ childrenTotal: 805, parentTarget: 805, balanced: true, warning: null });
  const off = await setTargets(p, province.id, 2024, [{ organizationId: border.id, target: 45 }]);
  expect(off).toMatchObject({ childrenTotal: 810, parentTarget: 805, balanced: false });
  expect(off.warning).toContain('810');
  await setTargets(p, province.id, 2024, [{ organizationId: border.id, target: 40 }]);
});

test('bad targets are refused naming the field, and nothing changes', async () => {
  const attempt = (input: Record<string, unknown>) =>
    p.query(`mutation($input: SetAdmissionTargetsInput!) { setAdmissionTargets(input: $input) { year } }`, { input: { organizationId: province.id, year: 2024, decisionRef: 'KH', ...input } });
  expectError(await attempt({ targets: [{ organizationId: police.id, target: -1 }] }), 'BAD_USER_INPUT', 'input.targets.0.target');
  expectError(await attempt({ targets: [{ organizationId: police.id, target: 10, quarters: [1, 2, 3, 3] }] }), 'BAD_USER_INPUT', 'input.targets.0.quarters');
  // Not directly under the province: the central committee, and a grassroots committee two levels down.
  expectError(await attempt({ targets: [{ organizationId: police.id, target: 10 }, { organizationId: central.id, target: 1 }] }), 'BAD_USER_INPUT', 'input.targets.1.organizationId');
  expectError(await attempt({ targets: [{ organizationId: police.id, target: 1 }, { organizationId: police.id, target: 2 }] }), 'BAD_USER_INPUT', 'input.targets');
  expectError(await attempt({ year: 2014, targets: [{ organizationId: police.id, target: 10 }] }), 'NOT_FOUND', 'input.organizationId');
  expectError(await attempt({ decisionRef: ' ', targets: [{ organizationId: police.id, target: 10 }] }), 'BAD_USER_INPUT', 'input.decisionRef');
  const outsider = officer([ninhHai.id]);
  const res = await p.query(`mutation($input: SetAdmissionTargetsInput!) { setAdmissionTargets(input: $input) { year } }`, { input: { organizationId: province.id, year: 2024, decisionRef: 'KH', targets: [{ organizationId: police.id, target: 1 }] } }, outsider);
  expectError(res, 'FORBIDDEN', 'input.organizationId');
  const data = await read(p, `query($id: ID!) { organization(id: $id) { admissionTarget(year: 2024) { target quarters { target } } } }`, { id: police.id });
  expect(data.organization.admissionTarget).toEqual({ target: 100, quarters: [{ target: 25 }, { target: 25 }, { target: 25 }, { target: 25 }] });
});

describe('achievement on the tree as it stood during the year', () => {
  let districtA: Org, districtB: Org, cellA: Org, cellB: Org;
  beforeAll(async () => {
    districtA = await createOrg(p, { name: 'Huyện bị giải thể', kind: 'DISTRICT', parentId: province.id });
    districtB = await createOrg(p, { name: 'Huyện nhận', kind: 'DISTRICT', parentId: province.id });
    cellA = await withCell(p, districtA.id, 'A');
    cellB = await withCell(p, districtB.id, 'B');
    // 6 admissions in A before 2024-07-01 and 4 in B after it; 5 in A's committee after it (then under B).
    await p.loadMembers([...admittedOn(cellA.id, ['2024-03-01'], 6), ...admittedOn(cellB.id, ['2024-09-01'], 4), ...admittedOn(cellA.id, ['2024-10-01'], 5)]);
    // On 2024-07-01 A's grassroots committee moves under B and A is dissolved.
    const committeeOfA = (await read(p, `query($id: ID!) { organization(id: $id) { parent { id } } }`, { id: cellA.id })).organization.parent.id;
    await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: committeeOfA, newParentId: districtB.id, effectiveOn: '2024-07-01' });
    await changeTree(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: districtA.id, effectiveOn: '2024-07-01' });
    await setTargets(p, province.id, 2024, [
      { organizationId: districtA.id, target: 10 },
      { organizationId: districtB.id, target: 10 },
    ]);
  });

  test('a district abolished mid-year keeps what was admitted while it existed', async () => {
    const data = await read(p, `query($id: ID!) { organization(id: $id, asOf: "2024-06-30") { admissionTarget(year: 2024) { target admitted achievementRate } } }`, { id: districtA.id });
    expect(data.organization.admissionTarget).toEqual({ target: 10, admitted: 6, achievementRate: 0.6 });
  });

  test('the receiving district counts the moved committee from the move on, each admission once', async () => {
    const data = await read(p, `query($id: ID!) { organization(id: $id) { admissionTarget(year: 2024) { admitted } } }`, { id: districtB.id });
    expect(data.organization.admissionTarget.admitted).toBe(4 + 5);
    const rows = await read(p, `query($id: ID!) { organization(id: $id) { admissionPerformance(year: 2024) { organization { id } admitted } } }`, { id: province.id });
    const byId = Object.fromEntries(rows.organization.admissionPerformance.map((r: { organization: { id: string }; admitted: number }) => [r.organization.id, r.admitted]));
    expect(byId[districtA.id]).toBe(6);
    expect(byId[districtB.id]).toBe(9);
    const province2024 = await read(p, `query($id: ID!) { organization(id: $id) { admissionTarget(year: 2024) { admitted } } }`, { id: province.id });
    expect(province2024.organization.admissionTarget.admitted).toBe(853 + 15);
  });
});
