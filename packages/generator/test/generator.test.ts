/**
 * The national generator at a small size (2 provinces, the first restructured on 2025-07-01;
 * 5,000 members) on a fresh database, with the subgraphs and the gateway running: every
 * consistency check passes, and the gateway's figures equal the generator's own tally and counts
 * from the raw segments computed here.
 */
import { loadEvaluationConfig, startEvaluationSubgraph } from '@party/evaluation';
import { loadMembershipConfig, startMembershipSubgraph } from '@party/membership';
import { loadOrganizationConfig, startOrganizationSubgraph } from '@party/organization';
import { createLogger } from '@party/subgraph-kit';
import { startPlatform, type TestPlatform } from '@party/testing';
import pg from 'pg';
import { checkConsistency, generate, GeneratorError, type GenerateResult } from '../src';

let platform: TestPlatform;
let result: GenerateResult;
let client: pg.Client;
const MEMBERS = 5000;

beforeAll(async () => {
  platform = await startPlatform({
    organization: (env) => startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) }),
    membership: (env) => startMembershipSubgraph(loadMembershipConfig(env), { log: createLogger('membership', env.LOG_LEVEL) }),
    evaluation: (env) => startEvaluationSubgraph(loadEvaluationConfig(env), { log: createLogger('evaluation', env.LOG_LEVEL) }),
  });
  result = await generate({ databaseUrl: platform.db.url, env: platform.env, provinces: 2, members: MEMBERS, seed: 11 });
  client = new pg.Client({ connectionString: platform.db.url });
  await client.connect();
}, 1_200_000);

afterAll(async () => {
  await client?.end();
  await platform?.stop();
}, 600_000);

async function read<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await platform.query<T>(query, variables);
  if (res.errors) throw new Error(`query failed: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** Members registered on `day` under the organisation `code` as it stood then, from the raw segments (lineage followed). */
async function rawCount(code: string, day: string): Promise<number> {
  const { rows } = await client.query(
    `WITH RECURSIVE r AS (
       SELECT s.organization_id AS org, 0 AS hops FROM membership.member_segment s WHERE s.valid_from <= $2 AND s.valid_to > $2
       UNION ALL
       SELECT l.successor_id, r.hops + 1 FROM r JOIN organization.lineage_v1 l ON l.predecessor_id = r.org AND l.effective_on <= $2
        WHERE r.hops < 5 AND NOT EXISTS (SELECT 1 FROM organization.tree_v1 v WHERE v.organization_id = r.org AND v.valid_from <= $2 AND v.valid_to > $2))
     SELECT count(*)::int AS n
       FROM r JOIN organization.tree_v1 v ON v.organization_id = r.org AND v.valid_from <= $2 AND v.valid_to > $2
       JOIN organization.tree_v1 o ON o.code = $1 AND o.valid_from <= $2 AND o.valid_to > $2
      WHERE v.path >= o.path AND v.path < left(o.path, -1) || '/'`,
    [code, day],
  );
  return rows[0].n;
}

test('every consistency check passes', () => {
  const names = result.checks.map((c) => c.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'events name cells that exist on their day',
      'on each event day the member is in a cell that exists',
      'every day of every segment is placed once',
      'no organisation under a dissolved (or not yet established) parent',
      'folded events of a sample equal the stored segments and member facts',
      '2025-06-30: count deltas and placements equal the raw segments',
      '2025-07-01: count deltas and placements equal the raw segments',
      '2025-12-31: count deltas and placements equal the raw segments',
    ]),
  );
  expect(result.checks.filter((c) => !c.ok)).toEqual([]);
});

test('the register and the restructuring have the planned size', () => {
  expect(result.register.members).toBe(MEMBERS);
  expect(result.eventsByType.ADMITTED).toBe(MEMBERS);
  expect(result.eventsByType.RECOGNIZED).toBeGreaterThan(MEMBERS * 0.9);
  expect(result.eventsByType.TRANSFERRED).toBeGreaterThan(0);
  expect(result.eventsByType.EXEMPTED).toBeGreaterThan(0);
  expect(result.eventsByType.TERMINATED).toBeGreaterThan(0);
  const kind = (k: string) => result.organizationsByKind.find((x) => x.kind === k)!;
  // Province 1 had 9 districts (dissolved) and merged every third of its 97 communes; province 2 was not restructured.
  expect(kind('PROVINCIAL')).toEqual({ kind: 'PROVINCIAL', current: 2, dissolved: 0 });
  expect(kind('DISTRICT')).toEqual({ kind: 'DISTRICT', current: 0, dissolved: 9 });
  expect(kind('COMMUNE')).toEqual({ kind: 'COMMUNE', current: 2 * 97 - 32, dissolved: 32 });
  expect(kind('CELL').dissolved).toBeGreaterThan(100);
  expect(result.treeChanges).toBe(9 + 9 + 32 + kind('CELL').dissolved);
  // Members of the moved communes and merged cells were placed again by the subgraph's catch-up.
  expect(result.resynced.members).toBeGreaterThan(0);
  expect(result.targets).toBeGreaterThan(0);
});

test('members of merged cells are followed to the successor cell from the restructuring on', async () => {
  const { rows } = await client.query(`
    SELECT count(DISTINCT s.member_id)::int AS n
      FROM membership.member_segment s
      JOIN organization.organization o ON o.id = s.organization_id AND o.dissolved_on = DATE '2025-07-01'
      JOIN organization.lineage_v1 l ON l.predecessor_id = o.id
      JOIN membership.placement p ON p.member_id = s.member_id AND p.role = 'HOME' AND p.organization_id = l.successor_id AND p.valid_from = DATE '2025-07-01'
     WHERE s.valid_from < DATE '2025-07-01' AND s.valid_to > DATE '2025-07-01'`);
  expect(rows[0].n).toBeGreaterThan(0);
  // No event after the day names a cell that ceased to exist.
  const [{ n }] = (
    await client.query(`SELECT count(*)::int AS n FROM membership.member_event e JOIN organization.organization o ON o.id = e.organization_id WHERE e.effective_on >= o.dissolved_on`)
  ).rows;
  expect(n).toBe(0);
});

test("the roots' memberCount through the gateway equals the generator's tally", async () => {
  const s = result.membersByStatus;
  expect(s.day).toBe('2025-12-31');
  const data = await read<{ organizationRoots: { code: string; memberCount: number; probationary: number }[] }>(
    `query($d: Date) { organizationRoots(asOf: $d) { code memberCount probationary: memberCount(status: [PROBATIONARY]) } }`,
    { d: s.day },
  );
  expect(data.organizationRoots.map((r) => r.code).sort()).toEqual(['P01', 'P02']);
  expect(data.organizationRoots.reduce((t, r) => t + r.memberCount, 0)).toBe(s.probationary + s.official + s.exempt);
  expect(data.organizationRoots.reduce((t, r) => t + r.probationary, 0)).toBe(s.probationary);
});

test('memberCount of provinces, a district and communes through the gateway equals the raw segments, before and after the restructuring', async () => {
  const Q = `query($code: String!, $d: Date) { organization(code: $code, asOf: $d) { code kind memberCount parent { code } } }`;
  const cases: [string, string, string | null][] = [
    ['P01', '2024-12-31', null],
    ['P01', '2025-06-30', null],
    ['P01', '2025-07-01', null],
    ['P02', '2025-07-01', null],
    ['P01-D01', '2025-06-30', 'P01'],
    ['P01-C001', '2025-06-30', 'P01-D01'],
    ['P01-C001', '2025-07-01', 'P01'],
    // P01-C003 was merged into P01-C002: its grassroots organisations and members count there from the day.
    ['P01-C002', '2025-06-30', 'P01-D01'],
    ['P01-C002', '2025-07-01', 'P01'],
    ['P02-C050', '2025-12-31', 'P02'],
  ];
  for (const [code, day, parent] of cases) {
    const { organization: o } = await read(Q, { code, d: day });
    expect({ code: o.code, parent: o.parent?.code ?? null, memberCount: o.memberCount }).toEqual({ code, parent, memberCount: await rawCount(code, day) });
  }
  expect((await read(Q, { code: 'P01-D01', d: '2025-07-01' })).organization).toBeNull();
  expect((await read(Q, { code: 'P01-C003', d: '2025-07-01' })).organization).toBeNull();
  const before = (await read(Q, { code: 'P01-C003', d: '2025-06-30' })).organization.memberCount;
  const [merged, target] = await Promise.all([rawCount('P01-C002', '2025-07-01'), rawCount('P01-C002', '2025-06-30')]);
  expect(before).toBeGreaterThan(0);
  // The day's own events aside, the merged commune's members are now counted in its successor.
  expect(merged).toBeGreaterThanOrEqual(target + before - 5);
});

test('a database that holds data is refused without replace; bad sizes are refused by name', async () => {
  await expect(generate({ databaseUrl: platform.db.url, env: platform.env, provinces: 1, members: 10, seed: 1 })).rejects.toMatchObject({ field: 'replace' });
  await expect(generate({ databaseUrl: platform.db.url, provinces: 64, members: 10, seed: 1 })).rejects.toBeInstanceOf(GeneratorError);
  await expect(generate({ databaseUrl: platform.db.url, provinces: 2, members: 0, seed: 1 })).rejects.toMatchObject({ field: 'members' });
  // Nothing was written by the refused runs.
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM membership.member`)).rows;
  expect(n).toBe(MEMBERS);
});

test('the checks fail on an event in a non-cell, an orphaned organisation, a wrong count delta and a wrong memberStats sum', async () => {
  await client.query('BEGIN');
  try {
    // (Events are append-only: a transfer into a district is added for a member registered throughout 2025.)
    await client.query(`INSERT INTO membership.member_event (member_id, type, effective_on, decision_ref, organization_id, recorded_by)
                        SELECT s.member_id, 'TRANSFERRED', DATE '2025-03-01', 'BAD-1', (SELECT id FROM organization.organization WHERE code = 'P01-D01'), 'test'
                          FROM membership.member_segment s WHERE s.valid_from < DATE '2025-01-01' AND s.valid_to = 'infinity' ORDER BY s.member_id LIMIT 1`);
    await client.query(`UPDATE organization.organization_version SET valid_to = DATE '2025-09-01' WHERE code = 'P02-C010' AND valid_to = 'infinity'`);
    await client.query(`UPDATE membership.count_delta SET official = official + 1
                         WHERE (organization_id, day) = (SELECT d.organization_id, d.day FROM membership.count_delta d JOIN organization.organization o ON o.id = d.organization_id AND o.code = 'P02' ORDER BY d.day LIMIT 1)`);
    await client.query(`UPDATE membership.member_stat_year SET n = n + 1
                         WHERE (organization_id, year, dim, key) = (SELECT y.organization_id, y.year, y.dim, y.key FROM membership.member_stat_year y
                                                                      JOIN organization.organization o ON o.id = y.organization_id AND o.code = 'P02'
                                                                     WHERE y.dim = 'profile' ORDER BY y.year, y.key LIMIT 1)`);
    const checks = await checkConsistency(client, { dates: ['2025-06-30'], seed: 11, sampleMembers: 50 });
    const failed = checks.filter((c) => !c.ok).map((c) => c.name);
    // (The member whose event was changed may also be in the folded sample.)
    expect(failed.filter((n) => !n.startsWith('folded events'))).toEqual([
      'events name cells that exist on their day',
      'no organisation under a dissolved (or not yet established) parent',
      '2025-06-30: count deltas and placements equal the raw segments',
      '2025-06-30: memberStats sums of the roots equal the raw segments',
    ]);
  } finally {
    await client.query('ROLLBACK');
  }
});
