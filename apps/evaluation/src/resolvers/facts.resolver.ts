import { selectedFields } from '@party/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { EvalContext } from '../context';
import { EvaluationFact, EvaluationFactConnection, EvaluationFactsCsvPage, EvaluationFinalizationPayload, FinalizeEvaluationYearInput, ReopenEvaluationYearInput } from '../graphql/facts.types';
import * as factsCsv from '../services/facts-csv.service';
import * as facts from '../services/facts.service';

@Resolver(() => EvaluationFact)
export class EvaluationFactResolver {
  @Query(() => EvaluationFactConnection, {
    description:
      'One flat row per organisation of the year under `under` (or everything you reach), for BI tools (columns: apps/evaluation/FACTS.md). Ordered by organisation id; the cursor is that id, so paging returns each organisation once while figures change; a page may hold fewer than `first` rows while `hasNextPage` is true (follow `endCursor`). `first`: 0–1,000, default 100. `totalCount` costs a count of the whole set: ask for it on the first page only. Finalised organisations give their frozen figures.',
  })
  evaluationFacts(
    @Ctx() ctx: EvalContext,
    @Arg('year', () => Int) year: number,
    @Arg('under', () => ID, { nullable: true }) under: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return facts.evaluationFacts(ctx, year, under, first, after, selectedFields(info).has('totalCount'));
  }

  @Query(() => EvaluationFactsCsvPage, {
    description:
      'The bulk export of `evaluationFacts` for BI tools: the same rows (same set, scope, order, keyset cursors and consistency while data changes) as one CSV text chunk per page instead of one object per row. `first`: 1–10,000 rows, default 10,000; follow `pageInfo.endCursor` while `hasNextPage` (a page may be short). `totalCount`: ask on the first page only. Cursors are interchangeable with evaluationFacts\'.',
  })
  evaluationFactsCsv(
    @Ctx() ctx: EvalContext,
    @Arg('year', () => Int) year: number,
    @Arg('under', () => ID, { nullable: true }) under: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return factsCsv.evaluationFactsCsv(ctx, year, under, first, after, selectedFields(info).has('totalCount'));
  }

  @Mutation(() => EvaluationFinalizationPayload, { description: "Freezes the year's figures for the subtree of `under`: targets, ratings and achievement no longer change for it (recorded)." })
  async finalizeEvaluationYear(@Ctx() ctx: EvalContext, @Arg('input', () => FinalizeEvaluationYearInput) input: FinalizeEvaluationYearInput): Promise<EvaluationFinalizationPayload> {
    return Object.assign(new EvaluationFinalizationPayload(), { finalization: await facts.finalizeEvaluationYear(ctx, input) });
  }

  @Mutation(() => EvaluationFinalizationPayload, { description: 'Reopens a finalised year for `under` and everything frozen under it: the live figures apply again (recorded with the reason).' })
  async reopenEvaluationYear(@Ctx() ctx: EvalContext, @Arg('input', () => ReopenEvaluationYearInput) input: ReopenEvaluationYearInput): Promise<EvaluationFinalizationPayload> {
    return Object.assign(new EvaluationFinalizationPayload(), { finalization: await facts.reopenEvaluationYear(ctx, input) });
  }
}
