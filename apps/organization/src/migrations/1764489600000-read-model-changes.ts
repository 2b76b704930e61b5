import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model v1, additions: the change feed and the lineage, so that readers
 * (membership) can follow tree changes and count a merged organisation's
 * members under its successor. Only additions: `tree_v1` and `subtree_v1` are
 * unchanged (apps/organization/READ_MODEL.md).
 */
export class ReadModelChanges1764489600000 implements MigrationInterface {
  name = 'ReadModelChanges1764489600000';

  async up(q: QueryRunner): Promise<void> {
    // Tree changes are recorded one at a time (an advisory lock), so `seq` grows in commit order.
    await q.query(`
      CREATE VIEW changes_v1 AS
        SELECT c.seq, c.id AS change_id, c.type, c.effective_on,
               array(SELECT s.organization_id FROM organization.organization_change_subject s WHERE s.change_id = c.id ORDER BY s.organization_id) AS organization_ids
          FROM organization.organization_change c`);
    await q.query(`
      CREATE VIEW lineage_v1 AS
        SELECT l.predecessor_id, l.successor_id, c.type, c.effective_on, c.seq
          FROM organization.organization_lineage l
          JOIN organization.organization_change c ON c.id = l.change_id`);
    await q.query(`GRANT SELECT ON changes_v1, lineage_v1 TO organization_reader`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW lineage_v1`);
    await q.query(`DROP VIEW changes_v1`);
  }
}
