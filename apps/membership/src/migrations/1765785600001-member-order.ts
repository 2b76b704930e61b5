import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the member lists' orders (Organization.members `orderBy`, services/member.service.ts): by
 * given name (the default) and by admission day, ties by name then id, as the pages' keyset is. A page
 * of a large subtree (a province: tens of thousands of members) then reads members in the list's order
 * and stops after the page, each checked against its placement (`placement_by_member`), instead of
 * reading and sorting every member placed under it; a cell's or a commune's few members are still found
 * by placement and sorted (the planner chooses). Descending orders scan them backwards.
 */
export class MemberOrder1765785600001 implements MigrationInterface {
  name = 'MemberOrder1765785600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX member_by_name ON member (sort_name, id)`);
    await q.query(`CREATE INDEX member_by_admission ON member (admitted_on, sort_name, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX member_by_admission`);
    await q.query(`DROP INDEX member_by_name`);
  }
}
