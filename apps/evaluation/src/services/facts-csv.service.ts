import { badInput, encodeCursor, smallCellThreshold } from '@party/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { EvalContext } from '../context';
import { EvaluationFactsCsvPage } from '../graphql/facts.types';
import { checkYear, frozenFacts, liveFacts, pageOfFacts, suppressFact, type FactRow, type ShownFactRow } from './facts.service';

type Sql = Pick<EntityManager, 'query'>;

/**
 * The bulk export of evaluationFacts as CSV text (Query.evaluationFactsCsv):
 * the same rows, set, order and keyset cursors, as one text chunk per page
 * instead of one GraphQL object per row. Frozen rows are written as CSV lines
 * by PostgreSQL from the snapshot; live rows, computed by liveFacts, by the
 * serializer below. Both write the same text for the same figures (the tests
 * compare them).
 */

type Kind = 'int' | 'text' | 'num' | 'bool';
/** The columns, in order: the names and meanings of EvaluationFact's fields (FACTS.md). */
const COLUMNS: readonly { name: string; row: keyof FactRow | 'finalized'; kind: Kind }[] = [
  { name: 'year', row: 'year', kind: 'int' },
  { name: 'organizationId', row: 'organization_id', kind: 'text' },
  { name: 'code', row: 'code', kind: 'text' },
  { name: 'name', row: 'name', kind: 'text' },
  { name: 'kind', row: 'kind', kind: 'text' },
  { name: 'parentCode', row: 'parent_code', kind: 'text' },
  { name: 'path', row: 'path_names', kind: 'text' },
  { name: 'depth', row: 'depth', kind: 'int' },
  { name: 'target', row: 'target', kind: 'int' },
  { name: 'admitted', row: 'admitted', kind: 'int' },
  { name: 'admittedQ1', row: 'admitted_q1', kind: 'int' },
  { name: 'admittedQ2', row: 'admitted_q2', kind: 'int' },
  { name: 'admittedQ3', row: 'admitted_q3', kind: 'int' },
  { name: 'admittedQ4', row: 'admitted_q4', kind: 'int' },
  { name: 'achievementRate', row: 'achievement_rate', kind: 'num' },
  { name: 'grade', row: 'grade', kind: 'text' },
  { name: 'score', row: 'score', kind: 'num' },
  { name: 'membersAtStart', row: 'members_at_start', kind: 'int' },
  { name: 'membersAtEnd', row: 'members_at_end', kind: 'int' },
  { name: 'admittedWomen', row: 'admitted_women', kind: 'int' },
  { name: 'admittedEthnicMinority', row: 'admitted_ethnic_minority', kind: 'int' },
  { name: 'admittedYouthUnion', row: 'admitted_youth_union', kind: 'int' },
  { name: 'admittedAge18to30', row: 'admitted_age18to30', kind: 'int' },
  { name: 'removedStruckOff', row: 'removed_struck_off', kind: 'int' },
  { name: 'removedExpelled', row: 'removed_expelled', kind: 'int' },
  { name: 'removedWithdrawn', row: 'removed_withdrawn', kind: 'int' },
  { name: 'removedDeceased', row: 'removed_deceased', kind: 'int' },
  { name: 'removedProbationNotRecognized', row: 'removed_probation_not_recognized', kind: 'int' },
  { name: 'finalized', row: 'finalized', kind: 'bool' },
];
export const CSV_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);
const HEADER = `${CSV_COLUMNS.join(',')}\n`;

export const MAX_CSV_PAGE = 10_000;

// ---------------------------------------------------------------- the text format (RFC 4180, "\n" line ends)

const NEEDS_QUOTES = /[",\r\n]/;
const csvText = (s: string) => (NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * One field: null as an empty field, text quoted only when it holds a comma, a
 * quote or a line break, numbers in their shortest decimal form (1.06, 87.5, 1).
 */
function field(value: unknown, kind: Kind): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'text':
      return csvText(String(value));
    case 'num':
      return String(Number(value));
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** A live row (or, with `finalized`, a frozen one) as one CSV line (with its "\n"); a withheld count is an empty field. */
export function liveLine(row: ShownFactRow, finalized = false): string {
  let line = '';
  for (let i = 0; i < COLUMNS.length; i++) {
    const c = COLUMNS[i]!;
    if (i) line += ',';
    line += field(c.row === 'finalized' ? finalized : row[c.row], c.kind);
  }
  return `${line}\n`;
}

/**
 * The same line written by PostgreSQL from a row `s` of evaluation_fact_snapshot (finalized: true): one
 * concat() call (a null is an empty field), text quoted when it holds a comma, a quote or a line break
 * (strpos, a byte search, rather than a regular expression, which first widens every character).
 */
const needsQuotes = (column: string) => [`','`, `'"'`, `E'\\n'`, `E'\\r'`].map((ch) => `strpos(${column}, ${ch}) > 0`).join(' OR ');
export const SNAPSHOT_LINE = `concat(${COLUMNS.map((c) => {
  if (c.row === 'finalized') return `'true'`;
  const column = `s.${c.row}`;
  const text = `${column}::text`;
  if (c.kind === 'text') return `CASE WHEN ${needsQuotes(text)} THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
  // numeric(…) to its shortest form: 1.0600 → 1.06, 1.0000 → 1 (as JavaScript prints the number).
  if (c.kind === 'num') return `trim_scale(${column})`;
  return column;
}).join(`, ',', `)}, E'\\n')`;

/** The frozen rows among `ids` as CSV lines with their small cells withheld (one statement). */
async function suppressedFrozenLines(db: Sql, year: number, ids: string[], threshold: number): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: FactRow[] = await frozenFacts(db, year, ids);
  return new Map(rows.map((r) => [r.organization_id, liveLine(suppressFact(r, threshold), true)]));
}

/**
 * Query.evaluationFactsCsv: one page of the facts as CSV text, the header line
 * first on the first page (no `after`), so the pages joined in order are one
 * CSV file. Per page: one statement for the ids and the frozen lines (two with
 * the total; one more for the frozen rows of a caller whose small cells are
 * withheld), six for the live figures of the rest (none when all are frozen).
 */
export async function evaluationFactsCsv(
  ctx: EvalContext,
  year: number,
  under: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  wantTotal: boolean,
): Promise<EvaluationFactsCsvPage> {
  checkYear(year);
  const limit = first ?? MAX_CSV_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CSV_PAGE) throw badInput('first', `must be a whole number from 1 to ${MAX_CSV_PAGE.toLocaleString('en')}`);
  // Callers whose small cells are withheld get every row through suppressFact, frozen ones too (read as rows,
  // written here); for everyone else PostgreSQL writes the frozen lines in the statement that finds the page.
  const threshold = smallCellThreshold(ctx);
  const page = await pageOfFacts(ctx, year, under, limit, after, wantTotal, threshold > 1 ? undefined : SNAPSHOT_LINE);
  const { ids, hasNextPage, endId, total } = page;
  const frozen = threshold > 1 ? await suppressedFrozenLines(ctx.db, year, page.frozenIds, threshold) : page.lines;
  const live = await liveFacts(ctx.db, year, ids.filter((id) => !frozen.has(id)));
  const liveById = new Map(live.map((r) => [r.organization_id, r]));
  const parts: string[] = after == null ? [HEADER] : [];
  let rows = 0;
  for (const id of ids) {
    const line = frozen.get(id) ?? (liveById.has(id) ? liveLine(suppressFact(liveById.get(id)!, threshold)) : null);
    if (line === null) continue;
    parts.push(line);
    rows++;
  }
  return Object.assign(new EvaluationFactsCsvPage(), {
    columns: CSV_COLUMNS,
    csv: parts.join(''),
    rowCount: rows,
    pageInfo: { hasNextPage, endCursor: endId ? encodeCursor([endId]) : null },
    totalCount: total,
  });
}
