/**
 * Small-cell suppression of the evaluation figures (issue 5, docs/decisions/0021), through the
 * gateway: an analyst gets null (an empty CSV field) for a count of 1 to 4 people and for the cell
 * that would give one back, exact figures from 5 on, frozen rows too; an officer of the same
 * organisation gets every figure exactly; AGGREGATE_MIN_CELL sets the threshold.
 */
import type { MemberSeed } from '@party/membership';
import type { Caller } from '@party/subgraph-kit';
import { ADMIN, admittedOn, createOrg, officer, read, setTargets, startEvaluationPlatform, type EvaluationPlatform, type Org } from './helpers';

const analyst = (scope: string[]): Caller => ({ userId: 'bi-tool', roles: ['ANALYST'], scope });

const FIELDS = `organizationId target admitted admittedQ1 admittedQ2 admittedQ3 admittedQ4 achievementRate membersAtStart membersAtEnd
  admittedWomen admittedEthnicMinority admittedYouthUnion admittedAge18to30 removedStruckOff removedExpelled removedWithdrawn removedDeceased removedProbationNotRecognized finalized`;
const FACTS = `query($under: ID) { evaluationFacts(year: 2024, under: $under, first: 100) { edges { node { ${FIELDS} } } } }`;
const CSV = `query($under: ID) { evaluationFactsCsv(year: 2024, under: $under) { columns csv } }`;
const TARGETS = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") {
  admissionTarget(year: 2024) { target admitted achievementRate quarters { quarter admitted achievementRate } }
  removals(year: 2024) { struckOff expelled withdrawn deceased probationNotRecognized total reinstated } } }`;
const PERFORMANCE = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { admissionPerformance(year: 2024) { organization { id } admitted achievementRate rank } } }`;

/** Members admitted long ago and ended in 2024: `n` for each reason. */
const ended = (cellId: string, reasons: Record<string, number>): MemberSeed[] =>
  Object.entries(reasons).flatMap(([reason, n]) =>
    Array.from({ length: n }, (_, i) => ({
      fullName: `Người ra ${reason} ${i}`,
      gender: 'MALE' as const,
      birthDate: '1960-01-01',
      events: [
        { type: 'ADMITTED' as const, effectiveOn: '2010-03-01', decisionRef: 'KN', organizationId: cellId },
        { type: 'RECOGNIZED' as const, effectiveOn: '2011-03-01', decisionRef: 'CT' },
        { type: 'TERMINATED' as const, effectiveOn: '2024-03-01', decisionRef: 'QĐ', reason },
      ],
    })),
  );

interface World {
  p: EvaluationPlatform;
  district: Org;
  committees: Org[];
  cells: Org[];
}

/**
 * Under a district, committees A, B, C with a cell each. 2024: cell A admits 12 (9 in the first
 * quarter, 3 in the second; 4 women) and loses 8 members admitted in 2010 (6 deceased, 2 struck
 * off); cell B admits 3 (third quarter); cell C admits 7 (fourth quarter). The district's targets:
 * A 10, B 4, C 5.
 */
async function world(evaluationEnv: Record<string, string> = {}): Promise<World> {
  const p = await startEvaluationPlatform(undefined, evaluationEnv);
  const province = await createOrg(p, { name: 'Tỉnh', kind: 'PROVINCIAL' });
  const district = await createOrg(p, { name: 'Huyện', kind: 'DISTRICT', parentId: province.id });
  const committees: Org[] = [];
  const cells: Org[] = [];
  for (const label of ['A', 'B', 'C']) {
    const committee = await createOrg(p, { name: `Đảng bộ ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId: district.id });
    committees.push(committee);
    cells.push(await createOrg(p, { name: `Chi bộ ${label}`, kind: 'CELL', parentId: committee.id }));
  }
  await p.loadMembers([
    ...admittedOn(cells[0]!.id, ['2024-02-01', '2024-02-01', '2024-02-01', '2024-05-02'], 12),
    ...ended(cells[0]!.id, { DECEASED: 6, STRUCK_OFF: 2 }),
    ...admittedOn(cells[1]!.id, ['2024-08-01'], 3),
    ...admittedOn(cells[2]!.id, ['2024-11-01'], 7),
  ]);
  await setTargets(p, district.id, 2024, [
    { organizationId: committees[0]!.id, target: 10 },
    { organizationId: committees[1]!.id, target: 4 },
    { organizationId: committees[2]!.id, target: 5 },
  ]);
  return { p, district, committees, cells };
}

const byId = (rows: { organizationId: string }[]) => new Map(rows.map((r) => [r.organizationId, r]));
const csvRows = (csv: string) => csv.trimEnd().split('\n').map((l) => l.split(','));

describe('AGGREGATE_MIN_CELL unset (5)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    await w?.p.stop();
  });

  // Cell A: quarters 9 and 3 (the 3 withheld, and the 9 with it); 4 women of 12 (withheld, as 12 − 8 would give them);
  // removals by reason: 2 struck off (withheld, and the 6 deceased with it). Cell B: 3 admitted (withheld, with its quarter).
  const cellA = {
    target: null,
    admitted: 12,
    admittedQ1: null,
    admittedQ2: null,
    admittedQ3: 0,
    admittedQ4: 0,
    achievementRate: null,
    membersAtStart: 8,
    membersAtEnd: 12,
    admittedWomen: null,
    admittedEthnicMinority: 0,
    admittedYouthUnion: 0,
    admittedAge18to30: 12,
    removedStruckOff: null,
    removedExpelled: 0,
    removedWithdrawn: 0,
    removedDeceased: null,
    removedProbationNotRecognized: 0,
  };

  test('evaluationFacts: an analyst gets null for 1 to 4 people and the cells that would reveal them; an officer gets the exact figures', async () => {
    const analystRows = byId((await read(w.p, FACTS, { under: w.district.id }, analyst([w.district.id]))).evaluationFacts.edges.map((e: any) => e.node));
    expect(analystRows.get(w.cells[0]!.id)).toEqual({ organizationId: w.cells[0]!.id, ...cellA, finalized: false });
    expect(analystRows.get(w.committees[1]!.id)).toMatchObject({ target: 4, admitted: null, admittedQ3: null, achievementRate: null, membersAtStart: 0, membersAtEnd: null });
    expect(analystRows.get(w.committees[0]!.id)).toMatchObject({ target: 10, admitted: 12, achievementRate: 1.2 });
    expect(analystRows.get(w.district.id)).toMatchObject({ admitted: 22, admittedQ1: 9, admittedQ2: null, admittedQ3: null, admittedQ4: 7, membersAtEnd: 22 });

    const officerRows = byId((await read(w.p, FACTS, { under: w.district.id }, officer([w.district.id]))).evaluationFacts.edges.map((e: any) => e.node));
    expect(officerRows.get(w.cells[0]!.id)).toMatchObject({ admitted: 12, admittedQ1: 9, admittedQ2: 3, admittedWomen: 4, removedStruckOff: 2, removedDeceased: 6 });
    expect(officerRows.get(w.committees[1]!.id)).toMatchObject({ admitted: 3, admittedQ3: 3, achievementRate: 0.75, membersAtEnd: 3 });
  });

  test('evaluationFactsCsv: the same cells are empty fields for an analyst, live and frozen', async () => {
    const check = async (finalized: boolean) => {
      const { columns, csv } = (await read(w.p, CSV, { under: w.district.id }, analyst([w.district.id]))).evaluationFactsCsv;
      const line = csvRows(csv).find((l) => l[1] === w.cells[0]!.id)!;
      const field = (name: string) => line[columns.indexOf(name)];
      for (const [name, value] of Object.entries(cellA)) expect([name, field(name)]).toEqual([name, value === null ? '' : String(value)]);
      expect(field('finalized')).toBe(String(finalized));
      const officerCsv = (await read(w.p, CSV, { under: w.district.id }, officer([w.district.id]))).evaluationFactsCsv.csv;
      const exact = csvRows(officerCsv).find((l) => l[1] === w.cells[0]!.id)!;
      expect([exact[columns.indexOf('admittedQ2')], exact[columns.indexOf('removedStruckOff')]]).toEqual(['3', '2']);
    };
    await check(false);
    const res = await w.p.query(`mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { finalization { organizations } } }`, {
      input: { year: 2024, under: w.district.id, decisionRef: 'QĐ-2025' },
    }, ADMIN);
    expect(res.errors).toBeUndefined();
    await check(true);
    const frozen = byId((await read(w.p, FACTS, { under: w.district.id }, analyst([w.district.id]))).evaluationFacts.edges.map((e: any) => e.node));
    expect(frozen.get(w.cells[0]!.id)).toEqual({ organizationId: w.cells[0]!.id, ...cellA, finalized: true });
  });

  test('admissionTarget and removals: quarters and reasons suppressed as breakdowns; small totals null', async () => {
    const a = (await read(w.p, TARGETS, { id: w.committees[0]!.id }, analyst([w.district.id]))).organization;
    expect(a.admissionTarget).toEqual({
      target: 10,
      admitted: 12,
      achievementRate: 1.2,
      quarters: [
        { quarter: 1, admitted: null, achievementRate: null },
        { quarter: 2, admitted: null, achievementRate: null },
        { quarter: 3, admitted: 0, achievementRate: null },
        { quarter: 4, admitted: 0, achievementRate: null },
      ],
    });
    expect(a.removals).toEqual({ struckOff: null, expelled: 0, withdrawn: 0, deceased: null, probationNotRecognized: 0, total: 8, reinstated: 0 });
    const b = (await read(w.p, TARGETS, { id: w.committees[1]!.id }, analyst([w.district.id]))).organization;
    expect(b.admissionTarget).toMatchObject({ target: 4, admitted: null, achievementRate: null });

    const exact = (await read(w.p, TARGETS, { id: w.committees[0]!.id }, officer([w.committees[0]!.id]))).organization;
    expect(exact.admissionTarget.quarters.map((q: any) => q.admitted)).toEqual([9, 3, 0, 0]);
    expect(exact.removals).toMatchObject({ struckOff: 2, deceased: 6, total: 8 });
  });

  test('admissionPerformance: the children are one breakdown; withheld rows unranked, last', async () => {
    const rows = (await read(w.p, PERFORMANCE, { id: w.district.id }, analyst([w.district.id]))).organization.admissionPerformance;
    // B's 3 withheld, and C's 7 (the next smallest) with it: the district's 22 − A's 12 gives only their sum.
    expect(rows[0]).toEqual({ organization: { id: w.committees[0]!.id }, admitted: 12, achievementRate: 1.2, rank: 1 });
    expect(rows.slice(1).map((r: any) => [r.admitted, r.achievementRate, r.rank])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(rows.slice(1).map((r: any) => r.organization.id).sort()).toEqual([w.committees[1]!.id, w.committees[2]!.id].sort());
    const exact = (await read(w.p, PERFORMANCE, { id: w.district.id }, officer([w.district.id]))).organization.admissionPerformance;
    expect(exact.map((r: any) => [r.organization.id, r.admitted, r.rank])).toEqual([
      [w.committees[2]!.id, 7, 1],
      [w.committees[0]!.id, 12, 2],
      [w.committees[1]!.id, 3, 3],
    ]);
  });
});

describe('AGGREGATE_MIN_CELL=2', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ AGGREGATE_MIN_CELL: '2' });
  });
  afterAll(async () => {
    await w?.p.stop();
  });

  test('an analyst gets every count of 2 and more', async () => {
    const rows = byId((await read(w.p, FACTS, { under: w.district.id }, analyst([w.district.id]))).evaluationFacts.edges.map((e: any) => e.node));
    expect(rows.get(w.cells[0]!.id)).toMatchObject({ admittedQ1: 9, admittedQ2: 3, admittedWomen: 4, removedStruckOff: 2, removedDeceased: 6 });
    expect(rows.get(w.committees[1]!.id)).toMatchObject({ admitted: 3, achievementRate: 0.75, membersAtEnd: 3 });
  });
});
