// Times the member import (issue 6: "100,000 rows import in under a minute on this machine"): a fresh database
// with the Ninh Thuận demo tree (the organization subgraph's own seeding), a register file of BENCH_ROWS members
// of its cells (scripts/bench/member-file.mjs), then the import the command runs (importMembers of the membership
// subgraph, in-process, as an administrator), the same file again (nothing may change), and checks that the
// read models equal the raw events. With scripts/import.mjs present it also times the command itself on a
// second fresh database.
//
//   flock /tmp/bench.lock node scripts/bench-import-members.mjs          (packages built first: npx turbo run build)
//
// Environment: BENCH_ROWS (default 100,000), BENCH_DATABASE_URL (administrative URL; default an embedded
// PostgreSQL in .data/bench-import-pg), BENCH_FILE_FORMAT (csv; xlsx not generated), BENCH_TODAY (default today),
// BENCH_VERBOSE (print each progress report).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchAdminUrl, cleanups } from './bench/measure.mjs';
import { cellsOf, writeMemberFile } from './bench/member-file.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const TODAY = process.env.BENCH_TODAY ?? new Date().toISOString().slice(0, 10);
const say = (...a) => console.log(...a);
const secs = (t0) => ((performance.now() - t0) / 1000).toFixed(1);
const fmt = (n) => Number(n).toLocaleString('en');

for (const dist of ['apps/organization/dist/index.js', 'apps/membership/dist/index.js', 'packages/tabular/dist/index.js']) {
  if (!existsSync(path.join(root, dist))) {
    console.error(`${dist} missing: run \`npx turbo run build\` first.`);
    process.exit(1);
  }
}
const pg = require('pg');
const kit = require('@party/subgraph-kit');
const org = require('@party/organization');
const membership = require('@party/membership');

async function freshDatabase(adminUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  await c.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  cleanups.push([`database ${name}`, async () => {
    const d = new pg.Client({ connectionString: adminUrl });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  }]);
  return url.toString();
}

/** The organization and membership migrations and the demo tree, in a fresh database. */
async function prepare(adminUrl, env) {
  const url = await freshDatabase(adminUrl, 'bench_import');
  const common = { ...env, DATABASE_URL: url, LOG_LEVEL: 'silent' };
  const orgDb = await org.openOrganizationDatabase(org.loadOrganizationConfig(common));
  const ids = await org.seedDemoTree(orgDb);
  await orgDb.destroy();
  const memberDb = await membership.openMembershipDatabase(membership.loadMembershipConfig(common));
  return { url, memberDb, organizations: Object.keys(ids).length };
}

/** What the import wrote: counted as system work (row-level security scope '*', docs/decisions/0020). */
async function facts(db) {
  const [c] = await membership.asSystem(db, (m) => m.query(
    `SELECT (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.member_event) AS events,
            (SELECT count(*)::int FROM membership.member_segment) AS segments, (SELECT count(*)::int FROM membership.placement) AS placements,
            (SELECT count(*)::int FROM membership.admission_fact) AS admission_facts,
            (SELECT count(*)::int FROM membership.member_segment WHERE valid_from <= $1 AND valid_to > $1) AS members_today,
            (SELECT coalesce(sum(d.probationary + d.official), 0)::int FROM membership.count_delta d
               JOIN organization.tree_v1 v ON v.organization_id = d.organization_id AND v.depth = 0 AND v.code = 'TRUNG_UONG' AND v.valid_from <= $1 AND v.valid_to > $1
              WHERE d.day <= $1) AS counted_today`,
    [TODAY],
  ));
  return c;
}

async function main() {
  const adminUrl = await benchAdminUrl({ root, dirName: 'bench-import-pg', say });
  const keys = await kit.generateInternalKeyPair();
  const env = { GATEWAY_PUBLIC_JWK: keys.publicJwk, NODE_ENV: 'production' };

  say(`Fresh database with the demo tree …`);
  let t0 = performance.now();
  const a = await prepare(adminUrl, env);
  cleanups.push(['membership connection', () => a.memberDb.destroy()]);
  say(`   ${a.organizations} organisations in ${secs(t0)} s`);

  const file = path.join(os.tmpdir(), `members-${ROWS}.csv`);
  cleanups.push(['file', async () => existsSync(file) && unlinkSync(file)]);
  t0 = performance.now();
  const client = new pg.Client({ connectionString: a.url });
  await client.connect();
  const cells = await cellsOf(client, TODAY);
  await client.end();
  const stats = await writeMemberFile(file, { cells, rows: ROWS, today: TODAY });
  say(`File ${file}: ${fmt(ROWS)} rows (${fmt(stats.official)} official, ${fmt(stats.probationary)} probationary, ${fmt(stats.terminated)} ended), ${(statSync(file).size / 1e6).toFixed(1)} MB, ${cells.length} cell versions; written in ${secs(t0)} s`);

  const admin = { caller: { userId: 'bench-import', roles: ['SYSTEM_ADMIN'], scope: [] }, requestId: 'bench-import' };
  const content = readFileSync(file);
  // Each phase reported with the time it ended (the last report of each).
  const phases = new Map();
  // BENCH_VERBOSE=1 prints every progress report (e.g. each batch placed) with the seconds since the import began.
  const onProgress = (phase, done, total) => {
    phases.set(phase, performance.now());
    if (process.env.BENCH_VERBOSE) say(`   ${secs(t0)} s ${phase} ${fmt(done)}/${fmt(total)}`);
  };
  say(`Importing (importMembers, in-process, as the command does) …`);
  t0 = performance.now();
  const first = await membership.importMembers(a.memberDb, admin, content, { fileName: path.basename(file), maxRows: membership.MEMBER_IMPORT_COMMAND_MAX_ROWS, onProgress });
  const firstSecs = secs(t0);
  const marks = [['start', t0], ...phases.entries(), ['end', performance.now()]];
  say(`   ${firstSecs} s: created ${fmt(first.created)}, unchanged ${fmt(first.unchanged)}, problems ${first.problems.length}, imported ${first.imported}`);
  say(`   phases (each until its end): ${marks.slice(1).map(([p, t], i) => `${p} ${((t - marks[i][1]) / 1000).toFixed(1)} s`).join(', ')}`);
  if (first.problems.length) say(first.problems.slice(0, 10).map((p) => `   line ${p.line}, ${p.column}: ${p.reason}`).join('\n'));
  if (first.created !== ROWS) throw new Error(`expected ${ROWS} created`);

  const after = await facts(a.memberDb);
  say(`   ${fmt(after.members)} members, ${fmt(after.events)} events, ${fmt(after.segments)} segments, ${fmt(after.placements)} placements, ${fmt(after.admission_facts)} admission facts`);
  say(`   members on ${TODAY}: ${fmt(after.members_today)} segments valid, ${fmt(after.counted_today)} by the root's running count`);
  if (after.members_today !== after.counted_today || after.admission_facts !== ROWS) throw new Error('read models and raw events disagree');
  say('   read models equal the raw events ✓');

  say(`The same file again …`);
  t0 = performance.now();
  const second = await membership.importMembers(a.memberDb, admin, content, { fileName: path.basename(file), maxRows: membership.MEMBER_IMPORT_COMMAND_MAX_ROWS });
  say(`   ${secs(t0)} s: created ${fmt(second.created)}, unchanged ${fmt(second.unchanged)}, problems ${second.problems.length}`);
  const again = await facts(a.memberDb);
  if (second.unchanged !== ROWS || JSON.stringify(again) !== JSON.stringify(after)) throw new Error('the second import changed something');
  say('   nothing changed ✓');

  const command = path.join(root, 'scripts', 'import.mjs');
  if (existsSync(command)) {
    say(`The command (node scripts/import.mjs members …) on another fresh database …`);
    const b = await prepare(adminUrl, env);
    await b.memberDb.destroy();
    t0 = performance.now();
    const run = spawnSync(process.execPath, [command, 'members', file], { env: { ...process.env, ...env, DATABASE_URL: b.url }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    say(`   exit ${run.status} after ${secs(t0)} s (process start, migrations check and import)`);
    say(run.stdout.trim().split('\n').slice(-6).map((l) => `   | ${l}`).join('\n'));
    if (run.status !== 0) say(run.stderr);
  }
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  for (const [name, fn] of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup ${name}: ${e.message}`));
}
