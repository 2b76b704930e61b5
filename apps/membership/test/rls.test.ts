/**
 * Row-level security on the member tables (docs/decisions/0020-row-level-security.md): a backstop under the
 * application's scope checks that fails closed. Without a scope the runtime role reads no row; a request's
 * scope lives in its own transaction, so 1,000 requests of two officers through a pool of two connections
 * never see each other's members; writes into another subtree are refused by the database itself; and a
 * transfer to a cell outside the sender's organisations still goes through, the receiving side then seeing
 * the member.
 */
import { CALLER_HEADER } from '@party/subgraph-kit';
import { StatementCounter } from '@party/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { loadMembershipConfig } from '../src/config';
import { ADMIN, createTree, mutate, officer, read, readyProspect, seedOfficials, startMembershipPlatform, type MembershipPlatform } from './helpers';

/** Remembers the scope every request of the subgraph set (the parameter of its `set_config`). */
class ScopeRecorder extends StatementCounter {
  readonly scopes: string[] = [];
  override logQuery(query: string, parameters?: unknown[]): void {
    super.logQuery(query);
    if (query.includes("set_config('party.scope'")) this.scopes.push(String(parameters?.[0]));
  }
}

const PROTECTED = ['member', 'member_event', 'member_segment', 'placement', 'admission_fact', 'prospect', 'prospect_introducer', 'prospect_step'];

const recorder = new ScopeRecorder();
let p: MembershipPlatform;
/** The schema's owner, whom row-level security does not restrict (it is enabled, not forced). */
let owner: pg.Client;
let A: Awaited<ReturnType<typeof createTree>>;
let B: Awaited<ReturnType<typeof createTree>>;
let inA: string[];
let inB: string[];
let prospectA: string;
let prospectB: string;
const officerA = () => officer([A.district.id], 'officer-a');
const officerB = () => officer([B.district.id], 'officer-b');

/** Members registered, in any segment, in a cell under `districtId`: computed as the owner, without the policies. */
async function membersUnder(districtId: string): Promise<string[]> {
  const { rows } = await owner.query(
    `SELECT DISTINCT s.member_id::text AS id FROM membership.member_segment s
       JOIN organization.tree_v1 c ON c.organization_id = s.organization_id
       JOIN organization.tree_v1 d ON d.organization_id = $1 AND c.path LIKE d.path || '%'`,
    [districtId],
  );
  return rows.map((r) => r.id as string).sort();
}

/** `work` as the runtime role in a transaction with `scope` set as a request sets it; rolled back afterwards. */
async function withScope(scope: string | null, work: (q: QueryRunner) => Promise<void>): Promise<void> {
  const q = p.membershipDb.createQueryRunner();
  await q.connect();
  await q.startTransaction();
  try {
    if (scope !== null) await q.query(`SELECT set_config('party.scope', $1, true)`, [scope]);
    await work(q);
  } finally {
    await q.rollbackTransaction();
    await q.release();
  }
}

/** The statement fails with 42501 (row-level security); the transaction goes on (savepoint). */
async function refused(q: QueryRunner, sql: string, params: unknown[]): Promise<void> {
  await q.query('SAVEPOINT refused');
  await expect(q.query(sql, params)).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('row-level security') });
  await q.query('ROLLBACK TO SAVEPOINT refused');
}

/** Rows an UPDATE or DELETE affected (TypeORM answers [rows, count]). */
const affected = async (q: QueryRunner, sql: string, params: unknown[]) => ((await q.query(sql, params)) as [unknown[], number])[1];

const COUNT = (table: string) => `SELECT count(*)::int AS n FROM membership.${table}`;
/** Rows of a table as the runtime role reads them (the pool, or a transaction's runner). */
const count = async (q: { query: (sql: string) => Promise<any> }, table: string): Promise<number> => (await q.query(COUNT(table)))[0].n;
/** Rows of a table as the owner reads them. */
const ownerCount = async (table: string): Promise<number> => (await owner.query(COUNT(table))).rows[0].n;

beforeAll(async () => {
  p = await startMembershipPlatform(recorder, { DB_POOL_SIZE: '2' });
  const config = loadMembershipConfig(p.env);
  const url = new URL(p.db.url);
  url.username = 'membership';
  url.password = config.dbPassword;
  owner = new pg.Client({ connectionString: url.toString() });
  await owner.connect();
  A = await createTree(p, 'RLS-A');
  B = await createTree(p, 'RLS-B');
  inA = [...(await seedOfficials(p, A.cellA.id, 6)), ...(await seedOfficials(p, A.cellB.id, 3))];
  inB = await seedOfficials(p, B.cellA.id, 5);
  // Prospects with steps and introducers on both sides.
  prospectA = await readyProspect(p, A.cellA.id, inA.slice(0, 2));
  prospectB = await readyProspect(p, B.cellA.id, inB.slice(0, 2));
}, 120_000);
afterAll(async () => {
  await owner?.end();
  await p?.stop();
});

test('with no scope set, or an empty or unknown one, the runtime role reads no row of any protected table', async () => {
  const [{ who }] = await p.membershipDb.query(`SELECT current_user AS who`);
  expect(who).toBe('membership_app');
  for (const table of PROTECTED) {
    // The rows are there (the owner sees them) …
    expect(await ownerCount(table)).toBeGreaterThan(0);
    // … but not without a scope: outside any transaction, and in one with '' or an id of no organisation.
    expect([table, await count(p.membershipDb, table)]).toEqual([table, 0]);
    for (const scope of [null, '', randomUUID(), 'not-an-organisation']) {
      await withScope(scope, async (q) => expect([table, scope, await count(q, table)]).toEqual([table, scope, 0]));
    }
    // With an officer's scope, the same statement reads their part (the test can fail).
    await withScope(A.district.id, async (q) => expect(await count(q, table)).toBeGreaterThan(0));
    await withScope('*', async (q) => expect(await count(q, table)).toBe(await ownerCount(table)));
  }
  // Writes without a scope are refused too: not even a new member row.
  await withScope('', (q) =>
    refused(q, `INSERT INTO membership.member (full_name, search_text, sort_name, gender, birth_date, source, admitted_on) VALUES ('X', 'x', 'x x', 'MALE', '1990-01-01', 'OTHER', '2020-01-01')`, []),
  );
});

test("1,000 alternating requests of two officers through a pool of two connections never see each other's members", async () => {
  const expected = { a: await membersUnder(A.district.id), b: await membersUnder(B.district.id) };
  expect(expected.a).toEqual([...inA].sort());
  expect(expected.b).toEqual([...inB].sort());
  const MEMBERS = `query($district: ID!, $other: ID!) {
    organization(id: $district) { members(includeDescendants: true, first: 100) { edges { node { id } } } }
    other: member(id: $other) { id }
  }`;
  // Placements catch up with the tree changes of the set-up first (system work, scope '*'), then the count starts.
  await read(p, `query($id: ID!) { organization(id: $id) { memberCount } }`, { id: A.district.id });
  recorder.scopes.length = 0;
  const BATCH = 20;
  for (let start = 0; start < 1000; start += BATCH) {
    await Promise.all(
      Array.from({ length: BATCH }, async (_, k) => {
        const i = start + k;
        const side = i % 2 === 0 ? 'a' : 'b';
        const [caller, district, other] = side === 'a' ? [officerA(), A.district.id, inB[i % inB.length]!] : [officerB(), B.district.id, inA[i % inA.length]!];
        // Through the gateway and the subgraph: the officer's members, and nothing of the other side's.
        const data = await read(p, MEMBERS, { district, other }, caller);
        expect(data.organization.members.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(expected[side]);
        expect(data.other).toBeNull();
        // Straight on the subgraph's own pool (the same two connections), with no filter but the policies.
        const rows: { id: string }[] = await p.membershipDb.transaction(async (m) => {
          await m.query(`SELECT set_config('party.scope', $1, true)`, [district]);
          return m.query(`SELECT id::text AS id FROM membership.member`);
        });
        expect(rows.map((r) => r.id).sort()).toEqual(expected[side]);
      }),
    );
  }
  // Every transaction on the pool set its caller's scope (the district: the subgraph's requests, one or two per
  // GraphQL request, and the test's own): never everything, never empty, as often for one officer as for the other.
  expect(recorder.scopes.length).toBeGreaterThanOrEqual(2000);
  expect(new Set(recorder.scopes)).toEqual(new Set([A.district.id, B.district.id]));
  expect(recorder.scopes.filter((s) => s === A.district.id).length).toBe(recorder.scopes.length / 2);
  // Both pooled connections, afterwards: no scope left on either, no row.
  const runners = [p.membershipDb.createQueryRunner(), p.membershipDb.createQueryRunner()];
  try {
    const seen = await Promise.all(runners.map(async (q) => (await q.query(`SELECT pg_backend_pid() AS pid, coalesce(current_setting('party.scope', true), '') AS scope, (SELECT count(*)::int FROM membership.member) AS n`))[0]));
    expect(new Set(seen.map((s) => s.pid)).size).toBe(2);
    expect(seen.map((s) => [s.scope, s.n])).toEqual([['', 0], ['', 0]]);
  } finally {
    await Promise.all(runners.map((q) => q.release()));
  }
}, 300_000);

test('writes into another subtree are refused by the database itself; the same writes in the own subtree go through', async () => {
  const event = `INSERT INTO membership.member_event (member_id, type, effective_on, decision_ref, organization_id, recorded_by) VALUES ($1, 'TRANSFERRED', '2024-05-01', 'RLS-TEST', $2, 'rls-test')`;
  const segment = `INSERT INTO membership.member_segment (member_id, valid_from, valid_to, organization_id, status, activity) VALUES ($1, '1990-01-01', '1990-02-01', $2, 'OFFICIAL', 'ACTIVE')`;
  const prospect = `INSERT INTO membership.prospect (organization_id, full_name, search_text, sort_name, gender, birth_date, source, registered_on, recorded_by)
                    VALUES ($1, 'Đỗ Văn Thử', 'do van thu', 'thu do van thu', 'MALE', '1999-09-09', 'WORKER', '2024-01-01', 'rls-test') RETURNING id`;
  await withScope(A.district.id, async (q) => {
    // Another district's member: no event, not even one naming a cell of mine (that would pull them in), no segment.
    await refused(q, event, [inB[0], B.cellB.id]);
    await refused(q, event, [inB[0], A.cellB.id]);
    await refused(q, segment, [inB[0], B.cellA.id]);
    await refused(q, segment, [inB[0], A.cellA.id]);
    // A prospect registered in another district's cell.
    await refused(q, prospect, [B.cellA.id]);
    // Changing or deleting the other side's rows finds none.
    expect(await affected(q, `UPDATE membership.prospect SET version = version + 1 WHERE id = $1`, [prospectB])).toBe(0);
    expect(await affected(q, `DELETE FROM membership.prospect WHERE id = $1`, [prospectB])).toBe(0);
    expect(await affected(q, `DELETE FROM membership.prospect_introducer WHERE prospect_id = $1`, [prospectB])).toBe(0);
    expect(await affected(q, `UPDATE membership.member SET version = version + 1 WHERE id = $1`, [inB[0]])).toBe(0);
    expect(await affected(q, `DELETE FROM membership.member_segment WHERE member_id = $1`, [inB[0]])).toBe(0);
    expect(await affected(q, `DELETE FROM membership.placement WHERE member_id = $1`, [inB[0]])).toBe(0);

    // The same statements on the officer's own members and cells.
    await q.query(event, [inA[0], A.cellB.id]);
    // A transfer out (an event naming a cell elsewhere) is the sending side's decision.
    await q.query(event, [inA[1], B.cellB.id]);
    await q.query(segment, [inA[0], A.cellA.id]);
    const [{ id: fresh }] = await q.query(prospect, [A.cellA.id]);
    expect(await affected(q, `UPDATE membership.prospect SET version = version + 1 WHERE id = $1`, [prospectA])).toBe(1);
    expect(await affected(q, `DELETE FROM membership.prospect WHERE id = $1`, [fresh])).toBe(1);
    expect(await affected(q, `UPDATE membership.member SET version = version + 1 WHERE id = $1`, [inA[0]])).toBe(1);
    expect(await affected(q, `DELETE FROM membership.prospect_introducer WHERE prospect_id = $1`, [prospectA])).toBe(2);
  });
  // Nothing of district B changed (the owner's view).
  const { rows } = await owner.query(`SELECT count(*)::int AS n FROM membership.member_event WHERE decision_ref = 'RLS-TEST'`);
  expect(rows[0].n).toBe(0);
});

test("a transfer to a cell outside the sender's organisations goes through, and the receiving district's officer then sees the member", async () => {
  const [mover] = await seedOfficials(p, A.cellA.id, 1);
  const seenByB = (id: string) => read(p, `query($id: ID!) { member(id: $id) { id organization { id } } }`, { id }, officerB());
  expect((await seenByB(mover!)).member).toBeNull();
  const { member, event } = await mutate(
    p,
    'transferMember',
    'TransferMemberInput',
    { memberId: mover, kind: 'OFFICIAL', toOrganizationId: B.cellB.id, effectiveOn: '2024-06-01', decisionRef: 'QĐ-CHUYỂN-RLS' },
    'member { id } event { type }',
    officerA(),
  );
  expect(member.id).toBe(mover);
  expect(event.type).toBe('TRANSFERRED');
  expect((await seenByB(mover!)).member).toEqual({ id: mover, organization: { id: B.cellB.id } });
  const list = await read(p, `query($id: ID!) { organization(id: $id) { members(includeDescendants: true, first: 100) { edges { node { id } } } } }`, { id: B.district.id }, officerB());
  expect(list.organization.members.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(mover);
  // In the tables too: visible in district B's scope now, as in district A's (its history there).
  for (const scope of [B.district.id, A.district.id]) {
    await withScope(scope, async (q) => expect(await q.query(`SELECT id FROM membership.member WHERE id = $1`, [mover])).toHaveLength(1));
  }
  // An administrator (scope '*') sees everything, as before.
  expect((await read(p, `query($id: ID!) { member(id: $id) { id } }`, { id: mover }, ADMIN)).member).toEqual({ id: mover });
});

test('a request that reads nothing opens no transaction (and takes no connection)', async () => {
  const token = await p.subgraphToken(officerA());
  recorder.reset();
  const res = await fetch(p.subgraphUrls.membership!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  expect(recorder.statements).toEqual([]);
  // The same caller reading a member: one transaction, begun, scoped and committed before the request's audit
  // entry is written (on the pool, once the request's connection is back).
  await read(p, `query($id: ID!) { member(id: $id) { id } }`, { id: inA[2] }, officerA());
  const log = recorder.statements;
  expect(log[0]).toBe('START TRANSACTION');
  expect(log[1]).toContain("set_config('party.scope'");
  expect(log.filter((q) => q === 'COMMIT')).toHaveLength(1);
  expect(log.findIndex((q) => q.includes('INSERT INTO membership.audit_log'))).toBe(log.indexOf('COMMIT') + 1);
  expect(log).toHaveLength(log.indexOf('COMMIT') + 2);
});
