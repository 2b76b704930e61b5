import 'reflect-metadata';

export { startMembershipSubgraph, openMembershipDatabase, entities, migrations, type MembershipSubgraph } from './app';
export { loadMembershipConfig, SUBGRAPH_NAME, DEFAULT_PORT, type MembershipConfig } from './config';
export { buildMembershipSchema } from './schema';
export { fold, type LifeEvent, type Segment } from './domain/lifecycle';
export { addMemberStats, placeMembers, rebuildMemberStats, syncTree, PLACE_MEMBERS_SQL } from './services/derive';
export { loadMembers, type MemberSeed, type SeedEvent } from './seed/register';
export { seedDemoMembers } from './seed/demo-members';
export { importMembers, MEMBER_IMPORT_COMMAND_MAX_ROWS, MEMBER_IMPORT_GRAPHQL_MAX_ROWS, type MemberImportActor, type MemberImportOptions, type MemberImportReport } from './services/member-import.service';
export { MEMBER_IMPORT_COLUMNS } from './services/member-import.layout';
export { asCaller, asSystem, scopeSetting, RequestDb, type Db } from './request-db';
