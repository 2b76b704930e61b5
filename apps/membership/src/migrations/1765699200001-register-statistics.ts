import { runtimeRole } from '@party/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP = runtimeRole('membership');

/**
 * `refresh_register_statistics()`: ANALYZE of the register's tables for the runtime role, which owns
 * nothing and so may not run ANALYZE itself (decision 0019). A bulk import calls it inside its transaction
 * once its rows make up a large part of the register (services/derive.ts refreshStatisticsAfterBulkWrite):
 * ANALYZE samples the transaction's own uncommitted rows, so the statements that follow are planned on the
 * register as it now is rather than on the statistics of an (often empty) register before the load —
 * docs/decisions/0023-statistics-after-bulk-writes.md. Runs as the owner (SECURITY DEFINER), executable by
 * the runtime role only; it takes no argument, so it can analyse nothing else.
 */
export class RegisterStatistics1765699200001 implements MigrationInterface {
  name = 'RegisterStatistics1765699200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refresh_register_statistics() RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          ANALYZE membership.member, membership.member_event, membership.member_segment, membership.placement, membership.admission_fact;
        END
        $$`);
    await q.query(`REVOKE ALL ON FUNCTION refresh_register_statistics() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION refresh_register_statistics() TO ${APP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION refresh_register_statistics()`);
  }
}
