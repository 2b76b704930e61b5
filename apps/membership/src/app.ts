import { createLogger, openSubgraphDatabase, startSubgraphServer, type Logger, type RunningServer } from '@party/subgraph-kit';
import type { DataSource, Logger as OrmLogger } from 'typeorm';
import type { MembershipConfig } from './config';
import { EXTENSIONS, READS_FROM, SUBGRAPH_NAME } from './config';
import { createMemberContext } from './context';
import { Membership1764489600001 } from './migrations/1764489600001-membership';
import { AdmissionFactByMember1764662400000 } from './migrations/1764662400000-admission-fact-by-member';
import { AdmissionsByOrganization1764748800001 } from './migrations/1764748800001-admissions-by-organization';
import { MemberStateView1764835200001 } from './migrations/1764835200001-member-state-view';
import { MemberCountsView1765008000001 } from './migrations/1765008000001-member-counts-view';
import { AuditLog1765180800001 } from './migrations/1765180800001-audit-log';
import { MemberStatDelta1765440000001 } from './migrations/1765440000001-member-stat-delta';
import { FamilyBackground1765526400001 } from './migrations/1765526400001-family-background';
import { RowLevelSecurity1765612800001 } from './migrations/1765612800001-row-level-security';
import { RegisterStatistics1765699200001 } from './migrations/1765699200001-register-statistics';
import { MemberOrder1765785600001 } from './migrations/1765785600001-member-order';
import { MemberEntity, MemberEventEntity, ProspectEntity } from './entities/membership.entity';
import { buildMembershipSchema } from './schema';

export const entities = [MemberEntity, MemberEventEntity, ProspectEntity];
export const migrations = [Membership1764489600001, AdmissionFactByMember1764662400000, AdmissionsByOrganization1764748800001, MemberStateView1764835200001, MemberCountsView1765008000001, AuditLog1765180800001, MemberStatDelta1765440000001, FamilyBackground1765526400001, RowLevelSecurity1765612800001, RegisterStatistics1765699200001, MemberOrder1765785600001];

/** Provisions the schema and role, connects as that role and applies pending migrations. */
export function openMembershipDatabase(config: MembershipConfig, ormLogger?: OrmLogger): Promise<DataSource> {
  return openSubgraphDatabase({
    adminUrl: config.databaseUrl,
    name: SUBGRAPH_NAME,
    password: config.dbPassword,
    extensions: EXTENSIONS,
    readsFrom: READS_FROM,
    // The events of a member's life and of a prospect's path: appended, never rewritten.
    appendOnlyTables: ['member_event', 'prospect_step'],
    entities,
    migrations,
    poolSize: config.dbPoolSize,
    logger: ormLogger,
  });
}

export interface MembershipSubgraph extends RunningServer {
  dataSource: DataSource;
}

export async function startMembershipSubgraph(config: MembershipConfig, opts: { log?: Logger; ormLogger?: OrmLogger } = {}): Promise<MembershipSubgraph> {
  const log = opts.log ?? createLogger(SUBGRAPH_NAME, config.logLevel);
  const dataSource = await openMembershipDatabase(config, opts.ormLogger);
  const schema = await buildMembershipSchema();
  const server = await startSubgraphServer({
    config,
    schema,
    dataSource,
    log,
    createContext: (base) => createMemberContext(base, dataSource),
    // The request's transaction (row-level security scope: docs/decisions/0020) ends before the response.
    endRequest: (ctx) => ctx.db.finish(),
  });
  return { ...server, dataSource };
}
