import { createAuditLog, dropAuditLog } from '@party/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subgraph's audit trail: `evaluation.audit_log`, append-only and hash-chained (the kit's
 * audit.ts; docs/decisions/0012-audit-trail.md). Written by the kit's audit plugin, one INSERT per request.
 */
export class AuditLog1765180800002 implements MigrationInterface {
  name = 'AuditLog1765180800002';

  async up(q: QueryRunner): Promise<void> {
    await createAuditLog(q, 'evaluation');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditLog(q, 'evaluation');
  }
}
