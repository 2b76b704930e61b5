import { DEFAULT_SEED, model, ninhThuanDemo, type PlannedChange } from '@party/demo-data';
import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createOrgContext, type OrgContext } from '../context';
import * as tree from '../services/tree-change.service';

const SYSTEM: Caller = { userId: 'demo-seed', roles: ['SYSTEM_ADMIN'], scope: [] };

/** Demo users' scopes, by organisation code. */
export const DEMO_USERS = [
  { userId: 'province.officer', label: 'province officer (Ninh Thuận, now Khánh Hòa)', roles: ['ORG_OFFICER'], scopeCodes: ['NINH_THUAN', 'KHANH_HOA'] },
  { userId: 'district.officer', label: 'district officer (Ninh Hải, then xã Ninh Hải)', roles: ['ORG_OFFICER'], scopeCodes: ['NINH_HAI', 'XA_NINH_HAI'] },
  { userId: 'cell.secretary', label: 'cell secretary (khu phố 3, Kinh Dinh)', roles: ['VIEWER'], scopeCodes: ['KINH_DINH-C3'] },
  { userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'], scopeCodes: [] },
] as const;

/**
 * Loads the Ninh Thuận demo tree (packages/demo-data, from `seed`) through the
 * same services the API uses, so the same rules hold and the dated tree is
 * kept as any change keeps it: the tree of 2020 in one bulk establishment,
 * then every later change in date order — 2021 merges, renames, a new
 * enterprise cell, an upgrade, and the 2025-07-01 restructuring (new
 * communes, districts dissolved, Ninh Thuận merged into Khánh Hòa).
 * Does nothing if the demo tree is already there; refuses a database that
 * holds part of it (an interrupted start) or an older demo tree.
 * Returns the ids of the demo organisations by code.
 */
export async function seedDemoTree(db: DataSource, seed: number = DEFAULT_SEED): Promise<Record<string, string>> {
  const ids = async () => Object.fromEntries(((await db.query('SELECT code, id FROM organization')) as { code: string; id: string }[]).map((r) => [r.code, r.id]));
  // The demo's first organisation is there and its last change (Ninh Thuận merged into Khánh Hòa) is recorded: done.
  const [loaded] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM organization WHERE code = $1) AND EXISTS (SELECT 1 FROM organization WHERE code = $2 AND dissolved_on IS NOT NULL) AS done`,
    [model.CENTRAL.code, model.PROVINCE.code],
  );
  if (loaded.done) return ids();
  const demo = ninhThuanDemo(seed);
  const [state] = await db.query(
    `SELECT (SELECT count(*) FROM organization)::int AS organizations, (SELECT count(*) FROM organization WHERE code = ANY($1::text[]))::int AS ours`,
    [demo.tree.organizations.map((o) => o.code)],
  );
  if (state.organizations > 0) {
    throw new Error(
      `demo tree: the database already holds ${state.organizations} organisations, ${state.ours} of the ${demo.tree.organizations.length} of the demo tree` +
        ' (an older demo or an interrupted start); load the demo into an empty database (for `npm start`: delete .data/pg)',
    );
  }

  const ctx: OrgContext = createOrgContext({ requestId: randomUUID(), caller: SYSTEM, log: createLogger('organization-seed', 'warn') }, db);
  const byCode = new Map<string, string>();
  const id = (code: string) => {
    const found = byCode.get(code);
    if (!found) throw new Error(`demo tree: ${code} is not established yet`);
    return found;
  };
  const apply = async (c: PlannedChange) => {
    const decision = { effectiveOn: c.on, decisionRef: c.decisionRef };
    switch (c.type) {
      case 'ESTABLISH': {
        const organizations = c.organizations.map((o) => ({ code: o.code, name: o.name, kind: o.kind, sector: o.sector, parentCode: o.parentCode }));
        const made = await tree.establishOrganizations(ctx, { ...decision, organizations });
        for (const [code, orgId] of made.ids) byCode.set(code, orgId);
        return;
      }
      case 'RENAME':
        await tree.renameOrganization(ctx, { ...decision, id: id(c.code), name: c.name });
        return;
      case 'UPGRADE':
        await tree.changeOrganizationKind(ctx, { ...decision, id: id(c.code), kind: c.kind });
        return;
      case 'MERGE':
        await tree.mergeOrganizations(ctx, { ...decision, sourceIds: c.sourceCodes.map(id), targetId: id(c.targetCode) });
        return;
      case 'DISSOLVE':
        await tree.dissolveOrganization(ctx, { ...decision, id: id(c.code), successorId: c.successorCode ? id(c.successorCode) : null });
        return;
    }
  };
  // Moves decided together (the restructuring's, district by district) are recorded as one change.
  const changes = demo.tree.changes;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (c.type !== 'MOVE') {
      await apply(c);
      continue;
    }
    const moves: { id: string; newParentId: string }[] = [];
    for (let next: PlannedChange | undefined = c; next?.type === 'MOVE' && next.on === c.on && next.decisionRef === c.decisionRef; next = changes[++i]) moves.push({ id: id(next.code), newParentId: id(next.parentCode) });
    i--;
    await tree.moveOrganizations(ctx, { effectiveOn: c.on, decisionRef: c.decisionRef, moves });
  }
  return ids();
}
