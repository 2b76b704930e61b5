import { DateScalar } from '@party/subgraph-kit';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { ActivityStatus, EducationLevel, Gender, MemberOrderField, MemberStatus, OrderDirection, ProspectSource, ProspectStage, ProspectStep, TerminationReason, TransferKind } from '../domain/enums';
import { ActivityStatusEnum, EducationLevelEnum, GenderEnum, MemberOrderFieldEnum, MemberStatusEnum, OrderDirectionEnum, ProspectSourceEnum, ProspectStageEnum, ProspectStepEnum, TerminationReasonEnum, TransferKindEnum } from './enums';

// ---------------------------------------------------------------- shared parts

@InputType()
class Retryable {
  @Field(() => String, { nullable: true, description: 'Any unique string (e.g. a UUID) chosen by the client: a retry with the same key returns the first answer instead of acting twice.' })
  idempotencyKey?: string | null;
}

@InputType()
class MemberChange extends Retryable {
  @Field(() => ID)
  memberId!: string;

  @Field(() => DateScalar, { description: 'Day the decision takes effect; not in the future, not before the member\'s last event.' })
  effectiveOn!: string;

  @Field(() => String, { description: 'Number of the decision, e.g. "125-QĐ/ĐU".' })
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: "The member's `version` the change is based on: refused with CONFLICT if someone changed the member since." })
  expectedVersion?: number | null;
}

@InputType()
class PersonFields extends Retryable {
  @Field(() => String)
  fullName!: string;

  @Field(() => GenderEnum)
  gender!: Gender;

  @Field(() => DateScalar)
  birthDate!: string;

  @Field(() => String, { nullable: true })
  birthplace?: string | null;

  @Field(() => String, { nullable: true, description: 'One of the 54 ethnic groups, e.g. "Kinh", "Chăm", "Raglai".' })
  ethnicity?: string | null;

  @Field(() => String, { nullable: true, description: 'Religion, if any.' })
  religion?: string | null;

  @Field(() => String, { nullable: true, description: 'Citizen identity card number (CCCD): 12 digits.' })
  citizenId?: string | null;

  @Field(() => String, { nullable: true, description: 'Family background ("lý lịch"): the parents\' and spouse\'s political history as recorded in the file; at most 2,000 characters. Sensitive personal data.' })
  familyBackground?: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  educationLevel?: EducationLevel | null;

  @Field(() => String, { nullable: true })
  occupation?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A member of the Ho Chi Minh Communist Youth Union.' })
  youthUnion?: boolean | null;
}

// ---------------------------------------------------------------- prospects

@InputType()
export class RegisterProspectInput extends PersonFields {
  @Field(() => ID, { description: 'The cell proposing the prospect.' })
  organizationId!: string;

  @Field(() => ProspectSourceEnum)
  source!: ProspectSource;

  @Field(() => DateScalar)
  registeredOn!: string;
}

@InputType()
export class IntroducerInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => DateScalar, { description: 'Since when the introducer has worked with the prospect (at least a year before admission).' })
  workedTogetherSince!: string;
}

@InputType()
export class RecordProspectStepInput extends Retryable {
  @Field(() => ID)
  prospectId!: string;

  @Field(() => ProspectStepEnum)
  step!: ProspectStep;

  @Field(() => DateScalar, { description: 'Day of the step (for AWARENESS_CLASS_PASSED, the certificate date).' })
  on!: string;

  @Field(() => String, { nullable: true, description: 'Resolution number (CELL_RESOLUTION, COMMITTEE_RESOLUTION).' })
  decisionRef?: string | null;

  @Field(() => ID, { nullable: true, description: 'HELPER_ASSIGNED: the official member who helps.' })
  helperMemberId?: string | null;

  @Field(() => [IntroducerInput], { nullable: true, description: 'INTRODUCERS_ASSIGNED: two official members.' })
  introducers?: IntroducerInput[] | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class RejectProspectInput extends Retryable {
  @Field(() => ID)
  prospectId!: string;

  @Field(() => DateScalar)
  on!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true })
  decisionRef?: string | null;
}

// ---------------------------------------------------------------- members

@InputType()
export class AdmitMemberInput extends Retryable {
  @Field(() => ID)
  prospectId!: string;

  @Field(() => ID, { description: 'The cell (CELL or GRASSROOTS_CELL) the new member joins.' })
  organizationId!: string;

  @Field(() => String, { description: 'The admission decision of the competent committee.' })
  decisionRef!: string;

  @Field(() => DateScalar, { description: 'Admission ceremony: probation starts on this day.' })
  ceremonyOn!: string;

  @Field(() => String, { nullable: true })
  partyCardNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Reference of the exception that allows admitting someone under 18 or over 60.' })
  ageExceptionRef?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class RecognizeOfficialMemberInput extends MemberChange {}

@InputType()
export class TransferMemberInput extends MemberChange {
  @Field(() => TransferKindEnum)
  kind!: TransferKind;

  @Field(() => ID, { description: 'The cell the member moves to (OFFICIAL) or is temporarily active in (TEMPORARY).' })
  toOrganizationId!: string;

  @Field(() => DateScalar, { nullable: true, description: 'TEMPORARY: last day at the host (required).' })
  until?: string | null;
}

@InputType()
export class ExemptMemberInput extends MemberChange {
  @Field(() => String, { description: 'E.g. old age, long illness.' })
  reason!: string;
}

@InputType()
export class EndExemptionInput extends MemberChange {}

@InputType()
export class TerminateMembershipInput extends MemberChange {
  @Field(() => TerminationReasonEnum)
  reason!: TerminationReason;
}

@InputType()
export class ReinstateMemberInput extends MemberChange {
  @Field(() => ID, { nullable: true, description: 'The cell the member returns to; default the one they left.' })
  organizationId?: string | null;
}

@InputType({ description: 'Corrects recorded data (a typo, a wrong date of birth): not a real-life event. Only the fields given change.' })
export class CorrectMemberRecordInput extends Retryable {
  @Field(() => ID)
  memberId!: string;

  @Field(() => String, { description: 'Why the record was wrong.' })
  reason!: string;

  @Field(() => String, { description: 'Document supporting the correction (e.g. the citizen ID card, a court ruling).' })
  decisionRef!: string;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => GenderEnum, { nullable: true })
  gender?: Gender | null;

  @Field(() => DateScalar, { nullable: true })
  birthDate?: string | null;

  @Field(() => String, { nullable: true })
  birthplace?: string | null;

  @Field(() => String, { nullable: true })
  ethnicity?: string | null;

  @Field(() => String, { nullable: true })
  religion?: string | null;

  @Field(() => String, { nullable: true })
  citizenId?: string | null;

  @Field(() => String, { nullable: true, description: 'Family background ("lý lịch"), at most 2,000 characters. Sensitive personal data.' })
  familyBackground?: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  educationLevel?: EducationLevel | null;

  @Field(() => String, { nullable: true })
  occupation?: string | null;

  @Field(() => Boolean, { nullable: true })
  youthUnion?: boolean | null;

  @Field(() => String, { nullable: true })
  partyCardNumber?: string | null;
}

// ---------------------------------------------------------------- arguments

@InputType()
export class MemberFilter {
  @Field(() => [MemberStatusEnum], { nullable: true })
  status?: MemberStatus[] | null;

  @Field(() => [ActivityStatusEnum], { nullable: true })
  activity?: ActivityStatus[] | null;

  @Field(() => GenderEnum, { nullable: true })
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: 'Words of the name, ignoring case and diacritics.' })
  text?: string | null;
}

@InputType({ description: 'The order of a member list. A cursor (`after`) belongs to the order it was returned in: after changing the order, page again from the start.' })
export class MemberOrder {
  @Field(() => MemberOrderFieldEnum)
  field!: MemberOrderField;

  @Field(() => OrderDirectionEnum, { nullable: true, defaultValue: 'ASC' })
  direction!: OrderDirection;
}

@ArgsType()
export class MemberArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Day to show the member as of; default today.' })
  asOf?: string | null;
}

@ArgsType()
export class SearchMembersArgs {
  @Field(() => String)
  text!: string;

  @Field(() => ID)
  under!: string;

  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 500 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => DateScalar, { nullable: true })
  asOf?: string | null;
}

@ArgsType()
export class OverdueProbationsArgs {
  @Field(() => ID)
  under!: string;

  @Field(() => DateScalar, { nullable: true })
  asOf?: string | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class MemberCountArgs {
  @Field(() => DateScalar, { nullable: true, description: "Default: the organisation's `asOf`." })
  asOf?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  includeDescendants!: boolean;

  @Field(() => [MemberStatusEnum], { nullable: true })
  status?: MemberStatus[] | null;
}

@ArgsType()
export class MembersArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => MemberFilter, { nullable: true })
  filter?: MemberFilter | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  includeDescendants!: boolean;

  @Field(() => MemberOrder, { nullable: true, description: 'Default: by given name, A to Z.' })
  orderBy?: MemberOrder | null;
}

@ArgsType()
export class ProspectsArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => ProspectStageEnum, { nullable: true, description: 'Default: every prospect not yet admitted or rejected.' })
  stage?: ProspectStage | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  includeDescendants!: boolean;
}

@ArgsType()
export class AdmissionsArgs {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true, description: '1 to 4; the whole year when omitted.' })
  quarter?: number | null;
}

@ArgsType()
export class ProspectArgs {
  @Field(() => ID)
  id!: string;
}

