import { createLogger, openSubgraphDatabase, startSubgraphServer, type Logger, type RunningServer } from '@party/subgraph-kit';
import type { DataSource, Logger as OrmLogger } from 'typeorm';
import type { EvaluationConfig } from './config';
import { EXTENSIONS, READS_FROM, SUBGRAPH_NAME } from './config';
import { createEvalContext } from './context';
import { Evaluation1764748800000 } from './migrations/1764748800000-evaluation';
import { Ratings1764835200000 } from './migrations/1764835200000-ratings';
import { Finalization1764921600000 } from './migrations/1764921600000-finalization';
import { FourGood1765008000000 } from './migrations/1765008000000-four-good';
import { AuditLog1765180800002 } from './migrations/1765180800002-audit-log';
import { SnapshotStatistics1765699200002 } from './migrations/1765699200002-snapshot-statistics';
import { AdmissionTargetEntity } from './entities/admission-target.entity';
import { buildEvaluationSchema } from './schema';

export const entities = [AdmissionTargetEntity];
export const migrations = [Evaluation1764748800000, Ratings1764835200000, Finalization1764921600000, FourGood1765008000000, AuditLog1765180800002, SnapshotStatistics1765699200002];

/** Provisions the schema and role, connects as that role and applies pending migrations. */
export function openEvaluationDatabase(config: EvaluationConfig, ormLogger?: OrmLogger): Promise<DataSource> {
  return openSubgraphDatabase({
    adminUrl: config.databaseUrl,
    name: SUBGRAPH_NAME,
    password: config.dbPassword,
    extensions: EXTENSIONS,
    readsFrom: READS_FROM,
    entities,
    migrations,
    poolSize: config.dbPoolSize,
    logger: ormLogger,
  });
}

export interface EvaluationSubgraph extends RunningServer {
  dataSource: DataSource;
}

export async function startEvaluationSubgraph(config: EvaluationConfig, opts: { log?: Logger; ormLogger?: OrmLogger } = {}): Promise<EvaluationSubgraph> {
  const log = opts.log ?? createLogger(SUBGRAPH_NAME, config.logLevel);
  const dataSource = await openEvaluationDatabase(config, opts.ormLogger);
  const schema = await buildEvaluationSchema();
  const server = await startSubgraphServer({ config, schema, dataSource, log, createContext: (base) => createEvalContext(base, dataSource) });
  return { ...server, dataSource };
}
