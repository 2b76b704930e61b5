import { callerFromClaims, DomainError, ROLES, type Caller, type Role } from '@party/subgraph-kit';
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { DEFAULT_CLAIMS, type ClaimMapping, type GatewayConfig } from './config';

export const USER_TOKEN_ALG = 'ES256';

/** Verifies callers' bearer tokens: signature, issuer, audience, expiry (with the configured clock skew). */
export async function createTokenVerifier(auth: GatewayConfig['auth']): Promise<(authorization: string | undefined) => Promise<Caller>> {
  const key: KeyLike | Uint8Array | JWTVerifyGetKey = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl))
    : await importJWK(JSON.parse(auth.publicJwk!) as JWK, USER_TOKEN_ALG);
  const claims = auth.claims ?? DEFAULT_CLAIMS;
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
      return callerFromTokenClaims(payload, claims);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      const reason = (e as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'Token has expired' : 'Token is not valid for this platform';
      throw new DomainError('UNAUTHENTICATED', reason);
    }
  };
}

/** The value at a claim: a top-level name first (`https://party.example/roles`), else a dotted path (`realm_access.roles`). */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let at: unknown = payload;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** A list of names: a JSON array of strings, or one string of names separated by spaces or commas. */
function names(payload: Record<string, unknown>, path: string, what: string): string[] {
  const value = claimAt(payload, path);
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new DomainError('UNAUTHENTICATED', `Token claim "${path}" must be a list of ${what}`);
}

/**
 * The platform's caller from a verified token of any identity provider: its roles and organisation
 * scope read where the configuration says (AUTH_ROLES_CLAIM, AUTH_SCOPE_CLAIM) and the provider's
 * role names translated (AUTH_ROLE_MAP). Role names the platform does not know are ignored (identity
 * providers add their own, e.g. Keycloak's `offline_access`). Refused: malformed claims
 * (UNAUTHENTICATED), no platform role, or no organisation for a caller who is not an administrator
 * (FORBIDDEN), each naming the claim.
 */
export function callerFromTokenClaims(payload: Record<string, unknown>, mapping: ClaimMapping = DEFAULT_CLAIMS): Caller {
  const roles = new Set<Role>();
  for (const name of names(payload, mapping.rolesClaim, 'role names')) {
    const role = Object.hasOwn(mapping.roleMap, name) ? mapping.roleMap[name] : (ROLES as readonly string[]).includes(name) ? (name as Role) : undefined;
    if (role) roles.add(role);
  }
  if (roles.size === 0) {
    const known = [...ROLES, ...Object.keys(mapping.roleMap)].join(', ');
    throw new DomainError('FORBIDDEN', `Your token carries no role of this platform in claim "${mapping.rolesClaim}" (one of: ${known}); ask your administrator for a role`);
  }
  const orgs = names(payload, mapping.scopeClaim, 'organisation ids');
  if (orgs.length === 0 && !roles.has('SYSTEM_ADMIN')) {
    throw new DomainError('FORBIDDEN', `Your token names no organisation in claim "${mapping.scopeClaim}"; ask your administrator to assign your organisations`);
  }
  try {
    return callerFromClaims({ sub: payload.sub, roles: [...roles], orgs });
  } catch (e) {
    // Name the provider's claim, not the platform's internal one.
    if (e instanceof DomainError && /orgs/.test(e.message)) {
      throw new DomainError('UNAUTHENTICATED', `Token claim "${mapping.scopeClaim}" must hold organisation ids (UUIDs)`);
    }
    throw e;
  }
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
