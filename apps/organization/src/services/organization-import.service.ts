import { badInput, DomainError, isAdmin } from '@party/subgraph-kit';
import { detectFormat, isProblem, parseChoice, parseDate, readTable, sortProblems, type ImportReport, type RowProblem } from '@party/tabular';
import type { OrgContext } from '../context';
import { isUnder } from '../domain/path';
import type { OrganizationKind, Sector } from '../domain/kinds';
import type { OrganizationState } from '../entities/organization-change.entity';
import { assertWriter } from './access';
import { KIND_CHOICES, organizationImportColumns, SECTOR_CHOICES, type OrganizationImportColumn } from './organization-import.layout';
import type { VersionRow } from './rows';
import { inTreeLock, insertEstablished, organizationFieldRules, recordEstablishments, type EstablishRow, type TreeTx } from './tree-change.service';

/** Data rows one GraphQL import takes (a 1 MB request holds about 10,000 rows anyway); the command takes more. */
export const GRAPHQL_MAX_ROWS = 20_000;
export const COMMAND_MAX_ROWS = 1_000_000;

export interface OrganizationImportOptions {
  fileName: string;
  content: Buffer;
  /** Import the rows without problems (and not under a row with problems); report the others. */
  goodRowsOnly?: boolean;
  /** Validate and report; write nothing. */
  dryRun?: boolean;
  /** Establishment day for rows whose establishedOn cell is empty (YYYY-MM-DD). */
  establishedOn?: string | null;
  /** Decision reference for rows whose decisionRef cell is empty. */
  decisionRef?: string | null;
  maxRows?: number;
  /** Called as the import goes: what it is doing, and how far. */
  progress?: (stage: 'read' | 'checked' | 'written', done: number, total: number) => void;
}

export interface OrganizationImportReport extends ImportReport {
  ignoredColumns: string[];
  /** The ESTABLISH changes recorded (one per establishment day, decision reference and note). */
  changeIds: string[];
}

/** A row whose cells passed the field rules. */
interface Row {
  line: number;
  code: string;
  name: string;
  kind: OrganizationKind;
  sector: Sector | null;
  parentCode: string | null;
  day: string;
  decisionRef: string;
  note: string | null;
}

/** An organisation already in the database with a code of the file, as it was established. */
interface Existing {
  code: string;
  id: string;
  established_on: string;
  name: string;
  kind: OrganizationKind;
  sector: Sector | null;
  path: string;
  parent_code: string | null;
  decision_ref: string | null;
}

const ROOT_REFUSED = 'Only administrators may create a root organisation';

/** A rule's DomainError as a problem of a row: the message without its field prefix, in the column it is about. */
function asProblem(e: unknown, line: number, column: OrganizationImportColumn): RowProblem {
  if (!(e instanceof DomainError)) throw e;
  const col: OrganizationImportColumn = e.field === 'input.effectiveOn' ? 'establishedOn' : column;
  const reason = e.message.replace(/^(input\.effectiveOn|parentCode|kind|code): /, '');
  return { line, column: col, reason };
}

/**
 * Imports organisations from a CSV or XLSX file (layout: organization-import.layout.ts). Every row is
 * checked with createOrganization's rules — the same field rules, kind under parent, the parent existing
 * and staying put from the establishment day on, inside the caller's organisations, codes not taken —
 * plus what only a file has: codes given twice, parents given later in the file (sorted so parents come
 * first), cycles of parents. Rows of organisations that exist with the same data are `unchanged`; with
 * different data, a problem in each column that differs. With any problem nothing is written unless
 * `goodRowsOnly` (then rows under a row with problems are left out too, each reported). Writing is
 * set-based in one transaction holding the tree lock: one ESTABLISH change per establishment day,
 * decision reference and note, as createOrganization records it.
 */
export async function importOrganizations(ctx: OrgContext, opts: OrganizationImportOptions): Promise<OrganizationImportReport> {
  assertWriter(ctx);
  let format;
  try {
    format = detectFormat(opts.fileName);
  } catch (e) {
    throw badInput('input.fileName', (e as Error).message);
  }
  const defaults = { establishedOn: opts.establishedOn ?? null, decisionRef: opts.decisionRef ?? null };
  if (defaults.establishedOn !== null && isProblem(parseDate(defaults.establishedOn, 0, ''))) throw badInput('input.establishedOn', 'must be a calendar day written YYYY-MM-DD');
  if (defaults.decisionRef !== null) {
    const r = organizationFieldRules.decisionRef.safeParse(defaults.decisionRef);
    if (!r.success) throw badInput('input.decisionRef', r.error.issues[0]!.message);
    defaults.decisionRef = r.data;
  }
  const columns = organizationImportColumns({ establishedOn: defaults.establishedOn !== null, decisionRef: defaults.decisionRef !== null });
  const table = await readTable(opts.content, format, columns, { maxRows: opts.maxRows ?? GRAPHQL_MAX_ROWS });
  const report: OrganizationImportReport = {
    totalRows: table.rows.length,
    validRows: 0,
    created: 0,
    unchanged: 0,
    problems: [...table.problems],
    imported: false,
    ignoredColumns: table.ignoredColumns,
    changeIds: [],
  };
  opts.progress?.('read', table.rows.length, table.rows.length);
  if (table.rows.length === 0) {
    if (!report.problems.length) report.problems.push({ line: 1, column: null, reason: 'the file has no data rows' });
    return report;
  }

  // ------------------------------------------------------------ each row's cells, by the field rules
  const problems = report.problems;
  const badLines = new Set(table.problems.map((p) => p.line));
  const fail = (p: RowProblem) => {
    problems.push(p);
    badLines.add(p.line);
  };
  const rows: Row[] = [];
  /** Every line with a readable code, by code (to find duplicates and rows under a bad row). */
  const linesByCode = new Map<string, number[]>();
  for (const { line, cells } of table.rows) {
    const cell = (c: OrganizationImportColumn) => cells[c] ?? null;
    let ok = true;
    const rule = <T>(column: OrganizationImportColumn, value: string | null, check: (v: string) => T | RowProblem, fallback: string | null = null): T | null => {
      const v = value ?? fallback;
      if (v === null) return null;
      const r = check(v);
      if (isProblem(r)) {
        fail(r);
        ok = false;
        return null;
      }
      return r;
    };
    const zodRule = (column: OrganizationImportColumn, schema: { safeParse(v: unknown): { success: true; data: any } | { success: false; error: { issues: { message: string }[] } } }) => (v: string) => {
      const r = schema.safeParse(v);
      return r.success ? r.data : ({ line, column, reason: `${r.error.issues[0]!.message}` } as RowProblem);
    };
    const required = (column: OrganizationImportColumn, value: string | null) => {
      if (value === null) {
        fail({ line, column, reason: 'is required' });
        ok = false;
      }
    };
    required('code', cell('code'));
    required('name', cell('name'));
    required('kind', cell('kind'));
    if (cell('establishedOn') === null && defaults.establishedOn === null) required('establishedOn', null);
    if (cell('decisionRef') === null && defaults.decisionRef === null) required('decisionRef', null);
    const code = rule('code', cell('code'), zodRule('code', organizationFieldRules.code)) as string | null;
    const name = rule('name', cell('name'), zodRule('name', organizationFieldRules.name)) as string | null;
    const kind = rule('kind', cell('kind'), (v) => parseChoice(v, KIND_CHOICES, line, 'kind'));
    const sector = rule('sector', cell('sector'), (v) => parseChoice(v, SECTOR_CHOICES, line, 'sector'));
    const parentCode = rule('parentCode', cell('parentCode'), zodRule('parentCode', organizationFieldRules.code)) as string | null;
    const day = rule('establishedOn', cell('establishedOn'), (v) => parseDate(v, line, 'establishedOn'), defaults.establishedOn);
    const decisionRef = rule('decisionRef', cell('decisionRef'), zodRule('decisionRef', organizationFieldRules.decisionRef), defaults.decisionRef) as string | null;
    const note = rule('note', cell('note'), zodRule('note', organizationFieldRules.note)) as string | null;
    if (code !== null) {
      const lines = linesByCode.get(code);
      if (lines) lines.push(line);
      else linesByCode.set(code, [line]);
    }
    if (code !== null && parentCode === code) {
      fail({ line, column: 'parentCode', reason: `${code} cannot be its own parent` });
      ok = false;
    }
    if (ok && !badLines.has(line)) rows.push({ line, code: code!, name: name!, kind: kind!, sector, parentCode, day: day!, decisionRef: decisionRef!, note });
  }
  for (const [code, lines] of linesByCode) {
    if (lines.length > 1) for (const line of lines) fail({ line, column: 'code', reason: `code ${code} is given more than once (lines ${lines.join(', ')})` });
  }
  const lineOfCode = (code: string) => linesByCode.get(code)?.[0];

  return inTreeLock(ctx, async (txOn, m) => {
    // ---------------------------------------------------------- what the database holds of these codes
    const codes = [...new Set([...linesByCode.keys(), ...rows.flatMap((r) => (r.parentCode ? [r.parentCode] : []))])];
    const found: Existing[] = await m.query(
      `SELECT o.code, o.id, o.established_on, v.name, v.kind, v.sector, v.path, p.code AS parent_code,
              (SELECT c.decision_ref FROM organization_change_subject s JOIN organization_change c ON c.id = s.change_id
                WHERE s.organization_id = o.id AND s.before IS NULL ORDER BY c.seq LIMIT 1) AS decision_ref
         FROM organization o
         JOIN organization_version v ON v.organization_id = o.id AND v.valid_from = o.established_on
         LEFT JOIN organization p ON p.id = v.parent_id
        WHERE o.code = ANY($1::text[])`,
      [codes],
    );
    const existing = new Map(found.map((e) => [e.code, e]));
    const admin = isAdmin(ctx.caller);
    const visible = async (e: Existing) => {
      const tx = await txOn(e.established_on);
      return tx.scope === null || tx.scope.some((p) => isUnder(e.path, p));
    };

    // ---------------------------------------------------------- rows of organisations already there
    const creating: Row[] = [];
    for (const r of rows) {
      if (badLines.has(r.line)) continue;
      const e = existing.get(r.code);
      if (!e) {
        creating.push(r);
        continue;
      }
      if (!admin && !(await visible(e))) {
        fail({ line: r.line, column: 'code', reason: `code ${r.code} is already used by another organisation` });
        continue;
      }
      const differs: [OrganizationImportColumn, string | null, string | null][] = [
        ['name', e.name.normalize('NFC'), r.name],
        ['kind', e.kind, r.kind],
        ['sector', e.sector, r.sector],
        ['parentCode', e.parent_code, r.parentCode],
        ['establishedOn', e.established_on, r.day],
        ['decisionRef', e.decision_ref, r.decisionRef],
      ];
      const diff = differs.filter(([, was, now]) => was !== now);
      for (const [column, was, now] of diff) {
        fail({ line: r.line, column, reason: `${r.code} already exists with ${column} ${was === null ? 'empty' : `"${was}"`}, not ${now === null ? 'empty' : `"${now}"`}; an import only adds organisations (record changes with the tree mutations)` });
      }
      if (!diff.length) report.unchanged++;
    }

    // ---------------------------------------------------------- parents: in the file or in the database
    const creatingByCode = new Map(creating.map((r) => [r.code, r]));
    const parentChecks = new Map<string, Promise<VersionRow | RowProblem>>();
    /** Rows whose parent lies outside the caller's organisations: they refuse the whole file (FORBIDDEN). */
    const outside: RowProblem[] = [];
    const forbiddenLines = new Set<string>();
    const existingParent = (id: string, r: Row): Promise<VersionRow | RowProblem> => {
      const key = `${id}|${r.day}`;
      let check = parentChecks.get(key);
      if (!check) {
        check = txOn(r.day).then((tx: TreeTx) =>
          tx.parent(id, 'parentCode').catch((e: unknown) => {
            if (e instanceof DomainError && e.code === 'FORBIDDEN') forbiddenLines.add(key);
            return asProblem(e, r.line, 'parentCode');
          }),
        );
        parentChecks.set(key, check);
      }
      // The same check for another row: the same reason on that row's line.
      return check.then((res) => (isProblem(res) ? { ...res, line: r.line } : res));
    };
    const kindRule = async (r: Row, parent: Pick<VersionRow, 'code' | 'kind'> | null) => {
      try {
        (await txOn(r.day)).assertKindUnder(r.kind, parent, 'kind');
        return true;
      } catch (e) {
        fail(asProblem(e, r.line, 'kind'));
        return false;
      }
    };
    /** Where each row to create goes: an existing organisation, a row of the file, or the root. */
    const placement = new Map<string, VersionRow | Row | null>();
    /** Rows left out because the row they would sit under has problems. */
    const dependents = new Map<string, Row>();
    for (const r of creating) {
      const pc = r.parentCode;
      if (pc === null) {
        if (!admin) outside.push({ line: r.line, column: 'parentCode', reason: `${ROOT_REFUSED}; give the code of the organisation it sits under` });
        else if (await kindRule(r, null)) placement.set(r.code, null);
        continue;
      }
      const inFile = creatingByCode.get(pc);
      if (inFile) {
        if (inFile.day > r.day) {
          fail({ line: r.line, column: 'establishedOn', reason: `${r.day} is before its parent ${pc} (line ${inFile.line}) is established on ${inFile.day}` });
        } else placement.set(r.code, inFile); // its kind under the parent: checked once cycles are ruled out
        continue;
      }
      const parentLine = lineOfCode(pc);
      if (parentLine !== undefined && badLines.has(parentLine)) {
        dependents.set(r.code, { ...r, parentCode: pc });
        continue;
      }
      const e = existing.get(pc);
      if (!e) {
        fail({ line: r.line, column: 'parentCode', reason: `no organisation has the code ${pc}, in the database or in this file` });
        continue;
      }
      const parent = await existingParent(e.id, r);
      if (isProblem(parent) && forbiddenLines.has(`${e.id}|${r.day}`)) outside.push(parent);
      else if (isProblem(parent)) fail(parent);
      else if (await kindRule(r, parent)) placement.set(r.code, parent);
    }

    // As the member import: a row reaching outside the caller's organisations refuses the file, whatever goodRowsOnly says.
    if (outside.length) {
      const lines = outside.slice(0, 20).map((p) => p.line);
      throw new DomainError(
        'FORBIDDEN',
        `input.contentBase64: ${outside.length} row(s) would place an organisation outside your organisations (line ${lines.join(', ')}${outside.length > 20 ? ', …' : ''}); nothing was imported`,
        'input.contentBase64',
        outside.slice(0, 20).map((p) => ({ field: `line ${p.line}, ${p.column}`, message: p.reason })),
      );
    }

    // ---------------------------------------------------------- cycles, then parents before children
    const fileParent = (r: Row): Row | null => {
      const p = placement.get(r.code);
      return p && 'line' in p ? p : null;
    };
    const walked = new Map<string, 'walking' | 'done'>();
    for (const start of creating) {
      if (!placement.has(start.code)) continue;
      const path: Row[] = [];
      let cur: Row | null = start;
      while (cur && !walked.has(cur.code) && placement.has(cur.code)) {
        walked.set(cur.code, 'walking');
        path.push(cur);
        cur = fileParent(cur);
      }
      if (cur && walked.get(cur.code) === 'walking') {
        const cycle = path.slice(path.indexOf(cur));
        const text = [...cycle, cur].map((c) => `${c.code} (line ${c.line})`).join(' → ');
        for (const c of cycle) fail({ line: c.line, column: 'parentCode', reason: `the parents form a cycle: ${text}` });
      }
      for (const p of path) walked.set(p.code, 'done');
    }
    for (const r of creating) {
      const p = fileParent(r);
      if (p && !badLines.has(r.line)) await kindRule(r, p);
    }
    const children = new Map<string, Row[]>();
    const order: Row[] = [];
    for (const r of creating) {
      if (!placement.has(r.code) || badLines.has(r.line)) continue;
      const p = fileParent(r);
      if (p) {
        const list = children.get(p.code);
        if (list) list.push(r);
        else children.set(p.code, [r]);
      }
      else order.push(r);
    }
    for (let i = 0; i < order.length; i++) for (const c of children.get(order[i]!.code) ?? []) if (!badLines.has(c.line)) order.push(c);
    const ordered = new Set(order.map((r) => r.code));
    // Under a row with problems (or under a cycle): left out with it.
    for (const r of creating) if (placement.has(r.code) && !badLines.has(r.line) && !ordered.has(r.code)) dependents.set(r.code, r);
    if (opts.goodRowsOnly) {
      for (const r of dependents.values()) {
        const pl = lineOfCode(r.parentCode!);
        fail({ line: r.line, column: 'parentCode', reason: `left out: its parent ${r.parentCode}${pl !== undefined ? ` (line ${pl})` : ''} is not imported` });
      }
    }
    report.validRows = report.unchanged + order.length;
    opts.progress?.('checked', report.validRows, report.totalRows);

    report.problems = sortProblems(problems);
    if ((report.problems.length && !opts.goodRowsOnly) || opts.dryRun || order.length === 0) {
      report.imported = !report.problems.length && !opts.dryRun;
      return report;
    }

    // ---------------------------------------------------------- write, set-based
    const index = new Map(order.map((r, i) => [r.code, i]));
    const list: EstablishRow[] = order.map((r) => {
      const p = placement.get(r.code)!;
      const parent = p === null ? null : 'line' in p ? index.get(p.code)! : p;
      return { code: r.code, name: r.name, kind: r.kind, sector: r.sector, day: r.day, parent };
    });
    const written = await insertEstablished(m, list);
    const groups = new Map<string, { day: string; decisionRef: string; note: string | null; subjects: { id: string; after: OrganizationState }[] }>();
    written.forEach((w, i) => {
      const r = order[i]!;
      const key = JSON.stringify([r.day, r.decisionRef, r.note]);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { day: r.day, decisionRef: r.decisionRef, note: r.note, subjects: [] }));
      g.subjects.push({ id: w.organization_id, after: { code: w.code, name: w.name, kind: w.kind, sector: w.sector, parentId: w.parentId } });
    });
    report.changeIds = await recordEstablishments(m, ctx, [...groups.values()]);
    report.created = written.length;
    report.imported = true;
    opts.progress?.('written', written.length, order.length);
    ctx.log.info({ created: report.created, unchanged: report.unchanged, problems: report.problems.length, changes: report.changeIds.length }, 'organisations imported');
    return report;
  });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The GraphQL mutation's entry: the file arrives base64-encoded in the request (at most the gateway's 1 MB). */
export async function importOrganizationsFromGraphql(
  ctx: OrgContext,
  input: { fileName: string; contentBase64: string; goodRowsOnly?: boolean | null; dryRun?: boolean | null; establishedOn?: string | null; decisionRef?: string | null },
): Promise<OrganizationImportReport> {
  const text = input.contentBase64.replace(/\s+/g, '');
  if (!text.length) throw badInput('input.contentBase64', 'the file is empty');
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw badInput('input.contentBase64', 'is not base64 text');
  return importOrganizations(ctx, {
    fileName: input.fileName,
    content: Buffer.from(text, 'base64'),
    goodRowsOnly: input.goodRowsOnly ?? false,
    dryRun: input.dryRun ?? false,
    establishedOn: input.establishedOn ?? null,
    decisionRef: input.decisionRef ?? null,
    maxRows: GRAPHQL_MAX_ROWS,
  });
}
