import { DEFAULT_SEED, ninhThuanDemo } from '@party/demo-data';
import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEvalContext, type EvalContext } from '../context';
import { rateOrganizations } from '../services/rating.service';
import { setAdmissionTargets } from '../services/target.service';

const SYSTEM: Caller = { userId: 'demo-seed', roles: ['SYSTEM_ADMIN'], scope: [] };
const YEAR = 2024;

const context = (db: DataSource): EvalContext => createEvalContext({ requestId: randomUUID(), caller: SYSTEM, log: createLogger('evaluation-seed', 'warn') }, db);

/**
 * The demo's 2024 evaluation (packages/demo-data, from `seed`) for the demo
 * tree and register: admission targets — the province's (805), the province's
 * for the organisations directly under it, theirs for their grassroots
 * organisations — and quality ratings of the grassroots organisations and of
 * the cells of grassroots committees under Regulation 124-QĐ/TW, a peer group at
 * a time. Everything goes through the subgraph's own services, so the same
 * rules apply (children directly under the assigning committee, EXCELLENT
 * within 20 % of GOOD and only with the admission target reached). Does
 * nothing if any target is already there.
 */
export async function seedDemoEvaluation(db: DataSource, ids: Record<string, string>, seed: number = DEFAULT_SEED): Promise<{ targets: number; ratings: number }> {
  const [done] = await db.query(`SELECT 1 FROM admission_target LIMIT 1`);
  if (done) return { targets: 0, ratings: 0 };
  const { evaluation } = ninhThuanDemo(seed);
  const id = (code: string) => {
    const found = ids[code];
    if (!found) throw new Error(`demo evaluation: organisation ${code} is not in the demo tree (seed the tree with the same seed first)`);
    return found;
  };
  let targets = 0;
  for (const t of evaluation.targets) {
    await setAdmissionTargets(context(db), { organizationId: id(t.by), year: t.year, decisionRef: t.decisionRef, targets: t.targets.map((x) => ({ organizationId: id(x.code), target: x.target, quarters: x.quarters ?? null })) });
    targets += t.targets.length;
  }
  // Each peer group in one decision of the committee that rates it.
  let ratings = 0;
  for (const group of evaluation.ratings) {
    const rated = await rateOrganizations(context(db), {
      year: YEAR,
      peerGroup: group.peerGroup,
      decisionRef: group.decisionRef,
      ratings: group.ratings.map((r) => ({ organizationId: id(r.code), grade: r.grade })),
    });
    ratings += rated.length;
  }
  return { targets, ratings };
}
