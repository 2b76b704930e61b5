// `npm test`: every test of every workspace, on real PostgreSQL.
// TEST_DATABASE_URL (an administrative URL) names a server to use; otherwise
// one embedded PostgreSQL is started for the whole run in a throwaway folder.
// Arguments after `--` go to jest (e.g. `npm test -- -t "asOf"`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@party/embedded-db';
import { root } from './subgraphs.mjs';

let db;
let adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  console.log(`tests on ${new URL(adminUrl).host} (TEST_DATABASE_URL)`);
} else {
  db = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `party-test-pg-${process.pid}`), persistent: false });
  adminUrl = db.url;
  console.log(`tests on an embedded PostgreSQL at 127.0.0.1:${db.port}`);
}

const resultFile = 'test-results/jest.json';
// A workspace that had to leave tests out (e.g. the web client's end-to-end suite without a Chromium)
// writes why to this file; the run repeats it at the end.
const skippedFile = 'test-results/skipped.txt';
const workspaces = ['apps', 'packages'].flatMap((d) => readdirSync(path.join(root, d)).map((n) => path.join(root, d, n)));
for (const dir of workspaces) {
  rmSync(path.join(dir, resultFile), { force: true });
  rmSync(path.join(dir, skippedFile), { force: true });
  mkdirSync(path.join(dir, path.dirname(resultFile)), { recursive: true });
}
const jestArgs = ['--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)];
// Not spawnSync: the embedded PostgreSQL writes its log through a pipe to this process, and a blocked event
// loop stops reading it; once the pipe is full every backend that logs waits (a test run hung on CREATE ROLE).
const run = await new Promise((resolve, reject) => {
  const child = spawn('npx', ['turbo', 'run', 'test', '--concurrency=1', '--continue', '--output-logs=full', '--', ...jestArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TEST_ADMIN_URL: adminUrl },
  });
  child.on('error', reject);
  child.on('exit', (code, signal) => resolve({ status: code ?? (signal ? 128 : 1) }));
});
await db?.stop();

// One closing line for the whole run, summed over the workspaces' jest reports.
let passed = 0;
let failed = 0;
let skipped = 0;
const failedTests = [];
const firstLines = (text) => text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() && !/^\s+at /.test(l)).slice(0, 8).join('\n');
for (const dir of workspaces) {
  const file = path.join(dir, resultFile);
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += r.numPendingTests + r.numTodoTests;
  // Name every failure again here, where the end of a long log shows it.
  for (const suite of r.testResults ?? []) {
    const where = path.relative(root, suite.name);
    const failures = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failures) failedTests.push(`${where} › ${a.fullName}\n${firstLines(a.failureMessages?.join('\n') ?? '')}`);
    if (suite.status === 'failed' && failures.length === 0) failedTests.push(`${where}\n${firstLines(suite.message ?? '')}`);
  }
  rmSync(file);
}
if (failedTests.length) console.log(`\nFAILED:\n${failedTests.map((f) => `  ✕ ${f.replace(/\n/g, '\n      ')}`).join('\n')}`);
for (const dir of workspaces) {
  const file = path.join(dir, skippedFile);
  if (!existsSync(file)) continue;
  console.log(`\n!!!! ${path.relative(root, dir)}: ${readFileSync(file, 'utf8').trim()}`);
  rmSync(file);
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);

