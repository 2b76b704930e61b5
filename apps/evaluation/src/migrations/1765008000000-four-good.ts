import type { MigrationInterface, QueryRunner } from 'typeorm';

const GRADES = `'EXCELLENT','GOOD','COMPLETED','NOT_COMPLETED'`;

/**
 * The national default "4 good" criteria (used for every year of a province that has no set of its own in
 * force). The four criteria of the title; the scores and thresholds are the platform's default, meant to be
 * replaced by each province's own set (setFourGoodCriteria), not taken from a regulation.
 */
const DEFAULT_SET = {
  name: 'Bộ tiêu chí "4 tốt" mặc định toàn quốc (cấu hình của hệ thống)',
  fromYear: 1930,
  totalPassThreshold: 90,
  minimumGrade: 'GOOD',
  decisionRef: 'Mặc định của hệ thống',
  criteria: [
    { code: 'NHIEM_VU_CHINH_TRI', name: 'Lãnh đạo thực hiện tốt nhiệm vụ chính trị', maxScore: 25, passThreshold: 20 },
    { code: 'SINH_HOAT', name: 'Sinh hoạt đảng tốt (nội dung và chất lượng sinh hoạt)', maxScore: 25, passThreshold: 20 },
    { code: 'DOAN_KET_KY_LUAT', name: 'Đoàn kết, kỷ luật tốt', maxScore: 25, passThreshold: 20 },
    { code: 'CAN_BO_DANG_VIEN', name: 'Đội ngũ cán bộ, đảng viên tốt (gồm chỉ tiêu kết nạp đảng viên)', maxScore: 25, passThreshold: 20 },
  ],
};

/**
 * "4 good" (Đảng bộ cơ sở / Chi bộ "4 tốt"): criteria sets per province (versioned by year, append-only;
 * province_id NULL is the national default), registrations of grassroots committees and cells for a year,
 * and assessments against the set in force (the one in force per organisation and year, plus every
 * assessment made, append-only).
 */
export class FourGood1765008000000 implements MigrationInterface {
  name = 'FourGood1765008000000';

  async up(q: QueryRunner): Promise<void> {
    // Sets as configured: the one in force for a province and year is its latest with from_year <= year
    // (a later row for the same from_year supersedes an earlier one); a province with none uses the
    // national default (province_id NULL) the same way.
    await q.query(`
      CREATE TABLE four_good_criteria_set (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        province_id uuid,
        from_year integer NOT NULL CHECK (from_year BETWEEN 1930 AND 2200),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        total_pass_threshold numeric(8,2) NOT NULL CHECK (total_pass_threshold >= 0),
        minimum_grade text CHECK (minimum_grade IN (${GRADES})),
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    await q.query(`CREATE INDEX four_good_criteria_set_in_force ON four_good_criteria_set (province_id, from_year DESC, id DESC)`);
    await q.query(`
      CREATE TABLE four_good_criterion (
        criteria_set_id bigint NOT NULL REFERENCES four_good_criteria_set (id),
        position integer NOT NULL CHECK (position >= 1),
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,29}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        max_score numeric(8,2) NOT NULL CHECK (max_score > 0),
        pass_threshold numeric(8,2) NOT NULL CHECK (pass_threshold >= 0 AND pass_threshold <= max_score),
        PRIMARY KEY (criteria_set_id, code),
        UNIQUE (criteria_set_id, position)
      )`);

    // A registration for the year (one per organisation and year; never changed).
    await q.query(`
      CREATE TABLE four_good_registration (
        organization_id uuid NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        registered_on date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL', 'CELL')),
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        registered_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        idempotency_key text,
        request_hash text,
        PRIMARY KEY (organization_id, year),
        CHECK (date_part('year', registered_on) = year)
      )`);
    await q.query(`CREATE INDEX four_good_registration_by_year ON four_good_registration (year)`);
    await q.query(`CREATE UNIQUE INDEX four_good_registration_idempotency ON four_good_registration (registered_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);

    const assessmentColumns = `
        organization_id uuid NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 2200),
        version integer NOT NULL CHECK (version >= 1),
        criteria_set_id bigint NOT NULL REFERENCES four_good_criteria_set (id),
        province_id uuid,
        placed_on date NOT NULL,
        scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'array'),
        total numeric(9,2) NOT NULL CHECK (total >= 0),
        result text NOT NULL CHECK (result IN ('TITLE_GRANTED', 'NOT_GRANTED')),
        reasons text[] NOT NULL,
        quality_grade text CHECK (quality_grade IN (${GRADES})),
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        note text CHECK (length(note) <= 2000),
        assessed_by text NOT NULL,
        assessed_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((result = 'TITLE_GRANTED') = (cardinality(reasons) = 0))`;
    // The assessment in force: a re-assessment replaces it (version + 1).
    await q.query(`
      CREATE TABLE four_good_assessment (
        ${assessmentColumns},
        PRIMARY KEY (organization_id, year),
        FOREIGN KEY (organization_id, year) REFERENCES four_good_registration (organization_id, year)
      )`);
    await q.query(`CREATE INDEX four_good_assessment_by_year ON four_good_assessment (year, result)`);
    // Every assessment made, as made (append-only).
    await q.query(`
      CREATE TABLE four_good_assessment_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ${assessmentColumns},
        request_id text,
        idempotency_key text,
        request_hash text,
        UNIQUE (organization_id, year, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX four_good_assessment_history_idempotency ON four_good_assessment_history (assessed_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);

    for (const table of ['four_good_criteria_set', 'four_good_criterion', 'four_good_registration', 'four_good_assessment_history']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);
    }

    // The national default, as data.
    const [set]: { id: string }[] = await q.query(
      `INSERT INTO four_good_criteria_set (province_id, from_year, name, total_pass_threshold, minimum_grade, decision_ref, recorded_by)
       VALUES (NULL, $1, $2, $3, $4, $5, 'migration') RETURNING id`,
      [DEFAULT_SET.fromYear, DEFAULT_SET.name, DEFAULT_SET.totalPassThreshold, DEFAULT_SET.minimumGrade, DEFAULT_SET.decisionRef],
    );
    for (const [i, c] of DEFAULT_SET.criteria.entries()) {
      await q.query(`INSERT INTO four_good_criterion (criteria_set_id, position, code, name, max_score, pass_threshold) VALUES ($1, $2, $3, $4, $5, $6)`, [
        set!.id,
        i + 1,
        c.code,
        c.name,
        c.maxScore,
        c.passThreshold,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['four_good_assessment_history', 'four_good_assessment', 'four_good_registration', 'four_good_criterion', 'four_good_criteria_set']) await q.query(`DROP TABLE ${table}`);
  }
}
