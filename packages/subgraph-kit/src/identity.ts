import { SignJWT, jwtVerify, importJWK, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
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
  if (!token) throw new DomainError('UNAUTHENTICATED', 'This service only answers requests forwarded by the gateway');
  try {
    const { payload } = await jwtVerify(token, publicKey, { issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE, algorithms: [INTERNAL_ALG], clockTolerance: 5 });
    return callerFromClaims(payload);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('UNAUTHENTICATED', 'Forwarded caller could not be verified');
  }
}

export async function importInternalKey(jwkJson: string): Promise<KeyLike | Uint8Array> {
  return importJWK(JSON.parse(jwkJson) as JWK, INTERNAL_ALG);
}

/** A fresh Ed25519 key pair for gateway → subgraph signing (development and tests). */
export async function generateInternalKeyPair(): Promise<{ privateJwk: string; publicJwk: string }> {
  const { privateKey, publicKey } = await generateKeyPair(INTERNAL_ALG, { crv: 'Ed25519', extractable: true });
  return { privateJwk: JSON.stringify(await exportJWK(privateKey)), publicJwk: JSON.stringify(await exportJWK(publicKey)) };
}
