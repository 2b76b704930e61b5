/**
 * Every read path and every mutation payload of the organization subgraph,
 * through the gateway, as an administrator.
 */
import type { TestPlatform } from '@party/testing';
import { createMany, createOrg, mutate, names, ORG_FIELDS, read, startOrganizationPlatform, today, uniqueCode, type CreatedOrg } from './helpers';

let p: TestPlatform;
/** Ninh Thuận (2000-01-01) with three districts, grassroots committees and cells. */
let nt: CreatedOrg;
let ninhHai: CreatedOrg;
let phanRang: CreatedOrg;
let bacAi: CreatedOrg;
let hoHai: CreatedOrg;
let tanHai: CreatedOrg;
let cells: CreatedOrg[];
/** Another province, for `under` and code lookups. */
let kh: CreatedOrg;
let camRanh: CreatedOrg;

beforeAll(async () => {
  p = await startOrganizationPlatform();
  const on = '2000-01-01';
  nt = await createOrg(p, { name: 'Ninh Thuận', kind: 'PROVINCIAL', effectiveOn: on, sector: 'STATE_AGENCY' });
  kh = await createOrg(p, { name: 'Khánh Hòa', kind: 'PROVINCIAL', effectiveOn: on });
  [ninhHai, phanRang, bacAi, camRanh] = await createMany(p, [
    { name: 'Ninh Hải', kind: 'DISTRICT', parentId: nt.id, effectiveOn: on },
    { name: 'Phan Rang – Tháp Chàm', kind: 'DISTRICT', parentId: nt.id, effectiveOn: on },
    { name: 'Bác Ái', kind: 'DISTRICT', parentId: nt.id, effectiveOn: on },
    { name: 'Cam Ranh', kind: 'DISTRICT', parentId: kh.id, effectiveOn: on },
  ]);
  [hoHai, tanHai] = await createMany(p, [
    { name: 'Đảng bộ xã Hộ Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: on, sector: 'COMMUNE' },
    { name: 'Đảng bộ xã Tân Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: on, sector: 'COMMUNE' },
  ]);
  cells = await createMany(p, [
    { name: 'Chi bộ thôn Gò Đền', kind: 'CELL', parentId: hoHai.id, effectiveOn: on, sector: 'RESIDENTIAL_AREA' },
    { name: 'Chi bộ thôn Lương Cách', kind: 'CELL', parentId: hoHai.id, effectiveOn: on, sector: 'RESIDENTIAL_AREA' },
    { name: 'Chi bộ thôn Tri Thủy', kind: 'CELL', parentId: tanHai.id, effectiveOn: on, sector: 'RESIDENTIAL_AREA' },
  ]);
});
afterAll(() => p?.stop());

describe('organization(id | code)', () => {
  test('by id: every scalar field, as of today by default', async () => {
    const data = await read(p, `query($id: ID!) { organization(id: $id) { ${ORG_FIELDS} } }`, { id: nt.id });
    expect(data.organization).toEqual({
      id: nt.id,
      code: nt.code,
      name: 'Ninh Thuận',
      kind: 'PROVINCIAL',
      sector: 'STATE_AGENCY',
      depth: 0,
      validFrom: '2000-01-01',
      validTo: null,
      asOf: today(),
    });
  });

  test('by code, ignoring case and surrounding blanks', async () => {
    for (const code of [ninhHai.code, ninhHai.code.toLowerCase(), `  ${ninhHai.code.toLowerCase()} `]) {
      const data = await read(p, `query($code: String!) { organization(code: $code) { id name depth } }`, { code });
      expect(data.organization).toEqual({ id: ninhHai.id, name: 'Ninh Hải', depth: 1 });
    }
  });

  test('codes are stored upper-case, whatever case they were given in', async () => {
    const code = uniqueCode('lower').toLowerCase();
    const org = await createOrg(p, { name: 'Đảng bộ xã Nhơn Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, code, effectiveOn: '2000-01-01' });
    expect(org.code).toBe(code.toUpperCase());
  });

  test('unknown id, unknown code or a malformed id give null', async () => {
    const data = await read(
      p,
      `{ a: organization(id: "00000000-0000-4000-8000-000000000000") { id } b: organization(code: "NO-SUCH-CODE") { id } c: organization(id: "not-an-id") { id } }`,
    );
    expect(data).toEqual({ a: null, b: null, c: null });
  });
});

describe('organizationRoots', () => {
  test('lists the roots of the day, by name', async () => {
    const on = '1990-01-01';
    const a = await createOrg(p, { name: 'Tỉnh Zeta', kind: 'PROVINCIAL', effectiveOn: on });
    const b = await createOrg(p, { name: 'Tỉnh Alpha', kind: 'PROVINCIAL', effectiveOn: on });
    await createOrg(p, { name: 'Huyện không phải gốc', kind: 'DISTRICT', parentId: a.id, effectiveOn: on });
    const data = await read(p, `{ before: organizationRoots(asOf: "1990-01-01") { id name depth } earlier: organizationRoots(asOf: "1989-12-31") { id } }`);
    expect(data.before).toEqual([
      { id: b.id, name: 'Tỉnh Alpha', depth: 0 },
      { id: a.id, name: 'Tỉnh Zeta', depth: 0 },
    ]);
    expect(data.earlier).toEqual([]);
    const now = await read(p, `{ organizationRoots { id depth } }`);
    expect(now.organizationRoots.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([nt.id, kh.id, a.id, b.id]));
    expect(now.organizationRoots.every((r: { depth: number }) => r.depth === 0)).toBe(true);
  });
});

describe('searchOrganizations', () => {
  const search = `query($text: String!, $under: ID, $asOf: Date, $first: Int) { searchOrganizations(text: $text, under: $under, asOf: $asOf, first: $first) { id name } }`;

  test('"ninh hai" finds "Ninh Hải", whatever the case and diacritics', async () => {
    for (const text of ['ninh hai', 'NINH HẢI', 'hải ninh']) {
      const data = await read(p, search, { text });
      expect(data.searchOrganizations).toEqual([{ id: ninhHai.id, name: 'Ninh Hải' }]);
    }
  });

  test('"phan rang" finds "Phan Rang – Tháp Chàm"', async () => {
    const data = await read(p, search, { text: 'phan rang' });
    expect(data.searchOrganizations).toEqual([{ id: phanRang.id, name: 'Phan Rang – Tháp Chàm' }]);
    const data2 = await read(p, search, { text: 'thap cham' });
    expect(data2.searchOrganizations).toEqual([{ id: phanRang.id, name: 'Phan Rang – Tháp Chàm' }]);
  });

  test('finds by code', async () => {
    const data = await read(p, search, { text: bacAi.code.toLowerCase() });
    expect(data.searchOrganizations).toEqual([{ id: bacAi.id, name: 'Bác Ái' }]);
  });

  test('`under` restricts the search to a subtree', async () => {
    const all = await read(p, search, { text: 'chi bo thon' });
    expect(all.searchOrganizations.map((o: { name: string }) => o.name).sort()).toEqual(['Chi bộ thôn Gò Đền', 'Chi bộ thôn Lương Cách', 'Chi bộ thôn Tri Thủy']);
    const underHoHai = await read(p, search, { text: 'chi bo thon', under: hoHai.id });
    expect(underHoHai.searchOrganizations.map((o: { name: string }) => o.name).sort()).toEqual(['Chi bộ thôn Gò Đền', 'Chi bộ thôn Lương Cách']);
    const underKh = await read(p, search, { text: 'chi bo thon', under: kh.id });
    expect(underKh.searchOrganizations).toEqual([]);
    const districts = await read(p, search, { text: 'ranh', under: kh.id });
    expect(districts.searchOrganizations).toEqual([{ id: camRanh.id, name: 'Cam Ranh' }]);
  });

  test('no match gives an empty list', async () => {
    const data = await read(p, search, { text: 'Hà Giang' });
    expect(data.searchOrganizations).toEqual([]);
  });

  test('nothing is found before it existed', async () => {
    const data = await read(p, search, { text: 'ninh hai', asOf: '1999-12-31' });
    expect(data.searchOrganizations).toEqual([]);
  });

  test('`first` limits the results', async () => {
    const data = await read(p, search, { text: 'chi bo thon', first: 2 });
    expect(data.searchOrganizations).toHaveLength(2);
  });
});

describe('children', () => {
  let parent: CreatedOrg;
  // Ordered by name with diacritics folded: An Hải, Ấp 5, Bình, Cà Ná, Đông.
  const expected = ['Chi bộ An Hải', 'Chi bộ Ấp 5', 'Chi bộ Bình', 'Chi bộ Cà Ná', 'Chi bộ Đông'];
  const page = `query($id: ID!, $first: Int, $after: String) { organization(id: $id) { children(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name parent { id } asOf } } } } }`;

  beforeAll(async () => {
    parent = await createOrg(p, { name: 'Đảng bộ xã Phương Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2001-01-01' });
    await createMany(
      p,
      ['Chi bộ Đông', 'Chi bộ Bình', 'Chi bộ Ấp 5', 'Chi bộ Cà Ná', 'Chi bộ An Hải'].map((name) => ({ name, kind: 'CELL', parentId: parent.id, effectiveOn: '2001-01-01' })),
    );
  });

  test('without paging: all of them, ordered by name', async () => {
    const data = await read(p, page, { id: parent.id });
    const conn = data.organization.children;
    expect(names(conn)).toEqual(expected);
    expect(conn.totalCount).toBe(5);
    expect(conn.pageInfo.hasNextPage).toBe(false);
    expect(conn.pageInfo.endCursor).toBe(conn.edges[4].cursor);
    expect(conn.edges.every((e: { node: { parent: { id: string } } }) => e.node.parent.id === parent.id)).toBe(true);
  });

  test('Relay paging with first/after walks every child once, in order', async () => {
    const seen: string[] = [];
    const pages: { n: number; hasNextPage: boolean; totalCount: number }[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const data: any = await read(p, page, { id: parent.id, first: 2, after });
      const conn: any = data.organization.children;
      seen.push(...names(conn));
      pages.push({ n: conn.edges.length, hasNextPage: conn.pageInfo.hasNextPage, totalCount: conn.totalCount });
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toEqual([
      { n: 2, hasNextPage: true, totalCount: 5 },
      { n: 2, hasNextPage: true, totalCount: 5 },
      { n: 1, hasNextPage: false, totalCount: 5 },
    ]);
  });

  test('totalCount counts all children even on an empty page past the end', async () => {
    const all = await read(p, page, { id: parent.id });
    const last = all.organization.children.pageInfo.endCursor;
    const data = await read(p, page, { id: parent.id, first: 2, after: last });
    expect(data.organization.children).toEqual({ totalCount: 5, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  test('a name that is the beginning of another sorts first, whatever the codes', async () => {
    const gc = await createOrg(p, { name: 'Đảng bộ xã Xuân Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2001-01-01' });
    // Codes chosen so that "name + code" orders the other way round than the names do.
    await createMany(p, [
      { name: 'Chi bộ Hải', kind: 'CELL', parentId: gc.id, effectiveOn: '2001-01-01', code: uniqueCode('ZZ') },
      { name: 'Chi bộ Hải Đông', kind: 'CELL', parentId: gc.id, effectiveOn: '2001-01-01', code: uniqueCode('AA') },
      { name: 'Chi bộ Hải An', kind: 'CELL', parentId: gc.id, effectiveOn: '2001-01-01', code: uniqueCode('BB') },
    ]);
    const data = await read(p, page, { id: gc.id });
    expect(names(data.organization.children)).toEqual(['Chi bộ Hải', 'Chi bộ Hải An', 'Chi bộ Hải Đông']);
  });

  test('a cell has no children; a bad cursor is BAD_USER_INPUT', async () => {
    const data = await read(p, page, { id: cells[0]!.id });
    expect(data.organization.children).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    const res = await p.query(page, { id: parent.id, after: 'garbage' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('descendants', () => {
  const q = `query($id: ID!, $maxDepth: Int, $kinds: [OrganizationKind!], $first: Int, $after: String) {
    organization(id: $id) { descendants(maxDepth: $maxDepth, kinds: $kinds, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name kind depth parent { id } } } } } }`;

  test('everything under Ninh Hải, in tree order (every node after its parent)', async () => {
    const data = await read(p, q, { id: ninhHai.id });
    const conn = data.organization.descendants;
    const nodes: { id: string; name: string; depth: number; parent: { id: string } }[] = conn.edges.map((e: { node: unknown }) => e.node);
    expect(conn.totalCount).toBe(nodes.length);
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining([hoHai.id, tanHai.id, ...cells.map((c) => c.id)]));
    expect(nodes.map((n) => n.id)).not.toContain(ninhHai.id);
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) {
      if (n.parent.id === ninhHai.id) expect(n.depth).toBe(2);
      else expect(index.get(n.parent.id)).toBeLessThan(index.get(n.id)!);
    }
    // Each grassroots committee is directly followed by its own cells.
    const hoHaiAt = index.get(hoHai.id)!;
    expect(nodes.slice(hoHaiAt + 1, hoHaiAt + 3).map((n) => n.parent.id)).toEqual([hoHai.id, hoHai.id]);
  });

  test('maxDepth limits the levels; kinds filters', async () => {
    const d1 = await read(p, q, { id: nt.id, maxDepth: 1 });
    expect(d1.organization.descendants.totalCount).toBe(3);
    expect(names(d1.organization.descendants).sort()).toEqual(['Bác Ái', 'Ninh Hải', 'Phan Rang – Tháp Chàm']);

    const cellsOnly = await read(p, q, { id: nt.id, kinds: ['CELL'] });
    expect(cellsOnly.organization.descendants.edges.every((e: { node: { kind: string } }) => e.node.kind === 'CELL')).toBe(true);
    expect(cellsOnly.organization.descendants.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expect.arrayContaining(cells.map((c) => c.id)));

    const d2committees = await read(p, q, { id: nt.id, maxDepth: 2, kinds: ['GRASSROOTS_COMMITTEE'] });
    const committees = d2committees.organization.descendants.edges.map((e: { node: { depth: number; kind: string } }) => e.node);
    expect(committees.map((n: { kind: string }) => n.kind)).toEqual(committees.map(() => 'GRASSROOTS_COMMITTEE'));
    expect(committees.every((n: { depth: number }) => n.depth === 2)).toBe(true);
    expect(d2committees.organization.descendants.totalCount).toBe(committees.length);
    expect(committees.length).toBeGreaterThanOrEqual(2);

    const none = await read(p, q, { id: nt.id, maxDepth: 1, kinds: ['CELL'] });
    expect(none.organization.descendants).toMatchObject({ totalCount: 0, edges: [] });
  });

  test('paging gives the same list as one page, and totalCount on every page', async () => {
    const whole = await read(p, q, { id: nt.id });
    const all = whole.organization.descendants.edges.map((e: { node: { id: string } }) => e.node.id);
    const total = whole.organization.descendants.totalCount;
    expect(total).toBe(all.length);
    expect(total).toBeGreaterThanOrEqual(10);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await read(p, q, { id: nt.id, first: 3, after });
      const conn: any = data.organization.descendants;
      expect(conn.totalCount).toBe(total);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  test('maxDepth below 1 is BAD_USER_INPUT', async () => {
    const res = await p.query(q, { id: nt.id, maxDepth: 0 });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxDepth' });
  });
});

describe('position in the tree', () => {
  test('ancestors root first, parent and depth', async () => {
    const data = await read(p, `query($id: ID!) { organization(id: $id) { depth parent { id name } ancestors { id name depth } } }`, { id: cells[0]!.id });
    expect(data.organization).toEqual({
      depth: 3,
      parent: { id: hoHai.id, name: 'Đảng bộ xã Hộ Hải' },
      ancestors: [
        { id: nt.id, name: 'Ninh Thuận', depth: 0 },
        { id: ninhHai.id, name: 'Ninh Hải', depth: 1 },
        { id: hoHai.id, name: 'Đảng bộ xã Hộ Hải', depth: 2 },
      ],
    });
    const root = await read(p, `query($id: ID!) { organization(id: $id) { parent { id } ancestors { id } } }`, { id: nt.id });
    expect(root.organization).toEqual({ parent: null, ancestors: [] });
  });
});

describe('history', () => {
  test('validFrom/validTo and changes: establish, rename, move, dissolve', async () => {
    const gc = await createOrg(p, { name: 'Đảng bộ xã Phước Dinh', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2010-03-01', decisionRef: '100-QĐ/TU' });
    await mutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gc.id, name: 'Đảng bộ xã Phước Dinh mới', effectiveOn: '2012-05-01', decisionRef: '200-QĐ/TU', note: 'đổi tên' });
    await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: gc.id, newParentId: bacAi.id, effectiveOn: '2014-07-01', decisionRef: '300-QĐ/TU' });
    await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: gc.id, effectiveOn: '2016-09-01', decisionRef: '400-QĐ/TU' });

    const data = await read(
      p,
      `query($id: ID!) { organization(id: $id, asOf: "2016-08-31") { name validFrom validTo changes {
          type effectiveOn decisionRef note recordedBy previousName newName previousKind newKind
          previousParent { id name asOf } newParent { id name asOf } } } }`,
      { id: gc.id },
    );
    const org = data.organization;
    expect({ name: org.name, validFrom: org.validFrom, validTo: org.validTo }).toEqual({ name: 'Đảng bộ xã Phước Dinh mới', validFrom: '2010-03-01', validTo: '2016-09-01' });
    const gcKind = 'GRASSROOTS_COMMITTEE';
    expect(org.changes).toEqual([
      {
        type: 'ESTABLISH', effectiveOn: '2010-03-01', decisionRef: '100-QĐ/TU', note: null, recordedBy: 'test-admin',
        previousName: null, newName: 'Đảng bộ xã Phước Dinh', previousKind: null, newKind: gcKind,
        previousParent: null, newParent: { id: ninhHai.id, name: 'Ninh Hải', asOf: '2010-03-01' },
      },
      {
        type: 'RENAME', effectiveOn: '2012-05-01', decisionRef: '200-QĐ/TU', note: 'đổi tên', recordedBy: 'test-admin',
        previousName: 'Đảng bộ xã Phước Dinh', newName: 'Đảng bộ xã Phước Dinh mới', previousKind: gcKind, newKind: gcKind,
        previousParent: { id: ninhHai.id, name: 'Ninh Hải', asOf: '2012-04-30' }, newParent: { id: ninhHai.id, name: 'Ninh Hải', asOf: '2012-05-01' },
      },
      {
        type: 'MOVE', effectiveOn: '2014-07-01', decisionRef: '300-QĐ/TU', note: null, recordedBy: 'test-admin',
        previousName: 'Đảng bộ xã Phước Dinh mới', newName: 'Đảng bộ xã Phước Dinh mới', previousKind: gcKind, newKind: gcKind,
        previousParent: { id: ninhHai.id, name: 'Ninh Hải', asOf: '2014-06-30' }, newParent: { id: bacAi.id, name: 'Bác Ái', asOf: '2014-07-01' },
      },
      {
        type: 'DISSOLVE', effectiveOn: '2016-09-01', decisionRef: '400-QĐ/TU', note: null, recordedBy: 'test-admin',
        previousName: 'Đảng bộ xã Phước Dinh mới', newName: null, previousKind: gcKind, newKind: null,
        previousParent: { id: bacAi.id, name: 'Bác Ái', asOf: '2016-08-31' }, newParent: null,
      },
    ]);
    const before = await read(p, `query($id: ID!) { a: organization(id: $id, asOf: "2010-02-28") { id } b: organization(id: $id, asOf: "2013-01-01") { name parent { id } } }`, { id: gc.id });
    expect(before).toEqual({ a: null, b: { name: 'Đảng bộ xã Phước Dinh mới', parent: { id: ninhHai.id } } });
  });

  test('predecessors and successors after a merge', async () => {
    const [a, b, t] = await createMany(p, [
      { name: 'Đảng bộ xã Vĩnh Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2005-01-01' },
      { name: 'Đảng bộ xã Thanh Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2005-01-01' },
      { name: 'Đảng bộ xã Hải Ninh', kind: 'GRASSROOTS_COMMITTEE', parentId: ninhHai.id, effectiveOn: '2005-01-01' },
    ]);
    await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [a!.id, b!.id], targetId: t!.id, effectiveOn: '2018-01-01', decisionRef: 'M-1' });
    const data = await read(
      p,
      `query($a: ID!, $t: ID!) {
         t: organization(id: $t) { predecessors { id name asOf validTo } successors { id } changes { type predecessors { id } successors { id } } }
         a: organization(id: $a, asOf: "2017-12-31") { successors { id name asOf } predecessors { id } }
       }`,
      { a: a!.id, t: t!.id },
    );
    const preds = [...data.t.predecessors].sort((x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name));
    expect(preds).toEqual([
      { id: b!.id, name: 'Đảng bộ xã Thanh Hải', asOf: '2017-12-31', validTo: '2018-01-01' },
      { id: a!.id, name: 'Đảng bộ xã Vĩnh Hải', asOf: '2017-12-31', validTo: '2018-01-01' },
    ]);
    expect(data.t.successors).toEqual([]);
    expect(data.t.changes.map((c: { type: string }) => c.type)).toEqual(['ESTABLISH', 'MERGE']);
    expect(data.t.changes[1].predecessors.map((o: { id: string }) => o.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(data.t.changes[1].successors).toEqual([{ id: t!.id }]);
    expect(data.a).toEqual({ successors: [{ id: t!.id, name: 'Đảng bộ xã Hải Ninh', asOf: '2018-01-01' }], predecessors: [] });
  });
});

describe('mutation payloads', () => {
  const full = `organization { ${ORG_FIELDS} parent { id } } organizations { id name kind validFrom validTo } change { type effectiveOn decisionRef previousName newName previousKind newKind }`;
  let prov: CreatedOrg;
  let d1: CreatedOrg;
  let d2: CreatedOrg;

  beforeAll(async () => {
    prov = await createOrg(p, { name: 'Tỉnh Thử Nghiệm', kind: 'PROVINCIAL', effectiveOn: '2000-01-01' });
    [d1, d2] = await createMany(p, [
      { name: 'Huyện Một', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' },
      { name: 'Huyện Hai', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2000-01-01' },
    ]);
  });

  test('createOrganization returns the new organisation and an ESTABLISH change', async () => {
    const code = uniqueCode('NEW');
    const out = await mutate(p, 'createOrganization', 'CreateOrganizationInput', { parentId: d1!.id, code, name: 'Đảng bộ xã Mới', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', effectiveOn: '2021-02-03', decisionRef: '5-QĐ/HU' }, full);
    expect(out.organization).toEqual({
      id: expect.any(String), code, name: 'Đảng bộ xã Mới', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', depth: 2,
      validFrom: '2021-02-03', validTo: null, asOf: '2021-02-03', parent: { id: d1!.id },
    });
    expect(out.organizations).toEqual([]);
    expect(out.change).toEqual({ type: 'ESTABLISH', effectiveOn: '2021-02-03', decisionRef: '5-QĐ/HU', previousName: null, newName: 'Đảng bộ xã Mới', previousKind: null, newKind: 'GRASSROOTS_COMMITTEE' });
  });

  test('renameOrganization', async () => {
    const gc = await createOrg(p, { name: 'Tên cũ', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id });
    const out = await mutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gc.id, name: '  Tên mới  ', effectiveOn: '2021-03-01' }, full);
    expect(out.organization).toMatchObject({ id: gc.id, code: gc.code, name: 'Tên mới', asOf: '2021-03-01', validFrom: '2020-01-01' });
    expect(out.change).toMatchObject({ type: 'RENAME', effectiveOn: '2021-03-01', previousName: 'Tên cũ', newName: 'Tên mới' });
    const now = await read(p, `query($id: ID!) { organization(id: $id) { name } old: organization(id: $id, asOf: "2021-02-28") { name } }`, { id: gc.id });
    expect(now).toEqual({ organization: { name: 'Tên mới' }, old: { name: 'Tên cũ' } });
  });

  test('moveOrganization moves the subtree; depth and parent follow', async () => {
    const gc = await createOrg(p, { name: 'Đảng bộ cơ sở di chuyển', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id });
    const cell = await createOrg(p, { name: 'Chi bộ đi theo', kind: 'CELL', parentId: gc.id });
    const out = await mutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: gc.id, newParentId: d2!.id, effectiveOn: '2021-04-01' }, full);
    expect(out.organization).toMatchObject({ id: gc.id, depth: 2, parent: { id: d2!.id }, asOf: '2021-04-01' });
    expect(out.change).toMatchObject({ type: 'MOVE', effectiveOn: '2021-04-01' });
    const data = await read(p, `query($id: ID!) { organization(id: $id) { depth ancestors { id } } }`, { id: cell.id });
    expect(data.organization).toEqual({ depth: 3, ancestors: [{ id: prov.id }, { id: d2!.id }, { id: gc.id }] });
  });

  test('changeOrganizationKind: UPGRADE grassroots cell → committee, then DOWNGRADE back', async () => {
    const gcell = await createOrg(p, { name: 'Chi bộ cơ sở trường học', kind: 'GRASSROOTS_CELL', parentId: d1!.id, sector: 'SCHOOL' });
    const up = await mutate(p, 'changeOrganizationKind', 'ChangeOrganizationKindInput', { id: gcell.id, kind: 'GRASSROOTS_COMMITTEE', effectiveOn: '2021-05-01' }, full);
    expect(up.organization).toMatchObject({ id: gcell.id, kind: 'GRASSROOTS_COMMITTEE', sector: 'SCHOOL', asOf: '2021-05-01' });
    expect(up.change).toMatchObject({ type: 'UPGRADE', previousKind: 'GRASSROOTS_CELL', newKind: 'GRASSROOTS_COMMITTEE' });
    const down = await mutate(p, 'changeOrganizationKind', 'ChangeOrganizationKindInput', { id: gcell.id, kind: 'GRASSROOTS_CELL', effectiveOn: '2022-05-01' }, full);
    expect(down.organization).toMatchObject({ kind: 'GRASSROOTS_CELL', asOf: '2022-05-01' });
    expect(down.change).toMatchObject({ type: 'DOWNGRADE', previousKind: 'GRASSROOTS_COMMITTEE', newKind: 'GRASSROOTS_CELL' });
    const kinds = await read(p, `query($id: ID!) { a: organization(id: $id, asOf: "2021-04-30") { kind } b: organization(id: $id, asOf: "2021-05-01") { kind } c: organization(id: $id) { kind changes { type } } }`, { id: gcell.id });
    expect(kinds).toEqual({ a: { kind: 'GRASSROOTS_CELL' }, b: { kind: 'GRASSROOTS_COMMITTEE' }, c: { kind: 'GRASSROOTS_CELL', changes: [{ type: 'ESTABLISH' }, { type: 'UPGRADE' }, { type: 'DOWNGRADE' }] } });
  });

  test('mergeOrganizations into an existing target moves the sources\' children', async () => {
    const [s1, s2, t] = await createMany(p, [
      { name: 'Nguồn Một', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id },
      { name: 'Nguồn Hai', kind: 'GRASSROOTS_CELL', parentId: d2!.id },
      { name: 'Đích', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id },
    ]);
    const kid = await createOrg(p, { name: 'Chi bộ của Nguồn Một', kind: 'CELL', parentId: s1!.id });
    const out = await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [s1!.id, s2!.id], targetId: t!.id, effectiveOn: '2021-06-01' }, full);
    expect(out.organization).toMatchObject({ id: t!.id, name: 'Đích', validTo: null, asOf: '2021-06-01' });
    expect(out.organizations).toEqual([{ id: t!.id, name: 'Đích', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2020-01-01', validTo: null }]);
    expect(out.change).toMatchObject({ type: 'MERGE', effectiveOn: '2021-06-01' });
    const data = await read(p, `query($s1: ID!, $s2: ID!, $t: ID!) { s1: organization(id: $s1) { id } s2: organization(id: $s2) { id } t: organization(id: $t) { children { edges { node { id } } } } old: organization(id: $s1, asOf: "2021-05-31") { validTo children { totalCount } } }`, { s1: s1!.id, s2: s2!.id, t: t!.id });
    expect(data).toEqual({ s1: null, s2: null, t: { children: { edges: [{ node: { id: kid.id } }] } }, old: { validTo: '2021-06-01', children: { totalCount: 1 } } });
  });

  test('mergeOrganizations into a new organisation', async () => {
    const [s1, s2] = await createMany(p, [
      { name: 'Xã Gộp A', kind: 'GRASSROOTS_COMMITTEE', parentId: d2!.id },
      { name: 'Xã Gộp B', kind: 'GRASSROOTS_COMMITTEE', parentId: d2!.id },
    ]);
    const [k1, k2] = await createMany(p, [
      { name: 'Chi bộ A1', kind: 'CELL', parentId: s1!.id },
      { name: 'Chi bộ B1', kind: 'CELL', parentId: s2!.id },
    ]);
    const code = uniqueCode('MERGED');
    const out = await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [s1!.id, s2!.id], newOrganization: { code, name: 'Xã Gộp AB' }, effectiveOn: '2021-07-01' }, full);
    expect(out.organization).toMatchObject({ code, name: 'Xã Gộp AB', kind: 'GRASSROOTS_COMMITTEE', depth: 2, parent: { id: d2!.id }, validFrom: '2021-07-01', validTo: null, asOf: '2021-07-01' });
    expect(out.organizations).toEqual([{ id: out.organization.id, name: 'Xã Gộp AB', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2021-07-01', validTo: null }]);
    expect(out.change).toMatchObject({ type: 'MERGE', previousName: null, newName: 'Xã Gộp AB' });
    const data = await read(p, `query($id: ID!) { organization(id: $id) { children { edges { node { id } } } predecessors { id } } }`, { id: out.organization.id });
    expect(data.organization.children.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([k1!.id, k2!.id].sort());
    expect(data.organization.predecessors.map((o: { id: string }) => o.id).sort()).toEqual([s1!.id, s2!.id].sort());
  });

  test('splitOrganization dissolving the source distributes its children', async () => {
    const src = await createOrg(p, { name: 'Đảng bộ lớn', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id });
    const [c1, c2, c3] = await createMany(p, [
      { name: 'Chi bộ 1', kind: 'CELL', parentId: src.id },
      { name: 'Chi bộ 2', kind: 'CELL', parentId: src.id },
      { name: 'Chi bộ 3', kind: 'CELL', parentId: src.id },
    ]);
    const [codeA, codeB] = [uniqueCode('PARTA'), uniqueCode('PARTB')];
    const out = await mutate(
      p,
      'splitOrganization',
      'SplitOrganizationInput',
      { id: src.id, effectiveOn: '2021-08-01', parts: [{ code: codeA, name: 'Phần A', childIds: [c1!.id, c2!.id] }, { code: codeB, name: 'Phần B', childIds: [c3!.id], parentId: d2!.id }] },
      full,
    );
    // The source is shown as it stood the day before it ceased to exist.
    expect(out.organization).toMatchObject({ id: src.id, name: 'Đảng bộ lớn', validTo: '2021-08-01', asOf: '2021-07-31' });
    expect(out.organizations).toEqual([
      { id: expect.any(String), name: 'Phần A', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2021-08-01', validTo: null },
      { id: expect.any(String), name: 'Phần B', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2021-08-01', validTo: null },
    ]);
    expect(out.change).toMatchObject({ type: 'SPLIT', effectiveOn: '2021-08-01' });
    const [a, b] = out.organizations.map((o: { id: string }) => o.id);
    const data = await read(
      p,
      `query($a: ID!, $b: ID!, $src: ID!) { a: organization(id: $a) { parent { id } children { edges { node { id } } } predecessors { id } }
         b: organization(id: $b) { parent { id } children { edges { node { id } } } }
         src: organization(id: $src) { id } old: organization(id: $src, asOf: "2021-07-31") { successors { id } } }`,
      { a, b, src: src.id },
    );
    expect(data.a).toEqual({ parent: { id: d1!.id }, children: { edges: [{ node: { id: c1!.id } }, { node: { id: c2!.id } }] }, predecessors: [{ id: src.id }] });
    expect(data.b).toEqual({ parent: { id: d2!.id }, children: { edges: [{ node: { id: c3!.id } }] } });
    expect(data.src).toBeNull();
    expect(data.old.successors.map((o: { id: string }) => o.id).sort()).toEqual([a, b].sort());
  });

  test('splitOrganization with keepSource splits a part off and keeps the source', async () => {
    const src = await createOrg(p, { name: 'Đảng bộ giữ lại', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id });
    const [c1, c2] = await createMany(p, [
      { name: 'Chi bộ ở lại', kind: 'CELL', parentId: src.id },
      { name: 'Chi bộ tách ra', kind: 'CELL', parentId: src.id },
    ]);
    const out = await mutate(p, 'splitOrganization', 'SplitOrganizationInput', { id: src.id, keepSource: true, effectiveOn: '2021-09-01', parts: [{ code: uniqueCode('OFF'), name: 'Phần tách', childIds: [c2!.id] }] }, full);
    expect(out.organization).toMatchObject({ id: src.id, validTo: null, asOf: '2021-09-01' });
    expect(out.organizations).toEqual([{ id: expect.any(String), name: 'Phần tách', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2021-09-01', validTo: null }]);
    const data = await read(p, `query($id: ID!, $part: ID!) { organization(id: $id) { validTo children { edges { node { id } } } successors { id } } part: organization(id: $part) { children { edges { node { id } } } } }`, { id: src.id, part: out.organizations[0].id });
    expect(data).toEqual({
      organization: { validTo: null, children: { edges: [{ node: { id: c1!.id } }] }, successors: [{ id: out.organizations[0].id }] },
      part: { children: { edges: [{ node: { id: c2!.id } }] } },
    });
  });

  test('dissolveOrganization shows the organisation on its last day and names the successor', async () => {
    const [gone, heir] = await createMany(p, [
      { name: 'Đảng bộ giải thể', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id },
      { name: 'Đảng bộ tiếp nhận', kind: 'GRASSROOTS_COMMITTEE', parentId: d1!.id },
    ]);
    const out = await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: gone!.id, successorId: heir!.id, effectiveOn: '2021-10-01', decisionRef: '9-QĐ/HU' }, full);
    expect(out.organization).toMatchObject({ id: gone!.id, name: 'Đảng bộ giải thể', validFrom: '2020-01-01', validTo: '2021-10-01', asOf: '2021-09-30' });
    expect(out.organizations).toEqual([{ id: heir!.id, name: 'Đảng bộ tiếp nhận', kind: 'GRASSROOTS_COMMITTEE', validFrom: '2020-01-01', validTo: null }]);
    expect(out.change).toEqual({ type: 'DISSOLVE', effectiveOn: '2021-10-01', decisionRef: '9-QĐ/HU', previousName: 'Đảng bộ giải thể', newName: null, previousKind: 'GRASSROOTS_COMMITTEE', newKind: null });
    const data = await read(p, `query($id: ID!, $heir: ID!) { organization(id: $id) { id } heir: organization(id: $heir) { predecessors { id asOf } } }`, { id: gone!.id, heir: heir!.id });
    expect(data).toEqual({ organization: null, heir: { predecessors: [{ id: gone!.id, asOf: '2021-09-30' }] } });
  });
});
