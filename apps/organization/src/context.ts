import type { BaseContext } from '@party/subgraph-kit';
import type { DataSource } from 'typeorm';
import { OrganizationLoaders } from './loaders/organization.loader';

/** The organization subgraph's request context: the caller, a database handle and this request's loaders. */
export interface OrgContext extends BaseContext {
  db: DataSource;
  loaders: OrganizationLoaders;
}

export function createOrgContext(base: BaseContext, db: DataSource): OrgContext {
  return { ...base, db, loaders: new OrganizationLoaders(db) };
}
