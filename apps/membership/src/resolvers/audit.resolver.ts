import { selectedFields } from '@party/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { MemberContext } from '../context';
import { AuditEntry, AuditEntryConnection, AuditLogArgs, AuditTrailArgs } from '../graphql/audit.types';
import * as audit from '../services/audit.service';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: "Audit rows of the membership subgraph that touch a member or prospect, newest first: administrators, and officers whose organisations hold the person." })
  auditTrail(@Ctx() ctx: MemberContext, @Args(() => AuditTrailArgs) args: AuditTrailArgs, @Info() info: GraphQLResolveInfo) {
    return audit.auditTrail(ctx, args, selectedFields(info));
  }

  @Query(() => AuditEntryConnection, { description: "The membership subgraph's audit log, by actor and time, newest first: system administrators only." })
  auditLog(@Ctx() ctx: MemberContext, @Args(() => AuditLogArgs) args: AuditLogArgs, @Info() info: GraphQLResolveInfo) {
    return audit.auditLog(ctx, args, selectedFields(info));
  }
}
