import { DomainError, type Caller, type Role } from '@party/subgraph-kit';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';

export interface VerifiedTokenCacheOptions {
  /** Longest a verified token is answered from memory before its signature is checked again, in seconds. */
  maxAgeSeconds: number;
  /** Tolerated clock skew: a token is accepted until `exp` + this, as the verifier accepts it. */
  clockSkewSeconds: number;
  /** Tokens remembered at most (least recently used ones are forgotten first). */
  maxTokens?: number;
}

/**
 * Remembers the callers' tokens the gateway has verified: the same bearer token sent again within
 * `maxAgeSeconds` is answered without another signature check (ES256: ~0.2–0.5 ms a request on a
 * 2-core machine). Only tokens that passed `verify` are remembered, each until the earlier of its
 * own expiry (with the clock skew `verify` allows) and `maxAgeSeconds` (so a key withdrawn from the
 * identity provider's JWKS stops being honoured within that time); any other token is checked, and
 * refused, every time. docs/decisions/0018-per-request-fixed-cost.md.
 */
export function cacheVerifiedTokens(
  verify: (authorization: string | undefined) => Promise<Caller>,
  opts: VerifiedTokenCacheOptions,
): (authorization: string | undefined) => Promise<Caller> {
  if (opts.maxAgeSeconds <= 0) return verify;
  const verified = new LRUCache<string, { caller: Caller; expiresAtMs: number }>({ max: opts.maxTokens ?? 10_000 });
  return async (authorization) => {
    if (authorization) {
      const hit = verified.get(authorization);
      if (hit && Date.now() < hit.expiresAtMs) return hit.caller;
    }
    const caller = await verify(authorization);
    // Verified: the header is "Bearer <jwt>" and the token carries `exp` (a required claim).
    const exp = decodeJwt(/\S+$/.exec(authorization!)![0]).exp;
    if (typeof exp !== 'number') throw new DomainError('UNAUTHENTICATED', 'Token has no expiry');
    const expiresAtMs = Math.min((exp + opts.clockSkewSeconds) * 1000, Date.now() + opts.maxAgeSeconds * 1000);
    // Shared by every request that sends the same token: read-only.
    const frozen: Caller = Object.freeze({ ...caller, roles: Object.freeze([...caller.roles]) as Role[], scope: Object.freeze([...caller.scope]) as string[] });
    verified.set(authorization!, { caller: frozen, expiresAtMs });
    return frozen;
  };
}
