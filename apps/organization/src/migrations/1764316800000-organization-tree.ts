import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'CENTRAL','PROVINCIAL','DISTRICT','COMMUNE','AFFILIATED','GRASSROOTS_COMMITTEE','GRASSROOTS_CELL','SUB_COMMITTEE','CELL'`;
const SECTORS = `'COMMUNE','WARD','STATE_AGENCY','PUBLIC_SERVICE_UNIT','STATE_ENTERPRISE','NON_STATE_ENTERPRISE','ARMED_FORCES','SCHOOL','RESIDENTIAL_AREA'`;
const CHANGE_TYPES = `'ESTABLISH','RENAME','MOVE','MERGE','SPLIT','DISSOLVE','UPGRADE','DOWNGRADE'`;

/** The dated organisation tree, its change log and the published read model `tree_v1`. */
export class OrganizationTree1764316800000 implements MigrationInterface {
  name = 'OrganizationTree1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        node bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{0,63}$'),
        established_on date NOT NULL,
        dissolved_on date CHECK (dissolved_on > established_on),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organization_code_key ON organization (code)`);

    await q.query(`
      CREATE TABLE organization_version (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        -- Copies of the identity (never change, but dissolved_on once), so tree reads touch one table.
        code text NOT NULL,
        node bigint NOT NULL,
        established_on date NOT NULL,
        dissolved_on date,
        valid_from date NOT NULL,
        valid_to date NOT NULL DEFAULT 'infinity',
        parent_id uuid REFERENCES organization (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        search_text text NOT NULL,
        sort_name text COLLATE "C" NOT NULL,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        sector text CHECK (sector IN (${SECTORS})),
        path text COLLATE "C" NOT NULL CHECK (path ~ '^([0-9a-z]+\\.)+$'),
        depth integer NOT NULL CHECK (depth >= 0),
        CHECK (valid_to > valid_from),
        CONSTRAINT organization_version_no_overlap
          EXCLUDE USING gist (organization_id WITH =, daterange(valid_from, valid_to) WITH &&)
          DEFERRABLE INITIALLY IMMEDIATE
      )`);
    // "Everything under X on day D": a range scan on the C-collated path.
    await q.query(`CREATE INDEX organization_version_subtree ON organization_version (path, valid_from, valid_to) INCLUDE (kind, depth)`);
    // Children of many parents on a day, already in page order (folded name, then id).
    await q.query(`CREATE INDEX organization_version_children ON organization_version (parent_id, sort_name, organization_id) INCLUDE (valid_from, valid_to)`);
    await q.query(`CREATE INDEX organization_version_by_node ON organization_version (node, valid_from)`);
    await q.query(`CREATE INDEX organization_version_by_code ON organization_version (code, valid_from)`);
    await q.query(`CREATE INDEX organization_version_by_org ON organization_version (organization_id, valid_from)`);
    await q.query(`CREATE INDEX organization_version_search ON organization_version USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE organization_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        type text NOT NULL CHECK (type IN (${CHANGE_TYPES})),
        effective_on date NOT NULL,
        decision_ref text NOT NULL CHECK (length(decision_ref) BETWEEN 1 AND 200),
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text
      )`);
    // One row per organisation a change touched, with its state before and after (null: did not exist).
    await q.query(`
      CREATE TABLE organization_change_subject (
        change_id uuid NOT NULL REFERENCES organization_change (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        before jsonb,
        after jsonb,
        PRIMARY KEY (organization_id, change_id)
      )`);
    await q.query(`
      CREATE TABLE organization_lineage (
        change_id uuid NOT NULL REFERENCES organization_change (id),
        predecessor_id uuid NOT NULL REFERENCES organization (id),
        successor_id uuid NOT NULL REFERENCES organization (id),
        PRIMARY KEY (predecessor_id, successor_id, change_id),
        CHECK (predecessor_id <> successor_id)
      )`);
    await q.query(`CREATE INDEX organization_lineage_successor ON organization_lineage (successor_id)`);

    // Published read model v1 (apps/organization/READ_MODEL.md): the dated tree, one row per version.
    await q.query(`
      CREATE VIEW tree_v1 AS
        SELECT v.organization_id, v.code, v.name, v.kind, v.sector, v.parent_id,
               v.path, v.depth, v.valid_from, v.valid_to
          FROM organization.organization_version v`);
    await q.query(`
      CREATE FUNCTION subtree_v1(root uuid, at date)
        RETURNS TABLE (organization_id uuid, kind text, depth integer)
        LANGUAGE sql STABLE AS $$
          SELECT d.organization_id, d.kind, d.depth
            FROM organization.organization_version r
            JOIN organization.organization_version d
              ON d.path >= r.path AND d.path < left(r.path, -1) || '/'
             AND d.valid_from <= at AND d.valid_to > at
           WHERE r.organization_id = root AND r.valid_from <= at AND r.valid_to > at
        $$`);
    await q.query(`GRANT SELECT ON tree_v1 TO organization_reader`);
    await q.query(`GRANT EXECUTE ON FUNCTION subtree_v1(uuid, date) TO organization_reader`);
    // Readers' search_path does not include this schema: the function names its tables in full.
    // The view runs with its owner's rights; the function with the caller's: readers need the base table too.
    await q.query(`GRANT SELECT ON organization_version TO organization_reader`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION subtree_v1(uuid, date)`);
    await q.query(`DROP VIEW tree_v1`);
    await q.query(`DROP TABLE organization_lineage`);
    await q.query(`DROP TABLE organization_change_subject`);
    await q.query(`DROP TABLE organization_change`);
    await q.query(`DROP TABLE organization_version`);
    await q.query(`DROP TABLE organization`);
  }
}
