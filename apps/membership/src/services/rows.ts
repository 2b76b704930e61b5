import type { ActivityStatus, EducationLevel, EventType, Gender, MemberStatus, ProspectSource, ProspectStage } from '../domain/enums';

export interface OrgRow {
  organization_id: string;
  name: string;
  kind: string;
  path: string;
  valid_from: string;
  valid_to: string;
}

export interface MemberRow {
  id: string;
  full_name: string;
  sort_name: string;
  gender: Gender;
  birth_date: string;
  birthplace: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizen_id: string | null;
  family_background: string | null;
  education_level: EducationLevel | null;
  occupation: string | null;
  youth_union: boolean;
  source: ProspectSource;
  party_card_number: string | null;
  prospect_id: string | null;
  admitted_on: string;
  official_on: string | null;
  terminated_on: string | null;
  termination_reason: string | null;
  version: number;
}

export const MEMBER_COLUMNS = `m.id, m.full_name, m.sort_name, m.gender, m.birth_date, m.birthplace, m.ethnicity, m.religion, m.citizen_id, m.family_background,
  m.education_level, m.occupation, m.youth_union, m.source, m.party_card_number, m.prospect_id, m.admitted_on, m.official_on,
  m.terminated_on, m.termination_reason, m.version`;

/** A member's HOME placement: where they count on a day. */
export interface PlacementRow {
  member_id: string;
  organization_id: string;
  path: string;
  valid_from: string;
  valid_to: string;
  status: MemberStatus;
  activity: ActivityStatus;
}

export interface EventRow {
  id: string;
  member_id: string;
  type: EventType;
  effective_on: string;
  decision_ref: string;
  organization_id: string | null;
  until: string | null;
  reason: string | null;
  note: string | null;
  data: { corrections?: { field: string; before: string | null; after: string | null }[] } | null;
  recorded_by: string;
  recorded_at: Date;
}

export const EVENT_COLUMNS = `e.id::text AS id, e.member_id, e.type, e.effective_on, e.decision_ref, e.organization_id, e.until, e.reason, e.note, e.data, e.recorded_by, e.recorded_at`;

export interface ProspectRow {
  id: string;
  organization_id: string;
  full_name: string;
  sort_name: string;
  gender: Gender;
  birth_date: string;
  birthplace: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizen_id: string | null;
  family_background: string | null;
  education_level: EducationLevel | null;
  occupation: string | null;
  youth_union: boolean;
  source: ProspectSource;
  registered_on: string;
  stage: ProspectStage;
  awareness_certificate_on: string | null;
  helper_member_id: string | null;
  rejected_on: string | null;
  rejection_reason: string | null;
  member_id: string | null;
  version: number;
  steps_done: string[];
}

export const PROSPECT_COLUMNS = `p.id, p.organization_id, p.full_name, p.sort_name, p.gender, p.birth_date, p.birthplace, p.ethnicity, p.religion,
  p.citizen_id, p.family_background, p.education_level, p.occupation, p.youth_union, p.source, p.registered_on, p.stage, p.awareness_certificate_on,
  p.helper_member_id, p.rejected_on, p.rejection_reason, p.member_id, p.version,
  array(SELECT DISTINCT s.step FROM prospect_step s WHERE s.prospect_id = p.id AND s.step NOT IN ('REGISTERED','ADMITTED','REJECTED')) AS steps_done`;

/** The part of the C-collated key space under a path: `[path, pathEnd(path))`. */
export const pathEnd = (path: string) => path.slice(0, -1) + '/';

/** Age bands of the statistics (whole years on the day). */
export const AGE_BAND = (age: string) => `CASE WHEN ${age} <= 30 THEN '18-30' WHEN ${age} <= 40 THEN '31-40' WHEN ${age} <= 50 THEN '41-50' WHEN ${age} <= 60 THEN '51-60' WHEN ${age} <= 70 THEN '61-70' ELSE '71+' END`;

/** One value of one breakdown: `dim` names the breakdown (status, gender, band, …). */
export type DimRow = { dim: string; key: string; count: number };
