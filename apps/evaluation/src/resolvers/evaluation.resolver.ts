import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EvalContext } from '../context';
import { AdmissionTarget, Organization, SetAdmissionTargetsInput, SetAdmissionTargetsPayload } from '../graphql/types';
import * as targets from '../services/target.service';

@ArgsType()
class PerformanceArgs {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: '1: the children; 2: their children; …' })
  depth!: number;
}

@Resolver(() => Organization)
export class OrganizationEvaluationResolver {
  @FieldResolver(() => AdmissionTarget, { nullable: true, description: "The year's admission target and achievement; null when no target was assigned." })
  admissionTarget(@Root() org: Organization, @Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number) {
    return targets.admissionTarget(ctx, org, year);
  }

  @FieldResolver(() => [AdmissionTarget], { description: 'The rows of the organisations `depth` levels under this one during the year, ranked by achievement.' })
  admissionPerformance(@Root() org: Organization, @Ctx() ctx: EvalContext, @Args(() => PerformanceArgs) args: PerformanceArgs) {
    return targets.admissionPerformance(ctx, org, args.year, args.depth ?? 1);
  }
}

@Resolver(() => AdmissionTarget)
export class TargetResolver {
  @Mutation(() => SetAdmissionTargetsPayload, { description: 'A committee assigns the year\'s admission targets to the organisations directly under it.' })
  setAdmissionTargets(@Ctx() ctx: EvalContext, @Arg('input', () => SetAdmissionTargetsInput) input: SetAdmissionTargetsInput) {
    return targets.setAdmissionTargets(ctx, input);
  }
}
