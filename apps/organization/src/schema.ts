import { buildFederatedSchema } from '@party/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { OrgContext } from './context';
import { OrganizationChangeResolver, OrganizationResolver } from './resolvers/organization.resolver';
import { OrganizationImportResolver } from './resolvers/import.resolver';
import { TreeChangeResolver } from './resolvers/tree-change.resolver';
import { resolveOrganizationReference } from './services/organization.service';

export function buildOrganizationSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [OrganizationResolver, OrganizationChangeResolver, TreeChangeResolver, OrganizationImportResolver], validate: false },
    {
      Organization: { __resolveReference: (ref: { id: string; asOf?: string }, ctx: OrgContext) => resolveOrganizationReference(ctx, ref.id, ref.asOf) },
    },
  );
}
