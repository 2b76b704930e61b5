/**
 * `npm run import -- members <file>` (scripts/import.mjs) on a small file, against this test's database: the
 * report printed, the exit code, the members as the API shows them, the command's actor in the events and in
 * the audit log (naming the members created).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTree, read, startMembershipPlatform, uniqueCitizenId, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
let dir: string;
const root = path.resolve(__dirname, '..', '..', '..');
const actor = `cli:${os.userInfo().username}`;

beforeAll(async () => {
  p = await startMembershipPlatform();
  dir = mkdtempSync(path.join(os.tmpdir(), 'member-import-'));
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

test('imports a small register file, prints problems by line and column, exits 1 when nothing was imported', async () => {
  const tree = await createTree(p, 'CMD');
  const header = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Ngày vào Đảng,Số quyết định kết nạp,Ngày chính thức,Số quyết định công nhận chính thức\n';
  const [a, b] = [uniqueCitizenId(), uniqueCitizenId()];
  const file = path.join(dir, 'dang-vien.csv');
  writeFileSync(file, `${header}Lê Thị Lệnh,Nữ,01/02/1990,${a},${tree.cellA.code},03/04/2015,5-QĐ/ĐU,03/04/2016,6-QĐ/ĐU\nĐỗ Văn Lệnh,Nam,1988-08-08,${b},${tree.cellB.code},2019-09-02,7-QĐ/ĐU,,\n`);
  const bad = path.join(dir, 'loi.csv');
  writeFileSync(bad, `${header}Lê Thị Sai,Nữ,01/02/1990,${uniqueCitizenId()},${tree.cellA.code},03/04/2015,5-QĐ/ĐU,03/10/2015,6-QĐ/ĐU\n`);

  const refused = await runImport(['members', bad]);
  expect(refused.stdout).toBe(
    'line 2, column officialOn: recognition comes no earlier than 12 months after the admission of 2015-04-03: 2016-04-03 at the earliest\n' +
      `members: 1 rows, 0 valid, 0 created, 0 unchanged, 1 problem(s) — NOTHING IMPORTED (${/\(([\d.]+ s), as/.exec(refused.stdout)?.[1]}, as ${actor})\n` +
      'fix the rows above, or import the good rows only with --good-rows-only\n',
  );
  expect(refused.code).toBe(1);

  const done = await runImport(['members', file]);
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/^members: 2 rows, 2 valid, 2 created, 0 unchanged, 0 problem\(s\) — imported \([\d.]+ s, as cli:/);
  expect(done.stderr).toMatch(/members: 2 \/ 2 rows placed/);
  const again = await runImport(['members', file]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^members: 2 rows, 2 valid, 0 created, 2 unchanged, 0 problem\(s\) — imported/);

  const data = await read(
    p,
    `query($id: ID!) { organization(id: $id, asOf: "2020-01-01") { memberCount members(includeDescendants: true) { edges { node { id fullName status events { type effectiveOn recordedBy } } } } } }`,
    { id: tree.committee.id },
  );
  expect(data.organization.memberCount).toBe(2);
  const nodes = data.organization.members.edges.map((e: any) => e.node);
  expect(nodes.map((n: any) => [n.fullName, n.status, n.events])).toEqual([
    ['Đỗ Văn Lệnh', 'PROBATIONARY', [{ type: 'ADMITTED', effectiveOn: '2019-09-02', recordedBy: actor }]],
    ['Lê Thị Lệnh', 'OFFICIAL', [{ type: 'ADMITTED', effectiveOn: '2015-04-03', recordedBy: actor }, { type: 'RECOGNIZED', effectiveOn: '2016-04-03', recordedBy: actor }]],
  ]);

  const rows = await p.membershipDb.query(
    `SELECT actor, roles, kind, outcome, target_ids::text[] AS target_ids, detail->>'created' AS created, detail->>'unchanged' AS unchanged FROM membership.audit_log WHERE actor LIKE 'cli:%' ORDER BY id`,
  );
  expect(rows).toEqual([
    { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'BAD_USER_INPUT', target_ids: [], created: '0', unchanged: '0' },
    { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'OK', target_ids: nodes.map((n: any) => n.id).sort(), created: '2', unchanged: '0' },
    { actor, roles: ['SYSTEM_ADMIN'], kind: 'MUTATION', outcome: 'OK', target_ids: [], created: '0', unchanged: '2' },
  ]);
});
