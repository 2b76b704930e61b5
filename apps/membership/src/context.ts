import type { BaseContext } from '@party/subgraph-kit';
import type { DataSource } from 'typeorm';
import { MembershipLoaders } from './loaders/membership.loader';
import { RequestDb, scopeSetting } from './request-db';

/**
 * The membership subgraph's request context: the caller, the request's database transaction (opened on
 * first use with the caller's row-level security scope, ended before the response: `ctx.db.finish()`)
 * and this request's loaders.
 */
export interface MemberContext extends BaseContext {
  db: RequestDb;
  loaders: MembershipLoaders;
}

export function createMemberContext(base: BaseContext, dataSource: DataSource): MemberContext {
  const db = new RequestDb(dataSource, scopeSetting(base.caller));
  return { ...base, db, loaders: new MembershipLoaders(db) };
}
