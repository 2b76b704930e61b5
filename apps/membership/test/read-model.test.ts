/**
 * The published read model (admissions_v1, exits_v1, member_state_v1,
 * member_counts_v1, member_counts_current_v1), read
 * as another subgraph would: its own role, granted membership_reader. One row
 * per ADMITTED or TERMINATED event, or per period of a member's state, the
 * documented columns, no names; the register itself stays out of reach.
 */
import { provisionSubgraphDatabase, subgraphUrl } from '@party/subgraph-kit';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { admit, createTree, mutate, read, readyProspect, seedOfficials, startMembershipPlatform, type MembershipPlatform } from './helpers';

const ADMISSION_COLUMNS = ['event_id', 'member_id', 'organization_id', 'admitted_on', 'gender', 'age_at_admission', 'ethnicity', 'ethnic_minority', 'has_religion', 'youth_union', 'source', 'education_level'];
const EXIT_COLUMNS = ['event_id', 'member_id', 'organization_id', 'exited_on', 'reason', 'reinstated_on'];
const STATE_COLUMNS = ['member_id', 'organization_id', 'valid_from', 'valid_to', 'status', 'activity'];
const VIEWS = ['admissions_v1', 'exits_v1', 'member_counts_current_v1', 'member_counts_v1', 'member_state_v1'];

const LAN = 'Phạm Thị Lan Anh';
const MINH = 'Đỗ Văn Bình Minh';

let p: MembershipPlatform;
let reader: pg.Client;
let admin: pg.Client;
/** Roles are cluster-wide and test files share a server: a reader role of this file's own. */
const PROBE = `membership_probe_${randomBytes(4).toString('hex')}`;
let tree: Awaited<ReturnType<typeof createTree>>;
let officials: string[];
let lan: string;
let minh: string;

const eventsOf = async (memberId: string): Promise<{ id: string; type: string; effectiveOn: string }[]> =>
  (await read(p, `query($id: ID!) { member(id: $id) { events { id type effectiveOn } } }`, { id: memberId })).member.events;
const eventId = async (memberId: string, type: string, effectiveOn: string) => {
  const found = (await eventsOf(memberId)).filter((e) => e.type === type && e.effectiveOn === effectiveOn);
  expect(found).toHaveLength(1);
  return found[0]!.id;
};
const change = (name: string, inputType: string, input: Record<string, unknown>) => mutate(p, name, inputType, input, 'event { id }').then((r) => r.event.id as string);

beforeAll(async () => {
  p = await startMembershipPlatform();
  await provisionSubgraphDatabase({ adminUrl: p.db.url, name: PROBE, password: 'probe-reader-pw', readsFrom: ['membership'] });
  reader = new pg.Client({ connectionString: subgraphUrl(p.db.url, PROBE, 'probe-reader-pw') });
  await reader.connect();
  admin = new pg.Client({ connectionString: p.db.url });
  await admin.connect();

  tree = await createTree(p, 'Đọc');
  officials = await seedOfficials(p, tree.cellA.id, 2);
  lan = await admit(
    p,
    await readyProspect(p, tree.cellA.id, officials, { fullName: LAN, birthDate: '1995-07-20', ethnicity: 'Chăm', religion: 'Bà-la-môn', source: 'WORKER', youthUnion: false }),
    tree.cellA.id,
    '2023-03-01',
  );
  minh = await admit(p, await readyProspect(p, tree.cellA.id, officials, { fullName: MINH, gender: 'MALE', birthDate: '2000-02-02' }), tree.cellA.id, '2023-03-01');
  await change('transferMember', 'TransferMemberInput', { memberId: minh, kind: 'OFFICIAL', toOrganizationId: tree.cellB.id, effectiveOn: '2023-06-01', decisionRef: 'QĐ-CSH' });
}, 120_000);
afterAll(async () => {
  await reader?.end();
  await admin?.query(`DROP OWNED BY ${PROBE}`).catch(() => undefined);
  await admin?.query(`DROP ROLE IF EXISTS ${PROBE}`).catch(() => undefined);
  await admin?.end();
  await p?.stop();
});

const columnsOf = async (view: string) => (await reader.query(`SELECT * FROM membership.${view} LIMIT 0`)).fields.map((f) => f.name);

test('the reader role is granted membership_reader and nothing of the register itself', async () => {
  const roles = await admin.query(`SELECT r.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles u ON u.oid = a.member WHERE u.rolname = $1`, [PROBE]);
  expect(roles.rows).toEqual([{ rolname: 'membership_reader' }]);
  for (const table of ['member', 'member_event', 'member_segment', 'placement', 'count_delta', 'member_stat_delta', 'member_stat_year', 'admission_fact', 'prospect', 'prospect_introducer', 'prospect_step', 'idempotency_key']) {
    await expect(reader.query(`SELECT * FROM membership.${table} LIMIT 1`)).rejects.toThrow(/permission denied/);
  }
  await expect(reader.query(`SELECT full_name FROM membership.member`)).rejects.toThrow(/permission denied for table member/);
});

test('the read model is read only', async () => {
  const privileges = await reader.query(
    `SELECT v, p, has_table_privilege('${PROBE}', 'membership.' || v, p) AS granted
       FROM unnest($1::text[]) v CROSS JOIN unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p ORDER BY v, p`,
    [VIEWS],
  );
  expect(privileges.rows.filter((r) => r.granted).map((r) => `${r.v} ${r.p}`)).toEqual(VIEWS.map((v) => `${v} SELECT`));
  // Exactly these views, and nothing else in the schema, are readable.
  const readable = await admin.query(
    `SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'membership' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND has_table_privilege($1, c.oid, 'SELECT') ORDER BY c.relname`,
    [PROBE],
  );
  expect(readable.rows).toEqual(VIEWS.map((relname) => ({ relname, relkind: 'v' })));
  await expect(reader.query(`UPDATE membership.member_state_v1 SET activity = 'ACTIVE'`)).rejects.toThrow(/permission denied|cannot update view/);
  await expect(reader.query(`DELETE FROM membership.admissions_v1`)).rejects.toThrow(/permission denied|cannot delete from view/);
  await expect(reader.query(`UPDATE membership.exits_v1 SET exited_on = '2000-01-01'`)).rejects.toThrow(/permission denied|cannot update view/);
  await expect(reader.query(`TRUNCATE membership.exits_v1`)).rejects.toThrow(/permission denied|is not a table/);
});

test('admissions_v1: the documented columns, one row per ADMITTED event', async () => {
  expect(await columnsOf('admissions_v1')).toEqual(ADMISSION_COLUMNS);
  const rows = (await reader.query(`SELECT * FROM membership.admissions_v1 ORDER BY event_id`)).rows;
  const admittedEvents = await admin.query(`SELECT e.id::text AS id FROM membership.member_event e WHERE e.type = 'ADMITTED' ORDER BY e.id`);
  expect(rows.map((r) => r.event_id)).toEqual(admittedEvents.rows.map((r) => r.id));
  expect(rows).toHaveLength(4);

  const byMember = (id: string) => rows.filter((r) => r.member_id === id);
  expect(byMember(lan)).toEqual([
    {
      event_id: await eventId(lan, 'ADMITTED', '2023-03-01'),
      member_id: lan,
      organization_id: tree.cellA.id,
      admitted_on: '2023-03-01',
      gender: 'FEMALE',
      age_at_admission: 27,
      ethnicity: 'Chăm',
      ethnic_minority: true,
      has_religion: true,
      youth_union: false,
      source: 'WORKER',
      education_level: null,
    },
  ]);
  // Admitted in cell A; the later transfer does not move the admission.
  expect(byMember(minh)).toEqual([
    {
      event_id: await eventId(minh, 'ADMITTED', '2023-03-01'),
      member_id: minh,
      organization_id: tree.cellA.id,
      admitted_on: '2023-03-01',
      gender: 'MALE',
      age_at_admission: 23,
      ethnicity: 'Kinh',
      ethnic_minority: false,
      has_religion: false,
      youth_union: true,
      source: 'YOUTH_UNION',
      education_level: null,
    },
  ]);
  // The starting register: admitted in 2005, born 1970-05-05.
  expect(officials.map((id) => byMember(id).map((r) => [r.organization_id, r.admitted_on, r.age_at_admission, r.ethnic_minority, r.has_religion, r.source]))).toEqual([
    [[tree.cellA.id, '2005-03-01', 34, false, false, 'OTHER']],
    [[tree.cellA.id, '2005-03-01', 34, false, false, 'OTHER']],
  ]);
});

test('exits_v1: one row per TERMINATED event with the reason and the cell left; reinstated_on once reinstated', async () => {
  expect(await columnsOf('exits_v1')).toEqual(EXIT_COLUMNS);
  const exitsOf = async (id: string) => (await reader.query(`SELECT * FROM membership.exits_v1 WHERE member_id = $1 ORDER BY event_id`, [id])).rows;
  expect(await exitsOf(minh)).toEqual([]);

  const struck = await change('terminateMembership', 'TerminateMembershipInput', { memberId: minh, reason: 'STRUCK_OFF', effectiveOn: '2024-01-10', decisionRef: 'QĐ-XT' });
  const firstExit = { event_id: struck, member_id: minh, organization_id: tree.cellB.id, exited_on: '2024-01-10', reason: 'STRUCK_OFF', reinstated_on: null };
  expect(await exitsOf(minh)).toEqual([firstExit]);

  await change('reinstateMember', 'ReinstateMemberInput', { memberId: minh, effectiveOn: '2024-03-01', decisionRef: 'QĐ-PH', organizationId: tree.cellA.id });
  expect(await exitsOf(minh)).toEqual([{ ...firstExit, reinstated_on: '2024-03-01' }]);

  const withdrawn = await change('terminateMembership', 'TerminateMembershipInput', { memberId: minh, reason: 'WITHDRAWN', effectiveOn: '2024-06-01', decisionRef: 'QĐ-XT2' });
  expect(await exitsOf(minh)).toEqual([
    { ...firstExit, reinstated_on: '2024-03-01' },
    { event_id: withdrawn, member_id: minh, organization_id: tree.cellA.id, exited_on: '2024-06-01', reason: 'WITHDRAWN', reinstated_on: null },
  ]);

  const deceased = await change('terminateMembership', 'TerminateMembershipInput', { memberId: lan, reason: 'DECEASED', effectiveOn: '2024-02-02', decisionRef: 'GCT' });
  expect(await exitsOf(lan)).toEqual([{ event_id: deceased, member_id: lan, organization_id: tree.cellA.id, exited_on: '2024-02-02', reason: 'DECEASED', reinstated_on: null }]);

  const all = (await reader.query(`SELECT event_id FROM membership.exits_v1 ORDER BY event_id`)).rows.map((r) => r.event_id);
  const terminated = (await admin.query(`SELECT e.id::text AS id FROM membership.member_event e WHERE e.type = 'TERMINATED' ORDER BY e.id`)).rows.map((r) => r.id);
  expect(all).toEqual(terminated);
  expect(all).toEqual([struck, withdrawn, deceased]);
  // Admissions are unchanged by exits and reinstatements.
  expect((await reader.query(`SELECT count(*)::int AS n FROM membership.admissions_v1`)).rows).toEqual([{ n: 4 }]);
});

test("member_state_v1: the documented columns, one row per period of a member's state, the register's segments", async () => {
  expect(await columnsOf('member_state_v1')).toEqual(STATE_COLUMNS);
  const all = (await reader.query(`SELECT * FROM membership.member_state_v1 ORDER BY member_id, valid_from`)).rows;
  const segments = await admin.query(`SELECT member_id, organization_id, valid_from, valid_to, status, activity FROM membership.member_segment ORDER BY member_id, valid_from`);
  expect(all).toEqual(segments.rows);
  const of = (id: string) => all.filter((r) => r.member_id === id).map((r) => [r.organization_id, r.valid_from, r.valid_to, r.status, r.activity]);
  // Minh: cell A, transferred to B, struck off, reinstated in A, withdrawn; no period while not a member.
  expect(of(minh)).toEqual([
    [tree.cellA.id, '2023-03-01', '2023-06-01', 'PROBATIONARY', 'ACTIVE'],
    [tree.cellB.id, '2023-06-01', '2024-01-10', 'PROBATIONARY', 'ACTIVE'],
    [tree.cellA.id, '2024-03-01', '2024-06-01', 'PROBATIONARY', 'ACTIVE'],
  ]);
  expect(of(lan)).toEqual([[tree.cellA.id, '2023-03-01', '2024-02-02', 'PROBATIONARY', 'ACTIVE']]);
  // The starting register: official and active in cell A, open-ended.
  for (const id of officials) expect(of(id).at(-1)).toEqual([tree.cellA.id, expect.any(String), 'infinity', 'OFFICIAL', 'ACTIVE']);
  // The state on a day is at most one row.
  const onDay = await reader.query(`SELECT member_id, count(*)::int AS n FROM membership.member_state_v1 WHERE valid_from <= '2023-06-01' AND valid_to > '2023-06-01' GROUP BY member_id HAVING count(*) > 1`);
  expect(onDay.rows).toEqual([]);
});

test('an exemption shows as EXEMPT from its day on', async () => {
  const [official] = officials;
  await change('exemptMember', 'ExemptMemberInput', { memberId: official, effectiveOn: '2024-05-01', decisionRef: 'QĐ-MSH', reason: 'Tuổi cao' });
  const rows = (await reader.query(`SELECT valid_from, valid_to, activity FROM membership.member_state_v1 WHERE member_id = $1 AND valid_to > '2024-04-30' ORDER BY valid_from`, [official])).rows;
  expect(rows).toEqual([
    { valid_from: expect.any(String), valid_to: '2024-05-01', activity: 'ACTIVE' },
    { valid_from: '2024-05-01', valid_to: 'infinity', activity: 'EXEMPT' },
  ]);
});

test('no row of any view carries a name', async () => {
  const names = await admin.query(`SELECT full_name, citizen_id FROM membership.member`);
  expect(names.rows.map((r) => r.full_name)).toEqual(expect.arrayContaining([LAN, MINH]));
  const secrets = [...names.rows.flatMap((r) => [r.full_name, r.citizen_id]).filter((v): v is string => !!v), 'Lan Anh', 'Bình Minh'];
  const periods = Number((await admin.query(`SELECT count(*) FROM membership.member_segment`)).rows[0].count);
  for (const [view, count] of [['admissions_v1', 4], ['exits_v1', 3], ['member_state_v1', periods]] as const) {
    const { rows, fields } = await reader.query(`SELECT * FROM membership.${view}`);
    expect(rows).toHaveLength(count);
    expect(fields.map((f) => f.name).filter((n) => /name|citizen/.test(n))).toEqual([]);
    const leaks = rows.flatMap((row) => Object.values(row).filter((v) => v !== null && secrets.some((s) => String(v).includes(s))));
    expect({ view, leaks }).toEqual({ view, leaks: [] });
  }
});

test('a correction of the record shows in the admission row, without adding a row', async () => {
  await mutate(p, 'correctMemberRecord', 'CorrectMemberRecordInput', { memberId: minh, reason: 'Sai ngày sinh', decisionRef: 'CCCD', birthDate: '2001-06-15', educationLevel: 'UNIVERSITY' }, 'member { id }');
  const rows = (await reader.query(`SELECT age_at_admission, education_level FROM membership.admissions_v1 WHERE member_id = $1`, [minh])).rows;
  expect(rows).toEqual([{ age_at_admission: 21, education_level: 'UNIVERSITY' }]);
  expect((await reader.query(`SELECT count(*)::int AS n FROM membership.admissions_v1`)).rows).toEqual([{ n: 4 }]);
});

test('member_counts_v1 summed up to a day is the subtree memberCount of that day; member_counts_current_v1 says so', async () => {
  expect((await reader.query(`SELECT * FROM membership.member_counts_v1 LIMIT 0`)).fields.map((f) => f.name)).toEqual(['organization_id', 'day', 'probationary', 'official']);
  const COUNT = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount } }`;
  for (const day of ['2005-02-28', '2023-03-01', '2023-05-31', '2023-06-01', '2024-12-31']) {
    for (const org of [tree.province, tree.committee, tree.cellA, tree.cellB]) {
      const { memberCount } = (await read(p, COUNT, { id: org.id, asOf: day })).organization;
      const { rows } = await reader.query(
        `SELECT c.current, (SELECT coalesce(sum(probationary + official), 0)::int FROM membership.member_counts_v1 WHERE organization_id = $1 AND day <= $2) AS n
           FROM membership.member_counts_current_v1 c`,
        [org.id, day],
      );
      expect({ day, org: org.name, ...rows[0] }).toEqual({ day, org: org.name, current: true, n: memberCount });
    }
  }
  // Two officials, Lan and Minh in cell A; Minh in cell B from 1 June 2023.
  const on = async (orgId: string, day: string) =>
    (await reader.query(`SELECT sum(probationary + official)::int AS n FROM membership.member_counts_v1 WHERE organization_id = $1 AND day <= $2`, [orgId, day])).rows[0].n;
  expect([await on(tree.cellA.id, '2023-05-31'), await on(tree.cellB.id, '2023-05-31')]).toEqual([4, null]);
  expect([await on(tree.cellA.id, '2023-06-01'), await on(tree.cellB.id, '2023-06-01'), await on(tree.province.id, '2023-06-01')]).toEqual([3, 1, 4]);
});
