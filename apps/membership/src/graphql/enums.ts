import { registerEnumType } from 'type-graphql';
import { ACTIVITY_STATUSES, EDUCATION_LEVELS, EVENT_TYPES, GENDERS, MEMBER_ORDER_FIELDS, MEMBER_STATUSES, ORDER_DIRECTIONS, PROSPECT_SOURCES, PROSPECT_STAGES, PROSPECT_STEPS, TERMINATION_REASONS, TRANSFER_KINDS } from '../domain/enums';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const MemberStatusEnum = asEnum(MEMBER_STATUSES);
export const ActivityStatusEnum = asEnum(ACTIVITY_STATUSES);
export const TerminationReasonEnum = asEnum(TERMINATION_REASONS);
export const GenderEnum = asEnum(GENDERS);
export const ProspectSourceEnum = asEnum(PROSPECT_SOURCES);
export const ProspectStageEnum = asEnum(PROSPECT_STAGES);
export const ProspectStepEnum = asEnum(PROSPECT_STEPS);
export const EducationLevelEnum = asEnum(EDUCATION_LEVELS);
export const EventTypeEnum = asEnum(EVENT_TYPES);
export const TransferKindEnum = asEnum(TRANSFER_KINDS);
export const MemberOrderFieldEnum = asEnum(MEMBER_ORDER_FIELDS);
export const OrderDirectionEnum = asEnum(ORDER_DIRECTIONS);

registerEnumType(MemberStatusEnum, { name: 'MemberStatus', description: 'PROBATIONARY for 12 months from the admission ceremony, then OFFICIAL once recognised.' });
registerEnumType(ActivityStatusEnum, { name: 'ActivityStatus', description: 'Whether the member takes part in their cell: active, exempted from activity, or temporarily active elsewhere.' });
registerEnumType(TerminationReasonEnum, { name: 'TerminationReason' });
registerEnumType(GenderEnum, { name: 'Gender' });
registerEnumType(ProspectSourceEnum, { name: 'ProspectSource', description: 'Where a prospect comes from; admissions are reported by these groups.' });
registerEnumType(ProspectStageEnum, { name: 'ProspectStage', description: 'The furthest step a prospect has reached.' });
registerEnumType(ProspectStepEnum, { name: 'ProspectStep', description: 'A step toward admission, recorded with its date.' });
registerEnumType(EducationLevelEnum, { name: 'EducationLevel' });
registerEnumType(EventTypeEnum, { name: 'MembershipEventType' });
registerEnumType(TransferKindEnum, { name: 'TransferKind', description: 'OFFICIAL: the member is registered at the new organisation. TEMPORARY: registered at home, active at the host until an end date.' });
registerEnumType(MemberOrderFieldEnum, {
  name: 'MemberOrderField',
  description: 'What a member list is ordered by. Ties: by given name (A to Z), then by id.',
  valuesConfig: {
    NAME: { description: 'Given name, then the rest of the name, ignoring case and diacritics (as Vietnamese lists are): the default.' },
    ADMITTED_ON: { description: 'Admission ceremony day.' },
    STATUS: { description: 'Status on the day: OFFICIAL before PROBATIONARY in ascending order.' },
  },
});
registerEnumType(OrderDirectionEnum, { name: 'OrderDirection', valuesConfig: { ASC: { description: 'Ascending: A to Z, oldest first.' }, DESC: { description: 'Descending: Z to A, newest first.' } } });
