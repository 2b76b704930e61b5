import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Family background ("lý lịch": the parents' and spouse's political history as recorded in the
 * file) on prospects and members: sensitive personal data (Decree 13/2023/ND-CP), read under the
 * SENSITIVE_PERSONAL_DATA permission like ethnicity and religion; copied from the prospect on admission.
 */
export class FamilyBackground1765526400001 implements MigrationInterface {
  name = 'FamilyBackground1765526400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member ADD COLUMN family_background text CONSTRAINT member_family_background_length CHECK (length(family_background) <= 2000)`);
    await q.query(`ALTER TABLE prospect ADD COLUMN family_background text CONSTRAINT prospect_family_background_length CHECK (length(family_background) <= 2000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prospect DROP COLUMN family_background`);
    await q.query(`ALTER TABLE member DROP COLUMN family_background`);
  }
}
