// `npm run generate -- --provinces 34 --members 1000000 [--seed N] [--database-url URL] [--replace]`
// The national-scale generator (packages/generator): the same model for any number of provinces,
// bulk-loaded through each subgraph's own tables, then checked; a progress bar per phase (plain
// lines when stdout is not a terminal), a summary, and every check with its result. Exits 1 when a
// check fails, 2 on bad arguments or a refused database.
//
// Target: --database-url (an administrative URL), else DATABASE_URL, else the embedded PostgreSQL
// `npm start` uses (.data/pg, port EMBEDDED_PG_PORT or 54329). A database that already holds data
// is refused unless --replace (which drops the organization, membership and evaluation schemas first).
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './subgraphs.mjs';

const require = createRequire(path.join(root, 'package.json'));

const USAGE = `usage: npm run generate -- [--provinces 1..63 (34)] [--members N (1000000)] [--seed N (1)] [--database-url URL] [--replace]
                             [--today YYYY-MM-DD (2026-01-01)] [--restructure-every N (4; 0: none)] [--workers N (2)] [--no-targets] [--no-check]`;

function fail(message, code = 2) {
  console.error(`generate: ${message}\n${USAGE}`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      provinces: { type: 'string', default: '34' },
      members: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      replace: { type: 'boolean', default: false },
      today: { type: 'string', default: '2026-01-01' },
      'restructure-every': { type: 'string', default: '4' },
      workers: { type: 'string', default: '2' },
      'no-targets': { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail(e.message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const whole = (name) => {
  const text = args[name].replace(/[_,]/g, '');
  if (!/^\d+$/.test(text)) fail(`--${name} must be a whole number, got "${args[name]}"`);
  return Number(text);
};
const every = whole('restructure-every');

const { generate, GeneratorError, validateOptions } = require('@party/generator');
const cliProgress = require('cli-progress');

const options = {
  provinces: whole('provinces'),
  members: whole('members'),
  seed: whole('seed'),
  today: args.today,
  workers: whole('workers'),
  restructure: every > 0 ? { on: '2025-07-01', every } : null,
  targetsYear: args['no-targets'] ? null : 2024,
  replace: args.replace,
  check: !args['no-check'],
};
try {
  validateOptions({ ...options, databaseUrl: 'postgres://unused' });
} catch (e) {
  if (e instanceof GeneratorError) fail(`--${e.field}: ${e.message}`);
  throw e;
}

const fmt = (n) => Math.round(Number(n)).toLocaleString('en');
const tty = process.stdout.isTTY;

/** A bar per phase on a terminal; otherwise a line at each tenth. */
const reporter = {
  line: (text) => console.log(text),
  phase(name, total, unit) {
    const t0 = Date.now();
    if (tty) {
      const bar = new cliProgress.SingleBar(
        { format: `${name.padEnd(44)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { tick: (n) => bar.update(Math.min(n, total)), done: () => (bar.update(total), bar.stop()) };
    }
    console.log(`${name} …`);
    let shown = 0;
    return {
      tick(n) {
        if (total >= 10 && n - shown >= total / 10 && n < total) {
          shown = n;
          console.log(`  ${fmt(n)} / ${fmt(total)} ${unit} (${Math.floor((100 * n) / total)}%), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
      },
      done: () => console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`),
    };
  },
};

let embedded = null;
async function target() {
  const url = args['database-url'] ?? process.env.DATABASE_URL;
  if (url) return url;
  const { startEmbeddedPostgres } = await import('@party/embedded-db');
  console.log('starting the embedded PostgreSQL in .data/pg (the one `npm start` uses) …');
  embedded = await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'pg'), port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) });
  return embedded.url;
}

let code = 0;
try {
  const databaseUrl = await target();
  const shown = new URL(databaseUrl);
  shown.password = shown.password ? '***' : '';
  console.log(`generating ${fmt(options.members)} members in ${options.provinces} provinces (seed ${options.seed}) into ${shown} …`);
  const r = await generate({ ...options, databaseUrl, env: process.env, reporter });
  console.log('');
  console.log('Summary');
  console.log(`  organisations: ${fmt(r.tree.organizations)} (${r.organizationsByKind.map((k) => `${k.kind} ${fmt(k.current)}${k.dissolved ? ` + ${fmt(k.dissolved)} dissolved` : ''}`).join(', ')}); ${fmt(r.tree.versions)} versions loaded`);
  console.log(`  restructuring: ${fmt(r.treeChanges)} tree changes recorded; syncTree re-placed ${fmt(r.resynced.members)} members after ${fmt(r.resynced.applied)} changes`);
  const s = r.membersByStatus;
  console.log(`  members: ${fmt(r.register.members)} (on ${s.day}: ${fmt(s.probationary)} probationary, ${fmt(s.official)} official, ${fmt(s.exempt)} exempted; ${fmt(s.terminated)} terminated), in ${fmt(r.register.cells)} cells`);
  console.log(`  events: ${fmt(r.register.events)} (${Object.entries(r.eventsByType).map(([t, n]) => `${t} ${fmt(n)}`).join(', ')}); segments: ${fmt(r.register.segments)}`);
  if (r.targets) console.log(`  admission targets: ${fmt(r.targets)}`);
  console.log('  phases:');
  for (const p of r.phases) console.log(`    ${p.name.padEnd(48)} ${p.seconds.toFixed(1).padStart(8)} s  ${fmt(p.rows).padStart(12)} rows  ${fmt(p.rows / Math.max(p.seconds, 0.001)).padStart(10)} rows/s`);
  const rows = r.tree.versions + r.register.members + r.register.events + r.register.segments;
  console.log(`  total: ${r.seconds.toFixed(1)} s (${fmt(rows / r.seconds)} tree versions, members, events and segments a second)`);
  if (r.checks.length) {
    console.log('');
    console.log('Consistency checks');
    for (const c of r.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    const failed = r.checks.filter((c) => !c.ok).length;
    console.log(failed ? `${failed} of ${r.checks.length} checks failed` : `all ${r.checks.length} checks passed`);
    if (failed) code = 1;
  }
} catch (e) {
  if (e instanceof GeneratorError) {
    console.error(`generate: --${e.field}: ${e.message}`);
    code = 2;
  } else {
    console.error(e?.stack ?? e);
    code = 1;
  }
} finally {
  await embedded?.stop();
}
process.exit(code);
