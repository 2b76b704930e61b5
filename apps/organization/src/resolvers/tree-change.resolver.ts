import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrgContext } from '../context';
import {
  ChangeOrganizationKindInput,
  CreateOrganizationInput,
  DissolveOrganizationInput,
  MergeOrganizationsInput,
  MoveOrganizationInput,
  RenameOrganizationInput,
  SplitOrganizationInput,
} from '../graphql/inputs';
import { OrganizationChangePayload } from '../graphql/organization-change.type';
import * as tree from '../services/tree-change.service';

@Resolver()
export class TreeChangeResolver {
  @Mutation(() => OrganizationChangePayload, { description: 'Establish an organisation under a parent from a day.' })
  createOrganization(@Ctx() ctx: OrgContext, @Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput) {
    return tree.createOrganization(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload)
  renameOrganization(@Ctx() ctx: OrgContext, @Arg('input', () => RenameOrganizationInput) input: RenameOrganizationInput) {
    return tree.renameOrganization(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload, { description: 'Move an organisation, with everything under it, under another parent.' })
  moveOrganization(@Ctx() ctx: OrgContext, @Arg('input', () => MoveOrganizationInput) input: MoveOrganizationInput) {
    return tree.moveOrganization(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload, { description: 'Upgrade or downgrade an organisation (e.g. a grassroots cell becomes a grassroots committee).' })
  changeOrganizationKind(@Ctx() ctx: OrgContext, @Arg('input', () => ChangeOrganizationKindInput) input: ChangeOrganizationKindInput) {
    return tree.changeOrganizationKind(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload, { description: 'Merge organisations into an existing or a new one; their sub-organisations move with them.' })
  mergeOrganizations(@Ctx() ctx: OrgContext, @Arg('input', () => MergeOrganizationsInput) input: MergeOrganizationsInput) {
    return tree.mergeOrganizations(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload, { description: 'Split an organisation into new ones, distributing its sub-organisations.' })
  splitOrganization(@Ctx() ctx: OrgContext, @Arg('input', () => SplitOrganizationInput) input: SplitOrganizationInput) {
    return tree.splitOrganization(ctx, input);
  }

  @Mutation(() => OrganizationChangePayload, { description: 'End an organisation that has nothing left under it.' })
  dissolveOrganization(@Ctx() ctx: OrgContext, @Arg('input', () => DissolveOrganizationInput) input: DissolveOrganizationInput) {
    return tree.dissolveOrganization(ctx, input);
  }
}
