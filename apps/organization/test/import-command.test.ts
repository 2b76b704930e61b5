/**
 * `npm run import -- organizations <file>` (scripts/import.mjs) on a small file, against this test's
 * database: the report printed, the exit code, the rows written as the API shows them, and the command's
 * actor in the audit log.
 */
import type { TestPlatform } from '@party/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ADMIN, createOrg, read, startOrganizationPlatform, uniqueCode } from './helpers';

let p: TestPlatform;
let dir: string;
const root = path.resolve(__dirname, '..', '..', '..');

beforeAll(async () => {
  p = await startOrganizationPlatform();
  dir = mkdtempSync(path.join(os.tmpdir(), 'org-import-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await p?.stop();
});

function runImport(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/import.mjs'), ...args], { cwd: root, env: { ...process.env, ...p.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('imports a small CSV file, prints the report and problems by line and column, exits 1 when nothing was imported', async () => {
  const district = await createOrg(p, { name: 'Đảng bộ huyện Lệnh', kind: 'DISTRICT', parentId: (await createOrg(p, { name: 'Tỉnh Lệnh', kind: 'PROVINCIAL' })).id });
  const gc = uniqueCode('CMD');
  const file = path.join(dir, 'to-chuc.csv');
  const header = 'code,name,kind,sector,parentCode,establishedOn,decisionRef\n';
  writeFileSync(file, `${header}${gc}-1,Chi bộ thôn Lệnh 1,CELL,,${gc},02/01/2021,3-QĐ\n${gc},Đảng bộ xã Lệnh,GRASSROOTS_COMMITTEE,COMMUNE,${district.code},2021-01-01,3-QĐ\n`);

  const bad = path.join(dir, 'loi.csv');
  writeFileSync(bad, `${header}${gc}-2,Chi bộ thôn Lệnh 2,CELL,,${gc},2021-13-01,3-QĐ\n`);
  const refused = await runImport(['organizations', bad]);
  expect(refused.stdout).toBe(
    `line 2, column establishedOn: "2021-13-01" is not a day of the calendar (1900–2100)\n` +
      `organizations: 1 rows, 0 valid, 0 created, 0 unchanged, 1 problem(s) — NOTHING IMPORTED (${/\(([\d.]+ s), as/.exec(refused.stdout)?.[1]}, as cli:${os.userInfo().username})\n` +
      'fix the rows above, or import the good rows only with --good-rows-only\n',
  );
  expect(refused.code).toBe(1);

  const done = await runImport(['organizations', file]);
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/^organizations: 2 rows, 2 valid, 2 created, 0 unchanged, 0 problem\(s\) — imported \([\d.]+ s, as cli:/);
  expect(done.stderr).toMatch(/organizations: 2 \/ 2 rows written/);
  const again = await runImport(['organizations', file]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^organizations: 2 rows, 2 valid, 0 created, 2 unchanged, 0 problem\(s\) — imported/);

  const data = await read(p, `{ organization(code: "${gc}-1", asOf: "2021-01-02") { name depth parent { code } changes { type decisionRef recordedBy } } }`, {}, ADMIN);
  expect(data.organization).toEqual({ name: 'Chi bộ thôn Lệnh 1', depth: 3, parent: { code: gc }, changes: [{ type: 'ESTABLISH', decisionRef: '3-QĐ', recordedBy: `cli:${os.userInfo().username}` }] });

  const client = new pg.Client({ connectionString: p.db.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT actor, roles, kind, outcome, detail->>'created' AS created, detail->>'unchanged' AS unchanged FROM organization.audit_log WHERE actor LIKE 'cli:%' ORDER BY id`);
    const actor = `cli:${os.userInfo().username}`;
    expect(rows).toEqual([
      { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'BAD_USER_INPUT', created: '0', unchanged: '0' },
      { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'OK', created: '2', unchanged: '0' },
      { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'OK', created: '0', unchanged: '2' },
    ]);
  } finally {
    await client.end();
  }

  const usage = await runImport(['members-and-more', file]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^cannot import "members-and-more": one of organizations/);
});
