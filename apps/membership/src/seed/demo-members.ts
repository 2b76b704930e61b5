import { foldForSearch } from '@party/subgraph-kit';
import type { DataSource } from 'typeorm';
import { CELL_KINDS, type EducationLevel, type Gender, type ProspectSource, type ProspectStep } from '../domain/enums';
import { addMonths } from '../domain/lifecycle';
import { sortName } from '../services/rules';
import { loadMembers, type MemberSeed, type SeedEvent } from './register';

/** A small deterministic PRNG (mulberry32): the same demo every time. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const weighted = <T>(list: readonly (readonly [T, number])[]) => {
    let r = next() * list.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of list) if ((r -= w) < 0) return v;
    return list[list.length - 1]![0];
  };
  const day = (from: string, to: string) => {
    const a0 = Date.parse(`${from}T00:00:00Z`);
    const b0 = Date.parse(`${to}T00:00:00Z`);
    return new Date(a0 + Math.floor(next() * ((b0 - a0) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
  };
  return { next, int, pick, weighted, day };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const CHAM_FAMILY = ['Đàng', 'Thông', 'Quảng', 'Thiên', 'Lưu', 'Trượng', 'Bá', 'Thuận'];
const RAGLAI_FAMILY = ['Pinăng', 'Chamaléa', 'Katơr', 'Mấu', 'Pi Năng'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thành', 'Công'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Mỹ'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Trung', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Vân', 'Yến'];
const ETHNICITY = [['Kinh', 76], ['Chăm', 12], ['Raglai', 10], ['Cơ Ho', 1], ['Hoa', 1]] as const;
const RELIGION = [[null, 84], ['Phật giáo', 7], ['Công giáo', 3], ['Bà-la-môn', 3], ['Hồi giáo', 3]] as const;
const EDUCATION = [['UPPER_SECONDARY', 30], ['VOCATIONAL', 10], ['COLLEGE', 15], ['UNIVERSITY', 38], ['POSTGRADUATE', 5], ['LOWER_SECONDARY', 2]] as const;
const SOURCE = [['YOUTH_UNION', 30], ['PUBLIC_SECTOR', 20], ['RURAL', 20], ['WORKER', 10], ['STUDENT', 6], ['NON_STATE_ENTERPRISE', 8], ['ARMED_FORCES', 4], ['OTHER', 2]] as const;

function person(r: ReturnType<typeof random>, serial: number) {
  const gender: Gender = r.next() < 0.36 ? 'FEMALE' : 'MALE';
  const ethnicity = r.weighted(ETHNICITY);
  const family = ethnicity === 'Chăm' ? r.pick(CHAM_FAMILY) : ethnicity === 'Raglai' ? r.pick(RAGLAI_FAMILY) : r.pick(FAMILY);
  const fullName = `${family} ${r.pick(gender === 'FEMALE' ? MIDDLE_F : MIDDLE_M)} ${r.pick(gender === 'FEMALE' ? GIVEN_F : GIVEN_M)}`;
  return {
    fullName,
    gender,
    ethnicity,
    religion: r.weighted(RELIGION),
    educationLevel: r.weighted(EDUCATION) as EducationLevel,
    source: r.weighted(SOURCE) as ProspectSource,
    citizenId: `058${String(serial).padStart(9, '0')}`,
  };
}

/**
 * Demo register for the demo tree (apps/organization/src/seed/demo-tree.ts):
 * members in every cell with histories (older members, admissions 2020–2025,
 * recognitions, transfers, exemptions, exits — 2024 in full), and prospects at
 * every stage. Deterministic; does nothing if members are already there.
 */
export async function seedDemoMembers(db: DataSource, ids: Record<string, string>, seed = 2024): Promise<{ members: number; prospects: number }> {
  const [done] = await db.query(`SELECT 1 FROM member LIMIT 1`);
  if (done) return { members: 0, prospects: 0 };
  const r = random(seed);
  const cells: { id: string; code: string }[] = (
    await db.query(`SELECT organization_id AS id, code, kind FROM organization.tree_v1 WHERE valid_from <= '2024-12-31' AND valid_to > '2024-12-31' ORDER BY code`)
  ).filter((o: { kind: string; id: string }) => CELL_KINDS.includes(o.kind) && Object.values(ids).includes(o.id));
  const seeds: MemberSeed[] = [];
  let serial = 0;
  for (const cell of cells) {
    const size = r.int(12, 30);
    for (let i = 0; i < size; i++) {
      const p = person(r, ++serial);
      const veteran = r.next() < 0.7;
      const admitted = veteran ? r.day('1980-01-01', '2019-12-31') : r.day('2020-01-06', '2025-10-31');
      const age = r.int(18, veteran ? 35 : 32);
      const birth = r.day(`${Number(admitted.slice(0, 4)) - age}-01-01`, `${Number(admitted.slice(0, 4)) - age}-12-28`);
      const events: SeedEvent[] = [{ type: 'ADMITTED', effectiveOn: admitted, decisionRef: `${r.int(10, 999)}-QĐ/HU`, organizationId: cell.id }];
      const probationEnd = addMonths(admitted, 12);
      if (probationEnd <= '2025-10-20' && r.next() < 0.97) events.push({ type: 'RECOGNIZED', effectiveOn: r.day(probationEnd, addMonths(probationEnd, 1)), decisionRef: `${r.int(10, 999)}-QĐ/HU` });
      const last = events[events.length - 1]!.effectiveOn;
      const roll = r.next();
      const later = () => r.day(last > '2024-01-02' ? last : '2024-01-02', '2025-10-31');
      if (last >= '2025-10-01') {
        // Nothing else happened yet.
      } else if (roll < 0.05) {
        const to = r.pick(cells.filter((c) => c.id !== cell.id));
        events.push({ type: 'TRANSFERRED', effectiveOn: later(), decisionRef: `${r.int(10, 999)}-QĐ/ĐU`, organizationId: to.id });
      } else if (roll < 0.08) {
        events.push({ type: 'EXEMPTED', effectiveOn: later(), decisionRef: `${r.int(10, 999)}-QĐ/ĐU`, reason: 'Tuổi cao, sức yếu' });
      } else if (roll < 0.1) {
        const to = r.pick(cells.filter((c) => c.id !== cell.id));
        const from = later();
        events.push({ type: 'TEMPORARY_TRANSFER', effectiveOn: from, decisionRef: `${r.int(10, 999)}-GT/ĐU`, organizationId: to.id, until: addMonths(from, 6) });
      } else if (roll < 0.13) {
        const reason = events.length === 1 ? 'PROBATION_NOT_RECOGNIZED' : r.pick(['STRUCK_OFF', 'WITHDRAWN', 'DECEASED', 'EXPELLED'] as const);
        events.push({ type: 'TERMINATED', effectiveOn: later(), decisionRef: `${r.int(10, 999)}-QĐ/HU`, reason });
      }
      seeds.push({ ...p, birthDate: birth, youthUnion: p.source === 'YOUTH_UNION' || age <= 30, partyCardNumber: `NT${String(serial).padStart(8, '0')}`, events });
    }
  }
  await db.transaction(async (m) => {
    await loadMembers(m, seeds, { recordedBy: 'demo-seed' });
  });

  // Prospects at every stage, introduced by official members of their cell.
  const STEPS: ProspectStep[] = ['AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED', 'DOSSIER_COMPLETE', 'CELL_RESOLUTION', 'COMMITTEE_RESOLUTION'];
  let prospects = 0;
  for (const cell of cells) {
    const officials: { id: string }[] = await db.query(
      `SELECT member_id AS id FROM member_segment WHERE organization_id = $1 AND status = 'OFFICIAL' AND valid_from <= '2025-01-01' AND valid_to > '2025-11-01' ORDER BY member_id LIMIT 3`,
      [cell.id],
    );
    if (officials.length < 2) continue;
    for (let i = 0, n = r.int(1, 3); i < n; i++) {
      const p = person(r, ++serial);
      const registeredOn = r.day('2025-01-02', '2025-06-30');
      const birth = r.day('1995-01-01', '2006-06-30');
      const reached = r.int(0, STEPS.length);
      const [row] = await db.query(
        `INSERT INTO prospect (organization_id, full_name, search_text, sort_name, gender, birth_date, ethnicity, religion, citizen_id, education_level, youth_union, source,
                               registered_on, stage, awareness_certificate_on, helper_member_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11, $12, $13, $14, $15, 'demo-seed') RETURNING id`,
        [cell.id, p.fullName, foldForSearch(p.fullName), sortName(p.fullName), p.gender, birth, p.ethnicity, p.religion, p.citizenId, p.educationLevel, p.source, registeredOn,
          reached ? STEPS[reached - 1] : 'REGISTERED', reached >= 1 ? registeredOn : null, reached >= 2 ? officials[0]!.id : null],
      );
      await db.query(`INSERT INTO prospect_step (prospect_id, step, done_on, recorded_by) VALUES ($1, 'REGISTERED', $2, 'demo-seed')`, [row.id, registeredOn]);
      let on = registeredOn;
      for (const step of STEPS.slice(0, reached)) {
        on = r.day(on, addMonths(on, 1));
        if (step === 'INTRODUCERS_ASSIGNED') {
          await db.query(`INSERT INTO prospect_introducer (prospect_id, member_id, worked_together_since) VALUES ($1, $2, '2023-01-01'), ($1, $3, '2022-06-01')`, [row.id, officials[0]!.id, officials[1]!.id]);
        }
        const ref = step === 'CELL_RESOLUTION' ? `${r.int(1, 99)}-NQ/CB` : step === 'COMMITTEE_RESOLUTION' ? `${r.int(1, 99)}-NQ/ĐU` : null;
        await db.query(`INSERT INTO prospect_step (prospect_id, step, done_on, decision_ref, recorded_by) VALUES ($1, $2, $3, $4, 'demo-seed')`, [row.id, step, on, ref]);
      }
      prospects++;
    }
  }
  return { members: seeds.length, prospects };
}
