import { generateInternalKeyPair, importInternalKey, verifyCallerToken, type RunningServer } from '@party/subgraph-kit';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemoIssuerKeys, mintDemoToken } from '../src/auth';
import { loadGatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';

// The gateway alone, in front of fake subgraphs: identity forwarding, token checks, timeouts, masking.
const ISSUER = 'party-test-issuer';
const AUDIENCE = 'party-platform';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function fakeSubgraph(handler: Handler): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    connections: () => connections,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const json = (res: http.ServerResponse, value: unknown) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
};

let issuer: { privateJwk: string; publicJwk: string };
let internal: { privateJwk: string; publicJwk: string };
let gateway: RunningServer;
let subgraph: Awaited<ReturnType<typeof fakeSubgraph>>;
let handler: Handler;

beforeAll(async () => {
  issuer = await generateDemoIssuerKeys();
  internal = await generateInternalKeyPair();
  subgraph = await fakeSubgraph((req, body, res) => handler(req, body, res));
  gateway = await startGateway(
    loadGatewayConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_PUBLIC_JWK: issuer.publicJwk,
      GATEWAY_PRIVATE_JWK: internal.privateJwk,
      SUBGRAPH_TIMEOUT_MS: '300',
      ORGANIZATION_URL: subgraph.url,
    }),
  );
});
afterAll(async () => {
  await gateway?.stop();
  await subgraph?.close();
});

const caller = { userId: 'officer-1', roles: ['ORG_OFFICER' as const], scope: ['5f0c5a3e-6b1d-4c2a-9d4e-0a1b2c3d4e5f'] };
const token = (overrides: { issuer?: string; audience?: string; expiresAt?: number; key?: string } = {}) =>
  mintDemoToken(overrides.key ?? issuer.privateJwk, caller, { issuer: overrides.issuer ?? ISSUER, audience: overrides.audience ?? AUDIENCE, ttlSeconds: 600, expiresAt: overrides.expiresAt });

async function ask(bearer: string | null, query = '{ organizationRoots { name } }') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as any, text: '' };
}

test('forwards the verified caller to the subgraph, signed with the gateway key', async () => {
  let forwarded: string | undefined;
  handler = (req, _body, res) => {
    forwarded = req.headers['x-caller-token'] as string;
    json(res, { data: { organizationRoots: [{ name: 'Ninh Thuận' }] } });
  };
  const res = await ask(await token());
  expect(res.body).toEqual({ data: { organizationRoots: [{ name: 'Ninh Thuận' }] } });
  await expect(verifyCallerToken(forwarded, await importInternalKey(internal.publicJwk))).resolves.toEqual(caller);
});

test('forwards one token per caller for a while (not one signature per request) and another caller gets its own', async () => {
  const forwarded: string[] = [];
  handler = (req, _body, res) => {
    forwarded.push(req.headers['x-caller-token'] as string);
    json(res, { data: { organizationRoots: [] } });
  };
  const mine = await token();
  await ask(mine);
  await ask(mine);
  // Another bearer token of the same caller: the same forwarded identity.
  await ask(await token({ expiresAt: Math.floor(Date.now() / 1000) + 900 }));
  const viewer = { userId: 'viewer-1', roles: ['VIEWER' as const], scope: caller.scope };
  await ask(await mintDemoToken(issuer.privateJwk, viewer, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 600 }));
  expect(forwarded).toHaveLength(4);
  expect(new Set(forwarded.slice(0, 3)).size).toBe(1);
  expect(forwarded[3]).not.toBe(forwarded[0]);
  const publicKey = await importInternalKey(internal.publicJwk);
  await expect(verifyCallerToken(forwarded[0], publicKey)).resolves.toEqual(caller);
  await expect(verifyCallerToken(forwarded[3], publicKey)).resolves.toEqual(viewer);
});

test('keeps its connections to a subgraph open between requests (keep-alive)', async () => {
  handler = (_req, _body, res) => json(res, { data: { organizationRoots: [] } });
  const bearer = await token();
  await ask(bearer);
  const before = subgraph.connections();
  for (let i = 0; i < 5; i++) expect((await ask(bearer)).body).toEqual({ data: { organizationRoots: [] } });
  expect(subgraph.connections() - before).toBe(0);
});

test.each([
  ['no token', async () => null],
  ['an expired token', async () => token({ expiresAt: Math.floor(Date.now() / 1000) - 3600 })],
  ['another issuer', async () => token({ issuer: 'someone-else' })],
  ['another audience', async () => token({ audience: 'another-app' })],
  ['a token signed by another key', async () => token({ key: (await generateDemoIssuerKeys()).privateJwk })],
  ['garbage', async () => 'not.a.jwt'],
])('refuses %s with 401 UNAUTHENTICATED and never calls a subgraph', async (_label, make) => {
  let called = false;
  handler = (_req, _body, res) => {
    called = true;
    json(res, { data: { organizationRoots: [] } });
  };
  const res = await ask(await make());
  expect(res.status).toBe(401);
  expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(called).toBe(false);
});

test('a hanging subgraph fails the request after the timeout, without leaking its URL', async () => {
  handler = () => undefined; // never answers
  const started = Date.now();
  const res = await ask(await token());
  expect(Date.now() - started).toBeLessThan(5000);
  expect(res.body.errors).toHaveLength(1);
  expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|localhost|stack/i);
});

test('subgraph failures are masked: no internal URL, stack or service detail reaches the client', async () => {
  handler = (_req, _body, res) => {
    res.statusCode = 500;
    res.end('<html>boom at /srv/app/secret.js</html>');
  };
  const res = await ask(await token());
  const text = JSON.stringify(res.body);
  expect(res.body.errors.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/127\.0\.0\.1|secret\.js|stacktrace|serviceName/);
});

test('coded business errors from a subgraph reach the client with their code and field', async () => {
  handler = (_req, _body, res) =>
    json(res, { data: null, errors: [{ message: 'input.code: code X is already used', path: ['organizationRoots'], extensions: { code: 'CONFLICT', field: 'input.code' } }] });
  const res = await ask(await token());
  expect(res.body.errors[0]).toMatchObject({ message: 'input.code: code X is already used', extensions: { code: 'CONFLICT', field: 'input.code' } });
});

test('health and readiness endpoints answer', async () => {
  const base = gateway.url.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/health`)).status).toBe(200);
  expect((await fetch(`${base}/ready`)).status).toBe(200);
});
