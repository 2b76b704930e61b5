/**
 * Family background ("lý lịch"), a sensitive field (issue 5), through the gateway: given on
 * registerProspect, copied to the member on admission, corrected with correctMemberRecord; read
 * by officers and administrators only (a viewer gets FORBIDDEN on the field, as for religion),
 * every read audited with the SENSITIVE category; over 2,000 characters refused naming the field.
 */
import type { Caller } from '@party/subgraph-kit';
import { ADMIN, analyst, createTree, expectError, mutate, officer, read, seedOfficials, startMembershipPlatform, tryMutate, uniqueCitizenId, uniqueCode, viewer, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];

const FAMILY = 'Cha: Nguyễn Văn Bình, nông dân, cựu chiến binh.\nMẹ: Trần Thị Hoa, làm ruộng.\nChồng: Lê Văn Nam, giáo viên; không tham gia tổ chức chính trị nào khác.';

let seq = 0;
/** A caller of its own, so a test finds exactly the audit rows its requests wrote. */
const as = (make: (scope: string[], userId: string) => Caller, scope: string[]): Caller => make(scope, `family-user-${++seq}`);

async function auditRows(actor: string): Promise<{ kind: string; categories: string[]; target_ids: string[]; detail: any }[]> {
  return p.membershipDb.query(`SELECT kind, categories, target_ids::text[] AS target_ids, detail FROM membership.audit_log WHERE actor = $1 ORDER BY id`, [actor]);
}

const registerInput = (extra: Record<string, unknown> = {}) => ({
  organizationId: tree.cellA.id,
  fullName: `Phạm Thị Lý ${uniqueCode('F')}`,
  gender: 'FEMALE',
  birthDate: '1996-03-03',
  ethnicity: 'Chăm',
  citizenId: uniqueCitizenId(),
  source: 'YOUTH_UNION',
  registeredOn: '2023-01-10',
  ...extra,
});

/** Registers a prospect with `familyBackground` and takes them to a committee resolution. */
async function readyProspect(familyBackground: string | null): Promise<string> {
  const { prospect } = await mutate(p, 'registerProspect', 'RegisterProspectInput', registerInput({ familyBackground }), 'prospect { id }');
  const step = (step: string, extra: Record<string, unknown> = {}) =>
    mutate(p, 'recordProspectStep', 'RecordProspectStepInput', { prospectId: prospect.id, step, on: '2023-01-10', ...extra }, 'prospect { id }');
  await step('AWARENESS_CLASS_PASSED');
  await step('HELPER_ASSIGNED', { helperMemberId: officials[0] });
  await step('INTRODUCERS_ASSIGNED', { introducers: officials.map((memberId) => ({ memberId, workedTogetherSince: '2021-01-01' })) });
  await step('DOSSIER_COMPLETE');
  await step('CELL_RESOLUTION', { decisionRef: 'NQ-CB-01' });
  await step('COMMITTEE_RESOLUTION', { decisionRef: 'NQ-ĐU-01' });
  return prospect.id;
}

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'LL');
  officials = await seedOfficials(p, tree.cellA.id, 2);
});

afterAll(async () => {
  await p?.stop();
});

describe('a prospect', () => {
  let prospectId: string;
  beforeAll(async () => {
    prospectId = await readyProspect(FAMILY);
  });

  test('an officer and an administrator read the family background; the read is audited as SENSITIVE', async () => {
    for (const caller of [as(officer, [tree.cellA.id]), ADMIN]) {
      const data = await read(p, `query($id: ID!) { prospect(id: $id) { familyBackground } }`, { id: prospectId }, caller);
      expect(data.prospect).toEqual({ familyBackground: FAMILY });
    }
    const me = as(officer, [tree.province.id]);
    await read(p, `query($id: ID!) { prospect(id: $id) { familyBackground } }`, { id: prospectId }, me);
    expect(await auditRows(me.userId)).toEqual([{ kind: 'READ', categories: ['SENSITIVE'], target_ids: [prospectId], detail: { rootFields: ['prospect'] } }]);
  });

  test('a viewer gets FORBIDDEN on the field (null there) and the rest of the record; the refusal is audited', async () => {
    const me = as(viewer, [tree.province.id]);
    const res = await p.query(`query($id: ID!) { prospect(id: $id) { fullName familyBackground } }`, { id: prospectId }, me);
    expect(res.data!.prospect).toEqual({ fullName: expect.stringMatching(/^Phạm Thị Lý/), familyBackground: null });
    expect(res.errors!.map((e) => [e.path, e.extensions])).toEqual([[['prospect', 'familyBackground'], { code: 'FORBIDDEN', field: 'familyBackground' }]]);
    const rows = await auditRows(me.userId);
    expect(rows.map((r) => [r.kind, r.categories])).toEqual([
      ['DENIED', []],
      ['READ', ['IDENTITY']],
    ]);
    expect(rows[0]!.detail.errors).toEqual([{ code: 'FORBIDDEN', path: ['prospect', 'familyBackground'], field: 'familyBackground' }]);
  });
});

describe('a member', () => {
  let memberId: string;
  beforeAll(async () => {
    const prospectId = await readyProspect(FAMILY);
    const { member } = await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId, organizationId: tree.cellA.id, decisionRef: 'QĐ-KN-01', ceremonyOn: '2023-06-01' }, 'member { id }');
    memberId = member.id;
  });

  test('admission copies the family background from the prospect; an officer reads it, audited as SENSITIVE', async () => {
    const me = as(officer, [tree.cellA.id]);
    expect((await read(p, `query($id: ID!) { member(id: $id) { familyBackground } }`, { id: memberId }, me)).member).toEqual({ familyBackground: FAMILY });
    expect(await auditRows(me.userId)).toMatchObject([{ kind: 'READ', categories: ['SENSITIVE'], target_ids: [memberId] }]);
  });

  test('a viewer gets FORBIDDEN on it, as on religion; an analyst gets no member at all', async () => {
    const v = await p.query(`query($id: ID!) { member(id: $id) { fullName religion familyBackground } }`, { id: memberId }, viewer([tree.province.id]));
    expect(v.data!.member).toEqual({ fullName: expect.any(String), religion: null, familyBackground: null });
    expect(v.errors!.map((e) => e.extensions!.field).sort()).toEqual(['familyBackground', 'religion']);
    const a = await p.query(`query($id: ID!) { member(id: $id) { familyBackground } }`, { id: memberId }, analyst([tree.province.id]));
    expectError(a, 'FORBIDDEN');
    expect(a.data).toEqual({ member: null });
  });

  test('correctMemberRecord changes it; the correction shows its values to an officer, only that it was made to a viewer', async () => {
    const corrected = 'Cha: Nguyễn Văn Bình, nông dân.\nMẹ: Trần Thị Hoa, làm ruộng.';
    await mutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId, reason: 'Bổ sung lý lịch', decisionRef: 'LL-2024', familyBackground: corrected }, 'member { id }');
    const q = `query($id: ID!) { member(id: $id) { events { type corrections { field before after } } } }`;
    const correction = async (caller: Caller) => (await read(p, q, { id: memberId }, caller)).member.events.filter((e: any) => e.type === 'CORRECTED').flatMap((e: any) => e.corrections);
    expect(await correction(officer([tree.cellA.id]))).toEqual([{ field: 'familyBackground', before: FAMILY, after: corrected }]);
    expect(await correction(viewer([tree.cellA.id]))).toEqual([{ field: 'familyBackground', before: null, after: null }]);
    expect((await read(p, `query($id: ID!) { member(id: $id) { familyBackground } }`, { id: memberId }, officer([tree.cellA.id]))).member.familyBackground).toBe(corrected);
  });

  test('more than 2,000 characters: BAD_USER_INPUT naming input.familyBackground; 2,000 are taken', async () => {
    const long = 'x'.repeat(2001);
    const reg = await tryMutate(p, 'registerProspect', 'RegisterProspectInput', registerInput({ familyBackground: long }));
    expect(expectError(reg, 'BAD_USER_INPUT', 'input.familyBackground').message).toMatch(/familyBackground.*at most 2000 characters/);
    const cor = await tryMutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId, reason: 'Sửa', decisionRef: 'LL-2025', familyBackground: long });
    expect(expectError(cor, 'BAD_USER_INPUT', 'input.familyBackground').message).toMatch(/familyBackground.*at most 2000 characters/);
    const max = 'y'.repeat(2000);
    const ok = await mutate(p, 'registerProspect', 'RegisterProspectInput', registerInput({ familyBackground: max }), 'prospect { familyBackground }');
    expect(ok.prospect.familyBackground).toBe(max);
  });
});
