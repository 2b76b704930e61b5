import { DateScalar, selectedFields } from '@party/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { OrgContext } from '../context';
import { ChildrenArgs, DescendantsArgs, OrganizationArgs, SearchOrganizationsArgs } from '../graphql/args';
import { OrganizationChange } from '../graphql/organization-change.type';
import { Organization, OrganizationConnection } from '../graphql/organization.type';
import * as orgs from '../services/organization.service';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: 'One organisation by id or code, as it stood on `asOf` (default today); null if it did not exist then.' })
  organization(@Ctx() ctx: OrgContext, @Args(() => OrganizationArgs) args: OrganizationArgs) {
    return orgs.findOrganization(ctx, args);
  }

  @Query(() => [Organization], { description: 'The top of the tree the caller reaches on `asOf`.' })
  organizationRoots(@Ctx() ctx: OrgContext, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    return orgs.organizationRoots(ctx, asOf);
  }

  @Query(() => [Organization], { description: 'Organisations whose name or code contains every word of `text`, ignoring case and diacritics.' })
  searchOrganizations(@Ctx() ctx: OrgContext, @Args(() => SearchOrganizationsArgs) args: SearchOrganizationsArgs) {
    return orgs.searchOrganizations(ctx, args);
  }

  @FieldResolver(() => Organization, { nullable: true })
  parent(@Root() org: Organization, @Ctx() ctx: OrgContext) {
    return orgs.parentOf(ctx, org);
  }

  @FieldResolver(() => [Organization], { description: 'Root first; only those the caller may see.' })
  ancestors(@Root() org: Organization, @Ctx() ctx: OrgContext) {
    return orgs.ancestorsOf(ctx, org);
  }

  @FieldResolver(() => OrganizationConnection, { description: 'Organisations directly under this one on the same day, by name.' })
  children(@Root() org: Organization, @Ctx() ctx: OrgContext, @Info() info: GraphQLResolveInfo, @Args(() => ChildrenArgs) args: ChildrenArgs) {
    return orgs.children(ctx, org, args, selectedFields(info));
  }

  @FieldResolver(() => OrganizationConnection, { description: 'Everything under this organisation on the same day, in tree order.' })
  descendants(@Root() org: Organization, @Ctx() ctx: OrgContext, @Info() info: GraphQLResolveInfo, @Args(() => DescendantsArgs) args: DescendantsArgs) {
    return orgs.descendants(ctx, org, args, selectedFields(info));
  }

  @FieldResolver(() => [Organization], { description: 'Organisations merged or split into this one, or dissolved in its favour, as they stood the day before.' })
  predecessors(@Root() org: Organization, @Ctx() ctx: OrgContext) {
    return orgs.lineageOf(ctx, org, 'predecessors');
  }

  @FieldResolver(() => [Organization], { description: 'Organisations this one went into, as they stood on the day.' })
  successors(@Root() org: Organization, @Ctx() ctx: OrgContext) {
    return orgs.lineageOf(ctx, org, 'successors');
  }

  @FieldResolver(() => [OrganizationChange], { description: 'Every recorded change that touched this organisation, oldest first.' })
  changes(@Root() org: Organization, @Ctx() ctx: OrgContext) {
    return orgs.changesOf(ctx, org);
  }
}

@Resolver(() => OrganizationChange)
export class OrganizationChangeResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'Parent before the change, as it stood the day before.' })
  previousParent(@Root() change: OrganizationChange, @Ctx() ctx: OrgContext) {
    return orgs.changeParent(ctx, change, 'before');
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'Parent after the change, on the day.' })
  newParent(@Root() change: OrganizationChange, @Ctx() ctx: OrgContext) {
    return orgs.changeParent(ctx, change, 'after');
  }

  @FieldResolver(() => [Organization])
  predecessors(@Root() change: OrganizationChange, @Ctx() ctx: OrgContext) {
    return orgs.changeLineage(ctx, change, 'predecessors');
  }

  @FieldResolver(() => [Organization])
  successors(@Root() change: OrganizationChange, @Ctx() ctx: OrgContext) {
    return orgs.changeLineage(ctx, change, 'successors');
  }
}
