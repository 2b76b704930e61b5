import { buildFederatedSchema } from '@party/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { EvalContext } from './context';
import { Member } from './graphql/rating.types';
import { OrganizationEvaluationResolver, TargetResolver } from './resolvers/evaluation.resolver';
import { EvaluationFactResolver } from './resolvers/facts.resolver';
import { FourGoodResolver, OrganizationFourGoodResolver } from './resolvers/four-good.resolver';
import { MemberRatingResolver, OrganizationRatingResolver, RatingResolver } from './resolvers/rating.resolver';
import { OrganizationScreeningResolver } from './resolvers/screening.resolver';
import { resolveOrganizationReference } from './services/target.service';

export function buildEvaluationSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [OrganizationEvaluationResolver, TargetResolver, OrganizationRatingResolver, MemberRatingResolver, RatingResolver, OrganizationScreeningResolver, EvaluationFactResolver, OrganizationFourGoodResolver, FourGoodResolver], validate: false },
    {
      Organization: { __resolveReference: (ref: { id: string; asOf?: string }, ctx: EvalContext) => resolveOrganizationReference(ctx, ref) },
      Member: { __resolveReference: (ref: { id: string }) => Member.ref(ref.id) },
    },
  );
}
