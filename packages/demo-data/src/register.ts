import { addDays, addMonths, fullYears, maxDay, minDay } from './dates';
import { ADMISSIONS_PER_YEAR, AFFILIATED, DAYS, DISTRICTS, FIGURES } from './ninh-thuan';
import { person, sourceFor, type EducationLevel, type Gender, type Source } from './people';
import type { Random } from './random';
import type { CellProfile, DemoTree, PlannedCell } from './tree';

export type EventType = 'ADMITTED' | 'RECOGNIZED' | 'TRANSFERRED' | 'TEMPORARY_TRANSFER' | 'EXEMPTED' | 'EXEMPTION_ENDED' | 'TERMINATED' | 'REINSTATED';
export type TerminationReason = 'STRUCK_OFF' | 'EXPELLED' | 'WITHDRAWN' | 'DECEASED' | 'PROBATION_NOT_RECOGNIZED';

export interface DemoEvent {
  type: EventType;
  effectiveOn: string;
  decisionRef: string;
  /** ADMITTED, TRANSFERRED, TEMPORARY_TRANSFER, REINSTATED: the cell (code). */
  cell?: string;
  /** TEMPORARY_TRANSFER: last day at the host. */
  until?: string;
  /** TERMINATED: the reason; EXEMPTED: why. */
  reason?: string;
}

export interface DemoMember {
  id: string;
  fullName: string;
  gender: Gender;
  birthDate: string;
  birthplace: string;
  ethnicity: string;
  religion: string | null;
  citizenId: string;
  educationLevel: EducationLevel;
  occupation: string;
  youthUnion: boolean;
  source: Source;
  partyCardNumber: string;
  /** In date order; the first is ADMITTED. */
  events: DemoEvent[];
}

export type ProspectStep = 'AWARENESS_CLASS_PASSED' | 'HELPER_ASSIGNED' | 'INTRODUCERS_ASSIGNED' | 'DOSSIER_COMPLETE' | 'CELL_RESOLUTION' | 'COMMITTEE_RESOLUTION';

export interface DemoProspect {
  id: string;
  cell: string;
  fullName: string;
  gender: Gender;
  birthDate: string;
  birthplace: string;
  ethnicity: string;
  religion: string | null;
  citizenId: string;
  educationLevel: EducationLevel;
  occupation: string;
  youthUnion: boolean;
  source: Source;
  registeredOn: string;
  steps: { step: ProspectStep; on: string; decisionRef: string | null }[];
  helperId: string | null;
  introducers: { memberId: string; workedTogetherSince: string }[];
  rejected: { on: string; reason: string; decisionRef: string } | null;
}

export interface DemoRegister {
  members: DemoMember[];
  prospects: DemoProspect[];
}

const STEPS: ProspectStep[] = ['AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED', 'DOSSIER_COMPLETE', 'CELL_RESOLUTION', 'COMMITTEE_RESOLUTION'];

const ARMED: CellProfile[] = ['POLICE', 'MILITARY', 'BORDER'];
const WORKING: CellProfile[] = ['COMMUNE_OFFICE', 'COMMUNE_MILITIA', 'COMMUNE_POLICE', 'KINDERGARTEN', 'HEALTH_STATION', 'HIGH_SCHOOL', 'POLICE', 'MILITARY', 'BORDER', 'AGENCY', 'HOSPITAL', 'SCHOOL', 'COLLEGE', 'STATE_ENTERPRISE', 'BANK', 'NON_STATE_ENTERPRISE'];
const isResidential = (p: CellProfile) => p === 'URBAN_AREA' || p === 'RURAL_AREA';

/** Ages (on 2020-01-01) of the starting register, by cell: [age, weight]. */
function starterAge(r: Random, profile: CellProfile): number {
  switch (profile) {
    case 'URBAN_AREA':
      return r.weighted([[r.int(30, 44), 15], [r.int(45, 59), 25], [r.int(60, 74), 38], [r.int(75, 92), 22]]);
    case 'RURAL_AREA':
      return r.weighted([[r.int(25, 44), 32], [r.int(45, 59), 32], [r.int(60, 74), 27], [r.int(75, 90), 9]]);
    case 'COMMUNE_MILITIA':
    case 'COMMUNE_POLICE':
      return r.int(22, 48);
    case 'POLICE':
    case 'MILITARY':
    case 'BORDER':
      return r.int(22, 54);
    default:
      return r.int(25, 58);
  }
}

/** Yearly chance of dying at an age. */
const deathHazard = (age: number) => (age < 50 ? 0.0008 : age < 60 ? 0.003 : age < 70 ? 0.009 : age < 80 ? 0.024 : 0.065);

/** Retirement age (the Labour Code of 2019 raised it step by step from 2021; simplified). */
const retirementAge = (g: Gender) => (g === 'MALE' ? 60 : 55);

/** Who issues decisions for a unit: "HU" (district), "TU" (the city), "ĐU" (affiliated committees). */
const ISSUER: Record<string, string> = Object.fromEntries([...DISTRICTS.map((d) => [d.code, d.code === 'PHAN_RANG' ? 'TU' : 'HU']), ...AFFILIATED.map((a) => [a.code, 'ĐU'])]);

interface Context {
  r: Random;
  cells: PlannedCell[];
  byCode: Map<string, PlannedCell>;
  byUnit: Map<string, PlannedCell[]>;
  residentialByUnit: Map<string, PlannedCell[]>;
  serial: { n: number };
}

const open = (c: PlannedCell, day: string) => c.from <= day && (c.to === 'infinity' || day < c.to);

/** A member's life, built forward in time: cells that end are followed (a merge) or left (a transfer on the day). */
class Life {
  events: DemoEvent[] = [];
  last: string;
  cell: PlannedCell;
  status: 'PROBATIONARY' | 'OFFICIAL' = 'PROBATIONARY';
  alive = true;
  exempt = false;
  /** Until when the member is away at a host (a temporary transfer). */
  awayUntil: string | null = null;

  constructor(
    private readonly ctx: Context,
    readonly m: Omit<DemoMember, 'events'>,
    admitted: { on: string; cell: PlannedCell; ref: string },
  ) {
    this.cell = admitted.cell;
    this.last = admitted.on;
    this.events.push({ type: 'ADMITTED', effectiveOn: admitted.on, decisionRef: admitted.ref, cell: admitted.cell.code });
  }

  /** Follows the member's cell up to `day`. */
  advance(day: string) {
    while (this.alive && this.cell.to !== 'infinity' && this.cell.to <= day) {
      const end = this.cell.to;
      if (this.cell.successor) this.cell = this.ctx.byCode.get(this.cell.successor)!;
      else {
        const to = this.ctx.byCode.get(this.ctx.r.pick(this.cell.transferOnEnd))!;
        this.cell = to;
        this.append({ type: 'TRANSFERRED', effectiveOn: end, decisionRef: `${this.ctx.r.int(10, 99)}-QĐ/ĐU`, cell: to.code });
      }
    }
  }

  push(e: DemoEvent) {
    this.advance(e.effectiveOn);
    this.append(e);
  }

  private append(e: DemoEvent) {
    if (e.effectiveOn < this.last) throw new Error(`demo register: ${e.type} on ${e.effectiveOn} before ${this.last}`);
    this.events.push(e);
    this.last = e.effectiveOn;
  }

  /** A day after the last event, no later than `by`; null when there is none. */
  nextDay(from: string, by: string): string | null {
    const lo = maxDay(from, addDays(this.last, 1));
    return lo <= by ? this.ctx.r.day(lo, by) : null;
  }

  member(): DemoMember {
    this.advance(DAYS.dataEnd);
    return { ...this.m, events: this.events };
  }
}

/** A life and whether it began before 2020 (the starting register). */
interface Lived {
  life: Life;
  starter: boolean;
}

/** The province's admissions per unit and year (2024 from the model: 853 in all). */
function admissionsPlan(r: Random): Map<number, Map<string, number>> {
  const units = [...DISTRICTS, ...AFFILIATED];
  const total2024 = units.reduce((s, u) => s + u.admitted, 0);
  const plan = new Map<number, Map<string, number>>();
  for (let y = 2020; y <= 2025; y++) {
    const per = new Map<string, number>();
    if (y === 2024) units.forEach((u) => per.set(u.code, u.admitted));
    else {
      const total = ADMISSIONS_PER_YEAR[y]!;
      const raw = units.map((u) => (total * u.admitted) / total2024 * (0.9 + 0.2 * r.next()));
      const scale = total / raw.reduce((s, x) => s + x, 0);
      const counts = raw.map((x) => Math.floor(x * scale));
      for (let k = 0, left = total - counts.reduce((s, x) => s + x, 0); k < left; k++) counts[k % counts.length]!++;
      units.forEach((u, i) => per.set(u.code, counts[i]!));
    }
    plan.set(y, per);
  }
  return plan;
}

/** Ceremony days: many on the Party's and the nation's days (3 Feb, 19 May, 2 Sep), the rest through the year. */
function ceremonyDay(r: Random, year: number): string {
  const last = year === 2025 ? DAYS.dataEnd : `${year}-12-31`;
  const special = [`${year}-02-03`, `${year}-05-19`, `${year}-09-02`];
  if (r.chance(0.3)) return addDays(r.pick(special), r.int(-6, 6));
  return r.day(`${year}-01-06`, last);
}

const weightedCell = (r: Random, cells: PlannedCell[], weight: (c: PlannedCell) => number) => r.weighted(cells.map((c) => [c, weight(c)] as const));

/**
 * The member register of the demo tree: a starting register of members
 * admitted before 2020, then six years (2020–2025) of admissions, recognitions,
 * transfers, temporary transfers, exemptions, exits of every kind and a few
 * reinstatements, within the Charter's rules (admitted at 18–60, recognised 12
 * months or more after admission, transfers to cells existing that day); and
 * prospects at every stage in the second half of 2025. The totals meet the
 * province's figures exactly: 853 admitted in 2024 and FIGURES.members
 * members on the days it names.
 */
export function buildRegister(r: Random, tree: DemoTree): DemoRegister {
  const ctx: Context = { r, cells: tree.cells, byCode: new Map(tree.cells.map((c) => [c.code, c])), byUnit: new Map(), residentialByUnit: new Map(), serial: { n: 0 } };
  for (const c of tree.cells) {
    if (!ctx.byUnit.has(c.unit)) ctx.byUnit.set(c.unit, []);
    ctx.byUnit.get(c.unit)!.push(c);
    if (isResidential(c.profile)) {
      if (!ctx.residentialByUnit.has(c.unit)) ctx.residentialByUnit.set(c.unit, []);
      ctx.residentialByUnit.get(c.unit)!.push(c);
    }
  }
  const lives: Lived[] = [];

  // ---------------------------------------------------------------- the starting register
  const starters = r.fork('starters');
  const atFounding = tree.cells.filter((c) => open(c, DAYS.founded));
  const sizeSum = atFounding.reduce((s, c) => s + c.size, 0);
  const factor = STARTERS / sizeSum;
  for (const cell of atFounding) {
    const n = Math.max(4, Math.round(cell.size * factor));
    for (let i = 0; i < n; i++) lives.push({ life: starter(ctx, starters, cell, false), starter: true });
  }

  // ---------------------------------------------------------------- admissions 2020–2025
  const adm = r.fork('admissions');
  const plan = admissionsPlan(adm);
  for (const [year, perUnit] of plan) {
    for (const [unit, count] of perUnit) {
      const cells = ctx.byUnit.get(unit)!;
      // From 2024 district and city committees admit students of their high schools, for the first time.
      const students = year >= 2024 && DISTRICTS.some((d) => d.code === unit) ? cells.filter((c) => c.profile === 'HIGH_SCHOOL' && adm.chance(0.75)).slice(0, Math.floor(count / 8)) : [];
      for (let i = 0; i < count; i++) {
        const student = i < students.length;
        let day = student ? adm.day(`${year}-10-15`, `${year}-12-20`) : ceremonyDay(adm, year);
        if (day > DAYS.dataEnd) day = DAYS.dataEnd;
        const cell = student ? students[i]! : weightedCell(adm, cells.filter((c) => open(c, day)), (c) => c.size * (ARMED.includes(c.profile) ? 1.6 : c.profile === 'RURAL_AREA' ? 1.2 : c.profile === 'URBAN_AREA' ? 0.6 : 1));
        lives.push({ life: newcomer(ctx, adm, cell, day, student), starter: false });
      }
    }
  }

  // Cells as they stood at the end of 2024 (every life followed to the end: moves on a cell's last day included).
  for (const l of lives) l.life.advance(DAYS.dataEnd);
  const bal = r.fork('balance');
  feedNewCells(ctx, bal, lives.map((l) => l.life));
  balanceCells(ctx, bal, lives, atFounding);

  // ---------------------------------------------------------------- the figures, exactly
  // Only residential cells are touched here: grassroots cells and committees keep their sizes.
  const fix = r.fork('figures');
  const count = (day: string) => lives.reduce((s, l) => s + (memberOn(l.life.events, day) ? 1 : 0), 0);
  const [mid, end] = [DAYS.mid2022, DAYS.end2024];
  const residentialOn = (l: Life, day: string) => {
    const st = stateOn(l.events, day, ctx.byCode);
    return !!st && isResidential(ctx.byCode.get(st.cell)!.profile);
  };
  const plain = (l: Life) => l.events.length === 2 && l.events[1]!.type === 'RECOGNIZED';
  // Members on mid-2022: members of the starting register with no later events are added or taken away.
  let diff = FIGURES.members[mid]! - count(mid);
  const homes = atFounding.filter((c) => isResidential(c.profile));
  for (; diff > 0; diff--) lives.push({ life: starter(ctx, fix, weightedCell(fix, homes, (c) => c.size), true), starter: true });
  if (diff < 0) {
    const drop = new Set(fix.shuffle(lives.filter((l) => l.starter && plain(l.life) && residentialOn(l.life, end))).slice(0, -diff).map((l) => l.life));
    if (drop.size < -diff) throw new Error(`demo register: ${-diff} members too many on ${mid}, only ${drop.size} to take away`);
    for (let i = lives.length - 1; i >= 0; i--) if (drop.has(lives[i]!.life)) lives.splice(i, 1);
  }
  // Members at the end of 2024: exits between the two days are added (deaths of the eldest) or taken back.
  diff = FIGURES.members[end]! - count(end);
  if (diff < 0) {
    const eldest = lives
      .filter((l) => l.starter && l.life.alive && l.life.last <= mid && residentialOn(l.life, mid) && !l.life.events.some((e) => e.type === 'TERMINATED'))
      .sort((a, b) => a.life.m.birthDate.localeCompare(b.life.m.birthDate) || a.life.m.id.localeCompare(b.life.m.id))
      .slice(0, 3 * -diff);
    if (eldest.length < -diff) throw new Error(`demo register: ${-diff} members too many on ${end}, only ${eldest.length} to let go`);
    for (const l of fix.shuffle(eldest).slice(0, -diff)) {
      l.life.push({ type: 'TERMINATED', effectiveOn: fix.day(addDays(mid, 1), end), decisionRef: `${fix.int(1, 99)}-BC/CB`, reason: 'DECEASED' });
      l.life.alive = false;
    }
  } else if (diff > 0) {
    const exited = fix.shuffle(lives.filter((l) => {
      const ev = l.life.events;
      const t = ev[ev.length - 1]!;
      return t.type === 'TERMINATED' && t.effectiveOn > mid && t.effectiveOn <= end && t.reason !== 'PROBATION_NOT_RECOGNIZED' && residentialOn(l.life, addDays(t.effectiveOn, -1));
    }));
    if (exited.length < diff) throw new Error(`demo register: ${diff} members short at ${end}, only ${exited.length} exits to take back`);
    for (const l of exited.slice(0, diff)) {
      l.life.events.pop();
      l.life.last = l.life.events[l.life.events.length - 1]!.effectiveOn;
      l.life.alive = true;
    }
  }

  const members = lives.map((l) => l.life.member());
  for (const [day, want] of Object.entries(FIGURES.members)) {
    const got = members.reduce((s, m) => s + (memberOn(m.events, day) ? 1 : 0), 0);
    if (got !== want) throw new Error(`demo register: ${got} members on ${day}, the figures say ${want}`);
  }
  return { members, prospects: buildProspects(r.fork('prospects'), ctx, members) };
}

/**
 * Cells established after 2020 that no other cell hands its members to (a new
 * enterprise's cell) start with members of their unit transferred in on their first day.
 */
function feedNewCells(ctx: Context, r: Random, lives: Life[]) {
  const fed = new Set(ctx.cells.flatMap((c) => c.transferOnEnd));
  for (const cell of ctx.cells.filter((c) => c.from > DAYS.founded && !fed.has(c.code))) {
    const movers = r
      .shuffle(lives.filter((l) => l.alive && l.status === 'OFFICIAL' && !l.exempt && l.last < cell.from && l.cell.unit === cell.unit && l.cell.grassroots !== l.cell.code && fullYears(l.m.birthDate, cell.from) < 50))
      .slice(0, cell.size);
    for (const l of movers) {
      l.push({ type: 'TRANSFERRED', effectiveOn: cell.from, decisionRef: `${r.int(10, 999)}-GGT/${ISSUER[cell.unit]}`, cell: cell.code });
      l.cell = cell;
    }
  }
}

/**
 * Cells keep 4 members or more, grassroots cells 5–26 and grassroots
 * committees 30 or more at the end of 2024: members of the starting register
 * are added to (or taken from) those that drifted out of bounds.
 */
function balanceCells(ctx: Context, r: Random, lives: Lived[], atFounding: PlannedCell[]) {
  const end = DAYS.end2024;
  const where = new Map<Life, string>();
  const size = new Map<string, number>();
  for (const { life } of lives) {
    const st = stateOn(life.events, end, ctx.byCode);
    if (!st) continue;
    where.set(life, st.cell);
    size.set(st.cell, (size.get(st.cell) ?? 0) + 1);
  }
  const founded = new Set(atFounding.map((c) => c.code));
  const add = (cell: PlannedCell, n: number) => {
    for (let i = 0; i < n; i++) {
      const life = starter(ctx, r, cell, true);
      life.advance(DAYS.dataEnd);
      lives.push({ life, starter: true });
      const now = stateOn(life.events, end, ctx.byCode)!.cell;
      size.set(now, (size.get(now) ?? 0) + 1);
    }
  };
  const openAtEnd = ctx.cells.filter((c) => open(c, end));
  for (const cell of openAtEnd) {
    const n = size.get(cell.code) ?? 0;
    if (n < 4 && founded.has(cell.code)) add(cell, r.int(4, 6) - n);
    if (cell.grassroots !== cell.code) continue;
    if (n < 5 && founded.has(cell.code)) add(cell, r.int(5, 8) - Math.max(n, 4));
    if (n > 26) {
      const extra = r.shuffle(lives.filter((l) => l.starter && where.get(l.life) === cell.code && l.life.events.length === 2)).slice(0, n - r.int(20, 26));
      const drop = new Set(extra.map((l) => l.life));
      for (let i = lives.length - 1; i >= 0; i--) if (drop.has(lives[i]!.life)) lives.splice(i, 1);
      size.set(cell.code, n - drop.size);
    }
  }
  const committees = new Map<string, PlannedCell[]>();
  for (const c of openAtEnd.filter((x) => x.grassroots !== x.code)) committees.set(c.grassroots, [...(committees.get(c.grassroots) ?? []), c]);
  for (const [code, cells] of committees) {
    const total = cells.reduce((s, c) => s + (size.get(c.code) ?? 0), 0);
    const want = 30 + r.int(0, 8);
    // Members registered in a grassroots cell that became this committee count too (they move into its cells).
    const into = atFounding.filter((c) => c.grassroots === code && c.code === code);
    const targets = [...cells.filter((c) => founded.has(c.code)), ...into];
    for (let k = total; k < want && targets.length; k++) add(weightedCell(r, targets, (c) => c.size), 1);
  }
}

/** Members of the starting register per cell, before the figures are met exactly. */
const STARTERS = 19_400;

function identity(ctx: Context, r: Random, birthDate: string, gender: Gender) {
  const serial = ++ctx.serial.n;
  const century = birthDate < '2000-01-01' ? 0 : 2;
  return {
    id: r.uuid(),
    citizenId: `058${century + (gender === 'FEMALE' ? 1 : 0)}${birthDate.slice(2, 4)}${String(serial).padStart(6, '0')}`,
    partyCardNumber: `58.${String(serial).padStart(7, '0')}`,
  };
}

/** A member admitted before 2020 in `cell`, with their life from 2020 on (none when `quiet`). */
function starter(ctx: Context, r: Random, cell: PlannedCell, quiet: boolean): Life {
  const age = starterAge(r, cell.profile);
  const birthDate = r.day(`${2019 - age}-01-01`, `${2019 - age}-12-31`);
  const p = person(r, cell, { retired: isResidential(cell.profile) && age >= 62 });
  const ageAtAdmission = Math.min(age - 1, r.weighted([[r.int(18, 22), 25], [r.int(23, 30), 50], [r.int(31, 40), 20], [r.int(41, 55), 5]]));
  let admitted = r.day(addDays(addMonths(birthDate, 12 * ageAtAdmission), 1), addMonths(birthDate, 12 * ageAtAdmission + 11));
  if (admitted > '2019-12-31') admitted = r.day('2019-01-02', '2019-12-31');
  if (fullYears(birthDate, admitted) < 18) admitted = addMonths(birthDate, 12 * 18 + 1);
  const issuer = ISSUER[cell.unit]!;
  const life = new Life(ctx, { ...identity(ctx, r, birthDate, p.gender), ...p, birthDate, youthUnion: fullYears(birthDate, admitted) <= 30 && r.chance(0.85), source: sourceFor(cell.profile, r, false) }, { on: admitted, cell, ref: `${r.int(10, 999)}-QĐ/${issuer}` });
  const probationEnd = addMonths(admitted, 12);
  life.push({ type: 'RECOGNIZED', effectiveOn: r.day(probationEnd, addDays(probationEnd, 35)), decisionRef: `${r.int(10, 999)}-QĐ/${issuer}` });
  life.status = 'OFFICIAL';
  if (!quiet) live(ctx, r, life, birthDate, issuer);
  return life;
}

/** A member admitted on `day` in `cell` (a student of a high school when `student`), with their life after. */
function newcomer(ctx: Context, r: Random, cell: PlannedCell, day: string, student: boolean): Life {
  const ageAtAdmission = student ? 18 : ARMED.includes(cell.profile) ? r.int(19, 28) : r.weighted([[r.int(18, 22), 18], [r.int(23, 30), 52], [r.int(31, 40), 24], [r.int(41, 52), 6]]);
  // Born so as to be `ageAtAdmission` on the day (students: 18 and a few months).
  const birthDate = student ? r.day(addMonths(day, -12 * 18 - 10), addMonths(day, -12 * 18 - 1)) : r.day(addDays(addMonths(day, -12 * (ageAtAdmission + 1)), 1), addMonths(day, -12 * ageAtAdmission));
  const p = person(r, cell, { student });
  const issuer = ISSUER[cell.unit]!;
  const youthUnion = student || (fullYears(birthDate, day) <= 30 && r.chance(0.92));
  const life = new Life(ctx, { ...identity(ctx, r, birthDate, p.gender), ...p, birthDate, youthUnion, source: sourceFor(cell.profile, r, student) }, { on: day, cell, ref: `${r.int(10, 999)}-QĐ/${issuer}` });
  // Probation: 12 months, then recognition (decided within 30 working days), or not.
  const probationEnd = addMonths(day, 12);
  const fate = r.next();
  if (fate < 0.015) {
    const on = addDays(probationEnd, r.int(5, 40));
    if (on <= DAYS.dataEnd) {
      life.push({ type: 'TERMINATED', effectiveOn: on, decisionRef: `${r.int(10, 999)}-QĐ/${issuer}`, reason: 'PROBATION_NOT_RECOGNIZED' });
      life.alive = false;
    }
    return life;
  }
  if (fate < 0.02) return life; // still waiting for the decision: an overdue probation
  const recognized = r.day(probationEnd, addDays(probationEnd, 35));
  if (recognized > DAYS.dataEnd) return life;
  life.push({ type: 'RECOGNIZED', effectiveOn: recognized, decisionRef: `${r.int(10, 999)}-QĐ/${issuer}` });
  life.status = 'OFFICIAL';
  live(ctx, r, life, birthDate, issuer);
  return life;
}

/** What happens to an official member from 2020 (or recognition) to the end of 2025, year by year. */
function live(ctx: Context, r: Random, life: Life, birthDate: string, issuer: string) {
  const other = (day: string, residential: boolean, sameUnit: boolean) => {
    const unit = sameUnit || life.cell.unit === 'PHAN_RANG' ? life.cell.unit : r.chance(0.5) ? 'PHAN_RANG' : life.cell.unit;
    const pool = (residential ? ctx.residentialByUnit.get(unit) ?? ctx.residentialByUnit.get('PHAN_RANG')! : ctx.byUnit.get(unit)!).filter((c) => c.code !== life.cell.code && open(c, day));
    return pool.length ? weightedCell(r, pool, (c) => c.size) : null;
  };
  let retired = false;
  for (let year = Math.max(2020, Number(life.last.slice(0, 4))); year <= 2025 && life.alive; year++) {
    const from = `${year}-01-01`;
    const to = year === 2025 ? DAYS.dataEnd : `${year}-12-31`;
    const age = year - Number(birthDate.slice(0, 4));
    const profile = life.cell.profile;
    // Back from a temporary stay elsewhere.
    if (life.awayUntil && life.awayUntil < from) life.awayUntil = null;
    if (r.chance(deathHazard(age))) {
      const on = life.nextDay(from, to);
      if (on) {
        life.push({ type: 'TERMINATED', effectiveOn: on, decisionRef: `${r.int(1, 99)}-BC/CB`, reason: 'DECEASED' });
        life.alive = false;
        return;
      }
    }
    // Retirement from a job: the member moves to the cell where they live.
    if (WORKING.includes(profile) && !retired && age >= retirementAge(life.m.gender) && !life.awayUntil) {
      const on = life.nextDay(maxDay(from, addMonths(birthDate, 12 * retirementAge(life.m.gender))), to);
      const home = on && other(on, true, !ARMED.includes(profile) && !AFFILIATED.some((a) => a.code === life.cell.unit));
      if (on && home) {
        life.push({ type: 'TRANSFERRED', effectiveOn: on, decisionRef: `${r.int(10, 999)}-GGT/${issuer}`, cell: home.code });
        life.cell = home;
        retired = true;
        continue;
      }
    }
    // Exemption for old age or long illness; those ill may come back.
    if (!life.exempt && !life.awayUntil && (age >= 72 ? r.chance(0.05) : r.chance(0.0015))) {
      const on = life.nextDay(from, to);
      if (on) {
        const old = age >= 72;
        life.push({ type: 'EXEMPTED', effectiveOn: on, decisionRef: `${r.int(1, 99)}-QĐ/ĐU`, reason: old ? 'Tuổi cao, sức khỏe yếu' : 'Ốm đau dài ngày' });
        life.exempt = true;
        if (!old && r.chance(0.6)) {
          const back = life.nextDay(addMonths(on, 6), minDay(addMonths(on, 18), DAYS.dataEnd));
          if (back) {
            life.push({ type: 'EXEMPTION_ENDED', effectiveOn: back, decisionRef: `${r.int(1, 99)}-QĐ/ĐU` });
            life.exempt = false;
          }
        }
        continue;
      }
    }
    if (life.exempt) continue;
    // Exits: struck off (lost contact, dues unpaid), withdrawn at their request, expelled.
    const exit = r.weighted<TerminationReason | null>([[null, 1 - 0.0012 - 0.0003 - 0.0004], ['STRUCK_OFF', 0.0012], ['WITHDRAWN', 0.0003], ['EXPELLED', 0.0004]]);
    if (exit) {
      const on = life.nextDay(from, to);
      if (on) {
        life.push({ type: 'TERMINATED', effectiveOn: on, decisionRef: `${r.int(10, 999)}-QĐ/${exit === 'EXPELLED' ? `UBKT${issuer}` : issuer}`, reason: exit });
        life.alive = false;
        // A few removals are found wrongful and reversed.
        if (exit !== 'WITHDRAWN' && r.chance(0.15)) {
          const back = life.nextDay(addMonths(on, 3), minDay(addMonths(on, 12), DAYS.dataEnd));
          const cell = back && (open(life.cell, back) ? life.cell : other(back, false, true));
          if (back && cell) {
            life.push({ type: 'REINSTATED', effectiveOn: back, decisionRef: `${r.int(10, 999)}-QĐ/${issuer}`, cell: cell.code });
            life.cell = cell;
            life.alive = true;
            continue;
          }
        }
        return;
      }
    }
    if (age >= 60) continue;
    // Moves for work: official transfers, and temporary ones for study or a posting (3 months to 2 years).
    const move = r.next();
    if (move < (ARMED.includes(profile) ? 0.03 : 0.012) && !life.awayUntil) {
      const on = life.nextDay(from, to);
      const to2 = on && other(on, isResidential(profile), r.chance(0.6));
      if (on && to2) {
        life.push({ type: 'TRANSFERRED', effectiveOn: on, decisionRef: `${r.int(10, 999)}-GGT/${issuer}`, cell: to2.code });
        life.cell = to2;
      }
    } else if (move > 0.993 && !life.awayUntil) {
      const on = life.nextDay(from, to);
      const host = on && other(on, false, r.chance(0.5));
      if (on && host) {
        const until = minDay(addDays(addMonths(on, r.pick([3, 6, 9, 12, 24])), -1), addDays(addMonths(on, 24), -1));
        life.push({ type: 'TEMPORARY_TRANSFER', effectiveOn: on, decisionRef: `${r.int(10, 999)}-GGT/${issuer}`, cell: host.code, until });
        life.awayUntil = until;
      }
    }
  }
}

/** Whether the events make the person a member on `day` (admitted, not terminated or reinstated since). */
export function memberOn(events: readonly DemoEvent[], day: string): boolean {
  let inside = false;
  for (const e of events) {
    if (e.effectiveOn > day) break;
    if (e.type === 'ADMITTED' || e.type === 'REINSTATED') inside = true;
    else if (e.type === 'TERMINATED') inside = false;
  }
  return inside;
}

/** A member's cell and status on `day` (null when not a member then). */
export function stateOn(events: readonly DemoEvent[], day: string, byCode: Map<string, PlannedCell>): { cell: string; status: 'PROBATIONARY' | 'OFFICIAL' } | null {
  let cell: string | null = null;
  let status: 'PROBATIONARY' | 'OFFICIAL' = 'PROBATIONARY';
  for (const e of events) {
    if (e.effectiveOn > day) break;
    if (e.type === 'ADMITTED') cell = e.cell!;
    else if (e.type === 'RECOGNIZED') status = 'OFFICIAL';
    else if (e.type === 'TRANSFERRED' || e.type === 'REINSTATED') cell = e.cell!;
    else if (e.type === 'TERMINATED') cell = null;
  }
  // A cell merged into another: the member is in its successor.
  while (cell) {
    const c = byCode.get(cell)!;
    if (c.to !== 'infinity' && c.to <= day && c.successor) cell = c.successor;
    else break;
  }
  return cell ? { cell, status } : null;
}

/** People on their way to the party in the second half of 2025, in some cells, at every stage. */
function buildProspects(r: Random, ctx: Context, members: DemoMember[]): DemoProspect[] {
  const start = DAYS.restructured;
  const cells = r.shuffle(ctx.cells.filter((c) => open(c, DAYS.dataEnd))).slice(0, 420);
  // Official members of each cell who were there a year before the registration: helpers and introducers.
  const day = start;
  const yearBefore = addMonths(day, -12);
  const officials = new Map<string, string[]>();
  for (const m of members) {
    const now = stateOn(m.events, day, ctx.byCode);
    const before = stateOn(m.events, yearBefore, ctx.byCode);
    if (now?.status === 'OFFICIAL' && before?.cell === now.cell && before.status === 'OFFICIAL' && !m.events.some((e) => e.effectiveOn > yearBefore && e.effectiveOn <= DAYS.dataEnd && (e.type === 'TERMINATED' || e.type === 'TRANSFERRED' || e.type === 'TEMPORARY_TRANSFER' || e.type === 'EXEMPTED'))) {
      if (!officials.has(now.cell)) officials.set(now.cell, []);
      officials.get(now.cell)!.push(m.id);
    }
  }
  const out: DemoProspect[] = [];
  for (const cell of cells) {
    const known = officials.get(cell.code) ?? [];
    if (known.length < 3) continue;
    for (let i = 0, n = r.int(1, 2); i < n; i++) {
      const registeredOn = r.day(start, '2025-11-30');
      const age = r.weighted([[r.int(18, 22), 35], [r.int(23, 30), 45], [r.int(31, 40), 20]]);
      const birthDate = r.day(addDays(addMonths(registeredOn, -12 * (age + 1)), 1), addMonths(registeredOn, -12 * age));
      const student = cell.profile === 'HIGH_SCHOOL' && age <= 19;
      const p = person(r, cell, { student });
      const id = identity(ctx, r, birthDate, p.gender);
      const reached = r.weighted([[0, 12], [1, 16], [2, 16], [3, 16], [4, 14], [5, 14], [6, 12]]);
      const steps: DemoProspect['steps'] = [];
      let on = registeredOn;
      for (const step of STEPS.slice(0, reached)) {
        const next = addDays(on, r.int(3, 30));
        if (next > DAYS.dataEnd) break;
        on = next;
        steps.push({ step, on, decisionRef: step === 'CELL_RESOLUTION' ? `${r.int(1, 99)}-NQ/CB` : step === 'COMMITTEE_RESOLUTION' ? `${r.int(1, 199)}-NQ/ĐU` : null });
      }
      const [helper, a, b] = r.shuffle(known);
      const done = (s: ProspectStep) => steps.some((x) => x.step === s);
      const rejected = steps.length >= 2 && r.chance(0.05) ? { on: addDays(on, r.int(1, 20)), reason: 'Không đủ tiêu chuẩn về lý lịch', decisionRef: `${r.int(1, 99)}-NQ/CB` } : null;
      out.push({
        id: id.id,
        cell: cell.code,
        ...p,
        birthDate,
        citizenId: id.citizenId,
        youthUnion: age <= 30,
        source: sourceFor(cell.profile, r, student),
        registeredOn,
        steps,
        helperId: done('HELPER_ASSIGNED') ? helper! : null,
        introducers: done('INTRODUCERS_ASSIGNED') ? [a!, b!].map((memberId) => ({ memberId, workedTogetherSince: r.day(addMonths(registeredOn, -60), addMonths(registeredOn, -13)) })) : [],
        rejected: rejected && rejected.on <= DAYS.dataEnd ? rejected : null,
      });
    }
  }
  return out;
}

