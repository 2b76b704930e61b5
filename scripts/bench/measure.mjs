// What the benchmarks (scripts/bench.mjs, scripts/bench-membership.mjs) share:
// timing, the gateway client, the subgraph-call timer, the statement recorder, the database they
// run on, cleanup on exit and the printed table.
import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Iterations of the fast measurements (BENCH_ITERATIONS, default 200). */
export const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

// ---------------------------------------------------------------- statistics
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * Runs `fn(i)` `warmup` times, then `iterations` times (fewer when one run is
 * slow: the measured part stays within about `budgetMs`). Returns ms statistics.
 */
export async function measure(fn, { warmup = 10, iterations = ITERATIONS, budgetMs = 20_000 } = {}) {
  const w0 = performance.now();
  for (let i = 0; i < warmup; i++) await fn(i);
  const perRun = (performance.now() - w0) / Math.max(1, warmup);
  const n = Math.max(10, Math.min(iterations, Math.floor(budgetMs / Math.max(perRun, 0.01))));
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(warmup + i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n, p50: percentile(times, 50), p95: percentile(times, 95), min: times[0], max: times[times.length - 1] };
}

// ---------------------------------------------------------------- asking the gateway
/**
 * The benchmarks' client of the gateway, as an administrator: `gql` (refreshing the 10-minute test token
 * every 5 minutes, recording how long the timed subgraph took), `probe` (one request with the subgraph's
 * statements recorded), `explain` (EXPLAIN ANALYZE of a statement when `explain` is on, kept in `explained`)
 * and `replay` (the recorded statements again, one after the other: the subgraph's SQL share).
 */
export function gatewayClient({ platform, client, recorder, subgraphCalls, explain: explaining }) {
  let token = null;
  let tokenAt = 0;
  async function currentToken() {
    if (Date.now() - tokenAt > 300_000) {
      token = await platform.token({ userId: 'bench-admin', roles: ['SYSTEM_ADMIN'], scope: [] });
      tokenAt = Date.now();
    }
    return token;
  }
  async function gql(query, variables) {
    const token = await currentToken();
    subgraphCalls.ms = 0;
    const res = await platform.query(query, variables, { token });
    subgraphCalls.perRequest.push(subgraphCalls.ms);
    if (res.errors?.length || res.status !== 200) throw new Error(`gateway: ${res.status} ${JSON.stringify(res.errors)}`);
    return res.data;
  }
  async function probe(query, variables) {
    recorder.statements = [];
    recorder.on = true;
    try {
      const data = await gql(query, variables);
      return { data, statements: recorder.statements };
    } finally {
      recorder.on = false;
    }
  }
  const explained = [];
  async function explain(label, text, params) {
    if (!explaining) return;
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    const short = (t) => t.replace(/'\{[^}]{200,}\}'/g, (m) => `'{… ${m.split(',').length} elements}'`);
    const shownParams = JSON.stringify(params.map((v) => (Array.isArray(v) && v.length > 3 ? `[${v.length} elements: ${v.slice(0, 2).join(', ')}, …]` : v)));
    explained.push(`--- ${label}\n${text.replace(/\s+/g, ' ').trim()}\n-- params: ${shownParams}\n${short(rows.map((r) => r['QUERY PLAN']).join('\n'))}`);
  }
  const replay = (statements) => async () => {
    for (const st of statements) await client.query(st.query, st.parameters);
  };
  return { currentToken, gql, probe, explain, explained, replay };
}

// ---------------------------------------------------------------- what the subgraph does
/** A TypeORM logger that records the subgraph's statements only while `on` (to count and explain them). */
export function createRecorder() {
  return {
    on: false,
    statements: [],
    logQuery(query, parameters) {
      if (this.on) this.statements.push({ query, parameters: parameters ?? [] });
    },
    logQueryError() {},
    logQuerySlow() {},
    logSchemaBuild() {},
    logMigration() {},
    log() {},
  };
}

/**
 * Times the gateway's calls to one subgraph (set `origin`; from the HTTP request's start until the
 * response headers: the subgraph answers once it has executed and serialised the whole result), seen
 * through Node's HTTP client diagnostics channels, whatever fetch the gateway uses.
 */
export function timeSubgraphCalls() {
  const subgraphCalls = { origin: null, ms: 0, perRequest: [] };
  const started = new WeakMap();
  diagnosticsChannel.subscribe('http.client.request.start', ({ request }) => {
    if (subgraphCalls.origin && request.getHeader('host') === new URL(subgraphCalls.origin).host) started.set(request, performance.now());
  });
  diagnosticsChannel.subscribe('http.client.response.finish', ({ request }) => {
    const t0 = started.get(request);
    if (t0 !== undefined) subgraphCalls.ms += performance.now() - t0;
  });
  return subgraphCalls;
}

// ---------------------------------------------------------------- cleanup
/** Undo steps, run last first on exit or on SIGINT/SIGTERM: `cleanups.push([what, async fn])`. */
export const cleanups = [];
let cleaning = null;
let interrupted = false;
export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const [what, fn] = cleanups.pop();
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup (${what}) failed: ${e?.message ?? e}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    interrupted = true;
    console.error(`\n${sig}: stopping …`);
    cleanup().finally(() => process.exit(130));
  });
}

/** Runs `main`, cleans up, and exits 1 if it failed (0 otherwise). */
export async function runBench(main) {
  let failed = false;
  try {
    await main();
  } catch (e) {
    failed = true;
    if (!interrupted) console.error(e?.stack ?? e);
  } finally {
    await cleanup();
  }
  process.exit(failed ? 1 : 0);
}

// ---------------------------------------------------------------- the database
/** BENCH_DATABASE_URL, or a fresh embedded PostgreSQL in `<root>/.data/<dirName>` (stopped and removed on cleanup). */
export async function benchAdminUrl({ root, dirName = 'bench-pg', say = console.log }) {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const { startEmbeddedPostgres } = await import('@party/embedded-db');
  const dataDir = path.join(root, '.data', dirName);
  // A folder left by a crashed run (no live postmaster) would be reused half-initialised: start clean.
  if (existsSync(dataDir)) {
    const pidFile = path.join(dataDir, 'postmaster.pid');
    let alive = false;
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        // no such process: a crashed run's folder
      }
    }
    if (alive) throw new Error(`${dataDir} is in use by a running PostgreSQL (another benchmark?)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  say('Starting embedded PostgreSQL …');
  const db = await startEmbeddedPostgres({ dataDir, persistent: false });
  cleanups.push(['embedded PostgreSQL', () => db.stop()]);
  return db.url;
}

// ---------------------------------------------------------------- report
export const ms = (x) => (x == null ? '' : x < 10 ? x.toFixed(2) : x.toFixed(1));

/** Prints rows (arrays of strings) under `header` in aligned columns, the first left-aligned. */
export function printTable(say, header, table) {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  say(line(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) say(line(row));
}
