// A national member register generated with set-based SQL straight into the membership
// subgraph's own tables (member, member_event, member_segment), for the cells (CELL,
// GRASSROOTS_CELL) of a tree loaded by ./tree.ts. Placements, count deltas and admission
// facts are the subgraph's own derivation (./place.ts: placeMembers).
//
// Every attribute of member n is a function of n and the seed (hashes): the same register for
// the same seed. Histories are one straight line, each step optional and strictly later than
// the one before:
//
//   ADMITTED (cell A) → RECOGNIZED (+12 months) → TRANSFERRED (cell B ≠ A) → EXEMPTED → TERMINATED
//
// so each event changes the state and the segments are, without any merging,
//   [admitted, next)    A  PROBATIONARY  ACTIVE
//   [recognised, next)  A  OFFICIAL      ACTIVE
//   [transferred, next) B  OFFICIAL      ACTIVE
//   [exempted, next)    B' OFFICIAL      EXEMPT    (B' = B if transferred, else A)
// where `next` is the following event's day, or 'infinity' (still a member).
// That is what lifecycle.fold makes of those events; the checks fold a sample again.
//
// A cell that a planned restructuring merges into another (`mergedCells`) is not used by an
// admission or transfer on or after the day it ceases to exist: its successor is. Members
// admitted there before keep it in their segments; the membership subgraph's placement follows
// them to the successor (organization.lineage_v1) once the tree change is recorded (syncTree).
//
//   admitted   1975-01-01 .. the day before `today`, denser in recent years (30% uniform, 70% linear ramp)
//   recognised 12 months after admission, unless that is not yet past (admitted within the last year)
//   transferred (official transfer) 10% of the recognised, to a nearby cell (60%) or anywhere
//   exempted   ~2% of the recognised
//   terminated ~3%: a tenth of them "probation not recognised" (1–59 days after the 12 months,
//              never recognised), the others later than their last event (deceased, struck off, withdrawn, expelled)
//   people     ~1/3 women; born 1940–2006 (18–60 at admission, mostly young); names from
//              @party/demo-data (family names of the south-central coast, middle and given names by gender);
//              85% Kinh, ~14.5% other groups, 0.5% unrecorded; ~5% with a religion; education levels;
//              admission sources; Youth Union.
import { NAME_PARTS } from '@party/demo-data';
import { foldForSearch } from '@party/subgraph-kit';
import type { ClientBase } from 'pg';

type Weighted = readonly (readonly [string | null, number])[];

/** `n` slots filled in proportion to the weights: pick with `(slots)[1 + floor(u * n)]`. */
function slots(weighted: Weighted, n: number): (string | null)[] {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  const out: (string | null)[] = [];
  let cum = 0;
  for (const [v, w] of weighted) {
    const from = Math.round((cum * n) / total);
    cum += w;
    const to = Math.round((cum * n) / total);
    for (let i = from; i < to; i++) out.push(v);
  }
  return out;
}

const FAMILY = slots(NAME_PARTS.family, 1000);
const MIDDLE_M = slots(NAME_PARTS.middle.MALE, 200);
const MIDDLE_F = slots(NAME_PARTS.middle.FEMALE, 200);
const GIVEN_M = [...NAME_PARTS.given.MALE];
const GIVEN_F = [...NAME_PARTS.given.FEMALE];
const MINORITIES = ['Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông', 'Dao', 'Gia Rai', 'Ê Đê', 'Ba Na', 'Sán Chay', 'Chăm', 'Cơ Ho', 'Xơ Đăng', 'Sán Dìu', 'Hrê', 'Raglai'];
const RELIGIONS = slots([['Phật giáo', 50], ['Công giáo', 30], ['Cao Đài', 8], ['Phật giáo Hòa Hảo', 5], ['Tin Lành', 5], ['Hồi giáo', 2]], 100);
const EDUCATION = slots([['PRIMARY', 3], ['LOWER_SECONDARY', 10], ['UPPER_SECONDARY', 25], ['VOCATIONAL', 10], ['COLLEGE', 12], ['UNIVERSITY', 33], ['POSTGRADUATE', 5], [null, 2]], 100);
const SOURCES = slots([['YOUTH_UNION', 30], ['RURAL', 20], ['WORKER', 12], ['PUBLIC_SECTOR', 10], ['ARMED_FORCES', 10], ['STUDENT', 8], ['NON_STATE_ENTERPRISE', 7], ['OTHER', 3]], 100);
const OCCUPATIONS = ['Cán bộ, công chức', 'Viên chức', 'Giáo viên', 'Công nhân', 'Nông dân', 'Quân nhân', 'Công an', 'Sinh viên', 'Kinh doanh', 'Hưu trí', 'Bác sĩ', 'Kỹ sư'];
const REASONS = slots([['DECEASED', 45], ['STRUCK_OFF', 25], ['WITHDRAWN', 20], ['EXPELLED', 10]], 100);

/** Uniform in [0, 1) from member n, a salt and the seed ($22). */
const u = (k: number) => `((hashint8extended(n, ${k} + 64 * $22::bigint) & 4294967295)::float8 / 4294967296.0)`;
/** An element of array parameter `$p` (1-based) chosen by u(k). */
const pick = (p: string, k: number, len: number | string) => `(${p}::text[])[1 + floor(${u(k)} * ${len})::int]`;

/**
 * Parameters of members `$1..$2` (one row each) into the temp table gen_member.
 * $3: today (first day after the register's history); the rest: the value lists.
 */
const GEN_SQL = `
  CREATE TEMP TABLE gen_member AS
  SELECT n,
         overlay(overlay(md5('member ' || $22::bigint || ' ' || n) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid AS id,
         CASE WHEN d.d0 >= a.until THEN a.succ ELSE a.cell END AS cell_a,
         CASE WHEN x.d2 >= b.until THEN b.succ ELSE b.id END AS cell_b,
         d.d0, r.d1, x.d2, e.d3, k.d4,
         CASE WHEN k.d4 IS NULL THEN NULL WHEN t.notrec THEN 'PROBATION_NOT_RECOGNIZED' ELSE ${pick('$14', 9, 100)} END AS reason,
         p.gender, p.fam, p.mid, p.giv, p.fam_f, p.mid_f, p.giv_f,
         least(DATE '2006-12-31', (d.d0 - interval '18 years')::date)
           - floor(power(${u(11)}, 3) * (least(DATE '2006-12-31', (d.d0 - interval '18 years')::date) - greatest(DATE '1940-01-01', (d.d0 - interval '60 years')::date)))::int AS birth,
         CASE WHEN ${u(12)} < 0.85 THEN 'Kinh' WHEN ${u(12)} < 0.995 THEN ${pick('$9', 13, MINORITIES.length)} END AS ethnicity,
         CASE WHEN ${u(14)} < 0.05 THEN ${pick('$10', 15, 100)} END AS religion,
         ${pick('$11', 16, 100)} AS education,
         ${pick('$12', 17, 100)} AS source,
         ${pick('$13', 18, OCCUPATIONS.length)} AS occupation,
         ${u(19)} < 0.8 AS youth_pick,
         CASE WHEN ${u(23)} < 0.97 THEN lpad(((n * 7919 + 104729 * $22::bigint) % 100000000000)::text, 12, '0') END AS citizen_id
    FROM generate_series($1::bigint, $2::bigint) n
    CROSS JOIN LATERAL (SELECT s.i, c.id AS cell, c.until, c.succ FROM gen_slot s JOIN gen_cell c ON c.i = s.i WHERE s.s = floor(${u(24)} * $15::int)::int) a
    CROSS JOIN LATERAL (SELECT c.id, c.until, c.succ FROM gen_cell c
                         WHERE c.i = (a.i + 1 + CASE WHEN ${u(25)} < 0.6 THEN floor(${u(26)} * 20)::int ELSE floor(${u(26)} * ($16::int - 2))::int END) % $16::int) b
    CROSS JOIN LATERAL (SELECT DATE '1975-01-01' + floor(($3::date - DATE '1975-01-01') * CASE WHEN ${u(1)} < 0.3 THEN ${u(2)} ELSE sqrt(${u(2)}) END)::int AS d0) d
    CROSS JOIN LATERAL (SELECT ${u(3)} < 0.03 AS term, ${u(3)} < 0.003 AND (d.d0 + interval '12 months')::date + 60 < $3::date AS notrec) t
    CROSS JOIN LATERAL (SELECT CASE WHEN NOT t.notrec AND (d.d0 + interval '12 months')::date < $3::date THEN (d.d0 + interval '12 months')::date END AS d1) r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.d1 + 2 < $3::date AND ${u(4)} < 0.10 THEN r.d1 + 1 + floor(${u(5)} * ($3::date - r.d1 - 2))::int END AS d2) x
    CROSS JOIN LATERAL (SELECT greatest(r.d1, x.d2) AS last) l2
    CROSS JOIN LATERAL (SELECT CASE WHEN l2.last + 2 < $3::date AND ${u(6)} < 0.021 THEN l2.last + 1 + floor(${u(7)} * ($3::date - l2.last - 2))::int END AS d3) e
    CROSS JOIN LATERAL (SELECT greatest(d.d0, r.d1, x.d2, e.d3) AS last) l3
    CROSS JOIN LATERAL (SELECT CASE WHEN t.notrec THEN (d.d0 + interval '12 months')::date + 1 + floor(${u(8)} * 59)::int
                                    WHEN t.term AND l3.last + 2 < $3::date THEN l3.last + 1 + floor(${u(8)} * ($3::date - l3.last - 2))::int END AS d4) k
    CROSS JOIN LATERAL (SELECT CASE WHEN ${u(10)} < 1.0 / 3 THEN 'FEMALE' ELSE 'MALE' END AS gender) g
    CROSS JOIN LATERAL (
      SELECT g.gender,
             ($4::text[])[f.i] AS fam, (CASE WHEN g.gender = 'FEMALE' THEN $6::text[] ELSE $5::text[] END)[m.i] AS mid,
             (CASE WHEN g.gender = 'FEMALE' THEN $8::text[] ELSE $7::text[] END)[v.i] AS giv,
             ($17::text[])[f.i] AS fam_f, (CASE WHEN g.gender = 'FEMALE' THEN $19::text[] ELSE $18::text[] END)[m.i] AS mid_f,
             (CASE WHEN g.gender = 'FEMALE' THEN $21::text[] ELSE $20::text[] END)[v.i] AS giv_f
        FROM (SELECT 1 + floor(${u(20)} * ${FAMILY.length})::int AS i) f,
             (SELECT 1 + floor(${u(21)} * ${MIDDLE_M.length})::int AS i) m,
             (SELECT 1 + floor(${u(22)} * CASE WHEN g.gender = 'FEMALE' THEN ${GIVEN_F.length} ELSE ${GIVEN_M.length} END)::int AS i) v) p`;

const MEMBER_SQL = `
  INSERT INTO member (id, full_name, search_text, sort_name, gender, birth_date, ethnicity, religion, citizen_id, education_level,
                      occupation, youth_union, source, party_card_number, admitted_on, official_on, terminated_on, termination_reason)
  SELECT id, fam || ' ' || mid || ' ' || giv, fam_f || ' ' || mid_f || ' ' || giv_f, giv_f || ' ' || fam_f || ' ' || mid_f || ' ' || giv_f,
         gender, birth, ethnicity, religion, citizen_id, education,
         occupation, date_part('year', age(d0, birth)) <= 30 AND youth_pick, source,
         CASE WHEN d1 IS NOT NULL THEN lpad(n::text, 9, '0') END, d0, d1, d4, reason
    FROM gen_member ORDER BY id`;

const EVENT_SQL = `
  INSERT INTO member_event (member_id, type, effective_on, decision_ref, organization_id, reason, recorded_by)
  SELECT g.id, e.type, e.day, e.ref || '/' || g.n, e.org, e.reason, 'register-import'
    FROM gen_member g
    CROSS JOIN LATERAL (VALUES ('ADMITTED', g.d0, g.cell_a, NULL, 'QĐ-KN'),
                               ('RECOGNIZED', g.d1, NULL::uuid, NULL, 'QĐ-CT'),
                               ('TRANSFERRED', g.d2, g.cell_b, NULL, 'QĐ-CC'),
                               ('EXEMPTED', g.d3, NULL::uuid, NULL, 'QĐ-MSH'),
                               ('TERMINATED', g.d4, NULL::uuid, g.reason, 'QĐ-XT')) e(type, day, org, reason, ref)
   WHERE e.day IS NOT NULL
   ORDER BY g.id, e.day`;

// One segment per step taken; each runs to the next step's day (or the termination, or for ever).
const SEGMENT_SQL = `
  INSERT INTO member_segment (member_id, valid_from, valid_to, organization_id, host_organization_id, status, activity)
  SELECT g.id, s.valid_from, s.valid_to, s.org, NULL, s.status, s.activity
    FROM gen_member g
    CROSS JOIN LATERAL (VALUES
      (g.d0, coalesce(g.d1, g.d2, g.d3, g.d4, 'infinity'), g.cell_a, 'PROBATIONARY', 'ACTIVE'),
      (g.d1, coalesce(g.d2, g.d3, g.d4, 'infinity'), g.cell_a, 'OFFICIAL', 'ACTIVE'),
      (g.d2, coalesce(g.d3, g.d4, 'infinity'), g.cell_b, 'OFFICIAL', 'ACTIVE'),
      (g.d3, coalesce(g.d4, 'infinity'), CASE WHEN g.d2 IS NULL THEN g.cell_a ELSE g.cell_b END, 'OFFICIAL', 'EXEMPT')) s(valid_from, valid_to, org, status, activity)
   WHERE s.valid_from IS NOT NULL
   ORDER BY g.id, s.valid_from`;

export interface MemberCounts {
  members: number;
  events: number;
  segments: number;
}

export interface GenerateMembersOptions {
  count: number;
  /** The first day after the register's history (no event on or after it). */
  today: string;
  seed?: number;
  /** Members per statement. */
  chunk?: number;
  /** Cells (by id) that cease to exist on `on`, and the cell their members continue in. */
  mergedCells?: { id: string; on: string; successorId: string }[];
  /** Called after each chunk with the running counts. */
  progress?: (counts: MemberCounts, cells: number) => void;
}

/**
 * Generates members 1..count (member, member_event, member_segment) in chunks of `chunk`
 * members, each of `clients` (connections with search_path membership) taking the next chunk.
 * Placements are not derived here.
 */
export async function generateMembers(clients: ClientBase[], opts: GenerateMembersOptions): Promise<MemberCounts & { cells: number }> {
  const { count, today, seed = 0, chunk = 250_000, mergedCells = [], progress = () => {} } = opts;
  const prepare = async (client: ClientBase) => {
    const q = (sql: string, params?: unknown[]) => client.query(sql, params);
    await q(`DROP TABLE IF EXISTS gen_cell, gen_slot, gen_member`);
    await q(
      `CREATE TEMP TABLE gen_cell AS
         SELECT (row_number() OVER (ORDER BY path) - 1)::int AS i, organization_id AS id, kind, DATE 'infinity' AS until, NULL::uuid AS succ
           FROM organization.tree_v1 WHERE kind IN ('CELL', 'GRASSROOTS_CELL') AND valid_from <= $1 AND valid_to > $1`,
      [today],
    );
    await q(`ALTER TABLE gen_cell ADD PRIMARY KEY (i)`);
    if (mergedCells.length) {
      await q(
        `UPDATE gen_cell c SET until = m.until, succ = m.succ FROM unnest($1::uuid[], $2::date[], $3::uuid[]) m(id, until, succ) WHERE c.id = m.id`,
        [mergedCells.map((m) => m.id), mergedCells.map((m) => m.on), mergedCells.map((m) => m.successorId)],
      );
    }
    // Cells of different sizes: each is drawn with a weight (a cell 1..8, a grassroots cell 3..14).
    await q(`CREATE TEMP TABLE gen_slot AS
               SELECT (row_number() OVER (ORDER BY c.i, k) - 1)::int AS s, c.i
                 FROM gen_cell c,
                      LATERAL generate_series(1, CASE WHEN c.kind = 'CELL' THEN 1 + (hashint4(c.i) & 65535) % 8 ELSE 3 + (hashint4(c.i) & 65535) % 12 END) k`);
    await q(`ALTER TABLE gen_slot ADD PRIMARY KEY (s)`);
    await q(`ANALYZE gen_cell`);
    await q(`ANALYZE gen_slot`);
    return (await q(`SELECT (SELECT count(*)::int FROM gen_cell) AS cells, (SELECT count(*)::int FROM gen_slot) AS nslots`)).rows[0] as { cells: number; nslots: number };
  };
  // Each connection numbers the same cells the same way (by path).
  const [{ cells, nslots }] = (await Promise.all(clients.map(prepare))) as [{ cells: number; nslots: number }];
  if (cells < 3) throw new Error(`the tree has ${cells} cells on ${today}; at least 3 are needed`);
  const folded = (list: readonly (string | null)[]) => list.map((x) => foldForSearch(x ?? ''));
  const params = (lo: number, hi: number) => [
    lo, hi, today,
    FAMILY, MIDDLE_M, MIDDLE_F, GIVEN_M, GIVEN_F, MINORITIES, RELIGIONS, EDUCATION, SOURCES, OCCUPATIONS, REASONS,
    nslots, cells,
    folded(FAMILY), folded(MIDDLE_M), folded(MIDDLE_F), folded(GIVEN_M), folded(GIVEN_F),
    seed,
  ];
  const counts: MemberCounts = { members: 0, events: 0, segments: 0 };
  let next = 1;
  await Promise.all(
    clients.map(async (client) => {
      const q = (sql: string, params?: unknown[]) => client.query(sql, params);
      while (next <= count) {
        const lo = next;
        const hi = Math.min(count, lo + chunk - 1);
        next = hi + 1;
        await q(GEN_SQL, params(lo, hi));
        const members = (await q(MEMBER_SQL)).rowCount ?? 0;
        const events = (await q(EVENT_SQL)).rowCount ?? 0;
        const segments = (await q(SEGMENT_SQL)).rowCount ?? 0;
        await q(`DROP TABLE gen_member`);
        counts.members += members;
        counts.events += events;
        counts.segments += segments;
        progress(counts, cells);
      }
      await q(`DROP TABLE gen_cell, gen_slot`);
    }),
  );
  return { ...counts, cells };
}
