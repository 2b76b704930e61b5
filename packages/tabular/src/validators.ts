import type { RowProblem } from './types';

/** Narrows a validator's result: a RowProblem rather than a value. */
export function isProblem(x: unknown): x is RowProblem {
  return typeof x === 'object' && x !== null && 'reason' in x && 'line' in x;
}

/** Case- and diacritics-insensitive form of a value: "Đảng bộ cơ sở" → "dang bo co so". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function validDay(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A day written YYYY-MM-DD (as XLSX dates are read) or DD/MM/YYYY (Vietnamese usage; D/M/YYYY too) → "YYYY-MM-DD",
 * or a RowProblem naming the column. The day must exist (no 31/02/2024) and lie in 1900–2100.
 */
export function parseDate(value: string, line: number, column: string): string | RowProblem {
  const v = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  let iso: string | null = null;
  if (m) iso = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v))) iso = validDay(Number(m[3]), Number(m[2]), Number(m[1]));
  else return { line, column, reason: `"${value}" is not a date: write YYYY-MM-DD or DD/MM/YYYY` };
  return iso ?? { line, column, reason: `"${value}" is not a day of the calendar (1900–2100)` };
}

const TRUE = new Set(['yes', 'y', 'true', 'x', '1', 'co', 'c']);
const FALSE = new Set(['no', 'n', 'false', '0', 'khong', 'k']);

/** yes/no, có/không, x (ticked), 1/0, true/false (any case, with or without diacritics) → boolean, or a RowProblem. */
export function parseBoolean(value: string, line: number, column: string): boolean | RowProblem {
  const f = foldText(value);
  if (TRUE.has(f)) return true;
  if (FALSE.has(f)) return false;
  return { line, column, reason: `"${value}" is not yes or no: write yes/no, có/không, x, 1/0` };
}

/** A whole number within [min, max], or a RowProblem. */
export function parseInteger(value: string, line: number, column: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | RowProblem {
  const v = value.trim();
  if (!/^-?\d+$/.test(v)) return { line, column, reason: `"${value}" is not a whole number` };
  const n = Number(v);
  if (n < min || n > max) return { line, column, reason: `${n} is outside ${min}–${max}` };
  return n;
}

/**
 * One of a closed list of values, matched case- and diacritics-insensitively against each choice's key and labels
 * (e.g. kind GRASSROOTS_COMMITTEE written "grassroots_committee" or "Đảng bộ cơ sở"), or a RowProblem listing the keys.
 */
export function parseChoice<T extends string>(value: string, choices: Readonly<Record<T, readonly string[]>>, line: number, column: string): T | RowProblem {
  let folded = foldedChoices.get(choices);
  if (!folded) {
    folded = new Map();
    // Keys first: a key wins over another key's label.
    for (const key of Object.keys(choices) as T[]) for (const label of choices[key]) if (!folded.has(foldText(label))) folded.set(foldText(label), key);
    for (const key of Object.keys(choices) as T[]) folded.set(foldText(key), key);
    foldedChoices.set(choices, folded);
  }
  const key = folded.get(foldText(value)) as T | undefined;
  return key ?? { line, column, reason: `"${value}" is not one of ${Object.keys(choices).join(', ')}` };
}

/** Each choice list's folded keys and labels, computed once per list. */
const foldedChoices = new WeakMap<object, Map<string, string>>();

/** "line 12, column parent code: reason" — how the command prints a problem. */
export function formatProblem(p: RowProblem): string {
  return p.column ? `line ${p.line}, column ${p.column}: ${p.reason}` : `line ${p.line}: ${p.reason}`;
}

/** Problems in file order: by line, then column. */
export function sortProblems(problems: RowProblem[]): RowProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
}
