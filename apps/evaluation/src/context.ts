import type { BaseContext } from '@party/subgraph-kit';
import type { DataSource } from 'typeorm';
import { EvaluationLoaders } from './loaders/evaluation.loader';

/** The evaluation subgraph's request context: the caller, a database handle and this request's loaders. */
export interface EvalContext extends BaseContext {
  db: DataSource;
  loaders: EvaluationLoaders;
}

export function createEvalContext(base: BaseContext, db: DataSource): EvalContext {
  return { ...base, db, loaders: new EvaluationLoaders(db) };
}
