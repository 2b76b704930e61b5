import { loadConfig, ROLES, type Role } from '@party/subgraph-kit';
import path from 'node:path';
import { z } from 'zod';

const url = z.string().url();

/** The issuer `npm start` mints demo tokens for (scripts/start.mjs): never trusted in production. */
export const DEMO_ISSUER = 'party-demo-issuer';

/** Where the checked-in persisted-operation manifests live (apollo-persisted-query-manifest JSON files). */
export const DEFAULT_SAFELIST_DIR = path.resolve(__dirname, '..', 'operations');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Limits on what one GraphQL request may ask, set from the operations the clients really send
 * (operations/*.json) with a margin; docs/decisions/0008-gateway-limits.md says how they were measured.
 */
export const DEFAULT_LIMITS = {
  /** Field nesting. Deepest real operation: 12 (four levels of `children` from the roots); 14 with names at the fourth level. */
  maxDepth: 15,
  /** Aliased fields, `__typename` included. Most in a real operation: 8 (the web's organisation page). */
  maxAliases: 20,
  /** Directives (`@include`, `@skip`, …). Most in a real operation: 3 (the web's member page). */
  maxDirectives: 10,
  /** Lexical tokens; a longer document is not parsed. Longest real operation: 290 tokens. */
  maxTokens: 1000,
  /**
   * graphql-armor's cost (objects 2, scalars 1, ×1.5 per level, × the page size `first`, literal or variable).
   * Costliest real operations: a page of 500 members (129,546) and of 1,000 evaluation facts (118,625).
   */
  maxCost: 200000,
} as const;

/**
 * Where a claim sits in the token: a top-level name (`roles`, `https://party.example/roles`) or a
 * dotted path into nested objects (`realm_access.roles`, `resource_access.party-web.roles`).
 */
const claimPath = z
  .string()
  .min(1)
  .refine((v) => !/\s/.test(v) && !v.startsWith('.') && !v.endsWith('.') && !v.includes('..'), {
    message: 'must be a claim name or a dotted path without spaces or empty parts, e.g. realm_access.roles',
  });

/** `idp-role=PLATFORM_ROLE` pairs, comma-separated: e.g. `party-officer=ORG_OFFICER,party-admin=SYSTEM_ADMIN`. */
const roleMap = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const map: Record<string, Role> = {};
    for (const pair of (v ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([^=\s]+)\s*=\s*([A-Z_]+)$/.exec(pair);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not of the form idp-role=PLATFORM_ROLE` });
        continue;
      }
      if (!(ROLES as readonly string[]).includes(m[2]!)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}": ${m[2]} is not a platform role (${ROLES.join(', ')})` });
        continue;
      }
      map[m[1]!] = m[2] as Role;
    }
    return map;
  });

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const gatewayEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Expected `iss` of callers' JWTs. */
    AUTH_ISSUER: z.string().min(1).default(DEMO_ISSUER),
    /** Expected `aud` of callers' JWTs. */
    AUTH_AUDIENCE: z.string().min(1).default('party-platform'),
    /** Keys of the identity provider; or AUTH_PUBLIC_JWK for a local key. */
    AUTH_JWKS_URL: url.optional(),
    AUTH_PUBLIC_JWK: z.string().optional(),
    AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    /** Claim (name or dotted path) holding the caller's roles; default the platform's own `roles`. */
    AUTH_ROLES_CLAIM: claimPath.default('roles'),
    /** Claim (name or dotted path) holding the ids of the caller's organisations; default `orgs`. */
    AUTH_SCOPE_CLAIM: claimPath.default('orgs'),
    /** The identity provider's role names → the platform's roles. */
    AUTH_ROLE_MAP: roleMap,
    /** Private key (JWK JSON, Ed25519) that signs the caller forwarded to subgraphs. */
    GATEWAY_PRIVATE_JWK: z.string().min(1, 'GATEWAY_PRIVATE_JWK is required: the key that signs forwarded callers'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    ORGANIZATION_URL: url.default('http://127.0.0.1:4001/graphql'),
    MEMBERSHIP_URL: url.default('http://127.0.0.1:4002/graphql'),
    EVALUATION_URL: url.default('http://127.0.0.1:4003/graphql'),
    QUERY_MAX_DEPTH: positiveInt(DEFAULT_LIMITS.maxDepth),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.maxAliases),
    QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.maxDirectives),
    QUERY_MAX_TOKENS: positiveInt(DEFAULT_LIMITS.maxTokens),
    QUERY_MAX_COST: positiveInt(DEFAULT_LIMITS.maxCost),
    /** Largest request body, in bytes (default 1 MiB); larger ones are refused with 413. */
    REQUEST_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Requests one user may send per window; more are refused with 429 until the window moves on. */
    RATE_LIMIT_REQUESTS: positiveInt(600),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
    /** Persisted-operation safelist: off, log (unknown operations are logged) or enforce (only safelisted ones run). */
    SAFELIST_MODE: z.enum(['off', 'log', 'enforce']).default('off'),
    /** Folder of the safelist's manifests (every *.json in it). */
    SAFELIST_DIR: z.string().min(1).default(DEFAULT_SAFELIST_DIR),
  })
  .superRefine((e, ctx) => {
    if (!e.AUTH_JWKS_URL && !e.AUTH_PUBLIC_JWK) ctx.addIssue({ code: 'custom', message: 'set AUTH_JWKS_URL or AUTH_PUBLIC_JWK', path: ['AUTH_JWKS_URL'] });
    if (e.NODE_ENV !== 'production') return;
    // Production trusts only a real identity provider: never the demo issuer of `npm start`.
    if (e.AUTH_PUBLIC_JWK) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_PUBLIC_JWK'],
        message: 'a local (demo) issuer key is refused when NODE_ENV=production: unset AUTH_PUBLIC_JWK and set AUTH_JWKS_URL to the identity provider\'s keys',
      });
    }
    if (e.AUTH_ISSUER === DEMO_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_ISSUER'],
        message: `the demo issuer "${DEMO_ISSUER}" is refused when NODE_ENV=production: set AUTH_ISSUER to the identity provider's issuer`,
      });
    }
    if (e.AUTH_JWKS_URL) {
      const jwks = new URL(e.AUTH_JWKS_URL);
      if (jwks.protocol !== 'https:' && !LOOPBACK.has(jwks.hostname)) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'must be an https:// URL when NODE_ENV=production (plain http only on the loopback interface)' });
      }
    }
  });

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

export interface ClaimMapping {
  rolesClaim: string;
  scopeClaim: string;
  roleMap: Record<string, Role>;
}

/** The platform's own claims (`roles`, `orgs`): what the demo issuer mints. */
export const DEFAULT_CLAIMS: ClaimMapping = { rolesClaim: 'roles', scopeClaim: 'orgs', roleMap: {} };

export type SafelistMode = 'off' | 'log' | 'enforce';

export interface GatewayConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  logLevel: string;
  auth: {
    issuer: string;
    audience: string;
    jwksUrl?: string;
    publicJwk?: string;
    clockSkewSeconds: number;
    /** Where the identity provider puts roles and organisation scope, and how its role names map to the platform's. */
    claims?: ClaimMapping;
  };
  gatewayPrivateJwk: string;
  subgraphTimeoutMs: number;
  /** Subgraph name → URL; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  limits: QueryLimits;
  maxBodyBytes: number;
  rateLimit: { requests: number; windowSeconds: number };
  safelist: { mode: SafelistMode; dir: string };
}

/**
 * @apollo/gateway reports the host (cloud, CPU, memory) to Apollo's servers unless
 * APOLLO_TELEMETRY_DISABLED is set. This platform calls no outside service: off unless someone
 * sets the variable to "false" on purpose. Called before the gateway is built.
 */
export function disableApolloTelemetry(env: Record<string, string | undefined> = process.env): void {
  if (env.APOLLO_TELEMETRY_DISABLED !== 'false') env.APOLLO_TELEMETRY_DISABLED = 'true';
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const e = loadConfig(gatewayEnvSchema, env);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    auth: {
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      jwksUrl: e.AUTH_JWKS_URL,
      publicJwk: e.AUTH_PUBLIC_JWK,
      clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS,
      claims: { rolesClaim: e.AUTH_ROLES_CLAIM, scopeClaim: e.AUTH_SCOPE_CLAIM, roleMap: e.AUTH_ROLE_MAP },
    },
    gatewayPrivateJwk: e.GATEWAY_PRIVATE_JWK,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    subgraphUrls: { organization: e.ORGANIZATION_URL, membership: e.MEMBERSHIP_URL, evaluation: e.EVALUATION_URL },
    limits: { maxDepth: e.QUERY_MAX_DEPTH, maxAliases: e.QUERY_MAX_ALIASES, maxDirectives: e.QUERY_MAX_DIRECTIVES, maxTokens: e.QUERY_MAX_TOKENS, maxCost: e.QUERY_MAX_COST },
    maxBodyBytes: e.REQUEST_MAX_BYTES,
    rateLimit: { requests: e.RATE_LIMIT_REQUESTS, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    safelist: { mode: e.SAFELIST_MODE, dir: e.SAFELIST_DIR },
  };
}
