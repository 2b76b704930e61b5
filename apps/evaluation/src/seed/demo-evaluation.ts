import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEvalContext, type EvalContext } from '../context';
import type { QualityGradeName } from '../graphql/rating.types';
import { Organization } from '../graphql/types';
import type { OrgRow } from '../loaders/evaluation.loader';
import { rateOrganization } from '../services/rating.service';
import { admissionTarget, setAdmissionTargets } from '../services/target.service';

const SYSTEM: Caller = { userId: 'demo-seed', roles: ['SYSTEM_ADMIN'], scope: [] };
const YEAR = 2024;
const PROVINCE = 'NINH_THUAN';
/** The achievement the province aims each of its organisations at (admitted ÷ target, before rounding); others cycle through DEFAULT_RATES. */
const RATES: Record<string, number> = { CONG_AN_NT: 1.73, BIEN_PHONG_NT: 1.25, NINH_HAI: 1.13, NINH_PHUOC: 1.0, PHAN_RANG: 0.92 };
const DEFAULT_RATES = [0.85, 1.1, 0.95, 1.2];
const GRASSROOTS = ['GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL'];

const context = (db: DataSource): EvalContext => createEvalContext({ requestId: randomUUID(), caller: SYSTEM, log: createLogger('evaluation-seed', 'warn') }, db);

/** Splits `total` over `weights` in proportion (largest remainders), at least 1 each while the total allows. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - out.reduce((s, x) => s + x, 0); k < left; k++) out[order[k % order.length]![1]]!++;
  for (let i = 0; i < out.length; i++) {
    if (out[i]! > 0) continue;
    const donor = out.indexOf(Math.max(...out));
    if (out[donor]! <= 1) break;
    out[donor]!--;
    out[i] = 1;
  }
  return out;
}

/**
 * Grades for a peer group under a cap of 20 % of GOOD (124-QĐ/TW): the weakest
 * COMPLETED (in groups of five or more), the strongest EXCELLENT as far as the
 * cap and the admission-target criterion allow, the rest GOOD. `ranked` is
 * strongest first; `mayExcel` says whether the admission-target criterion allows EXCELLENT.
 */
function grades(ranked: { id: string; mayExcel: boolean }[]): Map<string, QualityGradeName> {
  const out = new Map<string, QualityGradeName>();
  const completed = ranked.length >= 5 ? 1 : 0;
  const rest = ranked.slice(0, ranked.length - completed);
  let excellent = Math.floor(rest.length / 6);
  for (const r of rest) {
    if (excellent > 0 && r.mayExcel) {
      out.set(r.id, 'EXCELLENT');
      excellent--;
    } else out.set(r.id, 'GOOD');
  }
  for (const r of ranked.slice(ranked.length - completed)) out.set(r.id, 'COMPLETED');
  return out;
}

/** Rates a peer group through the rating service, GOOD first so the cap is checked against them. */
async function rateGroup(db: DataSource, group: string, graded: Map<string, QualityGradeName>): Promise<number> {
  const order: QualityGradeName[] = ['GOOD', 'COMPLETED', 'NOT_COMPLETED', 'EXCELLENT'];
  let n = 0;
  for (const grade of order) {
    for (const [organizationId, g] of graded) {
      if (g !== grade) continue;
      await rateOrganization(context(db), { organizationId, year: YEAR, grade, peerGroup: group, decisionRef: 'Demo: 1234-QĐ/TU (xếp loại 2024)' });
      n++;
    }
  }
  return n;
}

/**
 * Demo evaluation for the demo tree and register (seedDemoTree, seedDemoMembers):
 * 2024 admission targets — Ninh Thuận for the organisations directly under it,
 * sized from the register's 2024 admissions so achievement looks real (Public
 * Security highest), and each of them for its grassroots organisations, split in
 * proportion to their admissions (so the targets add up) — then 2024 quality
 * ratings of the grassroots organisations and of the cells under grassroots
 * committees under Regulation 124-QĐ/TW (EXCELLENT within 20 % of GOOD per peer
 * group). Everything goes through the subgraph's own services, so the same rules
 * apply. Deterministic; does nothing if any target is already there.
 */
export async function seedDemoEvaluation(db: DataSource, ids: Record<string, string>): Promise<{ targets: number; ratings: number }> {
  const [done] = await db.query(`SELECT 1 FROM admission_target LIMIT 1`);
  if (done) return { targets: 0, ratings: 0 };
  const province = ids[PROVINCE];
  if (!province) return { targets: 0, ratings: 0 };

  const read = context(db);
  const children = (await read.loaders.below(`${YEAR}|1`).load(province)).sort((a, b) => a.code.localeCompare(b.code));
  const grandchildren = (await read.loaders.below(`${YEAR}|2`).load(province)).sort((a, b) => a.code.localeCompare(b.code));
  const admitted = async (rows: OrgRow[]) => new Map((await read.loaders.admitted(YEAR).loadMany(rows.map((r) => r.organization_id))).map((a, i) => [rows[i]!.organization_id, Array.isArray(a) ? a[0]! : 0]));
  const byChild = await admitted(children);
  const byGrandchild = await admitted(grandchildren);

  // The province's targets for the organisations under it that admitted anyone in the year.
  let other = 0;
  const provincial = children
    .filter((c) => byChild.get(c.organization_id)! > 0)
    .map((c) => {
      const rate = RATES[c.code] ?? DEFAULT_RATES[other++ % DEFAULT_RATES.length]!;
      return { organizationId: c.organization_id, target: Math.max(1, Math.round(byChild.get(c.organization_id)! / rate)) };
    });
  let targets = 0;
  if (provincial.length) {
    await setAdmissionTargets(context(db), { organizationId: province, year: YEAR, decisionRef: 'Demo: 01-KH/TU (chỉ tiêu kết nạp 2024)', targets: provincial });
    targets += provincial.length;
  }

  // Each of them for its grassroots organisations, in proportion to what they admitted.
  for (const t of provincial) {
    const under = grandchildren.filter((g) => g.parent_id === t.organizationId && byGrandchild.get(g.organization_id)! > 0);
    if (!under.length) continue;
    const parts = split(t.target, under.map((g) => byGrandchild.get(g.organization_id)!));
    const list = under.map((g, i) => ({ organizationId: g.organization_id, target: parts[i]! })).filter((x) => x.target > 0);
    if (!list.length) continue;
    await setAdmissionTargets(context(db), { organizationId: t.organizationId, year: YEAR, decisionRef: 'Demo: 05-KH/HU (chỉ tiêu kết nạp 2024)', targets: list });
    targets += list.length;
  }

  // Ratings: grassroots organisations (ranked by achievement), and the cells of grassroots committees.
  const check = context(db);
  const grassroots = grandchildren.filter((g) => GRASSROOTS.includes(g.kind));
  const achieved = await Promise.all(grassroots.map((g) => admissionTarget(check, Organization.ref(g.organization_id, `${YEAR}-12-31`), YEAR)));
  const rankedGrassroots = grassroots
    .map((g, i) => ({ id: g.organization_id, code: g.code, rate: achieved[i] ? achieved[i]!.achievementRate : null }))
    .sort((a, b) => (b.rate ?? 1) - (a.rate ?? 1) || a.code.localeCompare(b.code))
    .map((g) => ({ id: g.id, mayExcel: g.rate === null || g.rate >= 1 }));
  let ratings = await rateGroup(db, 'CO-SO-2024', grades(rankedGrassroots));

  const committees = new Set(grassroots.filter((g) => g.kind === 'GRASSROOTS_COMMITTEE').map((g) => g.organization_id));
  const cells = (await read.loaders.below(`${YEAR}|3`).load(province)).filter((c) => c.kind === 'CELL' && committees.has(c.parent_id!)).sort((a, b) => a.code.localeCompare(b.code));
  const cellAdmitted = await admitted(cells);
  const rankedCells = [...cells].sort((a, b) => cellAdmitted.get(b.organization_id)! - cellAdmitted.get(a.organization_id)! || a.code.localeCompare(b.code)).map((c) => ({ id: c.organization_id, mayExcel: true }));
  ratings += await rateGroup(db, 'CHI-BO-2024', grades(rankedCells));
  return { targets, ratings };
}
