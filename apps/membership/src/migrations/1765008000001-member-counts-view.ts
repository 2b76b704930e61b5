import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published read model v1, addition: `member_counts_v1`, the running-sum
 * deltas of members in each organisation's subtree as it stood (what
 * `memberCount` reads), and `member_counts_current_v1`, whether they already
 * reflect every change of the tree that moves members (READ_MODEL.md).
 * Readers: the evaluation subgraph (members at the start and end of a year).
 */
export class MemberCountsView1765008000001 implements MigrationInterface {
  name = 'MemberCountsView1765008000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW member_counts_v1 AS
        SELECT d.organization_id, d.day, d.probationary, d.official
          FROM membership.count_delta d`);
    // Renames and establishments move no one (services/derive.ts MOVING_CHANGES). A PL/pgSQL function reads
    // the organisation tree's change log when called, not when created: this migration does not depend on the
    // organization subgraph having migrated first. SECURITY DEFINER: readers see the answer, not tree_sync.
    await q.query(`
      CREATE FUNCTION member_counts_current() RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          RETURN NOT EXISTS (SELECT 1 FROM organization.changes_v1 c
                              WHERE c.seq > (SELECT last_seq FROM membership.tree_sync) AND c.type NOT IN ('ESTABLISH', 'RENAME'));
        END $$`);
    await q.query(`REVOKE ALL ON FUNCTION member_counts_current() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION member_counts_current() TO membership_reader`);
    await q.query(`CREATE VIEW member_counts_current_v1 AS SELECT member_counts_current() AS current`);
    await q.query(`GRANT SELECT ON member_counts_v1, member_counts_current_v1 TO membership_reader`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW member_counts_current_v1`);
    await q.query(`DROP FUNCTION member_counts_current()`);
    await q.query(`DROP VIEW member_counts_v1`);
  }
}
