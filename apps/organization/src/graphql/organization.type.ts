import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection, DateScalar } from '@party/subgraph-kit';
import type { OrganizationKind, Sector } from '../domain/kinds';
import type { VersionRow } from '../services/rows';
import { OrganizationKindEnum, SectorEnum } from './enums';

// Plain data fields read straight off the object (no per-field middleware): trees return thousands of these.
@ObjectType({ description: 'A party organisation as it stood on `asOf`. Nested tree fields default to the same day.', simpleResolvers: true })
// Other subgraphs refer to an organisation with the day it is seen on (docs/decisions/0007). There is
// no key of `id` alone: the query planner prefers the simplest key and would drop the day.
@Directive('@key(fields: "id asOf")')
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, human-readable, stable across renames.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKindEnum)
  kind!: OrganizationKind;

  @Field(() => SectorEnum, { nullable: true })
  sector!: Sector | null;

  @Field(() => Int, { description: 'Distance from the root of the tree on `asOf` (a root has depth 0).' })
  depth!: number;

  @Field(() => DateScalar, { description: 'Day the organisation was established.' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Day it ceased to exist (dissolved, merged away, split up); null while it exists.' })
  validTo!: string | null;

  @Field(() => DateScalar, { description: 'The day this organisation is shown as of.' })
  asOf!: string;

  /** Materialised path on `asOf` (internal). */
  path!: string;
  parentId!: string | null;

  static from(row: VersionRow, asOf: string): Organization {
    const o = new Organization();
    o.id = row.organization_id;
    o.code = row.code;
    o.name = row.name;
    o.kind = row.kind;
    o.sector = row.sector;
    o.depth = row.depth;
    o.validFrom = row.established_on;
    o.validTo = row.dissolved_on;
    o.asOf = asOf;
    o.path = row.path;
    o.parentId = row.parent_id;
    return o;
  }
}

@ObjectType({ simpleResolvers: true })
export class OrganizationConnection extends Connection(Organization, 'Organization') {}
