import { z } from 'zod';
import { DEFAULT_AGGREGATE_MIN_CELL } from './suppression';

/**
 * Parses configuration once, at boot, from an environment object. Every
 * problem is listed at once; nothing else in the code reads `process.env`.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** What every subgraph reads from its environment. */
export const subgraphEnvSchema = (name: string, defaultPort: number) =>
  z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port(defaultPort),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Administrative URL: used at start-up to provision the subgraph's schema and role. */
    DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
    /** Password of the subgraph's own database role (created on first start). */
    [`${name.toUpperCase()}_DB_PASSWORD`]: z.string().min(8).default(`${name}-dev-password`),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** Public key (JWK JSON) with which the gateway signs the forwarded caller. */
    GATEWAY_PUBLIC_JWK: z.string().min(1, 'GATEWAY_PUBLIC_JWK is required: the gateway key that signs forwarded callers'),
    /** Aggregates served to analysts withhold counts from 1 to this − 1 (docs/decisions/0021). */
    AGGREGATE_MIN_CELL: z.coerce
      .number({ message: 'AGGREGATE_MIN_CELL must be a whole number of at least 1 (the smallest count shown to analysts)' })
      .int('AGGREGATE_MIN_CELL must be a whole number of at least 1 (the smallest count shown to analysts)')
      .min(1, 'AGGREGATE_MIN_CELL must be a whole number of at least 1 (the smallest count shown to analysts)')
      .max(1000, 'AGGREGATE_MIN_CELL must be at most 1000')
      .default(DEFAULT_AGGREGATE_MIN_CELL),
  });

export interface SubgraphConfig {
  name: string;
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  logLevel: string;
  databaseUrl: string;
  dbPassword: string;
  dbPoolSize: number;
  gatewayPublicJwk: string;
  /** AGGREGATE_MIN_CELL: the smallest count aggregates show to analysts (suppression.ts). */
  aggregateMinCell: number;
}

export function loadSubgraphConfig(name: string, defaultPort: number, env: Record<string, string | undefined> = process.env): SubgraphConfig {
  const raw = loadConfig(subgraphEnvSchema(name, defaultPort), env) as Record<string, unknown>;
  return {
    name,
    nodeEnv: raw.NODE_ENV as SubgraphConfig['nodeEnv'],
    port: raw.PORT as number,
    host: raw.HOST as string,
    logLevel: raw.LOG_LEVEL as string,
    databaseUrl: raw.DATABASE_URL as string,
    dbPassword: raw[`${name.toUpperCase()}_DB_PASSWORD`] as string,
    dbPoolSize: raw.DB_POOL_SIZE as number,
    gatewayPublicJwk: raw.GATEWAY_PUBLIC_JWK as string,
    aggregateMinCell: raw.AGGREGATE_MIN_CELL as number,
  };
}
