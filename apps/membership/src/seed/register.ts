import { foldForSearch } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EducationLevel, EventType, Gender, ProspectSource } from '../domain/enums';
import { fold, INFINITY, type LifeEvent } from '../domain/lifecycle';
import { asSystem, type Db } from '../request-db';
import { placeMembers } from '../services/derive';
import { sortName } from '../services/rules';

type Sql = Pick<EntityManager, 'query'>;

export interface SeedEvent {
  type: Exclude<EventType, 'CORRECTED'>;
  effectiveOn: string;
  decisionRef: string;
  organizationId?: string | null;
  until?: string | null;
  reason?: string | null;
}

/** A member with their history, as an existing register holds them. */
export interface MemberSeed {
  id?: string;
  fullName: string;
  gender: Gender;
  birthDate: string;
  birthplace?: string | null;
  ethnicity?: string | null;
  religion?: string | null;
  citizenId?: string | null;
  familyBackground?: string | null;
  educationLevel?: EducationLevel | null;
  occupation?: string | null;
  youthUnion?: boolean;
  source?: ProspectSource;
  partyCardNumber?: string | null;
  /** In date order; the first is ADMITTED. */
  events: SeedEvent[];
}

/**
 * Loads members with their events in bulk (demo data, benchmarks, tests'
 * starting registers): member rows, events, the folded segments, then
 * placements, counts and facts, `batchSize` members per statement. Events are
 * trusted as given (an existing register's history), not re-validated.
 */
export async function loadMembers(db: Db, seeds: MemberSeed[], opts: { recordedBy?: string; batchSize?: number } = {}): Promise<string[]> {
  // System work: one transaction that reaches every row (row-level security scope '*', docs/decisions/0020).
  return asSystem(db, (m) => loadMembersIn(m, seeds, opts));
}

async function loadMembersIn(db: Sql, seeds: MemberSeed[], opts: { recordedBy?: string; batchSize?: number }): Promise<string[]> {
  const recordedBy = opts.recordedBy ?? 'register-import';
  const batchSize = opts.batchSize ?? 2000;
  const ids: string[] = [];
  for (let i = 0; i < seeds.length; i += batchSize) {
    const batch = seeds.slice(i, i + batchSize).map((s) => ({ ...s, id: s.id ?? randomUUID() }));
    const folded = batch.map((s) => fold(s.events.map((e, n): LifeEvent => ({ id: n, ...e }))));
    const col = <T>(f: (s: (typeof batch)[number], n: number) => T) => batch.map(f);
    await db.query(
      `INSERT INTO member (id, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id, education_level,
                           occupation, youth_union, source, party_card_number, admitted_on, official_on, terminated_on, termination_reason, family_background)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::text[], $13::boolean[], $14::text[], $15::text[], $16::date[], $17::date[], $18::date[], $19::text[], $20::text[])`,
      [
        col((s) => s.id),
        col((s) => s.fullName),
        col((s) => foldForSearch(s.fullName)),
        col((s) => sortName(s.fullName)),
        col((s) => s.gender),
        col((s) => s.birthDate),
        col((s) => s.birthplace ?? null),
        col((s) => s.ethnicity ?? null),
        col((s) => s.religion ?? null),
        col((s) => s.citizenId ?? null),
        col((s) => s.educationLevel ?? null),
        col((s) => s.occupation ?? null),
        col((s) => s.youthUnion ?? false),
        col((s) => s.source ?? 'OTHER'),
        col((s) => s.partyCardNumber ?? null),
        col((_, n) => folded[n]!.admittedOn),
        col((_, n) => folded[n]!.officialOn),
        col((_, n) => folded[n]!.terminatedOn),
        col((_, n) => folded[n]!.terminationReason),
        col((s) => s.familyBackground ?? null),
      ],
    );
    const events = batch.flatMap((s) => s.events.map((e) => ({ memberId: s.id, ...e })));
    await db.query(
      `INSERT INTO member_event (member_id, type, effective_on, decision_ref, organization_id, until, reason, recorded_by)
       SELECT m, t, e, d, o, u, r, $8 FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::uuid[], $6::date[], $7::text[]) AS x(m, t, e, d, o, u, r)`,
      [events.map((e) => e.memberId), events.map((e) => e.type), events.map((e) => e.effectiveOn), events.map((e) => e.decisionRef), events.map((e) => e.organizationId ?? null), events.map((e) => e.until ?? null), events.map((e) => e.reason ?? null), recordedBy],
    );
    const segments = batch.flatMap((s, n) => folded[n]!.segments.map((g) => ({ memberId: s.id, ...g })));
    await db.query(
      `INSERT INTO member_segment (member_id, valid_from, valid_to, organization_id, host_organization_id, status, activity)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])`,
      [segments.map((g) => g.memberId), segments.map((g) => g.validFrom), segments.map((g) => (g.validTo === INFINITY ? 'infinity' : g.validTo)), segments.map((g) => g.organizationId), segments.map((g) => g.hostOrganizationId), segments.map((g) => g.status), segments.map((g) => g.activity)],
    );
    await placeMembers(db, batch.map((s) => s.id));
    ids.push(...batch.map((s) => s.id));
  }
  return ids;
}
