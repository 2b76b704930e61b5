/**
 * The audit trail and the sensitive-field permission, through the gateway: every operation that
 * returns person records writes the returned ids (none missing, none extra) and the field
 * categories read; refusals are written as DENIED; the log is append-only for the subgraph's role
 * and tampering is found by verifyAuditChain.
 */
import { verifyAuditChain, type Caller } from '@party/subgraph-kit';
import pg from 'pg';
import { ADMIN, analyst, createTree, expectError, mutate, officer, read, seedOfficials, startMembershipPlatform, uniqueCitizenId, viewer, type MembershipPlatform } from './helpers';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
let inA: string[];
let inB: string[];
/** Prospects registered in cell A (by the prospects test). */
const prospectsA: string[] = [];

interface Row {
  id: string;
  kind: string;
  actor: string;
  target_ids: string[];
  categories: string[];
  outcome: string;
  detail: any;
}

let seq = 0;
/** A caller of its own, so a test finds exactly the rows its requests wrote. */
const as = (make: (scope: string[], userId: string) => Caller, scope: string[]): Caller => make(scope, `audit-user-${++seq}`);

async function rowsOf(actor: string, kind?: string): Promise<Row[]> {
  return p.membershipDb.query(
    `SELECT id::text AS id, kind, actor, target_ids::text[] AS target_ids, categories, outcome, detail FROM membership.audit_log WHERE actor = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
    [actor, kind ?? null],
  );
}

/** Every person id the READ rows of `actor` name. */
async function auditedIds(actor: string): Promise<string[]> {
  return [...new Set((await rowsOf(actor, 'READ')).flatMap((r) => r.target_ids))].sort();
}

const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'AUD');
  inA = await seedOfficials(p, tree.cellA.id, 3);
  inB = await seedOfficials(p, tree.cellB.id, 2);
});

afterAll(async () => {
  await p?.stop();
});

describe('member reads are audited with exactly the returned ids', () => {
  test('member(id): one READ row naming the member and the categories read', async () => {
    const me = as(officer, [tree.province.id]);
    const data = await read(p, `query($id: ID!) { member(id: $id) { id fullName ethnicity status events { type } } }`, { id: inA[0] }, me);
    expect(data.member.id).toBe(inA[0]);
    const rows = await rowsOf(me.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'READ', outcome: 'OK', target_ids: [inA[0]], categories: ['HISTORY', 'IDENTITY', 'MEMBERSHIP', 'SENSITIVE'] });
    expect(rows[0]!.detail).toEqual({ rootFields: ['member'] });
  });

  test('Organization.members with includeDescendants: all five, then a page of two (no more audited than returned)', async () => {
    const me = as(officer, [tree.province.id]);
    const all = await read(p, `query($id: ID!) { organization(id: $id) { members(includeDescendants: true, first: 100) { edges { node { id fullName } } } } }`, { id: tree.committee.id }, me);
    const returned = all.organization.members.edges.map((e: any) => e.node.id);
    expect(sorted(returned)).toEqual(sorted([...inA, ...inB]));
    expect(await auditedIds(me.userId)).toEqual(sorted(returned));

    const other = as(officer, [tree.province.id]);
    const page = await read(p, `query($id: ID!) { organization(id: $id) { members(includeDescendants: true, first: 2) { totalCount edges { node { fullName } } } } }`, { id: tree.committee.id }, other);
    expect(page.organization.members.totalCount).toBe(5);
    expect(page.organization.members.edges).toHaveLength(2);
    const pageIds = await auditedIds(other.userId);
    expect(pageIds).toHaveLength(2);
    const firstTwo = await read(p, `query($id: ID!) { organization(id: $id) { members(includeDescendants: true, first: 2) { edges { node { id } } } } }`, { id: tree.committee.id });
    expect(pageIds).toEqual(sorted(firstTwo.organization.members.edges.map((e: any) => e.node.id)));
  });

  test('only counts (no records): no READ row', async () => {
    const me = as(officer, [tree.province.id]);
    const data = await read(p, `query($id: ID!) { organization(id: $id) { memberCount members(includeDescendants: true) { totalCount } } }`, { id: tree.committee.id }, me);
    expect(data.organization).toEqual({ memberCount: 5, members: { totalCount: 5 } });
    expect(await rowsOf(me.userId)).toEqual([]);
  });

  test('prospects with their helper: the prospects and the helper member', async () => {
    const registered: string[] = [];
    for (const name of ['Lê Văn Một', 'Lê Thị Hai']) {
      const { prospect } = await mutate(
        p,
        'registerProspect',
        'RegisterProspectInput',
        { organizationId: tree.cellA.id, fullName: name, gender: 'MALE', birthDate: '2001-01-01', citizenId: uniqueCitizenId(), source: 'YOUTH_UNION', registeredOn: '2024-01-10' },
        'prospect { id }',
      );
      registered.push(prospect.id);
      prospectsA.push(prospect.id);
    }
    await mutate(p, 'recordProspectStep', 'RecordProspectStepInput', { prospectId: registered[0], step: 'HELPER_ASSIGNED', on: '2024-01-10', helperMemberId: inA[1] }, 'prospect { id }');

    const me = as(officer, [tree.province.id]);
    const data = await read(p, `query($id: ID!) { organization(id: $id) { prospects(first: 10) { edges { node { id fullName helper { id fullName } } } } } }`, { id: tree.cellA.id }, me);
    const nodes = data.organization.prospects.edges.map((e: any) => e.node);
    const returned = nodes.flatMap((n: any) => [n.id, ...(n.helper ? [n.helper.id] : [])]);
    expect(sorted(returned)).toEqual(sorted([...registered, inA[1]!]));
    expect(await auditedIds(me.userId)).toEqual(sorted(returned));
    const [row] = await rowsOf(me.userId, 'READ');
    // The helper's own fields are IDENTITY; the prospect's `helper` field is part of the prospect file (PROSPECT).
    expect(row!.categories).toEqual(['IDENTITY', 'PROSPECT']);
  });

  test('a mutation returning a member: a MUTATION row with its target and a READ row with exactly the member returned', async () => {
    const me = as(officer, [tree.province.id]);
    const { member } = await mutate(p, 'exemptMember', 'ExemptMemberInput', { memberId: inB[0], effectiveOn: '2024-06-01', decisionRef: 'QĐ-MSH-A', reason: 'Tuổi cao' }, 'member { id activity }', me);
    expect(member).toEqual({ id: inB[0], activity: 'EXEMPT' });
    const rows = await rowsOf(me.userId);
    expect(rows.map((r) => [r.kind, r.outcome, r.target_ids])).toEqual([
      ['MUTATION', 'OK', [inB[0]]],
      ['READ', 'OK', [inB[0]]],
    ]);
    expect(rows[0]!.detail).toEqual({ rootFields: ['exemptMember'], errors: [] });
  });

  test('a refused mutation: MUTATION row with the code and a DENIED row', async () => {
    const me = as(viewer, [tree.province.id]);
    const res = await p.query(`mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { member { id } } }`, { input: { memberId: inA[2], effectiveOn: '2024-06-01', decisionRef: 'QĐ', reason: 'x' } }, me);
    expectError(res, 'FORBIDDEN');
    const rows = await rowsOf(me.userId);
    expect(rows.map((r) => [r.kind, r.outcome, r.target_ids])).toEqual([
      ['MUTATION', 'FORBIDDEN', [inA[2]]],
      ['DENIED', 'FORBIDDEN', []],
    ]);
  });
});

describe('sensitive fields', () => {
  test('a viewer gets FORBIDDEN on each sensitive field (named), the rest of every record, a DENIED and a READ row', async () => {
    const me = as(viewer, [tree.province.id]);
    const res = await p.query(`query($id: ID!) { organization(id: $id) { members(first: 10) { edges { node { id fullName ethnicity citizenId } } } } }`, { id: tree.cellA.id }, me);
    const nodes = res.data!.organization.members.edges.map((e: any) => e.node);
    expect(sorted(nodes.map((n: any) => n.id))).toEqual(sorted(inA));
    for (const n of nodes) expect(n).toEqual({ id: n.id, fullName: expect.stringMatching(/^Nguyễn Văn Cũ /), ethnicity: null, citizenId: null });
    expect(res.errors).toHaveLength(6);
    for (const e of res.errors!) {
      expect(e.extensions).toEqual({ code: 'FORBIDDEN', field: e.path![e.path!.length - 1] });
      expect(['ethnicity', 'citizenId']).toContain(e.extensions!.field);
    }
    const rows = await rowsOf(me.userId);
    expect(rows.map((r) => r.kind)).toEqual(['DENIED', 'READ']);
    expect(rows[0]!.target_ids).toEqual(sorted(inA));
    expect(rows[0]!.detail.errors).toHaveLength(6);
    expect(rows[1]).toMatchObject({ target_ids: sorted(inA), categories: ['IDENTITY'] });
  });

  test('birth date and religion of a member and a prospect: FORBIDDEN for a viewer, returned to an officer and an administrator', async () => {
    const q = `query($id: ID!) { member(id: $id) { fullName birthDate religion } }`;
    const v = await p.query(q, { id: inA[0] }, as(viewer, [tree.province.id]));
    expect(v.data!.member).toEqual({ fullName: expect.any(String), birthDate: null, religion: null });
    expect(v.errors!.map((e) => e.extensions!.field).sort()).toEqual(['birthDate', 'religion']);
    for (const caller of [as(officer, [tree.cellA.id]), ADMIN]) {
      const ok = await p.query(q, { id: inA[0] }, caller);
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.member).toEqual({ fullName: expect.any(String), birthDate: '1970-05-05', religion: null });
    }
    const pq = `query($id: ID!) { prospect(id: $id) { fullName birthDate citizenId } }`;
    const pv = await p.query(pq, { id: prospectsA[0] }, as(viewer, [tree.province.id]));
    expect(pv.data!.prospect).toEqual({ fullName: 'Lê Văn Một', birthDate: null, citizenId: null });
    expect(pv.errors!.map((e) => [e.path, e.extensions])).toEqual([
      [['prospect', 'birthDate'], { code: 'FORBIDDEN', field: 'birthDate' }],
      [['prospect', 'citizenId'], { code: 'FORBIDDEN', field: 'citizenId' }],
    ]);
    const po = await p.query(pq, { id: prospectsA[0] }, as(officer, [tree.cellA.id]));
    expect(po.data!.prospect).toEqual({ fullName: 'Lê Văn Một', birthDate: '2001-01-01', citizenId: expect.stringMatching(/^\d{12}$/) });
  });

  test('a correction of a sensitive field shows to a viewer that it was made, not the values', async () => {
    await mutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId: inA[2], reason: 'Sai dân tộc', decisionRef: 'CCCD-2024', ethnicity: 'Raglai', fullName: 'Trần Văn Sửa' }, 'member { id }');
    const q = `query($id: ID!) { member(id: $id) { events { type corrections { field before after } } } }`;
    const corrections = async (as: Caller) => (await read(p, q, { id: inA[2] }, as)).member.events.filter((e: any) => e.type === 'CORRECTED').flatMap((e: any) => e.corrections);
    type Correction = { field: string; before: string | null; after: string | null };
    const byField = (list: Correction[]): Record<string, Correction> => Object.fromEntries(list.map((c) => [c.field, c]));
    const seenByOfficer = byField(await corrections(as(officer, [tree.province.id])));
    expect(seenByOfficer.ethnicity).toMatchObject({ field: 'ethnicity', after: 'Raglai' });
    const seenByViewer = byField(await corrections(as(viewer, [tree.province.id])));
    expect(seenByViewer.ethnicity).toEqual({ field: 'ethnicity', before: null, after: null });
    expect(seenByViewer.fullName).toEqual(seenByOfficer.fullName);
    expect(seenByViewer.fullName!.after).toBe('Trần Văn Sửa');
  });

  test('an analyst gets no person record (FORBIDDEN, a DENIED row) but still the aggregates', async () => {
    const me = as(analyst, [tree.province.id]);
    const res = await p.query(`query($id: ID!) { member(id: $id) { id fullName } }`, { id: inA[0] }, me);
    expectError(res, 'FORBIDDEN');
    expect(res.data).toEqual({ member: null });
    const list = await p.query(`query($id: ID!) { organization(id: $id) { members { edges { node { id } } } } }`, { id: tree.committee.id }, me);
    expectError(list, 'FORBIDDEN');
    const rows = await rowsOf(me.userId);
    expect(rows.map((r) => [r.kind, r.outcome])).toEqual([
      ['DENIED', 'FORBIDDEN'],
      ['DENIED', 'FORBIDDEN'],
    ]);
    expect(rows[0]!.detail.errors).toEqual([{ code: 'FORBIDDEN', path: ['member'], field: null }]);
    const agg = await read(p, `query($id: ID!) { organization(id: $id) { memberCount memberStats { total } admissions(year: 2005) { total } } }`, { id: tree.committee.id }, me);
    expect(agg.organization).toEqual({ memberCount: 5, memberStats: { total: 5 }, admissions: { total: 5 } });
  });
});

describe('reading the audit trail', () => {
  test('auditTrail(memberId): the rows touching the member, for officers in scope and administrators', async () => {
    const me = as(officer, [tree.province.id]);
    await read(p, `query($id: ID!) { member(id: $id) { fullName } }`, { id: inB[1] }, me);
    const q = `query($id: ID!) { auditTrail(memberId: $id, first: 100) { totalCount edges { node { id kind actor targetIds categories outcome hash prevHash } } } }`;
    const expected = (await p.membershipDb.query(`SELECT id::text FROM membership.audit_log WHERE $1::uuid = ANY(target_ids) ORDER BY id DESC`, [inB[1]])).map((r: any) => r.id);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    for (const caller of [ADMIN, as(officer, [tree.cellB.id])]) {
      const data = await read(p, q, { id: inB[1] }, caller);
      expect(data.auditTrail.totalCount).toBe(expected.length);
      expect(data.auditTrail.edges.map((e: any) => e.node.id)).toEqual(expected);
    }
    const mine = (await read(p, q, { id: inB[1] })).auditTrail.edges.map((e: any) => e.node).find((n: any) => n.actor === me.userId);
    expect(mine).toMatchObject({ kind: 'READ', targetIds: [inB[1]], categories: ['IDENTITY'], outcome: 'OK' });
    expect(mine.hash).toMatch(/^[0-9a-f]{64}$/);

    expectError(await p.query(q, { id: inB[1] }, as(officer, [tree.cellA.id])), 'FORBIDDEN', 'memberId');
    expectError(await p.query(q, { id: inB[1] }, as(viewer, [tree.province.id])), 'FORBIDDEN');
  });

  test('auditLog(actor, from, to): administrators only, paged', async () => {
    const me = as(officer, [tree.province.id]);
    for (const id of inA) await read(p, `query($id: ID!) { member(id: $id) { fullName } }`, { id }, me);
    const q = `query($actor: String, $from: DateTime, $first: Int, $after: String) { auditLog(actor: $actor, from: $from, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { actor kind targetIds } } } }`;
    const first = await read(p, q, { actor: me.userId, first: 2 });
    expect(first.auditLog.totalCount).toBe(3);
    expect(first.auditLog.edges.map((e: any) => e.node.targetIds[0])).toEqual([inA[2], inA[1]]);
    const second = await read(p, q, { actor: me.userId, first: 2, after: first.auditLog.pageInfo.endCursor });
    expect(second.auditLog).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { actor: me.userId, kind: 'READ', targetIds: [inA[0]] } }] });
    expect((await read(p, q, { actor: me.userId, from: '2999-01-01T00:00:00Z' })).auditLog.totalCount).toBe(0);
    expectError(await p.query(q, { actor: me.userId }, as(officer, [tree.province.id])), 'FORBIDDEN');
  });
});

describe('the log is append-only and tamper-evident', () => {
  test('concurrent requests keep one linear chain', async () => {
    const me = as(officer, [tree.province.id]);
    await Promise.all(Array.from({ length: 12 }, (_, i) => read(p, `query($id: ID!) { member(id: $id) { fullName } }`, { id: [...inA, ...inB][i % 5] }, me)));
    expect(await rowsOf(me.userId, 'READ')).toHaveLength(12);
    const report = await verifyAuditChain(p.membershipDb, 'membership');
    const [{ n }] = await p.membershipDb.query(`SELECT count(*)::int AS n FROM membership.audit_log`);
    expect(report).toEqual({ ok: true, rows: n, firstBrokenId: null, reason: null });
  });

  test("UPDATE, DELETE, TRUNCATE, and turning the triggers off or granting itself more, fail as the subgraph's runtime role", async () => {
    const [{ who }] = await p.membershipDb.query('SELECT current_user AS who');
    expect(who).toBe('membership_app');
    for (const sql of [
      `UPDATE membership.audit_log SET actor = 'x'`,
      `DELETE FROM membership.audit_log`,
      `TRUNCATE membership.audit_log`,
      'ALTER TABLE membership.audit_log DISABLE TRIGGER audit_log_no_change',
      `CREATE OR REPLACE FUNCTION membership.audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
      'DROP TABLE membership.audit_log',
      // The member's events are append-only too.
      `UPDATE membership.member_event SET note = 'x'`,
      `DELETE FROM membership.member_event`,
    ]) {
      await expect(p.membershipDb.query(sql).then(() => sql)).rejects.toMatchObject({ code: '42501' });
    }
    // A GRANT by a role without the grant option grants nothing (PostgreSQL warns): still refused after it.
    await p.membershipDb.query('GRANT UPDATE, DELETE ON membership.audit_log TO membership_app');
    await expect(p.membershipDb.query(`DELETE FROM membership.audit_log`)).rejects.toMatchObject({ code: '42501' });
    expect((await verifyAuditChain(p.membershipDb, 'membership')).ok).toBe(true);
  });

  test('a row changed behind the triggers (as the superuser) is found: its hash, then, hash recomputed, the link of the next row', async () => {
    const me = as(officer, [tree.province.id]);
    for (const id of inA) await read(p, `query($id: ID!) { member(id: $id) { fullName } }`, { id }, me);
    const [victim, next] = await rowsOf(me.userId);
    const admin = new pg.Client({ connectionString: p.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE membership.audit_log DISABLE TRIGGER audit_log_no_change');
      await admin.query(`UPDATE membership.audit_log SET target_ids = '{}' WHERE id = $1`, [victim!.id]);
      expect(await verifyAuditChain(p.membershipDb, 'membership')).toMatchObject({ ok: false, firstBrokenId: victim!.id, reason: 'HASH_MISMATCH' });

      await admin.query(`UPDATE membership.audit_log a SET hash = membership.audit_log_hash(a) WHERE id = $1`, [victim!.id]);
      expect(await verifyAuditChain(p.membershipDb, 'membership')).toMatchObject({ ok: false, firstBrokenId: next!.id, reason: 'BROKEN_LINK' });

      await admin.query(`DELETE FROM membership.audit_log WHERE id = $1`, [victim!.id]);
      expect(await verifyAuditChain(p.membershipDb, 'membership')).toMatchObject({ ok: false, firstBrokenId: next!.id, reason: 'BROKEN_LINK' });
    } finally {
      await admin.query('ALTER TABLE membership.audit_log ENABLE TRIGGER audit_log_no_change').catch(() => undefined);
      await admin.end();
    }
  });
});
