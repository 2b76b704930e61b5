import { createAuditLog, dropAuditLog } from '@party/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subgraph's audit trail: `organization.audit_log`, append-only and hash-chained (the kit's
 * audit.ts; docs/decisions/0012-audit-trail.md). Written by the kit's audit plugin, one INSERT per request.
 */
export class AuditLog1765180800000 implements MigrationInterface {
  name = 'AuditLog1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditLog(q, 'organization');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditLog(q, 'organization');
  }
}
