import { ArgsType, Field, ID, Int } from 'type-graphql';
import { DateScalar } from '@party/subgraph-kit';
import type { OrganizationKind } from '../domain/kinds';
import { OrganizationKindEnum } from './enums';

// Argument lists as classes, so the schema lists them in the order of shared/api.md.

@ArgsType()
export class OrganizationArgs {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Day to show the tree as of; default today.' })
  asOf?: string | null;
}

@ArgsType()
export class SearchOrganizationsArgs {
  @Field(() => String)
  text!: string;

  @Field(() => ID, { nullable: true, description: 'Only organisations under this one.' })
  under?: string | null;

  @Field(() => DateScalar, { nullable: true })
  asOf?: string | null;

  @Field(() => Int, { nullable: true, description: 'At most this many (default 20, at most 100).' })
  first?: number | null;
}

@ArgsType()
export class ChildrenArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 500 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts.' })
  after?: string | null;
}

@ArgsType()
export class DescendantsArgs {
  @Field(() => Int, { nullable: true, description: 'Only this many levels down (1: the children).' })
  maxDepth?: number | null;

  @Field(() => [OrganizationKindEnum], { nullable: true })
  kinds?: OrganizationKind[] | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 500 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
