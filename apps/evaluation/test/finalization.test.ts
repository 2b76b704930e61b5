/**
 * Finalising a year through the gateway: the frozen figures stay the same
 * after a back-dated move of an organisation, a correction of a member record
 * and a late back-dated admission; changes to targets and ratings of a
 * finalised organisation-year are refused, and so are member ratings in its
 * cells (what members show stays the same); reopening brings the live figures
 * back and makes both writable again, and both are recorded.
 */
import pg from 'pg';
import { ADMIN, changeTree, createOrg, expectError, officer, read, setTargets, startEvaluationPlatform, type EvaluationPlatform, type Org } from './helpers';

let p: EvaluationPlatform;
let db: pg.Client;
let central: Org, province: Org, d1: Org, d2: Org, committee: Org, cell: Org;
let corrected: string;
let members: string[];

const FINALIZE = `mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { finalization { action year organization { id } decisionRef note organizations recordedBy recordedAt } } }`;
const REOPEN = `mutation($input: ReopenEvaluationYearInput!) { reopenEvaluationYear(input: $input) { finalization { action year organization { id } decisionRef note organizations recordedBy } } }`;
const FIGURES = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") {
  admissionTarget(year: 2024) { target admitted achievementRate quarters { quarter target admitted } }
  admissionPerformance(year: 2024) { organization { id } target admitted achievementRate rank } } }`;
const FACTS = `query($under: ID) { evaluationFacts(year: 2024, under: $under, first: 100) { totalCount edges { node {
  organizationId code name kind parentCode path depth target admitted admittedQ1 admittedQ2 admittedQ3 admittedQ4 achievementRate grade score
  membersAtStart membersAtEnd admittedWomen admittedEthnicMinority admittedYouthUnion admittedAge18to30
  removedStruckOff removedExpelled removedWithdrawn removedDeceased removedProbationNotRecognized finalized } } } }`;

const facts = async (under: string) => {
  const data = await read(p, FACTS, { under });
  return Object.fromEntries(data.evaluationFacts.edges.map((e: { node: { organizationId: string } }) => [e.node.organizationId, e.node])) as Record<string, any>;
};
/** Every organisation id of the year under `under`, paged `first` at a time (pages may be short while more follow). */
const paged = async (under: string, first: number) => {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const data: any = await read(p, `query($under: ID, $first: Int, $after: String) { evaluationFacts(year: 2024, under: $under, first: $first, after: $after) {
      edges { node { organizationId } } pageInfo { hasNextPage endCursor } } }`, { under, first, after });
    const c = data.evaluationFacts;
    expect(c.edges.length).toBeLessThanOrEqual(first);
    ids.push(...c.edges.map((e: any) => e.node.organizationId));
    if (!c.pageInfo.hasNextPage) return ids;
    after = c.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
};
const RATE_MEMBER = `mutation($input: RateMemberInput!) { rateMember(input: $input) { rating { member { id } organization { id } year grade } } }`;
const rateMember = (memberId: string, grade: string, as = ADMIN) => p.query(RATE_MEMBER, { input: { memberId, year: 2024, grade, decisionRef: 'QĐ-XL-ĐV' } }, as);
const MEMBER_RATINGS = `query($id: ID!) { member(id: $id) { id qualityRating(year: 2024) { organization { id } year grade gradeBasis decisionRef ruleSet { code } ratedBy ratedAt } } }`;
const memberRatings = async () => Promise.all(members.map(async (id) => (await read(p, MEMBER_RATINGS, { id })).member));
const unfinalized = (rows: Record<string, any>) => Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, { ...v, finalized: false }]));

beforeAll(async () => {
  p = await startEvaluationPlatform();
  db = new pg.Client({ connectionString: p.db.url });
  await db.connect();
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  province = await createOrg(p, { name: 'Tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  d1 = await createOrg(p, { name: 'Huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  d2 = await createOrg(p, { name: 'Huyện Ninh Phước', kind: 'DISTRICT', parentId: province.id });
  committee = await createOrg(p, { name: 'Đảng bộ xã Tri Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: d1.id });
  cell = await createOrg(p, { name: 'Chi bộ thôn 1', kind: 'CELL', parentId: committee.id });
  const admit = (on: string) => ({ type: 'ADMITTED' as const, effectiveOn: on, decisionRef: 'KN', organizationId: cell.id });
  const ids = await p.loadMembers([
    { fullName: 'A', gender: 'FEMALE', birthDate: '1999-01-01', ethnicity: 'Kinh', youthUnion: true, events: [admit('2024-05-05')] },
    { fullName: 'B', gender: 'MALE', birthDate: '1999-01-01', ethnicity: 'Kinh', youthUnion: true, events: [admit('2024-05-05')] },
    { fullName: 'C', gender: 'MALE', birthDate: '1999-01-01', ethnicity: 'Kinh', events: [admit('2024-08-08')] },
    { fullName: 'D', gender: 'MALE', birthDate: '1970-01-01', ethnicity: 'Kinh', events: [admit('2020-01-01')] },
  ]);
  corrected = ids[1]!;
  members = ids;
  await setTargets(p, province.id, 2024, [
    { organizationId: d1.id, target: 4 },
    { organizationId: d2.id, target: 2 },
  ]);
  await setTargets(p, d1.id, 2024, [{ organizationId: committee.id, target: 3, quarters: [0, 2, 1, 0] }]);
  const rated = await p.query(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`, {
    input: { organizationId: d1.id, year: 2024, grade: 'GOOD', peerGroup: 'HUYEN-2024', decisionRef: 'QĐ-XL' },
  });
  if (rated.errors) throw new Error(JSON.stringify(rated.errors));
  // Member ratings of 2024 (124-QĐ/TW: grades given): D GOOD, A COMPLETED; B and C not rated.
  for (const [id, grade] of [
    [ids[3]!, 'GOOD'],
    [ids[0]!, 'COMPLETED'],
  ] as const) {
    const res = await rateMember(id, grade);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
}, 300_000);
afterAll(async () => {
  await db?.end();
  await p?.stop();
});

describe('a finalised year', () => {
  let before: { province: any; d1: any; committee: any; facts: Record<string, any>; members: any[] };
  let late: string;
  let elsewhere: Org;

  beforeAll(async () => {
    before = {
      province: (await read(p, FIGURES, { id: province.id })).organization,
      d1: (await read(p, FIGURES, { id: d1.id })).organization,
      committee: (await read(p, FIGURES, { id: committee.id })).organization,
      facts: await facts(province.id),
      members: await memberRatings(),
    };
    expect(before.members.map((m) => m.qualityRating?.grade ?? null)).toEqual(['COMPLETED', null, null, 'GOOD']);
    expect(before.d1.admissionTarget).toMatchObject({ target: 4, admitted: 3, achievementRate: 0.75 });
    expect(before.facts[d1.id]).toMatchObject({ admitted: 3, admittedAge18to30: 3, admittedEthnicMinority: 0, membersAtStart: 1, membersAtEnd: 4, grade: 'GOOD', finalized: false });

    const res = await read(p, FINALIZE, { input: { year: 2024, under: province.id, decisionRef: 'QĐ-DG-2024', note: 'Phê duyệt' } });
    expect(res.finalizeEvaluationYear.finalization).toMatchObject({
      action: 'FINALIZED',
      year: 2024,
      organization: { id: province.id },
      decisionRef: 'QĐ-DG-2024',
      note: 'Phê duyệt',
      organizations: 5,
      recordedBy: ADMIN.userId,
    });

    // After finalisation: a back-dated move, a correction of a member record and a late back-dated admission.
    await changeTree(p, 'moveOrganization', 'MoveOrganizationInput', { id: committee.id, newParentId: d2.id, effectiveOn: '2024-03-01' });
    const fix = await p.query(`mutation($input: CorrectMemberRecordInput!) { correctMemberRecord(input: $input) { member { id } } }`, {
      input: { memberId: corrected, reason: 'Sai ngày sinh và dân tộc', decisionRef: 'CCCD', birthDate: '1960-02-02', ethnicity: 'Chăm' },
    });
    if (fix.errors) throw new Error(JSON.stringify(fix.errors));
    [late] = await p.loadMembers([{ fullName: 'E', gender: 'FEMALE', birthDate: '1980-01-01', ethnicity: 'Raglai', events: [{ type: 'ADMITTED', effectiveOn: '2024-06-06', decisionRef: 'KN-MUON', organizationId: cell.id }] }]);
    // A cell (in another province) created after the finalisation, so not frozen, and a late transfer of D (rated GOOD in the frozen cell) to it.
    const province2 = await createOrg(p, { name: 'Tỉnh Khánh Hòa', kind: 'PROVINCIAL', parentId: central.id });
    const district2 = await createOrg(p, { name: 'Huyện Cam Lâm', kind: 'DISTRICT', parentId: province2.id });
    const committee2 = await createOrg(p, { name: 'Đảng bộ xã Cam Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: district2.id });
    elsewhere = await createOrg(p, { name: 'Chi bộ thôn 9', kind: 'CELL', parentId: committee2.id });
    const moved = await p.query(`mutation($input: TransferMemberInput!) { transferMember(input: $input) { member { id } } }`, {
      input: { memberId: members[3], kind: 'OFFICIAL', toOrganizationId: elsewhere.id, effectiveOn: '2024-11-01', decisionRef: 'QĐ-CS-MUON' },
    });
    if (moved.errors) throw new Error(JSON.stringify(moved.errors));
  });

  test('the finalisation took the statistics of the snapshot rows it wrote (a page of frozen facts is planned on them)', async () => {
    const r = await db.query(`SELECT reltuples::float8 AS counted, (SELECT count(*)::int FROM evaluation.evaluation_fact_snapshot) AS rows
                                FROM pg_class WHERE oid = 'evaluation.evaluation_fact_snapshot'::regclass`);
    // Never analysed is -1; autovacuum has not run in this test's few seconds (the table is far below its threshold).
    expect(r.rows[0].rows).toBeGreaterThanOrEqual(5);
    expect(r.rows[0].counted).toBe(r.rows[0].rows);
  });

  test("members' ratings stay as they were and changes to them are refused naming the year", async () => {
    expect(await memberRatings()).toEqual(before.members);
    // A re-rating, a first rating, and the late admission's rating: the cell's 2024 evaluation is finalised.
    for (const id of [members[0]!, members[2]!, late]) {
      const e = expectError(await rateMember(id, 'GOOD'), 'CONFLICT', 'input.memberId');
      expect(e.message).toBe('input.memberId: the 2024 evaluation of Chi bộ thôn 1 is finalised; reopen it (reopenEvaluationYear) to change it');
    }
    // D now sits in a cell that is not finalised, but its 2024 rating was given in the finalised one.
    expect(expectError(await rateMember(members[3]!, 'COMPLETED'), 'CONFLICT', 'input.memberId').message).toContain('2024 evaluation of Chi bộ thôn 1 is finalised');
    expect(await memberRatings()).toEqual(before.members);
    const stored = await db.query(`SELECT count(*)::int AS n FROM evaluation.member_rating WHERE year = 2024`);
    expect(stored.rows[0].n).toBe(2);
    // Another year is not affected (2025: a 100-point score under 366-QĐ/TW).
    const next = await p.query(`mutation($input: RateMemberInput!) { rateMember(input: $input) { rating { organization { id } grade } } }`, {
      input: { memberId: members[3], year: 2025, score: 75, allTasksDone: true, disciplined: false, decisionRef: 'QĐ-XL-2025' },
    });
    expect(next.errors).toBeUndefined();
    expect(next.data.rateMember.rating).toEqual({ organization: { id: elsewhere.id }, grade: 'GOOD' });
  });

  test('keeps its targets, achievement and ranking after a move, a correction and a late admission', async () => {
    expect((await read(p, FIGURES, { id: province.id })).organization).toEqual(before.province);
    expect((await read(p, FIGURES, { id: d1.id })).organization.admissionTarget).toEqual(before.d1.admissionTarget);
    expect((await read(p, FIGURES, { id: committee.id })).organization.admissionTarget).toEqual(before.committee.admissionTarget);
  });

  test('evaluationFacts gives the frozen rows', async () => {
    const now = await facts(province.id);
    expect(Object.keys(now).sort()).toEqual(Object.keys(before.facts).sort());
    expect(Object.values(now).every((r) => r.finalized)).toBe(true);
    expect(unfinalized(now)).toEqual(before.facts);
    // Frozen organisations are placed by their frozen ancestry: the committee stays under Ninh Hải for 2024.
    expect(Object.keys(await facts(d1.id)).sort()).toEqual([d1.id, committee.id, cell.id].sort());
    // Paged one, two or three at a time: each exactly once, frozen and live lists merged in id order.
    for (const under of [province.id, d1.id, d2.id]) {
      const all = Object.keys(await facts(under)).sort();
      for (const first of [1, 2, 3]) expect({ under, first, ids: await paged(under, first) }).toEqual({ under, first, ids: all });
    }
  });

  test('targets and ratings of a finalised organisation-year are refused naming the field', async () => {
    const rate = await p.query(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`, {
      input: { organizationId: d1.id, year: 2024, grade: 'COMPLETED', peerGroup: 'HUYEN-2024', decisionRef: 'QĐ-XL-2' },
    });
    expect(expectError(rate, 'CONFLICT', 'input.organizationId').message).toContain('finalised');
    const target = await p.query(`mutation($input: SetAdmissionTargetsInput!) { setAdmissionTargets(input: $input) { year } }`, {
      input: { organizationId: province.id, year: 2024, decisionRef: 'KH-2', targets: [{ organizationId: d2.id, target: 1 }, { organizationId: d1.id, target: 9 }] },
    });
    expectError(target, 'CONFLICT', 'input.targets.0.organizationId');
    expectError(await p.query(FINALIZE, { input: { year: 2024, under: d1.id, decisionRef: 'X' } }), 'CONFLICT', 'input.under');
    // Another year is not affected.
    await setTargets(p, province.id, 2025, [{ organizationId: d1.id, target: 9 }]);
  });

  test('only writers in scope finalise or reopen', async () => {
    expectError(await p.query(FINALIZE, { input: { year: 2024, under: province.id, decisionRef: 'X' } }, officer([d2.id])), 'FORBIDDEN', 'input.under');
    expectError(await p.query(REOPEN, { input: { year: 2024, under: province.id, reason: 'X' } }, { userId: 'reader', roles: ['ANALYST'], scope: [province.id] }), 'FORBIDDEN');
    expectError(await p.query(REOPEN, { input: { year: 2024, under: province.id, reason: ' ' } }), 'BAD_USER_INPUT', 'input.reason');
    expectError(await p.query(REOPEN, { input: { year: 2023, under: province.id, reason: 'Sai' } }), 'CONFLICT', 'input.under');
  });

  test('reopening shows the live figures again and is recorded', async () => {
    const res = await read(p, REOPEN, { input: { year: 2024, under: province.id, reason: 'Kết nạp bổ sung được ghi muộn' } });
    expect(res.reopenEvaluationYear.finalization).toMatchObject({ action: 'REOPENED', year: 2024, organization: { id: province.id }, decisionRef: null, note: 'Kết nạp bổ sung được ghi muộn', organizations: 5 });

    // Live: the committee was under Ninh Phước from 1 March, so all four 2024 admissions count there.
    const live = await facts(province.id);
    expect(Object.values(live).every((r) => !r.finalized)).toBe(true);
    // B's corrected birth date (1960) and ethnicity (Chăm) and E (born 1980, Raglai) change the breakdowns frozen as 3 aged 18–30, no minority.
    expect(before.facts[province.id]).toMatchObject({ admitted: 3, admittedAge18to30: 3, admittedEthnicMinority: 0, admittedWomen: 1 });
    expect(live[province.id]).toMatchObject({ admitted: 4, admittedAge18to30: 2, admittedEthnicMinority: 2, admittedWomen: 2 });
    expect(live[d1.id]).toMatchObject({ admitted: 0, membersAtEnd: 0 });
    expect(live[d2.id]).toMatchObject({ admitted: 4, target: 2, achievementRate: 2 });
    expect((await read(p, FIGURES, { id: d1.id })).organization.admissionTarget).toMatchObject({ target: 4, admitted: 0, achievementRate: 0 });

    const log = await db.query(`SELECT action, year, under_id, decision_ref, note, organizations, recorded_by FROM evaluation.evaluation_finalization_log ORDER BY id`);
    expect(log.rows).toEqual([
      { action: 'FINALIZED', year: 2024, under_id: province.id, decision_ref: 'QĐ-DG-2024', note: 'Phê duyệt', organizations: 5, recorded_by: ADMIN.userId },
      { action: 'REOPENED', year: 2024, under_id: province.id, decision_ref: null, note: 'Kết nạp bổ sung được ghi muộn', organizations: 5, recorded_by: ADMIN.userId },
    ]);
    await expect(db.query(`DELETE FROM evaluation.evaluation_finalization_log`)).rejects.toThrow(/append-only/);

    // Changes are allowed again.
    const rate = await p.query(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`, {
      input: { organizationId: d1.id, year: 2024, grade: 'COMPLETED', peerGroup: 'HUYEN-2024', decisionRef: 'QĐ-XL-2' },
    });
    expect(rate.errors).toBeUndefined();
    // Member ratings too: a re-rating and a first rating.
    const again = await rateMember(members[0]!, 'GOOD');
    expect(again.errors).toBeUndefined();
    expect(again.data.rateMember.rating).toEqual({ member: { id: members[0] }, organization: { id: cell.id }, year: 2024, grade: 'GOOD' });
    expect((await rateMember(members[2]!, 'COMPLETED')).errors).toBeUndefined();
  });

  test('a district finalised on its own keeps its rows when the province is finalised later', async () => {
    const own = await read(p, FINALIZE, { input: { year: 2024, under: d2.id, decisionRef: 'QĐ-H2' } });
    expect(own.finalizeEvaluationYear.finalization.organizations).toBe(3);
    const all = await read(p, FINALIZE, { input: { year: 2024, under: province.id, decisionRef: 'QĐ-T' } });
    expect(all.finalizeEvaluationYear.finalization.organizations).toBe(2);
    const rows = await facts(province.id);
    expect(Object.keys(rows)).toHaveLength(5);
    expect(Object.values(rows).every((r) => r.finalized)).toBe(true);
  });
});
