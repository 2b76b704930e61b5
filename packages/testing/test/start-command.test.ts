import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../src';

// The README's start command, as a person runs it (after the build): platform up, demo data, tokens printed.
const root = path.resolve(__dirname, '..', '..', '..');
let db: TestDatabase;
let child: ChildProcess;
let out = '';
let orgPort = 0;
let memberPort = 0;
let evaluationPort = 0;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  db = await createTestDatabase();
  const gatewayPort = await freePort();
  orgPort = await freePort();
  memberPort = await freePort();
  evaluationPort = await freePort();
  child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, GATEWAY_PORT: String(gatewayPort), ORGANIZATION_PORT: String(orgPort), MEMBERSHIP_PORT: String(memberPort), EVALUATION_PORT: String(evaluationPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Stop with Ctrl+C')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`start exited (${code}):\n${out}`));
    });
  });
  // Loading the demo data takes 15–20 s on a quiet 2-core machine; much longer while other suites run.
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await db?.drop();
});

test('prints the gateway URL and a token per demo user, the province officer first', () => {
  expect(out).toMatch(/GraphQL \(gateway\): +http:\/\/localhost:\d+\/graphql/);
  const users = [...out.matchAll(/^ {2}(.+):\n {4}(eyJ\S+)$/gm)].map((m) => m[1]);
  expect(users[0]).toMatch(/^province officer/);
  expect(users).toEqual(expect.arrayContaining([expect.stringMatching(/^district officer/), expect.stringMatching(/^cell secretary/)]));
});

test('serves the demo tree through the gateway: 2024 and today differ', async () => {
  const url = /GraphQL \(gateway\): +(\S+)/.exec(out)![1]!;
  const token = /province officer.*:\n {4}(eyJ\S+)/.exec(out)![1]!;
  const ask = async (asOf?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query($asOf: Date) { organizationRoots(asOf: $asOf) { code } }', variables: { asOf } }),
    });
    return ((await res.json()) as { data: { organizationRoots: { code: string }[] } }).data.organizationRoots.map((r) => r.code);
  };
  expect(await ask('2024-12-31')).toEqual(['KHANH_HOA', 'NINH_THUAN']);
  expect(await ask()).toEqual(['KHANH_HOA']);
});

test('serves the demo register: members, prospects and the events of 2024', async () => {
  const url = /GraphQL \(gateway\): +(\S+)/.exec(out)![1]!;
  const token = /province officer.*:\n {4}(eyJ\S+)/.exec(out)![1]!;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ organization(code: "NINH_THUAN", asOf: "2024-12-31") {
                  memberCount memberStats { total }
                  members(includeDescendants: true, first: 1) { totalCount }
                  admissions(year: 2024) { total }
                  children(first: 100) { edges { node { memberCount } } } }
               today: organization(code: "KHANH_HOA") { prospects(first: 1) { totalCount } } }`,
    }),
  });
  const { organization: org, today } = ((await res.json()) as { data: { organization: any; today: any } }).data;
  expect(org.memberCount).toBeGreaterThan(100);
  // The same register three ways: the running sums, the statistics and the member list agree, and the province is the sum of its parts.
  expect(org.memberStats.total).toBe(org.memberCount);
  expect(org.members.totalCount).toBe(org.memberCount);
  expect(org.children.edges.reduce((s: number, e: { node: { memberCount: number } }) => s + e.node.memberCount, 0)).toBe(org.memberCount);
  expect(org.admissions.total).toBeGreaterThan(0);
  expect(today.prospects.totalCount).toBeGreaterThan(0);
});

test('serves the demo evaluation: 2024 targets under Ninh Thuận, with achievement', async () => {
  const url = /GraphQL \(gateway\): +(\S+)/.exec(out)![1]!;
  const token = /province officer.*:\n {4}(eyJ\S+)/.exec(out)![1]!;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ organization(code: "NINH_THUAN", asOf: "2024-12-31") { admissionPerformance(year: 2024) { hasTarget achievementRate } } }' }),
  });
  const rows = ((await res.json()) as { data: { organization: { admissionPerformance: { hasTarget: boolean; achievementRate: number }[] } } }).data.organization.admissionPerformance;
  const withTargets = rows.filter((r) => r.hasTarget);
  expect(withTargets.length).toBeGreaterThan(2);
  expect(withTargets.every((r) => r.achievementRate > 0)).toBe(true);
});

test('stops every process on SIGTERM', async () => {
  const url = /GraphQL \(gateway\): +(\S+)/.exec(out)![1]!;
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  expect(code).toBe(143);
  // Neither the gateway nor the subgraph answers any more.
  await new Promise((r) => setTimeout(r, 500));
  await expect(fetch(url.replace(/\/graphql$/, '/health'))).rejects.toThrow();
  await expect(fetch(`http://127.0.0.1:${orgPort}/health`)).rejects.toThrow();
  await expect(fetch(`http://127.0.0.1:${memberPort}/health`)).rejects.toThrow();
  await expect(fetch(`http://127.0.0.1:${evaluationPort}/health`)).rejects.toThrow();
});
