import { buildFederatedSchema } from '@party/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { MemberContext } from './context';
import { MemberResolver, OrganizationMembershipResolver, ProspectResolver } from './resolvers/member.resolver';
import { resolveMemberReference, resolveOrganizationReference } from './services/member.service';
import { findProspect } from './services/prospect.service';

export function buildMembershipSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [MemberResolver, ProspectResolver, OrganizationMembershipResolver], validate: false },
    {
      Organization: { __resolveReference: (ref: { id: string; asOf?: string }, ctx: MemberContext) => resolveOrganizationReference(ctx, ref) },
      Member: { __resolveReference: (ref: { id: string }, ctx: MemberContext) => resolveMemberReference(ctx, ref.id) },
      Prospect: { __resolveReference: (ref: { id: string }, ctx: MemberContext) => findProspect(ctx, ref.id) },
    },
  );
}
