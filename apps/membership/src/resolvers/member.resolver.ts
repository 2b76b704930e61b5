import { DateScalar, selectedFields, smallCellThreshold } from '@party/subgraph-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { MemberContext } from '../context';
import {
  AdmissionsArgs,
  AdmitMemberInput,
  CorrectMemberRecordInput,
  EndExemptionInput,
  ExemptMemberInput,
  MemberArgs,
  MemberCountArgs,
  MembersArgs,
  OverdueProbationsArgs,
  ProspectArgs,
  ProspectsArgs,
  RecognizeOfficialMemberInput,
  RecordProspectStepInput,
  RegisterProspectInput,
  ReinstateMemberInput,
  RejectProspectInput,
  SearchMembersArgs,
  TerminateMembershipInput,
  TransferMemberInput,
} from '../graphql/inputs';
import {
  AdmissionStats,
  AdmitMemberPayload,
  Introducer,
  Member,
  MemberConnection,
  MemberPayload,
  MemberStats,
  MembershipEvent,
  Organization,
  Prospect,
  ProspectConnection,
  ProspectPayload,
  ProspectStepRecord,
  WITHHELD,
} from '../graphql/types';
import * as life from '../services/lifecycle.service';
import * as members from '../services/member.service';
import * as prospects from '../services/prospect.service';

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'A member as on `asOf` (default today); null if unknown or outside your organisations.' })
  member(@Ctx() ctx: MemberContext, @Args(() => MemberArgs) args: MemberArgs) {
    return members.findMember(ctx, args.id, args.asOf);
  }

  @Query(() => MemberConnection, { description: 'Members placed under `under` on `asOf` whose name contains every word of `text`, ignoring case and diacritics; by given name.' })
  searchMembers(@Ctx() ctx: MemberContext, @Args(() => SearchMembersArgs) args: SearchMembersArgs, @Info() info: GraphQLResolveInfo) {
    return members.searchMembers(ctx, args, selectedFields(info));
  }

  @Query(() => MemberConnection, { description: 'Probationary members under `under` whose recognition decision is overdue: more than 30 working days after the 12 months of probation; oldest first.' })
  overdueProbations(@Ctx() ctx: MemberContext, @Args(() => OverdueProbationsArgs) args: OverdueProbationsArgs, @Info() info: GraphQLResolveInfo) {
    return members.overdueProbations(ctx, args, selectedFields(info));
  }

  @Query(() => Int, {
    description:
      'Counts in aggregates (memberCount, memberStats, admissions, and the evaluation figures) from 1 to this − 1 are withheld from you: null, marked `suppressed` in breakdowns, with the cells that would reveal them (docs/decisions/0021). 1: you see exact figures (officers, viewers, administrators); AGGREGATE_MIN_CELL (default 5) for analysts.',
  })
  smallCellThreshold(@Ctx() ctx: MemberContext): number {
    return smallCellThreshold(ctx);
  }

  @FieldResolver(() => [MembershipEvent], { description: 'Every recorded event, in effective order.' })
  events(@Root() member: Member, @Ctx() ctx: MemberContext) {
    return members.eventsOf(ctx, member);
  }

  @Mutation(() => AdmitMemberPayload, { description: 'Admits a prospect with a committee resolution: a probationary member of a cell from the ceremony on.' })
  admitMember(@Ctx() ctx: MemberContext, @Arg('input', () => AdmitMemberInput) input: AdmitMemberInput) {
    return life.admitMember(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Recognises a probationary member as official, no earlier than 12 months after the ceremony.' })
  recognizeOfficialMember(@Ctx() ctx: MemberContext, @Arg('input', () => RecognizeOfficialMemberInput) input: RecognizeOfficialMemberInput) {
    return life.recognizeOfficialMember(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Transfers party activity: OFFICIAL (registered at the new cell) or TEMPORARY (active at a host until a day).' })
  transferMember(@Ctx() ctx: MemberContext, @Arg('input', () => TransferMemberInput) input: TransferMemberInput) {
    return life.transferMember(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Exempts a member from activity (old age, long illness).' })
  exemptMember(@Ctx() ctx: MemberContext, @Arg('input', () => ExemptMemberInput) input: ExemptMemberInput) {
    return life.exemptMember(ctx, input);
  }

  @Mutation(() => MemberPayload)
  endExemption(@Ctx() ctx: MemberContext, @Arg('input', () => EndExemptionInput) input: EndExemptionInput) {
    return life.endExemption(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Ends a membership: struck off, expelled, withdrawn, deceased, or probation not recognised.' })
  terminateMembership(@Ctx() ctx: MemberContext, @Arg('input', () => TerminateMembershipInput) input: TerminateMembershipInput) {
    return life.terminateMembership(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Reinstates a wrongly ended membership; party age does not count the interruption.' })
  reinstateMember(@Ctx() ctx: MemberContext, @Arg('input', () => ReinstateMemberInput) input: ReinstateMemberInput) {
    return life.reinstateMember(ctx, input);
  }

  @Mutation(() => MemberPayload, { description: 'Corrects recorded data; kept apart from real-life events.' })
  correctMemberRecord(@Ctx() ctx: MemberContext, @Arg('input', () => CorrectMemberRecordInput) input: CorrectMemberRecordInput) {
    return life.correctMemberRecord(ctx, input);
  }
}

@Resolver(() => Prospect)
export class ProspectResolver {
  @Query(() => Prospect, { nullable: true })
  prospect(@Ctx() ctx: MemberContext, @Args(() => ProspectArgs) args: ProspectArgs) {
    return prospects.findProspect(ctx, args.id);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The official member assigned to help.' })
  helper(@Root() p: Prospect, @Ctx() ctx: MemberContext) {
    return prospects.helperOf(ctx, p);
  }

  @FieldResolver(() => [Introducer])
  introducers(@Root() p: Prospect, @Ctx() ctx: MemberContext) {
    return prospects.introducersOf(ctx, p);
  }

  @FieldResolver(() => [ProspectStepRecord], { description: 'Every recorded step, in the order recorded.' })
  steps(@Root() p: Prospect, @Ctx() ctx: MemberContext) {
    return prospects.stepsOf(ctx, p);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member the prospect became.' })
  member(@Root() p: Prospect, @Ctx() ctx: MemberContext) {
    return prospects.memberOf(ctx, p);
  }

  @Mutation(() => ProspectPayload, { description: 'Registers an outstanding non-member proposed by a cell.' })
  registerProspect(@Ctx() ctx: MemberContext, @Arg('input', () => RegisterProspectInput) input: RegisterProspectInput) {
    return prospects.registerProspect(ctx, input);
  }

  @Mutation(() => ProspectPayload, { description: 'Records a dated step toward admission.' })
  recordProspectStep(@Ctx() ctx: MemberContext, @Arg('input', () => RecordProspectStepInput) input: RecordProspectStepInput) {
    return prospects.recordProspectStep(ctx, input);
  }

  @Mutation(() => ProspectPayload)
  rejectProspect(@Ctx() ctx: MemberContext, @Arg('input', () => RejectProspectInput) input: RejectProspectInput) {
    return prospects.rejectProspect(ctx, input);
  }
}

@Resolver(() => Organization)
export class OrganizationMembershipResolver {
  @FieldResolver(() => Int, { nullable: true, description: `Registered members on the day (default: the day the organisation is shown as of), in the subtree as it stood then. ${WITHHELD}` })
  memberCount(@Root() org: Organization, @Ctx() ctx: MemberContext, @Args(() => MemberCountArgs) args: MemberCountArgs) {
    return members.memberCount(ctx, org, args);
  }

  @FieldResolver(() => MemberStats)
  memberStats(@Root() org: Organization, @Ctx() ctx: MemberContext, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    return members.memberStats(ctx, org, asOf);
  }

  @FieldResolver(() => MemberConnection, { description: 'Members registered here (or, with includeDescendants, anywhere under) on the day: by given name, or as `orderBy` says.' })
  members(@Root() org: Organization, @Ctx() ctx: MemberContext, @Args(() => MembersArgs) args: MembersArgs, @Info() info: GraphQLResolveInfo) {
    return members.membersOf(ctx, org, args, selectedFields(info));
  }

  @FieldResolver(() => ProspectConnection, { description: 'Prospects proposed here or under here.' })
  prospects(@Root() org: Organization, @Ctx() ctx: MemberContext, @Args(() => ProspectsArgs) args: ProspectsArgs, @Info() info: GraphQLResolveInfo) {
    return prospects.prospectsOf(ctx, org, args, selectedFields(info));
  }

  @FieldResolver(() => AdmissionStats, { description: 'Admissions in the year (or quarter) in the subtree as it stood on each admission day.' })
  admissions(@Root() org: Organization, @Ctx() ctx: MemberContext, @Args(() => AdmissionsArgs) args: AdmissionsArgs) {
    return members.admissions(ctx, org, args.year, args.quarter);
  }
}
