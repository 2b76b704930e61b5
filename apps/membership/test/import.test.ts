/**
 * Bulk import of members (importMembers) through the gateway: a clean file, one bad row of each kind (all
 * reported by line and column, nothing written), the same file twice (no change), NFC and NFD text stored
 * identically, XLSX with extra columns and with a merged header cell, goodRowsOnly, dryRun, scope, the read
 * models equal to the raw events afterwards, and the family background (sensitive: never shown in a report).
 */
import ExcelJS from 'exceljs';
import { ADMIN, createOrg, createTree, expectError, officer, read, startMembershipPlatform, systemQuery, uniqueCitizenId, viewer, type MembershipPlatform } from './helpers';
import { PERMISSION_ROLES, type Caller } from '@party/subgraph-kit';

let p: MembershipPlatform;
let tree: Awaited<ReturnType<typeof createTree>>;
/** A cell established in 2010 (admissions before that are refused). */
let lateCell: { id: string; code: string };

const COLUMNS = [
  'fullName', 'gender', 'birthDate', 'birthplace', 'ethnicity', 'religion', 'citizenId', 'partyCardNumber', 'educationLevel', 'occupation',
  'youthUnion', 'source', 'organizationCode', 'admittedOn', 'admissionDecisionRef', 'ageExceptionRef', 'officialOn', 'recognitionDecisionRef',
  'terminatedOn', 'terminationReason', 'terminationDecisionRef',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number] | string, string>>;

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(rows: Row[], columns: readonly string[] = COLUMNS): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))].join('\n') + '\n';
}
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

const REPORT = 'totalRows validRows created unchanged imported ignoredColumns problems { line column reason }';
async function importFile(fileName: string, content: string | Buffer, opts: { goodRowsOnly?: boolean; dryRun?: boolean } = {}, as?: Caller) {
  return p.query(`mutation($input: ImportMembersInput!) { importMembers(input: $input) { ${REPORT} } }`, { input: { fileName, contentBase64: b64(content), ...opts } }, as);
}
async function imported(fileName: string, content: string | Buffer, opts: { goodRowsOnly?: boolean; dryRun?: boolean } = {}, as?: Caller) {
  const res = await importFile(fileName, content, opts, as);
  if (res.errors) throw new Error(`importMembers failed: ${JSON.stringify(res.errors)}`);
  return res.data.importMembers;
}

/** A valid row: an official member of `code` admitted on `admittedOn`. */
function member(code: string, over: Row = {}): Row {
  return {
    fullName: 'Nguyễn Văn An',
    gender: 'MALE',
    birthDate: '1985-04-12',
    birthplace: 'Ninh Hải, Ninh Thuận',
    ethnicity: 'Kinh',
    citizenId: uniqueCitizenId(),
    educationLevel: 'UNIVERSITY',
    occupation: 'Giáo viên',
    youthUnion: 'có',
    source: 'YOUTH_UNION',
    organizationCode: code,
    admittedOn: '2010-05-19',
    admissionDecisionRef: '12-QĐ/ĐU',
    officialOn: '2011-05-19',
    recognitionDecisionRef: '40-QĐ/ĐU',
    ...over,
  };
}

const counts = async () =>
  (
    await systemQuery(p, 
      `SELECT (SELECT count(*)::int FROM membership.member) AS members, (SELECT count(*)::int FROM membership.member_event) AS events,
              (SELECT count(*)::int FROM membership.member_segment) AS segments, (SELECT count(*)::int FROM membership.placement) AS placements,
              (SELECT count(*)::int FROM membership.admission_fact) AS facts, (SELECT coalesce(sum(abs(probationary) + abs(official)), 0)::int FROM membership.count_delta) AS deltas`,
    )
  )[0];

const memberCount = async (id: string, asOf: string) => (await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount } }`, { id, asOf })).organization.memberCount;

beforeAll(async () => {
  p = await startMembershipPlatform();
  tree = await createTree(p, 'IMP');
  lateCell = await createOrg(p, { name: 'Chi bộ mới IMP', kind: 'CELL', parentId: tree.committee.id, effectiveOn: '2010-01-01' });
});

afterAll(async () => {
  await p?.stop();
});

describe('a clean file', () => {
  const rows: Row[] = [];
  let report: any;
  beforeAll(async () => {
    const A = () => tree.cellA.code;
    rows.push(
      member(A(), { fullName: 'Trần Thị Bích', gender: 'Nữ', partyCardNumber: 'IMP-000001' }),
      member(A(), { fullName: 'Lê Văn Cường', birthDate: '02/03/1990', admittedOn: '15/06/2015', officialOn: '15/06/2016', partyCardNumber: 'IMP-000002' }),
      // Probationary (recognition not yet recorded).
      member(A(), { fullName: 'Phạm Thị Dung', gender: 'FEMALE', admittedOn: '2024-03-01', officialOn: '', recognitionDecisionRef: '' }),
      // Died as an official member.
      member(tree.cellB.code, { fullName: 'Hoàng Văn Em', birthDate: '1950-01-01', admittedOn: '2001-01-01', officialOn: '2002-01-01', terminatedOn: '2020-06-30', terminationReason: 'DECEASED', terminationDecisionRef: '88-QĐ/ĐU' }),
      // Probation not recognised; admitted at 17 with an exception.
      member(tree.cellB.code, { fullName: 'Võ Thị Gấm', gender: 'FEMALE', birthDate: '2005-09-01', admittedOn: '2023-03-01', ageExceptionRef: '05-CV/TU', officialOn: '', recognitionDecisionRef: '', terminatedOn: '2024-05-01', terminationReason: 'probation not recognized', terminationDecisionRef: '9-QĐ/ĐU' }),
    );
    report = await imported('register.csv', csv(rows), {}, officer([tree.province.id], 'importer-1'));
  });

  test('is imported whole: five members, no problems', () => {
    expect(report).toEqual({ totalRows: 5, validRows: 5, created: 5, unchanged: 0, imported: true, ignoredColumns: [], problems: [] });
  });

  test('the members are visible with their history and exact counts', async () => {
    expect(await memberCount(tree.cellA.id, '2026-01-01')).toBe(3);
    expect(await memberCount(tree.cellB.id, '2026-01-01')).toBe(0); // one died, one was not recognised
    expect(await memberCount(tree.cellB.id, '2020-06-29')).toBe(1);
    expect(await memberCount(tree.cellB.id, '2020-06-30')).toBe(0);
    expect(await memberCount(tree.cellB.id, '2023-06-01')).toBe(1);
    expect(await memberCount(tree.committee.id, '2024-04-01')).toBe(4);
    const data = await read(
      p,
      `query($id: ID!) { organization(id: $id, asOf: "2026-01-01") { members(includeDescendants: true, first: 50) { totalCount edges { node { fullName status gender admittedOn officialOn events { type effectiveOn decisionRef } } } } } }`,
      { id: tree.committee.id },
    );
    const byName = Object.fromEntries(data.organization.members.edges.map((e: any) => [e.node.fullName, e.node]));
    expect(data.organization.members.totalCount).toBe(3);
    expect(byName['Trần Thị Bích']).toMatchObject({ status: 'OFFICIAL', gender: 'FEMALE', admittedOn: '2010-05-19', officialOn: '2011-05-19' });
    expect(byName['Lê Văn Cường']).toMatchObject({ admittedOn: '2015-06-15', officialOn: '2016-06-15' });
    expect(byName['Lê Văn Cường'].events).toEqual([
      { type: 'ADMITTED', effectiveOn: '2015-06-15', decisionRef: '12-QĐ/ĐU' },
      { type: 'RECOGNIZED', effectiveOn: '2016-06-15', decisionRef: '40-QĐ/ĐU' },
    ]);
    expect(byName['Phạm Thị Dung']).toMatchObject({ status: 'PROBATIONARY', officialOn: null });
  });

  test('events carry the importer, the request and the file line; the age exception is noted', async () => {
    const rowsDb = await systemQuery(p, 
      `SELECT m.full_name, e.type, e.recorded_by, e.request_id IS NOT NULL AS has_request, e.data, e.note, e.reason
         FROM membership.member_event e JOIN membership.member m ON m.id = e.member_id WHERE m.full_name = 'Võ Thị Gấm' ORDER BY e.id`,
    );
    expect(rowsDb).toEqual([
      { full_name: 'Võ Thị Gấm', type: 'ADMITTED', recorded_by: 'importer-1', has_request: true, data: { import: { file: 'register.csv', line: 6 } }, note: 'Age exception: 05-CV/TU', reason: null },
      { full_name: 'Võ Thị Gấm', type: 'TERMINATED', recorded_by: 'importer-1', has_request: true, data: { import: { file: 'register.csv', line: 6 } }, note: null, reason: 'PROBATION_NOT_RECOGNIZED' },
    ]);
  });

  test('the read models equal the raw events: counts, admissions, facts', async () => {
    for (const day of ['2000-06-01', '2001-06-01', '2012-01-01', '2020-06-30', '2023-06-01', '2024-04-01', '2026-01-01']) {
      const [{ n }] = await systemQuery(p, 
        `SELECT count(*)::int AS n FROM membership.member_segment s JOIN membership.member m ON m.id = s.member_id
          WHERE s.valid_from <= $1 AND s.valid_to > $1 AND s.organization_id = ANY($2::uuid[])`,
        [day, [tree.cellA.id, tree.cellB.id, lateCell.id]],
      );
      expect(await memberCount(tree.province.id, day)).toBe(n);
      // memberStats of the province (a root: its running sums, added once for the whole file).
      const [raw] = await systemQuery(p,
        `SELECT count(*) FILTER (WHERE s.status = 'PROBATIONARY')::int AS probationary, count(*) FILTER (WHERE s.status = 'OFFICIAL')::int AS official,
                count(*) FILTER (WHERE m.gender = 'FEMALE' AND s.status IN ('PROBATIONARY', 'OFFICIAL'))::int AS women
           FROM membership.member_segment s JOIN membership.member m ON m.id = s.member_id
          WHERE s.valid_from <= $1 AND s.valid_to > $1 AND s.organization_id = ANY($2::uuid[])`,
        [day, [tree.cellA.id, tree.cellB.id, lateCell.id]],
      );
      const stats = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberStats { probationary official women } } }`, { id: tree.province.id, asOf: day });
      expect(stats.organization.memberStats).toEqual(raw);
    }
    const [{ admitted }] = await systemQuery(p, `SELECT count(*)::int AS admitted FROM membership.member_event WHERE type = 'ADMITTED' AND effective_on BETWEEN '2024-01-01' AND '2024-12-31'`);
    const adm = await read(p, `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { admissions(year: 2024) { total } } }`, { id: tree.province.id });
    expect(adm.organization.admissions.total).toBe(admitted);
    expect(adm.organization.admissions.total).toBe(1);
    const c = await counts();
    expect(c.facts).toBe(c.members);
  });

  test('the same file again changes nothing', async () => {
    const before = await counts();
    const again = await imported('register.csv', csv(rows), {}, officer([tree.province.id], 'importer-1'));
    expect(again).toEqual({ totalRows: 5, validRows: 5, created: 0, unchanged: 5, imported: true, ignoredColumns: [], problems: [] });
    expect(await counts()).toEqual(before);
    expect(await memberCount(tree.cellA.id, '2026-01-01')).toBe(3);
  });

  test('a registered member with other data is a problem naming each column', async () => {
    const before = await counts();
    const changed = [{ ...rows[0]!, fullName: 'Trần Thị Bích Ngọc', officialOn: '2011-06-01' }, rows[1]!];
    const res = await imported('register.csv', csv(changed));
    expect(res).toMatchObject({ totalRows: 2, validRows: 1, created: 0, unchanged: 1, imported: false });
    expect(res.problems.map((x: any) => [x.line, x.column])).toEqual([
      [2, 'fullName'],
      [2, 'officialOn'],
    ]);
    expect(res.problems[0].reason).toContain('differs from the member already registered with this citizen ID');
    expect(await counts()).toEqual(before);
  });

  test('the import is audited: one MUTATION row naming the created members', async () => {
    const rowsDb = await systemQuery(p, `SELECT kind, outcome, cardinality(target_ids)::int AS n, detail FROM membership.audit_log WHERE actor = 'importer-1' ORDER BY id`);
    expect(rowsDb).toEqual([
      { kind: 'MUTATION', outcome: 'OK', n: 5, detail: { rootFields: ['importMembers'], errors: [] } },
      { kind: 'MUTATION', outcome: 'OK', n: 0, detail: { rootFields: ['importMembers'], errors: [] } },
    ]);
  });
});

describe('a file with one bad row of each kind', () => {
  const taken = uniqueCitizenId();
  const bad: [Row, string, string][] = [];
  let file: string;
  beforeAll(async () => {
    // A member the register already holds (for the duplicate against the database).
    await imported('seed.csv', csv([member(tree.cellA.code, { fullName: 'Đặng Văn Có', citizenId: taken, partyCardNumber: 'IMP-TAKEN' })]));
    const A = tree.cellA.code;
    const dup = uniqueCitizenId();
    bad.push(
      [member(A, { fullName: '' }), 'fullName', 'is required'],
      [member(A, { fullName: 'X'.repeat(201) }), 'fullName', 'must be at most 200 characters'],
      [member(A, { gender: 'other' }), 'gender', 'is not one of MALE, FEMALE'],
      [member(A, { birthDate: '1985-13-01' }), 'birthDate', 'is not a day of the calendar'],
      [member(A, { birthDate: '12.04.1985' }), 'birthDate', 'is not a date'],
      [member(A, { admittedOn: '2099-01-01', officialOn: '', recognitionDecisionRef: '' }), 'admittedOn', 'is in the future'],
      [member(A, { birthDate: '2000-01-01', admittedOn: '2010-05-19' }), 'ageExceptionRef', 'admission needs age 18 to 60'],
      [member(A, { admittedOn: '2010-05-19', officialOn: '2011-01-19' }), 'officialOn', 'no earlier than 12 months'],
      [member(A, { recognitionDecisionRef: '' }), 'recognitionDecisionRef', 'is required with officialOn'],
      [member('NO-SUCH-CELL'), 'organizationCode', 'no organisation has the code NO-SUCH-CELL'],
      [member(tree.committee.code), 'organizationCode', 'members belong to a CELL or GRASSROOTS_CELL'],
      [member(lateCell.code, { admittedOn: '2005-01-01', officialOn: '2006-01-01' }), 'organizationCode', 'did not exist on the admission day 2005-01-01'],
      [member(A, { citizenId: '12345' }), 'citizenId', 'must be 12 digits'],
      [member(A, { citizenId: '', partyCardNumber: '' }), 'citizenId', 'a citizen ID or a party card number is required'],
      [member(A, { partyCardNumber: 'bad card!' }), 'partyCardNumber', 'must be 4 to 20 letters'],
      [member(A, { citizenId: dup }), '', ''], // the first of a duplicated pair is fine
      [member(A, { citizenId: dup }), 'citizenId', 'has the same citizen ID'],
      [member(A, { partyCardNumber: 'IMP-DUP-1' }), '', ''],
      [member(A, { partyCardNumber: 'imp-dup-1' }), 'partyCardNumber', 'has the same party card number'],
      [member(A, { fullName: 'Đặng Văn Khác', citizenId: taken, partyCardNumber: 'IMP-TAKEN' }), 'fullName', 'differs from the member already registered'],
      [member(A, { source: 'ALIENS' }), 'source', 'is not one of STUDENT'],
      [member(A, { educationLevel: 'PHD' }), 'educationLevel', 'is not one of PRIMARY'],
      [member(A, { youthUnion: 'maybe' }), 'youthUnion', 'is not yes or no'],
      [member(A, { terminatedOn: '2015-01-01', terminationReason: 'RETIRED', terminationDecisionRef: '1-QĐ' }), 'terminationReason', 'is not one of STRUCK_OFF'],
      [member(A, { terminatedOn: '2015-01-01', terminationReason: 'PROBATION_NOT_RECOGNIZED', terminationDecisionRef: '1-QĐ' }), 'terminationReason', 'applies to probationary members only'],
      [member(A, { terminatedOn: '2015-01-01', terminationReason: 'WITHDRAWN' }), 'terminationDecisionRef', 'is required with terminatedOn'],
      [member(A, { terminatedOn: '2011-01-01', terminationReason: 'WITHDRAWN', terminationDecisionRef: '1-QĐ' }), 'terminatedOn', 'must not be before the recognition on 2011-05-19'],
      [member(A, { admissionDecisionRef: '' }), 'admissionDecisionRef', 'is required'],
      [member(A, { fullName: 'Ngô Văn\u0007 Tab' }), 'fullName', 'must not contain control characters'],
      [member(A, { fullName: 'Hồ Thị Tốt', gender: 'FEMALE', partyCardNumber: 'IMP-GOOD-1' }), '', ''],
    );
    file = csv(bad.map(([r]) => r));
  });

  test('every bad row is reported with its line and column, and nothing is written', async () => {
    const before = await counts();
    const res = await imported('bad.csv', file);
    const expected = bad.flatMap(([, column, reason], i) => (column ? [{ line: i + 2, column, reason }] : []));
    expect(res).toMatchObject({ totalRows: bad.length, validRows: 3, created: 0, unchanged: 0, imported: false });
    expect(res.problems.map((x: any) => [x.line, x.column])).toEqual(expected.map((x) => [x.line, x.column]));
    res.problems.forEach((x: any, i: number) => expect(x.reason).toContain(expected[i]!.reason));
    expect(await counts()).toEqual(before);
  });

  test('a dry run reports the same and writes nothing', async () => {
    const before = await counts();
    const res = await imported('bad.csv', file, { dryRun: true, goodRowsOnly: true });
    expect(res).toMatchObject({ totalRows: bad.length, validRows: 3, created: 0, imported: false });
    expect(res.problems).toHaveLength(bad.filter(([, c]) => c).length);
    expect(await counts()).toEqual(before);
  });

  test('goodRowsOnly imports the good rows and reports the others', async () => {
    const before = await counts();
    const res = await imported('bad.csv', file, { goodRowsOnly: true });
    expect(res).toMatchObject({ totalRows: bad.length, validRows: 3, created: 3, unchanged: 0, imported: true });
    expect(res.problems).toHaveLength(bad.filter(([, c]) => c).length);
    const after = await counts();
    expect(after.members - before.members).toBe(3);
    expect(after.events - before.events).toBe(6);
    const good = await systemQuery(p, `SELECT full_name, party_card_number FROM membership.member WHERE party_card_number IN ('IMP-DUP-1', 'IMP-GOOD-1') ORDER BY party_card_number`);
    expect(good).toEqual([
      { full_name: 'Nguyễn Văn An', party_card_number: 'IMP-DUP-1' },
      { full_name: 'Hồ Thị Tốt', party_card_number: 'IMP-GOOD-1' },
    ]);
  });
});

describe('Vietnamese text in NFC and NFD', () => {
  test('is stored identically and found by search in either form', async () => {
    const nfc = 'Nguyễn Thị Hằng Ước'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const place = 'Phước Hải'.normalize('NFD');
    const ids = [uniqueCitizenId(), uniqueCitizenId()];
    const rows = [member(tree.cellB.code, { fullName: nfc, citizenId: ids[0] }), member(tree.cellB.code, { fullName: nfd, birthplace: place, citizenId: ids[1] })];
    const res = await imported('unicode.csv', csv(rows));
    expect(res).toMatchObject({ created: 2, problems: [] });
    const stored = await systemQuery(p, `SELECT full_name, birthplace FROM membership.member WHERE citizen_id = ANY($1) ORDER BY citizen_id = $2 DESC`, [ids, ids[0]]);
    expect(stored.map((r: any) => r.full_name)).toEqual([nfc, nfc]);
    expect(stored[1].birthplace).toBe('Phước Hải'.normalize('NFC'));
    for (const text of [nfc, nfd, 'hang uoc']) {
      const found = await read(p, `query($text: String!, $under: ID!) { searchMembers(text: $text, under: $under, asOf: "2026-01-01") { totalCount edges { node { fullName } } } }`, { text, under: tree.province.id });
      expect(found.searchMembers.totalCount).toBe(2);
    }
    // The NFD row imported again is the same member: unchanged.
    const again = await imported('unicode.csv', csv(rows.reverse()));
    expect(again).toMatchObject({ created: 0, unchanged: 2, imported: true, problems: [] });
  });
});

describe('XLSX', () => {
  async function workbook(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb.addWorksheet('Đảng viên'));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  test('Vietnamese headers, real dates and extra columns: imported, the extra columns listed as ignored', async () => {
    const cid = uniqueCitizenId();
    const file = await workbook((ws) => {
      ws.addRow(['STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Mã chi bộ', 'Ngày vào Đảng', 'Số quyết định kết nạp', 'Ngày chính thức', 'Số quyết định công nhận chính thức', 'Ghi chú']);
      ws.addRow([1, 'Mai Văn Xuân', 'Nam', new Date(Date.UTC(1980, 0, 2)), cid, tree.cellB.code, new Date(Date.UTC(2008, 1, 3)), '3-QĐ/ĐU', new Date(Date.UTC(2009, 1, 3)), '4-QĐ/ĐU', 'chuyển về từ tỉnh khác']);
    });
    const res = await imported('dang-vien.xlsx', file);
    expect(res).toEqual({ totalRows: 1, validRows: 1, created: 1, unchanged: 0, imported: true, ignoredColumns: ['STT', 'Ghi chú'], problems: [] });
    const [m] = await systemQuery(p, `SELECT full_name, gender, birth_date::text AS birth_date, admitted_on::text AS admitted_on, official_on::text AS official_on FROM membership.member WHERE citizen_id = $1`, [cid]);
    expect(m).toEqual({ full_name: 'Mai Văn Xuân', gender: 'MALE', birth_date: '1980-01-02', admitted_on: '2008-02-03', official_on: '2009-02-03' });
  });

  test('a merged header cell: a clear problem on the header line, nothing imported', async () => {
    const before = await counts();
    const file = await workbook((ws) => {
      ws.addRow(['fullName', 'gender', 'birthDate', 'citizenId', 'organizationCode', 'admittedOn', 'admissionDecisionRef', '']);
      ws.addRow(['Mai Thị Hoa', 'FEMALE', '1980-01-02', uniqueCitizenId(), tree.cellB.code, '2008-02-03', '3-QĐ/ĐU', '']);
      ws.mergeCells('G1:H1');
    });
    const res = await imported('merged.xlsx', file, { goodRowsOnly: true });
    expect(res).toMatchObject({ created: 0, imported: false });
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0]).toMatchObject({ line: 1, column: 'admissionDecisionRef' });
    expect(res.problems[0].reason).toContain('merged header cells (G1:H1)');
    expect(await counts()).toEqual(before);
  });

  test('a missing required column is named on line 1', async () => {
    const res = await imported('missing.csv', 'fullName,gender,birthDate,citizenId,admittedOn,admissionDecisionRef\nA,MALE,1980-01-01,123456789012,2010-01-01,1-QĐ\n');
    expect(res).toMatchObject({ created: 0, imported: false, problems: [{ line: 1, column: 'organizationCode' }] });
  });
});

describe('who may import', () => {
  test('a row whose cell is outside the caller\'s organisations refuses the file', async () => {
    const before = await counts();
    const rows = [member(tree.cellB.code), member(tree.cellA.code), member(tree.cellA.code)];
    const res = await importFile('scope.csv', csv(rows), { goodRowsOnly: true }, officer([tree.cellB.id], 'importer-scope'));
    const e = expectError(res, 'FORBIDDEN', 'input.contentBase64');
    expect(e.message).toContain('2 row(s) name a cell outside your organisations (line 3, 4)');
    expect(e.extensions!.problems).toEqual([
      { field: 'line 3, organizationCode', message: expect.stringContaining('is outside your organisations on 2010-05-19') },
      { field: 'line 4, organizationCode', message: expect.stringContaining('is outside your organisations on 2010-05-19') },
    ]);
    expect(await counts()).toEqual(before);
    const [denied] = await systemQuery(p, `SELECT kind, outcome FROM membership.audit_log WHERE actor = 'importer-scope' AND kind = 'DENIED'`);
    expect(denied).toEqual({ kind: 'DENIED', outcome: 'FORBIDDEN' });
  });

  test('a cell moved since: the officers of where it was on the admission day and of where it is today may import', async () => {
    const district2 = await createOrg(p, { name: 'Huyện mới IMP', kind: 'DISTRICT', parentId: tree.province.id });
    const committee2 = await createOrg(p, { name: 'Đảng bộ xã mới IMP', kind: 'GRASSROOTS_COMMITTEE', parentId: district2.id });
    const moved = await createOrg(p, { name: 'Chi bộ chuyển IMP', kind: 'CELL', parentId: tree.committee.id });
    const res = await p.query(`mutation($input: MoveOrganizationInput!) { moveOrganization(input: $input) { __typename } }`, {
      input: { id: moved.id, newParentId: committee2.id, effectiveOn: '2020-01-01', decisionRef: 'QĐ-CHUYEN' },
    });
    expect(res.errors).toBeUndefined();
    const then = await imported('moved.csv', csv([member(moved.code)]), {}, officer([tree.district.id]));
    expect(then).toMatchObject({ created: 1, imported: true });
    const now = await imported('moved.csv', csv([member(moved.code)]), {}, officer([district2.id]));
    expect(now).toMatchObject({ created: 1, imported: true });
    expect(await memberCount(district2.id, '2026-01-01')).toBe(2);
    expect(await memberCount(moved.id, '2015-01-01')).toBe(2);
    const before = await counts();
    expectError(await importFile('moved.csv', csv([member(moved.code)]), {}, officer([tree.cellA.id])), 'FORBIDDEN', 'input.contentBase64');
    expect(await counts()).toEqual(before);
  });

  test('the officer of the cell imports its members', async () => {
    const res = await imported('scope.csv', csv([member(tree.cellB.code)]), {}, officer([tree.cellB.id]));
    expect(res).toMatchObject({ created: 1, imported: true });
  });

  test('viewers may not import', async () => {
    const res = await importFile('x.csv', csv([member(tree.cellB.code)]), {}, viewer([tree.province.id]));
    expectError(res, 'FORBIDDEN');
  });

  test('bad input is named: the file name, the encoding', async () => {
    expectError(await p.query(`mutation { importMembers(input: { fileName: "register.xls", contentBase64: "YQ==" }) { created } }`, {}, ADMIN), 'BAD_USER_INPUT', 'input.fileName');
    expectError(await p.query(`mutation { importMembers(input: { fileName: "register.csv", contentBase64: "not base64!" }) { created } }`, {}, ADMIN), 'BAD_USER_INPUT', 'input.contentBase64');
  });
});

describe('family background (sensitive personal data)', () => {
  const FAMILY = 'Cha: Nguyễn Văn Bình, nông dân, cựu chiến binh.\nMẹ: Trần Thị Hoa, làm ruộng; không tham gia tổ chức chính trị nào khác.';
  /** The Vietnamese header of the column. */
  const LL = 'Lý lịch gia đình';
  const columns = [...COLUMNS, LL];
  const ids = { family: uniqueCitizenId(), max: uniqueCitizenId(), none: uniqueCitizenId() };
  let rows: Row[];
  const familyOf = async (citizenId: string) => {
    const [{ id }] = await systemQuery(p, `SELECT id FROM membership.member WHERE citizen_id = $1`, [citizenId]);
    return (await read(p, `query($id: ID!) { member(id: $id) { familyBackground } }`, { id }, officer([tree.province.id]))).member.familyBackground;
  };

  beforeAll(async () => {
    rows = [
      // In NFD (as from a Mac), over two lines of its cell.
      member(tree.cellA.code, { fullName: 'Đinh Thị Lý', gender: 'FEMALE', citizenId: ids.family, [LL]: FAMILY.normalize('NFD') }),
      member(tree.cellA.code, { fullName: 'Đinh Văn Dài', citizenId: ids.max, [LL]: 'y'.repeat(2000) }),
      member(tree.cellA.code, { fullName: 'Đinh Văn Không', citizenId: ids.none }),
    ];
  });

  test('is imported (NFC, line breaks kept, 2,000 characters taken) and read back by an officer', async () => {
    const res = await imported('ly-lich.csv', csv(rows, columns), {}, officer([tree.province.id]));
    expect(res).toEqual({ totalRows: 3, validRows: 3, created: 3, unchanged: 0, imported: true, ignoredColumns: [], problems: [] });
    expect(await familyOf(ids.family)).toBe(FAMILY.normalize('NFC'));
    expect(await familyOf(ids.max)).toBe('y'.repeat(2000));
    expect(await familyOf(ids.none)).toBeNull();
  });

  test('over 2,000 characters: a problem on its line and column, nothing written', async () => {
    const before = await counts();
    const file = csv([member(tree.cellA.code, { citizenId: uniqueCitizenId() }), member(tree.cellA.code, { citizenId: uniqueCitizenId(), [LL]: 'x'.repeat(2001) })], columns);
    const res = await imported('too-long.csv', file, {}, officer([tree.province.id]));
    expect(res).toEqual({
      totalRows: 2,
      validRows: 1,
      created: 0,
      unchanged: 0,
      imported: false,
      ignoredColumns: [],
      problems: [{ line: 3, column: 'familyBackground', reason: 'must be at most 2000 characters' }],
    });
    expect(await counts()).toEqual(before);
  });

  test('the same file again (NFC or NFD) is unchanged', async () => {
    const before = await counts();
    const again = await imported('ly-lich.csv', csv(rows, columns), {}, officer([tree.province.id]));
    expect(again).toEqual({ totalRows: 3, validRows: 3, created: 0, unchanged: 3, imported: true, ignoredColumns: [], problems: [] });
    const nfc = rows.map((r) => (r[LL] ? { ...r, [LL]: r[LL]!.normalize('NFC') } : r));
    expect(await imported('ly-lich.csv', csv(nfc, columns), {}, officer([tree.province.id]))).toMatchObject({ created: 0, unchanged: 3, problems: [] });
    expect(await counts()).toEqual(before);
  });

  test('another family background is a problem in that column that does not show the registered text', async () => {
    const before = await counts();
    const changed = [{ ...rows[0]!, [LL]: 'Cha: Nguyễn Văn Bình.' }, { ...rows[1]!, [LL]: '' }, { ...rows[2]!, [LL]: 'Mẹ: Lê Thị Hà.' }];
    const res = await imported('ly-lich.csv', csv(changed, columns), {}, officer([tree.province.id]));
    expect(res).toMatchObject({ totalRows: 3, validRows: 0, created: 0, unchanged: 0, imported: false });
    expect(res.problems.map((x: any) => [x.line, x.column])).toEqual([
      [2, 'familyBackground'],
      [3, 'familyBackground'],
      [4, 'familyBackground'],
    ]);
    // Registered text is named in words; a member with none shows null, as for any column.
    expect(res.problems[0].reason).toContain('differs from the member already registered with this citizen ID (registered: another text)');
    expect(res.problems[1].reason).toContain('(registered: another text)');
    expect(res.problems[2].reason).toContain('(registered: null)');
    const reasons = JSON.stringify(res.problems);
    for (const part of ['Cha', 'Mẹ', 'Hoa', 'yyyy', 'cựu chiến binh']) expect(reasons).not.toContain(part);
    expect(await counts()).toEqual(before);
    expect(await familyOf(ids.family)).toBe(FAMILY.normalize('NFC'));
  });

  test('whoever may import may read it: every role that writes holds SENSITIVE_PERSONAL_DATA', () => {
    // importMembers asks for WRITE only: a writer without the sensitive permission would import (and compare) the column.
    const sensitive: readonly string[] = PERMISSION_ROLES.SENSITIVE_PERSONAL_DATA;
    expect(PERMISSION_ROLES.WRITE.filter((r) => !sensitive.includes(r))).toEqual([]);
  });
});
