// Benchmark fixture: a national-shaped organisation tree bulk-loaded with SQL.
//   34 provinces (PROVINCIAL, roots)
//   97 communes per province (COMMUNE)
//   10..20 grassroots organisations per commune (odd: GRASSROOTS_COMMITTEE, even: GRASSROOTS_CELL)
//   5..15 cells per grassroots committee (CELL)
// ≈ 300,000 organisations. Every current version is valid from 2020-01-01 to
// infinity; about 10% of organisations (all provinces and communes, some
// grassroots organisations and cells under them) also have an earlier, closed
// version (2018-01-01 .. 2020-01-01) under an older name, so as-of filtering
// has real rows to skip. Paths are built from the identity node numbers.
// With `central: true`, one CENTRAL organisation (code VN, with a closed
// version too) is the root and the provinces are its children, one level
// deeper: "the whole country" is one organisation. Default off.
// With `since: 'YYYY-MM-DD'`, every organisation exists from that day (the
// closed versions run from it to 2020-01-01, organisations without one have
// a single version from it), so data dated before 2018 (a member register)
// has its organisations. Default: established 2018 (with a closed version) or 2020.

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

const h = (expr) => `(hashtext(${expr}) & 2147483647)`;

/** Loads the tree through `client` (an admin connection to the platform's database). Returns counts. */
export async function loadTree(client, { log = () => {}, central = false, since = null } = {}) {
  const q = (sql, params) => client.query(sql, params);
  await q(`SET search_path = organization, public`);
  await q(`SET maintenance_work_mem = '256MB'`);
  await q(`SET work_mem = '64MB'`);
  await q(B36);
  await q(`CREATE TEMP TABLE gen (code text PRIMARY KEY, parent_code text, lvl int NOT NULL, kind text NOT NULL, sector text, name text NOT NULL, hist boolean NOT NULL)`);
  // The CENTRAL root (level -1, depth 0) when asked for: every other depth is one more.
  if (central) await q(`INSERT INTO gen VALUES ('VN', NULL, -1, 'CENTRAL', NULL, 'Dang bo toan quoc', true)`);
  await q(
    `INSERT INTO gen
             SELECT 'P' || lpad(p::text, 2, '0'), $1::text, 0, 'PROVINCIAL', NULL, 'Dang bo tinh ' || lpad(p::text, 2, '0'), true
               FROM generate_series(1, 34) p`,
    [central ? 'VN' : null],
  );
  await q(`INSERT INTO gen
             SELECT g.code || '-C' || lpad(c::text, 3, '0'), g.code, 1, 'COMMUNE', CASE WHEN c % 4 = 0 THEN 'WARD' ELSE 'COMMUNE' END,
                    CASE WHEN c % 4 = 0 THEN 'Dang bo phuong ' ELSE 'Dang bo xa ' END || substr(g.code, 2) || ' ' || lpad(c::text, 3, '0'), true
               FROM gen g, generate_series(1, 97) c
              WHERE g.lvl = 0`);
  await q(`INSERT INTO gen
             SELECT g.code || '-G' || lpad(k::text, 2, '0'), g.code, 2,
                    CASE WHEN k % 2 = 1 THEN 'GRASSROOTS_COMMITTEE' ELSE 'GRASSROOTS_CELL' END,
                    (ARRAY['STATE_AGENCY','PUBLIC_SERVICE_UNIT','STATE_ENTERPRISE','NON_STATE_ENTERPRISE','SCHOOL','RESIDENTIAL_AREA'])[1 + ${h("g.code || k")} % 6],
                    CASE WHEN k % 2 = 1 THEN 'Dang bo co so ' ELSE 'Chi bo co so ' END || replace(substr(g.code, 2), '-C', ' ') || ' ' || lpad(k::text, 2, '0'),
                    k % 5 = 0
               FROM gen g, LATERAL generate_series(1, 10 + ${h('g.code')} % 11) k
              WHERE g.lvl = 1`);
  await q(`INSERT INTO gen
             SELECT g.code || '-' || lpad(k::text, 2, '0'), g.code, 3, 'CELL', NULL,
                    'Chi bo ' || replace(replace(substr(g.code, 2), '-C', ' '), '-G', ' ') || ' ' || lpad(k::text, 2, '0'),
                    g.hist AND k % 5 IN (1, 3)
               FROM gen g, LATERAL generate_series(1, 5 + ${h('g.code')} % 10 + (${h("g.code || 'x'")} % 10 < 3)::int) k
              WHERE g.lvl = 2 AND g.kind = 'GRASSROOTS_COMMITTEE'`);
  await q(`ANALYZE gen`);
  log('  organizations …');
  await q(
    `INSERT INTO organization (code, established_on)
             SELECT code, coalesce($1::date, CASE WHEN hist THEN DATE '2018-01-01' ELSE DATE '2020-01-01' END) FROM gen ORDER BY lvl, code`,
    [since],
  );
  for (let lvl = central ? -1 : 0; lvl <= 3; lvl++) {
    log(`  current versions, level ${lvl} …`);
    await q(
      `INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, valid_to, parent_id, name, search_text, sort_name, kind, sector, path, depth)
       SELECT o.id, o.code, o.node, o.established_on, CASE WHEN g.hist THEN DATE '2020-01-01' ELSE o.established_on END, DATE 'infinity', po.id, g.name, lower(g.name), lower(g.name), g.kind, g.sector,
              coalesce(pv.path, '') || pg_temp.b36(o.node) || '.', g.lvl + $2
         FROM gen g
         JOIN organization o ON o.code = g.code
         LEFT JOIN organization po ON po.code = g.parent_code
         LEFT JOIN organization_version pv ON pv.organization_id = po.id AND pv.valid_to = 'infinity'
        WHERE g.lvl = $1
        ORDER BY g.code`,
      [lvl, central ? 1 : 0],
    );
  }
  log('  history versions …');
  await q(`INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, valid_to, parent_id, name, search_text, sort_name, kind, sector, path, depth)
           SELECT v.organization_id, v.code, v.node, v.established_on, v.established_on, DATE '2020-01-01', v.parent_id, v.name || ' cu', v.search_text || ' cu', v.sort_name || ' cu',
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
  return rows[0];
}
