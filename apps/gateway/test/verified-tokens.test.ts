import type { Caller } from '@party/subgraph-kit';
import { createTokenVerifier, generateDemoIssuerKeys, mintDemoToken } from '../src/auth';
import { cacheVerifiedTokens } from '../src/verified-tokens';

// The gateway's memory of verified callers' tokens: what it answers from memory, and for how long.
const ISSUER = 'party-test-issuer';
const AUDIENCE = 'party-platform';
const officer: Caller = { userId: 'officer-1', roles: ['ORG_OFFICER'], scope: ['5f0c5a3e-6b1d-4c2a-9d4e-0a1b2c3d4e5f'] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let keys: { privateJwk: string; publicJwk: string };
let checks: number;
let verify: (authorization: string | undefined) => Promise<Caller>;
const mint = (opts: { ttlSeconds?: number; expiresAt?: number; key?: string } = {}) =>
  mintDemoToken(opts.key ?? keys.privateJwk, officer, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: opts.ttlSeconds ?? 600, expiresAt: opts.expiresAt });

beforeAll(async () => {
  keys = await generateDemoIssuerKeys();
  const real = await createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, publicJwk: keys.publicJwk, clockSkewSeconds: 3 });
  verify = async (authorization) => {
    checks++;
    return real(authorization);
  };
});
beforeEach(() => (checks = 0));

test('a token is verified once and then answered from memory, read-only', async () => {
  const cached = cacheVerifiedTokens(verify, { maxAgeSeconds: 60, clockSkewSeconds: 3 });
  const header = `Bearer ${await mint()}`;
  const first = await cached(header);
  expect(first).toEqual(officer);
  expect(await cached(header)).toBe(first);
  expect(await cached(header)).toBe(first);
  expect(checks).toBe(1);
  expect(Object.isFrozen(first) && Object.isFrozen(first.roles) && Object.isFrozen(first.scope)).toBe(true);
  // Another token of the same user is a token of its own.
  await cached(`Bearer ${await mint({ ttlSeconds: 300 })}`);
  expect(checks).toBe(2);
});

test('a refused token is checked, and refused, every time', async () => {
  const cached = cacheVerifiedTokens(verify, { maxAgeSeconds: 60, clockSkewSeconds: 3 });
  const forged = `Bearer ${await mint({ key: (await generateDemoIssuerKeys()).privateJwk })}`;
  const expired = `Bearer ${await mint({ expiresAt: Math.floor(Date.now() / 1000) - 60 })}`;
  for (let i = 0; i < 3; i++) {
    await expect(cached(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(cached(expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token has expired' });
    await expect(cached(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  }
  expect(checks).toBe(9);
});

test('a remembered token is refused once it expires (with the clock skew), as the verifier would', async () => {
  const cached = cacheVerifiedTokens(verify, { maxAgeSeconds: 60, clockSkewSeconds: 3 });
  // exp one second ago: valid for 1–2 s more within the 3 s skew.
  const header = `Bearer ${await mint({ expiresAt: Math.floor(Date.now() / 1000) - 1 })}`;
  await expect(cached(header)).resolves.toEqual(officer);
  await sleep(2100);
  await expect(cached(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token has expired' });
  expect(checks).toBe(2);
});

test('a remembered token is checked again after maxAgeSeconds (a key withdrawn from the JWKS stops working)', async () => {
  const cached = cacheVerifiedTokens(verify, { maxAgeSeconds: 0.3, clockSkewSeconds: 3 });
  const header = `Bearer ${await mint()}`;
  await cached(header);
  await cached(header);
  expect(checks).toBe(1);
  await sleep(350);
  await cached(header);
  expect(checks).toBe(2);
});

test('maxAgeSeconds 0 checks every request', async () => {
  const cached = cacheVerifiedTokens(verify, { maxAgeSeconds: 0, clockSkewSeconds: 3 });
  const header = `Bearer ${await mint()}`;
  await cached(header);
  await cached(header);
  expect(checks).toBe(2);
});
