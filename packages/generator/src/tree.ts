// The national-shaped organisation tree, bulk-loaded with set-based SQL straight into the
// organization subgraph's own tables (organization, organization_version):
//   1..63 provinces (PROVINCIAL, roots; or children of one CENTRAL root with `central`)
//   97 communes per province (COMMUNE; every 4th a ward)
//   10..20 grassroots organisations per commune (odd: GRASSROOTS_COMMITTEE, even: GRASSROOTS_CELL)
//   5..15 cells per grassroots committee (CELL)
// ≈ 8,750 organisations a province, ≈ 300,000 for 34 provinces (the country's grassroots
// organisations and cells after 2025, in proportion). About 10% of organisations (all provinces
// and communes, some grassroots organisations and cells under them) also have an earlier, closed
// version (until 2020-01-01) under an older name, so as-of filtering has real rows to skip.
//
// With `restructure`, provinces numbered 1, 1 + every, 1 + 2·every, … keep the pre-2025 shape:
// their communes sit under districts (DISTRICT, 11 communes each), and `planRestructuring`
// describes the dated restructuring that `restructure` day applies to them through the
// organization subgraph's own services (tree changes with their change log and lineage): communes
// moved to the province, districts dissolved, every third commune merged into the one before it,
// and in the grassroots committees G01 and G07 of each commune cell 02 merged into cell 01.
//
// Organisation ids are derived from the seed and the code, node numbers from the insertion order:
// the same tree for the same seed on a fresh database.
import type { ClientBase } from 'pg';
import { foldForSearch } from '@party/subgraph-kit';

export interface TreeOptions {
  /** Number of provinces (1..63; default 34). */
  provinces?: number;
  /** One CENTRAL organisation (code VN) as the root, the provinces its children. */
  central?: boolean;
  /** Every organisation exists from this day (default: 2018-01-01 with a closed version, or 2020-01-01). */
  since?: string | null;
  /** Seed of the organisation ids (default 0). */
  seed?: number;
  /** The restructuring: provinces 1, 1 + every, … keep districts until `on`. */
  restructure?: { on: string; every: number } | null;
  log?: (line: string) => void;
}

export interface TreeCounts {
  organizations: number;
  versions: number;
  closed_versions: number;
  by_kind: Record<string, number>;
  version_size: string;
}

/** Communes per province, communes per district (restructured provinces). */
export const COMMUNES = 97;
export const COMMUNES_PER_DISTRICT = 11;
/** Grassroots committees whose cell 02 is merged into cell 01 in a restructured province. */
const MERGED_CELL_COMMITTEES = ['G01', 'G07'];

const B36 = `
  CREATE FUNCTION pg_temp.b36(n bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE s text := '';
  BEGIN
    IF n = 0 THEN RETURN '0'; END IF;
    WHILE n > 0 LOOP
      s := substr('0123456789abcdefghijklmnopqrstuvwxyz', (n % 36)::int + 1, 1) || s;
      n := n / 36;
    END LOOP;
    RETURN s;
  END $$`;

const h = (expr: string) => `(hashtext(${expr}) & 2147483647)`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** A name and its folded form (search_text and sort_name), as the organization subgraph stores them. */
const named = (prefix: string) => [`'${prefix} '`, `'${foldForSearch(prefix)} '`] as const;
const P = named('Đảng bộ tỉnh');
const D = named('Đảng bộ huyện');
const XA = named('Đảng bộ xã');
const PHUONG = named('Đảng bộ phường');
const GC = named('Đảng bộ cơ sở');
const GCELL = named('Chi bộ cơ sở');
const CELL = named('Chi bộ');

export const provinceCode = (p: number) => `P${pad(p, 2)}`;
export const isRestructured = (p: number, every: number) => (p - 1) % every === 0;

/** Loads the tree through `client` (an administrative connection to the platform's database). Returns counts. */
export async function loadTree(client: ClientBase, opts: TreeOptions = {}): Promise<TreeCounts> {
  const { provinces = 34, central = false, since = null, seed = 0, restructure = null, log = () => {} } = opts;
  if (!Number.isInteger(provinces) || provinces < 1 || provinces > 63) throw new Error(`provinces must be a whole number from 1 to 63, got ${provinces}`);
  const q = (sql: string, params?: unknown[]) => client.query(sql, params);
  await q(`SET search_path = organization, public`);
  await q(`SET maintenance_work_mem = '256MB'`);
  await q(`SET work_mem = '64MB'`);
  await q(B36);
  await q(`DROP TABLE IF EXISTS gen`);
  await q(`CREATE TEMP TABLE gen (code text PRIMARY KEY, parent_code text, lvl int NOT NULL, kind text NOT NULL, sector text, name text NOT NULL, folded text NOT NULL, hist boolean NOT NULL)`);
  if (central) await q(`INSERT INTO gen VALUES ('VN', NULL, -1, 'CENTRAL', NULL, 'Đảng bộ toàn quốc', 'dang bo toan quoc', true)`);
  await q(
    `INSERT INTO gen
     SELECT 'P' || lpad(p::text, 2, '0'), $1::text, 0, 'PROVINCIAL', NULL, ${P[0]} || lpad(p::text, 2, '0'), ${P[1]} || lpad(p::text, 2, '0'), true
       FROM generate_series(1, $2::int) p`,
    [central ? 'VN' : null, provinces],
  );
  // Districts of the restructured provinces (until the restructuring).
  const restructured = restructure ? Array.from({ length: provinces }, (_, i) => i + 1).filter((p) => isRestructured(p, restructure.every)) : [];
  await q(
    `INSERT INTO gen
     SELECT g.code || '-D' || lpad(d::text, 2, '0'), g.code, 1, 'DISTRICT', NULL,
            ${D[0]} || substr(g.code, 2) || ' ' || lpad(d::text, 2, '0'), ${D[1]} || substr(g.code, 2) || ' ' || lpad(d::text, 2, '0'), true
       FROM gen g, generate_series(1, $2::int) d
      WHERE g.lvl = 0 AND substr(g.code, 2)::int = ANY($1::int[])`,
    [restructured, Math.ceil(COMMUNES / COMMUNES_PER_DISTRICT)],
  );
  await q(
    `INSERT INTO gen
     SELECT g.code || '-C' || lpad(c::text, 3, '0'),
            CASE WHEN substr(g.code, 2)::int = ANY($1::int[]) THEN g.code || '-D' || lpad((1 + (c - 1) / $2::int)::text, 2, '0') ELSE g.code END,
            2, 'COMMUNE', CASE WHEN c % 4 = 0 THEN 'WARD' ELSE 'COMMUNE' END,
            CASE WHEN c % 4 = 0 THEN ${PHUONG[0]} ELSE ${XA[0]} END || substr(g.code, 2) || ' ' || lpad(c::text, 3, '0'),
            CASE WHEN c % 4 = 0 THEN ${PHUONG[1]} ELSE ${XA[1]} END || substr(g.code, 2) || ' ' || lpad(c::text, 3, '0'), true
       FROM gen g, generate_series(1, ${COMMUNES}) c
      WHERE g.lvl = 0`,
    [restructured, COMMUNES_PER_DISTRICT],
  );
  const gname = (i: 0 | 1) => `CASE WHEN k % 2 = 1 THEN ${GC[i]} ELSE ${GCELL[i]} END || replace(substr(g.code, 2), '-C', ' ') || ' ' || lpad(k::text, 2, '0')`;
  await q(`INSERT INTO gen
           SELECT g.code || '-G' || lpad(k::text, 2, '0'), g.code, 3,
                  CASE WHEN k % 2 = 1 THEN 'GRASSROOTS_COMMITTEE' ELSE 'GRASSROOTS_CELL' END,
                  (ARRAY['STATE_AGENCY','PUBLIC_SERVICE_UNIT','STATE_ENTERPRISE','NON_STATE_ENTERPRISE','SCHOOL','RESIDENTIAL_AREA'])[1 + ${h('g.code || k')} % 6],
                  ${gname(0)}, ${gname(1)}, k % 5 = 0
             FROM gen g, LATERAL generate_series(1, 10 + ${h('g.code')} % 11) k
            WHERE g.lvl = 2`);
  const cname = (i: 0 | 1) => `${CELL[i]} || replace(replace(substr(g.code, 2), '-C', ' '), '-G', ' ') || ' ' || lpad(k::text, 2, '0')`;
  await q(`INSERT INTO gen
           SELECT g.code || '-' || lpad(k::text, 2, '0'), g.code, 4, 'CELL', NULL, ${cname(0)}, ${cname(1)},
                  g.hist AND k % 5 IN (1, 3)
             FROM gen g, LATERAL generate_series(1, 5 + ${h('g.code')} % 10 + (${h("g.code || 'x'")} % 10 < 3)::int) k
            WHERE g.lvl = 3 AND g.kind = 'GRASSROOTS_COMMITTEE'`);
  await q(`ANALYZE gen`);
  log('  organizations …');
  await q(
    `INSERT INTO organization (id, code, established_on)
     SELECT overlay(overlay(md5('organization ' || $2::int || ' ' || code) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid,
            code, coalesce($1::date, CASE WHEN hist THEN DATE '2018-01-01' ELSE DATE '2020-01-01' END)
       FROM gen ORDER BY lvl, code`,
    [since, seed],
  );
  for (let lvl = central ? -1 : 0; lvl <= 4; lvl++) {
    log(`  current versions, level ${lvl} …`);
    await q(
      `INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, valid_to, parent_id, name, search_text, sort_name, kind, sector, path, depth)
       SELECT o.id, o.code, o.node, o.established_on, CASE WHEN g.hist THEN DATE '2020-01-01' ELSE o.established_on END, DATE 'infinity', po.id,
              g.name, g.folded || ' ' || regexp_replace(lower(g.code), '[^a-z0-9]+', ' ', 'g'), g.folded, g.kind, g.sector,
              coalesce(pv.path, '') || pg_temp.b36(o.node) || '.', coalesce(pv.depth + 1, 0)
         FROM gen g
         JOIN organization o ON o.code = g.code
         LEFT JOIN organization po ON po.code = g.parent_code
         LEFT JOIN organization_version pv ON pv.organization_id = po.id AND pv.valid_to = 'infinity'
        WHERE g.lvl = $1
        ORDER BY g.code`,
      [lvl],
    );
  }
  log('  history versions …');
  await q(`INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, valid_to, parent_id, name, search_text, sort_name, kind, sector, path, depth)
           SELECT v.organization_id, v.code, v.node, v.established_on, v.established_on, DATE '2020-01-01', v.parent_id, v.name || ' cũ', v.sort_name || ' cu ' || substr(v.search_text, length(v.sort_name) + 2), v.sort_name || ' cu',
                  v.kind, v.sector, v.path, v.depth
             FROM organization_version v
             JOIN organization o ON o.id = v.organization_id
             JOIN gen g ON g.code = o.code AND g.hist
            WHERE v.valid_to = 'infinity'
            ORDER BY v.path`);
  await q(`DROP TABLE gen`);
  log('  VACUUM ANALYZE …');
  await q(`VACUUM (ANALYZE) organization`);
  await q(`VACUUM (ANALYZE) organization_version`);
  const { rows } = await q(`SELECT
      (SELECT count(*)::int FROM organization) AS organizations,
      (SELECT count(*)::int FROM organization_version) AS versions,
      (SELECT count(*)::int FROM organization_version WHERE valid_to <> 'infinity') AS closed_versions,
      (SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*)::int n FROM organization_version WHERE valid_to = 'infinity' GROUP BY kind ORDER BY 2) k) AS by_kind,
      (SELECT pg_size_pretty(pg_total_relation_size('organization_version'))) AS version_size`);
  await q(`RESET search_path`);
  return rows[0];
}

/** One tree change of the restructuring, by organisation codes. */
export type PlannedTreeChange =
  | { type: 'MOVE'; decisionRef: string; moves: { code: string; parentCode: string }[] }
  | { type: 'DISSOLVE'; decisionRef: string; code: string; successorCode: string | null }
  | { type: 'MERGE'; decisionRef: string; sourceCodes: string[]; targetCode: string };

export interface Restructuring {
  on: string;
  provinces: string[];
  changes: PlannedTreeChange[];
  /** Cells that cease to exist on `on`, with the cell their members continue in. */
  mergedCells: { code: string; successorCode: string }[];
}

/**
 * The restructuring of the provinces `loadTree` gave districts, in the order it is recorded:
 * per province, the communes of each district moved to the province (one change per district),
 * the districts dissolved (succeeded by the province), every third commune merged into the one
 * before it, and cell 02 of grassroots committees G01 and G07 merged into their cell 01.
 * `cellCodes` are the codes of the cells the tree holds (to leave out committees with one cell).
 */
export function planRestructuring(provinces: number, restructure: { on: string; every: number }, cellCodes: ReadonlySet<string>): Restructuring {
  const changes: PlannedTreeChange[] = [];
  const mergedCells: Restructuring['mergedCells'] = [];
  const codes: string[] = [];
  const year = restructure.on.slice(0, 4);
  for (let p = 1; p <= provinces; p++) {
    if (!isRestructured(p, restructure.every)) continue;
    const pc = provinceCode(p);
    codes.push(pc);
    const districts = Math.ceil(COMMUNES / COMMUNES_PER_DISTRICT);
    for (let d = 1; d <= districts; d++) {
      const moves = [];
      for (let c = (d - 1) * COMMUNES_PER_DISTRICT + 1; c <= Math.min(COMMUNES, d * COMMUNES_PER_DISTRICT); c++) moves.push({ code: `${pc}-C${pad(c, 3)}`, parentCode: pc });
      changes.push({ type: 'MOVE', decisionRef: `NQ-${year}/${pc}-D${pad(d, 2)}`, moves });
    }
    for (let d = 1; d <= districts; d++) changes.push({ type: 'DISSOLVE', decisionRef: `NQ-${year}/${pc}-D${pad(d, 2)}`, code: `${pc}-D${pad(d, 2)}`, successorCode: pc });
    for (let c = 3; c <= COMMUNES; c += 3) changes.push({ type: 'MERGE', decisionRef: `NQ-${year}/${pc}-C${pad(c, 3)}`, sourceCodes: [`${pc}-C${pad(c, 3)}`], targetCode: `${pc}-C${pad(c - 1, 3)}` });
    for (let c = 1; c <= COMMUNES; c++) {
      for (const g of MERGED_CELL_COMMITTEES) {
        const committee = `${pc}-C${pad(c, 3)}-${g}`;
        const [from, to] = [`${committee}-02`, `${committee}-01`];
        if (!cellCodes.has(from) || !cellCodes.has(to)) continue;
        changes.push({ type: 'MERGE', decisionRef: `QĐ-${year}/${committee}`, sourceCodes: [from], targetCode: to });
        mergedCells.push({ code: from, successorCode: to });
      }
    }
  }
  return { on: restructure.on, provinces: codes, changes, mergedCells };
}
