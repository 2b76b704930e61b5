/**
 * "4 good" through the gateway: criteria sets per province (the seeded
 * national default where a province has none), registration of grassroots
 * committees and cells, assessment against the set in force for the province
 * the organisation sat under in the year (two provinces, same scores,
 * different results; the minimum quality grade), re-assessment with versions
 * and history, finalised years, Organization.fourGood batched (the same
 * statements for 10 and 100 organisations) and fourGoodSummary.
 */
import type { Caller } from '@party/subgraph-kit';
import { StatementCounter } from '@party/testing';
import pg from 'pg';
import { ADMIN, changeTree, createOrg, expectError, officer, read, startEvaluationPlatform, uniqueCode, type EvaluationPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: EvaluationPlatform;
let db: pg.Client;

let central: Org, provA: Org, dA1: Org, comA: Org, cellA1: Org, cellA2: Org, subA: Org, gcellA: Org, lateA: Org, newA: Org, unregA: Org;
let dA2: Org, comF: Org, cellF: Org, gcellF2: Org;
let provB: Org, dB1: Org, comB: Org, cellB: Org, gcellB: Org, movedCom: Org;
let setA: string, setB: string;

/** Officers of province A, of province B and of district A1; a viewer of province A. */
let offA: Caller, offB: Caller, offDA1: Caller, viewer: Caller;

/** Four criteria of 25 points with the given pass threshold (provinces A and B use the same codes, different thresholds). */
const CRITERIA = (pass: number) => [
  { code: 'CHINH_TRI', name: 'Chính trị tư tưởng tốt', maxScore: 25, passThreshold: pass },
  { code: 'LANH_DAO', name: 'Lãnh đạo nhiệm vụ chính trị tốt', maxScore: 25, passThreshold: pass },
  { code: 'TO_CHUC', name: 'Tổ chức, cán bộ, đảng viên tốt', maxScore: 25, passThreshold: pass },
  { code: 'KIEM_TRA', name: 'Kiểm tra, giám sát, kỷ luật tốt', maxScore: 25, passThreshold: pass },
];
const CODES = CRITERIA(0).map((c) => c.code);
const DEFAULT_CODES = ['NHIEM_VU_CHINH_TRI', 'SINH_HOAT', 'DOAN_KET_KY_LUAT', 'CAN_BO_DANG_VIEN'];
const scores = (values: number[], codes = CODES) => values.map((score, i) => ({ criterion: codes[i]!, score }));

const SET_FIELDS = `id isDefault province { id } fromYear name criteria { code name maxScore passThreshold } totalPassThreshold maxTotal minimumGrade decisionRef recordedBy`;
const SET_CRITERIA = `mutation($input: SetFourGoodCriteriaInput!) { setFourGoodCriteria(input: $input) { criteriaSet { ${SET_FIELDS} } } }`;
const CRITERIA_IN_FORCE = `query($year: Int!, $provinceId: ID) { fourGoodCriteria(year: $year, provinceId: $provinceId) { ${SET_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterFourGoodInput!) { registerFourGood(input: $input) { registration { organization { id } year registeredOn kind decisionRef registeredBy recordedAt } } }`;
const ASSESSMENT_FIELDS = `organization { id } year version total result reasons qualityGrade decisionRef note assessedBy assessedAt
  scores { criterion name score maxScore passThreshold passed } criteriaSet { id isDefault province { id } }`;
const ASSESS = `mutation($input: AssessFourGoodInput!) { assessFourGood(input: $input) { assessment { ${ASSESSMENT_FIELDS} } } }`;
const FOUR_GOOD = `query($id: ID!, $year: Int!) { organization(id: $id, asOf: "2024-12-31") { fourGood(year: $year) {
  year organization { id } province { id }
  registration { organization { id } year registeredOn kind decisionRef registeredBy }
  assessment { version total result reasons qualityGrade criteriaSet { id } }
  criteriaSet { id isDefault province { id } }
  history { version result total decisionRef } } } }`;
const SUMMARY = `query($year: Int!, $under: ID!) { fourGoodSummary(year: $year, under: $under) {
  year organization { id } registered assessed granted notGranted byKind { kind registered assessed granted notGranted } } }`;
const RATE = `mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`;

const setCriteria = (input: Record<string, unknown>, as = ADMIN) => p.query(SET_CRITERIA, { input: { decisionRef: 'HD-4T', ...input } }, as);
const register = (org: Org, registeredOn: string, as = ADMIN, extra: Record<string, unknown> = {}) =>
  p.query(REGISTER, { input: { organizationId: org.id, year: Number(registeredOn.slice(0, 4)), registeredOn, decisionRef: 'DK-4T', ...extra } }, as);
const assess = (org: Org, values: { criterion: string; score: number }[], as = ADMIN, extra: Record<string, unknown> = {}) =>
  p.query(ASSESS, { input: { organizationId: org.id, year: 2024, scores: values, decisionRef: 'QĐ-4T', ...extra } }, as);

async function ok(res: { data?: any; errors?: unknown[] }, what: string): Promise<any> {
  if (res.errors) throw new Error(`${what} failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}
const registered = async (org: Org, on: string, as = ADMIN) => (await ok(await register(org, on, as), 'registerFourGood')).registerFourGood.registration;
const assessed = async (org: Org, values: { criterion: string; score: number }[], as = ADMIN, extra: Record<string, unknown> = {}) =>
  (await ok(await assess(org, values, as, extra), 'assessFourGood')).assessFourGood.assessment;
const rate = async (org: Org, year: number, grade: string) => ok(await p.query(RATE, { input: { organizationId: org.id, year, grade, peerGroup: `CO-SO-${year}`, decisionRef: 'QĐ-XL' } }), 'rateOrganization');
const summary = async (under: Org, year = 2024, as = ADMIN) => (await read(p, SUMMARY, { year, under: under.id }, as)).fourGoodSummary;
const fourGood = async (org: Org, year = 2024) => (await read(p, FOUR_GOOD, { id: org.id, year })).organization.fourGood;
const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

/** byKind rows in the summary's order: the three kinds that register, counts [registered, assessed, granted, notGranted]. */
const kinds = (gc: number[], gcell: number[], cell: number[]) =>
  (
    [
      ['GRASSROOTS_COMMITTEE', gc],
      ['GRASSROOTS_CELL', gcell],
      ['CELL', cell],
    ] as const
  ).map(([kind, [registered, assessed, granted, notGranted]]) => ({ kind, registered, assessed, granted, notGranted }));

beforeAll(async () => {
  p = await startEvaluationPlatform(counter);
  db = new pg.Client({ connectionString: p.db.url });
  await db.connect();
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  provA = await createOrg(p, { name: 'Đảng bộ tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  dA1 = await createOrg(p, { name: 'Đảng bộ huyện Ninh Hải', kind: 'DISTRICT', parentId: provA.id });
  comA = await createOrg(p, { name: 'Đảng bộ xã Hộ Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: dA1.id });
  cellA1 = await createOrg(p, { name: 'Chi bộ thôn Gò Gũ', kind: 'CELL', parentId: comA.id });
  cellA2 = await createOrg(p, { name: 'Chi bộ thôn Lương Cách', kind: 'CELL', parentId: comA.id });
  subA = await createOrg(p, { name: 'Đảng bộ bộ phận khối thôn', kind: 'SUB_COMMITTEE', parentId: comA.id });
  gcellA = await createOrg(p, { name: 'Chi bộ Công ty Muối Ninh Hải', kind: 'GRASSROOTS_CELL', parentId: dA1.id });
  lateA = await createOrg(p, { name: 'Chi bộ Trường THCS mới', kind: 'GRASSROOTS_CELL', parentId: dA1.id, effectiveOn: '2024-06-01' });
  newA = await createOrg(p, { name: 'Chi bộ Công ty 2025', kind: 'GRASSROOTS_CELL', parentId: dA1.id, effectiveOn: '2025-03-01' });
  unregA = await createOrg(p, { name: 'Chi bộ Trạm y tế', kind: 'GRASSROOTS_CELL', parentId: dA1.id });
  dA2 = await createOrg(p, { name: 'Đảng bộ huyện Ninh Phước', kind: 'DISTRICT', parentId: provA.id });
  comF = await createOrg(p, { name: 'Đảng bộ thị trấn Phước Dân', kind: 'GRASSROOTS_COMMITTEE', parentId: dA2.id });
  cellF = await createOrg(p, { name: 'Chi bộ khu phố 1, Phước Dân', kind: 'CELL', parentId: comF.id });
  gcellF2 = await createOrg(p, { name: 'Chi bộ Trường THPT Phước Dân', kind: 'GRASSROOTS_CELL', parentId: dA2.id });
  provB = await createOrg(p, { name: 'Đảng bộ tỉnh Khánh Hòa', kind: 'PROVINCIAL', parentId: central.id });
  dB1 = await createOrg(p, { name: 'Đảng bộ thành phố Nha Trang', kind: 'DISTRICT', parentId: provB.id });
  comB = await createOrg(p, { name: 'Đảng bộ phường Lộc Thọ', kind: 'GRASSROOTS_COMMITTEE', parentId: dB1.id });
  cellB = await createOrg(p, { name: 'Chi bộ tổ dân phố 1, Lộc Thọ', kind: 'CELL', parentId: comB.id });
  gcellB = await createOrg(p, { name: 'Chi bộ Cảng Nha Trang', kind: 'GRASSROOTS_CELL', parentId: dB1.id });
  movedCom = await createOrg(p, { name: 'Đảng bộ Công ty Điện lực', kind: 'GRASSROOTS_COMMITTEE', parentId: provB.id });
  // Under Khánh Hòa until 30 June 2024, under Ninh Hải (Ninh Thuận) from 1 July.
  await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: movedCom.id, newParentId: dA1.id, effectiveOn: '2024-07-01' });
  offA = officer([provA.id], 'officer-a');
  offB = officer([provB.id], 'officer-b');
  offDA1 = officer([dA1.id], 'officer-dA1');
  viewer = { userId: 'viewer', roles: ['VIEWER'], scope: [provA.id] };

  await rate(gcellA, 2024, 'GOOD');
  await rate(cellA1, 2024, 'COMPLETED');
  await rate(movedCom, 2024, 'GOOD');
  await rate(cellF, 2024, 'GOOD');
  await rate(gcellA, 2023, 'GOOD');
}, 300_000);
afterAll(async () => {
  await db?.end();
  await p?.stop();
});

describe('criteria sets', () => {
  test('the national default is seeded as data and used where a province has none', async () => {
    const national = (await read(p, CRITERIA_IN_FORCE, { year: 2024 })).fourGoodCriteria;
    expect(national).toEqual({
      id: expect.any(String),
      isDefault: true,
      province: null,
      fromYear: 1930,
      name: 'Bộ tiêu chí "4 tốt" mặc định toàn quốc (cấu hình của hệ thống)',
      criteria: [
        { code: 'NHIEM_VU_CHINH_TRI', name: 'Lãnh đạo thực hiện tốt nhiệm vụ chính trị', maxScore: 25, passThreshold: 20 },
        { code: 'SINH_HOAT', name: 'Sinh hoạt đảng tốt (nội dung và chất lượng sinh hoạt)', maxScore: 25, passThreshold: 20 },
        { code: 'DOAN_KET_KY_LUAT', name: 'Đoàn kết, kỷ luật tốt', maxScore: 25, passThreshold: 20 },
        { code: 'CAN_BO_DANG_VIEN', name: 'Đội ngũ cán bộ, đảng viên tốt (gồm chỉ tiêu kết nạp đảng viên)', maxScore: 25, passThreshold: 20 },
      ],
      totalPassThreshold: 90,
      maxTotal: 100,
      minimumGrade: 'GOOD',
      decisionRef: 'Mặc định của hệ thống',
      recordedBy: 'migration',
    });
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2024, provinceId: provA.id })).fourGoodCriteria).toEqual(national);
  });

  test("a province's officer sets its criteria; each province has its own", async () => {
    const a = (await ok(await setCriteria({ provinceId: provA.id, fromYear: 2024, criteria: CRITERIA(15), totalPassThreshold: 70, minimumGrade: 'GOOD' }, offA), 'set A')).setFourGoodCriteria.criteriaSet;
    expect(a).toEqual({
      id: expect.any(String),
      isDefault: false,
      province: { id: provA.id },
      fromYear: 2024,
      name: 'Tiêu chí "4 tốt" của Đảng bộ tỉnh Ninh Thuận từ năm 2024',
      criteria: CRITERIA(15),
      totalPassThreshold: 70,
      maxTotal: 100,
      minimumGrade: 'GOOD',
      decisionRef: 'HD-4T',
      recordedBy: 'officer-a',
    });
    const b = (await ok(await setCriteria({ provinceId: provB.id, fromYear: 2024, name: 'Tiêu chí "4 tốt" Khánh Hòa', criteria: CRITERIA(20), totalPassThreshold: 85 }, offB), 'set B')).setFourGoodCriteria
      .criteriaSet;
    expect(b).toMatchObject({ isDefault: false, province: { id: provB.id }, name: 'Tiêu chí "4 tốt" Khánh Hòa', totalPassThreshold: 85, minimumGrade: null, recordedBy: 'officer-b' });
    setA = a.id;
    setB = b.id;

    expect((await read(p, CRITERIA_IN_FORCE, { year: 2024, provinceId: provA.id })).fourGoodCriteria).toEqual(a);
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2025, provinceId: provB.id })).fourGoodCriteria).toEqual(b);
    // Before its first set, the province uses the national default.
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2023, provinceId: provA.id })).fourGoodCriteria).toMatchObject({ isDefault: true, fromYear: 1930 });
    // Someone working under the province reads its criteria; someone of another province does not.
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2024, provinceId: provA.id }, offDA1)).fourGoodCriteria.id).toBe(setA);
    expectError(await p.query(CRITERIA_IN_FORCE, { year: 2024, provinceId: provA.id }, offB), 'FORBIDDEN', 'provinceId');
  });

  test('only province officers and administrators set criteria; the national default only administrators', async () => {
    const input = { fromYear: 2024, criteria: CRITERIA(15), totalPassThreshold: 70 };
    const before = await count(`SELECT count(*) AS n FROM evaluation.four_good_criteria_set`);
    expectError(await setCriteria({ ...input, provinceId: provB.id }, offA), 'FORBIDDEN', 'input.provinceId');
    expectError(await setCriteria({ ...input, provinceId: provA.id }, offDA1), 'FORBIDDEN', 'input.provinceId');
    expectError(await setCriteria({ ...input, provinceId: provA.id }, viewer), 'FORBIDDEN');
    expectError(await setCriteria(input, offA), 'FORBIDDEN', 'input.provinceId');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_criteria_set`)).toBe(before);

    // An administrator's national default from 2030: provinces without a set of their own use it; Khánh Hòa keeps its own.
    const later = (await ok(await setCriteria({ ...input, fromYear: 2030, totalPassThreshold: 75 }), 'national')).setFourGoodCriteria.criteriaSet;
    expect(later).toMatchObject({ isDefault: true, province: null, fromYear: 2030, name: 'Tiêu chí "4 tốt" mặc định toàn quốc từ năm 2030', totalPassThreshold: 75 });
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2030 })).fourGoodCriteria.id).toBe(later.id);
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2029 })).fourGoodCriteria.fromYear).toBe(1930);
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2030, provinceId: provB.id })).fourGoodCriteria.id).toBe(setB);
  });

  test('bad criteria are refused naming the field, and nothing is written', async () => {
    const good = { provinceId: provA.id, fromYear: 2024, criteria: CRITERIA(15), totalPassThreshold: 70 };
    const before = await count(`SELECT count(*) AS n FROM evaluation.four_good_criteria_set`);
    const twice = [...CRITERIA(15).slice(0, 1), { ...CRITERIA(15)[0]!, name: 'Lần nữa' }];
    expect(expectError(await setCriteria({ ...good, criteria: twice }), 'BAD_USER_INPUT', 'input.criteria.1.code').message).toContain('CHINH_TRI appears twice');
    expectError(await setCriteria({ ...good, criteria: [{ ...CRITERIA(15)[0]!, passThreshold: 26 }] }), 'BAD_USER_INPUT', 'input.criteria.0.passThreshold');
    expectError(await setCriteria({ ...good, criteria: [{ ...CRITERIA(15)[0]!, maxScore: 0 }] }), 'BAD_USER_INPUT', 'input.criteria.0.maxScore');
    expectError(await setCriteria({ ...good, criteria: [{ ...CRITERIA(15)[0]!, code: 'chính trị' }] }), 'BAD_USER_INPUT', 'input.criteria.0.code');
    expectError(await setCriteria({ ...good, criteria: [{ ...CRITERIA(15)[0]!, name: ' ' }] }), 'BAD_USER_INPUT', 'input.criteria.0.name');
    expectError(await setCriteria({ ...good, criteria: [] }), 'BAD_USER_INPUT', 'input.criteria');
    expect(expectError(await setCriteria({ ...good, totalPassThreshold: 100.5 }), 'BAD_USER_INPUT', 'input.totalPassThreshold').message).toContain('(100)');
    expectError(await setCriteria({ ...good, fromYear: 1800 }), 'BAD_USER_INPUT', 'input.fromYear');
    expectError(await setCriteria({ ...good, decisionRef: '' }), 'BAD_USER_INPUT', 'input.decisionRef');
    expectError(await setCriteria({ ...good, provinceId: 'nope' }), 'BAD_USER_INPUT', 'input.provinceId');
    expect(expectError(await setCriteria({ ...good, provinceId: dA1.id }), 'BAD_USER_INPUT', 'input.provinceId').message).toContain('is a DISTRICT in 2024, not a province');
    expectError(await setCriteria({ ...good, provinceId: newA.id }), 'NOT_FOUND', 'input.provinceId');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_criteria_set`)).toBe(before);
    expectError(await p.query(CRITERIA_IN_FORCE, { year: 2024, provinceId: dA1.id }), 'BAD_USER_INPUT', 'provinceId');
    expectError(await p.query(CRITERIA_IN_FORCE, { year: 1800 }), 'BAD_USER_INPUT', 'year');
  });

  test('a later set supersedes from its year on; every set is kept', async () => {
    const again = (await ok(await setCriteria({ provinceId: provB.id, fromYear: 2024, criteria: CRITERIA(20), totalPassThreshold: 85, decisionRef: 'HD-4T-sửa' }, offB), 'set B again'))
      .setFourGoodCriteria.criteriaSet;
    const from2026 = (await ok(await setCriteria({ provinceId: provB.id, fromYear: 2026, criteria: CRITERIA(22), totalPassThreshold: 92 }, offB), 'set B 2026')).setFourGoodCriteria.criteriaSet;
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2024, provinceId: provB.id })).fourGoodCriteria).toEqual(again);
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2025, provinceId: provB.id })).fourGoodCriteria.decisionRef).toBe('HD-4T-sửa');
    expect((await read(p, CRITERIA_IN_FORCE, { year: 2026, provinceId: provB.id })).fourGoodCriteria).toEqual(from2026);
    const kept = await db.query(`SELECT from_year, decision_ref FROM evaluation.four_good_criteria_set WHERE province_id = $1 ORDER BY id`, [provB.id]);
    expect(kept.rows).toEqual([
      { from_year: 2024, decision_ref: 'HD-4T' },
      { from_year: 2024, decision_ref: 'HD-4T-sửa' },
      { from_year: 2026, decision_ref: 'HD-4T' },
    ]);
    setB = again.id;
    await expect(db.query(`DELETE FROM evaluation.four_good_criterion`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE evaluation.four_good_criteria_set SET total_pass_threshold = 0`)).rejects.toThrow(/append-only/);
  });
});

describe('registration', () => {
  test('grassroots committees, grassroots cells and cells that exist on the day register', async () => {
    const r = await registered(comA, '2024-01-15');
    expect(r).toEqual({ organization: { id: comA.id }, year: 2024, registeredOn: '2024-01-15', kind: 'GRASSROOTS_COMMITTEE', decisionRef: 'DK-4T', registeredBy: ADMIN.userId, recordedAt: expect.any(String) });
    expect((await registered(cellA1, '2024-01-16')).kind).toBe('CELL');
    await registered(cellA2, '2024-01-16');
    // An officer of the district registers organisations under it.
    expect(await registered(gcellA, '2024-01-20', offDA1)).toMatchObject({ kind: 'GRASSROOTS_CELL', registeredBy: 'officer-dA1' });
    // Established on 1 June 2024: registers from then on.
    await registered(lateA, '2024-07-01');
    // Registered while under Khánh Hòa; it ends the year under Ninh Thuận.
    await registered(movedCom, '2024-02-01');
    await registered(comF, '2024-01-15');
    await registered(cellF, '2024-01-15');
    await registered(cellB, '2024-01-15', offB);
    await registered(gcellB, '2024-01-18', offB);
    await registered(gcellA, '2023-01-10');
  });

  test('other kinds, organisations that did not exist, and days outside the year are refused naming the field', async () => {
    expect(expectError(await register(dA1, '2024-01-15'), 'BAD_USER_INPUT', 'input.organizationId').message).toContain('was a DISTRICT on 2024-01-15');
    expectError(await register(subA, '2024-01-15'), 'BAD_USER_INPUT', 'input.organizationId');
    expectError(await register(provA, '2024-01-15'), 'BAD_USER_INPUT', 'input.organizationId');
    expectError(await register(newA, '2024-12-01'), 'NOT_FOUND', 'input.organizationId');
    expect(expectError(await register(lateA, '2024-03-01'), 'BAD_USER_INPUT', 'input.registeredOn').message).toContain('did not exist on 2024-03-01');
    expect(expectError(await register(unregA, '2023-12-30', ADMIN, { year: 2024 }), 'BAD_USER_INPUT', 'input.registeredOn').message).toContain('must be a day of 2024');
    expect(expectError(await register(unregA, '2200-01-10'), 'BAD_USER_INPUT', 'input.registeredOn').message).toContain('future');
    expectError(await register(unregA, '2024-02-30'), 'BAD_USER_INPUT', 'input.registeredOn');
    expectError(await register(unregA, '2024-02-03', ADMIN, { decisionRef: ' ' }), 'BAD_USER_INPUT', 'input.decisionRef');
    expectError(await register(unregA, '2024-02-03', ADMIN, { organizationId: 'nope' }), 'BAD_USER_INPUT', 'input.organizationId');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_registration WHERE organization_id = ANY($1::uuid[])`, [[dA1.id, subA.id, provA.id, newA.id, lateA.id, unregA.id]])).toBe(1);
  });

  test('a second registration for the year is a CONFLICT; nothing is written', async () => {
    const e = expectError(await register(comA, '2024-03-01'), 'CONFLICT', 'input.organizationId');
    expect(e.message).toContain('already registered for "4 good" in 2024 (on 2024-01-15, DK-4T)');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_registration WHERE organization_id = $1`, [comA.id])).toBe(1);
    await expect(db.query(`UPDATE evaluation.four_good_registration SET decision_ref = 'x'`)).rejects.toThrow(/append-only/);
  });

  test('scope and role', async () => {
    expectError(await register(gcellB, '2024-01-15', offDA1), 'FORBIDDEN', 'input.organizationId');
    expectError(await register(unregA, '2024-01-15', offB), 'FORBIDDEN', 'input.organizationId');
    expectError(await register(unregA, '2024-01-15', viewer), 'FORBIDDEN');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_registration WHERE organization_id = $1`, [unregA.id])).toBe(0);
  });

  test('a retry with the same idempotency key returns the first answer; the key with another input is refused', async () => {
    const first = await ok(await register(comB, '2024-01-19', offB, { idempotencyKey: 'dk-loc-tho' }), 'first');
    const retry = await ok(await register(comB, '2024-01-19', offB, { idempotencyKey: 'dk-loc-tho' }), 'retry');
    expect(retry).toEqual(first);
    expectError(await register(comB, '2024-01-20', offB, { idempotencyKey: 'dk-loc-tho' }), 'CONFLICT', 'input.idempotencyKey');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_registration WHERE organization_id = $1`, [comB.id])).toBe(1);
  });
});

describe('assessment', () => {
  test('two provinces, the same scores, different results: each against its own criteria', async () => {
    const a = await assessed(gcellA, scores([18, 18, 18, 18]));
    expect(a).toEqual({
      organization: { id: gcellA.id },
      year: 2024,
      version: 1,
      total: 72,
      result: 'TITLE_GRANTED',
      reasons: [],
      qualityGrade: 'GOOD',
      decisionRef: 'QĐ-4T',
      note: null,
      assessedBy: ADMIN.userId,
      assessedAt: expect.any(String),
      scores: CRITERIA(15).map((c) => ({ criterion: c.code, name: c.name, score: 18, maxScore: 25, passThreshold: 15, passed: true })),
      criteriaSet: { id: setA, isDefault: false, province: { id: provA.id } },
    });
    const b = await assessed(gcellB, scores([18, 18, 18, 18]), offB);
    expect(b).toMatchObject({ version: 1, total: 72, result: 'NOT_GRANTED', qualityGrade: null, criteriaSet: { id: setB, isDefault: false, province: { id: provB.id } } });
    expect(b.reasons).toEqual([
      'CHINH_TRI (Chính trị tư tưởng tốt): 18 is below its pass threshold of 20',
      'LANH_DAO (Lãnh đạo nhiệm vụ chính trị tốt): 18 is below its pass threshold of 20',
      'TO_CHUC (Tổ chức, cán bộ, đảng viên tốt): 18 is below its pass threshold of 20',
      'KIEM_TRA (Kiểm tra, giám sát, kỷ luật tốt): 18 is below its pass threshold of 20',
      'total 72 is below the pass threshold of 85',
    ]);
    expect(b.scores.map((s: { passed: boolean }) => s.passed)).toEqual([false, false, false, false]);
  });

  test('one criterion below its threshold, or the total below the set\'s, refuses the title', async () => {
    const low = await assessed(cellB, scores([25, 25, 25, 19.5]), offB);
    expect(low).toMatchObject({ total: 94.5, result: 'NOT_GRANTED', reasons: ['KIEM_TRA (Kiểm tra, giám sát, kỷ luật tốt): 19.5 is below its pass threshold of 20'] });
    const total = await assessed(comB, scores([21, 21, 21, 21.99]), offB);
    expect(total).toMatchObject({ total: 84.99, result: 'NOT_GRANTED', reasons: ['total 84.99 is below the pass threshold of 85'] });
  });

  test('a quality rating below the minimum refuses the title with the reason; no rating is a CONFLICT', async () => {
    const a = await assessed(cellA1, scores([25, 25, 25, 25]));
    expect(a).toMatchObject({ total: 100, result: 'NOT_GRANTED', qualityGrade: 'COMPLETED', reasons: ['the 2024 quality rating is COMPLETED, below the GOOD the criteria set requires'] });
    const e = expectError(await assess(cellA2, scores([25, 25, 25, 25])), 'CONFLICT', 'input.organizationId');
    expect(e.message).toContain('has no quality rating for 2024');
    expect(e.message).toContain('rateOrganization');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_assessment_history WHERE organization_id = $1`, [cellA2.id])).toBe(0);
  });

  test('the set of the province the organisation sat under at the end of the year', async () => {
    const a = await assessed(movedCom, scores([18, 18, 18, 18]));
    expect(a).toMatchObject({ result: 'TITLE_GRANTED', total: 72, qualityGrade: 'GOOD', criteriaSet: { id: setA, province: { id: provA.id } } });
  });

  test('the set in force in the year: 2023 falls to the national default', async () => {
    const wrongSet = expectError(await assess(gcellA, scores([22, 22, 22, 22]), ADMIN, { year: 2023 }), 'BAD_USER_INPUT', 'input.scores.0.criterion');
    expect(wrongSet.message).toContain('CHINH_TRI is not a criterion of the set in force');
    const a = await assessed(gcellA, scores([22, 22, 22, 22], DEFAULT_CODES), ADMIN, { year: 2023 });
    expect(a).toMatchObject({ year: 2023, total: 88, result: 'NOT_GRANTED', qualityGrade: 'GOOD', reasons: ['total 88 is below the pass threshold of 90'], criteriaSet: { isDefault: true, province: null } });
  });

  test('every criterion of the set once, each within 0..max: refused naming the field, nothing written', async () => {
    const before = await count(`SELECT count(*) AS n FROM evaluation.four_good_assessment_history`);
    expect(expectError(await assess(comA, scores([20, 20, 20])), 'BAD_USER_INPUT', 'input.scores').message).toContain('missing KIEM_TRA');
    expectError(await assess(comA, [...scores([20, 20]), { criterion: 'XYZ', score: 1 }, ...scores([20, 20]).slice(0, 1)]), 'BAD_USER_INPUT', 'input.scores.2.criterion');
    expect(expectError(await assess(comA, [...scores([20, 20, 20, 20]), { criterion: 'LANH_DAO', score: 20 }]), 'BAD_USER_INPUT', 'input.scores.4.criterion').message).toContain('scored twice');
    expect(expectError(await assess(comA, scores([25.01, 20, 20, 20])), 'BAD_USER_INPUT', 'input.scores.0.score').message).toContain('from 0 to 25');
    expectError(await assess(comA, scores([20, -1, 20, 20])), 'BAD_USER_INPUT', 'input.scores.1.score');
    expectError(await assess(comA, scores([20, 20, 18.555, 20])), 'BAD_USER_INPUT', 'input.scores.2.score');
    expectError(await assess(comA, []), 'BAD_USER_INPUT', 'input.scores');
    expectError(await assess(comA, scores([20, 20, 20, 20]), ADMIN, { decisionRef: '' }), 'BAD_USER_INPUT', 'input.decisionRef');
    expectError(await assess(comA, scores([20, 20, 20, 20]), ADMIN, { year: 1800 }), 'BAD_USER_INPUT', 'input.year');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_assessment_history`)).toBe(before);
  });

  test('only registered organisations, in your scope, by writers', async () => {
    expect(expectError(await assess(unregA, scores([20, 20, 20, 20])), 'CONFLICT', 'input.organizationId').message).toContain('is not registered for "4 good" in 2024');
    expectError(await assess(gcellA, scores([20, 20, 20, 20]), offB), 'FORBIDDEN', 'input.organizationId');
    expectError(await assess(gcellA, scores([20, 20, 20, 20]), viewer), 'FORBIDDEN');
    expectError(await assess(newA, scores([20, 20, 20, 20])), 'NOT_FOUND', 'input.organizationId');
  });

  test('a re-assessment replaces the one in force against the version seen; every assessment is kept', async () => {
    const second = await assessed(gcellB, scores([22, 22, 22, 22]), offB, { expectedVersion: 1, decisionRef: 'QĐ-4T-2', note: 'Phúc tra' });
    expect(second).toMatchObject({ version: 2, total: 88, result: 'TITLE_GRANTED', reasons: [], decisionRef: 'QĐ-4T-2', note: 'Phúc tra' });
    const stale = expectError(await assess(gcellB, scores([10, 10, 10, 10]), offB, { expectedVersion: 1 }), 'CONFLICT', 'input.expectedVersion');
    expect(stale.message).toContain('at version 2, not 1');
    expectError(await assess(comA, scores([20, 20, 20, 20]), ADMIN, { expectedVersion: 1 }), 'CONFLICT', 'input.expectedVersion');
    const fg = await fourGood(gcellB);
    expect(fg.assessment).toMatchObject({ version: 2, result: 'TITLE_GRANTED', total: 88 });
    expect(fg.history).toEqual([
      { version: 1, result: 'NOT_GRANTED', total: 72, decisionRef: 'QĐ-4T' },
      { version: 2, result: 'TITLE_GRANTED', total: 88, decisionRef: 'QĐ-4T-2' },
    ]);
    await expect(db.query(`DELETE FROM evaluation.four_good_assessment_history`)).rejects.toThrow(/append-only/);
  });

  test('a retry with the same idempotency key returns the first answer', async () => {
    const input = { idempotencyKey: 'pt-cang', expectedVersion: 2, note: 'Lần 3' };
    const first = await ok(await assess(gcellB, scores([23, 23, 23, 23]), offB, input), 'first');
    const retry = await ok(await assess(gcellB, scores([23, 23, 23, 23]), offB, input), 'retry');
    expect(retry).toEqual(first);
    expect(first.assessFourGood.assessment).toMatchObject({ version: 3, total: 92 });
    expectError(await assess(gcellB, scores([24, 23, 23, 23]), offB, input), 'CONFLICT', 'input.idempotencyKey');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_assessment_history WHERE organization_id = $1`, [gcellB.id])).toBe(3);
  });
});

describe('Organization.fourGood', () => {
  test('registration, assessment and the criteria used', async () => {
    expect(await fourGood(gcellA)).toEqual({
      year: 2024,
      organization: { id: gcellA.id },
      province: { id: provA.id },
      registration: { organization: { id: gcellA.id }, year: 2024, registeredOn: '2024-01-20', kind: 'GRASSROOTS_CELL', decisionRef: 'DK-4T', registeredBy: 'officer-dA1' },
      assessment: { version: 1, total: 72, result: 'TITLE_GRANTED', reasons: [], qualityGrade: 'GOOD', criteriaSet: { id: setA } },
      criteriaSet: { id: setA, isDefault: false, province: { id: provA.id } },
      history: [{ version: 1, result: 'TITLE_GRANTED', total: 72, decisionRef: 'QĐ-4T' }],
    });
    expect((await fourGood(gcellA, 2023)).criteriaSet).toEqual({ id: expect.any(String), isDefault: true, province: null });
    expect((await fourGood(movedCom)).province).toEqual({ id: provA.id });
  });

  test('registered, not assessed yet: the set in force; not registered: null', async () => {
    expect(await fourGood(lateA)).toMatchObject({ registration: { registeredOn: '2024-07-01' }, assessment: null, criteriaSet: { id: setA }, history: [] });
    expect(await fourGood(unregA)).toBeNull();
    expect(await fourGood(dA1)).toBeNull();
    expect(await fourGood(comA, 2025)).toBeNull();
    expectError(await p.query(FOUR_GOOD, { id: comA.id, year: 1800 }), 'BAD_USER_INPUT', 'year');
  });
});

describe('fourGoodSummary', () => {
  test('registered, assessed and granted by kind under a subtree as it stood at the end of the year', async () => {
    // Ninh Thuận: comA, movedCom, comF; gcellA (granted), lateA; cellA1 (not granted), cellA2, cellF.
    expect(await summary(provA)).toEqual({
      year: 2024,
      organization: { id: provA.id },
      registered: 8,
      assessed: 3,
      granted: 2,
      notGranted: 1,
      byKind: kinds([3, 1, 1, 0], [2, 1, 1, 0], [3, 1, 0, 1]),
    });
    expect(await summary(dA1)).toMatchObject({ registered: 6, assessed: 3, granted: 2, notGranted: 1, byKind: kinds([2, 1, 1, 0], [2, 1, 1, 0], [2, 1, 0, 1]) });
    // The committee itself and its two cells.
    expect(await summary(comA)).toMatchObject({ registered: 3, assessed: 1, granted: 0, notGranted: 1, byKind: kinds([1, 0, 0, 0], [0, 0, 0, 0], [2, 1, 0, 1]) });
    // Khánh Hòa: the committee that moved away in July is not counted.
    expect(await summary(provB)).toMatchObject({ registered: 3, assessed: 3, granted: 1, notGranted: 2, byKind: kinds([1, 1, 0, 1], [1, 1, 1, 0], [1, 1, 0, 1]) });
    expect(await summary(provA, 2023)).toMatchObject({ registered: 1, assessed: 1, granted: 0, byKind: kinds([0, 0, 0, 0], [1, 1, 0, 1], [0, 0, 0, 0]) });
    expect(await summary(provA, 2025)).toMatchObject({ registered: 0, assessed: 0, granted: 0 });
  });

  test('scope and bad input', async () => {
    expect((await summary(dA1, 2024, offDA1)).registered).toBe(6);
    expectError(await p.query(SUMMARY, { year: 2024, under: provA.id }, offDA1), 'FORBIDDEN', 'under');
    expectError(await p.query(SUMMARY, { year: 1800, under: provA.id }), 'BAD_USER_INPUT', 'year');
    expectError(await p.query(SUMMARY, { year: 2024, under: 'nope' }), 'BAD_USER_INPUT', 'under');
  });
});

describe('a finalised year', () => {
  const FINALIZE = `mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { finalization { organizations } } }`;
  const REOPEN = `mutation($input: ReopenEvaluationYearInput!) { reopenEvaluationYear(input: $input) { finalization { organizations } } }`;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    await assessed(cellF, scores([20, 20, 20, 20]));
    before = { dA1: await summary(dA1), dA2: await summary(dA2), provA: await summary(provA) };
    expect(before.dA2).toMatchObject({ registered: 2, assessed: 1, granted: 1, byKind: kinds([1, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 0]) });
    await ok(await p.query(FINALIZE, { input: { year: 2024, under: dA2.id, decisionRef: 'QĐ-DG-2024' } }), 'finalize');
  });

  test('refuses new assessments and registrations of the year with CONFLICT naming the finalisation', async () => {
    const e = expectError(await assess(comF, scores([20, 20, 20, 20])), 'CONFLICT', 'input.organizationId');
    expect(e.message).toContain('the 2024 evaluation of Đảng bộ thị trấn Phước Dân is finalised');
    expect(e.message).toContain('reopenEvaluationYear');
    expectError(await assess(cellF, scores([25, 25, 25, 25])), 'CONFLICT', 'input.organizationId');
    expectError(await register(gcellF2, '2024-03-01'), 'CONFLICT', 'input.organizationId');
    expect(await count(`SELECT count(*) AS n FROM evaluation.four_good_assessment_history WHERE organization_id = ANY($1::uuid[])`, [[comF.id, cellF.id]])).toBe(1);
    // Another year is not affected.
    await registered(gcellF2, '2025-01-10');
  });

  test('the summary keeps the frozen placement after a back-dated move; reopening brings the live tree back', async () => {
    await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: comF.id, newParentId: dA1.id, effectiveOn: '2024-03-01' });
    expect({ dA1: await summary(dA1), dA2: await summary(dA2), provA: await summary(provA) }).toEqual(before);
    expect((await fourGood(cellF)).assessment).toMatchObject({ version: 1, result: 'TITLE_GRANTED', total: 80 });

    await ok(await p.query(REOPEN, { input: { year: 2024, under: dA2.id, reason: 'Điều chỉnh địa giới' } }), 'reopen');
    expect(await summary(dA2)).toMatchObject({ registered: 0, assessed: 0, granted: 0 });
    expect(await summary(dA1)).toMatchObject({ registered: 8, assessed: 4, granted: 3, byKind: kinds([3, 1, 1, 0], [2, 1, 1, 0], [3, 2, 1, 1]) });
    expect(await summary(provA)).toEqual(before.provA);
  });
});

describe('statements', () => {
  let province: Org;
  const built: Record<number, { committee: Org; cells: Org[] }> = {};

  /** Runs `n` aliased mutations in one request; returns each result. */
  async function aliased(n: number, inputType: string, field: (alias: string, variable: string) => string, input: (i: number) => Record<string, unknown>): Promise<any[]> {
    const vars: Record<string, unknown> = {};
    const defs: string[] = [];
    const fields: string[] = [];
    for (let i = 0; i < n; i++) {
      vars[`i${i}`] = input(i);
      defs.push(`$i${i}: ${inputType}!`);
      fields.push(field(`a${i}`, `$i${i}`));
    }
    if (!n) return [];
    const data = await ok(await p.query(`mutation(${defs.join(', ')}) { ${fields.join('\n')} }`, vars), `aliased ${inputType}`);
    return Array.from({ length: n }, (_, i) => data[`a${i}`]);
  }

  /**
   * A committee with `n` cells: cell i registers when i % 3 ≠ 0 and is
   * assessed when i % 3 = 2, scoring (i % 10, 7) against criteria passing at
   * 5 each and 12 in total, so it is granted when i % 10 ≥ 5.
   */
  async function build(n: number) {
    const committee = await createOrg(p, { name: `Đảng bộ đếm ${n}`, kind: 'GRASSROOTS_COMMITTEE', parentId: province.id });
    const cells: Org[] = (
      await aliased(n, 'CreateOrganizationInput', (a, v) => `${a}: createOrganization(input: ${v}) { organization { id code name kind } }`, (i) => ({
        effectiveOn: '2015-01-01',
        decisionRef: 'TEST-QĐ',
        code: uniqueCode('CELL'),
        name: `Chi bộ đếm ${n}-${String(i).padStart(3, '0')}`,
        kind: 'CELL',
        parentId: committee.id,
      }))
    ).map((r) => r.organization);
    const reg = cells.flatMap((c, i) => (i % 3 ? [{ c, i }] : []));
    await aliased(reg.length, 'RegisterFourGoodInput', (a, v) => `${a}: registerFourGood(input: ${v}) { registration { year } }`, (k) => ({
      organizationId: reg[k]!.c.id,
      year: 2024,
      registeredOn: '2024-01-15',
      decisionRef: 'DK',
    }));
    const ass = cells.flatMap((c, i) => (i % 3 === 2 ? [{ c, i }] : []));
    await aliased(ass.length, 'AssessFourGoodInput', (a, v) => `${a}: assessFourGood(input: ${v}) { assessment { version } }`, (k) => ({
      organizationId: ass[k]!.c.id,
      year: 2024,
      scores: [
        { criterion: 'A', score: ass[k]!.i % 10 },
        { criterion: 'B', score: 7 },
      ],
      decisionRef: 'QĐ',
    }));
    built[n] = { committee, cells };
  }

  const expected = (i: number, setId: string) => {
    if (i % 3 === 0) return null;
    const a = i % 10;
    return {
      province: { id: province.id },
      registration: { registeredOn: '2024-01-15', kind: 'CELL' },
      assessment:
        i % 3 === 2
          ? {
              version: 1,
              total: a + 7,
              result: a >= 5 ? 'TITLE_GRANTED' : 'NOT_GRANTED',
              reasons: a >= 5 ? [] : [`A (Tiêu chí A): ${a} is below its pass threshold of 5`, `total ${a + 7} is below the pass threshold of 12`],
              criteriaSet: { id: setId },
            }
          : null,
      criteriaSet: { id: setId },
      history: i % 3 === 2 ? [{ version: 1 }] : [],
    };
  };

  const QUERY = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { children(first: 100) { edges { node { id fourGood(year: 2024) {
    province { id } registration { registeredOn kind } assessment { version total result reasons criteriaSet { id } } criteriaSet { id } history { version } } } } } } }`;

  async function counted(n: number) {
    counter.reset();
    const data = await read(p, QUERY, { id: built[n]!.committee.id });
    const statements = counter.count;
    return { nodes: data.organization.children.edges.map((e: { node: any }) => e.node) as { id: string; fourGood: unknown }[], statements };
  }

  beforeAll(async () => {
    province = await createOrg(p, { name: 'Đảng bộ tỉnh Đếm', kind: 'PROVINCIAL', parentId: central.id });
    await ok(
      await setCriteria({
        provinceId: province.id,
        fromYear: 2024,
        criteria: [
          { code: 'A', name: 'Tiêu chí A', maxScore: 10, passThreshold: 5 },
          { code: 'B', name: 'Tiêu chí B', maxScore: 10, passThreshold: 5 },
        ],
        totalPassThreshold: 12,
      }),
      'set',
    );
    await build(10);
    await build(100);
  }, 300_000);

  test('fourGood on 10 and on 100 organisations: exact values, the same statements', async () => {
    const setId = (await read(p, CRITERIA_IN_FORCE, { year: 2024, provinceId: province.id })).fourGoodCriteria.id;
    const small = await counted(10);
    const big = await counted(100);
    for (const [n, run] of [
      [10, small],
      [100, big],
    ] as const) {
      expect(run.nodes).toHaveLength(n);
      const cells = built[n]!.cells;
      expect(Object.fromEntries(run.nodes.map((x) => [x.id, x.fourGood]))).toEqual(Object.fromEntries(cells.map((c, i) => [c.id, expected(i, setId)])));
    }
    expect(big.nodes.filter((x) => x.fourGood === null)).toHaveLength(34);
    expect(big.statements).toBe(small.statements);
    // One each: the organisations on the day (references), registrations, assessments, placements (province), criteria sets (by id and in force together), history.
    expect(small.statements).toBe(6);
  });
});
