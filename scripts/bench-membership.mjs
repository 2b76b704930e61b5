// Performance benchmark of the membership subgraph: boots the organization and
// membership subgraphs and the gateway in-process on a fresh database, loads the
// national-shaped tree under one CENTRAL root, every organisation existing since
// 1970, and a member register (the national generator's loader, packages/generator:
// member, member_event and member_segment rows by set-based SQL; placements, count
// deltas and admission facts by the subgraph's own placeMembers / PLACE_MEMBERS_SQL), checks the
// counts, then times member counts, statistics, admissions and a member page
// through the gateway against the best hand-written SQL; then (issue 4) sets
// 2024 admission targets, times a province's admissionPerformance(depth: 2)
// and pages the whole evaluationFacts export, live and after finalising the
// year, and the same rows through the bulk path evaluationFactsCsv (CSV text
// pages of 10,000), beside PostgreSQL's COPY of the same rows.
//
//   npm run bench:membership                  (builds first)
//   node scripts/bench-membership.mjs         (packages already built)
//
// Environment:
//   BENCH_MEMBERS        members to load (default 1,000,000)
//   BENCH_LOAD_WORKERS   connections loading and placing members side by side (default 2)
//   BENCH_DATABASE_URL   administrative URL of a PostgreSQL to use (default: an embedded one in .data/bench-membership-pg)
//   BENCH_ITERATIONS     iterations of the fast measurements (default 200)
//   BENCH_KEEP=1         with BENCH_DATABASE_URL: leave the loaded database there (to study it), do not drop it
//   BENCH_EVALUATION=0   skip the evaluation part (targets, admissionPerformance, the evaluationFacts export)
//   BENCH_EXPLAIN=1      also print EXPLAIN (ANALYZE, BUFFERS) of every SQL statement the membership subgraph sends per query, and of the floors
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchAdminUrl, cleanups, createRecorder, measure, ms, percentile, runBench, timeSubgraphCalls, gatewayClient } from './bench/measure.mjs';
import { to as copyTo } from 'pg-copy-streams';

// Measured as deployed: graphql-js skips its development-only checks under NODE_ENV=production
// (read when graphql is first required, below).
process.env.NODE_ENV = 'production';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** The register's "today": histories end before it; every query is asked as of it. */
const AS_OF = '2025-06-01';
const ADMISSION_YEAR = 2024;
const TREE_SINCE = '1970-01-01';
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
/** Members per placeMembers statement. */
const PLACE_BATCH = 20_000;
const LOAD_WORKERS = Number(process.env.BENCH_LOAD_WORKERS ?? 2);
/** Members whose events are folded again and compared with their stored segments. */
const SAMPLE = 1_000;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const EVALUATION = process.env.BENCH_EVALUATION !== '0';
const KEEP = process.env.BENCH_KEEP === '1' && !!process.env.BENCH_DATABASE_URL;
const started = performance.now();
const say = (...a) => console.log(...a);
const secs = (t0) => (performance.now() - t0) / 1000;
const elapsed = () => `${secs(started).toFixed(1)} s`;
const fmt = (n) => Number(n).toLocaleString('en');

if (!Number.isInteger(MEMBERS) || MEMBERS < 1000) {
  console.error(`BENCH_MEMBERS must be a whole number of at least 1000 (got ${process.env.BENCH_MEMBERS})`);
  process.exit(1);
}
for (const [pkg, dist] of [
  ['@party/testing', 'packages/testing/dist/index.js'],
  ['@party/organization', 'apps/organization/dist/index.js'],
  ['@party/membership', 'apps/membership/dist/index.js'],
  ['@party/subgraph-kit', 'packages/subgraph-kit/dist/index.js'],
  ['@party/gateway', 'apps/gateway/dist/index.js'],
  ['@party/evaluation', 'apps/evaluation/dist/index.js'],
  ['@party/generator', 'packages/generator/dist/index.js'],
]) {
  if (!existsSync(path.join(root, dist))) {
    console.error(`${pkg} is not built (${dist} missing): run \`npx turbo run build\` or \`npm run bench:membership\`.`);
    process.exit(1);
  }
}

const pg = require('pg');
const { startPlatform } = require('@party/testing');
const { startOrganizationSubgraph, loadOrganizationConfig } = require('@party/organization');
const { startMembershipSubgraph, loadMembershipConfig, fold } = require('@party/membership');
// The national generator's loader (packages/generator): the tree, the register, placeMembers over it, targets.
const { loadTree, generateMembers, suspendIndexes, placeAll, setAdmissionTargets, existingTables, MEMBER_TABLES, MEMBER_LOAD_INDEXES } = require('@party/generator');
const { startEvaluationSubgraph, loadEvaluationConfig } = require('@party/evaluation');
const { createLogger, foldForSearch } = require('@party/subgraph-kit');

const recorder = createRecorder();
const subgraphCalls = timeSubgraphCalls();

async function main() {
  const adminUrl = await benchAdminUrl({ root, dirName: 'bench-membership-pg', say });
  process.env.TEST_ADMIN_URL = adminUrl;

  say('Starting the platform (organization + membership subgraphs + gateway, fresh database, migrations) …');
  const platform = await startPlatform({
    organization: (env) => startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', 'silent') }),
    membership: (env) => startMembershipSubgraph(loadMembershipConfig(env), { log: createLogger('membership', 'silent'), ormLogger: recorder }),
    evaluation: (env) => startEvaluationSubgraph(loadEvaluationConfig(env), { log: createLogger('evaluation', 'silent') }),
  });
  if (KEEP) cleanups.push(['(database kept)', async () => say(`Database kept: ${platform.db.url}`)]);
  else cleanups.push(['platform and database', () => platform.stop()]);
  subgraphCalls.origin = new URL(platform.subgraphUrls.membership).origin;

  const client = new pg.Client({ connectionString: platform.db.url });
  await client.connect();
  cleanups.push(['pg client', () => client.end()]);
  const sql = (text, params) => client.query(text, params);

  // ---------------------------------------------------------------- load
  const phases = [];
  async function phase(name, fn) {
    const t0 = performance.now();
    const out = await fn();
    phases.push([name, secs(t0)]);
    say(`   ${name}: ${secs(t0).toFixed(1)} s`);
    return out;
  }

  // Members were admitted from 1975 on: their organisations exist from before.
  say(`Loading the tree (with a CENTRAL root, organisations since ${TREE_SINCE}) into ${platform.db.name} …`);
  const tree = await phase('tree (organisations)', () => loadTree(client, { log: say, central: true, since: TREE_SINCE }));
  await sql(`SET search_path = membership, public`);
  await sql(`SET maintenance_work_mem = '1GB'`);
  await sql(`SET work_mem = '64MB'`);
  // Loading connections: this one and LOAD_WORKERS − 1 more.
  const loaders = [client];
  for (let i = 1; i < LOAD_WORKERS; i++) {
    const c = new pg.Client({ connectionString: platform.db.url, options: '-c search_path=membership,public -c work_mem=64MB' });
    await c.connect();
    cleanups.push([`loading connection ${i}`, () => c.end()]);
    loaders.push(c);
  }

  say(`Loading ${fmt(MEMBERS)} members …`);
  const suspended = await suspendIndexes(client, MEMBER_TABLES, MEMBER_LOAD_INDEXES);
  say(`   indexes and constraints set aside while loading: ${suspended.dropped.join(', ')}`);
  const generated = await phase(`members, events, segments (set-based SQL, ${loaders.length} connections)`, () =>
    generateMembers(loaders, {
      count: MEMBERS,
      today: AS_OF,
      progress: (c, cells) => say(`   ${fmt(c.members)} / ${fmt(MEMBERS)} members (${((100 * c.members) / MEMBERS).toFixed(0)}%), ${fmt(c.events)} events, ${fmt(c.segments)} segments, in ${fmt(cells)} cells; ${elapsed()}`),
    }),
  );
  await phase('ANALYZE before placing', () => sql(`ANALYZE member, member_event, member_segment`));

  // Placements, count deltas and admission facts: the subgraph's own placeMembers (PLACE_MEMBERS_SQL), in batches
  // of members in id order, LOAD_WORKERS batches at a time (count_delta rows are locked in (organisation, day)
  // order by every statement, so the connections cannot deadlock).
  await phase(`placements, count deltas, admission facts (placeMembers, ${fmt(PLACE_BATCH)} members a statement, ${loaders.length} connections)`, async () => {
    const t0 = performance.now();
    let shown = 0;
    await placeAll(loaders, {
      total: MEMBERS,
      batch: PLACE_BATCH,
      progress: (done) => {
        if (done - shown >= MEMBERS / 10 || done === MEMBERS) {
          shown = done;
          const s = secs(t0);
          say(`   placed ${fmt(done)} / ${fmt(MEMBERS)} members (${((100 * done) / MEMBERS).toFixed(0)}%) in ${s.toFixed(1)} s, ${fmt(Math.round(done / s))}/s, ~${((s / done) * (MEMBERS - done)).toFixed(0)} s to go`);
        }
      },
    });
  });
  // (placeAll marks the tree as caught up: placements reflect the whole tree as it is.)
  const rebuilt = await phase('indexes and constraints rebuilt', () => suspended.restore());
  say(`   ${rebuilt.filter(([, t]) => t >= 0.5).sort((a, b) => b[1] - a[1]).map(([n, t]) => `${n} ${t.toFixed(1)} s`).join(', ')}`);
  await phase('VACUUM ANALYZE', async () => {
    for (const t of await existingTables(client, MEMBER_TABLES)) await sql(`VACUUM (ANALYZE) ${t}`);
  });
  await sql(`RESET work_mem`);
  await sql(`RESET maintenance_work_mem`);
  const loadSeconds = phases.reduce((s, [, t]) => s + t, 0);

  // ---------------------------------------------------------------- the data is what the subgraph would have made
  say(`Folding the events of a sample of members again (lifecycle.fold) …`);
  {
    const pct = Math.min(100, (150 * SAMPLE) / MEMBERS);
    const random = (await sql(`SELECT id FROM member TABLESAMPLE BERNOULLI ($1) REPEATABLE (7) LIMIT $2`, [pct, SAMPLE])).rows.map((r) => r.id);
    const special = (await sql(`SELECT DISTINCT member_id AS id FROM (SELECT member_id FROM member_event WHERE type = ANY($1) AND id % 7 = 0 LIMIT 300) e`, [['TRANSFERRED', 'EXEMPTED', 'TERMINATED']])).rows.map((r) => r.id);
    const ids = [...new Set([...random, ...special])];
    const group = (rows) => rows.reduce((m, r) => m.set(r.member_id, [...(m.get(r.member_id) ?? []), r]), new Map());
    const events = group(
      (await sql(`SELECT member_id, id::text AS id, type, effective_on::text AS "effectiveOn", organization_id AS "organizationId", until::text AS until, reason
                    FROM member_event WHERE member_id = ANY($1) ORDER BY member_id, effective_on, id`, [ids])).rows,
    );
    const segments = group(
      (await sql(`SELECT member_id, valid_from::text AS "validFrom", valid_to::text AS "validTo", organization_id AS "organizationId",
                         host_organization_id AS "hostOrganizationId", status, activity
                    FROM member_segment WHERE member_id = ANY($1) ORDER BY member_id, valid_from`, [ids])).rows,
    );
    const members = (await sql(`SELECT id, full_name, search_text, sort_name, admitted_on::text, official_on::text, terminated_on::text, termination_reason FROM member WHERE id = ANY($1)`, [ids])).rows;
    let checked = 0;
    const kinds = new Map();
    for (const m of members) {
      const evs = events.get(m.id) ?? [];
      const f = fold(evs.map(({ member_id: _m, ...e }) => e));
      const stored = (segments.get(m.id) ?? []).map(({ member_id: _m, ...s }) => s);
      const want = f.segments.map((s) => ({ validFrom: s.validFrom, validTo: s.validTo, organizationId: s.organizationId, hostOrganizationId: s.hostOrganizationId, status: s.status, activity: s.activity }));
      if (JSON.stringify(want) !== JSON.stringify(stored)) throw new Error(`member ${m.id}: segments differ from the fold of the events\n events ${JSON.stringify(evs)}\n fold ${JSON.stringify(want)}\n stored ${JSON.stringify(stored)}`);
      const facts = { admitted_on: f.admittedOn, official_on: f.officialOn, terminated_on: f.terminatedOn, termination_reason: f.terminationReason };
      for (const [k, v] of Object.entries(facts)) if (m[k] !== v) throw new Error(`member ${m.id}: ${k} is ${m[k]}, the fold says ${v}`);
      const folded = foldForSearch(m.full_name);
      if (m.search_text !== folded || m.sort_name !== `${folded.split(' ').pop()} ${folded}`) throw new Error(`member ${m.id}: search_text/sort_name do not match ${JSON.stringify(m.full_name)}`);
      const shape = evs.map((e) => e.type[0] + e.type.slice(1, 4).toLowerCase()).join('→');
      kinds.set(shape, (kinds.get(shape) ?? 0) + 1);
      checked++;
    }
    if (checked !== ids.length) throw new Error(`sample: ${ids.length} members asked, ${checked} found`);
    say(`   ${checked} members: segments, admission/recognition/termination days, search_text and sort_name as the subgraph would store them ✓`);
    say(`   histories in the sample: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }

  // ---------------------------------------------------------------- subjects
  const orgsOf = async (kind, extra = '', limit = 1000) =>
    (await sql(`SELECT organization_id AS id, path, name FROM organization.tree_v1 WHERE kind = $1 AND valid_from <= $2 AND valid_to > $2 ${extra} ORDER BY path LIMIT ${limit}`, [kind, AS_OF])).rows;
  const [country] = await orgsOf('CENTRAL');
  const provinces = await orgsOf('PROVINCIAL');
  const communes = await orgsOf('COMMUNE', `AND (hashtext(organization_id::text) & 15) = 3`, 200);
  const pathEnd = (p) => p.slice(0, -1) + '/';

  say('Consistency: the count deltas against the segments …');
  {
    const [c] = (
      await sql(
        `SELECT (SELECT coalesce(sum(probationary + official), 0)::int FROM count_delta WHERE organization_id = $1 AND day <= $2) AS delta_members,
                (SELECT coalesce(sum(hosted), 0)::int FROM count_delta WHERE organization_id = $1 AND day <= $2) AS delta_hosted,
                (SELECT count(*)::int FROM member_segment WHERE valid_from <= $2 AND valid_to > $2) AS segments,
                (SELECT count(*)::int FROM member_segment WHERE valid_from <= $2 AND valid_to > $2 AND host_organization_id IS NOT NULL) AS hosted_segments`,
        [country.id, AS_OF],
      )
    ).rows;
    say(`   ${country.name} on ${AS_OF}: running sum of count_delta ${fmt(c.delta_members)} members (${fmt(c.delta_hosted)} hosted); member_segment rows valid that day ${fmt(c.segments)} (${fmt(c.hosted_segments)} with a host)`);
    if (c.delta_members !== c.segments || c.delta_hosted !== c.hosted_segments) throw new Error('count deltas and segments disagree');
    say('   equal ✓');
  }
  const [shape] = (
    await sql(`SELECT count(*)::int AS members,
                      avg((gender = 'FEMALE')::int) AS women, avg((ethnicity IS NOT NULL AND ethnicity <> 'Kinh')::int) AS minority, avg((religion IS NOT NULL)::int) AS religion,
                      avg((terminated_on IS NOT NULL)::int) AS terminated, avg((official_on IS NULL AND terminated_on IS NULL)::int) AS probationary,
                      (SELECT avg((admitted_on >= $1::date - 365)::int) FROM member) AS last_year,
                      min(birth_date)::text AS born_min, max(birth_date)::text AS born_max, min(admitted_on)::text AS adm_min, max(admitted_on)::text AS adm_max
                 FROM member`, [AS_OF])
  ).rows;
  const [evshape] = (await sql(`SELECT count(DISTINCT member_id) FILTER (WHERE type = 'TRANSFERRED')::int AS transferred, count(DISTINCT member_id) FILTER (WHERE type = 'EXEMPTED')::int AS exempted FROM member_event WHERE type IN ('TRANSFERRED', 'EXEMPTED')`)).rows;
  const pctOf = (x) => `${(100 * Number(x)).toFixed(1)}%`;
  const sizes = (
    await sql(`SELECT c.relname AS t, pg_size_pretty(pg_total_relation_size(c.oid)) AS size, c.reltuples::bigint AS rows
                 FROM pg_class c WHERE c.oid = ANY($1::regclass[]) ORDER BY pg_total_relation_size(c.oid) DESC`, [MEMBER_TABLES])
  ).rows;

  // ---------------------------------------------------------------- measuring
  const { currentToken, gql, probe, explain, explained, replay } = gatewayClient({ platform, client, recorder, subgraphCalls, explain: EXPLAIN });
  async function measureGateway(fn, opts) {
    subgraphCalls.perRequest = [];
    const g = await measure(fn, opts);
    const sub = subgraphCalls.perRequest.slice(-g.n).sort((a, b) => a - b);
    return { g, sub: { n: g.n, p50: percentile(sub, 50), p95: percentile(sub, 95) } };
  }
  const results = [];
  /**
   * One case: checks the gateway's answer against the floor's (`check`), explains, then measures the
   * gateway, the subgraph's statements replayed and the floor, cycling through `subjects`.
   */
  async function runCase({ key, label, gqlText, subjects, floorSql, floorParams, check, opts }) {
    say(`${label} …`);
    const vars = (s) => ({ id: s.id, asOf: AS_OF });
    const { data, statements } = await probe(gqlText, vars(subjects[0]));
    const floorRows = (await sql(floorSql, floorParams(subjects[0]))).rows;
    say(`   ${check(data, floorRows, subjects[0])}; membership statements per request: ${statements.length}`);
    for (const [i, s] of statements.entries()) await explain(`${label}: subgraph statement ${i + 1}/${statements.length}`, s.query, s.parameters);
    await explain(`${label}: SQL floor`, floorSql, floorParams(subjects[0]));
    const { g, sub } = await measureGateway((i) => gql(gqlText, vars(subjects[i % subjects.length])), opts);
    const f = await measure((i) => sql(floorSql, floorParams(subjects[i % subjects.length])), opts);
    const r = await measure(replay(statements), opts);
    results.push({ key, metric: `${label}, gateway`, ...g, floor: f.p50 });
    results.push({ metric: '   of which the membership subgraph answering', ...sub, floor: f.p50 });
    results.push({ metric: `   subgraph SQL replayed (${statements.length} statements)`, ...r, floor: f.p50 });
    results.push({ metric: '   SQL floor', ...f });
    // Printed now too: a later part failing must not lose these.
    say(`   gateway p50 ${ms(g.p50)} ms (p95 ${ms(g.p95)}), subgraph answering ${ms(sub.p50)}, SQL replayed ${ms(r.p50)}, SQL floor ${ms(f.p50)} ms`);
  }

  // The gateway and the organization subgraph alone: what every case below pays before the membership subgraph is asked.
  say('Gateway baseline …');
  {
    const BASE_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { id } }`;
    const g = await measure((i) => gql(BASE_GQL, { id: provinces[i % provinces.length].id, asOf: AS_OF }));
    results.push({ metric: 'gateway baseline: organization(id) { id } (no membership field)', ...g });
  }

  // a, b. memberCount: the subgraph sums count deltas; the floor counts the placements valid that day
  // (an index-only range scan of placement_subtree).
  const COUNT_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount } }`;
  const COUNT_SQL = `SELECT count(*)::int AS n FROM placement WHERE path >= $1 AND path < $2 AND valid_from <= $3 AND valid_to > $3 AND role = 'HOME'`;
  const countCheck = (data, rows) => {
    if (data.organization.memberCount !== rows[0].n) throw new Error(`memberCount ${data.organization.memberCount}, SQL floor ${rows[0].n}`);
    return `${fmt(rows[0].n)} members`;
  };
  await runCase({
    key: 'count-province',
    label: 'a. memberCount, province',
    gqlText: COUNT_GQL,
    subjects: provinces,
    floorSql: COUNT_SQL,
    floorParams: (s) => [s.path, pathEnd(s.path), AS_OF],
    check: countCheck,
  });
  await runCase({
    key: 'count-country',
    label: 'b. memberCount, whole country',
    gqlText: COUNT_GQL,
    subjects: [country],
    floorSql: COUNT_SQL,
    floorParams: (s) => [s.path, pathEnd(s.path), AS_OF],
    check: countCheck,
    opts: { warmup: 5, budgetMs: 30_000 },
  });

  // c. memberStats: the subgraph reads the running sums (member_stat_year before the day's year, member_stat_delta
  // of its own year up to the day). The floor is the best SQL on those tables: the same two index range scans,
  // the keys summed and split into the breakdowns in SQL (STATS_FLOOR_SQL). The raw scan that was the floor before
  // the running sums (STATS_SQL): one pass over the subtree's HOME placements joined to the members, aggregated
  // by every combination, then the breakdowns from that small result; age bands by comparing birth dates with
  // precomputed days (age ≤ 30 ⇔ born after asOf − 31 years); hosted: stays in the subtree of members
  // registered outside it. Both are checked equal to the gateway's answer, both are timed.
  const STATS_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberStats {
      asOf total probationary official women ethnicMinority withReligion age18to30 hostedTemporarily
      byStatus { key count } byActivity { key count } byGender { key count } byAgeBand { key count }
      byEthnicity { key count } byReligion { key count } byEducation { key count } } } }`;
  const STATS_SQL = `
    WITH s AS (
      SELECT p.status, p.activity, m.gender,
             CASE WHEN m.birth_date > $4 THEN '18-30' WHEN m.birth_date > $5 THEN '31-40' WHEN m.birth_date > $6 THEN '41-50'
                  WHEN m.birth_date > $7 THEN '51-60' WHEN m.birth_date > $8 THEN '61-70' ELSE '71+' END AS band,
             coalesce(m.ethnicity, 'UNKNOWN') AS ethnicity, coalesce(m.religion, 'NONE') AS religion, coalesce(m.education_level, 'UNKNOWN') AS education,
             count(*)::int AS n
        FROM placement p JOIN member m ON m.id = p.member_id
       WHERE p.path >= $1 AND p.path < $2 AND p.valid_from <= $3 AND p.valid_to > $3 AND p.role = 'HOME'
       GROUP BY 1, 2, 3, 4, 5, 6, 7)
    SELECT CASE WHEN grouping(status) = 0 THEN 'status' WHEN grouping(activity) = 0 THEN 'activity' WHEN grouping(gender) = 0 THEN 'gender'
                WHEN grouping(band) = 0 THEN 'band' WHEN grouping(ethnicity) = 0 THEN 'ethnicity' WHEN grouping(religion) = 0 THEN 'religion'
                ELSE 'education' END AS dim,
           coalesce(status, activity, gender, band, ethnicity, religion, education) AS key, sum(n)::int AS count
      FROM s
     GROUP BY GROUPING SETS ((status), (activity), (gender), (band), (ethnicity), (religion), (education))
    UNION ALL
    SELECT 'hosted', 'hosted', count(*)::int
      FROM placement h
     WHERE h.path >= $1 AND h.path < $2 AND h.valid_from <= $3 AND h.valid_to > $3 AND h.role = 'HOSTED'
       AND NOT EXISTS (SELECT 1 FROM placement p WHERE p.member_id = h.member_id AND p.role = 'HOME'
                          AND p.path >= $1 AND p.path < $2 AND p.valid_from <= $3 AND p.valid_to > $3)`;
  const yearsBefore = (day, years) => `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  const bandDays = [31, 41, 51, 61, 71].map((y) => yearsBefore(AS_OF, y));
  const STAT_DIMS = { byStatus: 'status', byActivity: 'activity', byGender: 'gender', byAgeBand: 'band', byEthnicity: 'ethnicity', byReligion: 'religion', byEducation: 'education' };
  const canon = (list) => list.map((x) => `${x.dim}:${x.key}=${x.count}`).sort().join(',');
  const STATS_FLOOR_SQL = `
    WITH t AS (
      SELECT dim, key, sum(n)::int AS n
        FROM (SELECT dim, key, n FROM member_stat_year WHERE organization_id = $1 AND year < $3
              UNION ALL
              SELECT dim, key, n FROM member_stat_delta WHERE organization_id = $1 AND day >= $2 AND day <= $4) s
       GROUP BY dim, key HAVING sum(n) <> 0),
    k AS (
      SELECT 'status' AS dim, split_part(key, '|', 1) AS key, n FROM t WHERE dim = 'sa'
      UNION ALL SELECT 'activity', split_part(key, '|', 2), n FROM t WHERE dim = 'sa'
      UNION ALL SELECT 'gender', split_part(key, '|', 1), n FROM t WHERE dim = 'profile'
      UNION ALL SELECT 'education', split_part(key, '|', 2), n FROM t WHERE dim = 'profile'
      UNION ALL SELECT 'religion', substr(key, length(split_part(key, '|', 1)) + length(split_part(key, '|', 2)) + 3), n FROM t WHERE dim = 'profile'
      UNION ALL SELECT dim, key, n FROM t WHERE dim NOT IN ('sa', 'profile'))
    SELECT dim, key, sum(n)::int AS count FROM k GROUP BY dim, key HAVING sum(n) <> 0`;
  const checkStats = (data, rows) => {
    const st = data.organization.memberStats;
    const fromGateway = Object.entries(STAT_DIMS).flatMap(([field, dim]) => st[field].map((x) => ({ dim, ...x })));
    const fromFloor = rows.filter((r) => r.dim !== 'hosted');
    const hosted = rows.find((r) => r.dim === 'hosted')?.count ?? 0;
    if (canon(fromGateway) !== canon(fromFloor) || st.hostedTemporarily !== hosted) throw new Error(`memberStats differ:\n gateway ${canon(fromGateway)}\n floor ${canon(fromFloor)}`);
  };
  {
    // The running sums give what the raw scan counts: every province on AS_OF, the whole country on other days too.
    const cases = [...provinces.map((s) => [s, AS_OF]), ...['1999-12-31', '2010-07-15', '2024-12-31', AS_OF].map((d) => [country, d])];
    for (const [s, day] of cases) {
      const data = await gql(STATS_GQL, { id: s.id, asOf: day });
      checkStats(data, (await sql(STATS_SQL, [s.path, pathEnd(s.path), day, ...[31, 41, 51, 61, 71].map((y) => yearsBefore(day, y))])).rows);
    }
    say(`   memberStats equal to the raw scan of the placements: ${provinces.length} provinces on ${AS_OF}, the country on 4 days ✓`);
  }
  await runCase({
    key: 'stats-province',
    label: 'c. memberStats, province',
    gqlText: STATS_GQL,
    subjects: provinces,
    floorSql: STATS_FLOOR_SQL,
    floorParams: (s) => [s.id, `${AS_OF.slice(0, 4)}-01-01`, Number(AS_OF.slice(0, 4)), AS_OF],
    check: (data, rows) => {
      const st = data.organization.memberStats;
      checkStats(data, rows);
      const fromFloor = rows.filter((r) => r.dim !== 'hosted');
      const sumOf = (dim) => fromFloor.filter((r) => r.dim === dim).reduce((a, r) => a + r.count, 0);
      if (st.total !== sumOf('status')) throw new Error(`memberStats total ${st.total}, floor ${sumOf('status')}`);
      return `${fmt(st.total)} members, ${fmt(st.women)} women, ${fmt(st.ethnicMinority)} minorities, ${fmt(st.withReligion)} with a religion, ${fmt(st.age18to30)} aged 18-30`;
    },
    opts: { warmup: 5, budgetMs: 30_000 },
  });
  {
    await explain('c. memberStats, province: the raw scan (the floor before the running sums)', STATS_SQL, [provinces[0].path, pathEnd(provinces[0].path), AS_OF, ...bandDays]);
    const raw = await measure((i) => sql(STATS_SQL, [provinces[i % provinces.length].path, pathEnd(provinces[i % provinces.length].path), AS_OF, ...bandDays]), { warmup: 3, budgetMs: 30_000 });
    results.push({ metric: '   raw scan of the placements joined with member (the floor before the running sums)', ...raw });
  }

  // d. admissions: the admission facts of the year under the province's path (one version in the year),
  // joined to the members, every breakdown from one aggregate.
  const ADM_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { admissions(year: ${ADMISSION_YEAR}) {
      year quarter total women ethnicMinority withReligion age18to30 youthUnion students workers nonStateEnterprise
      bySource { key count } byGender { key count } byEthnicity { key count } byAgeBand { key count } byQuarter { key count } } } }`;
  const ADM_SQL = `
    WITH s AS (
      SELECT m.source, m.gender, coalesce(m.ethnicity, 'UNKNOWN') AS ethnicity,
             CASE WHEN a.years <= 30 THEN '18-30' WHEN a.years <= 40 THEN '31-40' WHEN a.years <= 50 THEN '41-50'
                  WHEN a.years <= 60 THEN '51-60' WHEN a.years <= 70 THEN '61-70' ELSE '71+' END AS band,
             date_part('quarter', f.admitted_on)::text AS quarter,
             m.youth_union, (m.ethnicity IS NOT NULL AND m.ethnicity <> 'Kinh') AS minority, (m.religion IS NOT NULL) AS religion,
             count(*)::int AS n
        FROM admission_fact f JOIN member m ON m.id = f.member_id
        CROSS JOIN LATERAL (SELECT date_part('year', age(f.admitted_on, m.birth_date)) AS years) a
       WHERE f.path >= $1 AND f.path < $2 AND f.admitted_on >= $3 AND f.admitted_on < $4
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)
    SELECT CASE WHEN grouping(source) = 0 THEN 'source' WHEN grouping(gender) = 0 THEN 'gender' WHEN grouping(ethnicity) = 0 THEN 'ethnicity'
                WHEN grouping(band) = 0 THEN 'band' WHEN grouping(quarter) = 0 THEN 'quarter' WHEN grouping(youth_union) = 0 THEN 'youth_union'
                WHEN grouping(minority) = 0 THEN 'minority' ELSE 'religion' END AS dim,
           coalesce(source, gender, ethnicity, band, quarter, youth_union::text, minority::text, religion::text) AS key, sum(n)::int AS count
      FROM s
     GROUP BY GROUPING SETS ((source), (gender), (ethnicity), (band), (quarter), (youth_union), (minority), (religion))`;
  const ADM_DIMS = { bySource: 'source', byGender: 'gender', byEthnicity: 'ethnicity', byAgeBand: 'band', byQuarter: 'quarter' };
  await runCase({
    key: 'admissions-province',
    label: `d. admissions(year: ${ADMISSION_YEAR}), province`,
    gqlText: ADM_GQL,
    subjects: provinces,
    floorSql: ADM_SQL,
    floorParams: (s) => [s.path, pathEnd(s.path), `${ADMISSION_YEAR}-01-01`, `${ADMISSION_YEAR + 1}-01-01`],
    check: (data, rows) => {
      const a = data.organization.admissions;
      const fromGateway = Object.entries(ADM_DIMS).flatMap(([field, dim]) => a[field].map((x) => ({ dim, ...x })));
      const fromFloor = rows.filter((r) => Object.values(ADM_DIMS).includes(r.dim));
      const flag = (dim) => rows.find((r) => r.dim === dim && r.key === 'true')?.count ?? 0;
      if (canon(fromGateway) !== canon(fromFloor)) throw new Error(`admissions differ:\n gateway ${canon(fromGateway)}\n floor ${canon(fromFloor)}`);
      if (a.youthUnion !== flag('youth_union') || a.ethnicMinority !== flag('minority') || a.withReligion !== flag('religion'))
        throw new Error(`admissions: youth union / minorities / religion ${a.youthUnion}/${a.ethnicMinority}/${a.withReligion}, floor ${flag('youth_union')}/${flag('minority')}/${flag('religion')}`);
      return `${fmt(a.total)} admissions, ${fmt(a.women)} women, ${fmt(a.youthUnion)} from the Youth Union`;
    },
  });

  // e. one page of members under a commune, by name: the page with its total from one statement, then the
  // page's segments (party age).
  const PAGE_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { members(first: 50, includeDescendants: true) {
      totalCount edges { cursor node { id fullName gender birthDate status activity admittedOn officialOn partyAgeYears organization { id } } }
      pageInfo { hasNextPage endCursor } } } }`;
  const PAGE_SQL = `
    SELECT x.*, array(SELECT s.valid_from::text || '/' || s.valid_to::text FROM member_segment s WHERE s.member_id = x.id ORDER BY s.valid_from) AS spans
      FROM (SELECT m.id, m.full_name, m.gender, m.birth_date, p.status, p.activity, p.organization_id, m.admitted_on, m.official_on, m.sort_name,
                   count(*) OVER () AS total
              FROM placement p JOIN member m ON m.id = p.member_id
             WHERE p.role = 'HOME' AND p.path >= $1 AND p.path < $2 AND p.valid_from <= $3 AND p.valid_to > $3
             ORDER BY m.sort_name, m.id LIMIT 51) x`;
  await runCase({
    key: 'page-commune',
    label: 'e. members(first: 50, includeDescendants), commune',
    gqlText: PAGE_GQL,
    subjects: communes,
    floorSql: PAGE_SQL,
    floorParams: (s) => [s.path, pathEnd(s.path), AS_OF],
    check: (data, rows) => {
      const c = data.organization.members;
      const ids = c.edges.map((e) => e.node.id);
      if (JSON.stringify(ids) !== JSON.stringify(rows.slice(0, 50).map((r) => r.id)) || c.totalCount !== Number(rows[0]?.total ?? 0) || c.pageInfo.hasNextPage !== rows.length > 50)
        throw new Error(`members page differs from the SQL floor`);
      return `${c.edges.length} of ${fmt(c.totalCount)} members`;
    },
  });

  const exports = [];
  let copy = null;
  if (EVALUATION) {
    // ---------------------------------------------------------------- evaluation (issue 4)
    // 2024 targets for every province, commune and grassroots organisation (between 70 % and 140 % of what it
    // admitted, by a hash of its id), straight into the evaluation subgraph's table, as setAdmissionTargets stores them.
    say('Evaluation: 2024 admission targets for every province, commune and grassroots organisation …');
    {
      const t0 = performance.now();
      const n = await setAdmissionTargets(client, { year: ADMISSION_YEAR, asOf: `${ADMISSION_YEAR}-12-31`, decisionRef: 'BENCH-2024', recordedBy: 'bench' });
      say(`   ${fmt(n)} targets in ${secs(t0).toFixed(1)} s`);
    }

    // f. admissionPerformance(depth: 2) of a province: its grandchildren (grassroots organisations) ranked.
    const PERF_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { admissionPerformance(year: ${ADMISSION_YEAR}, depth: 2) {
        organization { id } target hasTarget admitted achievementRate rank } } }`;
    const PERF_SQL = `
      SELECT o.organization_id AS id, t.target, a.admitted
        FROM organization.tree_v1 o
        LEFT JOIN evaluation.admission_target t ON t.organization_id = o.organization_id AND t.year = $5 AND t.quarter = 0
       CROSS JOIN LATERAL (SELECT count(*)::int AS admitted FROM membership.admission_fact f
                            WHERE f.path >= o.path AND f.path < left(o.path, -1) || '/' AND f.admitted_on >= $3 AND f.admitted_on < $4) a
       WHERE o.path > $1 AND o.path < $2 AND o.depth = $6 AND o.valid_from < $4 AND o.valid_to > $3
       ORDER BY (t.target IS NOT NULL) DESC, a.admitted::numeric / nullif(t.target, 0) DESC NULLS LAST, a.admitted DESC, o.code`;
    const provinceDepth = Number((await sql(`SELECT depth FROM organization.tree_v1 WHERE organization_id = $1 AND valid_to = 'infinity'`, [provinces[0].id])).rows[0].depth);
    await runCase({
      key: 'performance-province',
      label: `f. admissionPerformance(year: ${ADMISSION_YEAR}, depth: 2), province`,
      gqlText: PERF_GQL,
      subjects: provinces,
      floorSql: PERF_SQL,
      floorParams: (s) => [s.path, pathEnd(s.path), `${ADMISSION_YEAR}-01-01`, `${ADMISSION_YEAR + 1}-01-01`, ADMISSION_YEAR, provinceDepth + 2],
      check: (data, rows) => {
        const list = data.organization.admissionPerformance;
        const key = (id, target, admitted) => `${id}:${target}:${admitted}`;
        const fromGateway = list.map((r) => key(r.organization.id, r.hasTarget ? r.target : null, r.admitted)).sort();
        const fromFloor = rows.map((r) => key(r.id, r.target, r.admitted)).sort();
        if (JSON.stringify(fromGateway) !== JSON.stringify(fromFloor)) throw new Error(`admissionPerformance differs from the floor (${list.length} vs ${rows.length} rows)`);
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1], list[i]];
          if (a.rank !== i || (a.hasTarget === b.hasTarget && a.achievementRate < b.achievementRate)) throw new Error(`admissionPerformance is not ranked at row ${i}`);
        }
        return `${fmt(list.length)} organisations ranked, best ${list[0]?.achievementRate}, admitted ${fmt(list.reduce((s, r) => s + r.admitted, 0))}`;
      },
      opts: { warmup: 3, budgetMs: 30_000 },
    });

    // g. the BI export: every row of evaluationFacts for the country, page by page through the gateway, beside
    // COPY of the same rows. Live figures first; then the year is finalised province by province (the frozen
    // rows are what liveFacts computed) and paged again; the floor is COPY of the frozen rows.
    const FACT_FIELDS = `year organizationId code name kind parentCode path depth target admitted admittedQ1 admittedQ2 admittedQ3 admittedQ4 achievementRate
        grade score membersAtStart membersAtEnd admittedWomen admittedEthnicMinority admittedYouthUnion admittedAge18to30
        removedStruckOff removedExpelled removedWithdrawn removedDeceased removedProbationNotRecognized finalized`;
    // As a BI tool pages: the total with the first page only.
    const FACTS_GQL = (withTotal) => `query($under: ID, $after: String) { evaluationFacts(year: ${ADMISSION_YEAR}, under: $under, first: 1000, after: $after) {
        ${withTotal ? 'totalCount' : ''} pageInfo { hasNextPage endCursor } edges { node { ${FACT_FIELDS} } } } }`;
    async function exportFacts(label) {
      say(`${label} …`);
      const t0 = performance.now();
      const seen = new Set();
      let after = null;
      let pages = 0;
      let total = 0;
      let bytes = 0;
      let finalized = 0;
      for (;;) {
        const res = await platform.query(FACTS_GQL(pages === 0), { under: country.id, after }, { token: await currentToken() });
        if (res.errors?.length || res.status !== 200) throw new Error(`evaluationFacts: ${res.status} ${JSON.stringify(res.errors)}`);
        const c = res.data.evaluationFacts;
        bytes += JSON.stringify(res.data).length;
        if (pages === 0) total = c.totalCount;
        pages++;
        for (const e of c.edges) {
          if (seen.has(e.node.organizationId)) throw new Error(`evaluationFacts: ${e.node.organizationId} twice`);
          seen.add(e.node.organizationId);
          if (e.node.finalized) finalized++;
        }
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      const s = secs(t0);
      if (seen.size !== total) throw new Error(`evaluationFacts: ${seen.size} rows paged, totalCount ${total}`);
      say(`   ${fmt(seen.size)} rows (${fmt(finalized)} finalised) in ${pages} pages, ${s.toFixed(1)} s: ${fmt(Math.round(seen.size / s))} rows/s, ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON`);
      exports.push({ label, rows: seen.size, seconds: s, rate: seen.size / s });
      lastExport = seen;
      return seen.size;
    }
    let lastExport = null;
    // The bulk path: the same rows as CSV text, pages of 10,000 (the most a page may hold), as a BI tool pages
    // (the total on the first page only). Checks every row once, each line's column count and finalized flag,
    // and the set of organisations equal to the JSON export's just before.
    const CSV_PAGE = 10_000;
    const CSV_GQL = (withTotal) => `query($under: ID, $after: String) { evaluationFactsCsv(year: ${ADMISSION_YEAR}, under: $under, first: ${CSV_PAGE}, after: $after) {
        ${withTotal ? 'totalCount' : ''} columns rowCount csv pageInfo { hasNextPage endCursor } } }`;
    async function exportCsv(label) {
      say(`${label} …`);
      const t0 = performance.now();
      const seen = new Set();
      let after = null;
      let pages = 0;
      let total = 0;
      let bytes = 0;
      let columns = 0;
      let finalised = 0;
      // Per page: the whole round trip and the evaluation subgraph's answer within it (the rest is the gateway,
      // HTTP and this client's checks).
      const pageMs = [];
      const subgraphMs = [];
      const membershipOrigin = subgraphCalls.origin;
      subgraphCalls.origin = new URL(platform.subgraphUrls.evaluation).origin;
      for (;;) {
        const p0 = performance.now();
        subgraphCalls.ms = 0;
        const res = await platform.query(CSV_GQL(pages === 0), { under: country.id, after }, { token: await currentToken() });
        subgraphMs.push(subgraphCalls.ms);
        if (res.errors?.length || res.status !== 200) throw new Error(`evaluationFactsCsv: ${res.status} ${JSON.stringify(res.errors)}`);
        const c = res.data.evaluationFactsCsv;
        bytes += Buffer.byteLength(c.csv);
        if (pages === 0) {
          total = c.totalCount;
          columns = c.columns.length;
        }
        // Names and paths hold no quotes, commas or line breaks in the bench tree: a line splits on commas.
        const lines = c.csv.split('\n');
        lines.pop();
        if (pages === 0 && lines.shift() !== c.columns.join(',')) throw new Error('evaluationFactsCsv: no header line on the first page');
        if (lines.length !== c.rowCount) throw new Error(`evaluationFactsCsv: ${lines.length} lines, rowCount ${c.rowCount}`);
        for (const line of lines) {
          const cells = line.split(',');
          // The last column is `finalized`: the country's root is not frozen when the provinces are finalised one by one.
          if (cells.length !== columns || !['true', 'false'].includes(cells[columns - 1])) throw new Error(`evaluationFactsCsv: bad line ${line}`);
          if (cells[columns - 1] === 'true') finalised++;
          if (seen.has(cells[1])) throw new Error(`evaluationFactsCsv: ${cells[1]} twice`);
          seen.add(cells[1]);
        }
        pages++;
        pageMs.push(performance.now() - p0);
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      const s = secs(t0);
      subgraphCalls.origin = membershipOrigin;
      const rest = pageMs.slice(1).sort((a, b) => a - b);
      const restSub = subgraphMs.slice(1).sort((a, b) => a - b);
      say(`   first page (with totalCount) ${ms(pageMs[0])} ms, evaluation subgraph ${ms(subgraphMs[0])} ms; the other ${rest.length} pages p50 ${ms(percentile(rest, 50))} ms (max ${ms(rest.at(-1) ?? 0)}), evaluation subgraph p50 ${ms(percentile(restSub, 50))} ms`);
      if (seen.size !== total) throw new Error(`evaluationFactsCsv: ${seen.size} rows paged, totalCount ${total}`);
      if (seen.size !== lastExport.size || [...seen].some((id) => !lastExport.has(id))) throw new Error('evaluationFactsCsv: not the rows of evaluationFacts');
      say(`   ${fmt(seen.size)} rows (${fmt(finalised)} finalised) in ${pages} pages, ${s.toFixed(1)} s: ${fmt(Math.round(seen.size / s))} rows/s, ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV`);
      exports.push({ label, rows: seen.size, seconds: s, rate: seen.size / s });
    }
    const liveRows = await exportFacts(`g. evaluationFacts(year: ${ADMISSION_YEAR}, under: the country), every page of 1,000, live figures`);
    await exportCsv(`g2. evaluationFactsCsv, the same rows as CSV, pages of ${fmt(CSV_PAGE)}, live figures`);
    say(`   finalising ${ADMISSION_YEAR} province by province (finalizeEvaluationYear) …`);
    const finalizeTimes = [];
    for (const p of provinces) {
      const t0 = performance.now();
      const res = await platform.query(
        `mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { finalization { organizations } } }`,
        { input: { year: ADMISSION_YEAR, under: p.id, decisionRef: 'BENCH-FINAL' } },
        { token: await currentToken() },
      );
      if (res.errors?.length) throw new Error(`finalizeEvaluationYear: ${JSON.stringify(res.errors)}`);
      finalizeTimes.push(performance.now() - t0);
    }
    finalizeTimes.sort((a, b) => a - b);
    say(`   ${provinces.length} provinces finalised: p50 ${ms(percentile(finalizeTimes, 50))} ms, max ${ms(finalizeTimes.at(-1))} ms each`);
    const frozenRows = await exportFacts(`h. the same, after finalising (frozen figures)`);
    await exportCsv(`h2. evaluationFactsCsv after finalising (frozen figures)`);
    if (frozenRows !== liveRows) throw new Error(`the export had ${liveRows} rows live and ${frozenRows} frozen`);
    const copyFloor = async () => {
      const t0 = performance.now();
      let bytes = 0;
      let lines = 0;
      const stream = client.query(copyTo(`COPY (SELECT * FROM evaluation.evaluation_fact_snapshot WHERE year = ${ADMISSION_YEAR} ORDER BY organization_id) TO STDOUT`));
      for await (const chunk of stream) {
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
      }
      return { lines, bytes, seconds: secs(t0) };
    };
    await copyFloor();
    const copies = [];
    for (let i = 0; i < 5; i++) copies.push(await copyFloor());
    copies.sort((a, b) => a.seconds - b.seconds);
    copy = copies[2];
    say(`   COPY of the frozen rows (median of 5): ${fmt(copy.lines)} rows, ${(copy.bytes / 2 ** 20).toFixed(0)} MiB in ${copy.seconds.toFixed(2)} s: ${fmt(Math.round(copy.lines / copy.seconds))} rows/s`);
    for (const e of exports) results.push({ metric: `${e.label.replace(/ …$/, '')}: ${fmt(Math.round(e.rate))} rows/s = ${((100 * e.rate * copy.seconds) / copy.lines).toFixed(1)} % of COPY`, n: 1, p50: e.seconds * 1000, p95: e.seconds * 1000, floor: copy.seconds * 1000 });


  }
  // ---------------------------------------------------------------- report
  const cpus = os.cpus();
  say('');
  say(`Machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  const server = (await sql(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`)).rows[0];
  say(`PostgreSQL ${server.v} (shared_buffers ${server.sb}), ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded'}; gateway, subgraphs and client in one Node process`);
  say(`Tree: ${fmt(tree.organizations)} organisations (${Object.entries(tree.by_kind).map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}), members in ${fmt(generated.cells)} cells`);
  say(
    `Register: ${fmt(generated.members)} members, ${fmt(generated.events)} events, ${fmt(generated.segments)} segments; ` +
      `women ${pctOf(shape.women)}, other ethnic groups ${pctOf(shape.minority)}, with a religion ${pctOf(shape.religion)}, terminated ${pctOf(shape.terminated)}, ` +
      `probationary ${pctOf(shape.probationary)}, admitted in the last year ${pctOf(shape.last_year)}, transferred ${pctOf(evshape.transferred / shape.members)}, exempted ${pctOf(evshape.exempted / shape.members)}; ` +
      `born ${shape.born_min}..${shape.born_max}, admitted ${shape.adm_min}..${shape.adm_max}`,
  );
  say(`Tables: ${sizes.map((s) => `${s.t} ${fmt(s.rows)} rows ${s.size}`).join(', ')}`);
  say(`Load ${loadSeconds.toFixed(1)} s: ${phases.map(([n, t]) => `${n} ${t.toFixed(1)} s`).join('; ')}`);
  say(`As of ${AS_OF}; p50/p95 in ms`);
  say('');
  const row = (cells) => `| ${cells.join(' | ')} |`;
  say(row(['query', 'p50', 'p95', 'SQL floor p50', 'ratio', 'n']));
  say(row(['---', '---:', '---:', '---:', '---:', '---:']));
  for (const r of results) {
    say(row([r.metric.replace(/^ +/, '↳ '), ms(r.p50), ms(r.p95), r.floor == null ? '' : ms(r.floor), r.floor == null ? '' : `${(r.p50 / r.floor).toFixed(1)}×`, String(r.n)]));
  }
  say('');
  const byKey = Object.fromEntries(results.filter((r) => r.key).map((r) => [r.key, r]));
  for (const key of ['count-province', 'count-country']) {
    const r = byKey[key];
    say(`Goal: ${r.metric} p50 ≤ 10 ms: ${ms(r.p50)} ms → ${r.p50 <= 10 ? 'PASS' : 'MISS'}`);
  }
  {
    const r = byKey['stats-province'];
    say(`Goal: ${r.metric} p50 ≤ 50 ms: ${ms(r.p50)} ms → ${r.p50 <= 50 ? 'PASS' : 'MISS'}`);
  }
  for (const e of exports) {
    const share = (e.rate * copy.seconds) / copy.lines;
    say(`Goal: ${e.label.replace(/ …$/, '')} at ≥ 25 % of COPY's rate: ${(100 * share).toFixed(1)} % → ${share >= 0.25 ? 'PASS' : 'MISS'}`);
  }
  if (explained.length) {
    say('');
    say('EXPLAIN (ANALYZE, BUFFERS)');
    for (const e of explained) say(`\n${e}`);
  }
  say('');
  say(`Total ${elapsed()}`);
}

await runBench(main);
