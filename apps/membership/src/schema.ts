import { buildFederatedSchema, permissionAuthChecker, personReadAudit } from '@party/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { MemberContext } from './context';
import { AuditResolver } from './resolvers/audit.resolver';
import { MemberImportResolver } from './resolvers/import.resolver';
import { MemberResolver, OrganizationMembershipResolver, ProspectResolver } from './resolvers/member.resolver';
import { resolveMemberReference, resolveOrganizationReference } from './services/member.service';
import { findProspect } from './services/prospect.service';

const SENSITIVE = { birthDate: 'SENSITIVE', ethnicity: 'SENSITIVE', religion: 'SENSITIVE', citizenId: 'SENSITIVE', familyBackground: 'SENSITIVE' } as const;
const IDENTITY = { id: 'IDENTITY', fullName: 'IDENTITY', gender: 'IDENTITY', birthplace: 'IDENTITY', educationLevel: 'IDENTITY', occupation: 'IDENTITY', youthUnion: 'IDENTITY' } as const;

/**
 * Every member and prospect a response returns is reported to the request's audit entry with the
 * field categories read (one READ row per request, written at its end); sensitive fields need the
 * SENSITIVE_PERSONAL_DATA permission (`@Authorized` on the fields, checked by the kit's auth checker).
 */
const readAudit = personReadAudit({
  Member: { categories: { ...IDENTITY, ...SENSITIVE, partyCardNumber: 'IDENTITY', events: 'HISTORY' }, fallback: 'MEMBERSHIP' },
  Prospect: { categories: { ...IDENTITY, ...SENSITIVE, steps: 'HISTORY' }, fallback: 'PROSPECT' },
});

export function buildMembershipSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [MemberResolver, ProspectResolver, OrganizationMembershipResolver, AuditResolver, MemberImportResolver],
      validate: false,
      authChecker: permissionAuthChecker,
      globalMiddlewares: [readAudit],
    },
    {
      Organization: { __resolveReference: (ref: { id: string; asOf?: string }, ctx: MemberContext) => resolveOrganizationReference(ctx, ref) },
      Member: { __resolveReference: (ref: { id: string }, ctx: MemberContext) => resolveMemberReference(ctx, ref.id) },
      Prospect: { __resolveReference: (ref: { id: string }, ctx: MemberContext) => findProspect(ctx, ref.id) },
    },
  );
}
