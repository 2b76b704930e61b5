/**
 * Quality ratings through the gateway, under each rule set in force:
 * 124-QĐ/TW (2023: grades given, EXCELLENT at most 20 % of GOOD within a peer
 * group) and 366-QĐ/TW (2025: grade derived from a 100-point score), the
 * admission-target criterion, members (exempted ones not rated), the
 * distribution under an organisation, scope and bad input.
 */
import pg from 'pg';
import { ADMIN, admittedOn, createOrg, expectError, officer, read, setTargets, startEvaluationPlatform, withCell, type EvaluationPlatform, type Org } from './helpers';

let p: EvaluationPlatform;
let db: pg.Client;
let central: Org, province: Org, capDistrict: Org, scoreDistrict: Org, otherDistrict: Org;
const capOrgs: Org[] = [];
let scored: Org;

const RATE_ORG = `mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating {
  organization { id } year grade score allTasksDone disciplined peerGroup gradeBasis decisionRef note ratedBy ratedAt ruleSet { code name effectiveFrom kind } } } }`;
const RATE_MEMBER = `mutation($input: RateMemberInput!) { rateMember(input: $input) { rating {
  member { id } organization { id } year grade score ruleSet { code } gradeBasis ratedBy } } }`;

const rateOrg = (input: Record<string, unknown>, as = ADMIN) => p.query(RATE_ORG, { input: { decisionRef: 'QĐ-XL', ...input } }, as);
const rateMember = (input: Record<string, unknown>, as = ADMIN) => p.query(RATE_MEMBER, { input: { decisionRef: 'QĐ-XL-ĐV', ...input } }, as);
async function rated(input: Record<string, unknown>) {
  const res = await rateOrg(input);
  if (res.errors) throw new Error(`rateOrganization failed: ${JSON.stringify(res.errors)}`);
  return res.data.rateOrganization.rating;
}
async function ratedMember(input: Record<string, unknown>) {
  const res = await rateMember(input);
  if (res.errors) throw new Error(`rateMember failed: ${JSON.stringify(res.errors)}`);
  return res.data.rateMember.rating;
}
const committee = (parentId: string, label: string) => createOrg(p, { name: `Đảng bộ ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId });
const history = async (id: string, year: number) =>
  (await db.query(`SELECT grade FROM evaluation.rating_history WHERE coalesce(member_id, organization_id) = $1 AND year = $2 ORDER BY id`, [id, year])).rows.map((r) => r.grade);

beforeAll(async () => {
  p = await startEvaluationPlatform();
  db = new pg.Client({ connectionString: p.db.url });
  await db.connect();
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  province = await createOrg(p, { name: 'Đảng bộ tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  capDistrict = await createOrg(p, { name: 'Đảng bộ huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  scoreDistrict = await createOrg(p, { name: 'Đảng bộ huyện Ninh Phước', kind: 'DISTRICT', parentId: province.id });
  otherDistrict = await createOrg(p, { name: 'Đảng bộ huyện Bác Ái', kind: 'DISTRICT', parentId: province.id });
  for (let i = 0; i < 14; i++) capOrgs.push(await committee(capDistrict.id, `xã ${i}`));
  scored = await committee(scoreDistrict.id, 'điểm');
}, 300_000);
afterAll(async () => {
  await db?.end();
  await p?.stop();
});

describe('2023, Regulation 124-QĐ/TW: grades given, EXCELLENT at most 20 % of GOOD in the peer group', () => {
  const GROUP = 'XA-2023';

  test('ten GOOD allow two EXCELLENT; the third is refused with the counts', async () => {
    for (const o of capOrgs.slice(0, 10)) await rated({ organizationId: o.id, year: 2023, grade: 'GOOD', peerGroup: GROUP });
    const first = await rated({ organizationId: capOrgs[10]!.id, year: 2023, grade: 'EXCELLENT', peerGroup: GROUP, note: 'Tiêu biểu' });
    expect(first).toMatchObject({
      organization: { id: capOrgs[10]!.id },
      year: 2023,
      grade: 'EXCELLENT',
      score: null,
      peerGroup: GROUP,
      decisionRef: 'QĐ-XL',
      note: 'Tiêu biểu',
      ratedBy: ADMIN.userId,
      ruleSet: { code: '124-QĐ/TW', effectiveFrom: '2023-01-01', kind: 'CAP_OF_GOOD' },
    });
    expect(first.gradeBasis).toContain('given');
    await rated({ organizationId: capOrgs[11]!.id, year: 2023, grade: 'EXCELLENT', peerGroup: GROUP });

    const third = expectError(await rateOrg({ organizationId: capOrgs[12]!.id, year: 2023, grade: 'EXCELLENT', peerGroup: GROUP }), 'CONFLICT', 'input.grade');
    expect(third.message).toContain(`peer group ${GROUP} in 2023: 2 EXCELLENT already, 10 GOOD → at most 2 EXCELLENT (20 % of GOOD`);
    const none = await read(p, `query($id: ID!) { organization(id: $id) { qualityRating(year: 2023) { grade } } }`, { id: capOrgs[12]!.id });
    expect(none.organization.qualityRating).toBeNull();
  });

  test('the cap is per peer group: another group starts from zero', async () => {
    const res = expectError(await rateOrg({ organizationId: capOrgs[12]!.id, year: 2023, grade: 'EXCELLENT', peerGroup: 'PHUONG-2023' }), 'CONFLICT', 'input.grade');
    expect(res.message).toContain('peer group PHUONG-2023 in 2023: 0 EXCELLENT already, 0 GOOD → at most 0 EXCELLENT');
    await rated({ organizationId: capOrgs[12]!.id, year: 2023, grade: 'COMPLETED', peerGroup: 'PHUONG-2023' });
  });

  test('re-rating a GOOD down is refused when it would leave the EXCELLENT over the cap', async () => {
    const res = expectError(await rateOrg({ organizationId: capOrgs[0]!.id, year: 2023, grade: 'COMPLETED', peerGroup: GROUP }), 'CONFLICT', 'input.grade');
    expect(res.message).toContain('2 EXCELLENT already, 9 GOOD');
    expect(res.message).toContain('at most 1 EXCELLENT');
  });

  test('re-rating replaces the rating and keeps every rating given', async () => {
    await rated({ organizationId: capOrgs[13]!.id, year: 2023, grade: 'GOOD', peerGroup: GROUP });
    // 11 GOOD now: still at most 2 EXCELLENT; one EXCELLENT re-rated GOOD makes room for another.
    expect((await rated({ organizationId: capOrgs[11]!.id, year: 2023, grade: 'GOOD', peerGroup: GROUP, decisionRef: 'QĐ-XL-2' })).grade).toBe('GOOD');
    await rated({ organizationId: capOrgs[0]!.id, year: 2023, grade: 'EXCELLENT', peerGroup: GROUP });
    const data = await read(p, `query($id: ID!) { organization(id: $id) { qualityRating(year: 2023) { grade decisionRef peerGroup ruleSet { code } } } }`, { id: capOrgs[11]!.id });
    expect(data.organization.qualityRating).toEqual({ grade: 'GOOD', decisionRef: 'QĐ-XL-2', peerGroup: GROUP, ruleSet: { code: '124-QĐ/TW' } });
    expect(await history(capOrgs[11]!.id, 2023)).toEqual(['EXCELLENT', 'GOOD']);
    expect(await history(capOrgs[0]!.id, 2023)).toEqual(['GOOD', 'EXCELLENT']);
    await expect(db.query(`DELETE FROM evaluation.rating_history`)).rejects.toThrow(/append-only/);
  });

  test('the grade is required under these rules', async () => {
    expectError(await rateOrg({ organizationId: capOrgs[13]!.id, year: 2024, score: 95, allTasksDone: true, disciplined: false, peerGroup: GROUP }), 'BAD_USER_INPUT', 'input.grade');
  });

  test('ratingDistribution counts the organisations rated under one, by grade', async () => {
    const q = `query($under: ID!, $year: Int!) { ratingDistribution(year: $year, under: $under) { grade count } }`;
    // capOrgs 0 and 10 EXCELLENT; 1–9, 11 and 13 GOOD; 12 COMPLETED.
    const expected = [
      { grade: 'EXCELLENT', count: 2 },
      { grade: 'GOOD', count: 11 },
      { grade: 'COMPLETED', count: 1 },
      { grade: 'NOT_COMPLETED', count: 0 },
    ];
    expect((await read(p, q, { under: capDistrict.id, year: 2023 })).ratingDistribution).toEqual(expected);
    expect((await read(p, q, { under: province.id, year: 2023 })).ratingDistribution).toEqual(expected);
    expect((await read(p, q, { under: scoreDistrict.id, year: 2023 })).ratingDistribution.map((g: { count: number }) => g.count)).toEqual([0, 0, 0, 0]);
    expect((await read(p, q, { under: capDistrict.id, year: 2024 })).ratingDistribution.map((g: { count: number }) => g.count)).toEqual([0, 0, 0, 0]);
    // An officer of the district sees it; one of another district does not.
    expect((await read(p, q, { under: capDistrict.id, year: 2023 }, officer([capDistrict.id]))).ratingDistribution).toEqual(expected);
    expectError(await p.query(q, { under: capDistrict.id, year: 2023 }, officer([otherDistrict.id])), 'FORBIDDEN', 'under');
    expectError(await p.query(q, { under: capDistrict.id, year: 1800 }), 'BAD_USER_INPUT', 'year');
  });
});

describe('2025, Regulation 366-QĐ/TW: the grade follows from the score', () => {
  const rate = (score: number, allTasksDone = true, disciplined = false, extra: Record<string, unknown> = {}) =>
    rated({ organizationId: scored.id, year: 2025, score, allTasksDone, disciplined, peerGroup: 'XA-2025', ...extra });

  test('thresholds 90 / 70 / 50', async () => {
    const cases: [number, boolean, boolean, string][] = [
      [100, true, false, 'EXCELLENT'],
      [90, true, false, 'EXCELLENT'],
      [89.99, true, false, 'GOOD'],
      [70, true, false, 'GOOD'],
      [69.99, true, false, 'COMPLETED'],
      [50, true, false, 'COMPLETED'],
      [49.9, true, false, 'NOT_COMPLETED'],
      [0, false, true, 'NOT_COMPLETED'],
    ];
    const got = [];
    for (const [score, tasks, disciplined] of cases) got.push([score, tasks, disciplined, (await rate(score, tasks, disciplined)).grade]);
    expect(got).toEqual(cases);
    const last = await rate(90);
    expect(last).toMatchObject({ score: 90, allTasksDone: true, disciplined: false, ruleSet: { code: '366-QĐ/TW', effectiveFrom: '2025-01-01', kind: 'SCORE_100' } });
  });

  test('90 without all tasks done, or with discipline, is GOOD at most', async () => {
    const notAll = await rate(90, false, false);
    expect(notAll.grade).toBe('GOOD');
    expect(notAll.gradeBasis).toContain('not all tasks done');
    const disciplined = await rate(98, true, true);
    expect(disciplined.grade).toBe('GOOD');
    expect(disciplined.gradeBasis).toContain('disciplined');
  });

  test('a grade sent with the score must agree with it', async () => {
    expect((await rate(92, true, false, { grade: 'EXCELLENT' })).grade).toBe('EXCELLENT');
    const e = expectError(await rateOrg({ organizationId: scored.id, year: 2025, score: 90, allTasksDone: false, disciplined: false, grade: 'EXCELLENT', peerGroup: 'XA-2025' }), 'CONFLICT', 'input.grade');
    expect(e.message).toContain('not all tasks done');
    expect(e.message).toContain('GOOD');
    expectError(await rateOrg({ organizationId: scored.id, year: 2025, score: 75, allTasksDone: true, disciplined: false, grade: 'COMPLETED', peerGroup: 'XA-2025' }), 'CONFLICT', 'input.grade');
    expect((await read(p, `query($id: ID!) { organization(id: $id) { qualityRating(year: 2025) { grade score } } }`, { id: scored.id })).organization.qualityRating).toEqual({ grade: 'EXCELLENT', score: 92 });
  });

  test('the score, tasks and discipline are required; no EXCELLENT cap on the score scale', async () => {
    expectError(await rateOrg({ organizationId: scored.id, year: 2025, grade: 'GOOD', peerGroup: 'XA-2025' }), 'BAD_USER_INPUT', 'input.score');
    expectError(await rateOrg({ organizationId: scored.id, year: 2025, score: 80, disciplined: false, peerGroup: 'XA-2025' }), 'BAD_USER_INPUT', 'input.allTasksDone');
    expectError(await rateOrg({ organizationId: scored.id, year: 2025, score: 80, allTasksDone: true, peerGroup: 'XA-2025' }), 'BAD_USER_INPUT', 'input.disciplined');
    for (const o of capOrgs.slice(0, 3)) expect((await rated({ organizationId: o.id, year: 2025, score: 95, allTasksDone: true, disciplined: false, peerGroup: 'XA-2025' })).grade).toBe('EXCELLENT');
  });
});

describe('the admission-target criterion', () => {
  let short: Org, reached: Org;
  beforeAll(async () => {
    short = await committee(scoreDistrict.id, 'thiếu chỉ tiêu');
    reached = await committee(scoreDistrict.id, 'đạt chỉ tiêu');
    const shortCell = await createOrg(p, { name: 'Chi bộ thiếu', kind: 'CELL', parentId: short.id });
    const reachedCell = await createOrg(p, { name: 'Chi bộ đạt', kind: 'CELL', parentId: reached.id });
    await p.loadMembers([...admittedOn(shortCell.id, ['2024-04-01'], 7), ...admittedOn(shortCell.id, ['2025-04-01'], 7), ...admittedOn(reachedCell.id, ['2025-04-01'], 5)]);
    await setTargets(p, scoreDistrict.id, 2024, [{ organizationId: short.id, target: 10 }]);
    await setTargets(p, scoreDistrict.id, 2025, [
      { organizationId: short.id, target: 10 },
      { organizationId: reached.id, target: 5 },
    ]);
    // Enough GOOD in the 2024 group that the cap is not what refuses.
    for (const o of capOrgs.slice(0, 5)) await rated({ organizationId: o.id, year: 2024, grade: 'GOOD', peerGroup: 'XA-2024' });
  });

  test('2024 (124-QĐ/TW): EXCELLENT refused for a target not reached, stating the rate', async () => {
    const e = expectError(await rateOrg({ organizationId: short.id, year: 2024, grade: 'EXCELLENT', peerGroup: 'XA-2024' }), 'CONFLICT', 'input.grade');
    expect(e.message).toContain('admitted 7 against its admission target of 10 in 2024 (70 %)');
    expect(e.message).toContain('100 %');
    expect((await rated({ organizationId: short.id, year: 2024, grade: 'GOOD', peerGroup: 'XA-2024' })).grade).toBe('GOOD');
  });

  test('2025 (366-QĐ/TW): a 95 with the target not reached is GOOD; asking for EXCELLENT is refused with the rate', async () => {
    const r = await rated({ organizationId: short.id, year: 2025, score: 95, allTasksDone: true, disciplined: false, peerGroup: 'XA-2025' });
    expect(r.grade).toBe('GOOD');
    expect(r.gradeBasis).toContain('(70 %)');
    const e = expectError(await rateOrg({ organizationId: short.id, year: 2025, score: 95, allTasksDone: true, disciplined: false, grade: 'EXCELLENT', peerGroup: 'XA-2025' }), 'CONFLICT', 'input.grade');
    expect(e.message).toContain('admitted 7 against its admission target of 10 in 2025 (70 %)');
    const ok = await rated({ organizationId: reached.id, year: 2025, score: 95, allTasksDone: true, disciplined: false, grade: 'EXCELLENT', peerGroup: 'XA-2025' });
    expect(ok.grade).toBe('EXCELLENT');
  });
});

describe('members', () => {
  let cell: Org, active: string[], exempt: string, left: string, outsider: Org, outsiderMember: string;
  beforeAll(async () => {
    cell = await withCell(p, capDistrict.id, 'khu phố 3');
    outsider = await withCell(p, otherDistrict.id, 'Bác Ái');
    const base = (organizationId: string, fullName: string, more: { type: 'EXEMPTED' | 'TERMINATED'; effectiveOn: string; reason?: string }[] = []) => ({
      fullName,
      gender: 'MALE' as const,
      birthDate: '1960-01-01',
      events: [{ type: 'ADMITTED' as const, effectiveOn: '2010-05-19', decisionRef: 'KN', organizationId }, ...more.map((e) => ({ ...e, decisionRef: 'QĐ' }))],
    });
    const ids = await p.loadMembers([
      ...Array.from({ length: 7 }, (_, i) => base(cell.id, `Đảng viên ${i}`)),
      base(cell.id, 'Cụ Miễn', [{ type: 'EXEMPTED', effectiveOn: '2024-06-01' }]),
      base(cell.id, 'Người Đi', [{ type: 'TERMINATED', effectiveOn: '2024-09-01', reason: 'WITHDRAWN' }]),
      base(outsider.id, 'Người Ngoài'),
    ]);
    active = ids.slice(0, 7);
    exempt = ids[7]!;
    left = ids[8]!;
    outsiderMember = ids[9]!;
  });

  test("a member is rated in the cell of the year's 31 December; the cap is per cell under 124-QĐ/TW", async () => {
    for (const id of active.slice(0, 5)) await ratedMember({ memberId: id, year: 2024, grade: 'GOOD' });
    const r = await ratedMember({ memberId: active[5], year: 2024, grade: 'EXCELLENT' });
    expect(r).toMatchObject({ member: { id: active[5] }, organization: { id: cell.id }, year: 2024, grade: 'EXCELLENT', ruleSet: { code: '124-QĐ/TW' }, ratedBy: ADMIN.userId });
    const e = expectError(await rateMember({ memberId: active[6], year: 2024, grade: 'EXCELLENT' }), 'CONFLICT', 'input.grade');
    expect(e.message).toContain('1 EXCELLENT already, 5 GOOD → at most 1 EXCELLENT (20 % of GOOD');
    const seen = await read(p, `query($id: ID!) { member(id: $id) { fullName qualityRating(year: 2024) { grade organization { id } } } }`, { id: active[5] });
    expect(seen.member).toEqual({ fullName: 'Đảng viên 5', qualityRating: { grade: 'EXCELLENT', organization: { id: cell.id } } });
  });

  test('2025: the member grade follows the score', async () => {
    expect((await ratedMember({ memberId: active[6], year: 2025, score: 90, allTasksDone: true, disciplined: false })).grade).toBe('EXCELLENT');
    expect((await ratedMember({ memberId: active[6], year: 2025, score: 90, allTasksDone: true, disciplined: true })).grade).toBe('GOOD');
    expect(await history(active[6]!, 2025)).toEqual(['EXCELLENT', 'GOOD']);
  });

  test('an exempted member is not rated; nor one who was not a member on 31 December', async () => {
    const e = expectError(await rateMember({ memberId: exempt, year: 2024, grade: 'GOOD' }), 'CONFLICT', 'input.memberId');
    expect(e.message).toContain('exempted');
    expect((await ratedMember({ memberId: exempt, year: 2023, grade: 'GOOD' })).grade).toBe('GOOD');
    const gone = expectError(await rateMember({ memberId: left, year: 2024, grade: 'GOOD' }), 'CONFLICT', 'input.memberId');
    expect(gone.message).toContain('2024-12-31');
    expectError(await rateMember({ memberId: '00000000-0000-4000-8000-000000000000', year: 2024, grade: 'GOOD' }), 'NOT_FOUND', 'input.memberId');
  });

  test('scope: an officer of another district may not rate the member', async () => {
    expectError(await rateMember({ memberId: active[0], year: 2024, grade: 'GOOD' }, officer([otherDistrict.id])), 'FORBIDDEN', 'input.memberId');
    expect((await p.query(RATE_MEMBER, { input: { memberId: outsiderMember, year: 2024, grade: 'GOOD', decisionRef: 'X' } }, officer([otherDistrict.id]))).errors).toBeUndefined();
  });
});

describe('refusals', () => {
  test('scope and role: an officer of another district, a viewer', async () => {
    expectError(await rateOrg({ organizationId: capOrgs[1]!.id, year: 2023, grade: 'GOOD', peerGroup: 'XA-2023' }, officer([otherDistrict.id])), 'FORBIDDEN', 'input.organizationId');
    expect((await rateOrg({ organizationId: capOrgs[1]!.id, year: 2023, grade: 'GOOD', peerGroup: 'XA-2023' }, officer([capDistrict.id]))).errors).toBeUndefined();
    expectError(await rateOrg({ organizationId: capOrgs[1]!.id, year: 2023, grade: 'GOOD', peerGroup: 'XA-2023' }, { userId: 'v', roles: ['VIEWER'], scope: [capDistrict.id] }), 'FORBIDDEN');
  });

  test('bad input names the field', async () => {
    const ok = { organizationId: scored.id, year: 2025, allTasksDone: true, disciplined: false, peerGroup: 'XA-2025' };
    expectError(await rateOrg({ ...ok, score: 101 }), 'BAD_USER_INPUT', 'input.score');
    expectError(await rateOrg({ ...ok, score: -1 }), 'BAD_USER_INPUT', 'input.score');
    expectError(await rateOrg({ ...ok, score: 80, year: 1800 }), 'BAD_USER_INPUT', 'input.year');
    expectError(await rateOrg({ ...ok, score: 80, peerGroup: ' ' }), 'BAD_USER_INPUT', 'input.peerGroup');
    expectError(await rateOrg({ ...ok, score: 80, decisionRef: '' }), 'BAD_USER_INPUT', 'input.decisionRef');
    expectError(await rateOrg({ ...ok, score: 80, organizationId: 'nope' }), 'BAD_USER_INPUT', 'input.organizationId');
    expectError(await rateMember({ memberId: 'nope', year: 2024, grade: 'GOOD' }), 'BAD_USER_INPUT', 'input.memberId');
    expectError(await p.query(`query($id: ID!) { organization(id: $id) { qualityRating(year: 1800) { grade } } }`, { id: scored.id }), 'BAD_USER_INPUT', 'year');
  });

  test('no rules in force before 2023; an organisation that did not exist in the year', async () => {
    const e = expectError(await rateOrg({ organizationId: scored.id, year: 2020, grade: 'GOOD', peerGroup: 'XA-2020' }), 'CONFLICT', 'input.year');
    expect(e.message).toContain('2020');
    expectError(await rateOrg({ organizationId: scored.id, year: 2014, grade: 'GOOD', peerGroup: 'XA-2014' }), 'NOT_FOUND', 'input.organizationId');
  });
});
