import { buildFederatedSchema } from '@party/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { EvalContext } from './context';
import { OrganizationEvaluationResolver, TargetResolver } from './resolvers/evaluation.resolver';
import { resolveOrganizationReference } from './services/target.service';

export function buildEvaluationSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [OrganizationEvaluationResolver, TargetResolver], validate: false },
    { Organization: { __resolveReference: (ref: { id: string; asOf?: string }, ctx: EvalContext) => resolveOrganizationReference(ctx, ref) } },
  );
}
