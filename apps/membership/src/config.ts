import { loadSubgraphConfig, type SubgraphConfig } from '@party/subgraph-kit';

export const SUBGRAPH_NAME = 'membership';
export const DEFAULT_PORT = 4002;
/** Trusted extensions this subgraph's migrations rely on. */
export const EXTENSIONS = ['btree_gist', 'pg_trgm'];
/** Published read models this subgraph reads (granted at provisioning). */
export const READS_FROM = ['organization'];

export type MembershipConfig = SubgraphConfig;

export const loadMembershipConfig = (env: Record<string, string | undefined> = process.env): MembershipConfig =>
  loadSubgraphConfig(SUBGRAPH_NAME, DEFAULT_PORT, env);
