import { AFFILIATED, CENTRAL, DAYS, DISTRICTS, FIGURES, PROVINCE } from './ninh-thuan';
import type { Random } from './random';
import type { DemoRegister } from './register';
import type { DemoTree } from './tree';

export type Grade = 'EXCELLENT' | 'GOOD' | 'COMPLETED' | 'NOT_COMPLETED';

/** One committee's decision assigning the year's admission targets to the organisations directly under it. */
export interface TargetAssignment {
  by: string;
  year: number;
  decisionRef: string;
  targets: { code: string; target: number; quarters?: [number, number, number, number] }[];
}

/** Ratings of one peer group (similar units rated together), under Regulation 124-QĐ/TW. */
export interface RatingGroup {
  peerGroup: string;
  decisionRef: string;
  ratings: { code: string; grade: Grade }[];
}

export interface DemoEvaluation {
  targets: TargetAssignment[];
  ratings: RatingGroup[];
}

const YEAR = 2024;

/** Splits `total` over `weights` in proportion, by largest remainders (the parts add up to `total`). */
export function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - out.reduce((s, x) => s + x, 0); k < left; k++) out[order[k % order.length]![1]]!++;
  return out;
}

/**
 * Grades for a peer group, strongest first: the weakest COMPLETED (one in ten,
 * in groups of five or more) and NOT_COMPLETED (one, in groups of twenty or
 * more); EXCELLENT for the strongest that may be (`mayExcel`: reached their
 * admission target) as far as the cap of 20 % of GOOD allows; GOOD otherwise.
 */
export function grade(ranked: readonly { code: string; mayExcel: boolean }[]): { code: string; grade: Grade }[] {
  const n = ranked.length;
  const notCompleted = n >= 20 ? 1 : 0;
  const completed = n >= 5 ? Math.max(1, Math.round(n / 10)) : 0;
  const rest = n - notCompleted - completed;
  let excellent = Math.floor(rest / 6); // e ≤ 20 % of (rest − e)
  return ranked.map((x, i) => {
    if (i >= rest + completed) return { code: x.code, grade: 'NOT_COMPLETED' as const };
    if (i >= rest) return { code: x.code, grade: 'COMPLETED' as const };
    if (excellent > 0 && x.mayExcel) {
      excellent--;
      return { code: x.code, grade: 'EXCELLENT' as const };
    }
    return { code: x.code, grade: 'GOOD' as const };
  });
}

/**
 * The 2024 evaluation: the province's target (805, assigned from above), the
 * province's targets for its districts, city and affiliated committees (the
 * model's figures, split by quarter), theirs for their grassroots
 * organisations (in proportion to their size, so the parts add up), and the
 * ratings of grassroots organisations (peer group: the unit they are under)
 * and of the cells of grassroots committees (peer group: their committee).
 */
export function buildEvaluation(r: Random, tree: DemoTree, register: DemoRegister): DemoEvaluation {
  const units = [...DISTRICTS, ...AFFILIATED];
  const targets: TargetAssignment[] = [
    { by: CENTRAL.code, year: YEAR, decisionRef: '45-CV/BTCTW (chỉ tiêu kết nạp đảng viên năm 2024)', targets: [{ code: PROVINCE.code, target: FIGURES.provinceTarget2024 }] },
    {
      by: PROVINCE.code,
      year: YEAR,
      decisionRef: '01-KH/TU (chỉ tiêu kết nạp đảng viên năm 2024)',
      targets: units.map((u) => {
        const quarters = split(u.target, [2, 3, 2, 3]) as [number, number, number, number];
        return { code: u.code, target: u.target, quarters };
      }),
    },
  ];

  // Admissions of 2024 by grassroots organisation (where each admitted member's cell stood).
  const cellOf = new Map(tree.cells.map((c) => [c.code, c]));
  const admitted = new Map<string, number>();
  for (const m of register.members) {
    const a = m.events[0]!;
    if (a.effectiveOn.startsWith(`${YEAR}-`)) {
      const g = cellOf.get(a.cell!)!.grassroots;
      admitted.set(g, (admitted.get(g) ?? 0) + 1);
    }
  }
  const sizeOf = new Map<string, number>();
  for (const c of tree.cells) if (c.from <= DAYS.end2024) sizeOf.set(c.grassroots, (sizeOf.get(c.grassroots) ?? 0) + c.size);

  const grassrootsTarget = new Map<string, number>();
  for (const u of units) {
    const under = tree.grassroots2024.filter((g) => g.unit === u.code).sort((a, b) => a.code.localeCompare(b.code));
    const parts = split(u.target, under.map((g) => (sizeOf.get(g.code) ?? 1) * (0.6 + 0.8 * r.next())));
    const list = under.map((g, i) => ({ code: g.code, target: parts[i]! })).filter((t) => t.target > 0);
    list.forEach((t) => grassrootsTarget.set(t.code, t.target));
    const ref = `${r.int(2, 30)}-KH/${u.code === 'PHAN_RANG' ? 'TU' : DISTRICTS.some((d) => d.code === u.code) ? 'HU' : 'ĐU'} (chỉ tiêu kết nạp đảng viên năm 2024)`;
    targets.push({ by: u.code, year: YEAR, decisionRef: ref, targets: list });
  }

  // Ratings: grassroots organisations by unit, ranked by achievement (those without a target by admissions).
  const ratings: RatingGroup[] = [];
  const rate = (code: string) => {
    const t = grassrootsTarget.get(code);
    return t ? (admitted.get(code) ?? 0) / t : null;
  };
  for (const u of units) {
    const under = tree.grassroots2024.filter((g) => g.unit === u.code);
    const ranked = r
      .shuffle(under)
      .map((g) => ({ code: g.code, rate: rate(g.code), admitted: admitted.get(g.code) ?? 0 }))
      .sort((a, b) => (b.rate ?? 1) - (a.rate ?? 1) || b.admitted - a.admitted);
    ratings.push({ peerGroup: `${u.name}: tổ chức cơ sở đảng, ${YEAR}`, decisionRef: `${r.int(100, 999)}-QĐ/${u.code === 'PHAN_RANG' ? 'TU' : DISTRICTS.some((d) => d.code === u.code) ? 'HU' : 'ĐU'}`, ratings: grade(ranked.map((g) => ({ code: g.code, mayExcel: g.rate === null || g.rate >= 1 }))) });
  }
  // Cells of each grassroots committee, rated by it.
  const committees = new Set(tree.grassroots2024.filter((g) => g.kind === 'GRASSROOTS_COMMITTEE').map((g) => g.code));
  const cellAdmitted = new Map<string, number>();
  for (const m of register.members) if (m.events[0]!.effectiveOn.startsWith(`${YEAR}-`)) cellAdmitted.set(m.events[0]!.cell!, (cellAdmitted.get(m.events[0]!.cell!) ?? 0) + 1);
  for (const gc of [...committees].sort()) {
    const cells = tree.cells.filter((c) => c.grassroots === gc && c.code !== gc && c.from <= DAYS.end2024 && (c.to === 'infinity' || c.to > DAYS.end2024));
    if (!cells.length) continue;
    const ranked = r.shuffle(cells).sort((a, b) => (cellAdmitted.get(b.code) ?? 0) - (cellAdmitted.get(a.code) ?? 0));
    ratings.push({ peerGroup: `Chi bộ trực thuộc ${gc}, ${YEAR}`, decisionRef: `${r.int(1, 99)}-QĐ/ĐU`, ratings: grade(ranked.map((c) => ({ code: c.code, mayExcel: true }))) });
  }
  return { targets, ratings };
}
