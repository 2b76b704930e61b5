import { runtimeRole } from '@party/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP = runtimeRole('evaluation');

/**
 * `refresh_snapshot_statistics()`: ANALYZE of `evaluation_fact_snapshot` for the runtime role, which owns
 * nothing and may not run ANALYZE itself (decision 0019). finalizeEvaluationYear calls it in its transaction
 * when the rows it froze are a large part of the table, so that paging the frozen facts right after a
 * finalisation is planned on the rows just written, not on statistics from before them (docs/decisions/0023).
 * SECURITY DEFINER, executable by the runtime role only, no argument.
 */
export class SnapshotStatistics1765699200002 implements MigrationInterface {
  name = 'SnapshotStatistics1765699200002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refresh_snapshot_statistics() RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          ANALYZE evaluation.evaluation_fact_snapshot;
        END
        $$`);
    await q.query(`REVOKE ALL ON FUNCTION refresh_snapshot_statistics() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION refresh_snapshot_statistics() TO ${APP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION refresh_snapshot_statistics()`);
  }
}
