import { badInput, conflict, DomainError, foldForSearch, isAdmin, today, type Caller, type RequestAudit } from '@party/subgraph-kit';
import { detectFormat, isProblem, parseBoolean, parseChoice, parseDate, readTable, type ImportReport, type RowProblem, type TableRow } from '@party/tabular';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ZodType } from 'zod';
import type { MemberContext } from '../context';
import { CELL_KINDS, EDUCATION_LEVELS, PROSPECT_SOURCES, TERMINATION_REASONS, type EducationLevel, type Gender, type ProspectSource, type TerminationReason } from '../domain/enums';
import { fold, fullYears, INFINITY, probationEndsOn, type LifeEvent } from '../domain/lifecycle';
import { asCaller, type Db } from '../request-db';
import { assertWriter } from './access';
import { addMemberStats, placeMembers, refreshStatisticsAfterBulkWrite } from './derive';
import { GENDER_CHOICES, MEMBER_IMPORT_COLUMNS, type MemberImportColumn } from './member-import.layout';
import { citizenId as citizenIdRule, familyBackground as familyBackgroundRule, optionalText, partyCard, personName, sortName, text } from './rules';

/** Who imports: the caller (scope, roles) and the request the events are recorded under. */
export interface MemberImportActor {
  caller: Caller;
  requestId: string | null;
  /** The request's audit entry (GraphQL): the created members are named in its MUTATION row. */
  audit?: RequestAudit;
}

export interface MemberImportOptions {
  fileName: string;
  /** Import the rows without problems, report the others (default: nothing is imported from a file with problems). */
  goodRowsOnly?: boolean;
  /** Validate only; nothing is written. */
  dryRun?: boolean;
  /** Refuse files with more data rows than this. */
  maxRows?: number;
  /** Progress of the phases (the command prints it). */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface MemberImportReport extends ImportReport {
  /** Columns of the file that are not part of the layout (ignored). */
  ignoredColumns: string[];
  /** Ids of the members created (empty unless `imported`). */
  createdIds: string[];
}

/** One valid row, parsed. */
interface ParsedMember {
  line: number;
  fullName: string;
  gender: Gender;
  birthDate: string;
  birthplace: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizenId: string | null;
  partyCardNumber: string | null;
  /** Sensitive: never shown in a problem's reason. */
  familyBackground: string | null;
  educationLevel: EducationLevel | null;
  occupation: string | null;
  youthUnion: boolean;
  source: ProspectSource;
  organizationCode: string;
  admittedOn: string;
  admissionDecisionRef: string;
  ageExceptionRef: string | null;
  officialOn: string | null;
  recognitionDecisionRef: string | null;
  terminatedOn: string | null;
  terminationReason: TerminationReason | null;
  terminationDecisionRef: string | null;
  /** Resolved: the cell on the admission day. */
  organizationId: string;
}

type Sql = Pick<EntityManager, 'query'>;

/** Data rows one import takes: through the GraphQL API (a 1 MB request holds fewer anyway), and through the command. */
export const MEMBER_IMPORT_GRAPHQL_MAX_ROWS = 20_000;
export const MEMBER_IMPORT_COMMAND_MAX_ROWS = 1_000_000;

/** Members written per statement. */
const WRITE_BATCH = 10_000;
/** Members placed per placeMembers call; the first call places fewer (see writeMembers). */
const PLACE_BATCH = 10_000;
const FIRST_PLACE_BATCH = 2_000;

const COLUMN_ORDER = new Map<string, number>(MEMBER_IMPORT_COLUMNS.map((c, i) => [c.name, i]));

/** An enum's codes as parseChoice's choices (matched without regard to case; spaces for underscores). */
const choices = <T extends string>(codes: readonly T[]) => Object.fromEntries(codes.map((c) => [c, [] as string[]])) as unknown as Record<T, readonly string[]>;

/**
 * Imports members from a CSV or XLSX file in the documented layout (member-import.layout.ts): every row is
 * validated with the register's own rules (rules.ts, lifecycle.ts, the enums), the organisation codes are
 * resolved on the tree as it stood on each admission day, citizen IDs and party card numbers are checked
 * for duplicates in the file and in the register. Rows describing a member already registered (same
 * citizen ID or party card number) with the same data are `unchanged`; with different data they are a
 * problem naming the column. Nothing is written from a file with problems unless `goodRowsOnly`; the
 * write is one transaction (members, events, folded segments, then placements, counts and facts by the
 * subgraph's own derivation).
 */
export async function importMembers(db: Db, actor: MemberImportActor, content: Buffer, opts: MemberImportOptions): Promise<MemberImportReport> {
  const progress = opts.onProgress ?? (() => {});
  let format;
  try {
    format = detectFormat(opts.fileName);
  } catch (e) {
    throw badInput('input.fileName', e instanceof Error ? e.message : String(e));
  }
  const table = await readTable(content, format, MEMBER_IMPORT_COLUMNS, { maxRows: opts.maxRows ?? MEMBER_IMPORT_GRAPHQL_MAX_ROWS });
  progress('read', table.rows.length, table.rows.length);
  const problems: RowProblem[] = [...table.problems];
  if (!table.rows.length && !problems.length) problems.push({ line: 1, column: null, reason: 'the file has no data rows' });
  const report = (fields: Partial<MemberImportReport>): MemberImportReport => ({
    totalRows: table.rows.length,
    validRows: 0,
    created: 0,
    unchanged: 0,
    imported: false,
    ignoredColumns: table.ignoredColumns,
    createdIds: [],
    ...fields,
    problems: sortProblems(problems),
  });
  const badLines = new Set(problems.map((p) => p.line));
  const parsed: ParsedMember[] = [];
  const now = today();
  for (const row of table.rows) {
    if (badLines.has(row.line)) continue;
    const own: RowProblem[] = [];
    const p = parseRow(row, now, own);
    if (own.length) problems.push(...own);
    else parsed.push(p!);
  }

  // The organisations, on each admission day, and the caller's scope.
  await resolveOrganizations(db, actor.caller, parsed, problems);
  // Duplicates within the file, then against the register.
  const unique = duplicatesInFile(parsed, problems);
  // With the caller's row-level security scope (the command runs as its operator; a request already has it).
  const { fresh, unchanged } = await asCaller(db, actor.caller, (m) => againstRegister(m, unique, problems));
  const validRows = fresh.length + unchanged;
  progress('checked', validRows, table.rows.length);

  const hasProblems = problems.length > 0;
  // A broken header (missing or repeated column, merged header cells: no rows are read) or a file past the
  // row limit is refused whole, even with goodRowsOnly.
  const headerBroken = table.problems.some((p) => p.column === null || !table.rows.length);
  if (opts.dryRun || (hasProblems && (!opts.goodRowsOnly || headerBroken))) {
    return report({ validRows, unchanged, created: 0, imported: false });
  }
  if (!fresh.length) return report({ validRows, unchanged, created: 0, imported: true });

  const ids = await asCaller(db, actor.caller, async (m) => {
    try {
      return await writeMembers(m, actor, fresh, opts.fileName, progress);
    } catch (e) {
      const err = ((e as { driverError?: unknown }).driverError ?? e) as { code?: string; constraint?: string };
      if (err.code === '23505' && (err.constraint === 'member_citizen_id_key' || err.constraint === 'member_party_card_key')) {
        throw conflict('input.contentBase64: a member with one of these citizen IDs or party card numbers was registered while the file was imported; nothing was imported, import the file again', 'input.contentBase64');
      }
      throw e;
    }
  });
  for (const id of ids) actor.audit?.target(id);
  return report({ validRows, unchanged, created: ids.length, imported: true, createdIds: ids });
}

function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => a.line - b.line || (COLUMN_ORDER.get(a.column ?? '') ?? -1) - (COLUMN_ORDER.get(b.column ?? '') ?? -1));
}

// ---------------------------------------------------------------- one row

/** The first message of a zod rule, or the parsed value. */
function check<T>(rule: ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; reason: string } {
  const r = rule.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, reason: r.error.issues[0]?.message ?? 'is not valid' };
}

const NAME_RULE = personName;
const REF_RULE = text(200);
const OPTIONAL = { birthplace: optionalText(300), ethnicity: optionalText(50), religion: optionalText(50), occupation: optionalText(200), ageExceptionRef: optionalText(200) } as const;

/** Parses and checks one row on its own; problems go to `out`. */
function parseRow(row: TableRow, now: string, out: RowProblem[]): ParsedMember | null {
  const line = row.line;
  const cell = (c: MemberImportColumn) => row.cells[c] ?? null;
  const fail = (column: MemberImportColumn, reason: string) => {
    out.push({ line, column, reason });
    return null;
  };
  const required = <T>(column: MemberImportColumn, parse: (v: string) => T | null): T | null => {
    const v = cell(column);
    if (v === null) return fail(column, 'is required');
    return parse(v);
  };
  const viaRule = <T>(column: MemberImportColumn, rule: ZodType<T>) => (v: string | null): T | null => {
    const r = check(rule, v);
    return r.ok ? r.value : fail(column, r.reason);
  };
  const day = (column: MemberImportColumn) => (v: string): string | null => {
    const r = parseDate(v, line, column);
    if (typeof r !== 'string') return fail(column, r.reason);
    if (r > now) return fail(column, `${r} is in the future`);
    return r;
  };
  const optionalDay = (column: MemberImportColumn) => {
    const v = cell(column);
    return v === null ? null : day(column)(v);
  };
  const oneOf = <T extends string>(column: MemberImportColumn, choices: Readonly<Record<T, readonly string[]>>) => (v: string): T | null => {
    const r = parseChoice(v, choices, line, column);
    return isProblem(r) ? fail(column, r.reason) : r;
  };

  const fullName = required('fullName', viaRule('fullName', NAME_RULE));
  const gender = required('gender', oneOf('gender', GENDER_CHOICES));
  const birthDate = required('birthDate', day('birthDate'));
  const birthplace = viaRule('birthplace', OPTIONAL.birthplace)(cell('birthplace'));
  const ethnicity = viaRule('ethnicity', OPTIONAL.ethnicity)(cell('ethnicity'));
  const religion = viaRule('religion', OPTIONAL.religion)(cell('religion'));
  const occupation = viaRule('occupation', OPTIONAL.occupation)(cell('occupation'));
  const citizenId = viaRule('citizenId', citizenIdRule)(cell('citizenId')) ?? null;
  const partyCardNumber = viaRule('partyCardNumber', partyCard)(cell('partyCardNumber')) ?? null;
  const familyBackground = viaRule('familyBackground', familyBackgroundRule)(cell('familyBackground'));
  if (cell('citizenId') === null && cell('partyCardNumber') === null) {
    fail('citizenId', 'a citizen ID or a party card number is required: it is how the member is recognised in the register (and on a later import)');
  }
  const educationLevel = cell('educationLevel') === null ? null : oneOf('educationLevel', choices(EDUCATION_LEVELS))(cell('educationLevel')!);
  const source = cell('source') === null ? 'OTHER' : oneOf('source', choices(PROSPECT_SOURCES))(cell('source')!);
  let youthUnion: boolean | null = false;
  if (cell('youthUnion') !== null) {
    const r = parseBoolean(cell('youthUnion')!, line, 'youthUnion');
    youthUnion = typeof r === 'boolean' ? r : fail('youthUnion', r.reason);
  }
  const organizationCode = required('organizationCode', (v) => v.toUpperCase());
  const admittedOn = required('admittedOn', day('admittedOn'));
  const admissionDecisionRef = required('admissionDecisionRef', viaRule('admissionDecisionRef', REF_RULE));
  const ageExceptionRef = viaRule('ageExceptionRef', OPTIONAL.ageExceptionRef)(cell('ageExceptionRef'));
  const officialOn = optionalDay('officialOn');
  const recognitionDecisionRef = cell('recognitionDecisionRef') === null ? null : viaRule('recognitionDecisionRef', REF_RULE)(cell('recognitionDecisionRef'));
  const terminatedOn = optionalDay('terminatedOn');
  const terminationReason = cell('terminationReason') === null ? null : oneOf('terminationReason', choices(TERMINATION_REASONS))(cell('terminationReason')!);
  const terminationDecisionRef = cell('terminationDecisionRef') === null ? null : viaRule('terminationDecisionRef', REF_RULE)(cell('terminationDecisionRef'));

  // The rules between the columns (the lifecycle's, as the mutations apply them).
  if (birthDate && admittedOn) {
    if (admittedOn <= birthDate) fail('admittedOn', `must be after the birth date ${birthDate}`);
    else {
      const age = fullYears(birthDate, admittedOn);
      if ((age < 18 || age > 60) && !ageExceptionRef) fail('ageExceptionRef', `the member was ${age} on ${admittedOn}; admission needs age 18 to 60, or the reference of an exception`);
    }
  }
  if (cell('officialOn') !== null && cell('recognitionDecisionRef') === null) fail('recognitionDecisionRef', 'is required with officialOn');
  if (cell('officialOn') === null && cell('recognitionDecisionRef') !== null) fail('officialOn', 'is required with recognitionDecisionRef');
  if (admittedOn && officialOn) {
    const earliest = probationEndsOn(admittedOn);
    if (officialOn < earliest) fail('officialOn', `recognition comes no earlier than 12 months after the admission of ${admittedOn}: ${earliest} at the earliest`);
  }
  const exit = [cell('terminatedOn'), cell('terminationReason'), cell('terminationDecisionRef')];
  if (exit.some((v) => v !== null)) {
    if (cell('terminatedOn') === null) fail('terminatedOn', 'is required with terminationReason and terminationDecisionRef');
    if (cell('terminationReason') === null) fail('terminationReason', 'is required with terminatedOn');
    if (cell('terminationDecisionRef') === null) fail('terminationDecisionRef', 'is required with terminatedOn');
  }
  if (terminatedOn && admittedOn && terminatedOn <= admittedOn) fail('terminatedOn', `must be after the admission on ${admittedOn}`);
  else if (terminatedOn && officialOn && terminatedOn < officialOn) fail('terminatedOn', `must not be before the recognition on ${officialOn}`);
  if (terminationReason === 'PROBATION_NOT_RECOGNIZED' && cell('officialOn') !== null) fail('terminationReason', 'PROBATION_NOT_RECOGNIZED applies to probationary members only (officialOn is given)');

  if (out.length) return null;
  return {
    line,
    fullName: fullName!,
    gender: gender!,
    birthDate: birthDate!,
    birthplace,
    ethnicity,
    religion,
    citizenId,
    partyCardNumber,
    familyBackground,
    educationLevel,
    occupation,
    youthUnion: youthUnion!,
    source: source!,
    organizationCode: organizationCode!,
    admittedOn: admittedOn!,
    admissionDecisionRef: admissionDecisionRef!,
    ageExceptionRef,
    officialOn,
    recognitionDecisionRef,
    terminatedOn,
    terminationReason,
    terminationDecisionRef,
    organizationId: '',
  };
}

// ---------------------------------------------------------------- organisations

interface VersionRow {
  organization_id: string;
  code: string;
  name: string;
  kind: string;
  path: string;
  valid_from: string;
  valid_to: string;
}

const versionOn = (versions: readonly VersionRow[] | undefined, day: string) => versions?.find((v) => v.valid_from <= day && (v.valid_to === INFINITY || day < v.valid_to));

/**
 * Resolves each row's organisation code on its admission day (organization.tree_v1): it must name a CELL or
 * GRASSROOTS_CELL existing that day. The cell must lie in the caller's organisations on the admission day, or
 * (the cell still existing) today — an officer of a commune formed by a merger imports the members of the cells
 * it took over. A row outside both refuses the whole file (FORBIDDEN, lines named): nothing is imported.
 */
async function resolveOrganizations(db: Sql, caller: Caller, rows: ParsedMember[], problems: RowProblem[]): Promise<void> {
  const codes = [...new Set(rows.map((r) => r.organizationCode))];
  const versions = new Map<string, VersionRow[]>();
  if (codes.length) {
    const found: VersionRow[] = await db.query(
      `SELECT organization_id, code, name, kind, path, valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM organization.tree_v1 WHERE code = ANY($1::text[]) ORDER BY code, valid_from`,
      [codes],
    );
    for (const v of found) versions.set(v.code, [...(versions.get(v.code) ?? []), v]);
  }
  const admin = isAdmin(caller);
  const scope: VersionRow[] = admin || !caller.scope.length
    ? []
    : await db.query(
        `SELECT organization_id, code, name, kind, path, valid_from::text AS valid_from, valid_to::text AS valid_to
           FROM organization.tree_v1 WHERE organization_id = ANY($1::uuid[])`,
        [caller.scope],
      );
  const now = today();
  /** A cell version under one of the caller's organisations on `day`. */
  const inScope = (v: VersionRow | undefined, day: string) =>
    !!v && scope.some((s) => s.valid_from <= day && (s.valid_to === INFINITY || day < s.valid_to) && v.path.startsWith(s.path));
  const outside: RowProblem[] = [];
  const kept: ParsedMember[] = [];
  for (const r of rows) {
    const all = versions.get(r.organizationCode);
    const v = versionOn(all, r.admittedOn);
    if (!all) problems.push({ line: r.line, column: 'organizationCode', reason: `no organisation has the code ${r.organizationCode}` });
    else if (!v) {
      const span = `${all[0]!.valid_from} to ${all[all.length - 1]!.valid_to === INFINITY ? 'today' : all[all.length - 1]!.valid_to}`;
      problems.push({ line: r.line, column: 'organizationCode', reason: `${r.organizationCode} did not exist on the admission day ${r.admittedOn} (it exists from ${span})` });
    } else if (!CELL_KINDS.includes(v.kind)) {
      problems.push({ line: r.line, column: 'organizationCode', reason: `${v.name} (${r.organizationCode}) is a ${v.kind} on ${r.admittedOn}; members belong to a CELL or GRASSROOTS_CELL` });
    } else if (!admin && !inScope(v, r.admittedOn) && !inScope(versionOn(all, now), now)) {
      outside.push({ line: r.line, column: 'organizationCode', reason: `${v.name} (${r.organizationCode}) is outside your organisations on ${r.admittedOn}` });
    } else {
      r.organizationId = v.organization_id;
      kept.push(r);
    }
  }
  if (outside.length) {
    const shown = outside.slice(0, 20).map((p) => ({ field: `line ${p.line}, organizationCode`, message: p.reason }));
    throw new DomainError(
      'FORBIDDEN',
      `input.contentBase64: ${outside.length} row(s) name a cell outside your organisations (line ${outside.slice(0, 20).map((p) => p.line).join(', ')}${outside.length > 20 ? ', …' : ''}); nothing was imported`,
      'input.contentBase64',
      shown,
    );
  }
  rows.splice(0, rows.length, ...kept);
}

// ---------------------------------------------------------------- duplicates

/** Rows repeating a citizen ID or party card number of an earlier row are problems; the others are returned. */
function duplicatesInFile(rows: ParsedMember[], problems: RowProblem[]): ParsedMember[] {
  const byCitizen = new Map<string, number>();
  const byCard = new Map<string, number>();
  const out: ParsedMember[] = [];
  for (const r of rows) {
    let ok = true;
    if (r.citizenId) {
      const first = byCitizen.get(r.citizenId);
      if (first !== undefined) {
        problems.push({ line: r.line, column: 'citizenId', reason: `line ${first} has the same citizen ID` });
        ok = false;
      } else byCitizen.set(r.citizenId, r.line);
    }
    if (r.partyCardNumber) {
      const first = byCard.get(r.partyCardNumber);
      if (first !== undefined) {
        problems.push({ line: r.line, column: 'partyCardNumber', reason: `line ${first} has the same party card number` });
        ok = false;
      } else byCard.set(r.partyCardNumber, r.line);
    }
    if (ok) out.push(r);
  }
  return out;
}

interface ExistingMember {
  id: string;
  full_name: string;
  gender: string;
  birth_date: string;
  birthplace: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizen_id: string | null;
  party_card_number: string | null;
  family_background: string | null;
  education_level: string | null;
  occupation: string | null;
  youth_union: boolean;
  source: string;
  admitted_on: string;
  official_on: string | null;
  terminated_on: string | null;
  termination_reason: string | null;
  admitted_in: string | null;
  admission_ref: string | null;
  recognition_ref: string | null;
  termination_ref: string | null;
}

/**
 * A differing column's problem shows the registered value, except for these columns: a registered value is
 * named in words instead (null still shows as null), so that the report, printed by the command and kept by
 * whoever ran the import, carries no cell id and no family background (sensitive personal data).
 */
const NOT_SHOWN: Partial<Record<MemberImportColumn, string>> = { organizationCode: 'another cell', familyBackground: 'another text' };

/** The columns compared with a registered member, and the stored value of each. */
const COMPARED: [MemberImportColumn, (m: ExistingMember) => unknown, (r: ParsedMember) => unknown][] = [
  ['fullName', (m) => m.full_name, (r) => r.fullName],
  ['gender', (m) => m.gender, (r) => r.gender],
  ['birthDate', (m) => m.birth_date, (r) => r.birthDate],
  ['birthplace', (m) => m.birthplace, (r) => r.birthplace],
  ['ethnicity', (m) => m.ethnicity, (r) => r.ethnicity],
  ['religion', (m) => m.religion, (r) => r.religion],
  ['citizenId', (m) => m.citizen_id, (r) => r.citizenId],
  ['partyCardNumber', (m) => m.party_card_number, (r) => r.partyCardNumber],
  ['familyBackground', (m) => m.family_background, (r) => r.familyBackground],
  ['educationLevel', (m) => m.education_level, (r) => r.educationLevel],
  ['occupation', (m) => m.occupation, (r) => r.occupation],
  ['youthUnion', (m) => m.youth_union, (r) => r.youthUnion],
  ['source', (m) => m.source, (r) => r.source],
  ['organizationCode', (m) => m.admitted_in, (r) => r.organizationId],
  ['admittedOn', (m) => m.admitted_on, (r) => r.admittedOn],
  ['admissionDecisionRef', (m) => m.admission_ref, (r) => r.admissionDecisionRef],
  ['officialOn', (m) => m.official_on, (r) => r.officialOn],
  ['recognitionDecisionRef', (m) => m.recognition_ref, (r) => r.recognitionDecisionRef],
  ['terminatedOn', (m) => m.terminated_on, (r) => r.terminatedOn],
  ['terminationReason', (m) => m.termination_reason, (r) => r.terminationReason],
  ['terminationDecisionRef', (m) => m.termination_ref, (r) => r.terminationDecisionRef],
];

/**
 * Rows whose citizen ID or party card number is a registered member's: the same data → unchanged, other
 * data → a problem naming each differing column. A citizen ID of an open prospect file is a problem too.
 * Returns the rows to create.
 */
async function againstRegister(db: Sql, rows: ParsedMember[], problems: RowProblem[]): Promise<{ fresh: ParsedMember[]; unchanged: number }> {
  if (!rows.length) return { fresh: [], unchanged: 0 };
  const citizenIds = rows.flatMap((r) => (r.citizenId ? [r.citizenId] : []));
  const cards = rows.flatMap((r) => (r.partyCardNumber ? [r.partyCardNumber] : []));
  // Hash joins on the keys (not a filter per row), and each member's events through their own index.
  const existing: ExistingMember[] = await db.query(
    `WITH hit AS (SELECT m.id FROM membership.member m JOIN unnest($1::text[]) k(v) ON m.citizen_id = k.v
                  UNION SELECT m.id FROM membership.member m JOIN unnest($2::text[]) k(v) ON m.party_card_number = k.v)
     SELECT m.id, m.full_name, m.gender, m.birth_date::text AS birth_date, m.birthplace, m.ethnicity, m.religion, m.citizen_id, m.party_card_number,
            m.family_background, m.education_level, m.occupation, m.youth_union, m.source,
            m.admitted_on::text AS admitted_on, m.official_on::text AS official_on, m.terminated_on::text AS terminated_on, m.termination_reason,
            ev.admitted_in, ev.admission_ref, ev.recognition_ref, ev.termination_ref
       FROM hit JOIN membership.member m ON m.id = hit.id
       CROSS JOIN LATERAL (
         SELECT (array_agg(e.organization_id ORDER BY e.effective_on, e.id) FILTER (WHERE e.type = 'ADMITTED'))[1] AS admitted_in,
                (array_agg(e.decision_ref ORDER BY e.effective_on, e.id) FILTER (WHERE e.type = 'ADMITTED'))[1] AS admission_ref,
                (array_agg(e.decision_ref ORDER BY e.effective_on DESC, e.id DESC) FILTER (WHERE e.type = 'RECOGNIZED'))[1] AS recognition_ref,
                (array_agg(e.decision_ref ORDER BY e.effective_on DESC, e.id DESC) FILTER (WHERE e.type = 'TERMINATED'))[1] AS termination_ref
           FROM membership.member_event e WHERE e.member_id = m.id) ev`,
    [citizenIds, cards],
  );
  // Open prospect files and members the caller's row-level security scope hides hold their numbers too
  // (SECURITY DEFINER look-ups answering only whether, never whose data).
  const openProspects: { citizen_id: string }[] = citizenIds.length ? await db.query(`SELECT citizen_id FROM membership.open_prospects_holding($1::text[])`, [citizenIds]) : [];
  const holders: { member_id: string; citizen_id: string | null; party_card_number: string | null }[] =
    citizenIds.length || cards.length ? await db.query(`SELECT member_id, citizen_id, party_card_number FROM membership.members_holding($1::text[], $2::text[])`, [citizenIds, cards]) : [];
  const seen = new Set(existing.map((m) => m.id));
  const hiddenCitizen = new Set(holders.filter((h) => h.citizen_id && !seen.has(h.member_id)).map((h) => h.citizen_id!));
  const hiddenCard = new Set(holders.filter((h) => h.party_card_number && !seen.has(h.member_id)).map((h) => h.party_card_number!));
  const prospectIds = new Set(openProspects.map((p) => p.citizen_id));
  const byCitizen = new Map(existing.filter((m) => m.citizen_id).map((m) => [m.citizen_id!, m]));
  const byCard = new Map(existing.filter((m) => m.party_card_number).map((m) => [m.party_card_number!, m]));
  const fresh: ParsedMember[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const outside = [r.citizenId && hiddenCitizen.has(r.citizenId) ? 'citizenId' : null, r.partyCardNumber && hiddenCard.has(r.partyCardNumber) ? 'partyCardNumber' : null].filter((c): c is 'citizenId' | 'partyCardNumber' => !!c);
    if (outside.length) {
      for (const column of outside) problems.push({ line: r.line, column, reason: 'belongs to a member registered outside your organisations' });
      continue;
    }
    const a = r.citizenId ? byCitizen.get(r.citizenId) : undefined;
    const b = r.partyCardNumber ? byCard.get(r.partyCardNumber) : undefined;
    if (a && b && a.id !== b.id) {
      problems.push({ line: r.line, column: 'partyCardNumber', reason: `belongs to another member of the register than the citizen ID ${r.citizenId}` });
      continue;
    }
    const m = a ?? b;
    if (!m) {
      if (r.citizenId && prospectIds.has(r.citizenId)) problems.push({ line: r.line, column: 'citizenId', reason: 'an open prospect file has this citizen ID; admit or reject the prospect first' });
      else fresh.push(r);
      continue;
    }
    const by = a ? 'citizen ID' : 'party card number';
    const differ = COMPARED.filter(([, stored, given]) => (stored(m) ?? null) !== (given(r) ?? null));
    if (!differ.length) {
      unchanged++;
      continue;
    }
    for (const [column, stored] of differ) {
      const value = (stored(m) ?? null) !== null && NOT_SHOWN[column] ? NOT_SHOWN[column] : JSON.stringify(stored(m) ?? null);
      problems.push({ line: r.line, column, reason: `differs from the member already registered with this ${by} (registered: ${value}); record changes with the register's mutations, not by import` });
    }
  }
  return { fresh, unchanged };
}

// ---------------------------------------------------------------- the write

/** Writes new members with their events and folded segments, then places them (counts and facts). */
async function writeMembers(m: Sql, actor: MemberImportActor, rows: ParsedMember[], fileName: string, progress: (phase: string, done: number, total: number) => void): Promise<string[]> {
  const ids = rows.map(() => randomUUID());
  const recordedBy = actor.caller.userId;
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    const batchIds = ids.slice(i, i + WRITE_BATCH);
    const col = <T>(f: (r: ParsedMember) => T) => batch.map(f);
    await m.query(
      `INSERT INTO membership.member (id, full_name, search_text, sort_name, gender, birth_date, birthplace, ethnicity, religion, citizen_id, education_level,
                                      occupation, youth_union, source, party_card_number, admitted_on, official_on, terminated_on, termination_reason, family_background)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::text[], $13::boolean[], $14::text[], $15::text[], $16::date[], $17::date[], $18::date[], $19::text[], $20::text[])`,
      [
        batchIds,
        col((r) => r.fullName),
        col((r) => foldForSearch(r.fullName)),
        col((r) => sortName(r.fullName)),
        col((r) => r.gender),
        col((r) => r.birthDate),
        col((r) => r.birthplace),
        col((r) => r.ethnicity),
        col((r) => r.religion),
        col((r) => r.citizenId),
        col((r) => r.educationLevel),
        col((r) => r.occupation),
        col((r) => r.youthUnion),
        col((r) => r.source),
        col((r) => r.partyCardNumber),
        col((r) => r.admittedOn),
        col((r) => r.officialOn),
        col((r) => r.terminatedOn),
        col((r) => r.terminationReason),
        col((r) => r.familyBackground),
      ],
    );
    // Events in the order they happened (ids follow it), each with the file and line it came from.
    const ev: { member: string; type: string; on: string; ref: string; org: string | null; reason: string | null; note: string | null; line: number }[] = [];
    const segments: { member: string; from: string; to: string; org: string; status: string; activity: string }[] = [];
    batch.forEach((r, n) => {
      const member = batchIds[n]!;
      const life: LifeEvent[] = [{ id: 1, type: 'ADMITTED', effectiveOn: r.admittedOn, organizationId: r.organizationId }];
      ev.push({ member, type: 'ADMITTED', on: r.admittedOn, ref: r.admissionDecisionRef, org: r.organizationId, reason: null, note: r.ageExceptionRef ? `Age exception: ${r.ageExceptionRef}` : null, line: r.line });
      if (r.officialOn) {
        life.push({ id: 2, type: 'RECOGNIZED', effectiveOn: r.officialOn });
        ev.push({ member, type: 'RECOGNIZED', on: r.officialOn, ref: r.recognitionDecisionRef!, org: null, reason: null, note: null, line: r.line });
      }
      if (r.terminatedOn) {
        life.push({ id: 3, type: 'TERMINATED', effectiveOn: r.terminatedOn, reason: r.terminationReason });
        ev.push({ member, type: 'TERMINATED', on: r.terminatedOn, ref: r.terminationDecisionRef!, org: null, reason: r.terminationReason, note: null, line: r.line });
      }
      for (const s of fold(life).segments) segments.push({ member, from: s.validFrom, to: s.validTo, org: s.organizationId, status: s.status, activity: s.activity });
    });
    await m.query(
      `INSERT INTO membership.member_event (member_id, type, effective_on, decision_ref, organization_id, reason, note, data, recorded_by, request_id)
       SELECT x.m, x.t, x.e, x.d, x.o, x.r, x.n, jsonb_build_object('import', jsonb_build_object('file', $9::text, 'line', x.l)), $10, $11
         FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::int[]) WITH ORDINALITY AS x(m, t, e, d, o, r, n, l, ord)
        ORDER BY x.ord`,
      [ev.map((e) => e.member), ev.map((e) => e.type), ev.map((e) => e.on), ev.map((e) => e.ref), ev.map((e) => e.org), ev.map((e) => e.reason), ev.map((e) => e.note), ev.map((e) => e.line), fileName, recordedBy, actor.requestId],
    );
    await m.query(
      `INSERT INTO membership.member_segment (member_id, valid_from, valid_to, organization_id, host_organization_id, status, activity)
       SELECT m, f, t, o, NULL, s, a FROM unnest($1::uuid[], $2::date[], $3::date[], $4::uuid[], $5::text[], $6::text[]) AS x(m, f, t, o, s, a)`,
      [segments.map((s) => s.member), segments.map((s) => s.from), segments.map((s) => s.to), segments.map((s) => s.org), segments.map((s) => s.status), segments.map((s) => s.activity)],
    );
    progress('written', Math.min(i + WRITE_BATCH, rows.length), rows.length);
  }
  // Placements, subtree counts, admission facts: the subgraph's own derivation, in id order.
  const sorted = [...ids].sort();
  // New members count nowhere yet: their memberStats sums are added once for the whole file, so each sum row
  // of the top organisations is written once, not once per batch.
  // The statistics are brought up to date when the file is a large part of the register (decision 0023):
  // after writing it, and again after a first, small batch of placements, so that the larger batches after
  // it are planned with placements counted.
  await refreshStatisticsAfterBulkWrite(m, 'member', ids.length);
  for (let i = 0; i < sorted.length;) {
    const size = i === 0 ? FIRST_PLACE_BATCH : PLACE_BATCH;
    await placeMembers(m, sorted.slice(i, i + size), { stats: false });
    if (i === 0 && sorted.length > size) await refreshStatisticsAfterBulkWrite(m, 'placement', sorted.length);
    i += size;
    progress('placed', Math.min(i, sorted.length), sorted.length);
  }
  await addMemberStats(m, sorted);
  return ids;
}

// ---------------------------------------------------------------- the GraphQL mutation

/** `importMembers(input)`: writers only; the file comes base64-encoded (at most the gateway's 1 MB request). */
export async function importMembersFromGraphql(
  ctx: MemberContext,
  input: { fileName: string; contentBase64: string; goodRowsOnly?: boolean | null; dryRun?: boolean | null },
): Promise<MemberImportReport> {
  assertWriter(ctx);
  const fileName = input.fileName.trim();
  if (!fileName || fileName.length > 255) throw badInput('input.fileName', 'must be 1 to 255 characters');
  const base64 = input.contentBase64.replace(/\s+/g, '');
  if (!base64) throw badInput('input.contentBase64', 'is empty');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw badInput('input.contentBase64', 'is not base64');
  const content = Buffer.from(base64, 'base64');
  return importMembers(ctx.db, { caller: ctx.caller, requestId: ctx.requestId, audit: ctx.audit }, content, {
    fileName,
    goodRowsOnly: input.goodRowsOnly ?? false,
    dryRun: input.dryRun ?? false,
    maxRows: MEMBER_IMPORT_GRAPHQL_MAX_ROWS,
  });
}
