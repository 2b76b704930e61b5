import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Year finalisation: the frozen figures of each organisation of a finalised
 * subtree and year (evaluation_fact_snapshot, read instead of the live
 * figures while it exists), and an append-only log of every finalisation and
 * reopening (who, when, why). FACTS.md describes the columns.
 */
export class Finalization1764921600000 implements MigrationInterface {
  name = 'Finalization1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_finalization_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('FINALIZED', 'REOPENED')),
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        under_id uuid NOT NULL,
        decision_ref text CHECK (length(decision_ref) <= 200),
        note text CHECK (length(note) <= 2000),
        organizations integer NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        CHECK ((action = 'FINALIZED') = (decision_ref IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX evaluation_finalization_log_by_year ON evaluation_finalization_log (year, under_id)`);
    await q.query(`CREATE TRIGGER evaluation_finalization_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON evaluation_finalization_log FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);

    // One row per finalised organisation and year: the year's figures as they were when finalised.
    await q.query(`
      CREATE TABLE evaluation_fact_snapshot (
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        organization_id uuid NOT NULL,
        finalization_id bigint NOT NULL REFERENCES evaluation_finalization_log (id),
        ancestor_ids uuid[] NOT NULL,
        tree_path text NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        parent_code text,
        path_names text NOT NULL,
        depth integer NOT NULL,
        target integer,
        target_q1 integer, target_q2 integer, target_q3 integer, target_q4 integer,
        admitted integer NOT NULL,
        admitted_q1 integer NOT NULL, admitted_q2 integer NOT NULL, admitted_q3 integer NOT NULL, admitted_q4 integer NOT NULL,
        achievement_rate numeric(12,4),
        grade text,
        score numeric(5,2),
        members_at_start integer NOT NULL,
        members_at_end integer NOT NULL,
        admitted_women integer NOT NULL,
        admitted_ethnic_minority integer NOT NULL,
        admitted_youth_union integer NOT NULL,
        admitted_age18to30 integer NOT NULL,
        removed_struck_off integer NOT NULL,
        removed_expelled integer NOT NULL,
        removed_withdrawn integer NOT NULL,
        removed_deceased integer NOT NULL,
        removed_probation_not_recognized integer NOT NULL,
        PRIMARY KEY (year, organization_id)
      )`);
    await q.query(`CREATE INDEX evaluation_fact_snapshot_ancestors ON evaluation_fact_snapshot USING gin (ancestor_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation_fact_snapshot`);
    await q.query(`DROP TABLE evaluation_finalization_log`);
  }
}
