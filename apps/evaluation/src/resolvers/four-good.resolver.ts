import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EvalContext } from '../context';
import {
  AssessFourGoodInput,
  AssessFourGoodPayload,
  FourGood,
  FourGoodAssessment,
  FourGoodCriteriaSet,
  FourGoodSummary,
  RegisterFourGoodInput,
  RegisterFourGoodPayload,
  SetFourGoodCriteriaInput,
  SetFourGoodCriteriaPayload,
} from '../graphql/four-good.types';
import { Organization } from '../graphql/types';
import * as fourGood from '../services/four-good.service';

@Resolver(() => Organization)
export class OrganizationFourGoodResolver {
  @FieldResolver(() => FourGood, { nullable: true, description: 'The year\'s "4 good" registration, assessment and criteria; null when the organisation did not register for the year.' })
  fourGood(@Root() org: Organization, @Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number) {
    return fourGood.fourGood(ctx, org, year);
  }
}

@Resolver(() => FourGood)
export class FourGoodResolver {
  @FieldResolver(() => [FourGoodAssessment], { description: 'Every assessment of the year made for the organisation, oldest first (the last is the one in force).' })
  history(@Root() fg: FourGood, @Ctx() ctx: EvalContext) {
    return fourGood.fourGoodHistory(ctx, fg);
  }

  @Mutation(() => SetFourGoodCriteriaPayload, { description: 'Records a province\'s "4 good" criteria from a year on (province officers, administrators; the national default: administrators).' })
  async setFourGoodCriteria(@Ctx() ctx: EvalContext, @Arg('input', () => SetFourGoodCriteriaInput) input: SetFourGoodCriteriaInput): Promise<SetFourGoodCriteriaPayload> {
    return Object.assign(new SetFourGoodCriteriaPayload(), { criteriaSet: await fourGood.setFourGoodCriteria(ctx, input) });
  }

  @Mutation(() => RegisterFourGoodPayload, { description: 'Registers a grassroots committee, grassroots cell or cell for the "4 good" title of a year (once per year).' })
  async registerFourGood(@Ctx() ctx: EvalContext, @Arg('input', () => RegisterFourGoodInput) input: RegisterFourGoodInput): Promise<RegisterFourGoodPayload> {
    return Object.assign(new RegisterFourGoodPayload(), { registration: await fourGood.registerFourGood(ctx, input) });
  }

  @Mutation(() => AssessFourGoodPayload, { description: 'Assesses a registered organisation\'s year against the criteria set in force for its province; the result is computed. A re-assessment replaces the one in force (every one is kept).' })
  async assessFourGood(@Ctx() ctx: EvalContext, @Arg('input', () => AssessFourGoodInput) input: AssessFourGoodInput): Promise<AssessFourGoodPayload> {
    return Object.assign(new AssessFourGoodPayload(), { assessment: await fourGood.assessFourGood(ctx, input) });
  }

  @Query(() => FourGoodSummary, { description: 'Registered, assessed and granted counts of the year in the subtree of `under` (itself included), by kind.' })
  fourGoodSummary(@Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number, @Arg('under', () => ID) under: string) {
    return fourGood.fourGoodSummary(ctx, year, under);
  }

  @Query(() => FourGoodCriteriaSet, { description: 'The "4 good" criteria in force for a province and year (the national default where it has none, or when no province is named).' })
  fourGoodCriteria(@Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number, @Arg('provinceId', () => ID, { nullable: true }) provinceId: string | null) {
    return fourGood.fourGoodCriteria(ctx, year, provinceId);
  }
}
