import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ColumnSpec, ReadTableOptions, RowProblem, TableFormat, TableReadResult, TableRow } from './types';

/** Folds a header for matching: "Mã cấp_trên " → "ma cap tren". */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The format of a file by its extension; anything else is refused naming the extensions accepted. */
export function detectFormat(fileName: string): TableFormat {
  const m = /\.([^./\\]+)$/.exec(fileName.trim());
  const ext = m?.[1].toLowerCase();
  if (ext === 'csv') return 'CSV';
  if (ext === 'xlsx') return 'XLSX';
  throw new Error(
    `cannot import "${fileName}": the file name must end in .csv or .xlsx` +
      (ext === 'xls' ? ' (save an old .xls workbook as .xlsx first)' : ''),
  );
}

/** Cell text as the importers see it: trimmed, NFC, null when empty. */
function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = value.normalize('NFC').trim();
  return s === '' ? null : s;
}

/** A raw grid: each row's cells (strings, not yet cleaned) with its spreadsheet line. */
interface Grid {
  rows: { line: number; cells: (string | null)[] }[];
  /** Problems found while reading (malformed file, merged header cells, formula errors). */
  problems: RowProblem[];
  /** Header cells that are merged, by column index (XLSX only), with the merged range. */
  mergedHeader?: Map<number, string>;
  /** Rows past the limit were not read. */
  truncatedAt?: number;
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function decodeText(input: Buffer): string | RowProblem {
  if (isZip(input)) {
    return { line: 1, column: null, reason: 'the file is a zip archive (an XLSX workbook?), not CSV text: name it .xlsx or export it as CSV' };
  }
  if (input.length >= 2 && input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input.subarray(2));
  if (input.length >= 2 && input[0] === 0xfe && input[1] === 0xff) return new TextDecoder('utf-16be').decode(input.subarray(2));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return { line: 1, column: null, reason: 'the file is not UTF-8 text: save it as "CSV UTF-8"' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) return { line: 1, column: null, reason: 'the file is binary, not CSV text' };
  return text;
}

/** The delimiter of the first non-empty line: the most frequent of , ; and tab outside quotes (Excel in a Vietnamese locale writes ;). */
function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seen = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else if (!quoted && ch in counts) counts[ch]++;
    else if (!quoted && ch.trim() !== '') seen = true;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d] > counts[best]) best = d;
  return best;
}

function readCsv(input: Buffer): Grid {
  const text = decodeText(input);
  if (typeof text !== 'string') return { rows: [], problems: [text] };
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, column: null, reason: `the file is not valid CSV: ${e.message}` }] };
  }
  return { rows: records.map((cells, i) => ({ line: i + 1, cells })), problems: [] };
}

function isoDate(d: Date): string {
  const date = d.toISOString().slice(0, 10);
  const time = d.toISOString().slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** A cell's value as the text a CSV export of the sheet would carry (dates as YYYY-MM-DD). */
function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string | { error: string } | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // A number shown with a zero-padded format (e.g. citizen IDs "000000000000") keeps its leading zeros.
    if (Number.isInteger(value) && numFmt && /^0+$/.test(numFmt)) return String(value).padStart(numFmt.length, '0');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return { error: String(value.error) };
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
    }
    if ('text' in value) {
      const t = (value as { text: unknown }).text;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && 'richText' in t) return (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    }
  }
  return String(value);
}

async function readXlsx(input: Buffer, maxLines: number): Promise<Grid> {
  if (!isZip(input)) {
    return { rows: [], problems: [{ line: 1, column: null, reason: 'the file is not an XLSX workbook (not a zip archive): name a CSV file .csv, save an .xls as .xlsx' }] };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input as any);
  } catch (err) {
    return { rows: [], problems: [{ line: 1, column: null, reason: `the file is not a readable XLSX workbook: ${(err as Error).message}` }] };
  }
  const sheet = workbook.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? workbook.worksheets[0];
  const grid: Grid = { rows: [], problems: [], mergedHeader: new Map() };
  if (!sheet) return grid;
  let headerLine = 0;
  const headerMerges = new Map<string, { index: number; last: string }>();
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (grid.truncatedAt !== undefined) return;
    if (grid.rows.length >= maxLines) {
      grid.truncatedAt = line;
      return;
    }
    const cells: (string | null)[] = [];
    const width = row.cellCount;
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const text = cellText(cell.value, cell.numFmt);
      if (text !== null && typeof text === 'object') {
        grid.problems.push({ line, column: `#${c - 1}`, reason: `the cell ${cell.address} holds the formula error ${text.error}` });
        cells.push(null);
      } else cells.push(text);
      if ((headerLine === 0 || headerLine === line) && cell.isMerged) {
        // One merged range is reported once, on its first (master) cell's column; the other cells of the range
        // would repeat the master's text, so they read as empty.
        const master = cell.master;
        if (master.address !== cell.address) cells[cells.length - 1] = null;
        const m = headerMerges.get(master.address) ?? { index: Number(master.col) - 1, last: cell.address };
        m.last = cell.address;
        headerMerges.set(master.address, m);
      }
    }
    if (headerLine === 0 && cells.some((x) => clean(x) !== null)) headerLine = line;
    grid.rows.push({ line, cells });
  });
  for (const [master, m] of headerMerges) if (m.last !== master) grid.mergedHeader!.set(m.index, `${master}:${m.last}`);
  if (headerLine > 0) {
    // A header cell merged with cells below it (a two-row header) shows up as merged cells on the next line.
    const below = sheet.getRow(headerLine + 1);
    for (let c = 1; c <= below.cellCount; c++) {
      const cell = below.getCell(c);
      if (cell.isMerged && Number(cell.master.row) <= headerLine) grid.mergedHeader!.set(Number(cell.master.col) - 1, `${cell.master.address}:${cell.address}`);
    }
  }
  return grid;
}

/**
 * Reads a CSV or XLSX file against a column layout. The header is the first non-empty row; its columns are matched
 * to the layout by name or alias (case, diacritics, spaces and underscores ignored); columns not in the layout are
 * ignored and listed. A header problem (empty file, missing required column, a column given twice, merged header
 * cells, a file that is not its format) is reported on the header's line and no rows are returned. Empty rows are
 * skipped; every other row is returned with its spreadsheet line and its cells trimmed and NFC-normalised.
 */
export async function readTable(input: Buffer, format: TableFormat, columns: readonly ColumnSpec[], opts: ReadTableOptions = {}): Promise<TableReadResult> {
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  // One line for the header (and a few blank lines before it) beyond the data rows allowed.
  const grid = format === 'CSV' ? readCsv(input) : await readXlsx(input, maxRows + 1 + 20);
  const result: TableReadResult = { rows: [], problems: [], ignoredColumns: [] };
  const headerIndex = grid.rows.findIndex((r) => r.cells.some((c) => clean(c) !== null));
  if (grid.problems.length > 0 && headerIndex < 0) {
    result.problems.push(...grid.problems);
    return result;
  }
  if (headerIndex < 0) {
    result.problems.push({ line: 1, column: null, reason: 'the file is empty: it has no header row' });
    return result;
  }
  const header = grid.rows[headerIndex];
  const headerLine = header.line;

  const byFolded = new Map<string, ColumnSpec>();
  for (const spec of columns) for (const n of [spec.name, ...(spec.aliases ?? [])]) byFolded.set(foldHeader(n), spec);
  const position = new Map<string, number>(); // spec name → column index
  const headerProblems: RowProblem[] = [];
  const specAt: (ColumnSpec | undefined)[] = [];
  header.cells.forEach((raw, i) => {
    const text = clean(raw);
    if (text === null) return;
    const spec = byFolded.get(foldHeader(text));
    if (!spec) {
      result.ignoredColumns.push(text);
      return;
    }
    const earlier = position.get(spec.name);
    if (earlier !== undefined) {
      headerProblems.push({ line: headerLine, column: spec.name, reason: `the column is given twice (columns ${columnLetter(earlier)} and ${columnLetter(i)})` });
      return;
    }
    position.set(spec.name, i);
    specAt[i] = spec;
  });
  for (const [i, range] of grid.mergedHeader ?? []) {
    const named = specAt[i]?.name ?? clean(header.cells[i]) ?? columnLetter(i);
    headerProblems.push({
      line: headerLine,
      column: named,
      reason: `merged header cells (${range}): unmerge them so that each column has a header of its own in one row`,
    });
  }
  for (const spec of columns) {
    if (spec.required && !position.has(spec.name)) {
      const names = [spec.name, ...(spec.aliases ?? [])].map((n) => `"${n}"`).join(', ');
      headerProblems.push({ line: headerLine, column: spec.name, reason: `the required column is missing (header ${names})` });
    }
  }
  // Formula errors carry the column index; name their column now.
  const named = (p: RowProblem): RowProblem => {
    if (p.column?.startsWith('#')) {
      const i = Number(p.column.slice(1));
      return { ...p, column: specAt[i]?.name ?? clean(header.cells[i]) ?? columnLetter(i) };
    }
    return p;
  };
  if (headerProblems.length > 0) {
    result.problems.push(...headerProblems, ...grid.problems.filter((p) => p.line <= headerLine).map(named));
    return result;
  }

  const unnamed = new Set<number>();
  const rowProblems = grid.problems.filter((p) => p.line > headerLine && specAt[Number(p.column?.slice(1))] !== undefined).map(named);
  for (let r = headerIndex + 1; r < grid.rows.length; r++) {
    const { line, cells: raw } = grid.rows[r];
    const cells: Record<string, string | null> = {};
    let any = false;
    for (const spec of columns) {
      const i = position.get(spec.name);
      const v = i === undefined ? null : clean(raw[i]);
      cells[spec.name] = v;
      if (v !== null) any = true;
    }
    for (let i = header.cells.length; i < raw.length; i++) if (clean(raw[i]) !== null) unnamed.add(i);
    header.cells.forEach((h, i) => {
      if (clean(h) === null && clean(raw[i]) !== null) unnamed.add(i);
    });
    if (!any) continue;
    if (result.rows.length >= maxRows) {
      result.problems.push({ line, column: null, reason: `the file has more than ${maxRows} data rows, the most one import takes` });
      break;
    }
    result.rows.push({ line, cells } satisfies TableRow);
  }
  if (grid.truncatedAt !== undefined && !result.problems.some((p) => p.reason.includes('data rows'))) {
    result.problems.push({ line: grid.truncatedAt, column: null, reason: `the file has more than ${maxRows} data rows, the most one import takes` });
  }
  for (const i of [...unnamed].sort((a, b) => a - b)) result.ignoredColumns.push(`(no header, column ${columnLetter(i)})`);
  result.problems.push(...rowProblems);
  result.problems.sort((a, b) => a.line - b.line);
  return result;
}
