/**
 * `asOf`: every date shows the tree as it stood that day, across a move, a
 * merge, a split and a dissolution; nested fields inherit the parent's day.
 */
import type { TestPlatform } from '@party/testing';
import { createMany, createOrg, mutate, read, startOrganizationPlatform, today, type CreatedOrg } from './helpers';

let p: TestPlatform;
beforeAll(async () => {
  p = await startOrganizationPlatform();
});
afterAll(() => p?.stop());

const ids = (list: { id: string }[]) => list.map((o) => o.id).sort();
const childIds = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id).sort();

async function childrenOn(id: string, asOf: string): Promise<string[]> {
  const data = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { edges { node { id } } } } }`, { id, asOf });
  return childIds(data.organization.children);
}

async function ancestorsOn(id: string, asOf: string): Promise<{ ancestors: string[]; depth: number; parent: string | null }> {
  const data = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { depth parent { id } ancestors { id asOf } } }`, { id, asOf });
  const o = data.organization;
  expect(o.ancestors.every((a: { asOf: string }) => a.asOf === asOf)).toBe(true);
  return { ancestors: o.ancestors.map((a: { id: string }) => a.id), depth: o.depth, parent: o.parent?.id ?? null };
}

describe('a move of a subtree: district → grassroots committee → cells', () => {
  let p1: CreatedOrg, p2: CreatedOrg, d: CreatedOrg, gc: CreatedOrg, c1: CreatedOrg, c2: CreatedOrg, stay: CreatedOrg;
  const before = '2024-12-31';
  const on = '2025-01-01';

  beforeAll(async () => {
    [p1, p2] = await createMany(p, [
      { name: 'Tỉnh Ninh Thuận', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' },
      { name: 'Tỉnh Khánh Hòa', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    [d, stay] = await createMany(p, [
      { name: 'Huyện Thuận Bắc', kind: 'DISTRICT', parentId: p1.id, effectiveOn: '2000-01-01' },
      { name: 'Huyện Ninh Sơn', kind: 'DISTRICT', parentId: p1.id, effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    gc = await createOrg(p, { name: 'Đảng bộ xã Bắc Sơn', kind: 'GRASSROOTS_COMMITTEE', parentId: d.id, effectiveOn: '2000-01-01' });
    [c1, c2] = await createMany(p, [
      { name: 'Chi bộ thôn Xóm Bằng', kind: 'CELL', parentId: gc.id, effectiveOn: '2000-01-01' },
      { name: 'Chi bộ thôn Bà Râu', kind: 'CELL', parentId: gc.id, effectiveOn: '2010-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    // Recorded before the move, effective after it: the rename must follow the subtree to its new place.
    await mutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: c1.id, name: 'Chi bộ thôn Xóm Bằng 1', effectiveOn: '2026-01-01' });
    await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: d.id, newParentId: p2.id, effectiveOn: on, decisionRef: '1-NQ/TW' });
  });

  test('children of the old and the new parent, the day before and on the effective day', async () => {
    expect(await childrenOn(p1.id, before)).toEqual(ids([d, stay]));
    expect(await childrenOn(p1.id, on)).toEqual([stay.id]);
    expect(await childrenOn(p2.id, before)).toEqual([]);
    expect(await childrenOn(p2.id, on)).toEqual([d.id]);
    expect(await childrenOn(p2.id, today())).toEqual([d.id]);
  });

  test('descendants totalCount of both provinces before and after', async () => {
    const q = `query($a: ID!, $b: ID!, $asOf: Date) {
      a: organization(id: $a, asOf: $asOf) { descendants { totalCount } }
      b: organization(id: $b, asOf: $asOf) { descendants { totalCount edges { node { id depth } } } } }`;
    const was = await read(p, q, { a: p1.id, b: p2.id, asOf: before });
    expect(was.a.descendants.totalCount).toBe(5); // d, stay, gc, c1, c2
    expect(was.b.descendants.totalCount).toBe(0);
    const now = await read(p, q, { a: p1.id, b: p2.id, asOf: on });
    expect(now.a.descendants.totalCount).toBe(1); // stay
    expect(now.b.descendants.totalCount).toBe(4);
    const nodes: { id: string; depth: number }[] = now.b.descendants.edges.map((e: { node: { id: string; depth: number } }) => e.node);
    // Tree order: the district, its committee, then the committee's two cells.
    expect(nodes.slice(0, 2)).toEqual([{ id: d.id, depth: 1 }, { id: gc.id, depth: 2 }]);
    expect(ids(nodes.slice(2))).toEqual(ids([c1, c2]));
    expect(nodes.slice(2).map((n) => n.depth)).toEqual([3, 3]);
    // Earlier: the second cell did not exist yet.
    const early = await read(p, q, { a: p1.id, b: p2.id, asOf: '2005-06-01' });
    expect(early.a.descendants.totalCount).toBe(4);
  });

  test("the cell's ancestors on each date", async () => {
    expect(await ancestorsOn(c1.id, before)).toEqual({ ancestors: [p1.id, d.id, gc.id], depth: 3, parent: gc.id });
    expect(await ancestorsOn(c1.id, on)).toEqual({ ancestors: [p2.id, d.id, gc.id], depth: 3, parent: gc.id });
    expect(await ancestorsOn(c2.id, on)).toEqual({ ancestors: [p2.id, d.id, gc.id], depth: 3, parent: gc.id });
    expect(await ancestorsOn(d.id, before)).toEqual({ ancestors: [p1.id], depth: 1, parent: p1.id });
    expect(await ancestorsOn(d.id, on)).toEqual({ ancestors: [p2.id], depth: 1, parent: p2.id });
  });

  test('a later change recorded before the move follows the subtree', async () => {
    const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { name depth ancestors { id } } }`;
    const renamed = await read(p, q, { id: c1.id, asOf: '2026-01-01' });
    expect(renamed.organization).toEqual({ name: 'Chi bộ thôn Xóm Bằng 1', depth: 3, ancestors: [{ id: p2.id }, { id: d.id }, { id: gc.id }] });
    const notYet = await read(p, q, { id: c1.id, asOf: '2025-12-31' });
    expect(notYet.organization.name).toBe('Chi bộ thôn Xóm Bằng');
    const search = await read(p, `query($under: ID!) { searchOrganizations(text: "xom bang 1", under: $under) { id } }`, { under: p2.id });
    expect(search.searchOrganizations).toEqual([{ id: c1.id }]);
  });

  test('nested fields inherit asOf from the parent', async () => {
    const q = `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { asOf children { edges { node { id asOf parent { asOf } children { totalCount edges { node { asOf } } } } } } } }`;
    const data = await read(p, q, { id: p1.id });
    expect(data.organization.asOf).toBe('2024-12-31');
    const nodes = data.organization.children.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id).sort()).toEqual(ids([d, stay]));
    for (const n of nodes) {
      expect(n.asOf).toBe('2024-12-31');
      expect(n.parent.asOf).toBe('2024-12-31');
    }
    const dNode = nodes.find((n: { id: string }) => n.id === d.id);
    expect(dNode.children).toEqual({ totalCount: 1, edges: [{ node: { asOf: '2024-12-31' } }] });
    const after = await read(p, q.replace('2024-12-31', '2025-01-01'), { id: p1.id });
    expect(after.organization.children.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([stay.id]);
  });

  test('the move is in the history of the district, with both parents', async () => {
    const data = await read(p, `query($id: ID!) { organization(id: $id) { changes { type effectiveOn decisionRef previousParent { id asOf } newParent { id asOf } } } }`, { id: d.id });
    expect(data.organization.changes).toEqual([
      { type: 'ESTABLISH', effectiveOn: '2000-01-01', decisionRef: 'TEST-QĐ', previousParent: null, newParent: { id: p1.id, asOf: '2000-01-01' } },
      { type: 'MOVE', effectiveOn: on, decisionRef: '1-NQ/TW', previousParent: { id: p1.id, asOf: before }, newParent: { id: p2.id, asOf: on } },
    ]);
  });

  test('before establishment an organisation is null', async () => {
    const data = await read(p, `query($id: ID!, $c2: ID!) { a: organization(id: $id, asOf: "1999-12-31") { id } b: organization(id: $c2, asOf: "2009-12-31") { id } c: organization(id: $c2, asOf: "2010-01-01") { id } }`, { id: d.id, c2: c2.id });
    expect(data).toEqual({ a: null, b: null, c: { id: c2.id } });
  });
});

describe('a merge of districts into a new one', () => {
  let prov: CreatedOrg, a: CreatedOrg, b: CreatedOrg, ga: CreatedOrg, gb: CreatedOrg, cell: CreatedOrg;
  let merged: string;
  const before = '2025-06-30';
  const on = '2025-07-01';

  beforeAll(async () => {
    prov = await createOrg(p, { name: 'Tỉnh Gộp', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' });
    [a, b] = await createMany(p, [
      { name: 'Huyện A', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' },
      { name: 'Huyện B', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    [ga, gb] = await createMany(p, [
      { name: 'Đảng bộ xã A1', kind: 'GRASSROOTS_COMMITTEE', parentId: a.id, effectiveOn: '2000-01-01' },
      { name: 'Đảng bộ xã B1', kind: 'GRASSROOTS_COMMITTEE', parentId: b.id, effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    cell = await createOrg(p, { name: 'Chi bộ A1-1', kind: 'CELL', parentId: ga.id, effectiveOn: '2000-01-01' });
    const out = await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [a.id, b.id], newOrganization: { code: `AB-${Date.now()}`, name: 'Huyện AB' }, effectiveOn: on });
    merged = out.organization.id;
  });

  test('each day shows its own tree', async () => {
    expect(await childrenOn(prov.id, before)).toEqual(ids([a, b]));
    expect(await childrenOn(prov.id, on)).toEqual([merged]);
    expect(await childrenOn(a.id, before)).toEqual([ga.id]);
    expect(await childrenOn(merged, on)).toEqual(ids([ga, gb]));
    const gone = await read(p, `query($a: ID!, $m: ID!) { a: organization(id: $a, asOf: "${on}") { id } m: organization(id: $m, asOf: "${before}") { id } }`, { a: a.id, m: merged });
    expect(gone).toEqual({ a: null, m: null });
  });

  test("a cell's ancestors before and after the merge", async () => {
    expect(await ancestorsOn(cell.id, before)).toEqual({ ancestors: [prov.id, a.id, ga.id], depth: 3, parent: ga.id });
    expect(await ancestorsOn(cell.id, on)).toEqual({ ancestors: [prov.id, merged, ga.id], depth: 3, parent: ga.id });
  });

  test('descendants of the province keep their count but change shape', async () => {
    const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { descendants(maxDepth: 1) { totalCount } all: descendants { totalCount } } }`;
    expect((await read(p, q, { id: prov.id, asOf: before })).organization).toEqual({ descendants: { totalCount: 2 }, all: { totalCount: 5 } });
    expect((await read(p, q, { id: prov.id, asOf: on })).organization).toEqual({ descendants: { totalCount: 1 }, all: { totalCount: 4 } });
  });
});

describe('a split', () => {
  let prov: CreatedOrg, d: CreatedOrg, g1: CreatedOrg, g2: CreatedOrg, cell: CreatedOrg;
  let parts: string[];
  const before = '2025-02-28';
  const on = '2025-03-01';

  beforeAll(async () => {
    prov = await createOrg(p, { name: 'Tỉnh Tách', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' });
    d = await createOrg(p, { name: 'Huyện Lớn', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' });
    [g1, g2] = await createMany(p, [
      { name: 'Đảng bộ xã Bắc', kind: 'GRASSROOTS_COMMITTEE', parentId: d.id, effectiveOn: '2000-01-01' },
      { name: 'Đảng bộ xã Nam', kind: 'GRASSROOTS_COMMITTEE', parentId: d.id, effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    cell = await createOrg(p, { name: 'Chi bộ Nam 1', kind: 'CELL', parentId: g2.id, effectiveOn: '2000-01-01' });
    const out = await mutate(p, 'splitOrganization', 'SplitOrganizationInput', {
      id: d.id,
      effectiveOn: on,
      parts: [
        { code: `NORTH-${Date.now()}`, name: 'Huyện Bắc', childIds: [g1.id] },
        { code: `SOUTH-${Date.now()}`, name: 'Huyện Nam', childIds: [g2.id] },
      ],
    });
    parts = out.organizations.map((o: { id: string }) => o.id);
  });

  test('before: one district with both committees; on the day: two districts', async () => {
    expect(await childrenOn(prov.id, before)).toEqual([d.id]);
    expect(await childrenOn(d.id, before)).toEqual(ids([g1, g2]));
    expect(await childrenOn(prov.id, on)).toEqual([...parts].sort());
    expect(await childrenOn(parts[0]!, on)).toEqual([g1.id]);
    expect(await childrenOn(parts[1]!, on)).toEqual([g2.id]);
    const q = `query($id: ID!) { before: organization(id: $id, asOf: "${before}") { name validTo } on: organization(id: $id, asOf: "${on}") { id } }`;
    expect(await read(p, q, { id: d.id })).toEqual({ before: { name: 'Huyện Lớn', validTo: on }, on: null });
  });

  test("a cell's ancestors before and after the split", async () => {
    expect(await ancestorsOn(cell.id, before)).toEqual({ ancestors: [prov.id, d.id, g2.id], depth: 3, parent: g2.id });
    expect(await ancestorsOn(cell.id, on)).toEqual({ ancestors: [prov.id, parts[1]!, g2.id], depth: 3, parent: g2.id });
  });
});

describe('a dissolution', () => {
  let parent: CreatedOrg, gone: CreatedOrg;

  beforeAll(async () => {
    const prov = await createOrg(p, { name: 'Tỉnh Giải Thể', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' });
    parent = await createOrg(p, { name: 'Huyện Còn', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' });
    gone = await createOrg(p, { name: 'Chi bộ cơ sở Hết', kind: 'GRASSROOTS_CELL', parentId: parent.id, effectiveOn: '2000-01-01' });
    await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: gone.id, effectiveOn: '2024-06-01' });
  });

  test('a dissolved organisation is null today but present the day before', async () => {
    const data = await read(p, `query($id: ID!) { now: organization(id: $id) { id } onDay: organization(id: $id, asOf: "2024-06-01") { id } last: organization(id: $id, asOf: "2024-05-31") { id name asOf validFrom validTo } }`, { id: gone.id });
    expect(data).toEqual({ now: null, onDay: null, last: { id: gone.id, name: 'Chi bộ cơ sở Hết', asOf: '2024-05-31', validFrom: '2000-01-01', validTo: '2024-06-01' } });
  });

  test("it leaves its parent's children on the day", async () => {
    expect(await childrenOn(parent.id, '2024-05-31')).toEqual([gone.id]);
    expect(await childrenOn(parent.id, '2024-06-01')).toEqual([]);
  });

  test('search finds it only while it existed', async () => {
    const q = `query($asOf: Date) { searchOrganizations(text: "chi bo co so het", asOf: $asOf) { id } }`;
    expect((await read(p, q, { asOf: '2024-05-31' })).searchOrganizations).toEqual([{ id: gone.id }]);
    expect((await read(p, q, { asOf: '2024-06-01' })).searchOrganizations).toEqual([]);
    expect((await read(p, q)).searchOrganizations).toEqual([]);
  });
});

describe('the 2025-07-01 reform: districts abolished, communes moved up and merged on one day', () => {
  test('communes moved under the province and merged the same day; the district dissolved', async () => {
    const day = '2025-07-01';
    const prov = await createOrg(p, { name: 'Tỉnh Cải Cách', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' });
    const district = await createOrg(p, { name: 'Huyện Bị Bỏ', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' });
    const [c1, c2] = await createMany(p, [
      { name: 'Xã Một', kind: 'COMMUNE', parentId: district.id, effectiveOn: '2000-01-01' },
      { name: 'Xã Hai', kind: 'COMMUNE', parentId: district.id, effectiveOn: '2000-01-01' },
    ]) as [CreatedOrg, CreatedOrg];
    const cell = await createOrg(p, { name: 'Chi bộ cơ sở xã Một', kind: 'GRASSROOTS_CELL', parentId: c1.id, effectiveOn: '2000-01-01' });

    await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: c1.id, newParentId: prov.id, effectiveOn: day });
    await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: c2.id, newParentId: prov.id, effectiveOn: day });
    await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: district.id, effectiveOn: day });
    const merged = await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [c1.id, c2.id], newOrganization: { code: `XA12-${Date.now()}`, name: 'Xã Một Hai' }, effectiveOn: day });

    expect(await childrenOn(prov.id, '2025-06-30')).toEqual([district.id]);
    expect(await childrenOn(prov.id, day)).toEqual([merged.organization.id]);
    expect(await ancestorsOn(cell.id, '2025-06-30')).toEqual({ ancestors: [prov.id, district.id, c1.id], depth: 3, parent: c1.id });
    expect(await ancestorsOn(cell.id, day)).toEqual({ ancestors: [prov.id, merged.organization.id], depth: 2, parent: merged.organization.id });
  });
});

describe('roots over time', () => {
  test('organizationRoots(asOf) shows the roots of that day only', async () => {
    const old = await createOrg(p, { name: 'Tỉnh Cũ', kind: 'PROVINCIAL', effectiveOn: '1975-01-01' });
    await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: old.id, effectiveOn: '1976-01-01' });
    const data = await read(p, `{ a: organizationRoots(asOf: "1975-06-01") { id asOf } b: organizationRoots(asOf: "1976-01-01") { id } }`);
    expect(data).toEqual({ a: [{ id: old.id, asOf: '1975-06-01' }], b: [] });
  });
});
