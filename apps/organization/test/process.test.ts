import { generateInternalKeyPair } from '@party/subgraph-kit';
import { createTestDatabase, type TestDatabase } from '@party/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// The subgraph as it is deployed: its own process, configured by its environment.
let db: TestDatabase;
let child: ChildProcess;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const keys = await generateInternalKeyPair();
  child = spawn(process.execPath, [path.join(__dirname, '..', 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, GATEWAY_PUBLIC_JWK: keys.publicJwk, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const url = /"url":"([^"]+)"/.exec(line)?.[1];
        if (url) resolve(url.replace(/\/graphql$/, ''));
      }
    });
    child.once('exit', (code) => reject(new Error(`subgraph exited early (${code})`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await db.drop();
});

test('answers /health and /ready (database reachable)', async () => {
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', service: 'organization' });
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', service: 'organization' });
});

test('refuses GraphQL requests that did not come through the gateway', async () => {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ organizationRoots { id } }' }) });
  expect(res.status).toBe(401);
  const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
});

test('logs JSON lines with a request id, and stops cleanly on SIGTERM', async () => {
  await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'rid-under-test' }, body: '{"query":"{ __typename }"}' });
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  expect(code).toBe(0);
  const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records.some((r) => r.rid === 'rid-under-test' && r.msg === 'refused request')).toBe(true);
  expect(records.some((r) => r.msg === 'shutting down' && r.signal === 'SIGTERM')).toBe(true);
});
