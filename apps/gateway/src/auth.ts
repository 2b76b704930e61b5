import { callerFromClaims, DomainError, type Caller } from '@party/subgraph-kit';
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';
import type { GatewayConfig } from './config';

export const USER_TOKEN_ALG = 'ES256';

/** Verifies callers' bearer tokens: signature, issuer, audience, expiry (with the configured clock skew). */
export async function createTokenVerifier(auth: GatewayConfig['auth']): Promise<(authorization: string | undefined) => Promise<Caller>> {
  const key: KeyLike | Uint8Array | JWTVerifyGetKey = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl))
    : await importJWK(JSON.parse(auth.publicJwk!) as JWK, USER_TOKEN_ALG);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header');
    try {
      const { payload } = await jwtVerify(match[1]!, key as KeyLike, {
        issuer: auth.issuer,
        audience: auth.audience,
        clockTolerance: auth.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return callerFromClaims(payload);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      const reason = (e as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'Token has expired' : 'Token is not valid for this platform';
      throw new DomainError('UNAUTHENTICATED', reason);
    }
  };
}

/** A local identity provider for development and tests: a key pair and a token minter. */
export async function generateDemoIssuerKeys(): Promise<{ privateJwk: string; publicJwk: string }> {
  const { privateKey, publicKey } = await generateKeyPair(USER_TOKEN_ALG, { extractable: true });
  return { privateJwk: JSON.stringify(await exportJWK(privateKey)), publicJwk: JSON.stringify(await exportJWK(publicKey)) };
}

export async function mintDemoToken(
  privateJwk: string,
  caller: Caller,
  opts: { issuer: string; audience: string; ttlSeconds?: number; expiresAt?: number },
): Promise<string> {
  const key = await importJWK(JSON.parse(privateJwk) as JWK, USER_TOKEN_ALG);
  const jwt = new SignJWT({ roles: caller.roles, orgs: caller.scope })
    .setProtectedHeader({ alg: USER_TOKEN_ALG })
    .setSubject(caller.userId)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt();
  jwt.setExpirationTime(opts.expiresAt ?? `${opts.ttlSeconds ?? 12 * 3600}s`);
  return jwt.sign(key);
}
