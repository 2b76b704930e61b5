import { SignJWT, jwtVerify, importJWK, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { DomainError } from './errors';

/** Roles known to the platform (issue 5 refines what each may do). */
export const ROLES = ['ORG_OFFICER', 'VIEWER', 'ANALYST', 'SYSTEM_ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as every subgraph's context carries it. */
export interface Caller {
  userId: string;
  roles: Role[];
  /** Organisation ids; the caller reaches these and everything under them. Empty for administrators. */
  scope: string[];
}

export const isAdmin = (caller: Caller) => caller.roles.includes('SYSTEM_ADMIN');

/** Header in which the gateway forwards the caller to subgraphs. */
export const CALLER_HEADER = 'x-caller-token';
export const REQUEST_ID_HEADER = 'x-request-id';
const INTERNAL_ISSUER = 'party-gateway';
const INTERNAL_AUDIENCE = 'party-subgraphs';
const INTERNAL_ALG = 'EdDSA';
/** Clock tolerance of a forwarded caller's expiry, in seconds. */
const INTERNAL_CLOCK_TOLERANCE = 5;

const callerClaims = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).default([]),
  orgs: z.array(z.uuid({ message: 'must be organisation ids' })).default([]),
});

/** Parses the platform's claims (`sub`, `roles`, `orgs`) from a verified JWT payload. */
export function callerFromClaims(payload: unknown): Caller {
  const parsed = callerClaims.safeParse(payload);
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED', `Token claims invalid: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
  return { userId: parsed.data.sub, roles: parsed.data.roles, scope: parsed.data.orgs };
}

/** Signs the caller for one hop gateway → subgraph (short-lived, audience-bound). */
export async function signCallerToken(caller: Caller, privateKey: KeyLike | Uint8Array, requestId: string, ttlSeconds = 60): Promise<string> {
  return new SignJWT({ roles: caller.roles, orgs: caller.scope, rid: requestId })
    .setProtectedHeader({ alg: INTERNAL_ALG })
    .setSubject(caller.userId)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}

/** Verifies a forwarded caller; throws UNAUTHENTICATED if it was not signed by the gateway or has expired. */
export async function verifyCallerToken(token: string | undefined, publicKey: KeyLike | Uint8Array): Promise<Caller> {
  return (await verifyCallerTokenClaims(token, publicKey)).caller;
}

async function verifyCallerTokenClaims(token: string | undefined, publicKey: KeyLike | Uint8Array): Promise<{ caller: Caller; exp: number }> {
  if (!token) throw new DomainError('UNAUTHENTICATED', 'This service only answers requests forwarded by the gateway');
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: INTERNAL_ISSUER,
      audience: INTERNAL_AUDIENCE,
      algorithms: [INTERNAL_ALG],
      clockTolerance: INTERNAL_CLOCK_TOLERANCE,
      requiredClaims: ['exp'],
    });
    return { caller: callerFromClaims(payload), exp: payload.exp! };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('UNAUTHENTICATED', 'Forwarded caller could not be verified');
  }
}

/**
 * The gateway's signer of forwarded callers, reusing a token per caller: a caller (user, roles,
 * organisations) is signed once and the same token is forwarded with their requests for `reuseSeconds`
 * (of its `ttlSeconds` of validity), instead of one signature per request. A token so reused carries
 * no request id (that travels in `x-request-id`); every token a subgraph receives still has at least
 * `ttlSeconds − reuseSeconds` seconds left. docs/decisions/0018-per-request-fixed-cost.md.
 */
export function createCallerTokenSigner(
  privateKey: KeyLike | Uint8Array,
  opts: { ttlSeconds?: number; reuseSeconds?: number; maxCallers?: number } = {},
): (caller: Caller) => Promise<string> {
  const ttlSeconds = opts.ttlSeconds ?? 60;
  const reuseSeconds = opts.reuseSeconds ?? 30;
  if (!(reuseSeconds >= 0 && reuseSeconds < ttlSeconds)) throw new Error(`reuseSeconds (${reuseSeconds}) must be at least 0 and below ttlSeconds (${ttlSeconds})`);
  // Promises are kept, so concurrent first requests of one caller share one signature.
  const tokens = new LRUCache<string, Promise<string>>({ max: opts.maxCallers ?? 10_000, ttl: reuseSeconds * 1000, ttlAutopurge: false });
  return (caller) => {
    const key = JSON.stringify([caller.userId, caller.roles, caller.scope]);
    let token = tokens.get(key);
    if (!token) {
      token = new SignJWT({ roles: caller.roles, orgs: caller.scope })
        .setProtectedHeader({ alg: INTERNAL_ALG })
        .setSubject(caller.userId)
        .setIssuer(INTERNAL_ISSUER)
        .setAudience(INTERNAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
      if (reuseSeconds > 0) {
        tokens.set(key, token);
        token.catch(() => tokens.delete(key));
      }
    }
    return token;
  };
}

/**
 * A subgraph's check of forwarded callers, remembering the tokens it has verified: a token seen
 * again (the gateway reuses one per caller, see `createCallerTokenSigner`) is answered from memory
 * until its own expiry (with the same 5 s tolerance), without another signature check. Only tokens
 * that passed `verifyCallerToken` are remembered; any other is checked, and refused, every time.
 */
export function createCallerTokenVerifier(publicKey: KeyLike | Uint8Array, opts: { maxTokens?: number } = {}): (token: string | undefined) => Promise<Caller> {
  const verified = new LRUCache<string, { caller: Caller; expiresAtMs: number }>({ max: opts.maxTokens ?? 10_000 });
  return async (token) => {
    if (token) {
      const hit = verified.get(token);
      if (hit && Date.now() < hit.expiresAtMs) return hit.caller;
    }
    const { caller, exp } = await verifyCallerTokenClaims(token, publicKey);
    // Shared by the requests that carry the same token: read-only.
    const frozen = Object.freeze({ ...caller, roles: Object.freeze([...caller.roles]) as Role[], scope: Object.freeze([...caller.scope]) as string[] });
    verified.set(token!, { caller: frozen, expiresAtMs: (exp + INTERNAL_CLOCK_TOLERANCE) * 1000 });
    return frozen;
  };
}

export async function importInternalKey(jwkJson: string): Promise<KeyLike | Uint8Array> {
  return importJWK(JSON.parse(jwkJson) as JWK, INTERNAL_ALG);
}

/** A fresh Ed25519 key pair for gateway → subgraph signing (development and tests). */
export async function generateInternalKeyPair(): Promise<{ privateJwk: string; publicJwk: string }> {
  const { privateKey, publicKey } = await generateKeyPair(INTERNAL_ALG, { crv: 'Ed25519', extractable: true });
  return { privateJwk: JSON.stringify(await exportJWK(privateKey)), publicJwk: JSON.stringify(await exportJWK(publicKey)) };
}
