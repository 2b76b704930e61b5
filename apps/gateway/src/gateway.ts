import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  CALLER_HEADER,
  REQUEST_ID_HEADER,
  createCallerTokenSigner,
  createLogger,
  importInternalKey,
  serveGraphQL,
  type BaseContext,
  type Logger,
  type RunningServer,
} from '@party/subgraph-kit';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import nodeFetch from 'node-fetch';
import { createTokenVerifier } from './auth';
import { DEMO_ISSUER, disableApolloTelemetry, type GatewayConfig } from './config';
import { costWithVariablesPlugin, hideSuggestionsPlugin, limitParseOptions, limitValidationRules } from './limits';
import { createRateLimiter } from './rate-limit';
import { createSafelistCheck, loadSafelist, SafelistCache } from './safelist';
import { loadSupergraphSdl } from './supergraph';
import { cacheVerifiedTokens } from './verified-tokens';

export interface GatewayContext extends BaseContext {
  /** The caller, signed for the subgraphs (one token per caller, reused for 30 s: createCallerTokenSigner). */
  callerToken: string;
}

const PASSED_THROUGH = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN']);

/**
 * A subgraph refuses bad requests (e.g. a malformed `Date` variable) with HTTP 400
 * and coded GraphQL errors; pass those codes and messages on instead of a bare
 * "400: Bad Request". Anything else stays an opaque error, masked by formatError.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await this.parseBody(response.clone()).catch(() => null)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | null;
    const first = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (typeof code === 'string' && PASSED_THROUGH.has(code) && typeof first?.message === 'string') {
      const code400 = code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : code;
      return new GraphQLError(first.message, { extensions: { code: code400, ...(first.extensions?.field ? { field: first.extensions.field } : {}) } });
    }
    return super.errorFromResponse(response);
  }
}

/**
 * The gateway's HTTP client of the subgraphs: node-fetch over keep-alive agents (connections are
 * reused; Node's agent retires an idle one before the server's announced keep-alive timeout), with a
 * deadline — a hanging subgraph fails the request instead of holding it forever. node-fetch on
 * `http.Agent` costs ~0.3 ms less per subgraph request than the global (undici) fetch
 * (docs/decisions/0018-per-request-fixed-cost.md).
 */
export function subgraphFetcher(timeoutMs: number): { fetcher: typeof nodeFetch; close: () => void } {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const fetcher = ((input: Parameters<typeof nodeFetch>[0], init?: Parameters<typeof nodeFetch>[1]) =>
    nodeFetch(input, {
      ...init,
      agent: (url: URL) => (url.protocol === 'https:' ? agents.https : agents.http),
      signal: AbortSignal.timeout(timeoutMs) as NonNullable<Parameters<typeof nodeFetch>[1]>['signal'],
    })) as typeof nodeFetch;
  return { fetcher, close: () => (agents.http.destroy(), agents.https.destroy()) };
}

/** A verified caller's token is answered from memory for at most this long (verified-tokens.ts). */
const VERIFIED_TOKEN_MAX_AGE_SECONDS = 60;

/** Production trusts only a real identity provider (also checked by loadGatewayConfig, for configs built otherwise). */
function refuseDemoIssuerInProduction(config: GatewayConfig): void {
  if (config.nodeEnv !== 'production') return;
  if (config.auth.publicJwk || !config.auth.jwksUrl || config.auth.issuer === DEMO_ISSUER) {
    throw new Error(`Invalid configuration:\n  - AUTH_JWKS_URL: the demo issuer (a local key or "${DEMO_ISSUER}") is refused when NODE_ENV=production; set AUTH_JWKS_URL and AUTH_ISSUER of the identity provider`);
  }
}

export async function startGateway(config: GatewayConfig, opts: { log?: Logger; supergraphSdl?: string } = {}): Promise<RunningServer> {
  refuseDemoIssuerInProduction(config);
  const log = opts.log ?? createLogger('gateway', config.logLevel);
  const safelist = loadSafelist(config.safelist.dir, config.safelist.mode);
  const checkSafelist = createSafelistCheck(safelist, config.safelist.mode);
  const rateLimit = createRateLimiter(config.rateLimit);
  const verifyToken = cacheVerifiedTokens(await createTokenVerifier(config.auth), {
    maxAgeSeconds: VERIFIED_TOKEN_MAX_AGE_SECONDS,
    clockSkewSeconds: config.auth.clockSkewSeconds,
  });
  const signCaller = createCallerTokenSigner(await importInternalKey(config.gatewayPrivateJwk), { ttlSeconds: 60, reuseSeconds: 30 });
  const { fetcher, close: closeFetcher } = subgraphFetcher(config.subgraphTimeoutMs);

  disableApolloTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl ?? loadSupergraphSdl(),
    logger: log,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: config.subgraphUrls[name] ?? url,
        fetcher: fetcher as never,
        willSendRequest({ request, context }) {
          if (context.callerToken) request.http?.headers.set(CALLER_HEADER, context.callerToken);
          if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
        },
      }),
  });

  return serveGraphQL<GatewayContext>({
    name: 'gateway',
    port: config.port,
    host: config.host,
    log,
    executor: { gateway },
    // Production: no introspection and no "Did you mean …?" suggestions.
    introspection: config.nodeEnv !== 'production',
    maxBodyBytes: config.maxBodyBytes,
    parseOptions: limitParseOptions(config.limits),
    // graphql-js leaves "Did you mean …?" out of validation errors; the plugin below strips it from the rest.
    validationOptions: { hideSuggestions: config.nodeEnv === 'production' },
    validationRules: limitValidationRules(config.limits),
    persistedQueries: { cache: new SafelistCache(safelist, config.safelist.mode === 'enforce') },
    onStop: async () => closeFetcher(),
    plugins: [
      costWithVariablesPlugin(config.limits),
      ...(config.nodeEnv === 'production' ? [hideSuggestionsPlugin()] : []),
    ] as ApolloServerPlugin<GatewayContext>[],
    // Never trust a client's request id: every request gets its own.
    requestId: () => randomUUID(),
    authenticate: async (req, requestId) => {
      // Who is asking, how often, and (when the safelist is on) what: all before the document is parsed.
      const caller = await verifyToken(req.headers.authorization);
      await rateLimit(caller.userId);
      const requestLog = log.child({ rid: requestId, user: caller.userId });
      checkSafelist(req, requestLog);
      const callerToken = await signCaller(caller);
      return { requestId, caller, callerToken, log: requestLog };
    },
  });
}
