import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  CALLER_HEADER,
  DomainError,
  REQUEST_ID_HEADER,
  createFormatError,
  createLogger,
  requestLogPlugin,
  signCallerToken,
  importInternalKey,
  type BaseContext,
  type Logger,
  type RunningServer,
} from '@party/subgraph-kit';
import express from 'express';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier } from './auth';
import type { GatewayConfig } from './config';
import { loadSupergraphSdl } from './supergraph';

export interface GatewayContext extends BaseContext {
  /** The caller, signed for the subgraphs (one token per request). */
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
    const body = (await this.parseBody(response).catch(() => null)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | null;
    const first = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (typeof code === 'string' && PASSED_THROUGH.has(code) && typeof first?.message === 'string') {
      const code400 = code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : code;
      return new GraphQLError(first.message, { extensions: { code: code400, ...(first.extensions?.field ? { field: first.extensions.field } : {}) } });
    }
    return super.errorFromResponse(response);
  }
}

/** fetch with a deadline: a hanging subgraph fails the request instead of holding it forever. */
export function timeoutFetcher(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

export async function startGateway(config: GatewayConfig, opts: { log?: Logger; supergraphSdl?: string } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger('gateway', config.logLevel);
  const verifyToken = await createTokenVerifier(config.auth);
  const signingKey = await importInternalKey(config.gatewayPrivateJwk);
  const fetcher = timeoutFetcher(config.subgraphTimeoutMs);

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

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.nodeEnv !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError((error) => log.error({ err: error }, 'unexpected error')),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), requestLogPlugin()],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', (_req, res) => {
    res.json({ status: 'ready', service: 'gateway' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = randomUUID();
        try {
          const caller = await verifyToken(req.headers.authorization);
          const callerToken = await signCallerToken(caller, signingKey, requestId);
          return { requestId, caller, callerToken, log: log.child({ rid: requestId, user: caller.userId }) };
        } catch (e) {
          if (e instanceof DomainError) {
            log.warn({ rid: requestId, reason: e.message }, 'refused request');
            throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
          }
          throw e;
        }
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}/graphql`;
  log.info({ url }, 'gateway ready');
  let stopping: Promise<void> | undefined;
  return { url, port, stop: () => (stopping ??= apollo.stop()) };
}
