import type { BaseContext } from '@party/subgraph-kit';
import type { DataSource } from 'typeorm';
import { MembershipLoaders } from './loaders/membership.loader';

/** The membership subgraph's request context: the caller, a database handle and this request's loaders. */
export interface MemberContext extends BaseContext {
  db: DataSource;
  loaders: MembershipLoaders;
}

export function createMemberContext(base: BaseContext, db: DataSource): MemberContext {
  return { ...base, db, loaders: new MembershipLoaders(db) };
}
