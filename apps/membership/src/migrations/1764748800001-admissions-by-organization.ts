import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model support: readers of `admissions_v1` (evaluation) find an
 * organisation's admissions in a period by the recorded organisation, not by
 * scanning every admission of the period nationwide.
 */
export class AdmissionsByOrganization1764748800001 implements MigrationInterface {
  name = 'AdmissionsByOrganization1764748800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX member_event_admissions ON member_event (organization_id, effective_on) WHERE type = 'ADMITTED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX member_event_admissions`);
  }
}
