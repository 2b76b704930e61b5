/**
 * Bulk import of organisations (importOrganizations), through the gateway as clients send it: a file
 * base64-encoded in the request, the report back. Each case checks the exact report and what the tree
 * holds afterwards.
 */
import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type TestPlatform } from '@party/testing';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { startOrganizationSubgraph } from '../src/app';
import { loadOrganizationConfig } from '../src/config';
import { ADMIN, createOrg, officer, read, uniqueCode, viewer } from './helpers';

let p: TestPlatform;
let db: DataSource;
let province: { id: string; code: string };
let district: { id: string; code: string };
let otherDistrict: { id: string; code: string };

beforeAll(async () => {
  p = await startPlatform({
    organization: async (env) => {
      const server = await startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) });
      db = server.dataSource;
      return server;
    },
  });
  province = await createOrg(p, { name: 'Đảng bộ tỉnh Nhập liệu', kind: 'PROVINCIAL', effectiveOn: '2010-01-01' });
  district = await createOrg(p, { name: 'Đảng bộ huyện Một', kind: 'DISTRICT', parentId: province.id, effectiveOn: '2010-01-01' });
  otherDistrict = await createOrg(p, { name: 'Đảng bộ huyện Hai', kind: 'DISTRICT', parentId: province.id, effectiveOn: '2010-01-01' });
});
afterAll(() => p?.stop());

const HEADER = ['code', 'name', 'kind', 'sector', 'parent code', 'established on', 'decision reference'];
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][], header = HEADER) => Buffer.from([header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');

const REPORT = 'totalRows validRows created unchanged imported problems { line column reason } ignoredColumns';
type Report = { totalRows: number; validRows: number; created: number; unchanged: number; imported: boolean; problems: { line: number; column: string | null; reason: string }[]; ignoredColumns: string[] };

async function importFile(fileName: string, content: Buffer, extra: Record<string, unknown> = {}, as: Caller = ADMIN) {
  return p.query<{ importOrganizations: Report }>(
    `mutation($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { ${REPORT} } }`,
    { input: { fileName, contentBase64: content.toString('base64'), ...extra } },
    as,
  );
}
async function imported(fileName: string, content: Buffer, extra: Record<string, unknown> = {}, as: Caller = ADMIN): Promise<Report> {
  const res = await importFile(fileName, content, extra, as);
  if (res.errors) throw new Error(`importOrganizations failed: ${JSON.stringify(res.errors)}`);
  return res.data!.importOrganizations;
}

/** Row counts of every table a tree change writes. */
async function counts() {
  const [c] = await db.query(`SELECT (SELECT count(*) FROM organization)::int AS organizations, (SELECT count(*) FROM organization_version)::int AS versions,
      (SELECT count(*) FROM organization_change)::int AS changes, (SELECT count(*) FROM organization_change_subject)::int AS subjects`);
  return c as { organizations: number; versions: number; changes: number; subjects: number };
}

const ORG = `code name kind sector depth validFrom parent { code } ancestors { code } changes { type effectiveOn decisionRef recordedBy }`;

test('a clean CSV file: every row created under the right parent (children before parents in the file), one ESTABLISH change per day and decision, audited', async () => {
  const gc = uniqueCode('GC');
  const rows = [
    [`${gc}-C1`, 'Chi bộ thôn Mỹ Tường 1', 'CELL', 'RESIDENTIAL_AREA', gc, '15/03/2021', '45-QĐ/HU'],
    [gc, 'Đảng bộ xã Nhơn Hải', 'GRASSROOTS_COMMITTEE', 'COMMUNE', district.code, '2020-01-01', '12-QĐ/TU'],
    [`${gc}-C2`, 'Chi bộ thôn Khánh Tường', 'Chi bộ trực thuộc', 'Thôn', gc, '2021-03-15', '45-QĐ/HU'],
    [`${gc}-TH`, 'Chi bộ Trường Tiểu học Nhơn Hải', 'Chi bộ cơ sở', 'SCHOOL', district.code, '2020-01-01', '12-QĐ/TU'],
  ];
  const before = await counts();
  const report = await imported('to-chuc.csv', csv(rows));
  expect(report).toEqual({ totalRows: 4, validRows: 4, created: 4, unchanged: 0, imported: true, problems: [], ignoredColumns: [] });
  expect(await counts()).toEqual({ organizations: before.organizations + 4, versions: before.versions + 4, changes: before.changes + 2, subjects: before.subjects + 4 });

  const data = await read(p, `query($a: String!, $b: String!) { a: organization(code: $a, asOf: "2021-03-15") { ${ORG} } b: organization(code: $b, asOf: "2021-03-15") { ${ORG} } }`, { a: `${gc}-C2`, b: `${gc}-TH` });
  expect(data.a).toEqual({
    code: `${gc}-C2`, name: 'Chi bộ thôn Khánh Tường', kind: 'CELL', sector: 'RESIDENTIAL_AREA', depth: 3, validFrom: '2021-03-15',
    parent: { code: gc }, ancestors: [{ code: province.code }, { code: district.code }, { code: gc }],
    changes: [{ type: 'ESTABLISH', effectiveOn: '2021-03-15', decisionRef: '45-QĐ/HU', recordedBy: ADMIN.userId }],
  });
  expect(data.b).toMatchObject({ kind: 'GRASSROOTS_CELL', sector: 'SCHOOL', depth: 2, validFrom: '2020-01-01', parent: { code: district.code } });
  // Before its establishment day the cell is not there; the district counts its new descendants.
  const d = await read(p, `query($id: ID!) { early: organization(code: "${gc}-C1", asOf: "2021-03-14") { id } organization(id: $id, asOf: "2021-03-15") { descendants { totalCount } } }`, { id: district.id });
  expect(d.early).toBeNull();
  expect(d.organization.descendants.totalCount).toBe(4);
  // The published read model holds the new versions as createOrganization writes them.
  const tree = await db.query(`SELECT code, depth, valid_from, valid_to FROM tree_v1 WHERE code LIKE $1 ORDER BY code`, [`${gc}%`]);
  expect(tree).toEqual([
    { code: gc, depth: 2, valid_from: '2020-01-01', valid_to: 'infinity' },
    { code: `${gc}-C1`, depth: 3, valid_from: '2021-03-15', valid_to: 'infinity' },
    { code: `${gc}-C2`, depth: 3, valid_from: '2021-03-15', valid_to: 'infinity' },
    { code: `${gc}-TH`, depth: 2, valid_from: '2020-01-01', valid_to: 'infinity' },
  ]);
  const [audit] = await db.query(`SELECT actor, kind, outcome, detail FROM audit_log ORDER BY id DESC LIMIT 1`);
  expect(audit).toEqual({ actor: ADMIN.userId, kind: 'MUTATION', outcome: 'OK', detail: { rootFields: ['importOrganizations'], errors: [] } });
});

test('one bad row of each kind: every one reported with line, column and reason, nothing written', async () => {
  const [a, dup, taken] = [uniqueCode('A'), uniqueCode('DUP'), uniqueCode('TAKEN')];
  await imported('taken.csv', csv([[taken, 'Chi bộ Đã có', 'GRASSROOTS_CELL', '', district.code, '2020-01-01', '1-QĐ']]));
  const [x, y, late] = [uniqueCode('X'), uniqueCode('Y'), uniqueCode('LATE')];
  const rows = [
    [a, 'Đảng bộ xã Tốt', 'GRASSROOTS_COMMITTEE', 'COMMUNE', district.code, '2020-01-01', '2-QĐ'], // line 2: good
    [uniqueCode('N'), '', 'CELL', '', a, '2020-01-01', '2-QĐ'], // 3: name required
    ['bad code!', 'Chi bộ Mã sai', 'CELL', '', a, '2020-01-01', '2-QĐ'], // 4: code format
    [uniqueCode('K'), 'Chi bộ Loại lạ', 'TEAM', '', a, '2020-01-01', '2-QĐ'], // 5: unknown kind
    [uniqueCode('U'), 'Chi bộ Sai cấp', 'CELL', '', district.code, '2020-01-01', '2-QĐ'], // 6: kind under parent
    [uniqueCode('S'), 'Chi bộ Khối lạ', 'CELL', 'FARM', a, '2020-01-01', '2-QĐ'], // 7: unknown sector
    [uniqueCode('D'), 'Chi bộ Ngày sai', 'CELL', '', a, '31/02/2020', '2-QĐ'], // 8: not a day
    [uniqueCode('E'), 'Chi bộ Quá sớm', 'GRASSROOTS_CELL', '', district.code, '2009-12-31', '2-QĐ'], // 9: before the parent existed
    [uniqueCode('P'), 'Chi bộ Không cha', 'CELL', '', 'NO-SUCH-CODE', '2020-01-01', '2-QĐ'], // 10: unknown parent
    [dup, 'Chi bộ Trùng 1', 'CELL', '', a, '2020-01-01', '2-QĐ'], // 11: code twice
    [dup, 'Chi bộ Trùng 2', 'CELL', '', a, '2020-01-01', '2-QĐ'], // 12: code twice
    [taken, 'Chi bộ Tên khác', 'GRASSROOTS_CELL', '', district.code, '2020-01-01', '1-QĐ'], // 13: exists with other data
    [uniqueCode('L'), 'Chi bộ ' + 'dài '.repeat(60), 'CELL', '', a, '2020-01-01', '2-QĐ'], // 14: name too long
    [x, 'Chi bộ Vòng X', 'CELL', '', y, '2020-01-01', '2-QĐ'], // 15: cycle
    [y, 'Chi bộ Vòng Y', 'CELL', '', x, '2020-01-01', '2-QĐ'], // 16: cycle
    [late, 'Đảng bộ Muộn', 'GRASSROOTS_COMMITTEE', '', district.code, '2022-01-01', '3-QĐ'], // 17: good
    [uniqueCode('EARLY'), 'Chi bộ Trước cha', 'CELL', '', late, '2021-01-01', '3-QĐ'], // 18: before its parent in the file
    [uniqueCode('R'), 'Chi bộ Không số', 'CELL', '', a, '2020-01-01', ''], // 19: decision reference required
  ];
  const before = await counts();
  const report = await imported('loi.csv', csv(rows));
  expect(report).toEqual({
    totalRows: 18,
    validRows: 2,
    created: 0,
    unchanged: 0,
    imported: false,
    ignoredColumns: [],
    problems: [
      { line: 3, column: 'name', reason: 'is required' },
      { line: 4, column: 'code', reason: 'must be 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit' },
      { line: 5, column: 'kind', reason: '"TEAM" is not one of CENTRAL, PROVINCIAL, DISTRICT, COMMUNE, AFFILIATED, GRASSROOTS_COMMITTEE, GRASSROOTS_CELL, SUB_COMMITTEE, CELL' },
      { line: 6, column: 'kind', reason: `a CELL cannot sit under ${district.code} (DISTRICT); it may sit under GRASSROOTS_COMMITTEE or SUB_COMMITTEE` },
      { line: 7, column: 'sector', reason: '"FARM" is not one of COMMUNE, WARD, STATE_AGENCY, PUBLIC_SERVICE_UNIT, STATE_ENTERPRISE, NON_STATE_ENTERPRISE, ARMED_FORCES, SCHOOL, RESIDENTIAL_AREA' },
      { line: 8, column: 'establishedOn', reason: '"31/02/2020" is not a day of the calendar (1900–2100)' },
      { line: 9, column: 'establishedOn', reason: `${district.code} (parentCode) was established on 2010-01-01; 2009-12-31 is before it existed` },
      { line: 10, column: 'parentCode', reason: 'no organisation has the code NO-SUCH-CODE, in the database or in this file' },
      { line: 11, column: 'code', reason: `code ${dup} is given more than once (lines 11, 12)` },
      { line: 12, column: 'code', reason: `code ${dup} is given more than once (lines 11, 12)` },
      { line: 13, column: 'name', reason: `${taken} already exists with name "Chi bộ Đã có", not "Chi bộ Tên khác"; an import only adds organisations (record changes with the tree mutations)` },
      { line: 14, column: 'name', reason: 'must be at most 200 characters' },
      { line: 15, column: 'parentCode', reason: `the parents form a cycle: ${x} (line 15) → ${y} (line 16) → ${x} (line 15)` },
      { line: 16, column: 'parentCode', reason: `the parents form a cycle: ${x} (line 15) → ${y} (line 16) → ${x} (line 15)` },
      { line: 18, column: 'establishedOn', reason: `2021-01-01 is before its parent ${late} (line 17) is established on 2022-01-01` },
      { line: 19, column: 'decisionRef', reason: 'is required' },
    ],
  });
  expect(await counts()).toEqual(before);
  expect((await read(p, `query($c: String!) { organization(code: $c) { id } }`, { c: a })).organization).toBeNull();
});

test('the same file twice: the second import changes nothing and says every row is unchanged', async () => {
  const gc = uniqueCode('TWICE');
  const file = csv([
    [gc, 'Đảng bộ Công ty Muối', 'GRASSROOTS_COMMITTEE', 'STATE_ENTERPRISE', district.code, '2020-06-01', '7-QĐ/TU'],
    [`${gc}-1`, 'Chi bộ Phân xưởng 1', 'CELL', '', gc, '2020-06-01', '7-QĐ/TU'],
    [`${gc}-2`, 'Chi bộ Phân xưởng 2', 'CELL', '', gc, '2020-06-01', '7-QĐ/TU'],
  ]);
  expect(await imported('twice.csv', file)).toMatchObject({ created: 3, unchanged: 0, imported: true, problems: [] });
  const before = await counts();
  const snapshot = await db.query(`SELECT * FROM organization_version ORDER BY id`);
  expect(await imported('twice.csv', file)).toEqual({ totalRows: 3, validRows: 3, created: 0, unchanged: 3, imported: true, problems: [], ignoredColumns: [] });
  expect(await counts()).toEqual(before);
  expect(await db.query(`SELECT * FROM organization_version ORDER BY id`)).toEqual(snapshot);
  // One cell changed in the file: that row's problem names the column; nothing written.
  const changed = csv([
    [gc, 'Đảng bộ Công ty Muối', 'GRASSROOTS_COMMITTEE', 'STATE_ENTERPRISE', district.code, '2020-06-01', '7-QĐ/TU'],
    [`${gc}-1`, 'Chi bộ Phân xưởng 1', 'CELL', '', gc, '2020-06-02', '7-QĐ/TU'],
  ]);
  expect(await imported('twice.csv', changed)).toMatchObject({
    created: 0, unchanged: 1, imported: false,
    problems: [{ line: 3, column: 'establishedOn', reason: `${gc}-1 already exists with establishedOn "2020-06-01", not "2020-06-02"; an import only adds organisations (record changes with the tree mutations)` }],
  });
  expect(await counts()).toEqual(before);
});

test('Vietnamese names in NFC and NFD are stored identically (NFC) and found by search without diacritics', async () => {
  const nfc = 'Chi bộ Khu phố Phước Hải Đông';
  const nfd = nfc.normalize('NFD');
  expect(nfd).not.toBe(nfc);
  const gc = uniqueCode('NFD');
  const report = await imported('nfd.csv', csv([
    [gc, 'Đảng bộ phường Đông Hải'.normalize('NFD'), 'GRASSROOTS_COMMITTEE', 'WARD', district.code, '2020-01-01', '5-QĐ'],
    [`${gc}-1`, nfd, 'CELL', 'Khu phố'.normalize('NFD'), gc, '2020-01-01', '5-QĐ'],
    [`${gc}-2`, `${nfc} 2`, 'CELL', 'Khu phố', gc, '2020-01-01', '5-QĐ'],
  ], HEADER.map((h) => h.normalize('NFD'))));
  expect(report).toMatchObject({ created: 3, problems: [] });
  const rows: { code: string; name: string }[] = await db.query(`SELECT code, name FROM organization_version WHERE code LIKE $1 ORDER BY code`, [`${gc}-%`]);
  expect(rows).toEqual([{ code: `${gc}-1`, name: nfc }, { code: `${gc}-2`, name: `${nfc} 2` }]);
  expect(Buffer.from(rows[0]!.name)).toEqual(Buffer.from(nfc));
  const found = await read(p, `query($under: ID!) { searchOrganizations(text: "phuoc hai dong", under: $under, asOf: "2020-01-01") { code name } }`, { under: district.id });
  expect(found.searchOrganizations).toEqual([{ code: `${gc}-1`, name: nfc }, { code: `${gc}-2`, name: `${nfc} 2` }]);
  // The NFC spelling of the same row is the same organisation: unchanged.
  const again = await imported('nfc.csv', csv([[`${gc}-1`, nfc, 'CELL', 'RESIDENTIAL_AREA', gc, '2020-01-01', '5-QĐ']]));
  expect(again).toMatchObject({ created: 0, unchanged: 1, imported: true, problems: [] });
});

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Danh sách'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('XLSX: Vietnamese headers, date cells and extra columns (ignored and listed) import; merged header cells are refused naming the column', async () => {
  const gc = uniqueCode('XL');
  const good = await xlsx((ws) => {
    ws.addRow(['Mã', 'Tên tổ chức', 'Loại', 'Số điện thoại', 'Mã cấp trên', 'Ngày thành lập', 'Số quyết định', 'Ghi chú']);
    ws.addRow([gc, 'Đảng bộ xã Vĩnh Hải', 'Đảng bộ cơ sở', '0259 3871 234', district.code, new Date(Date.UTC(2019, 8, 2)), '88-QĐ/HU', 'từ sổ cũ']);
    ws.addRow([`${gc}-1`, 'Chi bộ thôn Thái An', 'Chi bộ', '', gc, new Date(Date.UTC(2019, 8, 2)), '88-QĐ/HU', null]);
  });
  const before = await counts();
  expect(await imported('to-chuc.xlsx', good)).toEqual({ totalRows: 2, validRows: 2, created: 2, unchanged: 0, imported: true, problems: [], ignoredColumns: ['Số điện thoại'] });
  expect(await counts()).toEqual({ organizations: before.organizations + 2, versions: before.versions + 2, changes: before.changes + 2, subjects: before.subjects + 2 });
  const org = await read(p, `{ organization(code: "${gc}-1", asOf: "2019-09-02") { kind validFrom parent { code } changes { decisionRef note } } }`);
  expect(org.organization).toEqual({ kind: 'CELL', validFrom: '2019-09-02', parent: { code: gc }, changes: [{ decisionRef: '88-QĐ/HU', note: null }] });

  const merged = await xlsx((ws) => {
    ws.addRow(['code', 'name', null, 'kind', 'parent code', 'established on', 'decision reference']);
    ws.mergeCells('B1:C1');
    ws.addRow([uniqueCode('M'), 'Chi bộ Gộp ô', 'x', 'CELL', gc, '2020-01-01', '1-QĐ']);
  });
  const after = await counts();
  expect(await imported('gop-o.xlsx', merged)).toEqual({
    totalRows: 0, validRows: 0, created: 0, unchanged: 0, imported: false, ignoredColumns: [],
    problems: [{ line: 1, column: 'name', reason: 'merged header cells (B1:C1): unmerge them so that each column has a header of its own in one row' }],
  });
  expect(await counts()).toEqual(after);
});

test('goodRowsOnly: the good rows are imported; bad rows and the rows under them are reported', async () => {
  const [gc, bad] = [uniqueCode('GOOD'), uniqueCode('BAD')];
  const rows = [
    [gc, 'Đảng bộ Tốt', 'GRASSROOTS_COMMITTEE', '', district.code, '2020-01-01', '9-QĐ'],
    [`${gc}-1`, 'Chi bộ Tốt 1', 'CELL', '', gc, '2020-01-01', '9-QĐ'],
    [bad, 'Đảng bộ Sai', 'GRASSROOTS_COMMITTEE', '', district.code, 'hôm qua', '9-QĐ'],
    [`${bad}-1`, 'Chi bộ dưới hàng sai', 'CELL', '', bad, '2020-01-01', '9-QĐ'],
  ];
  const before = await counts();
  const withoutFlag = await imported('mot-phan.csv', csv(rows));
  expect(withoutFlag).toMatchObject({ validRows: 2, created: 0, imported: false, problems: [{ line: 4, column: 'establishedOn', reason: '"hôm qua" is not a date: write YYYY-MM-DD or DD/MM/YYYY' }] });
  expect(await counts()).toEqual(before);
  expect(await imported('mot-phan.csv', csv(rows), { dryRun: true, goodRowsOnly: true })).toMatchObject({ validRows: 2, created: 0, imported: false });
  expect(await counts()).toEqual(before);
  expect(await imported('mot-phan.csv', csv(rows), { goodRowsOnly: true })).toEqual({
    totalRows: 4, validRows: 2, created: 2, unchanged: 0, imported: true, ignoredColumns: [],
    problems: [
      { line: 4, column: 'establishedOn', reason: '"hôm qua" is not a date: write YYYY-MM-DD or DD/MM/YYYY' },
      { line: 5, column: 'parentCode', reason: `left out: its parent ${bad} (line 4) is not imported` },
    ],
  });
  expect(await counts()).toEqual({ organizations: before.organizations + 2, versions: before.versions + 2, changes: before.changes + 1, subjects: before.subjects + 2 });
});

test("scope: an officer imports under their own organisations only; a viewer may not import; defaults fill empty cells", async () => {
  const mine = officer([district.id]);
  const [gc, out] = [uniqueCode('MINE'), uniqueCode('OUT')];
  const file = csv(
    [
      [gc, 'Đảng bộ Của tôi', 'GRASSROOTS_COMMITTEE', '', district.code, '', ''],
      [out, 'Đảng bộ Ngoài phạm vi', 'GRASSROOTS_COMMITTEE', '', otherDistrict.code, '', ''],
      [uniqueCode('ROOT'), 'Đảng bộ tỉnh Mới', 'PROVINCIAL', '', '', '', ''],
    ],
  );
  const before = await counts();
  // A row reaching outside the officer's organisations (or making a root) refuses the file, even with goodRowsOnly.
  for (const goodRowsOnly of [false, true]) {
    const refused = await importFile('pham-vi.csv', file, { establishedOn: '2021-05-05', decisionRef: '15-QĐ/HU', goodRowsOnly }, mine);
    expect(refused.data?.importOrganizations ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: 'input.contentBase64: 2 row(s) would place an organisation outside your organisations (line 3, 4); nothing was imported',
      extensions: {
        code: 'FORBIDDEN',
        field: 'input.contentBase64',
        problems: [
          { field: 'line 3, parentCode', message: 'that organisation is outside your organisations' },
          { field: 'line 4, parentCode', message: 'Only administrators may create a root organisation; give the code of the organisation it sits under' },
        ],
      },
    });
  }
  expect(await counts()).toEqual(before);
  const inside = csv([[gc, 'Đảng bộ Của tôi', 'GRASSROOTS_COMMITTEE', '', district.code, '', '']]);
  expect(await imported('pham-vi.csv', inside, { establishedOn: '2021-05-05', decisionRef: '15-QĐ/HU' }, mine)).toMatchObject({ created: 1, imported: true });
  const org = await read(p, `{ organization(code: "${gc}", asOf: "2021-05-05") { validFrom changes { decisionRef recordedBy } } }`, {}, mine);
  expect(org.organization).toEqual({ validFrom: '2021-05-05', changes: [{ decisionRef: '15-QĐ/HU', recordedBy: 'officer-1' }] });

  const res = await importFile('pham-vi.csv', file, {}, viewer([district.id]));
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'Your role may not change the organisation tree' });
});

test('bad requests: a file that is not CSV or XLSX, not base64, or a workbook named .csv', async () => {
  const txt = await importFile('to-chuc.txt', csv([]));
  expect(txt.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.fileName' }, message: 'input.fileName: cannot import "to-chuc.txt": the file name must end in .csv or .xlsx' });
  const b64 = await p.query(`mutation { importOrganizations(input: { fileName: "a.csv", contentBase64: "###" }) { imported } }`, {}, ADMIN);
  expect(b64.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.contentBase64' } });
  const book = await xlsx((ws) => ws.addRow(HEADER));
  expect(await imported('to-chuc.csv', book)).toMatchObject({
    imported: false,
    problems: [{ line: 1, column: null, reason: 'the file is a zip archive (an XLSX workbook?), not CSV text: name it .xlsx or export it as CSV' }],
  });
  expect(await imported('trong.csv', csv([]))).toMatchObject({ imported: false, problems: [{ line: 1, column: null, reason: 'the file has no data rows' }] });
});
