import type { MigrationInterface, QueryRunner } from 'typeorm';

const GRADES = `'EXCELLENT','GOOD','COMPLETED','NOT_COMPLETED'`;

/** Regulation 124-QĐ/TW: grades given directly; EXCELLENT at most 20 % of GOOD within a peer group (members: within their cell). */
const RULES_2023 = {
  excellentCapOfGood: 0.2,
  memberExcellentCapOfGood: 0.2,
  admissionTargetCriterion: { requiredForExcellent: true, minimumRate: 1.0 },
};

/** Regulation 366-QĐ/TW: a 100-point score; EXCELLENT only with all tasks done and no discipline. */
const RULES_2025 = {
  thresholds: { EXCELLENT: 90, GOOD: 70, COMPLETED: 50 },
  excellentRequiresAllTasksDone: true,
  excellentRequiresNoDiscipline: true,
  admissionTargetCriterion: { requiredForExcellent: true, minimumRate: 1.0 },
};

/**
 * Quality ratings of organisations and members per year under versioned rule
 * sets: the rules as data (interpreted by services/rating.service.ts), the
 * ratings in force, and every rating given (append-only).
 */
export class Ratings1764835200000 implements MigrationInterface {
  name = 'Ratings1764835200000';

  async up(q: QueryRunner): Promise<void> {
    // The rule set in force for a year: the latest with effective_from on or before the year's 31 December.
    await q.query(`
      CREATE TABLE rule_set (
        code text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 50),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        effective_from date NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('CAP_OF_GOOD', 'SCORE_100')),
        params jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`INSERT INTO rule_set (code, name, effective_from, kind, params) VALUES ($1, $2, $3, 'CAP_OF_GOOD', $4), ($5, $6, $7, 'SCORE_100', $8)`, [
      '124-QĐ/TW',
      'Quy định 124-QĐ/TW về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm',
      '2023-01-01',
      JSON.stringify(RULES_2023),
      '366-QĐ/TW',
      'Quy định 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng (thang 100 điểm)',
      '2025-01-01',
      JSON.stringify(RULES_2025),
    ]);

    const ratingColumns = `
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        grade text NOT NULL CHECK (grade IN (${GRADES})),
        score numeric(5,2) CHECK (score BETWEEN 0 AND 100),
        all_tasks_done boolean,
        disciplined boolean,
        rule_set text NOT NULL REFERENCES rule_set (code),
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        note text CHECK (length(note) <= 2000),
        grade_basis text NOT NULL,
        rated_by text NOT NULL,
        rated_at timestamptz NOT NULL DEFAULT now()`;
    await q.query(`
      CREATE TABLE organization_rating (
        organization_id uuid NOT NULL,
        peer_group text NOT NULL CHECK (length(peer_group) BETWEEN 1 AND 100),
        ${ratingColumns},
        PRIMARY KEY (organization_id, year)
      )`);
    await q.query(`CREATE INDEX organization_rating_by_group ON organization_rating (year, peer_group, grade)`);
    await q.query(`
      CREATE TABLE member_rating (
        member_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        ${ratingColumns},
        PRIMARY KEY (member_id, year)
      )`);
    await q.query(`CREATE INDEX member_rating_by_cell ON member_rating (organization_id, year, grade)`);

    // Every rating given, as given (append-only): a re-rating replaces the rating in force, never this.
    await q.query(`
      CREATE TABLE rating_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subject text NOT NULL CHECK (subject IN ('ORGANIZATION', 'MEMBER')),
        organization_id uuid NOT NULL,
        member_id uuid,
        peer_group text,
        ${ratingColumns},
        request_id text,
        CHECK ((subject = 'MEMBER') = (member_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX rating_history_by_subject ON rating_history (coalesce(member_id, organization_id), year)`);
    await q.query(`CREATE TRIGGER rating_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rating_history FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rating_history', 'member_rating', 'organization_rating', 'rule_set']) await q.query(`DROP TABLE ${table}`);
  }
}
