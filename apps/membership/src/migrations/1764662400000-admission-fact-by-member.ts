import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every placement of a member (services/derive.ts placeMembers: each admission,
 * recognition, transfer, correction, tree catch-up) first deletes the member's
 * admission facts by member_id. Without an index that is a sequential scan of
 * admission_fact on every write: 93 ms with 180,000 facts (1,000,000 members,
 * scripts/bench-membership.mjs), growing with the register.
 */
export class AdmissionFactByMember1764662400000 implements MigrationInterface {
  name = 'AdmissionFactByMember1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX admission_fact_by_member ON admission_fact (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX admission_fact_by_member`);
  }
}
