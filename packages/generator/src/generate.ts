// The national generator: migrations of every subgraph, then, through each subgraph's own tables,
// the tree (set-based SQL), the member register (set-based SQL), its placements (the membership
// subgraph's placeMembers), the dated restructuring (the organization subgraph's own tree-change
// services), the catch-up of placements after it (the membership subgraph's syncTree), 2024
// admission targets (evaluation), a summary and the consistency checks.
import { loadEvaluationConfig, openEvaluationDatabase } from '@party/evaluation';
import { loadMembershipConfig, openMembershipDatabase, syncTree } from '@party/membership';
import { loadOrganizationConfig, openOrganizationDatabase, recordTreeChanges } from '@party/organization';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { checkConsistency, type Check } from './checks';
import { generateMembers } from './members';
import { existingTables, MEMBER_LOAD_INDEXES, MEMBER_TABLES, placeAll, setAdmissionTargets, suspendIndexes } from './place';
import { loadTree, planRestructuring, type TreeCounts } from './tree';

/** One phase's progress: `tick(done)` with how many of `total` are done. */
export interface PhaseProgress {
  tick(done: number): void;
  done(): void;
}

/** How the generator reports: a CLI draws bars, a test stays silent. */
export interface Reporter {
  phase(name: string, total: number, unit: string): PhaseProgress;
  line(text: string): void;
}

export const silentReporter: Reporter = { phase: () => ({ tick: () => {}, done: () => {} }), line: () => {} };

export interface GenerateOptions {
  /** Administrative URL of the database (the subgraphs provision their schemas and roles with it). */
  databaseUrl: string;
  /** Further configuration of the subgraphs (e.g. <NAME>_DB_PASSWORD), as their environment. */
  env?: Record<string, string | undefined>;
  provinces: number;
  members: number;
  seed: number;
  /** First day after the register's history (default 2026-01-01). */
  today?: string;
  /** The restructuring day and which provinces (1, 1 + every, …) it applies to (default 2025-07-01, every 4th). */
  restructure?: { on: string; every: number } | null;
  /** Year of the admission targets set (default 2024; null: none). */
  targetsYear?: number | null;
  /** Connections loading side by side (default 2). */
  workers?: number;
  /** Drop what the database holds first (otherwise a database with data is refused). */
  replace?: boolean;
  /** Run the consistency checks (default true). */
  check?: boolean;
  reporter?: Reporter;
}

export interface Phase {
  name: string;
  seconds: number;
  rows: number;
}

export interface GenerateResult {
  tree: TreeCounts;
  organizationsByKind: { kind: string; current: number; dissolved: number }[];
  membersByStatus: { day: string; probationary: number; official: number; exempt: number; terminated: number };
  register: { members: number; events: number; segments: number; cells: number };
  eventsByType: Record<string, number>;
  treeChanges: number;
  resynced: { applied: number; members: number };
  targets: number;
  phases: Phase[];
  seconds: number;
  checks: Check[];
}

export class GeneratorError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const SCHEMAS = ['organization', 'membership', 'evaluation'];
/** The start of the comment a generated database carries (COMMENT ON DATABASE). */
export const GENERATED_MARK = 'party-generator';

/** Rows already in the subgraphs' tables, or null when none. */
async function existingData(client: pg.Client): Promise<string | null> {
  const tables = [
    ['organization.organization', 'organisations'],
    ['membership.member', 'members'],
    ['membership.prospect', 'prospects'],
    ['evaluation.admission_target', 'admission targets'],
  ];
  const held: string[] = [];
  for (const [table, label] of tables) {
    const [{ exists }] = (await client.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table])).rows;
    if (!exists) continue;
    const [{ n }] = (await client.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows;
    if (Number(n) > 0) held.push(`${Number(n).toLocaleString('en')} ${label}`);
  }
  return held.length ? held.join(', ') : null;
}

export function validateOptions(o: GenerateOptions): void {
  if (!Number.isInteger(o.provinces) || o.provinces < 1 || o.provinces > 63) throw new GeneratorError(`provinces must be a whole number from 1 to 63, got ${o.provinces}`, 'provinces');
  if (!Number.isInteger(o.members) || o.members < 1 || o.members > 10_000_000) throw new GeneratorError(`members must be a whole number from 1 to 10,000,000, got ${o.members}`, 'members');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0 || o.seed > 2 ** 31) throw new GeneratorError(`seed must be a whole number from 0 to 2^31, got ${o.seed}`, 'seed');
  if (o.today && !/^\d{4}-\d{2}-\d{2}$/.test(o.today)) throw new GeneratorError(`today must be a day written YYYY-MM-DD, got ${o.today}`, 'today');
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 16)) throw new GeneratorError(`workers must be a whole number from 1 to 16, got ${o.workers}`, 'workers');
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  validateOptions(opts);
  const { databaseUrl, provinces, members, seed, today = '2026-01-01', targetsYear = 2024, workers = 2, replace = false, check = true, reporter = silentReporter } = opts;
  const restructure = opts.restructure === undefined ? { on: '2025-07-01', every: 4 } : opts.restructure;
  const env = { GATEWAY_PUBLIC_JWK: 'not used by the generator', ...opts.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const started = performance.now();
  const phases: Phase[] = [];
  async function phase<T>(name: string, total: number, unit: string, work: (p: PhaseProgress) => Promise<T>, rows: (out: T) => number = () => total): Promise<T> {
    const t0 = performance.now();
    const p = reporter.phase(name, total, unit);
    const out = await work(p);
    p.done();
    phases.push({ name, seconds: (performance.now() - t0) / 1000, rows: rows(out) });
    return out;
  }

  // JIT off, as on the subgraphs' own connections (docs/decisions/0010-jit-off.md): placeMembers' estimates
  // run into millions, and compiling it took 8 of 11 s for 1,000 members.
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c jit=off' });
  await client.connect();
  const loaders: pg.Client[] = [client];
  const opened: { destroy(): Promise<void> }[] = [];
  try {
    const held = await existingData(client);
    if (held) {
      if (!replace) throw new GeneratorError(`the database already holds data (${held}); generate into an empty database, or pass --replace to drop the subgraphs' schemas first`, 'replace');
      reporter.line(`dropping what the database held (${held}) …`);
      await client.query(`DROP SCHEMA IF EXISTS ${SCHEMAS.join(', ')} CASCADE`);
    }

    // ---------------------------------------------------------------- migrations, as each subgraph runs them at start
    const [orgDb, memberDb] = await phase('migrations', 3, 'subgraphs', async (p) => {
      const org = await openOrganizationDatabase(loadOrganizationConfig(env));
      opened.push(org);
      p.tick(1);
      const mem = await openMembershipDatabase(loadMembershipConfig(env));
      opened.push(mem);
      p.tick(2);
      const ev = await openEvaluationDatabase(loadEvaluationConfig(env));
      await ev.destroy();
      p.tick(3);
      return [org, mem] as const;
    });

    // ---------------------------------------------------------------- the tree
    const tree = await phase(
      'tree (organisations)',
      7,
      'steps',
      async (p) => {
        let step = 0;
        return loadTree(client, { provinces, since: '1970-01-01', seed, restructure, log: () => p.tick(++step) });
      },
      (t) => t.versions,
    );
    const cellCodes = new Set((await client.query(`SELECT code FROM organization.organization WHERE code ~ '-G(01|07)-0[12]$'`)).rows.map((r) => r.code as string));
    const plan = restructure ? planRestructuring(provinces, restructure, cellCodes) : null;
    const ids = new Map(
      (await client.query(`SELECT code, id FROM organization.organization WHERE code = ANY($1::text[])`, [plan ? plan.mergedCells.flatMap((m) => [m.code, m.successorCode]) : []])).rows.map((r) => [r.code as string, r.id as string]),
    );
    const mergedCells = (plan?.mergedCells ?? []).map((m) => ({ id: ids.get(m.code)!, on: plan!.on, successorId: ids.get(m.successorCode)! }));

    // ---------------------------------------------------------------- the register
    await client.query(`SET search_path = membership, public`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET work_mem = '64MB'`);
    for (let i = 1; i < workers; i++) {
      const c = new pg.Client({ connectionString: databaseUrl, options: '-c search_path=membership,public -c work_mem=64MB -c jit=off' });
      await c.connect();
      loaders.push(c);
    }
    const suspended = await suspendIndexes(client, MEMBER_TABLES, MEMBER_LOAD_INDEXES);
    const generated = await phase(
      'members, events, segments',
      members,
      'members',
      (p) => generateMembers(loaders, { count: members, today, seed, mergedCells, chunk: Math.min(250_000, Math.max(10_000, Math.ceil(members / workers))), progress: (c) => p.tick(c.members) }),
      (g) => g.members + g.events + g.segments,
    );
    await client.query(`ANALYZE member, member_event, member_segment`);
    await phase('placements, count deltas, admission facts', members, 'members', (p) => placeAll(loaders, { total: members, progress: (n) => p.tick(n) }));
    await phase('indexes and constraints', suspended.dropped.length, 'indexes', async (p) => {
      const took = await suspended.restore();
      p.tick(took.length);
      for (const t of await existingTables(client, MEMBER_TABLES)) await client.query(`VACUUM (ANALYZE) ${t}`);
    });
    await client.query(`RESET work_mem`);
    await client.query(`RESET maintenance_work_mem`);
    for (const c of loaders.splice(1)) await c.end();

    // ---------------------------------------------------------------- the restructuring, then the subgraph's own catch-up
    let treeChanges = 0;
    let resynced = { applied: 0, members: 0 };
    if (plan && plan.changes.length) {
      const changes = plan.changes.map((c) => ({ ...c, effectiveOn: plan.on }));
      treeChanges = await phase(`restructuring on ${plan.on} (${plan.provinces.length} provinces)`, changes.length, 'changes', (p) =>
        recordTreeChanges(orgDb, changes, { recordedBy: 'generator', progress: (n) => p.tick(n) }),
      );
      resynced = await phase('placements after the restructuring (syncTree)', 1, 'catch-up', (p) => syncTree(memberDb).then((r) => (p.tick(1), r)), (r) => r.members);
      await client.query(`VACUUM (ANALYZE) organization.organization_version`);
      for (const t of await existingTables(client, MEMBER_TABLES)) await client.query(`VACUUM (ANALYZE) ${t}`);
    }
    let targets = 0;
    if (targetsYear) {
      targets = await phase(`${targetsYear} admission targets`, 1, 'statements', (p) =>
        setAdmissionTargets(client, { year: targetsYear, asOf: `${targetsYear}-12-31`, decisionRef: `GEN-${targetsYear}`, recordedBy: 'generator' }).then((n) => (p.tick(1), n)),
      (n) => n);
    }

    // What the database holds, for `npm start` (which then serves it instead of loading the demo) and for people.
    const [{ db }] = (await client.query(`SELECT current_database() AS db`)).rows;
    await client.query(
      `COMMENT ON DATABASE ${pg.escapeIdentifier(db)} IS ${pg.escapeLiteral(`${GENERATED_MARK}: ${provinces} provinces, ${members} members, seed ${seed}, today ${today}`)}`,
    );

    // ---------------------------------------------------------------- summary
    const organizationsByKind = (
      await client.query(`SELECT v.kind, count(DISTINCT v.organization_id) FILTER (WHERE o.dissolved_on IS NULL)::int AS current, count(DISTINCT v.organization_id) FILTER (WHERE o.dissolved_on IS NOT NULL)::int AS dissolved
                            FROM organization.organization o
                            JOIN LATERAL (SELECT kind, organization_id FROM organization.organization_version v WHERE v.organization_id = o.id ORDER BY valid_from DESC LIMIT 1) v ON true
                           GROUP BY 1 ORDER BY 2 DESC`)
    ).rows;
    const lastDay = (await client.query(`SELECT ($1::date - 1)::text AS d`, [today])).rows[0].d as string;
    const [status] = (
      await client.query(
        `SELECT count(*) FILTER (WHERE s.status = 'PROBATIONARY')::int AS probationary,
                count(*) FILTER (WHERE s.status = 'OFFICIAL' AND s.activity = 'ACTIVE')::int AS official,
                count(*) FILTER (WHERE s.status = 'OFFICIAL' AND s.activity = 'EXEMPT')::int AS exempt,
                (SELECT count(*)::int FROM membership.member WHERE terminated_on <= $1) AS terminated
           FROM membership.member_segment s WHERE s.valid_from <= $1 AND s.valid_to > $1`,
        [lastDay],
      )
    ).rows;
    const eventsByType = Object.fromEntries((await client.query(`SELECT type, count(*)::int AS n FROM membership.member_event GROUP BY 1 ORDER BY 2 DESC`)).rows.map((r) => [r.type, r.n]));

    // ---------------------------------------------------------------- checks
    const checks = check
      ? await phase('consistency checks', 1, 'runs', async (p) => {
          const dates = ['2015-12-31', '2024-12-31', ...(restructure ? [addDay(restructure.on, -1), restructure.on] : []), lastDay];
          const out = await checkConsistency(client, { dates: [...new Set(dates)].filter((d) => d < today).sort(), seed });
          p.tick(1);
          return out;
        }, (c) => c.length)
      : [];
    return {
      tree,
      organizationsByKind,
      membersByStatus: { day: lastDay, ...status },
      register: generated,
      eventsByType,
      treeChanges,
      resynced,
      targets,
      phases,
      seconds: (performance.now() - started) / 1000,
      checks,
    };
  } finally {
    for (const c of loaders) await c.end().catch(() => undefined);
    for (const d of opened) await d.destroy().catch(() => undefined);
  }
}

function addDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
