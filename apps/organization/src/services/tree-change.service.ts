import { addDays, badInput, conflict, foldForSearch, forbidden, isAdmin, isIsoDate, notFound, parseInput } from '@party/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { OrgContext } from '../context';
import { describeAllowedParents, kindChange, mayHaveParent, mergeable, ORGANIZATION_KINDS, SECTORS, type OrganizationKind, type Sector } from '../domain/kinds';
import { childPath } from '../domain/path';

import type { ChangeType, OrganizationState } from '../entities/organization-change.entity';
import { OrganizationChange, OrganizationChangePayload } from '../graphql/organization-change.type';
import { Organization } from '../graphql/organization.type';
import { assertWithin, assertWriter, canSee } from './access';
import { isUuid } from './organization.service';
import { pathEnd, VERSION_COLUMNS, VERSION_FROM, validOn, type VersionRow } from './rows';

// ---------------------------------------------------------------- input rules

const id = z.string().refine(isUuid, 'is not an organisation id');
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit');
const kind = z.enum(ORGANIZATION_KINDS);
const sector = z.enum(SECTORS).nullish();
const decision = {
  effectiveOn: z.string().refine(isIsoDate, 'must be a calendar day written YYYY-MM-DD'),
  decisionRef: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').nullish(),
};
const newOrganization = z.object({ code, name, kind: kind.nullish(), sector, parentId: id.nullish() });

/** The field rules of a new organisation, for importers that check a file's cells one by one with the same rules. */
export const organizationFieldRules = { code, name, kind, sector, decisionRef: decision.decisionRef, note: decision.note };

const createSchema = z.object({ ...decision, parentId: id.nullish(), code, name, kind, sector });
const bulkSchema = z.object({
  ...decision,
  organizations: z
    .array(z.object({ code, name, kind, sector, parentId: id.nullish(), parentCode: code.nullish() }).refine((o) => !(o.parentId && o.parentCode), { message: 'give parentId or parentCode, not both', path: ['parentCode'] }))
    .min(1, 'name at least one organisation')
    .max(20_000, 'at most 20,000 at once'),
});
const renameSchema = z.object({ ...decision, id, name });
const moveSchema = z.object({ ...decision, id, newParentId: id });
const moveManySchema = z.object({
  ...decision,
  moves: z
    .array(z.object({ id, newParentId: id }))
    .min(1, 'name at least one move')
    .max(20_000, 'at most 20,000 at once')
    .refine((list) => new Set(list.map((m) => m.id.toLowerCase())).size === list.length, 'each organisation at most once'),
});
const kindSchema = z.object({ ...decision, id, kind });
const dissolveSchema = z.object({ ...decision, id, successorId: id.nullish() });
const mergeSchema = z
  .object({ ...decision, sourceIds: z.array(id).min(1, 'name at least one organisation').max(100), targetId: id.nullish(), newOrganization: newOrganization.nullish() })
  .refine((v) => (v.targetId == null) !== (v.newOrganization == null), { message: 'give exactly one of targetId or newOrganization', path: ['targetId'] });
const splitSchema = z.object({
  ...decision,
  id,
  keepSource: z.boolean().default(false),
  parts: z.array(newOrganization.extend({ childIds: z.array(id).default([]) })).min(1, 'name at least one part').max(100),
});

type Decision = { effectiveOn: string; decisionRef: string; note?: string | null };
type BulkOrganization = z.infer<typeof bulkSchema>['organizations'][number];
type Patch = { name?: string; kind?: OrganizationKind; sector?: Sector | null; parent?: VersionRow };

const state = (row: VersionRow): OrganizationState => ({ code: row.code, name: row.name, kind: row.kind, sector: row.sector, parentId: row.parent_id });

// ---------------------------------------------------------------- the transaction

/** One tree change: serialised with every other, all-or-nothing. */
export class TreeTx {
  readonly subjects = new Map<string, { before: OrganizationState | null; after: OrganizationState | null }>();
  readonly lineage: [string, string][] = [];

  constructor(
    readonly ctx: OrgContext,
    readonly m: EntityManager,
    readonly day: string,
    readonly scope: string[] | null,
  ) {}

  async versionOn(orgId: string, day: string): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.m.query(`SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.organization_id = $1 AND ${validOn('$2')}`, [orgId, day]);
    return rows[0] ?? null;
  }

  /**
   * The organisation as it stands on the effective day, inside the caller's
   * scope, with a clear error naming `field` if it does not exist then.
   */
  async existing(orgId: string, field: string): Promise<VersionRow> {
    const row = await this.versionOn(orgId, this.day);
    if (row) {
      assertWithin(this.scope, row, field);
      return row;
    }
    const [latest]: VersionRow[] = await this.m.query(
      `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE v.organization_id = $1 ORDER BY v.valid_from DESC LIMIT 1`,
      [orgId],
    );
    if (!latest) throw notFound(field, `${field}: no organisation with id ${orgId}`);
    // Say nothing about the dates of an organisation the caller does not reach.
    if (!(await canSee(this.ctx, latest, latest.valid_from))) throw forbidden(`${field}: that organisation is outside your organisations`);
    if (this.day < latest.established_on) throw badInput('input.effectiveOn', `${latest.code} (${field}) was established on ${latest.established_on}; ${this.day} is before it existed`);
    throw badInput('input.effectiveOn', `${latest.code} (${field}) ceased to exist on ${latest.dissolved_on}; ${this.day} is after that`);
  }

  /** An organisation that is changed on the effective day: it must exist then and have no later change recorded. */
  async changeable(orgId: string, field: string): Promise<VersionRow> {
    const row = await this.existing(orgId, field);
    if (row.dissolved_on) throw conflict(`${row.code} (${field}) ceases to exist on ${row.dissolved_on}; record changes in date order`, 'input.effectiveOn');
    if (row.valid_to !== 'infinity') throw conflict(`${row.code} (${field}) already has a change effective on ${row.valid_to}; record changes in date order`, 'input.effectiveOn');
    return row;
  }

  /**
   * A parent for something from the effective day on: it exists then, stays, and keeps its place in the
   * tree and its kind (so the parent rules checked on the day hold on every later day).
   */
  async parent(orgId: string, field: string): Promise<VersionRow> {
    const row = await this.existing(orgId, field);
    if (row.dissolved_on) throw badInput('input.effectiveOn', `${row.code} (${field}) ceases to exist on ${row.dissolved_on}; nothing can be placed under it from ${this.day}`);
    const later: { path: string; kind: OrganizationKind }[] = await this.m.query('SELECT path, kind FROM organization_version WHERE organization_id = $1 AND valid_to > $2', [orgId, this.day]);
    if (later.some((v) => v.path !== row.path || v.kind !== row.kind)) {
      throw conflict(`${row.code} (${field}) is moved or changes kind after ${this.day}; record changes in date order`, 'input.effectiveOn');
    }
    return row;
  }

  assertKindUnder(kindOf: OrganizationKind, parent: Pick<VersionRow, 'code' | 'kind'> | null, field: string) {
    if (!mayHaveParent(kindOf, parent?.kind ?? null)) {
      const where = parent ? `under ${parent.code} (${parent.kind})` : 'as a root';
      throw badInput(field, `a ${kindOf} cannot sit ${where}; it may sit under ${describeAllowedParents(kindOf)}`);
    }
  }

  async assertCodeFree(value: string, field: string) {
    const [taken]: { code: string }[] = await this.m.query('SELECT code FROM organization WHERE code = $1', [value]);
    if (taken) throw conflict(`${field}: code ${value} is already used by another organisation`, field);
  }

  async childrenAfter(orgId: string): Promise<VersionRow[]> {
    return this.m.query(`SELECT DISTINCT ON (v.organization_id) ${VERSION_COLUMNS} FROM ${VERSION_FROM}
       WHERE v.parent_id = $1 AND v.valid_to > $2 ORDER BY v.organization_id, v.valid_from`, [orgId, this.day]);
  }

  /** Creates an organisation under `parent` from the effective day. */
  async establish(input: { code: string; name: string; kind: OrganizationKind; sector?: Sector | null }, parent: VersionRow | null, field: string): Promise<VersionRow> {
    this.assertKindUnder(input.kind, parent, `${field}.kind`);
    await this.assertCodeFree(input.code, `${field}.code`);
    const [org]: { id: string; node: string }[] = await this.m.query('INSERT INTO organization (code, established_on) VALUES ($1, $2) RETURNING id, node', [input.code, this.day]);
    const path = childPath(parent?.path ?? null, org!.node);
    await this.m.query(
      `INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, parent_id, name, search_text, sort_name, kind, sector, path, depth)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [org!.id, input.code, org!.node, this.day, parent?.organization_id ?? null, input.name, foldForSearch(`${input.name} ${input.code}`), foldForSearch(input.name), input.kind, input.sector ?? null, path, parent ? parent.depth + 1 : 0],
    );
    const row = (await this.versionOn(org!.id, this.day))!;
    this.subjects.set(row.organization_id, { before: null, after: state(row) });
    return row;
  }

  /**
   * Creates many organisations from the effective day, in list order: each
   * under an existing organisation (`parentId`, or `parentCode`) or under one
   * earlier in the list (`parentCode`). Same rules as `establish`, checked for
   * all before anything is written; rows are written a statement per table.
   */
  async establishMany(list: readonly BulkOrganization[]): Promise<Map<string, string>> {
    type Parent = Pick<VersionRow, 'code' | 'kind' | 'path' | 'depth'> & { organization_id: string | null };
    const field = (i: number) => `input.organizations.${i}`;
    const inBatch = new Map<string, number>();
    list.forEach((o, i) => {
      if (inBatch.has(o.code)) throw badInput(`${field(i)}.code`, `code ${o.code} is given twice (also at ${field(inBatch.get(o.code)!)})`);
      inBatch.set(o.code, i);
    });
    const taken: { code: string }[] = await this.m.query('SELECT code FROM organization WHERE code = ANY($1::text[])', [[...inBatch.keys()]]);
    if (taken.length) {
      const i = Math.min(...taken.map((t) => inBatch.get(t.code)!));
      throw conflict(`${field(i)}.code: code ${list[i]!.code} is already used by another organisation`, `${field(i)}.code`);
    }
    const existingByCode = new Map<string, string>();
    const codes = [...new Set(list.map((o) => o.parentCode).filter((c): c is string => !!c && !inBatch.has(c)))];
    if (codes.length) for (const r of (await this.m.query('SELECT code, id FROM organization WHERE code = ANY($1::text[])', [codes])) as { code: string; id: string }[]) existingByCode.set(r.code, r.id);
    const existing = new Map<string, VersionRow>();
    const parents: (Parent | number | null)[] = [];
    for (const [i, o] of list.entries()) {
      if (o.parentCode && inBatch.has(o.parentCode)) {
        const at = inBatch.get(o.parentCode)!;
        if (at >= i) throw badInput(`${field(i)}.parentCode`, `${o.parentCode} must come before ${o.code} in the list`);
        parents.push(at);
        continue;
      }
      const parentId = o.parentId ?? (o.parentCode ? existingByCode.get(o.parentCode) : null);
      if (o.parentCode && !parentId) throw notFound(`${field(i)}.parentCode`, `${field(i)}.parentCode: no organisation with code ${o.parentCode}`);
      if (!parentId) {
        if (!isAdmin(this.ctx.caller)) throw forbidden('Only administrators may create a root organisation');
        parents.push(null);
        continue;
      }
      if (!existing.has(parentId)) existing.set(parentId, await this.parent(parentId, `${field(i)}.parent`));
      parents.push(existing.get(parentId)!);
    }
    const parentOf = (i: number): Pick<VersionRow, 'code' | 'kind'> | null => {
      const p = parents[i]!;
      return typeof p === 'number' ? list[p]! : p;
    };
    list.forEach((o, i) => this.assertKindUnder(o.kind, parentOf(i), `${field(i)}.kind`));

    const rows = await insertEstablished(
      this.m,
      list.map((o, i) => ({ code: o.code, name: o.name, kind: o.kind, sector: o.sector ?? null, day: this.day, parent: parents[i]! })),
    );
    for (const r of rows) this.subjects.set(r.organization_id, { before: null, after: { code: r.code, name: r.name, kind: r.kind, sector: r.sector, parentId: r.parentId } });
    return new Map(rows.map((r) => [r.code, r.organization_id]));
  }

  /**
   * Gives `x` a new state from the effective day. When its parent changes, the
   * paths of its whole subtree are rewritten from that day on (earlier versions
   * are cut at the day), so every later date sees the subtree in its new place.
   */
  async reshape(x: VersionRow, patch: Patch): Promise<VersionRow> {
    const d = this.day;
    const moving = patch.parent !== undefined && patch.parent.organization_id !== x.parent_id;
    // Cut the versions that straddle the day, so the state from the day on can change alone.
    const [straddling, params] = moving
      ? ['path >= $2 AND path < $3', [d, x.path, pathEnd(x.path)]]
      : ['organization_id = $2', [d, x.organization_id]];
    await this.m.query(
      `WITH old AS (
         SELECT id, valid_to FROM organization_version
          WHERE ${straddling} AND valid_from < $1 AND valid_to > $1 FOR UPDATE),
       cut AS (
         UPDATE organization_version v SET valid_to = $1 FROM old WHERE v.id = old.id
         RETURNING v.organization_id, v.code, v.node, v.established_on, v.dissolved_on, old.valid_to AS old_to,
                   v.parent_id, v.name, v.search_text, v.sort_name, v.kind, v.sector, v.path, v.depth)
       INSERT INTO organization_version (organization_id, code, node, established_on, dissolved_on, valid_from, valid_to, parent_id, name, search_text, sort_name, kind, sector, path, depth)
       SELECT organization_id, code, node, established_on, dissolved_on, $1, old_to, parent_id, name, search_text, sort_name, kind, sector, path, depth FROM cut`,
      params,
    );
    if (moving) {
      const newPath = childPath(patch.parent!.path, x.node);
      await this.m.query(
        `UPDATE organization_version SET path = $1 || substr(path, $2), depth = depth + $3
          WHERE path >= $4 AND path < $5 AND valid_from >= $6`,
        [newPath, x.path.length + 1, patch.parent!.depth + 1 - x.depth, x.path, pathEnd(x.path), d],
      );
    }
    const nextName = patch.name ?? x.name;
    await this.m.query(
      `UPDATE organization_version SET parent_id = $2, name = $3, search_text = $4, sort_name = $5, kind = $6, sector = $7
        WHERE organization_id = $1 AND valid_from >= $8`,
      [x.organization_id, moving ? patch.parent!.organization_id : x.parent_id, nextName, foldForSearch(`${nextName} ${x.code}`), foldForSearch(nextName), patch.kind ?? x.kind, patch.sector !== undefined ? patch.sector : x.sector, d],
    );
    const after = (await this.versionOn(x.organization_id, d))!;
    const prior = this.subjects.get(x.organization_id);
    this.subjects.set(x.organization_id, { before: prior ? prior.before : state(x), after: state(after) });
    return after;
  }

  /** Ends `x` on the effective day. */
  async close(x: VersionRow, field: string): Promise<void> {
    if (x.established_on >= this.day) throw conflict(`${x.code} (${field}) was established on ${x.established_on}; it can only cease to exist after that day`, 'input.effectiveOn');
    const kids = await this.childrenAfter(x.organization_id);
    if (kids.length) {
      const list = kids.slice(0, 5).map((k) => k.code).join(', ');
      throw conflict(`${x.code} (${field}) still has ${kids.length} organisation(s) under it on ${this.day} (${list}${kids.length > 5 ? ', …' : ''}); move or dissolve them first`, field);
    }
    // A version that starts on the day itself (an earlier change that day) never comes to be.
    await this.m.query('DELETE FROM organization_version WHERE organization_id = $1 AND valid_from >= $2', [x.organization_id, this.day]);
    await this.m.query('UPDATE organization_version SET valid_to = $2 WHERE organization_id = $1 AND valid_to > $2', [x.organization_id, this.day]);
    await this.m.query('UPDATE organization_version SET dissolved_on = $2 WHERE organization_id = $1', [x.organization_id, this.day]);
    await this.m.query('UPDATE organization SET dissolved_on = $2 WHERE id = $1', [x.organization_id, this.day]);
    const prior = this.subjects.get(x.organization_id);
    this.subjects.set(x.organization_id, { before: prior ? prior.before : state(x), after: null });
  }

  /** Moves every sub-organisation of `from` under `to` (merges, splits). */
  async moveChildren(children: VersionRow[], to: VersionRow, field: string): Promise<void> {
    for (const child of children) {
      if (child.valid_to !== 'infinity' || child.valid_from > this.day) throw conflict(`${child.code}, under ${field}, has a change recorded after ${this.day}; record changes in date order`, 'input.effectiveOn');
      this.assertKindUnder(child.kind, to, field);
      await this.reshape(child, { parent: to });
    }
  }

  async record(type: ChangeType, input: Decision): Promise<string> {
    const [change]: { id: string }[] = await this.m.query(
      `INSERT INTO organization_change (type, effective_on, decision_ref, note, recorded_by, request_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [type, this.day, input.decisionRef, input.note ?? null, this.ctx.caller.userId, this.ctx.requestId],
    );
    const subjects = [...this.subjects];
    await this.m.query(
      `INSERT INTO organization_change_subject (change_id, organization_id, before, after)
       SELECT $1, * FROM unnest($2::uuid[], $3::jsonb[], $4::jsonb[])`,
      [change!.id, subjects.map(([orgId]) => orgId), subjects.map(([, x]) => (x.before ? JSON.stringify(x.before) : null)), subjects.map(([, x]) => (x.after ? JSON.stringify(x.after) : null))],
    );
    if (this.lineage.length) {
      await this.m.query(`INSERT INTO organization_lineage (change_id, predecessor_id, successor_id) SELECT $1, * FROM unnest($2::uuid[], $3::uuid[])`, [
        change!.id,
        this.lineage.map(([pred]) => pred),
        this.lineage.map(([, succ]) => succ),
      ]);
    }
    return change!.id;
  }
}

/** A parent as `insertEstablished` needs it: an organisation in the tree on the day. */
export type EstablishParent = Pick<VersionRow, 'code' | 'kind' | 'path' | 'depth'> & { organization_id: string | null };

/** A new organisation to write: under an existing parent, under an earlier item of the same list (its index), or a root. */
export interface EstablishRow {
  code: string;
  name: string;
  kind: OrganizationKind;
  sector: Sector | null;
  /** Its establishment day: the day its first version starts. */
  day: string;
  parent: EstablishParent | number | null;
}

/**
 * Writes new organisations set-based (one INSERT per table, in chunks): identity rows, then their first
 * versions with paths and depths as `establish` gives them. The rules are checked by the caller before.
 * A parent named by index must come earlier in the list.
 */
export async function insertEstablished(m: EntityManager, list: readonly EstablishRow[], chunk = 20_000) {
  const placed: (EstablishParent & { organization_id: string })[] = [];
  const rows: {
    organization_id: string; code: string; kind: OrganizationKind; path: string; depth: number; node: string;
    parentId: string | null; name: string; sector: Sector | null; day: string;
  }[] = [];
  for (let start = 0; start < list.length; start += chunk) {
    const part = list.slice(start, start + chunk);
    const made: { id: string; node: string; code: string }[] = await m.query(
      'INSERT INTO organization (code, established_on) SELECT c, d FROM unnest($1::text[], $2::date[]) WITH ORDINALITY AS x(c, d, n) ORDER BY n RETURNING id, node, code',
      [part.map((o) => o.code), part.map((o) => o.day)],
    );
    const byCode = new Map(made.map((r) => [r.code, r]));
    const added = part.map((o) => {
      const p = o.parent;
      const parent = typeof p === 'number' ? placed[p]! : p;
      const me = byCode.get(o.code)!;
      const row = { organization_id: me.id, code: o.code, kind: o.kind, path: childPath(parent?.path ?? null, me.node), depth: parent ? parent.depth + 1 : 0 };
      placed.push(row);
      return { ...row, node: me.node, parentId: parent?.organization_id ?? null, name: o.name, sector: o.sector ?? null, day: o.day };
    });
    await m.query(
      `INSERT INTO organization_version (organization_id, code, node, established_on, valid_from, parent_id, name, search_text, sort_name, kind, sector, path, depth)
       SELECT x.id, x.code, x.node, x.day, x.day, x.parent, x.name, x.search, x.sort, x.kind, x.sector, x.path, x.depth
         FROM unnest($1::date[], $2::uuid[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[])
              AS x(day, id, code, node, parent, name, search, sort, kind, sector, path, depth)`,
      [
        added.map((r) => r.day),
        added.map((r) => r.organization_id),
        added.map((r) => r.code),
        added.map((r) => r.node),
        added.map((r) => r.parentId),
        added.map((r) => r.name),
        added.map((r) => foldForSearch(`${r.name} ${r.code}`)),
        added.map((r) => foldForSearch(r.name)),
        added.map((r) => r.kind),
        added.map((r) => r.sector),
        added.map((r) => r.path),
        added.map((r) => r.depth),
      ],
    );
    rows.push(...added);
  }
  return rows;
}

/**
 * Records ESTABLISH changes set-based, as `TreeTx.record` records one: a change per group (its day, decision
 * reference and note) with every organisation of the group as a subject (before: none, after: its state).
 * Returns the changes' ids in group order.
 */
export async function recordEstablishments(
  m: EntityManager,
  ctx: OrgContext,
  groups: readonly { day: string; decisionRef: string; note: string | null; subjects: { id: string; after: OrganizationState }[] }[],
  chunk = 20_000,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < groups.length; start += chunk) {
    const part = groups.slice(start, start + chunk);
    const made: { id: string }[] = await m.query(
      `INSERT INTO organization_change (type, effective_on, decision_ref, note, recorded_by, request_id)
       SELECT 'ESTABLISH', d, r, n, $4, $5 FROM unnest($1::date[], $2::text[], $3::text[]) WITH ORDINALITY AS x(d, r, n, i) ORDER BY i RETURNING id`,
      [part.map((g) => g.day), part.map((g) => g.decisionRef), part.map((g) => g.note), ctx.caller.userId, ctx.requestId],
    );
    ids.push(...made.map((c) => c.id));
  }
  const subjects = groups.flatMap((g, i) => g.subjects.map((x) => ({ change: ids[i]!, ...x })));
  for (let start = 0; start < subjects.length; start += chunk) {
    const part = subjects.slice(start, start + chunk);
    await m.query(
      `INSERT INTO organization_change_subject (change_id, organization_id, before, after)
       SELECT c, o, NULL, a FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS x(c, o, a)`,
      [part.map((x) => x.change), part.map((x) => x.id), part.map((x) => JSON.stringify(x.after))],
    );
  }
  return ids;
}

interface Outcome {
  changeId: string;
  /** Organisation the change was about, and the day to show it on. */
  main: { id: string; day: string } | null;
  others: string[];
}

/** Runs `work` as one tree change: serialised with every other, all-or-nothing. */
async function lockedTree<T>(ctx: OrgContext, input: Decision, work: (tx: TreeTx) => Promise<T>): Promise<T> {
  return inTreeLock(ctx, async (txOn) => work(await txOn(input.effectiveOn)));
}

/**
 * Runs `work` in one transaction holding the tree lock (serialised with every tree change, all-or-nothing),
 * for the caller with a writing role. `txOn(day)` gives the tree change of that effective day, with the
 * caller's scope as it stands on that day once no other change can move it (imports: one per day).
 */
export async function inTreeLock<T>(ctx: OrgContext, work: (txOn: (day: string) => Promise<TreeTx>, m: EntityManager) => Promise<T>): Promise<T> {
  assertWriter(ctx);
  const result = await ctx.db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('organization.tree'))`);
    const txs = new Map<string, TreeTx>();
    const txOn = async (day: string): Promise<TreeTx> => {
      const known = txs.get(day);
      if (known) return known;
      let scope: string[] | null = null;
      if (!isAdmin(ctx.caller)) {
        const rows: { path: string }[] = await m.query(`SELECT v.path FROM ${VERSION_FROM} WHERE v.organization_id = ANY($1::uuid[]) AND ${validOn('$2')}`, [ctx.caller.scope, day]);
        scope = rows.map((r) => r.path);
      }
      const tx = new TreeTx(ctx, m, day, scope);
      txs.set(day, tx);
      return tx;
    };
    return work(txOn, m);
  });
  ctx.loaders.clear();
  return result;
}

async function inTreeTransaction(ctx: OrgContext, input: Decision, work: (tx: TreeTx) => Promise<Outcome>): Promise<OrganizationChangePayload> {
  const outcome = await lockedTree(ctx, input, work);
  const load = async (orgId: string, day: string) => {
    const row = await ctx.loaders.versionAt(day).load(orgId);
    return row ? Organization.from(row, day) : null;
  };
  const [changeRow] = (await ctx.loaders.changes.load(outcome.main?.id ?? outcome.others[0]!)).filter((c) => c.id === outcome.changeId);
  const payload = new OrganizationChangePayload();
  payload.organization = outcome.main ? await load(outcome.main.id, outcome.main.day) : null;
  payload.organizations = (await Promise.all(outcome.others.map((o) => load(o, input.effectiveOn)))).filter((o): o is Organization => !!o);
  payload.change = OrganizationChange.from(changeRow!);
  ctx.log.info({ change: outcome.changeId, type: payload.change.type, effectiveOn: input.effectiveOn }, 'tree changed');
  return payload;
}

// ---------------------------------------------------------------- the changes

export async function createOrganization(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(createSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const parent = input.parentId ? await tx.parent(input.parentId, 'input.parentId') : null;
    if (!parent && !isAdmin(ctx.caller)) throw forbidden('Only administrators may create a root organisation');
    const row = await tx.establish(input, parent, 'input');
    return { changeId: await tx.record('ESTABLISH', input), main: { id: row.organization_id, day: input.effectiveOn }, others: [] };
  });
}

/**
 * Establishes many organisations under one decision (a register taken over,
 * a demo tree): one transaction and one ESTABLISH change naming them all.
 * Not in the API: for bulk loads by the subgraph's own seeds and imports.
 * Returns the change's id and the new organisations' ids by code.
 */
export async function establishOrganizations(ctx: OrgContext, raw: unknown): Promise<{ changeId: string; ids: Map<string, string> }> {
  const input = parseInput(bulkSchema, raw);
  return lockedTree(ctx, input, async (tx) => {
    const ids = await tx.establishMany(input.organizations);
    return { changeId: await tx.record('ESTABLISH', input), ids };
  });
}

export async function renameOrganization(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(renameSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const x = await tx.changeable(input.id, 'input.id');
    if (x.name === input.name) throw badInput('input.name', `${x.code} is already named "${input.name}"`);
    await tx.reshape(x, { name: input.name });
    return { changeId: await tx.record('RENAME', input), main: { id: x.organization_id, day: input.effectiveOn }, others: [] };
  });
}

/** Moves one organisation under another from the effective day; `at` names the input object (`input`, `input.moves.3`). */
async function moveOne(tx: TreeTx, move: { id: string; newParentId: string }, at: string): Promise<VersionRow> {
  const x = await tx.changeable(move.id, `${at}.id`);
  const parent = await tx.parent(move.newParentId, `${at}.newParentId`);
  if (parent.path.startsWith(x.path)) throw badInput(`${at}.newParentId`, `${parent.code} is ${x.code} itself or lies under it; an organisation cannot move under its own subtree`);
  if (parent.organization_id === x.parent_id) throw badInput(`${at}.newParentId`, `${x.code} is already under ${parent.code}`);
  tx.assertKindUnder(x.kind, parent, `${at}.newParentId`);
  return tx.reshape(x, { parent });
}

export async function moveOrganization(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(moveSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const x = await moveOne(tx, input, 'input');
    return { changeId: await tx.record('MOVE', input), main: { id: x.organization_id, day: input.effectiveOn }, others: [] };
  });
}

/**
 * Moves many organisations under one decision (a reorganisation), in list
 * order: one transaction and one MOVE change naming them all; each move as
 * moveOrganization checks it. Not in the API: for the subgraph's own seeds and imports.
 */
export async function moveOrganizations(ctx: OrgContext, raw: unknown): Promise<{ changeId: string }> {
  const input = parseInput(moveManySchema, raw);
  return lockedTree(ctx, input, async (tx) => {
    for (const [i, move] of input.moves.entries()) await moveOne(tx, move, `input.moves.${i}`);
    return { changeId: await tx.record('MOVE', input) };
  });
}

export async function changeOrganizationKind(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(kindSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const x = await tx.changeable(input.id, 'input.id');
    const direction = kindChange(x.kind, input.kind);
    if (!direction) throw badInput('input.kind', `${input.kind} is the same level as ${x.code}'s kind ${x.kind}; only upgrades and downgrades between levels are recorded`);
    const parent = x.parent_id ? await tx.versionOn(x.parent_id, input.effectiveOn) : null;
    tx.assertKindUnder(input.kind, parent, 'input.kind');
    const misplaced = (await tx.childrenAfter(x.organization_id)).filter((c) => !mayHaveParent(c.kind, input.kind));
    if (misplaced.length) throw badInput('input.kind', `a ${input.kind} cannot have ${misplaced[0]!.kind} ${misplaced[0]!.code} under it; move it first`);
    await tx.reshape(x, { kind: input.kind });
    return { changeId: await tx.record(direction, input), main: { id: x.organization_id, day: input.effectiveOn }, others: [] };
  });
}

export async function dissolveOrganization(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(dissolveSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const x = await tx.changeable(input.id, 'input.id');
    const successor = input.successorId ? await tx.existing(input.successorId, 'input.successorId') : null;
    if (successor?.organization_id === x.organization_id) throw badInput('input.successorId', 'an organisation cannot succeed itself');
    await tx.close(x, 'input.id');
    if (successor) {
      tx.lineage.push([x.organization_id, successor.organization_id]);
      tx.subjects.set(successor.organization_id, { before: state(successor), after: state(successor) });
    }
    return { changeId: await tx.record('DISSOLVE', input), main: { id: x.organization_id, day: addDays(input.effectiveOn, -1) }, others: successor ? [successor.organization_id] : [] };
  });
}

export async function mergeOrganizations(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(mergeSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    if (new Set(input.sourceIds).size !== input.sourceIds.length) throw badInput('input.sourceIds', 'names the same organisation twice');
    const sources: VersionRow[] = [];
    for (const [i, sid] of input.sourceIds.entries()) sources.push(await tx.changeable(sid, `input.sourceIds.${i}`));
    for (const s of sources) {
      if (!mergeable(s.kind, sources[0]!.kind)) throw badInput('input.sourceIds', `${s.code} (${s.kind}) and ${sources[0]!.code} (${sources[0]!.kind}) are of kinds that cannot be merged`);
    }
    let target: VersionRow;
    if (input.targetId) {
      target = await tx.changeable(input.targetId, 'input.targetId');
      if (input.sourceIds.includes(target.organization_id)) throw badInput('input.targetId', 'the target cannot also be a source');
      const inside = sources.find((s) => target.path.startsWith(s.path));
      if (inside) throw badInput('input.targetId', `${target.code} lies under ${inside.code}, which ceases to exist`);
      const bad = sources.find((s) => !mergeable(s.kind, target.kind));
      if (bad) throw badInput('input.targetId', `${bad.code} (${bad.kind}) cannot be merged into ${target.code} (${target.kind})`);
      tx.subjects.set(target.organization_id, { before: state(target), after: state(target) });
    } else {
      const spec = input.newOrganization!;
      const kinds = new Set(sources.map((s) => s.kind));
      const newKind = spec.kind ?? (kinds.size === 1 ? sources[0]!.kind : null);
      if (!newKind) throw badInput('input.newOrganization.kind', 'the sources are of different kinds; say which kind the new organisation is');
      const bad = sources.find((s) => !mergeable(s.kind, newKind));
      if (bad) throw badInput('input.newOrganization.kind', `${bad.code} (${bad.kind}) cannot be merged into a ${newKind}`);
      const parents = new Set(sources.map((s) => s.parent_id));
      const parentId = spec.parentId ?? (parents.size === 1 ? sources[0]!.parent_id : undefined);
      if (parentId === undefined) throw badInput('input.newOrganization.parentId', 'the sources have different parents; say where the new organisation sits');
      const parent = parentId ? await tx.parent(parentId, 'input.newOrganization.parentId') : null;
      if (!parent && !isAdmin(ctx.caller)) throw forbidden('Only administrators may create a root organisation');
      target = await tx.establish({ ...spec, kind: newKind }, parent, 'input.newOrganization');
    }
    for (const [i, s] of sources.entries()) {
      await tx.moveChildren(await tx.childrenAfter(s.organization_id), target, `input.sourceIds.${i}`);
      await tx.close(s, `input.sourceIds.${i}`);
      tx.lineage.push([s.organization_id, target.organization_id]);
    }
    return { changeId: await tx.record('MERGE', input), main: { id: target.organization_id, day: input.effectiveOn }, others: [target.organization_id] };
  });
}

export async function splitOrganization(ctx: OrgContext, raw: unknown): Promise<OrganizationChangePayload> {
  const input = parseInput(splitSchema, raw);
  return inTreeTransaction(ctx, input, async (tx) => {
    const x = await tx.changeable(input.id, 'input.id');
    if (!input.keepSource && input.parts.length < 2) throw badInput('input.parts', 'a split that dissolves the source needs at least two parts (or keepSource: true)');
    const codes = input.parts.map((p) => p.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) throw badInput('input.parts', `code ${dup} is given to two parts`);
    const children = await tx.childrenAfter(x.organization_id);
    const byId = new Map(children.map((c) => [c.organization_id, c]));
    const assigned = new Set<string>();
    input.parts.forEach((p, i) =>
      p.childIds.forEach((cid, j) => {
        if (!byId.has(cid)) throw badInput(`input.parts.${i}.childIds.${j}`, `is not directly under ${x.code} on ${input.effectiveOn}`);
        if (assigned.has(cid)) throw badInput(`input.parts.${i}.childIds.${j}`, `${byId.get(cid)!.code} is given to two parts`);
        assigned.add(cid);
      }),
    );
    if (!input.keepSource) {
      const left = children.filter((c) => !assigned.has(c.organization_id));
      if (left.length) throw badInput('input.parts', `${left.map((c) => c.code).join(', ')} must go to one of the parts, since ${x.code} ceases to exist`);
    }
    const parents: (VersionRow | null)[] = [];
    for (const [i, p] of input.parts.entries()) {
      const pid = p.parentId ?? x.parent_id;
      parents.push(pid ? await tx.parent(pid, `input.parts.${i}.parentId`) : null);
      if (!pid && !isAdmin(ctx.caller)) throw forbidden('Only administrators may create a root organisation');
    }
    const parts: VersionRow[] = [];
    for (const [i, p] of input.parts.entries()) {
      const part = await tx.establish({ ...p, kind: p.kind ?? x.kind }, parents[i]!, `input.parts.${i}`);
      await tx.moveChildren(p.childIds.map((c) => byId.get(c)!), part, `input.parts.${i}`);
      tx.lineage.push([x.organization_id, part.organization_id]);
      parts.push(part);
    }
    if (input.keepSource) tx.subjects.set(x.organization_id, { before: state(x), after: state(x) });
    else await tx.close(x, 'input.id');
    const mainDay = input.keepSource ? input.effectiveOn : addDays(input.effectiveOn, -1);
    return { changeId: await tx.record('SPLIT', input), main: { id: x.organization_id, day: mainDay }, others: parts.map((p) => p.organization_id) };
  });
}
