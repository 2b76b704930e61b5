/** The two file formats the importers read. */
export type TableFormat = 'CSV' | 'XLSX';

/**
 * One column of a file layout. The header is matched case-, diacritics-, space- and underscore-insensitively
 * against `name` and each alias ("Parent code", "parent_code", "Mã cấp trên" if that is an alias).
 */
export interface ColumnSpec {
  name: string;
  required?: boolean;
  aliases?: string[];
}

/** What is wrong, where: `line` is the spreadsheet row (the header is line 1), `column` the layout's column name. */
export interface RowProblem {
  line: number;
  column: string | null;
  reason: string;
}

/** One data row: every layout column by its `name`, trimmed and NFC-normalised; null for an empty cell or a missing optional column. */
export interface TableRow {
  line: number;
  cells: Record<string, string | null>;
}

export interface TableReadResult {
  rows: TableRow[];
  problems: RowProblem[];
  /** Headers of the file's columns that are not in the layout (ignored), as written in the file. */
  ignoredColumns: string[];
}

export interface ReadTableOptions {
  /** More data rows than this is a problem (the rows past it are not read). */
  maxRows?: number;
}

/** What an import did (or, with problems and nothing imported, would not do). */
export interface ImportReport {
  totalRows: number;
  validRows: number;
  created: number;
  unchanged: number;
  problems: RowProblem[];
  imported: boolean;
}
