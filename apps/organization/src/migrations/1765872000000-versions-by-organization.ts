import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organization_version_by_org` becomes a covering index: (organization_id, valid_from) as before, with
 * valid_to and path included. Readers of `tree_v1` that walk organisations in id order and test each
 * version's dates and subtree (the evaluation export's pages: docs/decisions/0024-frozen-export-pages.md)
 * then read the index alone instead of one heap page per organisation, which is a random page for random
 * ids. Built under a new name and renamed, so no reader finds the index missing inside the transaction.
 */
export class VersionsByOrganization1765872000000 implements MigrationInterface {
  name = 'VersionsByOrganization1765872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX organization_version_by_org_covering ON organization_version (organization_id, valid_from) INCLUDE (valid_to, path)`);
    await q.query(`DROP INDEX organization_version_by_org`);
    await q.query(`ALTER INDEX organization_version_by_org_covering RENAME TO organization_version_by_org`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX organization_version_by_org_plain ON organization_version (organization_id, valid_from)`);
    await q.query(`DROP INDEX organization_version_by_org`);
    await q.query(`ALTER INDEX organization_version_by_org_plain RENAME TO organization_version_by_org`);
  }
}
