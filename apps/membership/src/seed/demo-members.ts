import { DEFAULT_SEED, ninhThuanDemo, type DemoProspect } from '@party/demo-data';
import { foldForSearch } from '@party/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { asSystem } from '../request-db';
import { syncTree } from '../services/derive';
import { sortName } from '../services/rules';
import { loadMembers, type MemberSeed } from './register';

type Sql = Pick<EntityManager, 'query'>;

/**
 * The demo register (packages/demo-data, from `seed`) for the demo tree
 * (apps/organization/src/seed/demo-tree.ts, whose ids by code are `ids`):
 * members admitted before 2020 as the starting register, six years of life
 * events after it, loaded in bulk with loadMembers (placements, counts and
 * admission facts derived as every write derives them), and prospects at every
 * stage in the second half of 2025. One transaction; does nothing if members
 * are already there.
 */
export async function seedDemoMembers(db: DataSource, ids: Record<string, string>, seed: number = DEFAULT_SEED): Promise<{ members: number; prospects: number }> {
  // System work: the whole register, whatever row-level security would hide from a caller (docs/decisions/0020).
  const [done] = await asSystem(db, (m) => m.query(`SELECT 1 FROM member LIMIT 1`));
  if (done) return { members: 0, prospects: 0 };
  const { register } = ninhThuanDemo(seed);
  const id = (code: string) => {
    const found = ids[code];
    if (!found) throw new Error(`demo register: organisation ${code} is not in the demo tree (seed the tree with the same seed first)`);
    return found;
  };
  const seeds: MemberSeed[] = register.members.map((m) => ({
    id: m.id,
    fullName: m.fullName,
    gender: m.gender,
    birthDate: m.birthDate,
    birthplace: m.birthplace,
    ethnicity: m.ethnicity,
    religion: m.religion,
    citizenId: m.citizenId,
    // Files of members admitted from 2020 on hold the family background; older files are not digitised.
    familyBackground: m.events[0]!.effectiveOn >= '2020-01-01' ? demoFamilyBackground(m) : null,
    educationLevel: m.educationLevel,
    occupation: m.occupation,
    youthUnion: m.youthUnion,
    source: m.source,
    partyCardNumber: m.partyCardNumber,
    events: m.events.map((e) => ({ type: e.type, effectiveOn: e.effectiveOn, decisionRef: e.decisionRef, organizationId: e.cell ? id(e.cell) : null, until: e.until ?? null, reason: e.reason ?? null })),
  }));
  // Placements are laid on the tree as it stands now: every tree change so far is already reflected.
  await syncTree(db);
  await asSystem(db, async (m) => {
    await loadMembers(m, seeds, { recordedBy: 'demo-seed', batchSize: 6000 });
    await loadProspects(m, register.prospects, id);
  });
  return { members: seeds.length, prospects: register.prospects.length };
}

/**
 * A family background ("lý lịch") for a demo person: one of a few plain accounts, chosen by the
 * person's id (not drawn from the demo PRNG, so every other demo figure stays as it was), naming
 * the birthplace the record holds and, from 25 on, a spouse.
 */
export function demoFamilyBackground(p: { id: string; gender: string; birthDate: string; birthplace: string }): string {
  const pick = parseInt(p.id.replace(/-/g, '').slice(-4), 16);
  const parents = [
    `Cha, mẹ làm ruộng tại ${p.birthplace}; không tham gia tổ chức, đảng phái chính trị nào trước và sau năm 1975.`,
    `Cha là đảng viên, cựu chiến binh, nghỉ hưu tại ${p.birthplace}; mẹ làm nông. Lịch sử chính trị rõ ràng.`,
    `Cha, mẹ buôn bán nhỏ tại ${p.birthplace}; chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.`,
    `Cha là công nhân viên chức nghỉ hưu, mẹ là giáo viên tại ${p.birthplace}; không vi phạm pháp luật.`,
  ][pick % 4]!;
  const married = Number(p.birthDate.slice(0, 4)) <= 2000 && (pick >> 2) % 3 !== 0;
  const spouse = married ? ` ${p.gender === 'FEMALE' ? 'Chồng' : 'Vợ'} ${['làm nông', 'là giáo viên', 'là công nhân', 'buôn bán nhỏ'][(pick >> 4) % 4]}; không tham gia tổ chức chính trị nào khác.` : '';
  return `${parents}${spouse} Anh chị em ruột chấp hành tốt chính sách, pháp luật.`;
}

/** Prospects with their dated steps, helpers and introducers, a statement per table. */
async function loadProspects(m: Sql, prospects: readonly DemoProspect[], id: (code: string) => string): Promise<void> {
  if (!prospects.length) return;
  const col = <T>(f: (p: DemoProspect) => T) => prospects.map(f);
  const stageOf = (p: DemoProspect) => (p.rejected ? 'REJECTED' : (p.steps[p.steps.length - 1]?.step ?? 'REGISTERED'));
  const dayOf = (p: DemoProspect, step: string) => p.steps.find((s) => s.step === step)?.on ?? null;
  await m.query(
    `INSERT INTO prospect (id, organization_id, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id, education_level,
                           occupation, youth_union, source, registered_on, stage, awareness_certificate_on, helper_member_id, rejected_on, rejection_reason, family_background, recorded_by)
     SELECT *, 'demo-seed' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                                       $13::text[], $14::boolean[], $15::text[], $16::date[], $17::text[], $18::date[], $19::uuid[], $20::date[], $21::text[], $22::text[])`,
    [
      col((p) => p.id),
      col((p) => id(p.cell)),
      col((p) => p.fullName),
      col((p) => foldForSearch(p.fullName)),
      col((p) => sortName(p.fullName)),
      col((p) => p.gender),
      col((p) => p.birthDate),
      col((p) => p.birthplace),
      col((p) => p.ethnicity),
      col((p) => p.religion),
      col((p) => p.citizenId),
      col((p) => p.educationLevel),
      col((p) => p.occupation),
      col((p) => p.youthUnion),
      col((p) => p.source),
      col((p) => p.registeredOn),
      col(stageOf),
      col((p) => dayOf(p, 'AWARENESS_CLASS_PASSED')),
      col((p) => p.helperId),
      col((p) => p.rejected?.on ?? null),
      col((p) => p.rejected?.reason ?? null),
      col((p) => demoFamilyBackground(p)),
    ],
  );
  const steps = prospects.flatMap((p) => [
    { p, step: 'REGISTERED', on: p.registeredOn, ref: null as string | null, data: null as unknown },
    ...p.steps.map((s) => ({
      p,
      step: s.step,
      on: s.on,
      ref: s.decisionRef,
      data: s.step === 'HELPER_ASSIGNED' ? { helperMemberId: p.helperId } : s.step === 'INTRODUCERS_ASSIGNED' ? { introducers: p.introducers } : null,
    })),
    ...(p.rejected ? [{ p, step: 'REJECTED', on: p.rejected.on, ref: p.rejected.decisionRef, data: { reason: p.rejected.reason } as unknown }] : []),
  ]);
  await m.query(
    `INSERT INTO prospect_step (prospect_id, step, done_on, decision_ref, data, recorded_by)
     SELECT p, s, d, r, x, 'demo-seed' FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(p, s, d, r, x, n) ORDER BY n`,
    [steps.map((s) => s.p.id), steps.map((s) => s.step), steps.map((s) => s.on), steps.map((s) => s.ref), steps.map((s) => (s.data ? JSON.stringify(s.data) : null))],
  );
  const introducers = prospects.flatMap((p) => p.introducers.map((i) => ({ prospect: p.id, ...i })));
  if (introducers.length) {
    await m.query(`INSERT INTO prospect_introducer (prospect_id, member_id, worked_together_since) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[])`, [
      introducers.map((i) => i.prospect),
      introducers.map((i) => i.memberId),
      introducers.map((i) => i.workedTogetherSince),
    ]);
  }
}
