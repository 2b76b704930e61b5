import { loadConfig } from '@party/subgraph-kit';
import { z } from 'zod';

const url = z.string().url();

export const gatewayEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Expected `iss` of callers' JWTs. */
    AUTH_ISSUER: z.string().min(1).default('party-demo-issuer'),
    /** Expected `aud` of callers' JWTs. */
    AUTH_AUDIENCE: z.string().min(1).default('party-platform'),
    /** Keys of the identity provider; or AUTH_PUBLIC_JWK for a local key. */
    AUTH_JWKS_URL: url.optional(),
    AUTH_PUBLIC_JWK: z.string().optional(),
    AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    /** Private key (JWK JSON, Ed25519) that signs the caller forwarded to subgraphs. */
    GATEWAY_PRIVATE_JWK: z.string().min(1, 'GATEWAY_PRIVATE_JWK is required: the key that signs forwarded callers'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    ORGANIZATION_URL: url.default('http://127.0.0.1:4001/graphql'),
    MEMBERSHIP_URL: url.default('http://127.0.0.1:4002/graphql'),
    EVALUATION_URL: url.default('http://127.0.0.1:4003/graphql'),
  })
  .refine((e) => e.AUTH_JWKS_URL || e.AUTH_PUBLIC_JWK, { message: 'set AUTH_JWKS_URL or AUTH_PUBLIC_JWK', path: ['AUTH_JWKS_URL'] });

export interface GatewayConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  logLevel: string;
  auth: { issuer: string; audience: string; jwksUrl?: string; publicJwk?: string; clockSkewSeconds: number };
  gatewayPrivateJwk: string;
  subgraphTimeoutMs: number;
  /** Subgraph name → URL; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const e = loadConfig(gatewayEnvSchema, env);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    auth: { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, jwksUrl: e.AUTH_JWKS_URL, publicJwk: e.AUTH_PUBLIC_JWK, clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS },
    gatewayPrivateJwk: e.GATEWAY_PRIVATE_JWK,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    subgraphUrls: { organization: e.ORGANIZATION_URL, membership: e.MEMBERSHIP_URL, evaluation: e.EVALUATION_URL },
  };
}
