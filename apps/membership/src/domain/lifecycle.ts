import { addDays } from '@party/subgraph-kit';
import type { ActivityStatus, EventType, MemberStatus, TerminationReason } from './enums';

/** One recorded event, as the fold needs it. */
export interface LifeEvent {
  id: number | string;
  type: EventType;
  effectiveOn: string;
  organizationId?: string | null;
  /** TEMPORARY_TRANSFER: last day at the host. */
  until?: string | null;
  reason?: string | null;
}

/** The member's state over `[validFrom, validTo)`; validTo 'infinity' while open. */
export interface Segment {
  validFrom: string;
  validTo: string;
  organizationId: string;
  hostOrganizationId: string | null;
  status: MemberStatus;
  activity: ActivityStatus;
}

export interface MemberState {
  organizationId: string;
  hostOrganizationId: string | null;
  /** First day no longer at the host. */
  hostUntil: string | null;
  status: MemberStatus;
  exempt: boolean;
}

export interface Folded {
  segments: Segment[];
  /** State after the last event; null while not a member (terminated). */
  current: MemberState | null;
  /** The state before the last termination (what a reinstatement restores). */
  beforeTermination: MemberState | null;
  admittedOn: string | null;
  officialOn: string | null;
  terminatedOn: string | null;
  terminationReason: TerminationReason | null;
  /** Day of the last real-life event (corrections excluded). */
  lastEventOn: string | null;
}

export const INFINITY = 'infinity';

const activityOf = (s: MemberState, day: string): ActivityStatus =>
  s.exempt ? 'EXEMPT' : s.hostOrganizationId && (s.hostUntil === null || day < s.hostUntil) ? 'TEMPORARILY_AWAY' : 'ACTIVE';

/**
 * Folds a member's events, in recorded order (effective day, then id), into
 * dated segments: the member's state on any day is the segment covering it.
 * Events are validated before they are recorded (services/lifecycle.service.ts);
 * the fold itself only applies them.
 */
export function fold(events: readonly LifeEvent[]): Folded {
  const out: Folded = { segments: [], current: null, beforeTermination: null, admittedOn: null, officialOn: null, terminatedOn: null, terminationReason: null, lastEventOn: null };
  let state: MemberState | null = null;
  let since = '';

  const emit = (until: string) => {
    if (!state || until <= since) return;
    const host = state.hostOrganizationId && (state.hostUntil === null || since < state.hostUntil) ? state.hostOrganizationId : null;
    const seg: Segment = { validFrom: since, validTo: until, organizationId: state.organizationId, hostOrganizationId: host, status: state.status, activity: activityOf(state, since) };
    const prev = out.segments[out.segments.length - 1];
    if (prev && prev.validTo === seg.validFrom && prev.organizationId === seg.organizationId && prev.hostOrganizationId === seg.hostOrganizationId && prev.status === seg.status && prev.activity === seg.activity) {
      prev.validTo = seg.validTo;
    } else out.segments.push(seg);
    since = until;
  };
  /** Closes the segment at `day`, first at a temporary stay that ended before it. */
  const cut = (day: string) => {
    if (state?.hostOrganizationId && state.hostUntil && state.hostUntil <= day) {
      emit(state.hostUntil);
      state = { ...state, hostOrganizationId: null, hostUntil: null };
    }
    emit(day);
  };

  for (const e of events) {
    if (e.type === 'CORRECTED') continue;
    cut(e.effectiveOn);
    out.lastEventOn = e.effectiveOn;
    switch (e.type) {
      case 'ADMITTED':
        state = { organizationId: e.organizationId!, hostOrganizationId: null, hostUntil: null, status: 'PROBATIONARY', exempt: false };
        out.admittedOn ??= e.effectiveOn;
        break;
      case 'RECOGNIZED':
        if (state) state = { ...(state as MemberState), status: 'OFFICIAL' };
        out.officialOn = e.effectiveOn;
        break;
      case 'TRANSFERRED':
        if (state) state = { ...(state as MemberState), organizationId: e.organizationId!, hostOrganizationId: null, hostUntil: null };
        break;
      case 'TEMPORARY_TRANSFER':
        if (state) state = { ...(state as MemberState), hostOrganizationId: e.organizationId!, hostUntil: e.until ? addDays(e.until, 1) : null };
        break;
      case 'EXEMPTED':
        if (state) state = { ...(state as MemberState), exempt: true };
        break;
      case 'EXEMPTION_ENDED':
        if (state) state = { ...(state as MemberState), exempt: false };
        break;
      case 'TERMINATED':
        out.beforeTermination = state;
        state = null;
        out.terminatedOn = e.effectiveOn;
        out.terminationReason = e.reason as TerminationReason;
        break;
      case 'REINSTATED': {
        const base = out.beforeTermination;
        if (base) state = { organizationId: e.organizationId ?? base.organizationId, hostOrganizationId: null, hostUntil: null, status: base.status, exempt: false };
        out.terminatedOn = null;
        out.terminationReason = null;
        break;
      }
    }
    since = e.effectiveOn;
  }
  // An open stay at a host ends on its own; everything else runs on.
  if (state) {
    const s = state as MemberState;
    if (s.hostOrganizationId && s.hostUntil) {
      emit(s.hostUntil);
      state = { ...s, hostOrganizationId: null, hostUntil: null };
    }
    emit(INFINITY);
  }
  out.current = state;
  return out;
}

/** The segment covering `day`, if the person was a member then. */
export const segmentOn = (segments: readonly Segment[], day: string) => segments.find((s) => s.validFrom <= day && (s.validTo === INFINITY || day < s.validTo)) ?? null;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Whole years from `from` to `to` (birthdays and anniversaries: 29 Feb counts on 28 Feb... 1 Mar). */
export function fullYears(from: string, to: string): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (to.slice(5) < from.slice(5)) years -= 1;
  return Math.max(0, years);
}

/** `iso` plus whole months (day clamped to the month's end). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Party age on `day`: whole years of membership since admission, not counting
 * the time between a termination and a reinstatement.
 */
export function partyAgeYears(segments: readonly Segment[], day: string): number {
  if (!segments.length || segments[0]!.validFrom > day) return 0;
  let gaps = 0;
  for (let i = 1; i < segments.length; i++) {
    const prevEnd = segments[i - 1]!.validTo;
    const start = segments[i]!.validFrom;
    if (start > day) break;
    if (prevEnd !== INFINITY && start > prevEnd) gaps += dayNumber(start) - dayNumber(prevEnd);
  }
  const last = segments.filter((s) => s.validFrom <= day).pop()!;
  const end = last.validTo !== INFINITY && last.validTo <= day ? last.validTo : day;
  return fullYears(addDays(segments[0]!.validFrom, gaps), end);
}

/** Party badge milestones (years of party age). */
export const BADGE_YEARS = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90] as const;

export const badgesReached = (age: number) => BADGE_YEARS.filter((y) => y <= age);
export const nextBadge = (age: number) => BADGE_YEARS.find((y) => y > age) ?? null;

/** Probation: 12 months from the ceremony. */
export const probationEndsOn = (ceremonyOn: string) => addMonths(ceremonyOn, 12);

/**
 * Last day to decide on recognition: 30 working days (Monday to Friday) after
 * probation ends. Public holidays are not deducted.
 */
export function recognitionDueBy(probationEnd: string): string {
  // Any 42 days hold exactly 30 weekdays; the 30th is the last weekday among them.
  const dow = new Date(`${probationEnd}T00:00:00Z`).getUTCDay(); // 0 Sunday, 6 Saturday
  return addDays(probationEnd, 42 - (dow === 6 ? 1 : dow === 0 ? 2 : 0));
}
