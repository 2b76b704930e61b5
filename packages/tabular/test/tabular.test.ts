import ExcelJS from 'exceljs';
import { detectFormat, formatProblem, isProblem, parseBoolean, parseChoice, parseDate, readTable, type ColumnSpec } from '../src';

const layout: ColumnSpec[] = [
  { name: 'code', required: true, aliases: ['mã'] },
  { name: 'name', required: true, aliases: ['tên'] },
  { name: 'parent code', aliases: ['mã cấp trên'] },
  { name: 'established on', aliases: ['ngày thành lập'] },
];

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Sheet1'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readTable, CSV', () => {
  test('rows with spreadsheet lines, trimmed cells, empty cells as null, blank rows skipped', async () => {
    const csv = 'Code,Name,Parent_Code,Established On\r\n A1 ,Chi bộ 1,,2024-01-02\r\n\r\nA2,"Chi bộ, 2",A1,02/03/2024\r\n,,,\r\n\r\n';
    const r = await readTable(Buffer.from(csv), 'CSV', layout);
    expect(r.problems).toEqual([]);
    expect(r.ignoredColumns).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, cells: { code: 'A1', name: 'Chi bộ 1', 'parent code': null, 'established on': '2024-01-02' } },
      { line: 4, cells: { code: 'A2', name: 'Chi bộ, 2', 'parent code': 'A1', 'established on': '02/03/2024' } },
    ]);
  });

  test('NFD text comes out NFC, identical to the NFC spelling; Vietnamese headers match their aliases', async () => {
    const nfc = 'Chi bộ Phước Hải';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toEqual(nfc);
    const csv = `\uFEFF${'Mã;Tên'.normalize('NFD')}\n1;${nfd}\n2;${nfc}\n`;
    const r = await readTable(Buffer.from(csv, 'utf8'), 'CSV', layout);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.cells.name)).toEqual([nfc, nfc]);
    expect(r.rows[0].cells.name!.length).toBe(nfc.length);
  });

  test('extra columns are ignored and listed; data without a header is listed too', async () => {
    const csv = 'code,name,Ghi chú,\n1,A,note,\n2,B,,stray\n';
    const r = await readTable(Buffer.from(csv), 'CSV', layout);
    expect(r.problems).toEqual([]);
    expect(r.ignoredColumns).toEqual(['Ghi chú', '(no header, column D)']);
    expect(r.rows.map((x) => x.cells)).toEqual([
      { code: '1', name: 'A', 'parent code': null, 'established on': null },
      { code: '2', name: 'B', 'parent code': null, 'established on': null },
    ]);
  });

  test('header problems: missing required column, a column twice; no rows returned', async () => {
    const r = await readTable(Buffer.from('mã,code,parent code\n1,2,3\n'), 'CSV', layout);
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { line: 1, column: 'code', reason: 'the column is given twice (columns A and B)' },
      { line: 1, column: 'name', reason: 'the required column is missing (header "name", "tên")' },
    ]);
  });

  test('empty file, a workbook named .csv, not UTF-8, malformed quotes', async () => {
    expect((await readTable(Buffer.from('\n\n'), 'CSV', layout)).problems).toEqual([{ line: 1, column: null, reason: 'the file is empty: it has no header row' }]);
    const book = await xlsx((ws) => ws.addRow(['code', 'name']));
    expect((await readTable(book, 'CSV', layout)).problems[0].reason).toMatch(/zip archive .* not CSV text/);
    expect((await readTable(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xc3, 0x28]), 'CSV', layout)).problems).toEqual([
      { line: 1, column: null, reason: 'the file is not UTF-8 text: save it as "CSV UTF-8"' },
    ]);
    const bad = await readTable(Buffer.from('code,name\n1,A\n2,"B\n'), 'CSV', layout);
    expect(bad.rows).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0].reason).toMatch(/not valid CSV/);
  });

  test('maxRows: one row too many is a problem on its line', async () => {
    const r = await readTable(Buffer.from('code,name\n1,A\n2,B\n3,C\n'), 'CSV', layout, { maxRows: 2 });
    expect(r.rows).toHaveLength(2);
    expect(r.problems).toEqual([{ line: 4, column: null, reason: 'the file has more than 2 data rows, the most one import takes' }]);
  });
});

describe('readTable, XLSX', () => {
  test('dates, numbers, rich text and formulas become the strings a CSV would carry', async () => {
    const book = await xlsx((ws) => {
      ws.addRow(['Mã', 'Tên', 'Mã cấp trên', 'Ngày thành lập']);
      ws.addRow([101, { richText: [{ text: 'Chi bộ ' }, { text: 'Mỹ Sơn'.normalize('NFD'), font: { bold: true } }] }, null, new Date(Date.UTC(2020, 4, 19))]);
      ws.addRow(['B', { formula: '"Đảng"&" bộ"', result: 'Đảng bộ' }, 101, '19/05/2020']);
      ws.getCell('A4').value = 42;
      ws.getCell('A4').numFmt = '000000';
      ws.getCell('B4').value = '  Tổ  ';
    });
    const r = await readTable(book, 'XLSX', layout);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, cells: { code: '101', name: 'Chi bộ Mỹ Sơn', 'parent code': null, 'established on': '2020-05-19' } },
      { line: 3, cells: { code: 'B', name: 'Đảng bộ', 'parent code': '101', 'established on': '19/05/2020' } },
      { line: 4, cells: { code: '000042', name: 'Tổ', 'parent code': null, 'established on': null } },
    ]);
  });

  test('merged header cells are a problem naming the column and the range; no rows returned', async () => {
    const book = await xlsx((ws) => {
      ws.addRow(['code', 'name', null, 'parent code']);
      ws.mergeCells('B1:C1');
      ws.addRow(['1', 'A', 'x', null]);
    });
    const r = await readTable(book, 'XLSX', layout);
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { line: 1, column: 'name', reason: 'merged header cells (B1:C1): unmerge them so that each column has a header of its own in one row' },
    ]);
  });

  test('a header merged down over two rows is a problem too', async () => {
    const book = await xlsx((ws) => {
      ws.addRow(['code', 'name']);
      ws.addRow([null, 'short']);
      ws.mergeCells('A1:A2');
      ws.addRow(['1', 'A']);
    });
    const r = await readTable(book, 'XLSX', layout);
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([{ line: 1, column: 'code', reason: 'merged header cells (A1:A2): unmerge them so that each column has a header of its own in one row' }]);
  });

  test('extra columns are ignored and listed; the header may start below blank rows', async () => {
    const book = await xlsx((ws) => {
      ws.getCell('A3').value = 'code';
      ws.getCell('B3').value = 'Số điện thoại';
      ws.getCell('C3').value = 'name';
      ws.getCell('A4').value = 'X1';
      ws.getCell('B4').value = '0901';
      ws.getCell('C4').value = 'Chi bộ';
    });
    const r = await readTable(book, 'XLSX', layout);
    expect(r.problems).toEqual([]);
    expect(r.ignoredColumns).toEqual(['Số điện thoại']);
    expect(r.rows).toEqual([{ line: 4, cells: { code: 'X1', name: 'Chi bộ', 'parent code': null, 'established on': null } }]);
  });

  test('CSV text named .xlsx, and a formula error cell', async () => {
    expect((await readTable(Buffer.from('code,name\n'), 'XLSX', layout)).problems[0]).toMatchObject({ line: 1, column: null, reason: expect.stringMatching(/not an XLSX workbook/) });
    const book = await xlsx((ws) => {
      ws.addRow(['code', 'name']);
      ws.addRow(['1', { formula: 'A1/0', result: { error: '#DIV/0!' } }]);
    });
    const r = await readTable(book, 'XLSX', layout);
    expect(r.problems).toEqual([{ line: 2, column: 'name', reason: 'the cell B2 holds the formula error #DIV/0!' }]);
    expect(r.rows).toEqual([{ line: 2, cells: { code: '1', name: null, 'parent code': null, 'established on': null } }]);
  });
});

describe('validators', () => {
  test('parseDate', () => {
    expect(parseDate('2024-02-29', 3, 'd')).toBe('2024-02-29');
    expect(parseDate('9/5/2020', 3, 'd')).toBe('2020-05-09');
    expect(parseDate('31/02/2024', 3, 'd')).toEqual({ line: 3, column: 'd', reason: '"31/02/2024" is not a day of the calendar (1900–2100)' });
    expect(parseDate('2024/01/01', 3, 'd')).toEqual({ line: 3, column: 'd', reason: '"2024/01/01" is not a date: write YYYY-MM-DD or DD/MM/YYYY' });
  });
  test('parseBoolean', () => {
    expect(['yes', 'Có', 'co', 'x', 'X', '1', 'TRUE'].map((v) => parseBoolean(v, 1, 'b'))).toEqual([true, true, true, true, true, true, true]);
    expect(['no', 'Không', 'khong', '0', 'FALSE'].map((v) => parseBoolean(v, 1, 'b'))).toEqual([false, false, false, false, false]);
    const p = parseBoolean('maybe', 7, 'b');
    expect(isProblem(p) && formatProblem(p)).toBe('line 7, column b: "maybe" is not yes or no: write yes/no, có/không, x, 1/0');
  });
  test('parseChoice and detectFormat', () => {
    const kinds = { GRASSROOTS_COMMITTEE: ['Đảng bộ cơ sở'], CELL: ['Chi bộ'] } as const;
    expect(parseChoice('dang bo co so', kinds, 1, 'kind')).toBe('GRASSROOTS_COMMITTEE');
    expect(parseChoice('cell', kinds, 1, 'kind')).toBe('CELL');
    expect(parseChoice('tổ', kinds, 1, 'kind')).toEqual({ line: 1, column: 'kind', reason: '"tổ" is not one of GRASSROOTS_COMMITTEE, CELL' });
    expect(detectFormat('Danh sách.XLSX')).toBe('XLSX');
    expect(detectFormat('orgs.csv')).toBe('CSV');
    expect(() => detectFormat('old.xls')).toThrow('cannot import "old.xls": the file name must end in .csv or .xlsx (save an old .xls workbook as .xlsx first)');
  });
});
