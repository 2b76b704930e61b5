import { Connection, DateScalar, DateTimeScalar, SENSITIVE_PERSONAL_DATA } from '@party/subgraph-kit';
import { Authorized, Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ActivityStatus, EducationLevel, EventType, Gender, MemberStatus, ProspectSource, ProspectStage, ProspectStep, TerminationReason } from '../domain/enums';
import { ActivityStatusEnum, EducationLevelEnum, EventTypeEnum, GenderEnum, MemberStatusEnum, ProspectSourceEnum, ProspectStageEnum, ProspectStepEnum, TerminationReasonEnum } from './enums';

/**
 * The organisation subgraph's entity, as this subgraph refers to it: by id and the day it is seen on.
 * Each subgraph declares its own class: type-graphql attaches field resolvers to the class, and a class
 * shared between subgraphs would carry one subgraph's fields into another's schema.
 */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id asOf")')
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  asOf!: string;

  static ref(id: string, asOf: string): Organization {
    const o = new Organization();
    o.id = id;
    o.asOf = asOf;
    return o;
  }
}

/** How a count that may be withheld is described (docs/decisions/0021-small-cell-suppression.md). */
export const WITHHELD = 'Null when withheld: for analysts, counts from 1 to Query.smallCellThreshold − 1 and the cells that would reveal them.';
const counted = (description?: string) => ({ nullable: true, description: description ? `${description} ${WITHHELD}` : WITHHELD });

@ObjectType({ description: 'A value of a breakdown and how many it counts.', simpleResolvers: true })
export class StatCount {
  @Field(() => String)
  key!: string;

  @Field(() => Int, counted())
  count!: number | null;

  @Field(() => Boolean, { description: 'Whether `count` is withheld (null) as a small cell, or to keep one from being computed from the total. Withheld values are listed last, by key.' })
  suppressed!: boolean;
}

@ObjectType({ description: "Members registered in an organisation's subtree on a day, by the breakdowns commissions publish.", simpleResolvers: true })
export class MemberStats {
  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => Int, counted('Registered members (probationary and official).'))
  total!: number | null;

  @Field(() => Int, counted())
  probationary!: number | null;

  @Field(() => Int, counted())
  official!: number | null;

  @Field(() => Int, counted())
  women!: number | null;

  @Field(() => Int, counted('Members of an ethnic group other than Kinh.'))
  ethnicMinority!: number | null;

  @Field(() => Int, counted('Members who follow a religion.'))
  withReligion!: number | null;

  @Field(() => Int, counted('Members aged 18 to 30 on the day.'))
  age18to30!: number | null;

  @Field(() => Int, counted('Members from other organisations temporarily active here (not in `total`).'))
  hostedTemporarily!: number | null;

  @Field(() => [StatCount])
  byStatus!: StatCount[];

  @Field(() => [StatCount])
  byActivity!: StatCount[];

  @Field(() => [StatCount])
  byGender!: StatCount[];

  @Field(() => [StatCount], { description: 'Age bands on the day: 18-30, 31-40, 41-50, 51-60, 61-70, 71+.' })
  byAgeBand!: StatCount[];

  @Field(() => [StatCount])
  byEthnicity!: StatCount[];

  @Field(() => [StatCount], { description: 'Religion; "NONE" for members without one.' })
  byReligion!: StatCount[];

  @Field(() => [StatCount], { description: 'Education level; "UNKNOWN" where not recorded.' })
  byEducation!: StatCount[];
}

@ObjectType({ description: "Admissions in an organisation's subtree (as it stood on each admission day) in a year or quarter.", simpleResolvers: true })
export class AdmissionStats {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true })
  quarter!: number | null;

  @Field(() => Int, counted())
  total!: number | null;

  @Field(() => Int, counted())
  women!: number | null;

  @Field(() => Int, counted())
  ethnicMinority!: number | null;

  @Field(() => Int, counted())
  withReligion!: number | null;

  @Field(() => Int, counted('Aged 18 to 30 on the admission day.'))
  age18to30!: number | null;

  @Field(() => Int, counted())
  youthUnion!: number | null;

  @Field(() => Int, counted())
  students!: number | null;

  @Field(() => Int, counted())
  workers!: number | null;

  @Field(() => Int, counted('Employees of non-state enterprises.'))
  nonStateEnterprise!: number | null;

  @Field(() => [StatCount])
  bySource!: StatCount[];

  @Field(() => [StatCount])
  byGender!: StatCount[];

  @Field(() => [StatCount])
  byEthnicity!: StatCount[];

  @Field(() => [StatCount])
  byAgeBand!: StatCount[];

  @Field(() => [StatCount], { description: 'Quarter ("1" to "4") of the admission day.' })
  byQuarter!: StatCount[];
}

@ObjectType({ description: 'A corrected field of a member record: the value before and after.', simpleResolvers: true })
export class FieldCorrection {
  @Field(() => String)
  field!: string;

  @Field(() => String, { nullable: true })
  before!: string | null;

  @Field(() => String, { nullable: true })
  after!: string | null;
}

@ObjectType({ description: 'One recorded change to a member: append-only, with its effective day, decision and author.' })
export class MembershipEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => EventTypeEnum)
  type!: EventType;

  @Field(() => DateScalar)
  effectiveOn!: string;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => Organization, { nullable: true, description: 'Admitting, destination or host organisation, as it stood on the day.' })
  organization!: Organization | null;

  @Field(() => DateScalar, { nullable: true, description: 'Temporary transfer: last day at the host.' })
  until!: string | null;

  @Field(() => String, { nullable: true, description: 'Termination reason, exemption reason or correction reason.' })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => [FieldCorrection], { description: 'CORRECTED: the fields changed.' })
  corrections!: FieldCorrection[];

  @Field(() => String)
  recordedBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@ObjectType({ description: 'A party member as on `asOf` (default today).' })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => GenderEnum)
  gender!: Gender;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => DateScalar, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  birthDate!: string;

  @Field(() => String, { nullable: true })
  birthplace!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  ethnicity!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  religion!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Citizen identity card number (CCCD), 12 digits. Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  citizenId!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, {
    nullable: true,
    description:
      'Family background ("lý lịch"): the parents\' and spouse\'s political history as recorded in the file, up to 2,000 characters. Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.',
  })
  familyBackground!: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  educationLevel!: EducationLevel | null;

  @Field(() => String, { nullable: true })
  occupation!: string | null;

  @Field(() => Boolean)
  youthUnion!: boolean;

  @Field(() => ProspectSourceEnum)
  source!: ProspectSource;

  @Field(() => String, { nullable: true })
  partyCardNumber!: string | null;

  @Field(() => MemberStatusEnum, { description: 'On `asOf`; after a termination, the status the member had.' })
  status!: MemberStatus;

  @Field(() => ActivityStatusEnum)
  activity!: ActivityStatus;

  @Field(() => Boolean, { description: 'Whether the person is a member on `asOf`.' })
  isMember!: boolean;

  @Field(() => Organization, { description: 'The cell the member is registered in on `asOf` (after a merge, its successor).' })
  organization!: Organization;

  @Field(() => Organization, { nullable: true, description: 'Where the member is temporarily active on `asOf`.' })
  hostOrganization!: Organization | null;

  @Field(() => DateScalar, { description: 'Admission ceremony day: probation starts.' })
  admittedOn!: string;

  @Field(() => DateScalar, { description: 'End of the 12 months of probation.' })
  probationEndsOn!: string;

  @Field(() => DateScalar, { nullable: true })
  officialOn!: string | null;

  @Field(() => DateScalar, { nullable: true })
  terminatedOn!: string | null;

  @Field(() => TerminationReasonEnum, { nullable: true })
  terminationReason!: TerminationReason | null;

  @Field(() => Int, { description: 'Whole years of membership on `asOf`, without interruptions.' })
  partyAgeYears!: number;

  @Field(() => [Int], { description: 'Party badge milestones reached (30, 40, 45 … 90 years).' })
  badges!: number[];

  @Field(() => Int, { nullable: true })
  nextBadge!: number | null;

  @Field(() => Int, { description: 'Changes with every recorded change; send it back as `expectedVersion`.' })
  version!: number;

  @Field(() => DateScalar)
  asOf!: string;
}

@ObjectType({ simpleResolvers: true })
export class MemberConnection extends Connection(Member, 'Member') {}

@ObjectType({ description: 'An introducer: an official member who has worked with the prospect at least a year.', simpleResolvers: true })
export class Introducer {
  @Field(() => Member)
  member!: Member;

  @Field(() => DateScalar)
  workedTogetherSince!: string;
}

@ObjectType({ description: "A recorded step of a prospect's path.", simpleResolvers: true })
export class ProspectStepRecord {
  @Field(() => String, { description: 'A ProspectStep, or REGISTERED, ADMITTED, REJECTED.' })
  step!: string;

  @Field(() => DateScalar)
  on!: string;

  @Field(() => String, { nullable: true })
  decisionRef!: string | null;

  @Field(() => String)
  recordedBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@ObjectType({ description: 'An outstanding non-member on the way to admission.' })
@Directive('@key(fields: "id")')
export class Prospect {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => GenderEnum)
  gender!: Gender;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => DateScalar, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  birthDate!: string;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  ethnicity!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  religion!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.' })
  citizenId!: string | null;

  @Authorized(SENSITIVE_PERSONAL_DATA)
  @Field(() => String, {
    nullable: true,
    description:
      'Family background ("lý lịch"): the parents\' and spouse\'s political history as recorded in the file, up to 2,000 characters. Sensitive personal data: officers and administrators only; other callers get FORBIDDEN on this field (extensions.field), null here, and the rest of the record.',
  })
  familyBackground!: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  educationLevel!: EducationLevel | null;

  @Field(() => String, { nullable: true })
  occupation!: string | null;

  @Field(() => Boolean)
  youthUnion!: boolean;

  @Field(() => Organization, { description: 'The cell proposing the prospect.' })
  organization!: Organization;

  @Field(() => ProspectSourceEnum)
  source!: ProspectSource;

  @Field(() => ProspectStageEnum)
  stage!: ProspectStage;

  @Field(() => DateScalar)
  registeredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Party-awareness class certificate; valid 5 years.' })
  awarenessCertificateOn!: string | null;

  @Field(() => [ProspectStepEnum], { description: 'Steps recorded so far.' })
  stepsDone!: ProspectStep[];

  @Field(() => DateScalar, { nullable: true })
  rejectedOn!: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => Int)
  version!: number;

  // Resolved fields: helper, introducers, steps, member.
  helperMemberId!: string | null;
  memberId!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ProspectConnection extends Connection(Prospect, 'Prospect') {}

@ObjectType({ simpleResolvers: true })
export class MemberPayload {
  @Field(() => Member)
  member!: Member;

  @Field(() => MembershipEvent)
  event!: MembershipEvent;
}

@ObjectType({ simpleResolvers: true })
export class ProspectPayload {
  @Field(() => Prospect)
  prospect!: Prospect;
}

@ObjectType({ simpleResolvers: true })
export class AdmitMemberPayload {
  @Field(() => Member)
  member!: Member;

  @Field(() => Prospect)
  prospect!: Prospect;

  @Field(() => MembershipEvent)
  event!: MembershipEvent;
}

