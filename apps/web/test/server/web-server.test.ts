import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startWebServer, type RunningWebServer } from '../../src/server/web-server';

// The web server on its own: the application with its client-side routes, /graphql passed on to
// an upstream that records what it received, the development sign-in and its absence in production.
let dir: string;
let upstream: http.Server;
let upstreamUrl: string;
let received: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let web: RunningWebServer;
let prod: RunningWebServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'web-static-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(os.tmpdir(), 'web-secret.txt'), 'secret');
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1', 'set-cookie': 'a=b' });
      res.end(JSON.stringify({ data: { ok: true } }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/graphql`;
  const users = [
    { userId: 'province.officer', label: 'province officer', roles: ['ORG_OFFICER'] },
    { userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'] },
  ];
  web = await startWebServer({ port: 0, staticDir: dir, gatewayUrl: upstreamUrl, demo: { users, mintToken: async (userId) => `token-of-${userId}` } });
  prod = await startWebServer({ port: 0, staticDir: dir, gatewayUrl: 'http://127.0.0.1:9/graphql', demo: null, proxyTimeoutMs: 2000 });
});

afterAll(async () => {
  await web?.stop();
  await prod?.stop();
  await new Promise((r) => upstream.close(r));
  rmSync(dir, { recursive: true, force: true });
});

test('client-side routes get the application; assets are served with a long cache; missing files and paths outside are 404', async () => {
  for (const p of ['/', '/org/NINH_HAI?asOf=2024-12-31', '/member/x']) {
    const res = await fetch(web.url + p);
    expect([p, res.status, res.headers.get('content-type'), await res.text()]).toEqual([p, 200, 'text/html; charset=utf-8', '<!doctype html><title>app</title>']);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
  }
  const asset = await fetch(`${web.url}/assets/index-abc.js`);
  expect([asset.status, asset.headers.get('cache-control'), await asset.text()]).toEqual([200, 'public, max-age=31536000, immutable', 'console.log(1)']);
  expect((await fetch(`${web.url}/assets/missing.js`)).status).toBe(404);
  expect((await fetch(`${web.url}/..%2fweb-secret.txt`)).status).toBe(404);
  expect((await fetch(`${web.url}/%2e%2e/web-secret.txt`)).status).toBe(404);
  expect((await fetch(`${web.url}/`, { method: 'DELETE' })).status).toBe(405);
});

test('/graphql goes to the gateway with the caller, the content type and the CSRF headers, nothing else', async () => {
  received = [];
  const res = await fetch(`${web.url}/graphql`, {
    method: 'POST',
    headers: { authorization: 'Bearer abc', 'content-type': 'application/json', cookie: 'session=1', 'x-apollo-operation-name': 'Q' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ data: { ok: true } });
  expect(res.headers.get('x-request-id')).toBe('req-1');
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(received).toHaveLength(1);
  const r = received[0]!;
  expect([r.method, r.url, r.body]).toEqual(['POST', '/graphql', '{"query":"{ __typename }"}']);
  expect(r.headers.authorization).toBe('Bearer abc');
  expect(r.headers['content-type']).toBe('application/json');
  expect(r.headers['x-apollo-operation-name']).toBe('Q');
  expect(r.headers['x-forwarded-for']).toBe('127.0.0.1');
  expect(r.headers.cookie).toBeUndefined();
});

test('an unreachable gateway gives a clear GraphQL error, not a hang', async () => {
  const res = await fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(res.status).toBe(502);
  expect(await res.json()).toEqual({ errors: [{ message: 'The platform is not reachable; try again in a moment', extensions: { code: 'GATEWAY_UNAVAILABLE' } }] });
});

test('development sign-in: the demo users, a token for one of them, a clear refusal otherwise', async () => {
  const list = await fetch(`${web.url}/demo/users`);
  expect(await list.json()).toEqual({
    users: [
      { userId: 'province.officer', label: 'province officer', roles: ['ORG_OFFICER'] },
      { userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'] },
    ],
  });
  const ok = await fetch(`${web.url}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin' }) });
  expect([ok.status, await ok.json()]).toEqual([200, { token: 'token-of-admin', user: { userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'] } }]);
  const unknown = await fetch(`${web.url}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'mallory' }) });
  expect([unknown.status, await unknown.json()]).toEqual([400, { error: 'userId must be one of: province.officer, admin', field: 'userId' }]);
  const simple = await fetch(`${web.url}/demo/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ userId: 'admin' }) });
  expect([simple.status, await simple.json()]).toEqual([415, { error: 'Send the body as application/json' }]);
  const broken = await fetch(`${web.url}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(broken.status).toBe(400);
});

test('in production there is no demo sign-in', async () => {
  expect((await fetch(`${prod.url}/demo/users`)).status).toBe(404);
  const res = await fetch(`${prod.url}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin' }) });
  expect(res.status).toBe(404);
});
