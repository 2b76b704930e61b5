import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Admission targets: a committee's yearly (and quarterly) targets for the organisations under it. */
export class Evaluation1764748800000 implements MigrationInterface {
  name = 'Evaluation1764748800000';

  async up(q: QueryRunner): Promise<void> {
    // The targets in force: one per organisation, year and quarter (0: the whole year).
    await q.query(`
      CREATE TABLE admission_target (
        organization_id uuid NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        quarter integer NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),
        target integer NOT NULL CHECK (target >= 0),
        assigned_by uuid NOT NULL,
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, year, quarter)
      )`);
    // Every assignment as it was made (append-only): who set which targets, when, under which decision.
    await q.query(`
      CREATE TABLE admission_target_assignment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        assigned_by uuid NOT NULL,
        year integer NOT NULL,
        decision_ref text NOT NULL,
        targets jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await q.query(`CREATE INDEX admission_target_assignment_by_org ON admission_target_assignment (assigned_by, year)`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
    await q.query(`CREATE TRIGGER admission_target_assignment_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON admission_target_assignment FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admission_target_assignment`);
    await q.query(`DROP TABLE admission_target`);
    await q.query(`DROP FUNCTION append_only()`);
  }
}
