import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createEvalContext, type EvalContext } from '../context';
import { assessFourGood, registerFourGood, setFourGoodCriteria } from '../services/four-good.service';

const SYSTEM: Caller = { userId: 'demo-seed', roles: ['SYSTEM_ADMIN'], scope: [] };
const YEAR = 2024;

const context = (db: DataSource): EvalContext => createEvalContext({ requestId: randomUUID(), caller: SYSTEM, log: createLogger('evaluation-seed', 'warn') }, db);

/** Ninh Thuận's own criteria from 2024 (Khánh Hòa keeps the national default). */
const NINH_THUAN_CRITERIA = [
  { code: 'NHIEM_VU_CHINH_TRI', name: 'Lãnh đạo thực hiện tốt nhiệm vụ chính trị', maxScore: 25, passThreshold: 18 },
  { code: 'SINH_HOAT', name: 'Sinh hoạt đảng tốt (nội dung và chất lượng sinh hoạt)', maxScore: 25, passThreshold: 18 },
  { code: 'DOAN_KET_KY_LUAT', name: 'Đoàn kết, kỷ luật tốt', maxScore: 25, passThreshold: 18 },
  { code: 'CAN_BO_DANG_VIEN', name: 'Đội ngũ cán bộ, đảng viên tốt (gồm chỉ tiêu kết nạp đảng viên)', maxScore: 25, passThreshold: 18 },
];

/** Demo organisations (codes of the demo tree), the day each registered, and its year-end scores in the criteria's order (null: registered, not assessed yet). */
const DEMO: { code: string; registeredOn: string; scores: number[] | null }[] = [
  { code: 'KINH_DINH', registeredOn: '2024-01-20', scores: [23, 22, 24, 22] },
  { code: 'KINH_DINH-C3', registeredOn: '2024-01-25', scores: [21, 20, 19.5, 22] },
  { code: 'THPT_CHU_VAN_AN', registeredOn: '2024-02-02', scores: [20, 17, 19, 21] },
  { code: 'HO_HAI', registeredOn: '2024-01-22', scores: [24, 23, 23, 24] },
  { code: 'PC_CSHS-C1', registeredOn: '2024-02-05', scores: [22, 23, 21, 20] },
  { code: 'DON_BP_NINH_CHU', registeredOn: '2024-01-30', scores: null },
];

/**
 * Demo "4 good" for 2024: Ninh Thuận's own criteria set (thresholds 18 of 25,
 * total 80, GOOD required), registrations of a few grassroots committees and
 * cells, and the year-end assessments of those the demo ratings cover (the
 * result follows from the scores, the set and each organisation's 2024
 * rating). Through the subgraph's own services, so the same rules apply.
 * Deterministic; does nothing if any registration is already there or the
 * demo tree lacks Ninh Thuận.
 */
export async function seedDemoFourGood(db: DataSource, ids: Record<string, string>): Promise<{ registrations: number; assessments: number }> {
  const none = { registrations: 0, assessments: 0 };
  const [done] = await db.query(`SELECT 1 FROM four_good_registration LIMIT 1`);
  const province = ids['NINH_THUAN'];
  if (done || !province) return none;

  await setFourGoodCriteria(context(db), {
    provinceId: province,
    fromYear: YEAR,
    criteria: NINH_THUAN_CRITERIA,
    totalPassThreshold: 80,
    minimumGrade: 'GOOD',
    decisionRef: 'Demo: 12-HD/TU (tiêu chí "4 tốt")',
  });

  let registrations = 0;
  let assessments = 0;
  for (const d of DEMO) {
    const organizationId = ids[d.code];
    if (!organizationId) continue;
    await registerFourGood(context(db), { organizationId, year: YEAR, registeredOn: d.registeredOn, decisionRef: `Demo: đăng ký "4 tốt" năm ${YEAR}` });
    registrations++;
    if (!d.scores) continue;
    // The set requires a 2024 quality rating: assess only what the demo ratings cover.
    const [rated] = await db.query(`SELECT 1 FROM organization_rating WHERE organization_id = $1 AND year = $2`, [organizationId, YEAR]);
    if (!rated) continue;
    const scores = NINH_THUAN_CRITERIA.map((c, i) => ({ criterion: c.code, score: d.scores![i]! }));
    await assessFourGood(context(db), { organizationId, year: YEAR, scores, decisionRef: `Demo: 98-QĐ/HU (công nhận "4 tốt" năm ${YEAR})` });
    assessments++;
  }
  return { registrations, assessments };
}
