import { generateDemoIssuerKeys, loadGatewayConfig, mintDemoToken, startGateway } from '@party/gateway';
import { createLogger, generateInternalKeyPair, type Caller, type RunningServer } from '@party/subgraph-kit';
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
  /** Sends a GraphQL request to the gateway as `caller` (or with a raw bearer token, or none). */
  query<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller | { token: string } | null): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export const ADMIN: Caller = { userId: 'test-admin', roles: ['SYSTEM_ADMIN'], scope: [] };

/**
 * Boots the given subgraphs and the real gateway in-process on a fresh
 * database: integration tests talk to it exactly as clients do.
 */
export async function startPlatform(subgraphs: Record<string, SubgraphStarter>): Promise<TestPlatform> {
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
  try {
    for (const [name, start] of Object.entries(subgraphs)) {
      const server = await start(env);
      running.push(server);
      subgraphUrls[name] = server.url;
    }
    const gatewayConfig = loadGatewayConfig({
      ...env,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      AUTH_PUBLIC_JWK: issuer.publicJwk,
      GATEWAY_PRIVATE_JWK: internal.privateJwk,
      ...Object.fromEntries(Object.entries(subgraphUrls).map(([n, u]) => [`${n.toUpperCase()}_URL`, u])),
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
      async query(query, variables = {}, as = ADMIN) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (as) headers.authorization = `Bearer ${'token' in as ? as.token : await token(as)}`;
        const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
        const body = (await res.json()) as GraphQLResponse;
        return { ...body, status: res.status };
      },
      async stop() {
        for (const server of running.reverse()) await server.stop();
        await db.drop();
      },
    };
  } catch (e) {
    for (const server of running.reverse()) await server.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
}
