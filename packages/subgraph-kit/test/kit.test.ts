import { GraphQLError } from 'graphql';
import { z } from 'zod';
import {
  DateScalar,
  DomainError,
  addDays,
  callerFromClaims,
  createCallerTokenSigner,
  createCallerTokenVerifier,
  createFormatError,
  decodeCursor,
  encodeCursor,
  generateInternalKeyPair,
  importInternalKey,
  isIsoDate,
  loadConfig,
  parseInput,
  signCallerToken,
  today,
  verifyCallerToken,
} from '../src';

describe('Date', () => {
  test.each(['2024-12-31', '2024-02-29', '2000-01-01'])('accepts the calendar day %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
    expect(DateScalar.parseValue(d)).toBe(d);
  });
  test.each(['2024-13-45', '2023-02-29', '2024-02-30', 'yesterday', '2024-1-1', '2024-01-01T00:00:00Z', ''])('refuses %j', (d) => {
    expect(isIsoDate(d)).toBe(false);
    expect(() => DateScalar.parseValue(d)).toThrow(/YYYY-MM-DD/);
  });
  test("today's date in a time zone, the formatter kept per zone", () => {
    const utc = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 2; i++) {
      // A second apart at most: the same day unless the test runs across midnight in one of the zones.
      expect([utc, addDays(utc, 1), addDays(utc, -1)]).toContain(today('Asia/Ho_Chi_Minh'));
      expect([utc, addDays(utc, -1)]).toContain(today('America/Los_Angeles'));
      expect(isIsoDate(today())).toBe(true);
    }
    expect(today('UTC')).toBe(new Date().toISOString().slice(0, 10));
  });
  test('adds days across months and years', () => {
    expect(addDays('2025-07-01', -1)).toBe('2025-06-30');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(1, 'must not be empty'), parts: z.array(z.object({ code: z.string().regex(/^[A-Z]+$/, 'bad code') })) });
  test('names every offending field under input', () => {
    let error: unknown;
    try {
      parseInput(schema, { name: '', parts: [{ code: 'OK' }, { code: 'x' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.field).toBe('input.name');
    expect(e.problems).toEqual([
      { field: 'input.name', message: 'must not be empty' },
      { field: 'input.parts.1.code', message: 'bad code' },
    ]);
  });
});

describe('loadConfig', () => {
  test('lists every problem at once', () => {
    const schema = z.object({ A: z.string().url(), B: z.coerce.number().int() });
    expect(() => loadConfig(schema, { A: 'nope', B: 'x' })).toThrow(/A:.*\n.*B:/s);
  });
});

describe('formatError', () => {
  const logged: unknown[] = [];
  const format = createFormatError((e) => logged.push(e));
  test('maps domain errors to coded errors with the field', () => {
    const out = format({ message: 'x' }, new DomainError('CONFLICT', 'code is taken', 'input.code'));
    expect(out).toEqual({ message: 'code is taken', extensions: { code: 'CONFLICT', field: 'input.code' } });
  });
  test('masks unexpected errors and logs them', () => {
    const out = format({ message: 'connect ECONNREFUSED 127.0.0.1:4001', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, new Error('connect ECONNREFUSED 127.0.0.1:4001'));
    expect(out).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toHaveLength(1);
  });
  test('keeps only public extension keys of coded errors', () => {
    const out = format({ message: 'bad', extensions: { code: 'BAD_USER_INPUT', serviceName: 'organization', stacktrace: ['x'] } }, new GraphQLError('bad'));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
  test('names the input field of a variable that did not coerce', () => {
    const at = format({ message: 'Variable "$input" got invalid value "x" at "input.introducers[1].workedTogetherSince"; Expected type "Date".', extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError('x'));
    expect(at.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.introducers.1.workedTogetherSince' });
    const whole = format({ message: 'Variable "$asOf" got invalid value "soon"; Expected type "Date".', extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError('x'));
    expect(whole.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });
});

describe('caller forwarding', () => {
  test('a caller signed by the gateway key verifies; another key, a missing token and an expired one do not', async () => {
    const keys = await generateInternalKeyPair();
    const other = await generateInternalKeyPair();
    const caller = { userId: 'u1', roles: ['ORG_OFFICER' as const], scope: ['5f0c5a3e-6b1d-4c2a-9d4e-0a1b2c3d4e5f', '7d9e8f10-2a3b-4c5d-8e6f-112233445566'] };
    const token = await signCallerToken(caller, await importInternalKey(keys.privateJwk), 'rid-1');
    await expect(verifyCallerToken(token, await importInternalKey(keys.publicJwk))).resolves.toEqual(caller);
    await expect(verifyCallerToken(token, await importInternalKey(other.publicJwk))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifyCallerToken(undefined, await importInternalKey(keys.publicJwk))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = await signCallerToken(caller, await importInternalKey(keys.privateJwk), 'rid-2', -60);
    await expect(verifyCallerToken(expired, await importInternalKey(keys.publicJwk))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  const officer = { userId: 'u1', roles: ['ORG_OFFICER' as const], scope: ['5f0c5a3e-6b1d-4c2a-9d4e-0a1b2c3d4e5f'] };
  const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('the gateway signs a caller once and reuses the token within the reuse window; another caller gets its own', async () => {
    const keys = await generateInternalKeyPair();
    const sign = createCallerTokenSigner(await importInternalKey(keys.privateJwk), { ttlSeconds: 3, reuseSeconds: 1 });
    const first = await sign(officer);
    expect(await sign({ ...officer, scope: [...officer.scope] })).toBe(first);
    const viewer = await sign({ ...officer, roles: ['VIEWER'] });
    const elsewhere = await sign({ ...officer, scope: ['7d9e8f10-2a3b-4c5d-8e6f-112233445566'] });
    expect(new Set([first, viewer, elsewhere]).size).toBe(3);
    await expect(verifyCallerToken(first, await importInternalKey(keys.publicJwk))).resolves.toEqual(officer);
    await expect(verifyCallerToken(viewer, await importInternalKey(keys.publicJwk))).resolves.toEqual({ ...officer, roles: ['VIEWER'] });
    // Valid for ttlSeconds, no request id inside (it travels in its own header).
    const claims = payloadOf(first);
    expect(claims).not.toHaveProperty('rid');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3);
    await sleep(1100);
    const next = await sign(officer);
    expect(next).not.toBe(first);
    expect(Number(payloadOf(next).iat)).toBeGreaterThan(Number(claims.iat));
  });

  test('a reuse window as long as the token is refused', async () => {
    const keys = await generateInternalKeyPair();
    const key = await importInternalKey(keys.privateJwk);
    expect(() => createCallerTokenSigner(key, { ttlSeconds: 30, reuseSeconds: 30 })).toThrow(/reuseSeconds/);
  });

  test('a subgraph verifies a token once, answers it from memory until it expires, and never remembers a refused one', async () => {
    const keys = await generateInternalKeyPair();
    const forged = await generateInternalKeyPair();
    const verify = createCallerTokenVerifier(await importInternalKey(keys.publicJwk));
    const token = await signCallerToken(officer, await importInternalKey(keys.privateJwk), 'rid-1');
    const caller = await verify(token);
    expect(caller).toEqual(officer);
    // The second answer is the remembered one (the same object), and it is read-only.
    expect(await verify(token)).toBe(caller);
    expect(Object.isFrozen(caller) && Object.isFrozen(caller.scope) && Object.isFrozen(caller.roles)).toBe(true);
    // Refused every time: another key, nothing, the user's kind of token.
    const bad = await signCallerToken(officer, await importInternalKey(forged.privateJwk), 'rid-2');
    for (let i = 0; i < 2; i++) {
      await expect(verify(bad)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(verify(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // A token past its expiry (exp 3 s ago; the 5 s tolerance leaves it 1–2 s) is refused once that has passed,
    // although it was answered from memory before.
    const ending = await signCallerToken(officer, await importInternalKey(keys.privateJwk), 'rid-3', -3);
    await expect(verify(ending)).resolves.toEqual(officer);
    await sleep(2100);
    await expect(verify(ending)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

test('claims with organisations that are not ids are refused', () => {
  expect(() => callerFromClaims({ sub: 'u', roles: ['VIEWER'], orgs: ["x' OR 1=1"] })).toThrow(/orgs/);
  expect(() => callerFromClaims({ sub: 'u', roles: ['KING'] })).toThrow(/roles/);
  expect(callerFromClaims({ sub: 'u' })).toEqual({ userId: 'u', roles: [], scope: [] });
});

describe('cursors', () => {
  test('round-trip and refuse foreign strings', () => {
    const shape = z.tuple([z.string(), z.number()]);
    expect(decodeCursor(encodeCursor(['a', 1]), shape)).toEqual(['a', 1]);
    expect(() => decodeCursor('not-a-cursor', shape)).toThrow(/after/);
    expect(decodeCursor(null, shape)).toBeNull();
  });
});
