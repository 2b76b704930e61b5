/**
 * Concurrent writers, for real: requests sent in parallel through the gateway
 * to PostgreSQL. Optimistic versions, row locks and idempotency keys must make
 * every race end with exactly one change recorded, whole, and never two.
 */
import { randomUUID } from 'node:crypto';
import {
  countOf,
  createTree,
  expectError,
  mutate,
  officer,
  read,
  readyProspect,
  seedOfficials,
  startMembershipPlatform,
  tryMutate,
  uniqueCitizenId,
  uniqueCode,
  type GqlError,
  type MembershipPlatform,
} from './helpers';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'Đồng thời');
  officials = await seedOfficials(p, tree.cellA.id, 4);
});
afterAll(() => p?.stop());

const officerA = () => officer([tree.province.id], 'officer-a');
const officerB = () => officer([tree.province.id], 'officer-b');

type Res = { data?: any; errors?: GqlError[] };

interface MemberState {
  id: string;
  version: number;
  activity: string;
  organization: { id: string };
  events: { id: string; type: string; effectiveOn: string; decisionRef: string; recordedBy: string; organization: { id: string } | null; reason: string | null }[];
}

const memberState = (id: string, asOf?: string): Promise<MemberState> =>
  read(
    p,
    `query($id: ID!, $asOf: Date) { member(id: $id, asOf: $asOf) { id version activity organization { id } events { id type effectiveOn decisionRef recordedBy organization { id } reason } } }`,
    { id, asOf },
  ).then((d) => d.member);

/** Open prospects proposed in a cell. */
const openProspects = (orgId: string) =>
  read(p, `query($id: ID!) { organization(id: $id) { prospects(first: 500) { totalCount edges { node { id fullName } } } } }`, { id: orgId }).then(
    (d) => d.organization.prospects as { totalCount: number; edges: { node: { id: string; fullName: string } }[] },
  );

/** Members (any day's registration in the subtree today) whose name contains `text`. */
const membersNamed = (text: string) =>
  read(p, `query($id: ID!, $t: String!) { searchMembers(text: $t, under: $id, first: 50) { totalCount edges { node { id } } } }`, { id: tree.province.id, t: text }).then(
    (d) => d.searchMembers as { totalCount: number; edges: { node: { id: string } }[] },
  );

describe('two officers change the same member at once with the same expectedVersion', () => {
  const ROUNDS = 6;

  test(`exactly one wins, the other gets CONFLICT; the winner's event alone is recorded and the version moves by one (${ROUNDS} rounds)`, async () => {
    const targets = await seedOfficials(p, tree.cellA.id, ROUNDS);
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const id = targets[round]!;
      const day = '2024-05-01';
      const before = await memberState(id, day);
      const cellABefore = await countOf(p, tree.cellA.id, day);
      const cellBBefore = await countOf(p, tree.cellB.id, day);
      const provinceBefore = await countOf(p, tree.province.id, day);
      // Alternate who transfers and who exempts, and who is sent first.
      const [transferer, exempter] = round % 2 ? [officerB(), officerA()] : [officerA(), officerB()];
      const transfer = () =>
        tryMutate(
          p,
          'transferMember',
          'TransferMemberInput',
          { memberId: id, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: day, decisionRef: `QĐ-CSH-${round}`, expectedVersion: before.version },
          'member { id version } event { id type }',
          transferer,
        ) as Promise<Res>;
      const exempt = () =>
        tryMutate(
          p,
          'exemptMember',
          'ExemptMemberInput',
          { memberId: id, effectiveOn: day, decisionRef: `QĐ-MSH-${round}`, reason: 'Ốm dài ngày', expectedVersion: before.version },
          'member { id version } event { id type }',
          exempter,
        ) as Promise<Res>;
      const [t, e] = round % 3 === 0 ? await Promise.all([transfer(), exempt()]) : await Promise.all([exempt(), transfer()]).then(([x, y]) => [y, x] as const);

      const ok = [t, e].filter((r) => !r.errors);
      const failed = [t, e].filter((r) => r.errors);
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      const err = expectError(failed[0]!, 'CONFLICT');
      // Either the loser found the row locked (NOWAIT) or it arrived after the winner committed.
      expect(['input.memberId', 'input.expectedVersion']).toContain(err.extensions!.field);
      expect(failed[0]!.errors).toHaveLength(1);

      const transferWon = ok[0] === t;
      winners.push(transferWon ? 'transfer' : 'exempt');
      const won = ok[0]!.data[transferWon ? 'transferMember' : 'exemptMember'];
      expect(won.member.version).toBe(before.version + 1);
      expect(won.event.type).toBe(transferWon ? 'TRANSFERRED' : 'EXEMPTED');

      const after = await memberState(id, day);
      expect(after.version).toBe(before.version + 1);
      expect(after.events).toHaveLength(before.events.length + 1);
      expect(after.events.slice(0, -1)).toEqual(before.events);
      const added = after.events[after.events.length - 1]!;
      expect(added.id).toBe(won.event.id);
      if (transferWon) {
        expect(added).toMatchObject({ type: 'TRANSFERRED', effectiveOn: day, decisionRef: `QĐ-CSH-${round}`, recordedBy: transferer.userId, organization: { id: tree.cellB.id } });
        expect(after).toMatchObject({ activity: 'ACTIVE', organization: { id: tree.cellB.id } });
        expect(await countOf(p, tree.cellA.id, day)).toBe(cellABefore! - 1);
        expect(await countOf(p, tree.cellB.id, day)).toBe(cellBBefore! + 1);
      } else {
        expect(added).toMatchObject({ type: 'EXEMPTED', effectiveOn: day, decisionRef: `QĐ-MSH-${round}`, recordedBy: exempter.userId, reason: 'Ốm dài ngày' });
        expect(after).toMatchObject({ activity: 'EXEMPT', organization: { id: tree.cellA.id } });
        expect(await countOf(p, tree.cellA.id, day)).toBe(cellABefore);
        expect(await countOf(p, tree.cellB.id, day)).toBe(cellBBefore);
      }
      expect(await countOf(p, tree.province.id, day)).toBe(provinceBefore);
      // The day before, nothing changed.
      expect((await memberState(id, '2024-04-30')).organization.id).toBe(tree.cellA.id);

      // The loser, retried with the version it now reads, goes through on top of the winner's change.
      const again = await memberState(id);
      if (transferWon) {
        await mutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: day, decisionRef: `QĐ-MSH-${round}`, reason: 'Ốm dài ngày', expectedVersion: again.version }, 'member { id }', exempter);
      } else {
        await mutate(p, 'transferMember', 'TransferMemberInput', { memberId: id, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: day, decisionRef: `QĐ-CSH-${round}`, expectedVersion: again.version }, 'member { id }', transferer);
      }
      const final = await memberState(id, day);
      expect(final.version).toBe(before.version + 2);
      expect(final.events.map((x) => x.type).sort()).toEqual([...before.events.map((x) => x.type), 'EXEMPTED', 'TRANSFERRED'].sort());
      expect(final).toMatchObject({ activity: 'EXEMPT', organization: { id: tree.cellB.id } });
    }
    expect(winners).toHaveLength(ROUNDS);
  });

  test('four officers at once on one member: one change, three CONFLICTs, nothing half-written', async () => {
    const [id] = await seedOfficials(p, tree.cellA.id, 1);
    const before = await memberState(id!);
    const day = '2024-06-03';
    const base = { memberId: id, effectiveOn: day, expectedVersion: before.version };
    const callers = ['officer-c', 'officer-d', 'officer-e', 'officer-f'].map((u) => officer([tree.province.id], u));
    const results = (await Promise.all([
      tryMutate(p, 'exemptMember', 'ExemptMemberInput', { ...base, decisionRef: 'QĐ-1', reason: 'Tuổi cao' }, 'member { version }', callers[0]),
      tryMutate(p, 'transferMember', 'TransferMemberInput', { ...base, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, decisionRef: 'QĐ-2' }, 'member { version }', callers[1]),
      tryMutate(p, 'terminateMembership', 'TerminateMembershipInput', { ...base, reason: 'WITHDRAWN', decisionRef: 'QĐ-3' }, 'member { version }', callers[2]),
      tryMutate(p, 'transferMember', 'TransferMemberInput', { ...base, kind: 'TEMPORARY', toOrganizationId: tree.cellB.id, until: '2024-12-31', decisionRef: 'QĐ-4' }, 'member { version }', callers[3]),
    ])) as Res[];
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      const err = expectError(r, 'CONFLICT');
      expect(['input.memberId', 'input.expectedVersion']).toContain(err.extensions!.field);
    }
    const winner = results.indexOf(ok[0]!);
    const after = await memberState(id!, day);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.events[after.events.length - 1]).toMatchObject({ decisionRef: `QĐ-${winner + 1}`, recordedBy: callers[winner]!.userId });
  });
});

describe('a stale expectedVersion', () => {
  test('is CONFLICT naming input.expectedVersion, and nothing is written; the current version goes through', async () => {
    const [id] = await seedOfficials(p, tree.cellA.id, 1);
    await mutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: '2024-02-01', decisionRef: 'QĐ-1', reason: 'x', expectedVersion: 1 }, 'member { id }', officerA());
    const before = await memberState(id!);
    expect(before.version).toBe(2);
    const e = expectError(
      await tryMutate(p, 'endExemption', 'EndExemptionInput', { memberId: id, effectiveOn: '2024-03-01', decisionRef: 'QĐ-2', expectedVersion: 1, idempotencyKey: randomUUID() }, 'member { id }', officerB()),
      'CONFLICT',
      'input.expectedVersion',
    );
    expect(e.message).toContain('version 1 (now 2)');
    expectError(await tryMutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId: id, reason: 'x', decisionRef: 'y', fullName: 'Tên Mới', expectedVersion: 1 }, 'member { id }', officerB()), 'CONFLICT', 'input.expectedVersion');
    expect(await memberState(id!)).toEqual(before);
    const ok = await mutate(p, 'endExemption', 'EndExemptionInput', { memberId: id, effectiveOn: '2024-03-01', decisionRef: 'QĐ-2', expectedVersion: 2 }, 'member { version activity }', officerB());
    expect(ok.member).toEqual({ version: 3, activity: 'ACTIVE' });
  });
});

describe('parallel changes to different members', () => {
  test('ten members transferred and ten exempted at once: every change lands, no count is lost', async () => {
    const movers = await seedOfficials(p, tree.cellA.id, 10);
    const resting = await seedOfficials(p, tree.cellA.id, 10);
    const day = '2024-07-01';
    const stats = async () => {
      const d = await read(
        p,
        `query($a: ID!, $b: ID!, $pr: ID!, $d: Date) {
          a: organization(id: $a, asOf: $d) { memberCount memberStats { total byActivity { key count } } }
          b: organization(id: $b, asOf: $d) { memberCount }
          pr: organization(id: $pr, asOf: $d) { memberCount memberStats { total byActivity { key count } } } }`,
        { a: tree.cellA.id, b: tree.cellB.id, pr: tree.province.id, d: day },
      );
      const exempt = (s: { byActivity: { key: string; count: number }[] }) => s.byActivity.find((x) => x.key === 'EXEMPT')?.count ?? 0;
      return { a: d.a.memberCount, b: d.b.memberCount, province: d.pr.memberCount, provinceTotal: d.pr.memberStats.total, exemptInA: exempt(d.a.memberStats), exemptInProvince: exempt(d.pr.memberStats) };
    };
    const before = await stats();
    const results = (await Promise.all([
      ...movers.map((id, i) =>
        tryMutate(p, 'transferMember', 'TransferMemberInput', { memberId: id, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: day, decisionRef: `QĐ-CSH-P${i}`, expectedVersion: 1 }, 'member { id }', i % 2 ? officerA() : officerB()),
      ),
      ...resting.map((id, i) =>
        tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: id, effectiveOn: day, decisionRef: `QĐ-MSH-P${i}`, reason: 'Tuổi cao', expectedVersion: 1 }, 'member { id }', i % 2 ? officerB() : officerA()),
      ),
    ])) as Res[];
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(await stats()).toEqual({
      a: before.a - 10,
      b: before.b + 10,
      province: before.province,
      provinceTotal: before.provinceTotal,
      exemptInA: before.exemptInA + 10,
      exemptInProvince: before.exemptInProvince + 10,
    });
    for (const id of [...movers, ...resting]) {
      const m = await memberState(id, day);
      expect(m.version).toBe(2);
      expect(m.events).toHaveLength(3);
    }
  });
});

describe('one prospect admitted by two officers at once', () => {
  test('exactly one member is created; the other officer gets CONFLICT on input.prospectId', async () => {
    const prospectId = await readyProspect(p, tree.cellA.id, officials);
    const day = '2024-03-08';
    const before = await countOf(p, tree.province.id, day);
    const input = { prospectId, organizationId: tree.cellA.id, decisionRef: 'QĐ-KN-2', ceremonyOn: day };
    const results = (await Promise.all([
      tryMutate(p, 'admitMember', 'AdmitMemberInput', { ...input, idempotencyKey: randomUUID() }, 'member { id }', officerA()),
      tryMutate(p, 'admitMember', 'AdmitMemberInput', { ...input, idempotencyKey: randomUUID() }, 'member { id }', officerB()),
    ])) as Res[];
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expectError(results.find((r) => r.errors)!, 'CONFLICT', 'input.prospectId');
    expect(await countOf(p, tree.province.id, day)).toBe(before! + 1);
    const prospect = await read(p, `query($id: ID!) { prospect(id: $id) { stage member { id } steps { step } } }`, { id: prospectId });
    expect(prospect.prospect).toMatchObject({ stage: 'ADMITTED', member: { id: ok[0]!.data.admitMember.member.id } });
    expect(prospect.prospect.steps.filter((s: { step: string }) => s.step === 'ADMITTED')).toHaveLength(1);
  });
});

describe('idempotent admission', () => {
  test('the same admission sent 5 times in parallel with one key creates one member; a later retry answers the same', async () => {
    const fullName = `Phạm Thị Một ${uniqueCode('ID')}`;
    const prospectId = await readyProspect(p, tree.cellA.id, officials, { fullName });
    const day = '2024-03-01';
    const provinceBefore = await countOf(p, tree.province.id, day);
    const cellBefore = await countOf(p, tree.cellA.id, day);
    const key = randomUUID();
    const input = { prospectId, organizationId: tree.cellA.id, decisionRef: 'QĐ-KN-77', ceremonyOn: day, idempotencyKey: key };
    const select = 'member { id version admittedOn } event { id type } prospect { id stage }';

    const results = (await Promise.all(Array.from({ length: 5 }, () => tryMutate(p, 'admitMember', 'AdmitMemberInput', input, select, officerA())))) as Res[];
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data.admitMember.member.id));
    expect(ids.size).toBe(1);
    const [memberId] = [...ids];
    expect(new Set(results.map((r) => r.data.admitMember.event.id)).size).toBe(1);
    for (const r of results) expect(r.data.admitMember).toMatchObject({ member: { id: memberId, admittedOn: day }, event: { type: 'ADMITTED' }, prospect: { id: prospectId, stage: 'ADMITTED' } });

    expect(await countOf(p, tree.province.id, day)).toBe(provinceBefore! + 1);
    expect(await countOf(p, tree.cellA.id, day)).toBe(cellBefore! + 1);
    expect((await membersNamed(fullName)).edges.map((e) => e.node.id)).toEqual([memberId]);
    const m = await memberState(memberId!);
    expect(m.events.map((e) => e.type)).toEqual(['ADMITTED']);
    expect(m.events[0]!.recordedBy).toBe('officer-a');
    const prospect = await read(p, `query($id: ID!) { prospect(id: $id) { stage member { id } steps { step } } }`, { id: prospectId });
    expect(prospect.prospect.stage).toBe('ADMITTED');
    expect(prospect.prospect.member.id).toBe(memberId);
    expect(prospect.prospect.steps.filter((s: { step: string }) => s.step === 'ADMITTED')).toHaveLength(1);

    // Sent again later, one after another: the same answer, still one member.
    for (let i = 0; i < 2; i++) {
      const again = await mutate(p, 'admitMember', 'AdmitMemberInput', input, select, officerA());
      expect(again.member.id).toBe(memberId);
      expect(again.event.id).toBe(results[0]!.data.admitMember.event.id);
    }
    expect(await countOf(p, tree.province.id, day)).toBe(provinceBefore! + 1);
    expect((await memberState(memberId!)).events).toHaveLength(1);
  });

  test('the same key with a different input is refused with CONFLICT on input.idempotencyKey; nothing is written', async () => {
    const prospectId = await readyProspect(p, tree.cellA.id, officials);
    const other = await readyProspect(p, tree.cellA.id, officials);
    const key = randomUUID();
    const day = '2024-03-04';
    const input = { prospectId, organizationId: tree.cellA.id, decisionRef: 'QĐ-KN-88', ceremonyOn: day, idempotencyKey: key };
    const memberId = (await mutate(p, 'admitMember', 'AdmitMemberInput', input, 'member { id }', officerA())).member.id;
    const count = await countOf(p, tree.province.id, day);

    for (const changed of [
      { ...input, decisionRef: 'QĐ-KN-89' },
      { ...input, ceremonyOn: '2024-03-05' },
      { ...input, prospectId: other },
      { ...input, partyCardNumber: 'AB-123456' },
    ]) {
      const e = expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', changed, 'member { id }', officerA()), 'CONFLICT', 'input.idempotencyKey');
      expect(e.message).toContain('input.idempotencyKey');
    }
    // The same key on another mutation is a different request too.
    expectError(
      await tryMutate(p, 'exemptMember', 'ExemptMemberInput', { memberId, effectiveOn: day, decisionRef: 'QĐ', reason: 'x', idempotencyKey: key }, 'member { id }', officerA()),
      'CONFLICT',
      'input.idempotencyKey',
    );
    expect(await countOf(p, tree.province.id, day)).toBe(count);
    expect(await countOf(p, tree.province.id, '2024-03-05')).toBe(count);
    const otherProspect = await read(p, `query($id: ID!) { prospect(id: $id) { stage member { id } } }`, { id: other });
    expect(otherProspect.prospect).toEqual({ stage: 'COMMITTEE_RESOLUTION', member: null });
    expect((await memberState(memberId)).events.map((e) => e.type)).toEqual(['ADMITTED']);

    // The original input still replays.
    expect((await mutate(p, 'admitMember', 'AdmitMemberInput', input, 'member { id }', officerA())).member.id).toBe(memberId);
  });

  test("another caller's identical key is independent of the first caller's", async () => {
    const key = randomUUID();
    const day = '2024-03-06';
    const first = await readyProspect(p, tree.cellA.id, officials);
    const second = await readyProspect(p, tree.cellA.id, officials);
    const before = await countOf(p, tree.province.id, day);
    const a = await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: first, organizationId: tree.cellA.id, decisionRef: 'QĐ-A', ceremonyOn: day, idempotencyKey: key }, 'member { id }', officerA());
    // Same key, different input, different caller: not a conflict, a new admission.
    const b = await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: second, organizationId: tree.cellA.id, decisionRef: 'QĐ-B', ceremonyOn: day, idempotencyKey: key }, 'member { id }', officerB());
    expect(b.member.id).not.toBe(a.member.id);
    expect(await countOf(p, tree.province.id, day)).toBe(before! + 2);
    // Each caller's retry answers their own first request.
    expect((await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: first, organizationId: tree.cellA.id, decisionRef: 'QĐ-A', ceremonyOn: day, idempotencyKey: key }, 'member { id }', officerA())).member.id).toBe(a.member.id);
    expect((await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: second, organizationId: tree.cellA.id, decisionRef: 'QĐ-B', ceremonyOn: day, idempotencyKey: key }, 'member { id }', officerB())).member.id).toBe(b.member.id);
    // And officer B's input under officer A's key is still a conflict for A.
    expectError(
      await tryMutate(p, 'admitMember', 'AdmitMemberInput', { prospectId: second, organizationId: tree.cellA.id, decisionRef: 'QĐ-B', ceremonyOn: day, idempotencyKey: key }, 'member { id }', officerA()),
      'CONFLICT',
      'input.idempotencyKey',
    );
    expect(await countOf(p, tree.province.id, day)).toBe(before! + 2);
  });

  test('a refused request does not use up its key: the corrected request with the same key goes through', async () => {
    const prospectId = await readyProspect(p, tree.cellA.id, officials);
    const key = randomUUID();
    const day = '2024-03-07';
    const input = { prospectId, organizationId: tree.committee.id, decisionRef: 'QĐ-KN', ceremonyOn: day, idempotencyKey: key };
    expectError(await tryMutate(p, 'admitMember', 'AdmitMemberInput', input, 'member { id }', officerA()), 'BAD_USER_INPUT', 'input.organizationId');
    const ok = await mutate(p, 'admitMember', 'AdmitMemberInput', { ...input, organizationId: tree.cellA.id }, 'member { id } prospect { stage }', officerA());
    expect(ok.prospect.stage).toBe('ADMITTED');
  });
});

describe('idempotent registration of a prospect', () => {
  test('registerProspect retried with one key (5 in parallel, then again) creates one prospect', async () => {
    const before = await openProspects(tree.cellB.id);
    const fullName = `Vũ Văn Lặp ${uniqueCode('RP')}`;
    const key = randomUUID();
    const input = { organizationId: tree.cellB.id, fullName, gender: 'MALE', birthDate: '1999-09-09', citizenId: uniqueCitizenId(), source: 'WORKER', registeredOn: '2024-02-02', idempotencyKey: key };
    const results = (await Promise.all(Array.from({ length: 5 }, () => tryMutate(p, 'registerProspect', 'RegisterProspectInput', input, 'prospect { id stage fullName }', officerA())))) as Res[];
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data.registerProspect.prospect.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const again = await mutate(p, 'registerProspect', 'RegisterProspectInput', input, 'prospect { id }', officerA());
    expect(again.prospect.id).toBe(id);

    const after = await openProspects(tree.cellB.id);
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.edges.filter((e) => e.node.fullName === fullName).map((e) => e.node.id)).toEqual([id]);
    const steps = await read(p, `query($id: ID!) { prospect(id: $id) { stage steps { step on recordedBy } } }`, { id });
    expect(steps.prospect).toEqual({ stage: 'REGISTERED', steps: [{ step: 'REGISTERED', on: '2024-02-02', recordedBy: 'officer-a' }] });

    // Same key, different input: CONFLICT, still one prospect.
    expectError(await tryMutate(p, 'registerProspect', 'RegisterProspectInput', { ...input, fullName: `${fullName} Khác` }, 'prospect { id }', officerA()), 'CONFLICT', 'input.idempotencyKey');
    expect((await openProspects(tree.cellB.id)).totalCount).toBe(before.totalCount + 1);
  });

  test('without a key, the same registration sent twice in parallel is one open file per citizen ID: one succeeds, one CONFLICT', async () => {
    const before = await openProspects(tree.cellB.id);
    const input = { organizationId: tree.cellB.id, fullName: `Đỗ Văn Đôi ${uniqueCode('RP')}`, gender: 'MALE', birthDate: '1998-08-08', citizenId: uniqueCitizenId(), source: 'RURAL', registeredOn: '2024-02-03' };
    const results = (await Promise.all([0, 1].map(() => tryMutate(p, 'registerProspect', 'RegisterProspectInput', input, 'prospect { id }', officerA())))) as Res[];
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expectError(results.find((r) => r.errors)!, 'CONFLICT', 'input.citizenId');
    expect((await openProspects(tree.cellB.id)).totalCount).toBe(before.totalCount + 1);
  });
});
