import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  CALLER_HEADER,
  REQUEST_ID_HEADER,
  createLogger,
  importInternalKey,
  serveGraphQL,
  signCallerToken,
  type BaseContext,
  type Logger,
  type RunningServer,
} from '@party/subgraph-kit';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
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

  return serveGraphQL<GatewayContext>({
    name: 'gateway',
    port: config.port,
    host: config.host,
    log,
    executor: { gateway },
    introspection: config.nodeEnv !== 'production',
    // Never trust a client's request id: every request gets its own.
    requestId: () => randomUUID(),
    authenticate: async (req, requestId) => {
      const caller = await verifyToken(req.headers.authorization);
      const callerToken = await signCallerToken(caller, signingKey, requestId);
      return { requestId, caller, callerToken, log: log.child({ rid: requestId, user: caller.userId }) };
    },
  });
}
