import { DateScalar, selectedFields } from '@party/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { OrgContext } from '../context';
import type { OrganizationKind } from '../domain/kinds';
import { OrganizationKindEnum } from '../graphql/enums';
import { OrganizationChange } from '../graphql/organization-change.type';
import { Organization, OrganizationConnection } from '../graphql/organization.type';
import * as orgs from '../services/organization.service';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: 'One organisation by id or code, as it stood on `asOf` (default today); null if it did not exist then.' })
  organization(
    @Ctx() ctx: OrgContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ) {
    return orgs.findOrganization(ctx, { id, code, asOf });
  }

  @Query(() => [Organization], { description: 'The top of the tree the caller reaches on `asOf`.' })
  organizationRoots(@Ctx() ctx: OrgContext, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    return orgs.organizationRoots(ctx, asOf);
  }

  @Query(() => [Organization], { description: 'Organisations whose name or code contains every word of `text`, ignoring case and diacritics.' })
  searchOrganizations(
    @Ctx() ctx: OrgContext,
    @Arg('text', () => String) text: string,
    @Arg('under', () => ID, { nullable: true }) under?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return orgs.searchOrganizations(ctx, { text, under, asOf, first });
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
  children(
    @Root() org: Organization,
    @Ctx() ctx: OrgContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return orgs.children(ctx, org, { first, after }, selectedFields(info));
  }

  @FieldResolver(() => OrganizationConnection, { description: 'Everything under this organisation on the same day, in tree order.' })
  descendants(
    @Root() org: Organization,
    @Ctx() ctx: OrgContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('maxDepth', () => Int, { nullable: true }) maxDepth?: number,
    @Arg('kinds', () => [OrganizationKindEnum], { nullable: true }) kinds?: OrganizationKind[],
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return orgs.descendants(ctx, org, { maxDepth, kinds, first, after }, selectedFields(info));
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
