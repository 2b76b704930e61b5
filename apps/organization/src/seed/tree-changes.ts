import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createOrgContext } from '../context';
import * as tree from '../services/tree-change.service';

/** A tree change named by organisation codes (a generator's or an import's plan). */
export type TreeChangeByCode =
  | { type: 'MOVE'; effectiveOn: string; decisionRef: string; moves: { code: string; parentCode: string }[] }
  | { type: 'DISSOLVE'; effectiveOn: string; decisionRef: string; code: string; successorCode: string | null }
  | { type: 'MERGE'; effectiveOn: string; decisionRef: string; sourceCodes: string[]; targetCode: string };

/**
 * Records tree changes in list order through the same services the API uses (the same rules,
 * change log, lineage and paths), as `recordedBy` with administrator rights. Not in the API: for
 * bulk loads (the national generator). `progress` is called after each change with how many are done.
 */
export async function recordTreeChanges(db: DataSource, changes: readonly TreeChangeByCode[], opts: { recordedBy: string; progress?: (done: number) => void }): Promise<number> {
  const caller: Caller = { userId: opts.recordedBy, roles: ['SYSTEM_ADMIN'], scope: [] };
  const ctx = createOrgContext({ requestId: randomUUID(), caller, log: createLogger('organization-load', 'warn') }, db);
  const codes = [...new Set(changes.flatMap((c) => (c.type === 'MOVE' ? c.moves.flatMap((m) => [m.code, m.parentCode]) : c.type === 'DISSOLVE' ? [c.code, c.successorCode ?? c.code] : [...c.sourceCodes, c.targetCode])))];
  const rows: { code: string; id: string }[] = await db.query(`SELECT code, id FROM organization WHERE code = ANY($1::text[])`, [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const id = (code: string) => {
    const found = byCode.get(code);
    if (!found) throw new Error(`tree change: no organisation has the code ${code}`);
    return found;
  };
  let done = 0;
  for (const c of changes) {
    const decision = { effectiveOn: c.effectiveOn, decisionRef: c.decisionRef };
    if (c.type === 'MOVE') await tree.moveOrganizations(ctx, { ...decision, moves: c.moves.map((m) => ({ id: id(m.code), newParentId: id(m.parentCode) })) });
    else if (c.type === 'DISSOLVE') await tree.dissolveOrganization(ctx, { ...decision, id: id(c.code), successorId: c.successorCode ? id(c.successorCode) : null });
    else await tree.mergeOrganizations(ctx, { ...decision, sourceIds: c.sourceCodes.map(id), targetId: id(c.targetCode) });
    opts.progress?.(++done);
  }
  return done;
}
