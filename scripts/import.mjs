// `npm run import -- <what> <file> [options]`: bulk import from a CSV or XLSX file through the apps'
// own import services, in this process, against DATABASE_URL — or, unset, the embedded PostgreSQL of
// `npm start` (.data/pg: used while `npm start` runs, else started for the import and stopped after).
// Migrations are applied first. The command acts as an administrator and is recorded in the subgraph's
// audit log as `cli:<OS user>`. Exit code 0: imported (or a clean dry run); 1: nothing imported because
// of problems; 2: a usage error. README, "Bulk import"; docs/decisions/0014-bulk-import.md.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@party/embedded-db';
import { root } from './subgraphs.mjs';

const require = createRequire(import.meta.url);
const kit = require('@party/subgraph-kit');
const { formatProblem } = require('@party/tabular');

const USAGE = `usage: npm run import -- <what> <file.csv|file.xlsx> [--good-rows-only] [--dry-run] [--established-on YYYY-MM-DD] [--decision-ref REF]
  what: organizations, members`;

/**
 * What can be imported: each opens its subgraph's database (migrations applied), runs the import as
 * `caller` and returns the report ({ totalRows, validRows, created, unchanged, imported, problems, ignoredColumns }).
 */
const importers = {
  organizations: {
    schema: 'organization',
    async run({ env, fileName, content, options, caller, progress }) {
      const org = require('@party/organization');
      const db = await org.openOrganizationDatabase(org.loadOrganizationConfig(env));
      try {
        const ctx = org.createOrgContext({ requestId: randomUUID(), caller, log: kit.createLogger('import', env.LOG_LEVEL ?? 'warn') }, db);
        const report = await org.importOrganizations(ctx, {
          fileName,
          content,
          goodRowsOnly: options.goodRowsOnly,
          dryRun: options.dryRun,
          establishedOn: options.establishedOn,
          decisionRef: options.decisionRef,
          maxRows: org.COMMAND_MAX_ROWS,
          progress,
        });
        await audit(db, 'organization', caller, ctx.requestId, 'importOrganizations', fileName, options, report);
        return report;
      } finally {
        await db.destroy();
      }
    },
  },
  members: {
    schema: 'membership',
    async run({ env, fileName, content, options, caller, progress }) {
      const membership = require('@party/membership');
      const db = await membership.openMembershipDatabase(membership.loadMembershipConfig(env));
      try {
        const requestId = randomUUID();
        const report = await membership.importMembers(db, { caller, requestId }, content, {
          fileName: path.basename(fileName),
          goodRowsOnly: options.goodRowsOnly,
          dryRun: options.dryRun,
          maxRows: membership.MEMBER_IMPORT_COMMAND_MAX_ROWS,
          onProgress: progress,
        });
        // The members created are named in the audit row, as the API's importMembers names them.
        await audit(db, 'membership', caller, requestId, 'importMembers', fileName, options, report, [...report.createdIds].sort());
        return report;
      } finally {
        await db.destroy();
      }
    },
  },
};

/** One MUTATION row in the subgraph's audit log, as the API's audit plugin writes one per mutation. */
async function audit(db, schema, caller, requestId, operation, fileName, options, report, targetIds = []) {
  await kit.appendAuditRows(db, schema, [
    {
      actor: caller.userId,
      roles: caller.roles,
      requestId,
      kind: 'MUTATION',
      operation: `npm run import (${operation})`,
      targetIds,
      categories: [],
      outcome: report.imported || (options.dryRun && report.problems.length === 0) ? 'OK' : 'BAD_USER_INPUT',
      detail: {
        rootFields: [operation],
        errors: [],
        file: path.basename(fileName),
        dryRun: options.dryRun,
        goodRowsOnly: options.goodRowsOnly,
        totalRows: report.totalRows,
        created: report.created,
        unchanged: report.unchanged,
        problems: report.problems.length,
      },
    },
  ]);
}

function parseArgs(argv) {
  const options = { goodRowsOnly: false, dryRun: false, establishedOn: null, decisionRef: null };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--good-rows-only') options.goodRowsOnly = true;
    else if (a === '--dry-run') options.dryRun = true;
    else if (a === '--established-on' || a === '--decision-ref') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      options[a === '--established-on' ? 'establishedOn' : 'decisionRef'] = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 2) throw new Error('name what to import and the file');
  const [what, file] = positional;
  if (!importers[what]) throw new Error(`cannot import "${what}": one of ${Object.keys(importers).join(', ')}`);
  return { what, file, options };
}

/** DATABASE_URL, or the embedded PostgreSQL of `npm start` (running, or started for this import). */
async function database(env) {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {} };
  const port = Number(env.EMBEDDED_PG_PORT ?? 54329);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url, stop: async () => {} };
  } catch {
    await probe.end().catch(() => {});
  }
  process.stderr.write('starting embedded PostgreSQL in .data/pg …\n');
  const db = await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'pg'), port });
  return { url: db.url, stop: () => db.stop() };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file);
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    return 2;
  }
  const content = readFileSync(file);
  const db = await database(process.env);
  const env = { ...process.env, DATABASE_URL: db.url, GATEWAY_PUBLIC_JWK: process.env.GATEWAY_PUBLIC_JWK ?? 'not-used-by-the-import-command' };
  const caller = { userId: `cli:${os.userInfo().username}`, roles: ['SYSTEM_ADMIN'], scope: [] };
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const progress = (stage, done, total) => {
    const what = { read: 'read', checked: 'valid', written: 'written' }[stage] ?? stage;
    const line = `${args.what}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows ${what} (${seconds()} s)`;
    // One line rewritten in a terminal; a line per stage in a log.
    process.stderr.write(process.stderr.isTTY ? `\r${line}   ` : `${line}\n`);
  };
  let report;
  try {
    report = await importers[args.what].run({ env, fileName: file, content, options: args.options, caller, progress });
  } catch (e) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.error(e instanceof kit.DomainError ? `refused: ${e.message}` : e);
    return e instanceof kit.DomainError ? 1 : 3;
  } finally {
    await db.stop();
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const p of report.problems) console.log(formatProblem(p));
  if (report.ignoredColumns.length) console.log(`ignored columns (not in the layout): ${report.ignoredColumns.join(', ')}`);
  const outcome = report.imported ? 'imported' : args.options.dryRun ? 'dry run: nothing written' : 'NOTHING IMPORTED';
  console.log(
    `${args.what}: ${report.totalRows} rows, ${report.validRows} valid, ${report.created} created, ${report.unchanged} unchanged, ` +
      `${report.problems.length} problem(s) — ${outcome} (${seconds()} s, as ${caller.userId})`,
  );
  if (!report.imported && report.problems.length) {
    if (!args.options.goodRowsOnly) console.log('fix the rows above, or import the good rows only with --good-rows-only');
    return 1;
  }
  return 0;
}

// process.exit, not exitCode: the embedded PostgreSQL's exit hook (async-exit-hook) exits with 0 on beforeExit.
process.exit(await main());
