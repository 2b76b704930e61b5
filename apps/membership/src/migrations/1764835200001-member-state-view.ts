import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published read model v1, addition: `member_state_v1`, a member's state over
 * time (the cell registered in, PROBATIONARY/OFFICIAL, ACTIVE/EXEMPT/
 * TEMPORARILY_AWAY), one row per dated segment, no names (READ_MODEL.md).
 * Readers: the evaluation subgraph (who may be rated in a year, and where).
 */
export class MemberStateView1764835200001 implements MigrationInterface {
  name = 'MemberStateView1764835200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW member_state_v1 AS
        SELECT s.member_id, s.organization_id, s.valid_from, s.valid_to, s.status, s.activity
          FROM membership.member_segment s`);
    await q.query(`GRANT SELECT ON member_state_v1 TO membership_reader`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW member_state_v1`);
  }
}
