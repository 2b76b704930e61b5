import { GraphQLError } from 'graphql';
import { z } from 'zod';
import {
  DateScalar,
  DomainError,
  addDays,
  callerFromClaims,
  createFormatError,
  decodeCursor,
  encodeCursor,
  generateInternalKeyPair,
  importInternalKey,
  isIsoDate,
  loadConfig,
  parseInput,
  signCallerToken,
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
