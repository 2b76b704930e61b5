import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTIVITY_STATUSES, EDUCATION_LEVELS, EVENT_TYPES, GENDERS, MEMBER_STATUSES, PROSPECT_SOURCES, PROSPECT_STAGES, PROSPECT_STEPS, sqlList, TERMINATION_REASONS } from '../domain/enums';

/**
 * The member register: people, their append-only events, the dated state
 * derived from those events, and what is derived from that state and the
 * organisation tree (placements, subtree count deltas, admission facts).
 * Published read model v1: `admissions_v1`, `exits_v1` (READ_MODEL.md).
 */
export class Membership1764489600001 implements MigrationInterface {
  name = 'Membership1764489600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        search_text text NOT NULL,
        sort_name text COLLATE "C" NOT NULL,
        gender text NOT NULL CHECK (gender IN (${sqlList(GENDERS)})),
        birth_date date NOT NULL,
        birthplace text CHECK (length(birthplace) <= 300),
        ethnicity text CHECK (length(ethnicity) <= 50),
        religion text CHECK (length(religion) <= 50),
        citizen_id text CHECK (citizen_id ~ '^[0-9]{12}$'),
        education_level text CHECK (education_level IN (${sqlList(EDUCATION_LEVELS)})),
        occupation text CHECK (length(occupation) <= 200),
        youth_union boolean NOT NULL DEFAULT false,
        source text NOT NULL CHECK (source IN (${sqlList(PROSPECT_SOURCES)})),
        party_card_number text CHECK (party_card_number ~ '^[0-9A-Z.-]{4,20}$'),
        prospect_id uuid UNIQUE,
        -- Copies of the facts recorded in the member's events (rewritten with every event).
        admitted_on date NOT NULL,
        official_on date,
        terminated_on date,
        termination_reason text CHECK (termination_reason IN (${sqlList(TERMINATION_REASONS)})),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX member_citizen_id_key ON member (citizen_id)`);
    await q.query(`CREATE UNIQUE INDEX member_party_card_key ON member (party_card_number)`);
    await q.query(`CREATE INDEX member_search ON member USING gin (search_text gin_trgm_ops)`);

    // Append-only: every change to a member, with its effective date, decision and author.
    await q.query(`
      CREATE TABLE member_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES member (id),
        type text NOT NULL CHECK (type IN (${sqlList(EVENT_TYPES)})),
        effective_on date NOT NULL,
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        organization_id uuid,
        until date,
        reason text,
        note text CHECK (length(note) <= 2000),
        data jsonb,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await q.query(`CREATE INDEX member_event_by_member ON member_event (member_id, id)`);
    await q.query(`CREATE INDEX member_event_by_type ON member_event (type, effective_on)`);
    await q.query(`
      CREATE FUNCTION member_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'member_event is append-only'; END $$`);
    await q.query(`CREATE TRIGGER member_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON member_event FOR EACH STATEMENT EXECUTE FUNCTION member_event_append_only()`);

    // A member's state over time, folded from the events (src/domain/lifecycle.ts).
    await q.query(`
      CREATE TABLE member_segment (
        member_id uuid NOT NULL REFERENCES member (id),
        valid_from date NOT NULL,
        valid_to date NOT NULL DEFAULT 'infinity',
        organization_id uuid NOT NULL,
        host_organization_id uuid,
        status text NOT NULL CHECK (status IN (${sqlList(MEMBER_STATUSES)})),
        activity text NOT NULL CHECK (activity IN (${sqlList(ACTIVITY_STATUSES)})),
        CHECK (valid_to > valid_from),
        PRIMARY KEY (member_id, valid_from),
        EXCLUDE USING gist (member_id WITH =, daterange(valid_from, valid_to) WITH &&)
      )`);
    await q.query(`CREATE INDEX member_segment_by_org ON member_segment (organization_id)`);
    await q.query(`CREATE INDEX member_segment_by_host ON member_segment (host_organization_id) WHERE host_organization_id IS NOT NULL`);

    // Segments laid on the tree as it stood: where each member counts, day by day.
    // role HOME: registered there; HOSTED: temporarily active there. chain: the organisation and its ancestors.
    await q.query(`
      CREATE TABLE placement (
        member_id uuid NOT NULL REFERENCES member (id),
        role text NOT NULL CHECK (role IN ('HOME','HOSTED')),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        organization_id uuid NOT NULL,
        path text COLLATE "C" NOT NULL,
        chain uuid[] NOT NULL,
        status text NOT NULL,
        activity text NOT NULL,
        CHECK (valid_to > valid_from)
      )`);
    await q.query(`CREATE INDEX placement_subtree ON placement (path, valid_from, valid_to) INCLUDE (role, status, activity, member_id)`);
    await q.query(`CREATE INDEX placement_by_org ON placement (organization_id, valid_from) INCLUDE (valid_to, role, status, member_id)`);
    await q.query(`CREATE INDEX placement_by_member ON placement (member_id)`);
    await q.query(`CREATE INDEX placement_chain ON placement USING gin (chain)`);

    // Subtree counts as running sums: count(X, D) = sum of X's deltas up to D.
    await q.query(`
      CREATE TABLE count_delta (
        organization_id uuid NOT NULL,
        day date NOT NULL,
        probationary integer NOT NULL DEFAULT 0,
        official integer NOT NULL DEFAULT 0,
        hosted integer NOT NULL DEFAULT 0,
        PRIMARY KEY (organization_id, day) INCLUDE (probationary, official, hosted)
      )`);

    // Admissions where they were counted: the admitting organisation's path on the day.
    await q.query(`
      CREATE TABLE admission_fact (
        event_id bigint PRIMARY KEY REFERENCES member_event (id),
        member_id uuid NOT NULL REFERENCES member (id),
        admitted_on date NOT NULL,
        organization_id uuid NOT NULL,
        path text COLLATE "C" NOT NULL
      )`);
    await q.query(`CREATE INDEX admission_fact_subtree ON admission_fact (path, admitted_on)`);

    // The last organisation change (organization.changes_v1.seq) placements reflect.
    await q.query(`CREATE TABLE tree_sync (id boolean PRIMARY KEY DEFAULT true CHECK (id), last_seq bigint NOT NULL)`);
    await q.query(`INSERT INTO tree_sync (last_seq) VALUES (0)`);

    await q.query(`
      CREATE TABLE prospect (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        search_text text NOT NULL,
        sort_name text COLLATE "C" NOT NULL,
        gender text NOT NULL CHECK (gender IN (${sqlList(GENDERS)})),
        birth_date date NOT NULL,
        birthplace text,
        ethnicity text,
        religion text,
        citizen_id text CHECK (citizen_id ~ '^[0-9]{12}$'),
        education_level text CHECK (education_level IN (${sqlList(EDUCATION_LEVELS)})),
        occupation text,
        youth_union boolean NOT NULL DEFAULT false,
        source text NOT NULL CHECK (source IN (${sqlList(PROSPECT_SOURCES)})),
        registered_on date NOT NULL,
        stage text NOT NULL DEFAULT 'REGISTERED' CHECK (stage IN (${sqlList(PROSPECT_STAGES)})),
        awareness_certificate_on date,
        helper_member_id uuid REFERENCES member (id),
        rejected_on date,
        rejection_reason text,
        member_id uuid REFERENCES member (id),
        recorded_by text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One open file per person.
    await q.query(`CREATE UNIQUE INDEX prospect_open_citizen_id ON prospect (citizen_id) WHERE stage NOT IN ('ADMITTED','REJECTED')`);
    await q.query(`CREATE INDEX prospect_by_org ON prospect (organization_id, stage)`);
    await q.query(`
      CREATE TABLE prospect_introducer (
        prospect_id uuid NOT NULL REFERENCES prospect (id),
        member_id uuid NOT NULL REFERENCES member (id),
        worked_together_since date NOT NULL,
        PRIMARY KEY (prospect_id, member_id)
      )`);
    await q.query(`
      CREATE TABLE prospect_step (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        prospect_id uuid NOT NULL REFERENCES prospect (id),
        step text NOT NULL CHECK (step IN (${sqlList([...PROSPECT_STEPS, 'REGISTERED', 'ADMITTED', 'REJECTED'])})),
        done_on date NOT NULL,
        decision_ref text,
        data jsonb,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await q.query(`CREATE INDEX prospect_step_by_prospect ON prospect_step (prospect_id, id)`);
    await q.query(`CREATE TRIGGER prospect_step_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON prospect_step FOR EACH STATEMENT EXECUTE FUNCTION member_event_append_only()`);

    // A retried mutation returns the first answer instead of acting twice.
    await q.query(`
      CREATE TABLE idempotency_key (
        actor text NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        request_hash text NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);

    // Published read model v1 (READ_MODEL.md): one row per event, no names.
    await q.query(`
      CREATE VIEW admissions_v1 AS
        SELECT e.id AS event_id, e.member_id, e.organization_id, e.effective_on AS admitted_on,
               m.gender, date_part('year', age(e.effective_on, m.birth_date))::int AS age_at_admission,
               m.ethnicity, (m.ethnicity IS NOT NULL AND m.ethnicity <> 'Kinh') AS ethnic_minority,
               (m.religion IS NOT NULL) AS has_religion, m.youth_union, m.source, m.education_level
          FROM membership.member_event e
          JOIN membership.member m ON m.id = e.member_id
         WHERE e.type = 'ADMITTED'`);
    await q.query(`
      CREATE VIEW exits_v1 AS
        SELECT e.id AS event_id, e.member_id,
               (SELECT s.organization_id FROM membership.member_segment s
                 WHERE s.member_id = e.member_id AND s.valid_to = e.effective_on) AS organization_id,
               e.effective_on AS exited_on, e.reason,
               (SELECT min(r.effective_on) FROM membership.member_event r
                 WHERE r.member_id = e.member_id AND r.type = 'REINSTATED' AND r.id > e.id) AS reinstated_on
          FROM membership.member_event e
         WHERE e.type = 'TERMINATED'`);
    await q.query(`GRANT SELECT ON admissions_v1, exits_v1 TO membership_reader`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['exits_v1', 'admissions_v1']) await q.query(`DROP VIEW ${view}`);
    for (const table of ['idempotency_key', 'prospect_step', 'prospect_introducer', 'prospect', 'tree_sync', 'admission_fact', 'count_delta', 'placement', 'member_segment', 'member_event', 'member']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION member_event_append_only()`);
  }
}
