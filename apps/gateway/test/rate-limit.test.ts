import type { Caller } from '@party/subgraph-kit';
import { post, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

// Requests per user: the gateway as deployed, with a small limit (3 a second) to reach it quickly.
let p: GatewayTestPlatform;
beforeAll(async () => {
  p = await startGatewayPlatform({ production: true, gatewayEnv: { RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '1' } });
});
afterAll(() => p?.stop());

// An officer of an organisation that does not exist here: served, with no roots (a token naming no organisation is refused).
const officer = (userId: string): Caller => ({ userId, roles: ['ORG_OFFICER'], scope: ['00000000-0000-4000-8000-000000000000'] });
const ask = async (caller: Caller) => {
  const before = p.subgraphRequests();
  const res = await p.send({ ...post({ query: '{ organizationRoots { id } }' }), authorization: `Bearer ${await p.token(caller)}` });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: res.body, subgraphRequests: p.subgraphRequests() - before };
};
const served = { status: 200, retryAfter: null, body: { data: { organizationRoots: [] } }, subgraphRequests: 1 };
const refused = {
  status: 429,
  retryAfter: '1',
  body: { errors: [{ message: 'Too many requests: at most 3 per 1 s for one user; retry in 1 s', extensions: { code: 'RATE_LIMITED' } }] },
  subgraphRequests: 0,
};

test('the fourth request of a user within the window is refused with 429 and Retry-After, before it reaches a subgraph; others are not held back; the next window serves again', async () => {
  const a = officer('rate-a');
  const b = officer('rate-b');
  // A user's window starts with their first request: the four fall into one.
  const results = [await ask(a), await ask(a), await ask(a), await ask(a), await ask(b)];
  expect(results).toEqual([served, served, served, refused, served]);
  await new Promise((r) => setTimeout(r, 1100));
  expect(await ask(a)).toEqual(served);
});

test('requests without a valid token are refused with 401 and do not count against anyone', async () => {
  const c = officer('rate-c');
  for (let i = 0; i < 5; i++) {
    const res = await p.send({ ...post({ query: '{ organizationRoots { id } }' }), authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
  }
  expect(await ask(c)).toEqual(served);
});
