// Performance benchmark of the organisation tree: boots the organization
// subgraph and the gateway in-process on a fresh database, bulk-loads a
// national-shaped tree (~300,000 organisations, packages/generator's loadTree) and
// times the tree reads through the gateway against the best hand-written SQL.
//
//   npm run bench                      (builds first)
//   node scripts/bench.mjs             (packages already built)
//
// Environment:
//   BENCH_DATABASE_URL   administrative URL of a PostgreSQL to use (default: an embedded one in .data/bench-pg)
//   BENCH_ITERATIONS     iterations of the fast measurements (default 200)
//   BENCH_EXPLAIN=1      also print EXPLAIN (ANALYZE, BUFFERS) of every SQL statement the subgraph sends per query, and of the floors
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchAdminUrl, cleanups, createRecorder, ITERATIONS, measure, ms, percentile, printTable, runBench, timeSubgraphCalls, gatewayClient } from './bench/measure.mjs';

// Measured as deployed: graphql-js skips its development-only checks under NODE_ENV=production
// (read when graphql is first required, below).
process.env.NODE_ENV = 'production';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
// The tree loader of the national generator (packages/generator): built before this runs (`npm run bench`).
const { loadTree } = require('@party/generator');

const AS_OF = '2024-06-01';
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const started = performance.now();
const say = (...a) => console.log(...a);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

for (const [pkg, dist] of [
  ['@party/testing', 'packages/testing/dist/index.js'],
  ['@party/organization', 'apps/organization/dist/index.js'],
  ['@party/subgraph-kit', 'packages/subgraph-kit/dist/index.js'],
  ['@party/gateway', 'apps/gateway/dist/index.js'],
]) {
  if (!existsSync(path.join(root, dist))) {
    console.error(`${pkg} is not built (${dist} missing): run \`npx turbo run build\` or \`npm run bench\`.`);
    process.exit(1);
  }
}

const pg = require('pg');
const { startPlatform } = require('@party/testing');
const { startOrganizationSubgraph, loadOrganizationConfig } = require('@party/organization');
const { createLogger } = require('@party/subgraph-kit');

const recorder = createRecorder();
const subgraphCalls = timeSubgraphCalls();

// ---------------------------------------------------------------- the platform and data
async function main() {
  const adminUrl = await benchAdminUrl({ root, say });
  process.env.TEST_ADMIN_URL = adminUrl;

  say('Starting the platform (organization subgraph + gateway, fresh database, migrations) …');
  // Case c2 (every node of three levels, 100 a page) is costlier than any client query and than the gateway's
  // default cost limit allows (docs/decisions/0008-gateway-limits.md): the benchmark lifts the limit.
  const platform = await startPlatform(
    {
      organization: (env) =>
        startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', 'silent'), ormLogger: recorder }),
    },
    { gatewayEnv: { QUERY_MAX_COST: '1000000000' } },
  );
  cleanups.push(['platform and database', () => platform.stop()]);
  subgraphCalls.origin = new URL(platform.subgraphUrls.organization).origin;

  const client = new pg.Client({ connectionString: platform.db.url, options: '-c search_path=organization,public' });
  await client.connect();
  cleanups.push(['pg client', () => client.end()]);

  say(`Loading the tree into ${platform.db.name} …`);
  const t0 = performance.now();
  const tree = await loadTree(client, { log: say });
  const loadSeconds = (performance.now() - t0) / 1000;
  await client.query(`SET search_path = organization, public`);
  await client.query(`RESET work_mem`);

  // Subjects: every province, 200 cells spread over the tree (current on AS_OF).
  const provinces = (
    await client.query(
      `SELECT organization_id AS id, path FROM organization_version WHERE kind = 'PROVINCIAL' AND valid_from <= $1 AND valid_to > $1 ORDER BY path`,
      [AS_OF],
    )
  ).rows;
  const cells = (
    await client.query(
      `SELECT organization_id AS id FROM organization_version
        WHERE kind = 'CELL' AND valid_from <= $1 AND valid_to > $1 AND (hashtext(organization_id::text) & 1023) = 7
        ORDER BY organization_id LIMIT 200`,
      [AS_OF],
    )
  ).rows.map((r) => r.id);
  const pathEnd = (p) => p.slice(0, -1) + '/';

  const { gql, probe, explain, explained, replay } = gatewayClient({ platform, client, recorder, subgraphCalls, explain: EXPLAIN });
  const sql = (text, params) => client.query(text, params);
  const results = [];
  /** Measures a gateway query and, from the same requests, the time the subgraph took to answer the gateway. */
  async function measureGateway(fn, opts) {
    subgraphCalls.perRequest = [];
    const g = await measure(fn, opts);
    const sub = subgraphCalls.perRequest.slice(-g.n).sort((a, b) => a - b);
    return { g, sub: { n: g.n, p50: percentile(sub, 50), p95: percentile(sub, 95) } };
  }

  // ---------------------------------------------------------------- gateway baseline
  say('Gateway baseline …');
  const BASE_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { id } }`;
  {
    const { g: base, sub } = await measureGateway((i) => gql(BASE_GQL, { id: provinces[i % provinces.length].id, asOf: AS_OF }));
    results.push({ metric: 'gateway baseline: organization(id) { id }', ...base });
    results.push({ metric: '   of which the subgraph answering', ...sub });
  }

  // ---------------------------------------------------------------- a. subtree count
  say('a. subtree count under a province …');
  const COUNT_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { descendants { totalCount } } }`;
  const COUNT_SQL = `SELECT count(*) FROM organization_version WHERE path >= $1 AND path < $2 AND valid_from <= $3 AND valid_to > $3`;
  {
    const p = provinces[0];
    const { data, statements } = await probe(COUNT_GQL, { id: p.id, asOf: AS_OF });
    const floor = Number((await sql(COUNT_SQL, [p.path, pathEnd(p.path), AS_OF])).rows[0].count);
    const gw = data.organization.descendants.totalCount;
    if (gw !== floor - 1) throw new Error(`subtree count mismatch: gateway ${gw} (without the root), SQL ${floor} (with it)`);
    say(`   province ${p.path}: ${gw} descendants; subgraph statements per request: ${statements.length}`);
    for (const [i, s] of statements.entries()) await explain(`a. subgraph statement ${i + 1}/${statements.length}`, s.query, s.parameters);
    await explain('a. SQL floor', COUNT_SQL, [p.path, pathEnd(p.path), AS_OF]);
    const { g, sub } = await measureGateway((i) => gql(COUNT_GQL, { id: provinces[i % provinces.length].id, asOf: AS_OF }));
    const f = await measure((i) => {
      const q = provinces[i % provinces.length];
      return sql(COUNT_SQL, [q.path, pathEnd(q.path), AS_OF]);
    });
    const r = await measure(replay(statements));
    results.push({ metric: 'a. subtree count, gateway', ...g, floor: f.p50 });
    results.push({ metric: '   of which the subgraph answering', ...sub, floor: f.p50 });
    results.push({ metric: `   subgraph SQL replayed (${statements.length} statements)`, ...r, floor: f.p50 });
    results.push({ metric: '   SQL floor', ...f });
  }

  // ---------------------------------------------------------------- b. ancestors
  say('b. ancestors of a cell …');
  const ANC_GQL = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { ancestors { id name } } }`;
  // Every proper prefix of the cell's path is an ancestor's path (a path names its organisation on a day).
  const ANC_SQL = `
    SELECT a.organization_id AS id, a.name
      FROM organization_version c
      CROSS JOIN LATERAL generate_series(1, length(c.path) - 1) i
      JOIN organization_version a ON a.path = left(c.path, i) AND a.valid_from <= $2 AND a.valid_to > $2
     WHERE c.organization_id = $1 AND c.valid_from <= $2 AND c.valid_to > $2 AND substr(c.path, i, 1) = '.'
     ORDER BY a.depth`;
  {
    const { data, statements } = await probe(ANC_GQL, { id: cells[0], asOf: AS_OF });
    const floor = (await sql(ANC_SQL, [cells[0], AS_OF])).rows;
    if (JSON.stringify(data.organization.ancestors) !== JSON.stringify(floor))
      throw new Error(`ancestors mismatch: ${JSON.stringify(data.organization.ancestors)} vs ${JSON.stringify(floor)}`);
    say(`   ${floor.length} ancestors; subgraph statements per request: ${statements.length}`);
    for (const [i, s] of statements.entries()) await explain(`b. subgraph statement ${i + 1}/${statements.length}`, s.query, s.parameters);
    await explain('b. SQL floor', ANC_SQL, [cells[0], AS_OF]);
    const { g, sub } = await measureGateway((i) => gql(ANC_GQL, { id: cells[i % cells.length], asOf: AS_OF }));
    const f = await measure((i) => sql(ANC_SQL, [cells[i % cells.length], AS_OF]));
    const r = await measure(replay(statements));
    results.push({ metric: 'b. ancestors of a cell, gateway', ...g, floor: f.p50 });
    results.push({ metric: '   of which the subgraph answering', ...sub, floor: f.p50 });
    results.push({ metric: `   subgraph SQL replayed (${statements.length} statements)`, ...r, floor: f.p50 });
    results.push({ metric: '   SQL floor', ...f });
  }

  // ---------------------------------------------------------------- c. three-level nested children
  // Two shapes: the tree explorer's (three levels of `children` with the default page of 50, the third
  // level only counted: the query of the statement-count test) and a bulk one (pages of 100, every node).
  /** The nested query, the same answer in one SQL statement, and the gateway's answer rebuilt from its rows. */
  function nestedCase(limit, leafEdges) {
    const first = limit === 50 ? '' : `(first: ${limit})`;
    const leaf = leafEdges ? `children${first} { totalCount edges { node { name } } }` : 'children { totalCount }';
    const gqlText = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children${first} { edges { node { name children${first} { edges { node { name ${leaf} } } } } } } } }`;
    // Each level pages its parents' children by name, as the children loader does. `= ANY (ARRAY(subquery))`
    // keeps each level on the children index: a plain join of the CTEs is planned as a hash join over a
    // sequential scan of organization_version (~70 ms instead of ~20).
    const sqlText = `
      WITH p1 AS (
        SELECT * FROM (
          SELECT v.organization_id AS id, v.parent_id, v.name,
                 row_number() OVER (ORDER BY v.sort_name, v.organization_id) AS rn
            FROM organization_version v
           WHERE v.parent_id = $1 AND v.valid_from <= $2 AND v.valid_to > $2) l
         WHERE rn <= ${limit}
      ), p2 AS (
        SELECT * FROM (
          SELECT v.organization_id AS id, v.parent_id, v.name,
                 row_number() OVER (PARTITION BY v.parent_id ORDER BY v.sort_name, v.organization_id) AS rn
            FROM organization_version v
           WHERE v.parent_id = ANY (ARRAY(SELECT id FROM p1)) AND v.valid_from <= $2 AND v.valid_to > $2) l
         WHERE rn <= ${limit}
      ), l3 AS (
        ${
          leafEdges
            ? `SELECT v.organization_id AS id, v.parent_id, v.name,
                 row_number() OVER (PARTITION BY v.parent_id ORDER BY v.sort_name, v.organization_id) AS rn,
                 count(*) OVER (PARTITION BY v.parent_id) AS total
                 FROM organization_version v
                WHERE v.parent_id = ANY (ARRAY(SELECT id FROM p2)) AND v.valid_from <= $2 AND v.valid_to > $2`
            : `SELECT NULL::uuid AS id, v.parent_id, NULL::text AS name, 1::bigint AS rn, count(*) AS total
                 FROM organization_version v
                WHERE v.parent_id = ANY (ARRAY(SELECT id FROM p2)) AND v.valid_from <= $2 AND v.valid_to > $2
                GROUP BY v.parent_id`
        }
      )
      SELECT 1 AS lvl, parent_id, id, name, rn, NULL::bigint AS total FROM p1
      UNION ALL SELECT 2, parent_id, id, name, rn, NULL FROM p2
      UNION ALL SELECT 3, parent_id, id, name, rn, total FROM l3 WHERE rn <= ${limit}`;
    function assemble(rows, rootId) {
      const kids = new Map();
      const totals = new Map();
      for (const r of rows) {
        if (r.lvl === 3) totals.set(r.parent_id, Number(r.total));
        if (r.lvl === 3 && !leafEdges) continue;
        if (!kids.has(r.parent_id)) kids.set(r.parent_id, []);
        kids.get(r.parent_id).push(r);
      }
      const sorted = (id) => (kids.get(id) ?? []).sort((a, b) => Number(a.rn) - Number(b.rn));
      const leafOf = (id) =>
        leafEdges ? { totalCount: totals.get(id) ?? 0, edges: sorted(id).map((c) => ({ node: { name: c.name } })) } : { totalCount: totals.get(id) ?? 0 };
      return {
        organization: {
          children: {
            edges: sorted(rootId).map((a) => ({
              node: { name: a.name, children: { edges: sorted(a.id).map((b) => ({ node: { name: b.name, children: leafOf(b.id) } })) } },
            })),
          },
        },
      };
    }
    return { gqlText, sqlText, assemble };
  }
  for (const [label, limit, leafEdges] of [
    ['c. nested children x3 (explorer), gateway', 50, false],
    ['c2. nested children x3 (bulk), gateway', 100, true],
  ]) {
    say(`${label.replace(', gateway', '')} of a province …`);
    const { gqlText, sqlText, assemble } = nestedCase(limit, leafEdges);
    const p = provinces[0];
    const { data, statements } = await probe(gqlText, { id: p.id, asOf: AS_OF });
    const rows = (await sql(sqlText, [p.id, AS_OF])).rows;
    if (JSON.stringify(assemble(rows, p.id)) !== JSON.stringify(data)) throw new Error(`${label}: the SQL floor and the gateway disagree`);
    const l1 = data.organization.children.edges;
    const l2 = l1.flatMap((e) => e.node.children.edges);
    const l3 = leafEdges ? l2.flatMap((e) => e.node.children.edges).length : `${l2.reduce((n, e) => n + e.node.children.totalCount, 0)} counted`;
    say(`   ${l1.length} + ${l2.length} + ${l3} organisations; subgraph statements per request: ${statements.length}; response ${(JSON.stringify(data).length / 1024).toFixed(0)} KiB`);
    for (const [i, st] of statements.entries()) await explain(`${label} subgraph statement ${i + 1}/${statements.length}`, st.query, st.parameters);
    await explain(`${label} SQL floor`, sqlText, [p.id, AS_OF]);
    const { g, sub } = await measureGateway((i) => gql(gqlText, { id: provinces[i % provinces.length].id, asOf: AS_OF }), { warmup: 5, iterations: Math.min(leafEdges ? 50 : 100, ITERATIONS), budgetMs: 30_000 });
    const f = await measure((i) => sql(sqlText, [provinces[i % provinces.length].id, AS_OF]), { warmup: 5, iterations: Math.min(100, ITERATIONS), budgetMs: 20_000 });
    const r = await measure(replay(statements), { warmup: 5, iterations: Math.min(100, ITERATIONS), budgetMs: 20_000 });
    results.push({ metric: label, ...g, floor: f.p50 });
    results.push({ metric: '   of which the subgraph answering', ...sub, floor: f.p50 });
    results.push({ metric: `   subgraph SQL replayed (${statements.length} statements)`, ...r, floor: f.p50 });
    results.push({ metric: '   SQL floor', ...f });
  }

  // ---------------------------------------------------------------- d. raw subtree count
  say('d. raw subtree count SQL …');
  // The statement the subgraph sends for descendants { totalCount } (organization.service.ts), straight to PostgreSQL.
  const SERVICE_COUNT_SQL = `SELECT count(*)::int AS n FROM organization_version v WHERE v.valid_from <= $1 AND v.valid_to > $1 AND v.path > $2 AND v.path < $3`;
  {
    const d = await measure((i) => {
      const q = provinces[i % provinces.length];
      return sql(SERVICE_COUNT_SQL, [AS_OF, q.path, pathEnd(q.path)]);
    });
    results.push({ metric: 'd. raw subtree count SQL (service statement)', ...d });
    await explain('d. raw subtree count (service statement)', SERVICE_COUNT_SQL, [AS_OF, provinces[0].path, pathEnd(provinces[0].path)]);
    // For information: the same count through the published read model function.
    const e = await measure((i) => sql(`SELECT count(*) FROM subtree_v1($1, $2)`, [provinces[i % provinces.length].id, AS_OF]));
    results.push({ metric: '   (subtree_v1 read-model count)', ...e });
    await explain('subtree_v1 count', `SELECT count(*) FROM subtree_v1($1, $2)`, [provinces[0].id, AS_OF]);
  }

  // ---------------------------------------------------------------- report
  const cpus = os.cpus();
  say('');
  say(`Machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  const server = (await sql(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`)).rows[0];
  say(`PostgreSQL ${server.v} (shared_buffers ${server.sb}), ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded'}; gateway, subgraph and client in one Node process`);
  say(
    `Tree: ${tree.organizations.toLocaleString('en')} organisations, ${tree.versions.toLocaleString('en')} versions (${tree.closed_versions.toLocaleString('en')} closed), organization_version ${tree.version_size}; ` +
      Object.entries(tree.by_kind).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', '),
  );
  say(`Loaded in ${loadSeconds.toFixed(1)} s; as of ${AS_OF}; p50/p95 in ms`);
  say('');
  const header = ['metric', 'n', 'p50', 'p95', 'SQL-floor p50', 'ratio'];
  const table = results.map((r) => [
    r.metric,
    String(r.n),
    ms(r.p50),
    ms(r.p95),
    r.floor == null ? '' : ms(r.floor),
    r.floor == null ? '' : `${(r.p50 / r.floor).toFixed(1)}×`,
  ]);
  printTable(say, header, table);
  say('');

  const byMetric = Object.fromEntries(results.map((r) => [r.metric, r]));
  const raw = byMetric['d. raw subtree count SQL (service statement)'];
  say(`Goal: subtree count SQL p50 ≤ 5 ms: ${ms(raw.p50)} ms → ${raw.p50 <= 5 ? 'PASS' : 'MISS'}`);
  for (const key of ['c. nested children x3 (explorer), gateway', 'c2. nested children x3 (bulk), gateway']) {
    const nested = byMetric[key];
    const nestedLimit = 3 * nested.floor + 5;
    say(`Goal: ${key.replace(', gateway', '')} through the gateway p50 ≤ 3 × SQL floor + 5 ms = ${ms(nestedLimit)} ms: ${ms(nested.p50)} ms → ${nested.p50 <= nestedLimit ? 'PASS' : 'MISS'}`);
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
