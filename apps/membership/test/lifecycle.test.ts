/**
 * A member's life through the public API, step by step: each rule allowed and
 * refused, with the error code and the field it names.
 */
import { addDays, admit, countOf, createTree, expectError, MEMBER_FIELDS, mutate, read, readyProspect, seedOfficials, startMembershipPlatform, today, tryMutate, uniqueCitizenId, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'Vòng đời');
  officials = await seedOfficials(p, tree.cellA.id, 4);
});
afterAll(() => p?.stop());

const member = (id: string, asOf?: string) => read(p, `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { ${MEMBER_FIELDS} events { type effectiveOn decisionRef recordedBy } } }`, { id, asOf }).then((d) => d.member);

describe('admission', () => {
  test('a prospect with every step becomes a probationary member of the cell on the ceremony day', async () => {
    const prospectId = await readyProspect(p, tree.cellA.id, officials);
    const before = await countOf(p, tree.province.id, '2023-03-01');
    const id = await admit(p, prospectId, tree.cellA.id, '2023-03-01');
    const m = await member(id, '2023-03-01');
    expect(m).toMatchObject({ status: 'PROBATIONARY', activity: 'ACTIVE', isMember: true, admittedOn: '2023-03-01', organization: { id: tree.cellA.id } });
    expect(m.events).toEqual([{ type: 'ADMITTED', effectiveOn: '2023-03-01', decisionRef: 'QĐ-KN-01', recordedBy: 'test-admin' }]);
    expect(await countOf(p, tree.province.id, '2023-03-01')).toBe(before! + 1);
    expect(await countOf(p, tree.province.id, '2023-02-28')).toBe(before);
    const prospect = await read(p, `query($id: ID!) { prospect(id: $id) { stage member { id } steps { step on recordedBy } } }`, { id: prospectId });
    expect(prospect.prospect.stage).toBe('ADMITTED');
    expect(prospect.prospect.member.id).toBe(id);
    expect(prospect.prospect.steps.map((s: { step: string }) => s.step)).toEqual([
      'REGISTERED', 'AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED', 'DOSSIER_COMPLETE', 'CELL_RESOLUTION', 'COMMITTEE_RESOLUTION', 'ADMITTED',
    ]);
  });

  test('under 18 is refused without an exception and allowed with one', async () => {
    const prospectId = await readyProspect(p, tree.cellA.id, officials, { birthDate: '2005-06-01' });
    const res = await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId, organizationId: tree.cellA.id, decisionRef: 'QĐ', ceremonyOn: '2023-03-01' });
    expectError(res, 'BAD_USER_INPUT', 'input.ageExceptionRef');
    const id = await admit(p, prospectId, tree.cellA.id, '2023-03-01', { ageExceptionRef: 'CV-123/BTCTW' });
    expect((await member(id)).status).toBe('PROBATIONARY');
  });

  test('an expired awareness certificate, missing steps, a non-cell organisation and a future ceremony are refused', async () => {
    const old = await readyProspect(p, tree.cellA.id, officials, { registeredOn: '2017-01-05', certificateOn: '2017-01-05', introducedSince: '2015-01-01' });
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: old, organizationId: tree.cellA.id, decisionRef: 'QĐ', ceremonyOn: '2023-03-01' }), 'BAD_USER_INPUT', 'input.prospectId');
    const fresh = await readyProspect(p, tree.cellA.id, officials);
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: fresh, organizationId: tree.committee.id, decisionRef: 'QĐ', ceremonyOn: '2023-03-01' }), 'BAD_USER_INPUT', 'input.organizationId');
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: fresh, organizationId: tree.cellA.id, decisionRef: 'QĐ', ceremonyOn: addDays(today(), 1) }), 'BAD_USER_INPUT', 'input.ceremonyOn');
    const { prospect } = await mutate(p, 'registerProspect', 'RegisterProspectInput', { organizationId: tree.cellA.id, fullName: 'Lê Văn Chưa', gender: 'MALE', birthDate: '1999-01-01', source: 'WORKER', registeredOn: '2023-01-01', citizenId: uniqueCitizenId() }, 'prospect { id stage }');
    expect(prospect.stage).toBe('REGISTERED');
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: prospect.id, organizationId: tree.cellA.id, decisionRef: 'QĐ', ceremonyOn: '2023-03-01' }), 'BAD_USER_INPUT', 'input.prospectId');
  });
});

describe('probation, transfers, exemption, exit', () => {
  let id: string;
  beforeAll(async () => {
    id = await admit(p, await readyProspect(p, tree.cellA.id, officials), tree.cellA.id, '2023-03-01');
  });

  test('recognition no earlier than 12 months after the ceremony', async () => {
    expectError(await tryMutate(p, 'recognizeOfficialMember', 'RecognizeOfficialMemberInput', { memberId: id, effectiveOn: '2024-02-29', decisionRef: 'QĐ-CT' }), 'BAD_USER_INPUT', 'input.effectiveOn');
    const { member: m } = await mutate(p, 'recognizeOfficialMember', 'RecognizeOfficialMemberInput', { memberId: id, effectiveOn: '2024-03-01', decisionRef: 'QĐ-CT' }, `member { ${MEMBER_FIELDS} } event { type }`);
    expect(m).toMatchObject({ status: 'OFFICIAL', officialOn: '2024-03-01' });
    expect(await countOf(p, tree.district.id, '2024-02-29', 'status: [OFFICIAL]')).toBe(4);
    expect(await countOf(p, tree.district.id, '2024-03-01', 'status: [OFFICIAL]')).toBe(5);
    expectError(await tryMutate(p, 'recognizeOfficialMember', 'RecognizeOfficialMemberInput', { memberId: id, effectiveOn: '2024-03-02', decisionRef: 'QĐ-CT' }), 'CONFLICT', 'input.memberId');
  });

  test('official transfer moves the member between cells on the effective day', async () => {
    await mutate(p, 'transferMember', 'TransferMemberInput', { memberId: id, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: '2024-05-01', decisionRef: 'QĐ-CSH' }, 'member { id }');
    expect(await countOf(p, tree.cellB.id, '2024-04-30')).toBe(0);
    expect(await countOf(p, tree.cellB.id, '2024-05-01')).toBe(1);
    expect((await member(id, '2024-04-30')).organization.id).toBe(tree.cellA.id);
    expect((await member(id, '2024-05-01')).organization.id).toBe(tree.cellB.id);
  });

  test('temporary transfer: registered at home, away, hosted elsewhere until the end date', async () => {
    await mutate(p, 'transferMember', 'TransferMemberInput', { memberId: id, kind: 'TEMPORARY', toOrganizationId: tree.cellA.id, effectiveOn: '2024-06-01', until: '2024-08-31', decisionRef: 'QĐ-TT' }, 'member { id }');
    const during = await member(id, '2024-07-01');
    expect(during).toMatchObject({ activity: 'TEMPORARILY_AWAY', organization: { id: tree.cellB.id }, hostOrganization: { id: tree.cellA.id } });
    const after = await member(id, '2024-09-01');
    expect(after).toMatchObject({ activity: 'ACTIVE', hostOrganization: null });
    const stats = (day: string) => read(p, `query($id: ID!, $d: Date) { organization(id: $id, asOf: $d) { memberCount memberStats { hostedTemporarily } } }`, { id: tree.cellA.id, d: day });
    expect((await stats('2024-07-01')).organization.memberStats.hostedTemporarily).toBe(1);
    expect((await stats('2024-09-01')).organization.memberStats.hostedTemporarily).toBe(0);
    expectError(await tryMutate(p, 'transferMember', 'TransferMemberInput', { memberId: id, kind: 'TEMPORARY', toOrganizationId: tree.cellA.id, effectiveOn: '2024-09-01', decisionRef: 'QĐ-TT' }), 'BAD_USER_INPUT', 'input.until');
  });

  test('exemption and its end', async () => {
    await mutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: '2024-10-01', decisionRef: 'QĐ-MSH', reason: 'Ốm dài ngày' }, 'member { id }');
    expect((await member(id, '2024-10-01')).activity).toBe('EXEMPT');
    expectError(await tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: '2024-10-02', decisionRef: 'QĐ-MSH', reason: 'x' }), 'CONFLICT', 'input.memberId');
    await mutate(p, 'endExemption', 'EndExemptionInput', { memberId: id, effectiveOn: '2024-12-01', decisionRef: 'QĐ-MSH2' }, 'member { id }');
    expect((await member(id, '2024-12-01')).activity).toBe('ACTIVE');
  });

  test('events out of date order are refused', async () => {
    expectError(await tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: '2024-11-01', decisionRef: 'QĐ', reason: 'x' }), 'CONFLICT', 'input.effectiveOn');
  });

  test('termination and reinstatement; party age skips the interruption', async () => {
    const before = await countOf(p, tree.province.id, '2025-01-10');
    await mutate(p, 'terminateMembership', 'TerminateMembershipInput', { memberId: id, reason: 'STRUCK_OFF', effectiveOn: '2025-01-10', decisionRef: 'QĐ-XT' }, 'member { id }');
    expect(await countOf(p, tree.province.id, '2025-01-10')).toBe(before! - 1);
    expect(await member(id, '2025-02-01')).toMatchObject({ isMember: false, terminatedOn: '2025-01-10', terminationReason: 'STRUCK_OFF' });
    expectError(await tryMutate(p, 'terminateMembership', 'TerminateMembershipInput', { memberId: id, reason: 'WITHDRAWN', effectiveOn: '2025-02-01', decisionRef: 'QĐ' }), 'CONFLICT', 'input.memberId');
    await mutate(p, 'reinstateMember', 'ReinstateMemberInput', { memberId: id, effectiveOn: '2025-03-10', decisionRef: 'QĐ-PH' }, 'member { id }');
    expect(await member(id, '2025-03-10')).toMatchObject({ isMember: true, status: 'OFFICIAL', organization: { id: tree.cellB.id }, terminatedOn: null });
    expect(await countOf(p, tree.province.id, '2025-03-10')).toBe(before);
    // Admitted 2023-03-01, out for 59 days: two full years only on 2025-04-29.
    expect((await member(id, '2025-04-28')).partyAgeYears).toBe(1);
    expect((await member(id, '2025-04-29')).partyAgeYears).toBe(2);
  });

  test('PROBATION_NOT_RECOGNIZED only for probationary members', async () => {
    expectError(await tryMutate(p, 'terminateMembership', 'TerminateMembershipInput', { memberId: id, reason: 'PROBATION_NOT_RECOGNIZED', effectiveOn: '2025-04-01', decisionRef: 'QĐ' }), 'BAD_USER_INPUT', 'input.reason');
  });
});
