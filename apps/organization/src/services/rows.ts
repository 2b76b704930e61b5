import type { OrganizationKind, Sector } from '../domain/kinds';

/** An organisation version joined with its identity, as every tree read returns it. */
export interface VersionRow {
  organization_id: string;
  code: string;
  node: string;
  established_on: string;
  dissolved_on: string | null;
  valid_from: string;
  valid_to: string;
  parent_id: string | null;
  name: string;
  kind: OrganizationKind;
  sector: Sector | null;
  path: string;
  depth: number;
}

export const VERSION_COLUMNS = `v.organization_id, v.code, v.node, v.established_on, v.dissolved_on, v.valid_from, v.valid_to,
  v.parent_id, v.name, v.kind, v.sector, v.path, v.depth`;

export const VERSION_FROM = `organization_version v`;

/** SQL condition "version valid on day $n". */
export const validOn = (param: string) => `v.valid_from <= ${param} AND v.valid_to > ${param}`;

/** Upper bound of the key range of everything under `path` (C collation: '.' + 1 = '/'). */
export const pathEnd = (path: string) => path.slice(0, -1) + '/';
