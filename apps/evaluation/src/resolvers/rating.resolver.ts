import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EvalContext } from '../context';
import { GradeCount, Member, MemberRating, OrganizationRating, RateMemberInput, RateMemberPayload, RateOrganizationInput, RateOrganizationPayload } from '../graphql/rating.types';
import { Organization } from '../graphql/types';
import * as ratings from '../services/rating.service';

@Resolver(() => Organization)
export class OrganizationRatingResolver {
  @FieldResolver(() => OrganizationRating, { nullable: true, description: "The year's quality rating in force; null when not rated." })
  qualityRating(@Root() org: Organization, @Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number) {
    return ratings.organizationRating(ctx, org, year);
  }
}

@Resolver(() => Member)
export class MemberRatingResolver {
  @FieldResolver(() => MemberRating, { nullable: true, description: "The year's quality rating in force; null when not rated (or the cell is outside your organisations)." })
  qualityRating(@Root() member: Member, @Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number) {
    return ratings.memberRating(ctx, member, year);
  }
}

@Resolver(() => OrganizationRating)
export class RatingResolver {
  @Mutation(() => RateOrganizationPayload, { description: 'Rates an organisation for a year under the rules in force then; a re-rating replaces the rating (every rating is kept).' })
  async rateOrganization(@Ctx() ctx: EvalContext, @Arg('input', () => RateOrganizationInput) input: RateOrganizationInput): Promise<RateOrganizationPayload> {
    return Object.assign(new RateOrganizationPayload(), { rating: await ratings.rateOrganization(ctx, input) });
  }

  @Mutation(() => RateMemberPayload, { description: "Rates a member for a year: a member on the year's 31 December, not exempted from activity." })
  async rateMember(@Ctx() ctx: EvalContext, @Arg('input', () => RateMemberInput) input: RateMemberInput): Promise<RateMemberPayload> {
    return Object.assign(new RateMemberPayload(), { rating: await ratings.rateMember(ctx, input) });
  }

  @Query(() => [GradeCount], { description: 'How many organisations under `under` (its subtree at the end of the year, not itself) were given each grade for the year.' })
  ratingDistribution(@Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number, @Arg('under', () => ID) under: string) {
    return ratings.ratingDistribution(ctx, year, under);
  }
}
