import { generateDemoIssuerKeys, loadGatewayConfig, mintDemoToken, startGateway } from '@party/gateway';
import { createLogger, generateInternalKeyPair, importInternalKey, signCallerToken, type Caller, type RunningServer } from '@party/subgraph-kit';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testEnvironment } from './config';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_ISSUER = 'party-test-issuer';
export const TEST_AUDIENCE = 'party-platform';

/** Starts one subgraph in-process against the test database, on a free port. */
export type SubgraphStarter = (env: Record<string, string>) => Promise<RunningServer>;

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestPlatform {
  db: TestDatabase;
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** Environment the subgraphs were started with (to open their databases directly). */
  env: Record<string, string>;
  /** A token for a caller, signed by the test identity provider. */
  token(caller: Caller, opts?: { expiresAt?: number }): Promise<string>;
  /**
   * The identity the gateway forwards to a subgraph (header `CALLER_HEADER`), for calling a
   * subgraph directly: signed with the gateway's key, or with `foreignKey` by another key.
   */
  subgraphToken(caller: Caller, opts?: { ttlSeconds?: number; foreignKey?: boolean }): Promise<string>;
  /** Sends a GraphQL request to the gateway as `caller` (or with a raw bearer token, or none). */
  query<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller | { token: string } | null): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export const ADMIN: Caller = { userId: 'test-admin', roles: ['SYSTEM_ADMIN'], scope: [] };

export interface PlatformOptions {
  /** Extra gateway environment (limits, rate limit, safelist, …) over the harness's own. */
  gatewayEnv?: Record<string, string>;
  /**
   * Runs the gateway as deployed: NODE_ENV=production, every default limit (none of
   * HARNESS_GATEWAY_ENV), and an identity provider behind a JWKS URL served on the
   * loopback interface (a demo key is refused in production).
   */
  production?: boolean;
}

/**
 * What the harness changes in the gateway outside production mode. It keeps the default
 * depth, directive and cost limits, and raises the per-user rate limit (a test file sends
 * hundreds of requests as one user within seconds) and the alias and token limits (test data
 * is built with documents of up to 200 aliased mutations, e.g. createMany; no client sends those).
 */
export const HARNESS_GATEWAY_ENV: Readonly<Record<string, string>> = {
  RATE_LIMIT_REQUESTS: '1000000',
  QUERY_MAX_ALIASES: '1000',
  QUERY_MAX_TOKENS: '20000',
};

/** Serves the test identity provider's public key as a JWKS on 127.0.0.1 (what production requires). */
async function serveJwks(publicJwk: string): Promise<{ url: string; close: () => Promise<void> }> {
  const body = JSON.stringify({ keys: [{ ...JSON.parse(publicJwk), alg: 'ES256', use: 'sig' }] });
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Boots the given subgraphs and the real gateway in-process on a fresh
 * database: integration tests talk to it exactly as clients do.
 */
export async function startPlatform(subgraphs: Record<string, SubgraphStarter>, options: PlatformOptions = {}): Promise<TestPlatform> {
  const db = await createTestDatabase();
  const internal = await generateInternalKeyPair();
  const issuer = await generateDemoIssuerKeys();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: testEnvironment().logLevel,
    DATABASE_URL: db.url,
    GATEWAY_PUBLIC_JWK: internal.publicJwk,
    PORT: '0',
  };
  const running: RunningServer[] = [];
  const subgraphUrls: Record<string, string> = {};
  let jwks: Awaited<ReturnType<typeof serveJwks>> | undefined;
  try {
    for (const [name, start] of Object.entries(subgraphs)) {
      const server = await start(env);
      running.push(server);
      subgraphUrls[name] = server.url;
    }
    if (options.production) jwks = await serveJwks(issuer.publicJwk);
    const gatewayConfig = loadGatewayConfig({
      ...env,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      ...(jwks ? { NODE_ENV: 'production', AUTH_JWKS_URL: jwks.url } : { AUTH_PUBLIC_JWK: issuer.publicJwk }),
      GATEWAY_PRIVATE_JWK: internal.privateJwk,
      ...(options.production ? {} : HARNESS_GATEWAY_ENV),
      ...Object.fromEntries(Object.entries(subgraphUrls).map(([n, u]) => [`${n.toUpperCase()}_URL`, u])),
      ...options.gatewayEnv,
    });
    const gateway = await startGateway(gatewayConfig, { log: createLogger('gateway', env.LOG_LEVEL) });
    running.push(gateway);

    const token = (caller: Caller, opts: { expiresAt?: number } = {}) =>
      mintDemoToken(issuer.privateJwk, caller, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 600, ...opts });

    return {
      db,
      gatewayUrl: gateway.url,
      subgraphUrls,
      env,
      token,
      async subgraphToken(caller, opts = {}) {
        const keys = opts.foreignKey ? await generateInternalKeyPair() : internal;
        return signCallerToken(caller, await importInternalKey(keys.privateJwk), `test-${Date.now()}`, opts.ttlSeconds ?? 60);
      },
      async query(query, variables = {}, as = ADMIN) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (as) headers.authorization = `Bearer ${'token' in as ? as.token : await token(as)}`;
        const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
        const body = (await res.json()) as GraphQLResponse;
        return { ...body, status: res.status };
      },
      async stop() {
        for (const server of running.reverse()) await server.stop();
        await jwks?.close();
        await db.drop();
      },
    };
  } catch (e) {
    for (const server of running.reverse()) await server.stop().catch(() => undefined);
    await jwks?.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
}
