// The membership vocabulary, shared by the database checks, the domain rules and the GraphQL enums.

export const MEMBER_STATUSES = ['PROBATIONARY', 'OFFICIAL'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const ACTIVITY_STATUSES = ['ACTIVE', 'EXEMPT', 'TEMPORARILY_AWAY'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const TERMINATION_REASONS = ['STRUCK_OFF', 'EXPELLED', 'WITHDRAWN', 'DECEASED', 'PROBATION_NOT_RECOGNIZED'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export const GENDERS = ['MALE', 'FEMALE'] as const;
export type Gender = (typeof GENDERS)[number];

/** Where a prospect comes from (the groups commissions report admissions by). */
export const PROSPECT_SOURCES = ['STUDENT', 'WORKER', 'YOUTH_UNION', 'NON_STATE_ENTERPRISE', 'RURAL', 'ARMED_FORCES', 'PUBLIC_SECTOR', 'OTHER'] as const;
export type ProspectSource = (typeof PROSPECT_SOURCES)[number];

/** Highest education or qualification. */
export const EDUCATION_LEVELS = ['PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY', 'VOCATIONAL', 'COLLEGE', 'UNIVERSITY', 'POSTGRADUATE'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** A prospect's steps toward admission, in the order they are normally taken. */
export const PROSPECT_STEPS = ['AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED', 'DOSSIER_COMPLETE', 'CELL_RESOLUTION', 'COMMITTEE_RESOLUTION'] as const;
export type ProspectStep = (typeof PROSPECT_STEPS)[number];

export const PROSPECT_STAGES = ['REGISTERED', ...PROSPECT_STEPS, 'ADMITTED', 'REJECTED'] as const;
export type ProspectStage = (typeof PROSPECT_STAGES)[number];

export const TRANSFER_KINDS = ['OFFICIAL', 'TEMPORARY'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/**
 * What a member list can be ordered by: what an officer sorts a register by, and nothing sensitive.
 * Not birth date, ethnicity, religion or citizen ID: an order reveals its key to anyone who reads the
 * list (who comes before whom), and a page's cursors carry the key of its last row in clear.
 */
export const MEMBER_ORDER_FIELDS = ['NAME', 'ADMITTED_ON', 'STATUS'] as const;
export type MemberOrderField = (typeof MEMBER_ORDER_FIELDS)[number];

export const ORDER_DIRECTIONS = ['ASC', 'DESC'] as const;
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];

/** Real-life events, and the one kind that is not: a correction of the record. */
export const EVENT_TYPES = ['ADMITTED', 'RECOGNIZED', 'TRANSFERRED', 'TEMPORARY_TRANSFER', 'EXEMPTED', 'EXEMPTION_ENDED', 'TERMINATED', 'REINSTATED', 'CORRECTED'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Organisation kinds members belong to. */
export const CELL_KINDS = ['CELL', 'GRASSROOTS_CELL'];

/** The majority ethnic group; every other is an ethnic minority in the statistics. */
export const MAJORITY_ETHNICITY = 'Kinh';

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');
