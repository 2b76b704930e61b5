// What the benchmarks (scripts/bench.mjs, scripts/bench-membership.mjs) share:
// timing, the subgraph-call timer, the statement recorder, the database they
// run on, cleanup on exit and the printed table.
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
 * Times the gateway's calls to one subgraph (set `origin`; until the response headers: the subgraph
 * answers once it has executed and serialised the whole result). The gateway's fetcher
 * calls the global fetch at call time, so wrapping it is enough.
 */
export function timeSubgraphCalls() {
  const subgraphCalls = { origin: null, ms: 0, perRequest: [] };
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!subgraphCalls.origin || new URL(href).origin !== subgraphCalls.origin) return realFetch(input, init);
    const t0 = performance.now();
    try {
      return await realFetch(input, init);
    } finally {
      subgraphCalls.ms += performance.now() - t0;
    }
  };
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
