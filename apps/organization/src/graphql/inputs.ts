import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '@party/subgraph-kit';
import type { OrganizationKind, Sector } from '../domain/kinds';
import { OrganizationKindEnum, SectorEnum } from './enums';

@InputType({ description: 'Common fields of every decision that changes the tree.' })
abstract class DecisionInput {
  @Field(() => DateScalar, { description: 'Day the decision takes effect.' })
  effectiveOn!: string;

  @Field(() => String, { description: 'Reference of the decision, e.g. "1234-QĐ/TU".' })
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class CreateOrganizationInput extends DecisionInput {
  @Field(() => ID, { nullable: true, description: 'Organisation directly above; omit only for a root (administrators).' })
  parentId?: string | null;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKindEnum)
  kind!: OrganizationKind;

  @Field(() => SectorEnum, { nullable: true })
  sector?: Sector | null;
}

@InputType()
export class RenameOrganizationInput extends DecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@InputType()
export class MoveOrganizationInput extends DecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  newParentId!: string;
}

@InputType()
export class ChangeOrganizationKindInput extends DecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => OrganizationKindEnum, { description: 'New kind: recorded as UPGRADE or DOWNGRADE by level.' })
  kind!: OrganizationKind;
}

@InputType({ description: 'An organisation created by a merge or a split.' })
export class NewOrganizationInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKindEnum, { nullable: true, description: 'Defaults to the kind of the organisation(s) it comes from.' })
  kind?: OrganizationKind | null;

  @Field(() => SectorEnum, { nullable: true })
  sector?: Sector | null;

  @Field(() => ID, { nullable: true, description: 'Defaults to the parent of the organisation(s) it comes from.' })
  parentId?: string | null;
}

@InputType()
export class MergeOrganizationsInput extends DecisionInput {
  @Field(() => [ID], { description: 'Organisations that cease to exist; their sub-organisations move to the target.' })
  sourceIds!: string[];

  @Field(() => ID, { nullable: true, description: 'An existing organisation that absorbs the sources. Give this or newOrganization.' })
  targetId?: string | null;

  @Field(() => NewOrganizationInput, { nullable: true, description: 'A new organisation formed from the sources.' })
  newOrganization?: NewOrganizationInput | null;
}

@InputType()
export class SplitPartInput extends NewOrganizationInput {
  @Field(() => [ID], { defaultValue: [], description: 'Sub-organisations of the source that move to this part.' })
  childIds!: string[];
}

@InputType()
export class SplitOrganizationInput extends DecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [SplitPartInput])
  parts!: SplitPartInput[];

  @Field(() => Boolean, { defaultValue: false, description: 'Keep the source (parts split off from it) instead of dissolving it.' })
  keepSource!: boolean;
}

@InputType()
export class DissolveOrganizationInput extends DecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Organisation that takes over its work, recorded as successor.' })
  successorId?: string | null;
}
