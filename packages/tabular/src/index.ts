export type { TableFormat, ColumnSpec, RowProblem, TableRow, TableReadResult, ImportReport, ReadTableOptions } from './types';
export { readTable, detectFormat, foldHeader, columnLetter } from './read';
export {
  isProblem,
  parseDate,
  parseBoolean,
  parseInteger,
  parseChoice,
  formatProblem,
  sortProblems,
  foldText,
} from './validators';
