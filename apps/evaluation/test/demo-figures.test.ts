/**
 * The demo dataset `npm start` loads (packages/demo-data, default seed) reproduces the seed
 * article's figures through the public API: at the end of 2024 Ninh Thuận had 22,551 members
 * and 435 grassroots party organisations, admitted 853 in 2024 — 106 % of its target of 805 —,
 * Public Security 173 %, Border Guard 125 %, Ninh Hải 113 %; in mid-2022 it had 434 grassroots
 * organisations (149 committees with 1,251 cells, and 285 grassroots cells) and 20,952 members.
 */
import { DEMO_USERS, seedDemoTree } from '@party/organization';
import { asSystem, seedDemoMembers } from '@party/membership';
import type { Caller } from '@party/subgraph-kit';
import { seedDemoEvaluation } from '../src/seed/demo-evaluation';
import { read, startEvaluationPlatform, type EvaluationPlatform } from './helpers';

let p: EvaluationPlatform;
let ids: Record<string, string>;
let province: Caller;

beforeAll(async () => {
  p = await startEvaluationPlatform();
  // What `npm start` does (scripts/start.mjs).
  ids = await seedDemoTree(p.dataSources.organization);
  await seedDemoMembers(p.dataSources.membership, ids);
  await seedDemoEvaluation(p.dataSources.evaluation, ids);
  const officer = DEMO_USERS.find((u) => u.userId === 'province.officer')!;
  province = { userId: officer.userId, roles: [...officer.roles], scope: officer.scopeCodes.map((c) => ids[c]!) };
}, 600_000);
afterAll(() => p?.stop());

const round2 = (x: number) => Math.round(x * 100) / 100;
const GRASSROOTS = 'descendants(kinds: [GRASSROOTS_COMMITTEE, GRASSROOTS_CELL]) { totalCount }';

test('the end of 2024: 22,551 members and 435 grassroots organisations (150 committees, 285 cells)', async () => {
  const data = await read(
    p,
    `{ organization(code: "NINH_THUAN", asOf: "2024-12-31") {
         memberCount grassroots: ${GRASSROOTS} committees: descendants(kinds: [GRASSROOTS_COMMITTEE]) { totalCount }
         cells: descendants(kinds: [GRASSROOTS_CELL]) { totalCount } children(first: 20) { totalCount edges { node { memberCount } } } } }`,
    {},
    province,
  );
  const nt = data.organization;
  expect(nt.memberCount).toBe(22551);
  expect(nt.grassroots.totalCount).toBe(435);
  expect([nt.committees.totalCount, nt.cells.totalCount]).toEqual([150, 285]);
  // The districts, the city and the affiliated committees add up to the province.
  expect(nt.children.totalCount).toBe(12);
  expect(nt.children.edges.reduce((s: number, e: { node: { memberCount: number } }) => s + e.node.memberCount, 0)).toBe(22551);
});

test('2024: 853 admitted against a target of 805, 106 %', async () => {
  const data = await read(p, `{ organization(code: "NINH_THUAN", asOf: "2024-12-31") { admissions(year: 2024) { total } admissionTarget(year: 2024) { target admitted achievementRate } } }`, {}, province);
  expect(data.organization.admissions.total).toBe(853);
  expect(data.organization.admissionTarget).toEqual({ target: 805, admitted: 853, achievementRate: 1.0596 });
  expect(round2(data.organization.admissionTarget.achievementRate)).toBe(1.06);
});

test('2024 ranking: Public Security 173 %, Border Guard 125 %, Ninh Hải 113 %, and every unit reached its target', async () => {
  const data = await read(p, `{ organization(code: "NINH_THUAN", asOf: "2024-12-31") { admissionPerformance(year: 2024) { rank organization { code } target admitted achievementRate } } }`, {}, province);
  const rows = data.organization.admissionPerformance as { rank: number; organization: { code: string }; target: number; admitted: number; achievementRate: number }[];
  expect(rows.slice(0, 3).map((r) => [r.rank, r.organization.code, r.target, r.admitted, round2(r.achievementRate)])).toEqual([
    [1, 'CONG_AN_NT', 30, 52, 1.73],
    [2, 'BIEN_PHONG_NT', 12, 15, 1.25],
    [3, 'NINH_HAI', 60, 68, 1.13],
  ]);
  expect(rows).toHaveLength(12);
  expect(rows.reduce((s, r) => s + r.target, 0)).toBe(805);
  expect(rows.reduce((s, r) => s + r.admitted, 0)).toBe(853);
  expect(rows.filter((r) => r.achievementRate < 1)).toEqual([]);
});

test('mid-2022: 20,952 members, 434 grassroots organisations (149 committees with 1,251 cells, 285 grassroots cells)', async () => {
  const data = await read(
    p,
    `{ organization(code: "NINH_THUAN", asOf: "2022-06-30") { memberCount grassroots: ${GRASSROOTS} committees: descendants(kinds: [GRASSROOTS_COMMITTEE]) { totalCount } cells: descendants(kinds: [CELL]) { totalCount } } }`,
    {},
    province,
  );
  expect(data.organization).toEqual({ memberCount: 20952, grassroots: { totalCount: 434 }, committees: { totalCount: 149 }, cells: { totalCount: 1251 } });
});

test('2024 ratings: every grassroots organisation and every cell of a committee rated, EXCELLENT within 20 % of GOOD', async () => {
  const data = await read(p, `query($id: ID!) { ratingDistribution(year: 2024, under: $id) { grade count } }`, { id: ids['NINH_THUAN'] }, province);
  const n = Object.fromEntries(data.ratingDistribution.map((g: { grade: string; count: number }) => [g.grade, g.count]));
  expect(n.EXCELLENT + n.GOOD + n.COMPLETED + n.NOT_COMPLETED).toBe(435 + 1253);
  expect(n.EXCELLENT).toBeGreaterThan(0);
  expect(n.EXCELLENT).toBeLessThanOrEqual(0.2 * n.GOOD);
});

test('loading the demo again changes nothing', async () => {
  const db = p.dataSources;
  const counts = async () => ({
    organizations: (await db.organization.query('SELECT count(*)::int AS n FROM organization'))[0].n,
    changes: (await db.organization.query('SELECT count(*)::int AS n FROM organization_change'))[0].n,
    // As system work: the membership subgraph's role reads its member tables under row-level security (decision 0020).
    events: (await asSystem(db.membership, (m) => m.query('SELECT count(*)::int AS n FROM member_event')))[0].n,
    targets: (await db.evaluation.query('SELECT count(*)::int AS n FROM admission_target_assignment'))[0].n,
    ratings: (await db.evaluation.query('SELECT count(*)::int AS n FROM rating_history'))[0].n,
  });
  const before = await counts();
  expect(await seedDemoTree(db.organization)).toEqual(ids);
  expect(await seedDemoMembers(db.membership, ids)).toEqual({ members: 0, prospects: 0 });
  expect(await seedDemoEvaluation(db.evaluation, ids)).toEqual({ targets: 0, ratings: 0 });
  expect(await counts()).toEqual(before);
});

test('a prospect the demo brought to the committee’s resolution can be admitted today under every rule of admitMember', async () => {
  const data = await read(p, `{ organizationRoots { prospects(stage: COMMITTEE_RESOLUTION, first: 50) { totalCount edges { node { id organization { id code } } } } } }`, {}, province);
  const prospects = data.organizationRoots.flatMap((r: { prospects: { edges: { node: { id: string; organization: { id: string; code: string } } }[] } }) => r.prospects.edges.map((e) => e.node));
  expect(prospects.length).toBeGreaterThan(10);
  const today = new Date().toISOString().slice(0, 10);
  const count = `query($code: String!) { organization(code: $code) { memberCount } }`;
  for (const prospect of prospects.slice(0, 3)) {
    const before = (await read(p, count, { code: prospect.organization.code }, province)).organization.memberCount;
    const res = await p.query(
      `mutation($input: AdmitMemberInput!) { admitMember(input: $input) { member { status admittedOn organization { code } } } }`,
      { input: { prospectId: prospect.id, organizationId: prospect.organization.id, decisionRef: 'E2E-QĐ/HU', ceremonyOn: today } },
      province,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.admitMember.member).toEqual({ status: 'PROBATIONARY', admittedOn: today, organization: { code: prospect.organization.code } });
    expect((await read(p, count, { code: prospect.organization.code }, province)).organization.memberCount).toBe(before + 1);
  }
});
