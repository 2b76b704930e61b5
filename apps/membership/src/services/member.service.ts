import {
  addDays,
  badInput,
  decodeCursor,
  hasPermission,
  isAdmin,
  isIsoDate,
  encodeCursor,
  pageSize,
  resolveConnection,
  searchTokens,
  SENSITIVE_PERSONAL_DATA,
  smallCellThreshold,
  SuppressedBreakdown,
  suppressTotal,
  toConnection,
  today,
  type ConnectionShape,
} from '@party/subgraph-kit';
import { z } from 'zod';
import type { MemberContext } from '../context';
import { badgesReached, fold, nextBadge, partyAgeYears, probationEndsOn, type Segment } from '../domain/lifecycle';
import type { Counts } from '../loaders/membership.loader';
import { Member, MembershipEvent, Organization, type AdmissionStats, type MemberStats, type StatCount } from '../graphql/types';
import type { MemberCountArgs, MemberFilter, MemberOrder, MembersArgs, OverdueProbationsArgs, SearchMembersArgs } from '../graphql/inputs';
import { MEMBER_ORDER_FIELDS, MEMBER_STATUSES, ORDER_DIRECTIONS } from '../domain/enums';
import { assertMayReadPeople, canSeePath, isUuid, organizationInScope, withheld } from './access';
import { MEMBER_COLUMNS, pathEnd, type DimRow, type EventRow, type MemberRow, type OrgRow } from './rows';

const validOn = (p: { valid_from: string; valid_to: string }, day: string) => p.valid_from <= day && p.valid_to > day;

/**
 * The member as on `asOf`, or null if the caller may not see them. Where a
 * member counts on a day is their HOME placement (after a merge, the successor).
 */
export async function memberView(ctx: MemberContext, row: MemberRow, asOf: string): Promise<Member | null> {
  const [placements, hostings, spans, events] = await Promise.all([
    ctx.loaders.placements.load(row.id),
    ctx.loaders.hostings.load(row.id),
    ctx.loaders.segmentSpans.load(row.id),
    ctx.loaders.events.load(row.id),
  ]);
  let p = placements.find((x) => validOn(x, asOf));
  const isMember = !!p;
  p ??= [...placements].reverse().find((x) => x.valid_from <= asOf) ?? placements[0];
  if (!p) return null;
  const seenOn = isMember ? asOf : p.valid_to <= asOf ? addDays(p.valid_to, -1) : p.valid_from;
  if (!(await canSeePath(ctx, p.path, seenOn))) return withheld(ctx, row.id);
  const hosted = isMember ? hostings.find((x) => validOn(x, asOf)) : undefined;
  // A host outside the caller's organisations is not named (as the organization subgraph names none).
  const host = hosted && (await canSeePath(ctx, hosted.path, asOf)) ? hosted : undefined;
  const age = partyAgeYears(spans as Segment[], asOf);
  // Decision dates as they stood on `asOf`: a later recognition or a termination since reversed does not show.
  const then = fold(events.filter((e) => e.effective_on <= asOf).map((e) => ({ id: e.id, type: e.type, effectiveOn: e.effective_on, organizationId: e.organization_id, until: e.until, reason: e.reason })));
  const m = new Member();
  Object.assign(m, {
    id: row.id,
    fullName: row.full_name,
    gender: row.gender,
    birthDate: row.birth_date,
    birthplace: row.birthplace,
    ethnicity: row.ethnicity,
    religion: row.religion,
    citizenId: row.citizen_id,
    familyBackground: row.family_background,
    educationLevel: row.education_level,
    occupation: row.occupation,
    youthUnion: row.youth_union,
    source: row.source,
    partyCardNumber: row.party_card_number,
    status: p.status,
    activity: isMember ? p.activity : 'ACTIVE',
    isMember,
    organization: Organization.ref(p.organization_id, seenOn),
    hostOrganization: host ? Organization.ref(host.organization_id, asOf) : null,
    admittedOn: row.admitted_on,
    probationEndsOn: probationEndsOn(row.admitted_on),
    officialOn: then.officialOn,
    terminatedOn: then.terminatedOn,
    terminationReason: then.terminationReason,
    partyAgeYears: age,
    badges: badgesReached(age),
    nextBadge: nextBadge(age),
    version: row.version,
    asOf,
  });
  return m;
}

export function eventView(e: EventRow): MembershipEvent {
  const v = new MembershipEvent();
  Object.assign(v, {
    id: e.id,
    type: e.type,
    effectiveOn: e.effective_on,
    decisionRef: e.decision_ref,
    organization: e.organization_id ? Organization.ref(e.organization_id, e.effective_on) : null,
    until: e.until,
    reason: e.reason,
    note: e.note,
    corrections: e.data?.corrections ?? [],
    recordedBy: e.recorded_by,
    recordedAt: e.recorded_at,
  });
  return v;
}

const dayOf = (asOf: string | null | undefined) => asOf ?? today();

export async function findMember(ctx: MemberContext, id: string, asOf?: string | null): Promise<Member | null> {
  assertMayReadPeople(ctx);
  if (!isUuid(id)) throw badInput('id', 'is not a member id');
  const row = await ctx.loaders.members.load(id);
  return row ? memberView(ctx, row, dayOf(asOf)) : hiddenMember(ctx, id);
}

export async function resolveMemberReference(ctx: MemberContext, id: string): Promise<Member | null> {
  if (!isUuid(id)) return null;
  assertMayReadPeople(ctx);
  const row = await ctx.loaders.members.load(id);
  return row ? memberView(ctx, row, today()) : hiddenMember(ctx, id);
}

/** A member not found: withheld (and audited) if row-level security hides them, else there is none. */
export async function hiddenMember(ctx: MemberContext, id: string): Promise<null> {
  return (await ctx.loaders.memberExists.load(id)) ? withheld(ctx, id) : null;
}

/** Fields of the register whose values need the SENSITIVE_PERSONAL_DATA permission (Member's @Authorized fields). */
const SENSITIVE_CORRECTIONS = new Set(['birthDate', 'ethnicity', 'religion', 'citizenId', 'familyBackground']);

export async function eventsOf(ctx: MemberContext, member: Member): Promise<MembershipEvent[]> {
  const rows = await ctx.loaders.events.load(member.id);
  const views = rows.map(eventView);
  // A correction of a sensitive field says that it was corrected, not from what to what, without the permission.
  if (!hasPermission(ctx.caller, SENSITIVE_PERSONAL_DATA)) {
    for (const v of views) v.corrections = v.corrections.map((c) => (SENSITIVE_CORRECTIONS.has(c.field) ? { ...c, before: null, after: null } : c));
  }
  if (isAdmin(ctx.caller)) return views;
  // An organisation outside the caller's organisations on the event's day is not named (as the organization subgraph names none).
  const at = (id: string, day: string) => ctx.loaders.orgOnDay.load(`${id.toLowerCase()}@${day}`);
  await Promise.all(
    rows.map(async (e, i) => {
      if (!e.organization_id) return;
      const [org, ...scope] = await Promise.all([at(e.organization_id, e.effective_on), ...ctx.caller.scope.map((s) => at(s, e.effective_on))]);
      if (!org || !scope.some((s) => s && org.path.startsWith(s.path))) views[i]!.organization = null;
    }),
  );
  return views;
}

// ---------------------------------------------------------------- organisation extensions

/** The organisation the gateway passed (key "id asOf"), if the caller may see it. */
export async function resolveOrganizationReference(ctx: MemberContext, ref: { id: string; asOf?: string }): Promise<Organization | null> {
  if (!isUuid(ref.id) || !ref.asOf) return null;
  const org = await ctx.loaders.orgAt(ref.asOf).load(ref.id);
  if (!org) return null;
  if (!(await canSeePath(ctx, org.path, ref.asOf))) return withheld(ctx, ref.id);
  return Organization.ref(ref.id, ref.asOf);
}

/**
 * Registered members on the day, of the statuses asked for. To callers whose small cells are
 * withheld: null when it is a small cell, and one status alone as memberStats shows it (the
 * status breakdown, so the total minus one status never gives the other when that is withheld).
 */
export async function memberCount(ctx: MemberContext, org: Organization, args: MemberCountArgs): Promise<number | null> {
  const day = args.asOf ?? org.asOf;
  const c: Counts = args.includeDescendants === false ? await ctx.loaders.ownCounts(day).load(org.id) : await ctx.loaders.subtreeCounts(day).load(org.id);
  const threshold = smallCellThreshold(ctx);
  const status = args.status ?? [];
  const probationary = status.includes('PROBATIONARY');
  const official = status.includes('OFFICIAL');
  if (!status.length || (probationary && official)) return suppressTotal(c.probationary + c.official, threshold);
  const byStatus = new SuppressedBreakdown(
    [
      { key: 'PROBATIONARY', count: c.probationary },
      { key: 'OFFICIAL', count: c.official },
    ],
    threshold,
  );
  return byStatus.cell(probationary ? 'PROBATIONARY' : 'OFFICIAL');
}

/** The organisation's path on `day`, or null if it did not exist then. */
async function pathOn(ctx: MemberContext, orgId: string, day: string): Promise<OrgRow | null> {
  return ctx.loaders.orgAt(day).load(orgId);
}


const sumWhere = (rows: DimRow[], dim: string, test: (key: string) => boolean) => rows.filter((r) => r.dim === dim && test(r.key)).reduce((s, r) => s + r.count, 0);

/**
 * The breakdowns of one statistic, suppressed with the caller's threshold (1: exact figures).
 * `dim` gives one breakdown; `list` its values as served: by count (the largest first) or by key,
 * withheld values last by key, so the order does not tell which withheld value is the larger.
 */
function breakdowns(rows: DimRow[], threshold: number) {
  const cache = new Map<string, SuppressedBreakdown>();
  const dim = (name: string) => {
    let b = cache.get(name);
    if (!b) {
      b = new SuppressedBreakdown(
        rows.filter((r) => r.dim === name).map((r) => ({ key: r.key, count: r.count })),
        threshold,
      );
      cache.set(name, b);
    }
    return b;
  };
  const list = (name: string, order: 'count' | 'key' = 'count'): StatCount[] =>
    [...dim(name).cells]
      .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (order === 'count' ? (b.count ?? 0) - (a.count ?? 0) : 0) || a.key.localeCompare(b.key))
      .map((c) => ({ key: c.key, count: c.count, suppressed: c.suppressed }));
  return { dim, list };
}

const isMinority = (ethnicity: string) => ethnicity !== 'Kinh' && ethnicity !== 'UNKNOWN';

export async function memberStats(ctx: MemberContext, org: Organization, asOf?: string | null): Promise<MemberStats> {
  const day = asOf ?? org.asOf;
  const { rows, hosted } = await ctx.loaders.stats(day).load(org.id);
  const threshold = smallCellThreshold(ctx);
  const { dim, list } = breakdowns(rows, threshold);
  return {
    asOf: day,
    total: suppressTotal(sumWhere(rows, 'status', () => true), threshold),
    probationary: dim('status').cell('PROBATIONARY'),
    official: dim('status').cell('OFFICIAL'),
    women: dim('gender').cell('FEMALE'),
    ethnicMinority: dim('ethnicity').sum(isMinority),
    withReligion: dim('religion').sum((k) => k !== 'NONE'),
    age18to30: dim('band').cell('18-30'),
    hostedTemporarily: suppressTotal(hosted, threshold),
    byStatus: list('status'),
    byActivity: list('activity'),
    byGender: list('gender'),
    byAgeBand: list('band', 'key'),
    byEthnicity: list('ethnicity'),
    byReligion: list('religion'),
    byEducation: list('education'),
  };
}

export async function admissions(ctx: MemberContext, org: Organization, year: number, quarter?: number | null): Promise<AdmissionStats> {
  if (!Number.isInteger(year) || year < 1930 || year > 2200) throw badInput('year', 'must be a year from 1930 to 2200');
  if (quarter !== undefined && quarter !== null && (!Number.isInteger(quarter) || quarter < 1 || quarter > 4)) throw badInput('quarter', 'must be 1, 2, 3 or 4');
  const start = quarter ? `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01` : `${year}-01-01`;
  const end = quarter ? (quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`) : `${year + 1}-01-01`;
  const rows = await ctx.loaders.admissions(`${start}|${end}`).load(org.id);
  const threshold = smallCellThreshold(ctx);
  const { dim, list } = breakdowns(rows, threshold);
  return {
    year,
    quarter: quarter ?? null,
    total: suppressTotal(sumWhere(rows, 'gender', () => true), threshold),
    women: dim('gender').cell('FEMALE'),
    // The same members as byEthnicity's values other than Kinh and unknown: one breakdown, one suppression.
    ethnicMinority: dim('ethnicity').sum(isMinority),
    withReligion: dim('religion').cell('true'),
    age18to30: dim('band').cell('18-30'),
    youthUnion: dim('youth').cell('true'),
    students: dim('source').cell('STUDENT'),
    workers: dim('source').cell('WORKER'),
    nonStateEnterprise: dim('source').cell('NON_STATE_ENTERPRISE'),
    bySource: list('source'),
    byGender: list('gender'),
    byEthnicity: list('ethnicity'),
    byAgeBand: list('band', 'key'),
    byQuarter: list('quarter', 'key'),
  };
}

// ---------------------------------------------------------------- member lists

/**
 * A sort key of a member list: an SQL expression on `p` (placement) and `m` (member), its type (how a
 * cursor's value is checked and cast) and direction. Text keys sort in the C collation (sort_name's).
 */
interface SortKey {
  sql: string;
  type: 'text' | 'date' | 'status' | 'uuid';
  desc: boolean;
}

/**
 * The order of a member list. Keyset paging: a page's cursors carry its last row's keys (the member's id
 * last, the tie-breaker). The default order's cursors are `[sort key, id]` as they always were; the other
 * orders' start with their tag (`["ADMITTED_ON:DESC", day, name, id]`), so a cursor is refused, not
 * misread, under another order.
 */
interface ListOrder {
  /** Null: untagged cursors (the default name order; the overdue list's own order). */
  tag: string | null;
  keys: SortKey[];
  /** Conditions the order's rows satisfy anyway, that let an index scan start where they do ($1 is the day). */
  where?: string[];
}

const ID_KEY = (desc: boolean): SortKey => ({ sql: 'm.id', type: 'uuid', desc });
const NAME_KEY = (desc: boolean): SortKey => ({ sql: 'm.sort_name', type: 'text', desc });

/** By given name (sort_name), A to Z: the lists' default. */
const BY_NAME: ListOrder = { tag: null, keys: [NAME_KEY(false), ID_KEY(false)] };

/**
 * `orderBy` of Organization.members. Ties by given name A to Z, then id. Every order but STATUS can be
 * read from an index of member (migration 1765785600001) when most of the list's rows are wanted (a
 * page of a province); a cell's or a commune's few members are found by placement and sorted.
 */
function memberOrder(orderBy: MemberOrder | null | undefined): ListOrder {
  const field = orderBy?.field ?? 'NAME';
  const desc = orderBy?.direction === 'DESC';
  if (field === 'NAME') return desc ? { tag: 'NAME:DESC', keys: [NAME_KEY(true), ID_KEY(true)] } : BY_NAME;
  const tag = `${field}:${desc ? 'DESC' : 'ASC'}`;
  // A member registered somewhere on a day was admitted on or before it (their first segment starts at the admission).
  if (field === 'ADMITTED_ON') return { tag, keys: [{ sql: 'm.admitted_on', type: 'date', desc }, NAME_KEY(false), ID_KEY(false)], where: ['m.admitted_on <= $1'] };
  return { tag, keys: [{ sql: 'p.status', type: 'status', desc }, NAME_KEY(false), ID_KEY(false)] };
}

const ORDER_TAGS = new Set(MEMBER_ORDER_FIELDS.flatMap((f) => ORDER_DIRECTIONS.map((d) => `${f}:${d}`)));
const keyValid: Record<SortKey['type'], (v: string) => boolean> = {
  text: (v) => !v.includes('\u0000'),
  date: isIsoDate,
  status: (v) => (MEMBER_STATUSES as readonly string[]).includes(v),
  uuid: isUuid,
};

/** The keys of the row `after` names, checked against the list's order (BAD_USER_INPUT on `after`). */
function decodeListCursor(after: string | null | undefined, order: ListOrder): string[] | null {
  const raw = decodeCursor(after, z.array(z.string().max(1000)).min(2).max(5));
  if (!raw) return null;
  // Two values: an untagged cursor; more: the first is the order's tag.
  const tag = raw.length > 2 ? raw[0]! : null;
  if (tag !== null && !ORDER_TAGS.has(tag)) throw badInput('after', 'is not a cursor returned by this API');
  if (tag !== order.tag) {
    const of = (t: string | null) => (t ? `orderBy ${t.replace(':', ' ')}` : 'the default order');
    throw badInput('after', `is a cursor of this list in ${of(tag)}, not ${of(order.tag)}: after changing the order, page again from the start (without \`after\`)`);
  }
  const values = tag === null ? raw : raw.slice(1);
  if (values.length !== order.keys.length || !order.keys.every((k, i) => keyValid[k.type](values[i]!))) throw badInput('after', 'is not a cursor returned by this API');
  return values;
}

const castParam: Record<SortKey['type'], (n: number) => string> = {
  text: (n) => `$${n}::text COLLATE "C"`,
  status: (n) => `$${n}::text COLLATE "C"`,
  date: (n) => `$${n}::date`,
  uuid: (n) => `$${n}::uuid`,
};
const keyExpr = (k: SortKey) => (k.type === 'text' || k.type === 'status' ? `${k.sql} COLLATE "C"` : k.sql);

/**
 * Rows after the cursor's, in the order's terms. Keys of one direction are compared as a row
 * (`(a, b) > ($1, $2)`, which an index scan starts from); where the direction changes, the first key's
 * bound comes first (`a <= $1 AND (a < $1 OR (a = $1 AND (b, c) > ($2, $3))))`).
 */
function afterSql(keys: SortKey[], firstParam: number): string {
  const parts = keys.map((k, i) => ({ expr: keyExpr(k), param: castParam[k.type](firstParam + i), desc: k.desc }));
  const runs: (typeof parts)[] = [];
  for (const part of parts) {
    const run = runs[runs.length - 1];
    if (run && run[0]!.desc === part.desc) run.push(part);
    else runs.push([part]);
  }
  const row = (run: typeof parts, side: 'expr' | 'param') => (run.length === 1 ? run[0]![side] : `(${run.map((x) => x[side]).join(', ')})`);
  const beyond = (run: typeof parts) => `${row(run, 'expr')} ${run[0]!.desc ? '<' : '>'} ${row(run, 'param')}`;
  const from = (i: number): string => (i === runs.length - 1 ? beyond(runs[i]!) : `(${beyond(runs[i]!)} OR (${row(runs[i]!, 'expr')} = ${row(runs[i]!, 'param')} AND ${from(i + 1)}))`);
  if (runs.length === 1) return beyond(runs[0]!);
  const lead = parts[0]!;
  return `${lead.expr} ${lead.desc ? '<=' : '>='} ${lead.param} AND ${from(0)}`;
}

interface ListQuery {
  /** SQL conditions on `p` (placement) and `m` (member); $1 is the day, `params` are $2, $3, … */
  where: string[];
  params: unknown[];
  order: ListOrder;
}

/** One page of a member list: one statement, the page's rows and one more (is there a next page). */
async function memberPage(ctx: MemberContext, day: string, q: ListQuery, first: number | null | undefined, after: string | null | undefined, fields: ReadonlySet<string> | null): Promise<ConnectionShape<Member>> {
  const limit = pageSize(first);
  const cursor = decodeListCursor(after, q.order);
  await ctx.loaders.synced();
  const base = `FROM placement p JOIN member m ON m.id = p.member_id
                WHERE p.role = 'HOME' AND p.valid_from <= $1 AND p.valid_to > $1 AND ${q.where.join(' AND ')}`;
  const { keys } = q.order;
  return resolveConnection(
    fields,
    async () => {
      const params: unknown[] = [day, ...q.params];
      const where = [...(q.order.where ?? [])];
      if (cursor) {
        where.push(afterSql(keys, params.length + 1));
        params.push(...cursor);
      }
      params.push(limit + 1);
      const rows: (MemberRow & Record<`k${number}`, string>)[] = await ctx.db.query(
        `SELECT ${MEMBER_COLUMNS}, ${keys.map((k, i) => `(${k.sql})::text AS k${i}`).join(', ')} ${base}${where.map((w) => ` AND ${w}`).join('')}
         ORDER BY ${keys.map((k) => `${keyExpr(k)}${k.desc ? ' DESC' : ''}`).join(', ')} LIMIT $${params.length}`,
        params,
      );
      const views = await Promise.all(rows.slice(0, limit).map((r) => memberView(ctx, r, day)));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const cursorOf = (id: string) => {
        const r = byId.get(id)!;
        const values = keys.map((_, i) => r[`k${i}`]);
        return encodeCursor(q.order.tag ? [q.order.tag, ...values] : values);
      };
      const page = toConnection(
        views.filter((v): v is Member => !!v),
        limit,
        0,
        (v) => v,
        (v) => cursorOf(v.id),
      );
      page.pageInfo.hasNextPage = rows.length > limit;
      return page;
    },
    async () => {
      // Filters are numbered from $2 on (the page query appends its cursor and limit after them).
      const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n ${base}`, [day, ...q.params]);
      return n;
    },
    { pageHasTotal: false },
  );
}

/** Last day to decide on recognition: probation end + 30 working days (lifecycle.recognitionDueBy). */
const DUE_SQL = `(m.admitted_on + interval '12 months')::date + 42 - CASE extract(isodow FROM (m.admitted_on + interval '12 months')::date) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END`;
/** The overdue list: the longest overdue first (the day as text: ISO days sort as text). */
const BY_DUE_DAY: ListOrder = { tag: null, keys: [{ sql: `(${DUE_SQL})::text`, type: 'text', desc: false }, ID_KEY(false)] };

function filterSql(filter: MemberFilter | null | undefined, params: unknown[], where: string[]) {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length + 1}`;
  };
  if (filter?.status?.length) where.push(`p.status = ANY(${add(filter.status)}::text[])`);
  if (filter?.activity?.length) where.push(`p.activity = ANY(${add(filter.activity)}::text[])`);
  if (filter?.gender) where.push(`m.gender = ${add(filter.gender)}`);
  if (filter?.text !== undefined && filter.text !== null) {
    if (filter.text.length > 200) throw badInput('filter.text', 'must be at most 200 characters');
    for (const token of searchTokens(filter.text)) where.push(`m.search_text LIKE ${add(`%${token}%`)}`);
  }
}

function subtreeWhere(org: OrgRow, includeDescendants: boolean, params: unknown[], where: string[]) {
  if (includeDescendants) {
    params.push(org.path, pathEnd(org.path));
    where.push(`p.path >= $${params.length} AND p.path < $${params.length + 1}`);
  } else {
    params.push(org.organization_id);
    where.push(`p.organization_id = $${params.length + 1}::uuid`);
  }
}

export async function membersOf(ctx: MemberContext, org: Organization, args: MembersArgs, fields: ReadonlySet<string> | null) {
  assertMayReadPeople(ctx);
  const row = await pathOn(ctx, org.id, org.asOf);
  if (!row) return toConnection([], 0, 0, (x: Member) => x, () => '');
  const params: unknown[] = [];
  const where: string[] = [];
  subtreeWhere(row, args.includeDescendants ?? false, params, where);
  filterSql(args.filter, params, where);
  return memberPage(ctx, org.asOf, { where, params, order: memberOrder(args.orderBy) }, args.first, args.after, fields);
}

export async function searchMembers(ctx: MemberContext, args: SearchMembersArgs, fields: ReadonlySet<string> | null) {
  assertMayReadPeople(ctx);
  const day = dayOf(args.asOf);
  if (!searchTokens(args.text).length) throw badInput('text', 'must contain at least one letter or digit');
  const under = await organizationInScope(ctx, args.under, day, 'under');
  const params: unknown[] = [];
  const where: string[] = [];
  subtreeWhere(under, true, params, where);
  filterSql({ text: args.text }, params, where);
  return memberPage(ctx, day, { where, params, order: BY_NAME }, args.first, args.after, fields);
}

/** Probationary members whose decision on recognition is overdue (more than 30 working days after probation ended). */
export async function overdueProbations(ctx: MemberContext, args: OverdueProbationsArgs, fields: ReadonlySet<string> | null) {
  assertMayReadPeople(ctx);
  const day = dayOf(args.asOf);
  const under = await organizationInScope(ctx, args.under, day, 'under');
  const params: unknown[] = [];
  const where: string[] = [`p.status = 'PROBATIONARY'`, `(${DUE_SQL}) < $1`];
  subtreeWhere(under, true, params, where);
  return memberPage(ctx, day, { where, params, order: BY_DUE_DAY }, args.first, args.after, fields);
}
