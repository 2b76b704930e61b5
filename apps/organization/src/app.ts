import { createLogger, openSubgraphDatabase, startSubgraphServer, type Logger, type RunningServer } from '@party/subgraph-kit';
import type { DataSource, Logger as OrmLogger } from 'typeorm';
import type { OrganizationConfig } from './config';
import { EXTENSIONS, SUBGRAPH_NAME } from './config';
import { createOrgContext } from './context';
import { OrganizationChangeEntity, OrganizationChangeSubjectEntity, OrganizationLineageEntity } from './entities/organization-change.entity';
import { OrganizationVersionEntity } from './entities/organization-version.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { OrganizationTree1764316800000 } from './migrations/1764316800000-organization-tree';
import { ReadModelChanges1764489600000 } from './migrations/1764489600000-read-model-changes';
import { AuditLog1765180800000 } from './migrations/1765180800000-audit-log';
import { VersionsByOrganization1765872000000 } from './migrations/1765872000000-versions-by-organization';
import { buildOrganizationSchema } from './schema';

export const entities = [OrganizationEntity, OrganizationVersionEntity, OrganizationChangeEntity, OrganizationChangeSubjectEntity, OrganizationLineageEntity];
export const migrations = [OrganizationTree1764316800000, ReadModelChanges1764489600000, AuditLog1765180800000, VersionsByOrganization1765872000000];

/** Provisions the schema and role, connects as that role and applies pending migrations. */
export function openOrganizationDatabase(config: OrganizationConfig, ormLogger?: OrmLogger): Promise<DataSource> {
  return openSubgraphDatabase({
    adminUrl: config.databaseUrl,
    name: SUBGRAPH_NAME,
    password: config.dbPassword,
    extensions: EXTENSIONS,
    entities,
    migrations,
    poolSize: config.dbPoolSize,
    logger: ormLogger,
  });
}

export interface OrganizationSubgraph extends RunningServer {
  dataSource: DataSource;
}

export async function startOrganizationSubgraph(config: OrganizationConfig, opts: { log?: Logger; ormLogger?: OrmLogger } = {}): Promise<OrganizationSubgraph> {
  const log = opts.log ?? createLogger(SUBGRAPH_NAME, config.logLevel);
  const dataSource = await openOrganizationDatabase(config, opts.ormLogger);
  const schema = await buildOrganizationSchema();
  const server = await startSubgraphServer({ config, schema, dataSource, log, createContext: (base) => createOrgContext(base, dataSource) });
  return { ...server, dataSource };
}
