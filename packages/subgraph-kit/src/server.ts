import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { SubgraphConfig } from './config';
import type { BaseContext } from './context';
import { DomainError, createFormatError } from './errors';
import { CALLER_HEADER, REQUEST_ID_HEADER, importInternalKey, verifyCallerToken } from './identity';

export interface SubgraphServerOptions<C extends BaseContext> {
  config: SubgraphConfig;
  schema: GraphQLSchema;
  dataSource: DataSource;
  log: Logger;
  /** Adds the subgraph's own per-request parts (DataLoaders, services) to the base context. */
  createContext: (base: BaseContext) => C;
}

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

/**
 * Serves a subgraph: `/graphql` (only for callers forwarded and signed by the
 * gateway), `/health` (process up) and `/ready` (database reachable).
 */
export async function startSubgraphServer<C extends BaseContext>(opts: SubgraphServerOptions<C>): Promise<RunningServer> {
  const { config, log } = opts;
  const gatewayKey = await importInternalKey(config.gatewayPublicJwk);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<C>({
    schema: opts.schema,
    introspection: config.nodeEnv !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError((error) => log.error({ err: error }, 'unexpected error')),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of personal data; and without it no plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin() as ApolloServerPlugin<C>],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: config.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await opts.dataSource.query('SELECT 1');
      res.json({ status: 'ready', service: config.name });
    } catch (e) {
      log.warn({ err: e }, 'not ready');
      res.status(503).json({ status: 'unavailable', service: config.name });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = String(req.headers[REQUEST_ID_HEADER] ?? randomUUID());
        const token = req.headers[CALLER_HEADER];
        try {
          const caller = await verifyCallerToken(Array.isArray(token) ? token[0] : token, gatewayKey);
          return opts.createContext({ requestId, caller, log: log.child({ rid: requestId, user: caller.userId }) });
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
  log.info({ url }, `${config.name} subgraph ready`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        if (opts.dataSource.isInitialized) await opts.dataSource.destroy();
      })()),
  };
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
