import { loadSubgraphConfig, type SubgraphConfig } from '@party/subgraph-kit';

export const SUBGRAPH_NAME = 'organization';
export const DEFAULT_PORT = 4001;
/** Trusted extensions this subgraph's migrations rely on. */
export const EXTENSIONS = ['btree_gist', 'pg_trgm'];

export type OrganizationConfig = SubgraphConfig;

export const loadOrganizationConfig = (env: Record<string, string | undefined> = process.env): OrganizationConfig =>
  loadSubgraphConfig(SUBGRAPH_NAME, DEFAULT_PORT, env);
