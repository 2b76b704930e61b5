import { runtimeRole } from '@party/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on the member tables (docs/decisions/0020-row-level-security.md): a backstop under
 * the application's own scope checks (services/access.ts) that fails closed.
 *
 * Each request sets `party.scope` for its own transaction (`set_config('party.scope', …, true)`,
 * src/request-db.ts): `*` for everything (administrators, system work), else the caller's organisation
 * ids separated by commas. Unset or empty: no row. The policies apply to the runtime role only; the owner
 * (migrations, the published read models' views, the evaluation subgraph reading them) is exempt, as RLS
 * is enabled, not forced.
 *
 * What the caller reaches: every organisation whose path, in any version, lies under the path of any
 * version of one of their organisations. A member is visible when placed (their placements: registered or
 * hosted, after a merge in the successor) in an organisation reached — the view `rls_placed`, owned by the
 * owner so that it reads placements without their policies (no recursion), probed by the member's id —
 * or else, when their segments or events name one (a transfer in, a member whose placements are being
 * rewritten): `rls_member_recorded`, SECURITY DEFINER, asked only for rows the first test did not admit.
 * The organisation tree is read only when a statement runs (bodies not checked at creation): this
 * migration does not depend on the organization subgraph having migrated first.
 *
 * Cost (decision 0020): planning a statement on protected tables takes 0.15–0.35 ms more; each member row
 * an officer reads costs one index probe of `placement` (~3.5 µs).
 */
const APP = runtimeRole('membership');

/** Every row: administrators and system work (once per statement, an InitPlan, not once per row). */
const ALL = `(SELECT current_setting('party.scope', true) = '*')`;
/** The paths of every version of the caller's organisations: once per statement (an InitPlan). */
const SCOPE_PATHS = `(SELECT membership.rls_scope_paths())`;
/** A path (C collation, '.'-separated) under one of the caller's organisations. */
const under = (path: string) =>
  `EXISTS (SELECT 1 FROM unnest(${SCOPE_PATHS}) AS rls_s(p) WHERE ${path} >= rls_s.p COLLATE "C" AND ${path} < (left(rls_s.p, -1) || '/') COLLATE "C")`;
/** An organisation that, in some version, lies under one of the caller's organisations. */
const orgReached = (id: string) =>
  `(cardinality(${SCOPE_PATHS}) > 0 AND EXISTS (SELECT 1 FROM membership.rls_org_paths(${id}) AS rls_o, unnest(${SCOPE_PATHS}) AS rls_s(p)
            WHERE rls_o.path >= rls_s.p COLLATE "C" AND rls_o.path < (left(rls_s.p, -1) || '/') COLLATE "C"))`;
/**
 * A member placed (registered or hosted) in an organisation reached, or else recorded there (segments,
 * events). `OFFSET 0` keeps the probe per row: without it the planner may hash every member placed in the
 * caller's organisations once per statement, tens of milliseconds even when a statement reads 20 rows.
 * Without a scope nothing is probed (no row, at once).
 */
const visible = (memberId: string) =>
  `(cardinality(${SCOPE_PATHS}) > 0
    AND (EXISTS (SELECT 1 FROM membership.rls_placed rls_l WHERE rls_l.member_id = ${memberId} OFFSET 0)
         OR membership.rls_member_recorded(${memberId}, ${SCOPE_PATHS})))`;
const prospectVisible = (prospectId: string) => `EXISTS (SELECT 1 FROM membership.prospect rls_p WHERE rls_p.id = ${prospectId})`;

/**
 * [table, policy name, USING, WITH CHECK]. Columns are named with their table: unqualified, a name the
 * subquery's own relation also has (member_id) would mean that relation's column.
 */
const POLICIES: [string, string, string, string][] = [
  ['member', 'member_reached', `${ALL} OR ${visible('member.id')}`, `${ALL} OR ${visible('member.id')}`],
  [
    'member_event',
    'member_event_reached',
    `${ALL} OR ${visible('member_event.member_id')} OR (member_event.organization_id IS NOT NULL AND ${orgReached('member_event.organization_id')})`,
    // A new member (no event, no segment yet: admission, import) is first recorded in an organisation
    // reached; events without an organisation (recognition, termination) only for members visible or new.
    `${ALL} OR ${visible('member_event.member_id')}
       OR (membership.rls_member_is_new(member_event.member_id) AND (member_event.organization_id IS NULL OR ${orgReached('member_event.organization_id')}))`,
  ],
  ['member_segment', 'member_segment_reached', `${ALL} OR ${visible('member_segment.member_id')}`, `${ALL} OR ${visible('member_segment.member_id')}`],
  ['placement', 'placement_reached', `${ALL} OR ${under('placement.path')} OR ${visible('placement.member_id')}`, `${ALL} OR ${visible('placement.member_id')}`],
  ['admission_fact', 'admission_fact_reached', `${ALL} OR ${under('admission_fact.path')} OR ${visible('admission_fact.member_id')}`, `${ALL} OR ${visible('admission_fact.member_id')}`],
  ['prospect', 'prospect_reached', `${ALL} OR ${orgReached('prospect.organization_id')}`, `${ALL} OR ${orgReached('prospect.organization_id')}`],
  ['prospect_introducer', 'prospect_introducer_reached', `${ALL} OR ${prospectVisible('prospect_introducer.prospect_id')}`, `${ALL} OR ${prospectVisible('prospect_introducer.prospect_id')}`],
  ['prospect_step', 'prospect_step_reached', `${ALL} OR ${prospectVisible('prospect_step.prospect_id')}`, `${ALL} OR ${prospectVisible('prospect_step.prospect_id')}`],
];

/**
 * SECURITY DEFINER functions (run as the owner), executable by the runtime role only: the policies' own
 * helpers, and look-ups across the whole register that the application needs although RLS hides the rows —
 * whether an id exists (FORBIDDEN, not "no such member"), who holds a citizen ID or party card number (one
 * person, one record), whether an introducer is an official member — answering only what was asked: ids
 * and the key given, never a person's data.
 */
const LOOKUPS = ['rls_member_recorded(uuid, text[])', 'members_existing(uuid[])', 'prospects_existing(uuid[])', 'members_holding(text[], text[])', 'open_prospects_holding(text[])', 'member_official_on(uuid, date)', 'rls_member_is_new(uuid)'];

export class RowLevelSecurity1765612800001 implements MigrationInterface {
  name = 'RowLevelSecurity1765612800001';

  async up(q: QueryRunner): Promise<void> {
    // The bodies name organization.tree_v1, which need not exist yet: checked when first called.
    await q.query(`SET LOCAL check_function_bodies = off`);
    await q.query(`
      CREATE FUNCTION rls_scope_paths() RETURNS text[]
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
          SELECT coalesce(array_agg(DISTINCT v.path), '{}')
            FROM organization.tree_v1 v
           WHERE v.organization_id = ANY (ARRAY(
                   SELECT x::uuid FROM unnest(string_to_array(current_setting('party.scope', true), ',')) AS x
                    WHERE x ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))
        $$`);
    // Inlined into the statement (a plain SQL function returning rows): an index scan by organisation.
    await q.query(`
      CREATE FUNCTION rls_org_paths(org uuid) RETURNS TABLE (path text)
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
          SELECT v.path FROM organization.tree_v1 v WHERE v.organization_id = org
        $$`);
    await q.query(`CREATE VIEW rls_placed AS SELECT p.member_id FROM membership.placement p WHERE ${under('p.path')}`);
    // Called only for rows the probe of rls_placed did not admit (rarely: reads are of the caller's organisations).
    // Two index look-ups whatever the statistics say (a register just loaded has none).
    await q.query(`
      CREATE FUNCTION rls_member_recorded(member uuid, paths text[]) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE orgs uuid[];
        BEGIN
          SELECT array_agg(o) INTO orgs FROM (
            SELECT g.organization_id FROM membership.member_segment g WHERE g.member_id = member
            UNION ALL SELECT g.host_organization_id FROM membership.member_segment g WHERE g.member_id = member AND g.host_organization_id IS NOT NULL
            UNION ALL SELECT e.organization_id FROM membership.member_event e WHERE e.member_id = member AND e.organization_id IS NOT NULL) AS x(o);
          RETURN orgs IS NOT NULL AND EXISTS (
            SELECT 1 FROM organization.tree_v1 v JOIN unnest(paths) AS s(p) ON v.path >= s.p COLLATE "C" AND v.path < (left(s.p, -1) || '/') COLLATE "C"
             WHERE v.organization_id = ANY (orgs));
        END $$`);
    await q.query(`
      CREATE FUNCTION rls_member_is_new(member uuid) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT NOT EXISTS (SELECT 1 FROM membership.member_event e WHERE e.member_id = member)
             AND NOT EXISTS (SELECT 1 FROM membership.member_segment s WHERE s.member_id = member)
        $$`);
    await q.query(`
      CREATE FUNCTION members_existing(ids uuid[]) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT m.id FROM membership.member m WHERE m.id = ANY (ids)
        $$`);
    await q.query(`
      CREATE FUNCTION prospects_existing(ids uuid[]) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT p.id FROM membership.prospect p WHERE p.id = ANY (ids)
        $$`);
    // One row per key found, naming only that key (a citizen ID's holder is not told its party card number).
    await q.query(`
      CREATE FUNCTION members_holding(citizen_ids text[], card_numbers text[]) RETURNS TABLE (member_id uuid, citizen_id text, party_card_number text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT m.id, m.citizen_id, NULL::text FROM membership.member m WHERE m.citizen_id = ANY (citizen_ids)
          UNION ALL
          SELECT m.id, NULL::text, m.party_card_number FROM membership.member m WHERE m.party_card_number = ANY (card_numbers)
        $$`);
    await q.query(`
      CREATE FUNCTION open_prospects_holding(citizen_ids text[]) RETURNS TABLE (prospect_id uuid, citizen_id text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT p.id, p.citizen_id FROM membership.prospect p WHERE p.citizen_id = ANY (citizen_ids) AND p.stage NOT IN ('ADMITTED', 'REJECTED')
        $$`);
    await q.query(`
      CREATE FUNCTION member_official_on(member uuid, day date) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT EXISTS (SELECT 1 FROM membership.member_segment s
                          WHERE s.member_id = member AND s.status = 'OFFICIAL' AND s.valid_from <= day AND s.valid_to > day)
        $$`);
    for (const fn of LOOKUPS) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP}`);
    }
    for (const [table, policy, using, check] of POLICIES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${policy} ON ${table} FOR ALL TO ${APP} USING (${using}) WITH CHECK (${check})`);
    }
    // Admission and import create the member row before anything places it: any caller with a scope.
    await q.query(`CREATE POLICY member_created ON member FOR INSERT TO ${APP} WITH CHECK (coalesce(current_setting('party.scope', true), '') <> '')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY member_created ON member`);
    for (const [table, policy] of POLICIES) {
      await q.query(`DROP POLICY ${policy} ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    for (const fn of LOOKUPS) await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP VIEW rls_placed`);
    await q.query(`DROP FUNCTION rls_org_paths(uuid)`);
    await q.query(`DROP FUNCTION rls_scope_paths()`);
  }
}
