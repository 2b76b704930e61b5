import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { SubgraphConfig } from './config';
import type { BaseContext } from './context';
import { RequestAudit, auditPlugin } from './audit';
import { DomainError, createFormatError } from './errors';
import { CALLER_HEADER, REQUEST_ID_HEADER, createCallerTokenVerifier, importInternalKey } from './identity';

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** Logs one line per GraphQL operation with its duration and outcome. */
export function requestLogPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue: ctx, operationName, errors }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          (ctx ?? contextValue).log.info({ operation: operationName ?? null, ms: Math.round(ms * 10) / 10, errors: errors?.length ?? 0 }, 'graphql');
        },
      };
    },
  };
}

export interface ServeOptions<C extends BaseContext> {
  /** Service name, reported by /health and /ready. */
  name: string;
  port: number;
  host: string;
  log: Logger;
  /** What Apollo Server executes: a schema (subgraphs) or a gateway. */
  executor: { schema: GraphQLSchema } | { gateway: NonNullable<ApolloServerOptions<C>['gateway']> };
  introspection: boolean;
  /** The request id to log and forward: a trusted upstream's, or a new one. */
  requestId: (req: express.Request) => string;
  /** Builds the request context; a DomainError refuses the request with HTTP 401. */
  authenticate: (req: express.Request, requestId: string) => Promise<C>;
  /** Throws when the service cannot serve (e.g. its database is unreachable). */
  ready?: () => Promise<unknown>;
  /** Closes what the service holds, after HTTP has drained. */
  onStop?: () => Promise<void>;
  /** Largest request body accepted, in bytes; a larger one is refused with 413 before it is read (default 1 MiB). */
  maxBodyBytes?: number;
  /** Extra validation rules (e.g. the gateway's depth, alias, directive and cost limits). */
  validationRules?: ValidationRule[];
  /** Options of graphql-js `parse` (e.g. `maxTokens`). */
  parseOptions?: ParseOptions;
  /** Options of graphql-js `validate` (e.g. `hideSuggestions`). */
  validationOptions?: ApolloServerOptions<C>['validationOptions'];
  /** Extra Apollo Server plugins, run after the kit's own. */
  plugins?: ApolloServerPlugin<C>[];
  /** Apollo's persisted queries: `false` turns them off; a cache serves documents by sha256 (default: Apollo's in-memory APQ). */
  persistedQueries?: ApolloServerOptions<C>['persistedQueries'];
}

/** The one JSON body of a request refused before GraphQL sees it (HTTP errors of the body parser). */
function httpErrorBody(status: number): { errors: { message: string; extensions: { code: string; field?: string } }[] } {
  if (status === 413) return { errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE', field: 'body' } }] };
  if (status === 415) return { errors: [{ message: 'Unsupported request body encoding', extensions: { code: 'BAD_REQUEST', field: 'body' } }] };
  return { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST', field: 'body' } }] };
}

/**
 * The HTTP shell of every service: `/graphql` behind the caller check,
 * `/health` (process up), `/ready` (dependencies reachable), one error
 * mapping, one request log line, draining on stop.
 */
export async function serveGraphQL<C extends BaseContext>(opts: ServeOptions<C>): Promise<RunningServer> {
  const { log } = opts;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const apollo = new ApolloServer<C>({
    ...opts.executor,
    introspection: opts.introspection,
    includeStacktraceInErrorResponses: false,
    // Stated although they are Apollo's defaults: a browser form or text/plain post without a
    // preflight header is refused (CSRF), and a JSON array of operations is refused (no batching).
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    ...(opts.validationRules ? { validationRules: opts.validationRules } : {}),
    ...(opts.parseOptions ? { parseOptions: opts.parseOptions } : {}),
    ...(opts.validationOptions ? { validationOptions: opts.validationOptions } : {}),
    ...(opts.persistedQueries !== undefined ? { persistedQueries: opts.persistedQueries } : {}),
    formatError: createFormatError((error) => log.error({ err: error }, 'unexpected error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of personal data; and without it no plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin() as ApolloServerPlugin<C>,
      ...(opts.plugins ?? []),
    ],
  } as ApolloServerOptions<C>);
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: opts.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await opts.ready?.();
      res.json({ status: 'ready', service: opts.name });
    } catch (e) {
      log.warn({ err: e }, 'not ready');
      res.status(503).json({ status: 'unavailable', service: opts.name });
    }
  });
  app.use(
    '/graphql',
    // A declared length over the limit is refused before a byte of the body is read.
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) {
        log.warn({ bytes: declared, limit: maxBodyBytes }, 'refused request: body too large');
        res.status(413).set('connection', 'close').json(httpErrorBody(413));
        return;
      }
      next();
    },
    express.json({ limit: maxBodyBytes }),
    // Bodies of other types are not read; Apollo refuses them (CSRF check, then "POST body missing").
    (req: express.Request, _res: express.Response, next: express.NextFunction) => {
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = opts.requestId(req);
        try {
          return await opts.authenticate(req, requestId);
        } catch (e) {
          if (e instanceof DomainError) {
            log.warn({ rid: requestId, reason: e.message }, 'refused request');
            // A valid token without a role or scope of this platform: 403; any other refusal: 401.
            throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: e.code === 'FORBIDDEN' ? 403 : 401 } } });
          }
          throw e;
        }
      },
    }),
  );
  // Errors of the body parser (too large, malformed JSON, bad encoding) as a JSON GraphQL error:
  // never Express's HTML page with a stack trace.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json(httpErrorBody(status));
      return;
    }
    log.error({ err }, 'unexpected HTTP error');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${opts.host}:${port}/graphql`;
  log.info({ url }, `${opts.name} ready`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        await opts.onStop?.();
      })()),
  };
}

export interface SubgraphServerOptions<C extends BaseContext> {
  config: SubgraphConfig;
  schema: GraphQLSchema;
  dataSource: DataSource;
  log: Logger;
  /** Adds the subgraph's own per-request parts (DataLoaders, services) to the base context. */
  createContext: (base: BaseContext) => C;
  /**
   * Ends what `createContext` opened for the request (e.g. its database transaction): awaited once per
   * request, before its audit entry is written and its response sent; a throw withholds the response.
   */
  endRequest?: (ctx: C) => Promise<void>;
}

/** Serves a subgraph: only callers forwarded and signed by the gateway; ready when its database answers. */
export async function startSubgraphServer<C extends BaseContext>(opts: SubgraphServerOptions<C>): Promise<RunningServer> {
  const { config, log, dataSource } = opts;
  // Forwarded callers: verified once per token (the gateway reuses a token per caller for 30 s).
  const verifyCaller = createCallerTokenVerifier(await importInternalKey(config.gatewayPublicJwk));
  return serveGraphQL<C>({
    name: config.name,
    port: config.port,
    host: config.host,
    log,
    executor: { schema: opts.schema },
    introspection: config.nodeEnv !== 'production',
    requestId: (req) => String(req.headers[REQUEST_ID_HEADER] ?? randomUUID()),
    authenticate: async (req, requestId) => {
      const token = req.headers[CALLER_HEADER];
      const caller = await verifyCaller(Array.isArray(token) ? token[0] : token);
      return opts.createContext({
        requestId,
        caller,
        log: log.child({ rid: requestId, user: caller.userId }),
        audit: new RequestAudit(),
        aggregateMinCell: config.aggregateMinCell,
      });
    },
    // The subgraph's audit trail: mutations, denied attempts and person records returned (audit.ts).
    plugins: [auditPlugin<C>({ dataSource, schema: config.name, log, endRequest: opts.endRequest })],
    ready: () => dataSource.query('SELECT 1'),
    onStop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  });
}

/** Stops gracefully on SIGTERM/SIGINT: drain HTTP, close the pool, exit. */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  const handler = (signal: string) => {
    log.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

