import 'reflect-metadata';

export { startOrganizationSubgraph, openOrganizationDatabase, entities, migrations, type OrganizationSubgraph } from './app';
export { loadOrganizationConfig, SUBGRAPH_NAME, DEFAULT_PORT, type OrganizationConfig } from './config';
export { buildOrganizationSchema } from './schema';
export { foldForSearch } from '@party/subgraph-kit';
export { seedDemoTree, DEMO_USERS } from './seed/demo-tree';
