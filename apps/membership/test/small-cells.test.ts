/**
 * Small-cell suppression of the membership aggregates (issue 5, docs/decisions/0021), through the
 * gateway: an analyst gets null (and `suppressed`) for a breakdown value of 1 to 4 people and for
 * the value that would give it back from the total, exact figures from 5 on; an officer of the same
 * organisation gets every figure exactly; AGGREGATE_MIN_CELL sets the threshold.
 */
import type { Caller } from '@party/subgraph-kit';
import { addMonthsIso, analyst, createTree, officer, read, startMembershipPlatform, uniqueCitizenId, uniqueCode, viewer, type MembershipPlatform } from './helpers';
import { loadMembers, type MemberSeed } from '../src/seed/register';

type Tree = Awaited<ReturnType<typeof createTree>>;

/**
 * Cell A on 2024-12-31: 30 members. 22 officials admitted in 2005, 8 probationary admitted in 2024
 * (6 in the second quarter, 2 in the third; one of them a woman) and aged 29; 4 women in all.
 * Ethnicity: Kinh 20, Chăm 6, Raglai 3, Hoa 1. Religion: none 20, Công giáo 7, Phật giáo 3.
 * Cell B: 3 official men.
 */
async function seedRegister(p: MembershipPlatform, tree: Tree): Promise<void> {
  const a: MemberSeed[] = Array.from({ length: 30 }, (_, i) => {
    const recent = i < 8;
    const admitted = recent ? (i < 6 ? '2024-05-10' : '2024-08-10') : '2005-03-01';
    return {
      fullName: `Thành Viên ${uniqueCode('A')}`,
      gender: i >= 7 && i <= 10 ? 'FEMALE' : 'MALE',
      birthDate: recent ? '1995-01-01' : '1970-05-05',
      ethnicity: i >= 29 ? 'Hoa' : i >= 26 ? 'Raglai' : i >= 20 ? 'Chăm' : 'Kinh',
      religion: i >= 10 && i <= 12 ? 'Phật giáo' : i >= 13 && i <= 19 ? 'Công giáo' : null,
      citizenId: uniqueCitizenId(),
      events: [
        { type: 'ADMITTED', effectiveOn: admitted, decisionRef: 'KN', organizationId: tree.cellA.id },
        ...(recent ? [] : [{ type: 'RECOGNIZED' as const, effectiveOn: addMonthsIso(admitted, 12), decisionRef: 'CT' }]),
      ],
    };
  });
  const b: MemberSeed[] = Array.from({ length: 3 }, () => ({
    fullName: `Thành Viên ${uniqueCode('B')}`,
    gender: 'MALE',
    birthDate: '1970-05-05',
    ethnicity: 'Kinh',
    citizenId: uniqueCitizenId(),
    events: [
      { type: 'ADMITTED', effectiveOn: '2005-03-01', decisionRef: 'KN', organizationId: tree.cellB.id },
      { type: 'RECOGNIZED', effectiveOn: '2006-03-01', decisionRef: 'CT' },
    ],
  }));
  await loadMembers(p.membershipDb, [...a, ...b]);
}

const STATS = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") {
  memberCount probationary: memberCount(status: [PROBATIONARY]) official: memberCount(status: [OFFICIAL])
  memberStats { total probationary official women ethnicMinority withReligion age18to30 hostedTemporarily
    byStatus { key count suppressed } byGender { key count suppressed } byAgeBand { key count suppressed }
    byEthnicity { key count suppressed } byReligion { key count suppressed } }
  admissions(year: 2024) { total women ethnicMinority age18to30 youthUnion byGender { key count suppressed } byQuarter { key count suppressed } byEthnicity { key count suppressed } }
} }`;

const shown = (key: string, count: number) => ({ key, count, suppressed: false });
const withheld = (key: string) => ({ key, count: null, suppressed: true });

describe('AGGREGATE_MIN_CELL unset (5)', () => {
  let p: MembershipPlatform;
  let tree: Tree;

  beforeAll(async () => {
    p = await startMembershipPlatform();
    tree = await createTree(p, 'SC');
    await seedRegister(p, tree);
  });

  afterAll(async () => {
    await p?.stop();
  });

  test('an analyst: values of 1 to 4 people null and marked, with the value that would give one back; 5 and more exact', async () => {
    const me = analyst([tree.province.id]);
    expect(await read(p, `{ smallCellThreshold }`, {}, me)).toEqual({ smallCellThreshold: 5 });
    const { organization } = await read(p, STATS, { id: tree.cellA.id }, me);
    expect(organization).toEqual({
      memberCount: 30,
      probationary: 8,
      official: 22,
      memberStats: {
        total: 30,
        probationary: 8,
        official: 22,
        // 4 women: withheld, and the 26 men with them (30 − 26 would give the 4).
        women: null,
        // Raglai 3 and Hoa 1 withheld: they protect each other; the minorities' 10 gives neither.
        ethnicMinority: 10,
        // Phật giáo 3 withheld; a single withheld value also hides the next smallest (Công giáo 7); the 10 with a religion give neither.
        withReligion: 10,
        age18to30: 8,
        hostedTemporarily: 0,
        byStatus: [shown('OFFICIAL', 22), shown('PROBATIONARY', 8)],
        byGender: [withheld('FEMALE'), withheld('MALE')],
        byAgeBand: [shown('18-30', 8), shown('51-60', 22)],
        byEthnicity: [shown('Kinh', 20), shown('Chăm', 6), withheld('Hoa'), withheld('Raglai')],
        byReligion: [shown('NONE', 20), withheld('Công giáo'), withheld('Phật giáo')],
      },
      // 2024: 8 admitted, 6 in the second quarter and 2 in the third, one woman, all Kinh and aged 29.
      admissions: {
        total: 8,
        women: null,
        ethnicMinority: 0,
        age18to30: 8,
        youthUnion: 0,
        byGender: [withheld('FEMALE'), withheld('MALE')],
        byQuarter: [withheld('2'), withheld('3')],
        byEthnicity: [shown('Kinh', 8)],
      },
    });
  });

  test('an analyst: a total of 1 to 4 is null too; a zero is shown', async () => {
    const { organization } = await read(p, STATS, { id: tree.cellB.id }, analyst([tree.province.id]));
    expect(organization).toMatchObject({
      memberCount: null,
      probationary: 0,
      official: null,
      memberStats: { total: null, probationary: 0, official: null, women: 0, byStatus: [withheld('OFFICIAL')], byGender: [withheld('MALE')] },
      admissions: { total: 0, byQuarter: [] },
    });
  });

  test('an officer (and a viewer) of the same organisation get every small number exactly', async () => {
    for (const me of [officer([tree.cellA.id]), viewer([tree.cellA.id])] as Caller[]) {
      expect(await read(p, `{ smallCellThreshold }`, {}, me)).toEqual({ smallCellThreshold: 1 });
      const { organization } = await read(p, STATS, { id: tree.cellA.id }, me);
      expect(organization.memberStats).toMatchObject({
        total: 30,
        women: 4,
        ethnicMinority: 10,
        withReligion: 10,
        byGender: [shown('MALE', 26), shown('FEMALE', 4)],
        byEthnicity: [shown('Kinh', 20), shown('Chăm', 6), shown('Raglai', 3), shown('Hoa', 1)],
        byReligion: [shown('NONE', 20), shown('Công giáo', 7), shown('Phật giáo', 3)],
      });
      expect(organization.admissions).toMatchObject({ total: 8, women: 1, byQuarter: [shown('2', 6), shown('3', 2)] });
    }
    const b = await read(p, STATS, { id: tree.cellB.id }, officer([tree.cellB.id]));
    expect(b.organization).toMatchObject({ memberCount: 3, official: 3, memberStats: { total: 3, byStatus: [shown('OFFICIAL', 3)] } });
  });

  test('the committee over both cells: the sums, suppressed as one breakdown each', async () => {
    const { organization } = await read(p, STATS, { id: tree.committee.id }, analyst([tree.province.id]));
    // 33 members: 29 men and 4 women (withheld with the men), Kinh 23.
    expect(organization.memberStats).toMatchObject({ total: 33, women: null, byGender: [withheld('FEMALE'), withheld('MALE')] });
    expect(organization.memberStats.byEthnicity).toEqual([shown('Kinh', 23), shown('Chăm', 6), withheld('Hoa'), withheld('Raglai')]);
  });
});

describe('AGGREGATE_MIN_CELL=2', () => {
  let p: MembershipPlatform;
  let tree: Tree;

  beforeAll(async () => {
    p = await startMembershipPlatform(undefined, { AGGREGATE_MIN_CELL: '2' });
    tree = await createTree(p, 'SC2');
    await seedRegister(p, tree);
  });

  afterAll(async () => {
    await p?.stop();
  });

  test('an analyst gets everything but the single people (and the value that would give one back)', async () => {
    const me = analyst([tree.province.id]);
    expect(await read(p, `{ smallCellThreshold }`, {}, me)).toEqual({ smallCellThreshold: 2 });
    const { organization } = await read(p, STATS, { id: tree.cellA.id }, me);
    expect(organization.memberStats).toMatchObject({
      women: 4,
      // Hoa 1 withheld, and Raglai 3 as the next smallest; the minorities' 10 gives neither.
      ethnicMinority: 10,
      withReligion: 10,
      byGender: [shown('MALE', 26), shown('FEMALE', 4)],
      byEthnicity: [shown('Kinh', 20), shown('Chăm', 6), withheld('Hoa'), withheld('Raglai')],
      byReligion: [shown('NONE', 20), shown('Công giáo', 7), shown('Phật giáo', 3)],
    });
    // One woman admitted in 2024: withheld, with the 7 men.
    expect(organization.admissions).toMatchObject({ total: 8, women: null, byGender: [withheld('FEMALE'), withheld('MALE')], byQuarter: [shown('2', 6), shown('3', 2)] });
    const b = await read(p, STATS, { id: tree.cellB.id }, me);
    expect(b.organization).toMatchObject({ memberCount: 3, memberStats: { total: 3 } });
  });
});
