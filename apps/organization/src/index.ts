import 'reflect-metadata';

export { startOrganizationSubgraph, openOrganizationDatabase, entities, migrations, type OrganizationSubgraph } from './app';
export { loadOrganizationConfig, SUBGRAPH_NAME, DEFAULT_PORT, type OrganizationConfig } from './config';
export { buildOrganizationSchema } from './schema';
export { foldForSearch } from '@party/subgraph-kit';
export { seedDemoTree, DEMO_USERS } from './seed/demo-tree';
export { recordTreeChanges, type TreeChangeByCode } from './seed/tree-changes';
export { importOrganizations, COMMAND_MAX_ROWS, type OrganizationImportOptions, type OrganizationImportReport } from './services/organization-import.service';
export { createOrgContext } from './context';
