/**
 * `asOf` through the gateway: counts, statistics and admissions on days
 * before, at and after each step of a member's life (admission, recognition,
 * temporary and official transfers, exemption, exit, reinstatement), and
 * across changes to the organisation tree recorded after the members were
 * admitted (a move and a merge). Every expected number follows from what the
 * test itself created; each describe block has its own tree.
 */
import {
  admit,
  countOf,
  createOrg,
  createTree,
  expectError,
  MEMBER_FIELDS,
  mutate,
  read,
  readyProspect,
  seedOfficials,
  startMembershipPlatform,
  tryMutate,
  systemQuery,
  type MembershipPlatform,
  type Org,
  type ProspectOpts,
} from './helpers';
import { fillMemberStats } from '../src/migrations/1765440000001-member-stat-delta';
import { syncTree } from '../src/services/derive';

let p: MembershipPlatform;

beforeAll(async () => {
  p = await startMembershipPlatform();
});
afterAll(() => p?.stop());

type Tree = Awaited<ReturnType<typeof createTree>>;

/** memberCount of several organisations on one day, keyed like `orgs` (null: the organisation did not exist that day). */
async function countsOn(orgs: Record<string, Org>, day: string, args = ''): Promise<Record<string, number | null>> {
  const entries = await Promise.all(Object.entries(orgs).map(async ([key, org]) => [key, await countOf(p, org.id, day, args)] as const));
  return Object.fromEntries(entries);
}

const memberOn = (id: string, asOf: string) => read(p, `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { ${MEMBER_FIELDS} } }`, { id, asOf }).then((d) => d.member);

const STATS = `asOf total probationary official women ethnicMinority withReligion age18to30 hostedTemporarily
  byStatus { key count } byActivity { key count } byGender { key count } byAgeBand { key count } byEthnicity { key count } byReligion { key count }`;

async function statsOn(orgId: string, asOf: string) {
  const d = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberStats { ${STATS} } } }`, { id: orgId, asOf });
  return d.organization.memberStats;
}

const STAT_LISTS = ['byStatus', 'byActivity', 'byGender', 'byAgeBand', 'byEthnicity', 'byReligion', 'byEducation'] as const;
type Breakdown = { key: string; count: number }[];

/**
 * memberStats of an organisation on a day counted straight from the members' dated segments
 * (member_segment, no placement and no running sum): each segment valid that day is where its
 * organisation (or, if that one had ceased, its successor) stood that day, under the organisation's
 * path or not; the record data (gender, birth date, …) as stored now. Null if the organisation did
 * not exist that day. The lists sorted by key (compare with `canonical`).
 */
async function statsFromSegments(orgId: string, day: string) {
  const rows: { role: string; status: string; activity: string; gender: string; age: number; ethnicity: string | null; religion: string | null; education_level: string | null; n: number }[] =
    await systemQuery(p, 
      `WITH RECURSIVE
       x AS (SELECT path FROM organization.tree_v1 WHERE organization_id = $1 AND valid_from <= $2 AND valid_to > $2),
       seg AS (SELECT * FROM membership.member_segment WHERE valid_from <= $2 AND valid_to > $2),
       r (member_id, role, org, hops) AS (
         SELECT member_id, 'HOME', organization_id, 0 FROM seg
         UNION ALL SELECT member_id, 'HOSTED', host_organization_id, 0 FROM seg WHERE host_organization_id IS NOT NULL
         UNION ALL
         SELECT r.member_id, r.role, l.successor_id, r.hops + 1 FROM r
           CROSS JOIN LATERAL (SELECT max(v.valid_to) AS ended FROM organization.tree_v1 v WHERE v.organization_id = r.org) e
           CROSS JOIN LATERAL (SELECT l.successor_id FROM organization.lineage_v1 l WHERE l.predecessor_id = r.org AND l.effective_on = e.ended ORDER BY l.seq, l.successor_id LIMIT 1) l
          WHERE e.ended <= $2 AND r.hops < 20),
       placed AS (
         SELECT DISTINCT r.member_id, r.role FROM r
           JOIN organization.tree_v1 v ON v.organization_id = r.org AND v.valid_from <= $2 AND v.valid_to > $2
           JOIN x ON v.path COLLATE "C" >= x.path COLLATE "C" AND v.path COLLATE "C" < (left(x.path, -1) || '/') COLLATE "C")
       SELECT pl.role, s.status, s.activity, m.gender, date_part('year', age($2::date, m.birth_date))::int AS age, m.ethnicity, m.religion, m.education_level, count(*)::int AS n
         FROM placed pl JOIN seg s ON s.member_id = pl.member_id JOIN membership.member m ON m.id = pl.member_id
        WHERE pl.role = 'HOME' OR NOT EXISTS (SELECT 1 FROM placed h WHERE h.member_id = pl.member_id AND h.role = 'HOME')
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       UNION ALL SELECT 'EXISTS', '', '', '', 0, NULL, NULL, NULL, count(*)::int FROM x`,
      [orgId, day],
    );
  if (!rows.find((r) => r.role === 'EXISTS')!.n) return null;
  const home = rows.filter((r) => r.role === 'HOME');
  const band = (age: number) => (age <= 30 ? '18-30' : age <= 40 ? '31-40' : age <= 50 ? '41-50' : age <= 60 ? '51-60' : age <= 70 ? '61-70' : '71+');
  const by = (key: (r: (typeof home)[number]) => string): Breakdown => {
    const m = new Map<string, number>();
    for (const r of home) m.set(key(r), (m.get(key(r)) ?? 0) + r.n);
    return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => (a.key < b.key ? -1 : 1));
  };
  const sum = (test: (r: (typeof home)[number]) => boolean) => home.filter(test).reduce((a, r) => a + r.n, 0);
  return {
    asOf: day,
    total: sum(() => true),
    probationary: sum((r) => r.status === 'PROBATIONARY'),
    official: sum((r) => r.status === 'OFFICIAL'),
    women: sum((r) => r.gender === 'FEMALE'),
    ethnicMinority: sum((r) => r.ethnicity !== null && r.ethnicity !== 'Kinh'),
    withReligion: sum((r) => r.religion !== null),
    age18to30: sum((r) => r.age <= 30),
    hostedTemporarily: rows.filter((r) => r.role === 'HOSTED').reduce((a, r) => a + r.n, 0),
    byStatus: by((r) => r.status),
    byActivity: by((r) => r.activity),
    byGender: by((r) => r.gender),
    byAgeBand: by((r) => band(r.age)),
    byEthnicity: by((r) => r.ethnicity ?? 'UNKNOWN'),
    byReligion: by((r) => r.religion ?? 'NONE'),
    byEducation: by((r) => r.education_level ?? 'UNKNOWN'),
  };
}

/** memberStats with every list sorted by key. */
const canonical = (s: Record<string, unknown> | null) =>
  s && Object.fromEntries(Object.entries(s).map(([k, v]) => [k, (STAT_LISTS as readonly string[]).includes(k) ? [...(v as Breakdown)].sort((a, b) => (a.key < b.key ? -1 : 1)) : v]));

/**
 * memberStats of every organisation on every day, through the gateway (one request a day), equal to the
 * segments counted (statsFromSegments). Returns how many (organisation, day) pairs had members.
 */
async function expectStatsAsCounted(orgs: Record<string, Org>, days: string[]): Promise<number> {
  const entries = Object.entries(orgs);
  let nonEmpty = 0;
  for (const day of days) {
    const q = `query($asOf: Date) { ${entries.map(([k, o]) => `${k}: organization(id: "${o.id}", asOf: $asOf) { memberStats { ${STATS} byEducation { key count } } }`).join(' ')} }`;
    const d = await read(p, q, { asOf: day });
    for (const [k, o] of entries) {
      const counted = await statsFromSegments(o.id, day);
      expect({ org: k, day, stats: canonical(d[k] ? d[k].memberStats : null) }).toEqual({ org: k, day, stats: canonical(counted) });
      if (counted?.total || counted?.hostedTemporarily) nonEmpty++;
    }
  }
  return nonEmpty;
}

const ADMISSIONS = `year quarter total women ethnicMinority withReligion age18to30 youthUnion students workers nonStateEnterprise
  bySource { key count } byGender { key count } byEthnicity { key count } byAgeBand { key count } byQuarter { key count }`;

/** Admissions of an organisation shown as of `asOf` (null if it did not exist that day). */
async function admissionsOf(orgId: string, asOf: string, year: number, quarter?: number) {
  const d = await read(p, `query($id: ID!, $asOf: Date, $year: Int!, $quarter: Int) { organization(id: $id, asOf: $asOf) { admissions(year: $year, quarter: $quarter) { ${ADMISSIONS} } } }`, {
    id: orgId,
    asOf,
    year,
    quarter: quarter ?? null,
  });
  return d.organization ? d.organization.admissions : null;
}

async function membersOf(orgId: string, asOf: string, args = '') {
  const d = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { members${args ? `(${args})` : ''} { totalCount edges { node { id } } } } }`, { id: orgId, asOf });
  return { totalCount: d.organization.members.totalCount as number, ids: (d.organization.members.edges as { node: { id: string } }[]).map((e) => e.node.id).sort() };
}

/** A membership event through the public API (input type named after the mutation). */
const lifeEvent = (name: string, input: Record<string, unknown>) => mutate(p, name, `${name[0]!.toUpperCase()}${name.slice(1)}Input`, { decisionRef: 'QĐ-TEST', ...input }, 'member { id }');

/** A change to the organisation tree through the public API. */
const treeChange = (name: string, input: Record<string, unknown>) => mutate(p, name, `${name[0]!.toUpperCase()}${name.slice(1)}Input`, { decisionRef: 'QĐ-TU-TEST', ...input }, 'change { id type }');

// ---------------------------------------------------------------------------------------------

describe("a member's life, counted day by day in the cell, the committee, the district and the province", () => {
  let t: Tree;
  let district2: Org;
  let committee2: Org;
  let cellE: Org;
  let officials: string[];
  let id: string;
  /** The member's first cell and its ancestors, and a cell under another district of the same province. */
  const orgs = () => ({ cellA: t.cellA, committee: t.committee, district: t.district, province: t.province, district2, cellE });

  beforeAll(async () => {
    t = await createTree(p, 'Đời');
    district2 = await createOrg(p, { name: 'Huyện Hai Đời', kind: 'DISTRICT', parentId: t.province.id });
    committee2 = await createOrg(p, { name: 'Đảng bộ xã Hai Đời', kind: 'GRASSROOTS_COMMITTEE', parentId: district2.id });
    cellE = await createOrg(p, { name: 'Chi bộ thôn E Đời', kind: 'CELL', parentId: committee2.id });
    // Four official members in cell B (the same committee and district), admitted in 2005.
    officials = await seedOfficials(p, t.cellB.id, 4);
  });

  test('admission: counted in the cell and every ancestor from the ceremony day on, as probationary', async () => {
    const prospectId = await readyProspect(p, t.cellA.id, officials, { registeredOn: '2022-01-10', introducedSince: '2020-01-01' });
    id = await admit(p, prospectId, t.cellA.id, '2022-03-01');

    expect(await countsOn(orgs(), '2022-02-28')).toEqual({ cellA: 0, committee: 4, district: 4, province: 4, district2: 0, cellE: 0 });
    expect(await countsOn(orgs(), '2022-03-01')).toEqual({ cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 });
    expect(await countsOn(orgs(), '2022-12-31')).toEqual({ cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 });

    // Without descendants: only members registered in the organisation itself.
    expect(await countsOn({ cellA: t.cellA, cellB: t.cellB, committee: t.committee, district: t.district }, '2022-03-01', 'includeDescendants: false')).toEqual({ cellA: 1, cellB: 4, committee: 0, district: 0 });
    expect(await countOf(p, t.cellA.id, '2022-02-28', 'includeDescendants: false')).toBe(0);

    // By status.
    expect(await countsOn({ committee: t.committee, province: t.province }, '2022-02-28', 'status: [PROBATIONARY]')).toEqual({ committee: 0, province: 0 });
    expect(await countsOn({ committee: t.committee, province: t.province }, '2022-03-01', 'status: [PROBATIONARY]')).toEqual({ committee: 1, province: 1 });
    expect(await countsOn({ committee: t.committee, province: t.province }, '2022-03-01', 'status: [OFFICIAL]')).toEqual({ committee: 4, province: 4 });
    expect(await countOf(p, t.cellA.id, '2022-03-01', 'includeDescendants: false, status: [OFFICIAL]')).toBe(0);

    expect(await memberOn(id, '2022-02-28')).toMatchObject({ isMember: false });
    expect(await memberOn(id, '2022-03-01')).toMatchObject({ isMember: true, status: 'PROBATIONARY', activity: 'ACTIVE', organization: { id: t.cellA.id }, hostOrganization: null });
  });

  test('recognition: probationary until the day before, official from the effective day; the total does not change', async () => {
    await lifeEvent('recognizeOfficialMember', { memberId: id, effectiveOn: '2023-03-01' });
    const both = { cellA: t.cellA, committee: t.committee, province: t.province };
    expect(await countsOn(both, '2023-02-28', 'status: [PROBATIONARY]')).toEqual({ cellA: 1, committee: 1, province: 1 });
    expect(await countsOn(both, '2023-02-28', 'status: [OFFICIAL]')).toEqual({ cellA: 0, committee: 4, province: 4 });
    expect(await countsOn(both, '2023-03-01', 'status: [PROBATIONARY]')).toEqual({ cellA: 0, committee: 0, province: 0 });
    expect(await countsOn(both, '2023-03-01', 'status: [OFFICIAL]')).toEqual({ cellA: 1, committee: 5, province: 5 });
    expect(await countsOn(both, '2023-02-28', 'status: [PROBATIONARY, OFFICIAL]')).toEqual({ cellA: 1, committee: 5, province: 5 });
    expect(await countsOn(both, '2023-03-01', 'status: [PROBATIONARY, OFFICIAL]')).toEqual({ cellA: 1, committee: 5, province: 5 });
    expect(await countsOn(both, '2023-03-01')).toEqual({ cellA: 1, committee: 5, province: 5 });
    expect((await statsOn(t.committee.id, '2023-02-28')).byStatus).toEqual([{ key: 'OFFICIAL', count: 4 }, { key: 'PROBATIONARY', count: 1 }]);
    expect((await statsOn(t.committee.id, '2023-03-01')).byStatus).toEqual([{ key: 'OFFICIAL', count: 5 }]);
    expect((await memberOn(id, '2023-02-28')).status).toBe('PROBATIONARY');
    expect(await memberOn(id, '2023-03-01')).toMatchObject({ status: 'OFFICIAL', officialOn: '2023-03-01' });
  });

  test('temporary transfer to a cell of another district: counted at home throughout, hosted there only during the stay (end date inclusive)', async () => {
    await lifeEvent('transferMember', { memberId: id, kind: 'TEMPORARY', toOrganizationId: cellE.id, effectiveOn: '2023-06-01', until: '2023-08-31' });
    const registered = { cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 };
    const days: [string, 'ACTIVE' | 'TEMPORARILY_AWAY', number][] = [
      ['2023-05-31', 'ACTIVE', 0],
      ['2023-06-01', 'TEMPORARILY_AWAY', 1],
      ['2023-08-31', 'TEMPORARILY_AWAY', 1],
      ['2023-09-01', 'ACTIVE', 0],
    ];
    for (const [day, activity, hosted] of days) {
      expect({ day, counts: await countsOn(orgs(), day) }).toEqual({ day, counts: registered });
      const [host, hostDistrict, home, homeDistrict] = await Promise.all([statsOn(cellE.id, day), statsOn(district2.id, day), statsOn(t.cellA.id, day), statsOn(t.district.id, day)]);
      expect({ day, host: [host.total, host.hostedTemporarily], hostDistrict: [hostDistrict.total, hostDistrict.hostedTemporarily] }).toEqual({ day, host: [0, hosted], hostDistrict: [0, hosted] });
      expect({ day, home: [home.total, home.hostedTemporarily], homeDistrict: [homeDistrict.total, homeDistrict.hostedTemporarily] }).toEqual({ day, home: [1, 0], homeDistrict: [5, 0] });
      expect({ day, byActivity: home.byActivity }).toEqual({ day, byActivity: [{ key: activity, count: 1 }] });
      const m = await memberOn(id, day);
      expect({ day, activity: m.activity, organization: m.organization.id, host: m.hostOrganization?.id ?? null }).toEqual({ day, activity, organization: t.cellA.id, host: hosted ? cellE.id : null });
    }
    expect(await countOf(p, cellE.id, '2023-07-01', 'includeDescendants: false')).toBe(0);
    expect((await statsOn(t.committee.id, '2023-07-01')).byActivity).toEqual([{ key: 'ACTIVE', count: 4 }, { key: 'TEMPORARILY_AWAY', count: 1 }]);
  });

  test('official transfer to a cell under another district: the old district counts until the day before, the new one from the effective day', async () => {
    await lifeEvent('transferMember', { memberId: id, kind: 'OFFICIAL', toOrganizationId: cellE.id, effectiveOn: '2024-01-15' });
    expect(await countsOn(orgs(), '2024-01-14')).toEqual({ cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 });
    expect(await countsOn(orgs(), '2024-01-15')).toEqual({ cellA: 0, committee: 4, district: 4, province: 5, district2: 1, cellE: 1 });
    expect(await countsOn(orgs(), '2024-02-01')).toEqual({ cellA: 0, committee: 4, district: 4, province: 5, district2: 1, cellE: 1 });
    expect(await countsOn({ committee2, cellE }, '2024-01-15', 'includeDescendants: false')).toEqual({ committee2: 0, cellE: 1 });
    expect((await memberOn(id, '2024-01-14')).organization.id).toBe(t.cellA.id);
    expect((await memberOn(id, '2024-01-15')).organization.id).toBe(cellE.id);
    // memberCount's own asOf overrides the day the organisation is shown as of.
    const q = `query($a: ID!, $b: ID!) {
      a: organization(id: $a, asOf: "2024-01-15") { before: memberCount(asOf: "2024-01-14") on: memberCount }
      b: organization(id: $b, asOf: "2024-01-14") { before: memberCount on: memberCount(asOf: "2024-01-15") } }`;
    expect(await read(p, q, { a: t.district.id, b: district2.id })).toEqual({ a: { before: 5, on: 4 }, b: { before: 0, on: 1 } });
  });

  test('exemption: still counted; byActivity shows EXEMPT from the effective day until the exemption ends', async () => {
    await lifeEvent('exemptMember', { memberId: id, effectiveOn: '2024-04-01', reason: 'Ốm dài ngày' });
    await lifeEvent('endExemption', { memberId: id, effectiveOn: '2024-09-01' });
    const days: [string, 'ACTIVE' | 'EXEMPT'][] = [
      ['2024-03-31', 'ACTIVE'],
      ['2024-04-01', 'EXEMPT'],
      ['2024-08-31', 'EXEMPT'],
      ['2024-09-01', 'ACTIVE'],
    ];
    for (const [day, activity] of days) {
      expect({ day, counts: await countsOn({ cellE, district2, province: t.province }, day) }).toEqual({ day, counts: { cellE: 1, district2: 1, province: 5 } });
      const [cell, district] = await Promise.all([statsOn(cellE.id, day), statsOn(district2.id, day)]);
      expect({ day, cell: [cell.total, cell.byActivity], district: [district.total, district.byActivity] }).toEqual({
        day,
        cell: [1, [{ key: activity, count: 1 }]],
        district: [1, [{ key: activity, count: 1 }]],
      });
      expect({ day, activity: (await memberOn(id, day)).activity }).toEqual({ day, activity });
    }
    expect((await statsOn(t.province.id, '2024-04-01')).byActivity).toEqual([{ key: 'ACTIVE', count: 4 }, { key: 'EXEMPT', count: 1 }]);
    expect((await membersOf(cellE.id, '2024-04-01', 'filter: { activity: [EXEMPT] }')).ids).toEqual([id]);
    expect((await membersOf(cellE.id, '2024-09-01', 'filter: { activity: [EXEMPT] }')).totalCount).toBe(0);
  });

  test('exit and reinstatement change the counts on their effective days', async () => {
    await lifeEvent('terminateMembership', { memberId: id, reason: 'STRUCK_OFF', effectiveOn: '2025-01-10' });
    await lifeEvent('reinstateMember', { memberId: id, effectiveOn: '2025-03-10' });
    const away = { cellA: 0, committee: 4, district: 4, province: 4, district2: 0, cellE: 0 };
    const present = { cellA: 0, committee: 4, district: 4, province: 5, district2: 1, cellE: 1 };
    expect(await countsOn(orgs(), '2025-01-09')).toEqual(present);
    expect(await countsOn(orgs(), '2025-01-10')).toEqual(away);
    expect(await countsOn(orgs(), '2025-03-09')).toEqual(away);
    expect(await countsOn(orgs(), '2025-03-10')).toEqual(present);
    expect(await countsOn({ district2, province: t.province }, '2025-03-10', 'status: [OFFICIAL]')).toEqual({ district2: 1, province: 5 });
    expect(await countsOn({ district2, province: t.province }, '2025-03-10', 'status: [PROBATIONARY]')).toEqual({ district2: 0, province: 0 });
    expect((await statsOn(district2.id, '2025-02-01')).total).toBe(0);
    expect((await memberOn(id, '2025-02-01')).isMember).toBe(false);
    expect(await memberOn(id, '2025-03-10')).toMatchObject({ isMember: true, status: 'OFFICIAL', activity: 'ACTIVE', organization: { id: cellE.id } });
  });

  test('earlier days are unchanged by everything recorded later', async () => {
    expect(await countsOn(orgs(), '2022-02-28')).toEqual({ cellA: 0, committee: 4, district: 4, province: 4, district2: 0, cellE: 0 });
    expect(await countsOn(orgs(), '2022-03-01')).toEqual({ cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 });
    expect(await countsOn(orgs(), '2024-01-14')).toEqual({ cellA: 1, committee: 5, district: 5, province: 5, district2: 0, cellE: 0 });
    expect(await countsOn({ province: t.province }, '2022-06-01', 'status: [PROBATIONARY]')).toEqual({ province: 1 });
  });

  test('memberStats (running sums above, placements below) equal the segments counted, on every day around each event', async () => {
    const days = ['2005-03-01', '2022-02-28', '2022-03-01', '2023-02-28', '2023-03-01', '2023-05-31', '2023-06-01', '2023-08-31', '2023-09-01', '2023-12-31', '2024-01-01',
      '2024-01-14', '2024-01-15', '2024-03-31', '2024-04-01', '2024-08-31', '2024-09-01', '2025-01-09', '2025-01-10', '2025-03-09', '2025-03-10'];
    const nonEmpty = await expectStatsAsCounted({ ...orgs(), cellB: t.cellB, committee2 }, days);
    expect(nonEmpty).toBeGreaterThan(80);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a grassroots committee moved to another district after its members were admitted', () => {
  let t: Tree;
  let districtB: Org;
  let stay: Org;
  let stayCell: Org;
  const orgs = () => ({ districtA: t.district, districtB, committee: t.committee, stay, province: t.province });
  const m = {} as Record<'m1' | 'm2' | 'm3', string>;
  const move = '2024-07-01';

  beforeAll(async () => {
    t = await createTree(p, 'Chuyển');
    districtB = await createOrg(p, { name: 'Huyện B Chuyển', kind: 'DISTRICT', parentId: t.province.id });
    stay = await createOrg(p, { name: 'Đảng bộ xã Ở lại Chuyển', kind: 'GRASSROOTS_COMMITTEE', parentId: t.district.id });
    stayCell = await createOrg(p, { name: 'Chi bộ thôn Ở lại Chuyển', kind: 'CELL', parentId: stay.id });
    const officials = await seedOfficials(p, t.cellA.id, 4);
    await seedOfficials(p, stayCell.id, 3);
    m.m1 = await admit(p, await readyProspect(p, t.cellA.id, officials), t.cellA.id, '2024-02-10');
    m.m2 = await admit(p, await readyProspect(p, t.cellB.id, officials), t.cellB.id, '2024-05-20');
    m.m3 = await admit(p, await readyProspect(p, t.cellA.id, officials), t.cellA.id, '2024-08-15');
    // Read once before the move is recorded, so the subgraph has caught up with the tree as it was.
    expect(await countsOn(orgs(), '2024-08-15')).toEqual({ districtA: 10, districtB: 0, committee: 7, stay: 3, province: 10 });
    expect((await admissionsOf(t.district.id, '2024-12-31', 2024)).total).toBe(3);
    await treeChange('moveOrganization', { id: t.committee.id, newParentId: districtB.id, effectiveOn: move });
  });

  test('district A counts the members before the move day, district B from it; the committee counts them on both sides', async () => {
    expect(await countsOn(orgs(), '2024-02-09')).toEqual({ districtA: 7, districtB: 0, committee: 4, stay: 3, province: 7 });
    expect(await countsOn(orgs(), '2024-06-30')).toEqual({ districtA: 9, districtB: 0, committee: 6, stay: 3, province: 9 });
    expect(await countsOn(orgs(), move)).toEqual({ districtA: 3, districtB: 6, committee: 6, stay: 3, province: 9 });
    expect(await countsOn(orgs(), '2024-08-15')).toEqual({ districtA: 3, districtB: 7, committee: 7, stay: 3, province: 10 });
    expect(await countsOn({ districtA: t.district, districtB }, '2024-06-30', 'status: [PROBATIONARY]')).toEqual({ districtA: 2, districtB: 0 });
    expect(await countsOn({ districtA: t.district, districtB }, move, 'status: [PROBATIONARY]')).toEqual({ districtA: 0, districtB: 2 });
    expect(await countsOn({ cellA: t.cellA, cellB: t.cellB }, move, 'includeDescendants: false')).toEqual({ cellA: 5, cellB: 1 });

    // The committee's parent, on each side of the move, with its count on that day.
    const parentOn = async (day: string) =>
      (await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount parent { id memberCount } } }`, { id: t.committee.id, asOf: day })).organization;
    expect(await parentOn('2024-06-30')).toEqual({ memberCount: 6, parent: { id: t.district.id, memberCount: 9 } });
    expect(await parentOn(move)).toEqual({ memberCount: 6, parent: { id: districtB.id, memberCount: 6 } });

    expect((await membersOf(t.district.id, '2024-06-30', 'includeDescendants: true')).totalCount).toBe(9);
    expect((await membersOf(districtB.id, move, 'includeDescendants: true')).totalCount).toBe(6);
    expect((await memberOn(m.m3, '2024-08-15')).organization.id).toBe(t.cellA.id);
    expect((await statsOn(districtB.id, '2024-08-15')).total).toBe(7);
    expect((await statsOn(t.district.id, '2024-06-30')).total).toBe(9);
  });

  test('admissions are counted under the district the committee stood under on each admission day', async () => {
    const a = await admissionsOf(t.district.id, '2024-06-30', 2024);
    expect({ total: a.total, byQuarter: a.byQuarter }).toEqual({ total: 2, byQuarter: [{ key: '1', count: 1 }, { key: '2', count: 1 }] });
    const b = await admissionsOf(districtB.id, '2024-12-31', 2024);
    expect({ total: b.total, byQuarter: b.byQuarter }).toEqual({ total: 1, byQuarter: [{ key: '3', count: 1 }] });
    expect((await admissionsOf(t.district.id, '2024-06-30', 2024, 3)).total).toBe(0);
    const c = await admissionsOf(t.committee.id, '2024-12-31', 2024);
    expect({ total: c.total, byQuarter: c.byQuarter }).toEqual({ total: 3, byQuarter: [{ key: '1', count: 1 }, { key: '2', count: 1 }, { key: '3', count: 1 }] });
    expect((await admissionsOf(t.province.id, '2024-12-31', 2024)).total).toBe(3);
  });

  test('after the district is abolished, its members count in the new district and its year still shows its admissions', async () => {
    await treeChange('moveOrganization', { id: stay.id, newParentId: districtB.id, effectiveOn: '2025-07-01' });
    await treeChange('dissolveOrganization', { id: t.district.id, effectiveOn: '2025-07-01', successorId: districtB.id });
    expect(await countsOn(orgs(), '2025-06-30')).toEqual({ districtA: 3, districtB: 7, committee: 7, stay: 3, province: 10 });
    expect(await countsOn(orgs(), '2025-07-01')).toEqual({ districtA: null, districtB: 10, committee: 7, stay: 3, province: 10 });
    // Earlier days are unchanged.
    expect(await countsOn(orgs(), '2024-06-30')).toEqual({ districtA: 9, districtB: 0, committee: 6, stay: 3, province: 9 });
    expect(await countsOn(orgs(), move)).toEqual({ districtA: 3, districtB: 6, committee: 6, stay: 3, province: 9 });
    for (const asOf of ['2024-03-01', '2025-06-30']) {
      expect({ asOf, total: (await admissionsOf(t.district.id, asOf, 2024)).total }).toEqual({ asOf, total: 2 });
    }
    expect(await admissionsOf(t.district.id, '2025-07-01', 2024)).toBeNull();
    expect((await admissionsOf(districtB.id, '2025-07-01', 2024)).total).toBe(1);
    expect((await admissionsOf(t.province.id, '2025-07-01', 2024)).total).toBe(3);
  });

  test('memberStats equal the segments counted on each side of the move and of the abolition', async () => {
    const days = ['2024-02-09', '2024-02-10', '2024-05-20', '2024-06-30', move, '2024-08-14', '2024-08-15', '2024-12-31', '2025-01-01', '2025-06-30', '2025-07-01'];
    const nonEmpty = await expectStatsAsCounted({ ...orgs(), cellA: t.cellA, cellB: t.cellB, stayCell }, days);
    expect(nonEmpty).toBeGreaterThan(60);
    expect((await statsOn(districtB.id, '2025-07-01')).total).toBe(10);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a cell merged into another after its members were admitted', () => {
  let t: Tree;
  let x: Org;
  let y: Org;
  let m1: string;
  const merge = '2024-01-01';

  beforeAll(async () => {
    t = await createTree(p, 'Hợp nhất');
    [x, y] = [t.cellA, t.cellB];
    const officials = await seedOfficials(p, x.id, 3);
    await seedOfficials(p, y.id, 2);
    m1 = await admit(p, await readyProspect(p, x.id, officials), x.id, '2023-03-01');
    // Read once before the merge is recorded, so the subgraph has caught up with the tree as it was.
    expect(await countsOn({ x, y }, merge)).toEqual({ x: 4, y: 2 });
    await treeChange('mergeOrganizations', { sourceIds: [x.id], targetId: y.id, effectiveOn: merge });
  });

  test("before the merge day the members count in X and X's ancestors, from it in Y", async () => {
    const all = { x, y, committee: t.committee, district: t.district, province: t.province };
    expect(await countsOn(all, '2023-12-31')).toEqual({ x: 4, y: 2, committee: 6, district: 6, province: 6 });
    expect(await countsOn(all, merge)).toEqual({ x: null, y: 6, committee: 6, district: 6, province: 6 });
    expect(await countsOn({ x, y }, '2023-12-31', 'includeDescendants: false')).toEqual({ x: 4, y: 2 });
    expect(await countOf(p, y.id, merge, 'includeDescendants: false')).toBe(6);
    expect(await countsOn({ y, committee: t.committee }, merge, 'status: [PROBATIONARY]')).toEqual({ y: 1, committee: 1 });
    // X shown the day before, its count asked for the merge day: nobody is registered in it any more.
    const q = `query($id: ID!) { organization(id: $id, asOf: "2023-12-31") { before: memberCount on: memberCount(asOf: "2024-01-01") } }`;
    expect((await read(p, q, { id: x.id })).organization).toEqual({ before: 4, on: 0 });

    expect((await memberOn(m1, '2023-12-31')).organization.id).toBe(x.id);
    expect((await memberOn(m1, merge)).organization.id).toBe(y.id);
    const listed = await membersOf(y.id, merge);
    expect(listed.totalCount).toBe(6);
    expect(listed.ids).toContain(m1);
    expect((await membersOf(y.id, '2023-12-31')).totalCount).toBe(2);
    expect((await statsOn(y.id, merge)).total).toBe(6);
    expect((await statsOn(x.id, '2023-12-31')).total).toBe(4);
  });

  test('events recorded after the merge, effective after it, keep the member in the successor', async () => {
    await lifeEvent('recognizeOfficialMember', { memberId: m1, effectiveOn: '2024-03-01' });
    expect(await countsOn({ y, committee: t.committee }, '2024-02-29')).toEqual({ y: 6, committee: 6 });
    expect(await countsOn({ y, committee: t.committee }, '2024-03-01')).toEqual({ y: 6, committee: 6 });
    expect(await countsOn({ y, committee: t.committee }, '2024-02-29', 'status: [OFFICIAL]')).toEqual({ y: 5, committee: 5 });
    expect(await countsOn({ y, committee: t.committee }, '2024-03-01', 'status: [OFFICIAL]')).toEqual({ y: 6, committee: 6 });
    expect(await countsOn({ y, committee: t.committee }, '2024-03-01', 'status: [PROBATIONARY]')).toEqual({ y: 0, committee: 0 });
    expect(await memberOn(m1, '2024-03-01')).toMatchObject({ isMember: true, status: 'OFFICIAL', organization: { id: y.id } });

    await lifeEvent('terminateMembership', { memberId: m1, reason: 'STRUCK_OFF', effectiveOn: '2024-06-01' });
    expect(await countsOn({ y, committee: t.committee }, '2024-05-31')).toEqual({ y: 6, committee: 6 });
    expect(await countsOn({ y, committee: t.committee }, '2024-06-01')).toEqual({ y: 5, committee: 5 });
    // The cell the member left no longer exists: the reinstatement names the one they return to.
    expectError(await tryMutate(p, 'reinstateMember', 'ReinstateMemberInput', { memberId: m1, effectiveOn: '2024-08-01', decisionRef: 'QĐ-PH' }), 'BAD_USER_INPUT', 'input.organizationId');
    await lifeEvent('reinstateMember', { memberId: m1, effectiveOn: '2024-08-01', organizationId: y.id });
    expect(await countsOn({ y, committee: t.committee }, '2024-07-31')).toEqual({ y: 5, committee: 5 });
    expect(await countsOn({ y, committee: t.committee }, '2024-08-01')).toEqual({ y: 6, committee: 6 });
    // Days before the merge are unchanged.
    expect(await countsOn({ x, y, committee: t.committee }, '2023-12-31')).toEqual({ x: 4, y: 2, committee: 6 });
  });

  test("the admission stays counted where it happened: under X, not under Y", async () => {
    expect((await admissionsOf(x.id, '2023-06-01', 2023)).total).toBe(1);
    expect((await admissionsOf(y.id, '2024-06-01', 2023)).total).toBe(0);
    expect((await admissionsOf(t.committee.id, '2024-06-01', 2023)).total).toBe(1);
  });

  test('memberStats equal the segments counted before and after the merge, the later recognition, exit and reinstatement', async () => {
    const days = ['2023-02-28', '2023-03-01', '2023-12-31', merge, '2024-02-29', '2024-03-01', '2024-05-31', '2024-06-01', '2024-07-31', '2024-08-01'];
    const nonEmpty = await expectStatsAsCounted({ x, y, committee: t.committee, district: t.district, province: t.province }, days);
    expect(nonEmpty).toBeGreaterThan(35);
    expect(await statsOn(y.id, '2024-08-01')).toMatchObject({ total: 6, probationary: 0, official: 6 });
  });
});

// ---------------------------------------------------------------------------------------------

describe('a restructuring caught up in more than one batch (syncTree of many members)', () => {
  let t: Tree;
  let districtB: Org;
  const orgs = () => ({ cellA: t.cellA, cellB: t.cellB, committee: t.committee, districtA: t.district, districtB, province: t.province });

  beforeAll(async () => {
    t = await createTree(p, 'Theo lô');
    districtB = await createOrg(p, { name: 'Huyện B Theo lô', kind: 'DISTRICT', parentId: t.province.id });
    const officials = await seedOfficials(p, t.cellA.id, 4);
    await seedOfficials(p, t.cellB.id, 3);
    await admit(p, await readyProspect(p, t.cellA.id, officials), t.cellA.id, '2024-02-10');
    await admit(p, await readyProspect(p, t.cellB.id, officials), t.cellB.id, '2024-05-20');
    // Read once before the changes are recorded, so the subgraph has caught up with the tree as it was.
    expect(await countsOn(orgs(), '2024-06-01')).toEqual({ cellA: 5, cellB: 4, committee: 9, districtA: 9, districtB: 0, province: 9 });
    await treeChange('moveOrganization', { id: t.committee.id, newParentId: districtB.id, effectiveOn: '2024-07-01' });
    await treeChange('mergeOrganizations', { sourceIds: [t.cellA.id], targetId: t.cellB.id, effectiveOn: '2024-09-01' });
  });

  test('a catch-up of more members than one batch gives the counts and memberStats the segments give', async () => {
    // Batches of 2: the path a national restructuring takes (more members than one batch), before any read catches up.
    const r = await syncTree(p.membershipDb, 2);
    expect(r).toEqual({ applied: 2, members: 9 });
    expect(await countsOn(orgs(), '2024-06-30')).toEqual({ cellA: 5, cellB: 4, committee: 9, districtA: 9, districtB: 0, province: 9 });
    expect(await countsOn(orgs(), '2024-07-01')).toEqual({ cellA: 5, cellB: 4, committee: 9, districtA: 0, districtB: 9, province: 9 });
    expect(await countsOn(orgs(), '2024-09-01')).toEqual({ cellA: null, cellB: 9, committee: 9, districtA: 0, districtB: 9, province: 9 });
    const days = ['2024-02-09', '2024-02-10', '2024-05-20', '2024-06-30', '2024-07-01', '2024-08-31', '2024-09-01', '2025-01-01'];
    expect(await expectStatsAsCounted(orgs(), days)).toBeGreaterThan(30);
  });
});

describe('memberStats and admissions breakdowns of a committee', () => {
  let t: Tree;

  beforeAll(async () => {
    t = await createTree(p, 'Thống kê');
    // Four officials born 1970-05-05, Kinh, no religion: two men, two women (54 at the end of 2024: 51-60).
    const officials = await seedOfficials(p, t.cellB.id, 4);
    const admitOne = async (ceremonyOn: string, o: ProspectOpts) => admit(p, await readyProspect(p, t.cellA.id, officials, o), t.cellA.id, ceremonyOn);
    // 2023, Q4: a Kinh woman born 1980 from a rural area; recognised 2024-11-01.
    const a5 = await admitOne('2023-11-01', { gender: 'FEMALE', birthDate: '1980-03-03', ethnicity: 'Kinh', source: 'RURAL', youthUnion: false });
    await lifeEvent('recognizeOfficialMember', { memberId: a5, effectiveOn: '2024-11-01' });
    // 2024, Q1: a Kinh woman aged 24, Youth Union.
    await admitOne('2024-02-10', { gender: 'FEMALE', birthDate: '2000-02-02', ethnicity: 'Kinh', source: 'YOUTH_UNION', youthUnion: true });
    // 2024, Q2 (its first day): a Chăm man aged 33, Muslim, a worker.
    await admitOne('2024-04-01', { gender: 'MALE', birthDate: '1990-05-05', ethnicity: 'Chăm', religion: 'Hồi giáo', source: 'WORKER', youthUnion: false });
    // 2024, Q3: a Raglai woman aged 27, a student in the Youth Union.
    await admitOne('2024-08-15', { gender: 'FEMALE', birthDate: '1996-09-01', ethnicity: 'Raglai', source: 'STUDENT', youthUnion: true });
    // 2024, Q3: a Kinh man, 30 on the ceremony day (31 the next day), from a non-state enterprise.
    await admitOne('2024-08-20', { gender: 'MALE', birthDate: '1993-08-21', ethnicity: 'Kinh', source: 'NON_STATE_ENTERPRISE', youthUnion: false });
  });

  test('memberStats on the day before and of an admission, and across a birthday that leaves the 18-30 band', async () => {
    expect((await statsOn(t.committee.id, '2024-02-09')).total).toBe(5);
    expect((await statsOn(t.committee.id, '2024-02-10')).total).toBe(6);

    const s = await statsOn(t.committee.id, '2024-08-20');
    expect(s).toMatchObject({ asOf: '2024-08-20', total: 9, probationary: 5, official: 4, women: 5, ethnicMinority: 2, withReligion: 1, age18to30: 3, hostedTemporarily: 0 });
    expect(s.byAgeBand).toEqual([
      { key: '18-30', count: 3 },
      { key: '31-40', count: 1 },
      { key: '41-50', count: 1 },
      { key: '51-60', count: 4 },
    ]);

    const next = await statsOn(t.committee.id, '2024-08-21');
    expect(next.age18to30).toBe(2);
    expect(next.byAgeBand).toEqual([
      { key: '18-30', count: 2 },
      { key: '31-40', count: 2 },
      { key: '41-50', count: 1 },
      { key: '51-60', count: 4 },
    ]);

    const end = await statsOn(t.committee.id, '2024-12-31');
    expect(end).toEqual({
      asOf: '2024-12-31',
      total: 9,
      probationary: 4,
      official: 5,
      women: 5,
      ethnicMinority: 2,
      withReligion: 1,
      age18to30: 2,
      hostedTemporarily: 0,
      byStatus: [{ key: 'OFFICIAL', count: 5 }, { key: 'PROBATIONARY', count: 4 }],
      byActivity: [{ key: 'ACTIVE', count: 9 }],
      byGender: [{ key: 'FEMALE', count: 5 }, { key: 'MALE', count: 4 }],
      byAgeBand: [
        { key: '18-30', count: 2 },
        { key: '31-40', count: 2 },
        { key: '41-50', count: 1 },
        { key: '51-60', count: 4 },
      ],
      byEthnicity: [{ key: 'Kinh', count: 7 }, { key: 'Chăm', count: 1 }, { key: 'Raglai', count: 1 }],
      byReligion: [{ key: 'NONE', count: 8 }, { key: 'Hồi giáo', count: 1 }],
    });
    // The cell alone: the five admitted there.
    expect(await statsOn(t.cellA.id, '2024-12-31')).toMatchObject({ total: 5, women: 3, ethnicMinority: 2, age18to30: 2 });
    // memberStats' own asOf overrides the day the organisation is shown as of.
    const q = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { memberStats(asOf: "2024-02-09") { asOf total } } }`;
    expect((await read(p, q, { id: t.committee.id })).organization.memberStats).toEqual({ asOf: '2024-02-09', total: 5 });
  });

  test('memberStats equal the segments counted around each admission and the 31st birthday, in the sums (committee and above) and the placements (cells)', async () => {
    const days = ['2023-10-31', '2023-11-01', '2024-02-09', '2024-02-10', '2024-03-31', '2024-04-01', '2024-08-14', '2024-08-15', '2024-08-20', '2024-08-21', '2024-10-31', '2024-11-01'];
    const nonEmpty = await expectStatsAsCounted({ cellA: t.cellA, cellB: t.cellB, committee: t.committee, district: t.district, province: t.province }, days);
    // Every organisation has members on every day but cell A before its first admission (2023-11-01).
    expect(nonEmpty).toBe(days.length * 5 - 1);
  });

  test('admissions of the year: totals and every breakdown', async () => {
    const year = await admissionsOf(t.committee.id, '2024-12-31', 2024);
    expect(year).toEqual({
      year: 2024,
      quarter: null,
      total: 4,
      women: 2,
      ethnicMinority: 2,
      withReligion: 1,
      age18to30: 3,
      youthUnion: 2,
      students: 1,
      workers: 1,
      nonStateEnterprise: 1,
      bySource: [
        { key: 'NON_STATE_ENTERPRISE', count: 1 },
        { key: 'STUDENT', count: 1 },
        { key: 'WORKER', count: 1 },
        { key: 'YOUTH_UNION', count: 1 },
      ],
      byGender: [{ key: 'FEMALE', count: 2 }, { key: 'MALE', count: 2 }],
      byEthnicity: [{ key: 'Kinh', count: 2 }, { key: 'Chăm', count: 1 }, { key: 'Raglai', count: 1 }],
      byAgeBand: [{ key: '18-30', count: 3 }, { key: '31-40', count: 1 }],
      byQuarter: [{ key: '1', count: 1 }, { key: '2', count: 1 }, { key: '3', count: 2 }],
    });
    // The same from the province and from the cell; nothing in the other cell.
    expect(await admissionsOf(t.province.id, '2024-12-31', 2024)).toEqual(year);
    expect(await admissionsOf(t.cellA.id, '2024-12-31', 2024)).toEqual(year);
    expect((await admissionsOf(t.cellB.id, '2024-12-31', 2024)).total).toBe(0);
    // The previous year.
    expect(await admissionsOf(t.committee.id, '2024-12-31', 2023)).toMatchObject({
      year: 2023,
      total: 1,
      women: 1,
      ethnicMinority: 0,
      age18to30: 0,
      youthUnion: 0,
      bySource: [{ key: 'RURAL', count: 1 }],
      byAgeBand: [{ key: '41-50', count: 1 }],
      byQuarter: [{ key: '4', count: 1 }],
    });
  });

  test('admissions by quarter', async () => {
    const q = (quarter: number) => admissionsOf(t.committee.id, '2024-12-31', 2024, quarter);
    expect(await q(1)).toMatchObject({ quarter: 1, total: 1, women: 1, ethnicMinority: 0, age18to30: 1, youthUnion: 1, bySource: [{ key: 'YOUTH_UNION', count: 1 }], byQuarter: [{ key: '1', count: 1 }] });
    expect(await q(2)).toMatchObject({ quarter: 2, total: 1, women: 0, ethnicMinority: 1, withReligion: 1, age18to30: 0, youthUnion: 0, workers: 1, byAgeBand: [{ key: '31-40', count: 1 }], byQuarter: [{ key: '2', count: 1 }] });
    expect(await q(3)).toEqual({
      year: 2024,
      quarter: 3,
      total: 2,
      women: 1,
      ethnicMinority: 1,
      withReligion: 0,
      age18to30: 2,
      youthUnion: 1,
      students: 1,
      workers: 0,
      nonStateEnterprise: 1,
      bySource: [{ key: 'NON_STATE_ENTERPRISE', count: 1 }, { key: 'STUDENT', count: 1 }],
      byGender: [{ key: 'FEMALE', count: 1 }, { key: 'MALE', count: 1 }],
      byEthnicity: [{ key: 'Kinh', count: 1 }, { key: 'Raglai', count: 1 }],
      byAgeBand: [{ key: '18-30', count: 2 }],
      byQuarter: [{ key: '3', count: 2 }],
    });
    expect(await q(4)).toMatchObject({ quarter: 4, total: 0, bySource: [], byQuarter: [] });
    expect((await admissionsOf(t.committee.id, '2024-12-31', 2023, 4)).total).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('record corrections and birthdays on the 30/31 boundary', () => {
  let t: Tree;
  let officials: string[];
  let a: string;
  const all = () => ({ cellA: t.cellA, cellB: t.cellB, committee: t.committee, district: t.district, province: t.province });
  const correct = (memberId: string, input: Record<string, unknown>) =>
    mutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId, reason: 'Sai hồ sơ', decisionRef: 'CCCD-TEST', ...input }, 'member { id }');
  const bands = async (orgId: string, day: string) => {
    const s = await statsOn(orgId, day);
    return { women: s.women, age18to30: s.age18to30, byAgeBand: s.byAgeBand };
  };

  beforeAll(async () => {
    t = await createTree(p, 'Sinh nhật');
    // Four officials in cell B born 1970-05-05 (men and women in turn), admitted 2005-03-01.
    officials = await seedOfficials(p, t.cellB.id, 4);
    // Born 1993-06-15: 30 on the ceremony day, 31 from 2024-06-15.
    a = await admit(p, await readyProspect(p, t.cellA.id, officials, { gender: 'MALE', birthDate: '1993-06-15', registeredOn: '2024-01-10' }), t.cellA.id, '2024-03-01');
  });

  test('a 31st birthday leaves the 18-30 band on the day, in the running sums and in the placements', async () => {
    for (const org of [t.committee, t.province, t.cellA]) {
      expect(await bands(org.id, '2024-06-14')).toMatchObject({ age18to30: 1 });
      expect(await bands(org.id, '2024-06-15')).toMatchObject({ age18to30: 0 });
    }
    expect((await bands(t.committee.id, '2024-06-14')).byAgeBand).toEqual([{ key: '18-30', count: 1 }, { key: '51-60', count: 4 }]);
    expect((await bands(t.committee.id, '2024-06-15')).byAgeBand).toEqual([{ key: '31-40', count: 1 }, { key: '51-60', count: 4 }]);
    await expectStatsAsCounted(all(), ['2024-02-29', '2024-03-01', '2024-06-14', '2024-06-15']);
  });

  test('corrections of gender, birth date, ethnicity, religion and education change the breakdowns on every day', async () => {
    expect(await bands(t.committee.id, '2010-01-01')).toEqual({ women: 2, age18to30: 0, byAgeBand: [{ key: '31-40', count: 4 }] });
    // officials[0], a man, is recorded again as a woman born on 29 February 1984: 31 on 1 March 2015 (not a leap year), 41 on 1 March 2025.
    await correct(officials[0]!, { gender: 'FEMALE', birthDate: '1984-02-29' });
    expect(await bands(t.committee.id, '2010-01-01')).toEqual({ women: 3, age18to30: 1, byAgeBand: [{ key: '18-30', count: 1 }, { key: '31-40', count: 3 }] });
    expect(await bands(t.committee.id, '2015-02-28')).toMatchObject({ women: 3, age18to30: 1 });
    expect(await bands(t.committee.id, '2015-03-01')).toEqual({ women: 3, age18to30: 0, byAgeBand: [{ key: '31-40', count: 1 }, { key: '41-50', count: 3 }] });
    expect(await bands(t.cellB.id, '2015-02-28')).toMatchObject({ women: 3, age18to30: 1 });
    expect(await bands(t.cellB.id, '2015-03-01')).toMatchObject({ women: 3, age18to30: 0 });
    expect((await bands(t.committee.id, '2025-02-28')).byAgeBand).toEqual([{ key: '31-40', count: 2 }, { key: '51-60', count: 3 }]);
    expect((await bands(t.committee.id, '2025-03-01')).byAgeBand).toEqual([{ key: '31-40', count: 1 }, { key: '41-50', count: 1 }, { key: '51-60', count: 3 }]);
    // The new member: born on the ceremony day 31 years earlier, and other record data.
    await correct(a, { birthDate: '1993-03-01', ethnicity: 'Chăm', religion: 'Hồi giáo', educationLevel: 'UNIVERSITY' });
    const s = await statsOn(t.committee.id, '2024-03-01');
    expect(s).toMatchObject({ total: 5, ethnicMinority: 1, withReligion: 1, age18to30: 0 });
    expect(s.byReligion).toEqual([{ key: 'NONE', count: 4 }, { key: 'Hồi giáo', count: 1 }]);
    expect((await bands(t.committee.id, '2024-02-29')).byAgeBand).toEqual([{ key: '31-40', count: 1 }, { key: '51-60', count: 3 }]);
    // A correction of a field memberStats does not count leaves its sums as they were.
    await correct(a, { fullName: 'Trần Văn Đã Sửa' });
    const days = ['2010-01-01', '2015-02-28', '2015-03-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-06-15', '2025-02-28', '2025-03-01'];
    await expectStatsAsCounted(all(), days);
    const edu = await read(p, `query($id: ID!) { organization(id: $id, asOf: "2024-06-15") { memberStats { byEducation { key count } } } }`, { id: t.province.id });
    expect(edu.organization.memberStats.byEducation).toEqual([{ key: 'UNKNOWN', count: 4 }, { key: 'UNIVERSITY', count: 1 }]);
  });

  test('the sums kept step by step through every change in this file equal the sums the migration computes from scratch', async () => {
    const qr = p.membershipDb.createQueryRunner();
    const sums = async () => ({
      day: await qr.query(`SELECT organization_id, day::text, dim, key, n FROM membership.member_stat_delta WHERE n <> 0 ORDER BY 1, 2, 3, 4`),
      year: await qr.query(`SELECT organization_id, year, dim, key, n FROM membership.member_stat_year WHERE n <> 0 ORDER BY 1, 2, 3, 4`),
    });
    try {
      await qr.startTransaction();
      // The migration runs as the schema's owner, whom row-level security does not restrict; here, as system work.
      await qr.query(`SELECT set_config('party.scope', '*', true)`);
      const kept = await sums();
      expect(kept.day.length).toBeGreaterThan(100);
      // What the migration does on a database that already has placements, rolled back afterwards.
      await fillMemberStats(qr);
      const fromScratch = await sums();
      expect(fromScratch.day.length).toBe(kept.day.length);
      expect(fromScratch).toEqual(kept);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
