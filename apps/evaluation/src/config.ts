import { loadSubgraphConfig, type SubgraphConfig } from '@party/subgraph-kit';

export const SUBGRAPH_NAME = 'evaluation';
export const DEFAULT_PORT = 4003;
/** Trusted extensions this subgraph's migrations rely on. */
export const EXTENSIONS = ['btree_gist'];
/** Published read models this subgraph reads: the dated tree, and admission and exit facts. */
export const READS_FROM = ['organization', 'membership'];

export type EvaluationConfig = SubgraphConfig;

export const loadEvaluationConfig = (env: Record<string, string | undefined> = process.env): EvaluationConfig =>
  loadSubgraphConfig(SUBGRAPH_NAME, DEFAULT_PORT, env);
