/**
 * Bad input: each one is a GraphQL error with `extensions.code` and
 * `extensions.field`, and nothing is written: the tree and every `changes`
 * list read the same afterwards.
 */
import type { TestPlatform } from '@party/testing';
import { createInput, createMany, createOrg, expectError, mutate, read, startOrganizationPlatform, today, treeSnapshot, tryMutate, uniqueCode, type CreatedOrg } from './helpers';

let p: TestPlatform;
let prov: CreatedOrg;
let district: CreatedOrg;
let other: CreatedOrg;
let gc: CreatedOrg;
let sub: CreatedOrg;
let cell: CreatedOrg;
let gcell: CreatedOrg;
let closed: CreatedOrg;

/** The days the snapshot compares: before anything, each day something happened, today. */
const DAYS = ['1999-12-31', '2010-01-01', '2014-12-31', '2015-01-01', '2020-06-01', '2021-01-01', today()];

beforeAll(async () => {
  p = await startOrganizationPlatform();
  prov = await createOrg(p, { name: 'Tỉnh Kiểm Tra', kind: 'PROVINCIAL', effectiveOn: '2010-01-01' });
  [district, other, closed] = await createMany(p, [
    { name: 'Huyện Kiểm Tra', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2010-01-01' },
    { name: 'Huyện Bên Cạnh', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2010-01-01' },
    { name: 'Huyện Đã Giải Thể', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2010-01-01' },
  ]) as CreatedOrg[] as [CreatedOrg, CreatedOrg, CreatedOrg];
  [gc, gcell] = await createMany(p, [
    { name: 'Đảng bộ cơ sở Một', kind: 'GRASSROOTS_COMMITTEE', parentId: district.id, effectiveOn: '2010-01-01' },
    { name: 'Chi bộ cơ sở Hai', kind: 'GRASSROOTS_CELL', parentId: district.id, effectiveOn: '2010-01-01' },
  ]) as [CreatedOrg, CreatedOrg];
  sub = await createOrg(p, { name: 'Đảng bộ bộ phận', kind: 'SUB_COMMITTEE', parentId: gc.id, effectiveOn: '2010-01-01' });
  cell = await createOrg(p, { name: 'Chi bộ Ba', kind: 'CELL', parentId: sub.id, effectiveOn: '2010-01-01' });
  await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: closed.id, effectiveOn: '2015-01-01' });
  await mutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gcell.id, name: 'Chi bộ cơ sở Hai (mới)', effectiveOn: '2020-06-01' });
});
afterAll(() => p?.stop());

/** Runs `attempt`, checks its error, and checks that the tree and its history did not change. */
async function rejected(attempt: () => Promise<{ errors?: { message: string; extensions?: Record<string, any> }[] }>, code: string, field?: string) {
  const before = await treeSnapshot(p, DAYS);
  const res = await attempt();
  const error = expectError(res, code, field);
  expect(await treeSnapshot(p, DAYS)).toEqual(before);
  return error;
}

const create = (input: Parameters<typeof createInput>[0] & Record<string, unknown>) => () => tryMutate(p, 'createOrganization', 'CreateOrganizationInput', createInput(input));

describe('createOrganization', () => {
  test('unknown parent: NOT_FOUND on input.parentId', async () => {
    await rejected(create({ name: 'Mồ côi', kind: 'DISTRICT', parentId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', 'input.parentId');
  });

  test('a parent id that is not an id: BAD_USER_INPUT on input.parentId', async () => {
    await rejected(create({ name: 'Mồ côi', kind: 'DISTRICT', parentId: 'abc' }), 'BAD_USER_INPUT', 'input.parentId');
  });

  test('duplicate code (in any case): CONFLICT on input.code', async () => {
    await rejected(create({ name: 'Trùng mã', kind: 'DISTRICT', parentId: prov.id, code: district.code }), 'CONFLICT', 'input.code');
    await rejected(create({ name: 'Trùng mã', kind: 'DISTRICT', parentId: prov.id, code: district.code.toLowerCase() }), 'CONFLICT', 'input.code');
  });

  test('the same new code sent twice at once: one is created, the other is a CONFLICT on input.code', async () => {
    const code = uniqueCode('RACE');
    const input = (name: string) => createInput({ name, kind: 'GRASSROOTS_CELL', parentId: other.id, code });
    const results = await Promise.all([
      tryMutate(p, 'createOrganization', 'CreateOrganizationInput', input('Đua một')),
      tryMutate(p, 'createOrganization', 'CreateOrganizationInput', input('Đua hai')),
    ]);
    const outcomes = results.map((r) => (r.errors ? `${r.errors[0]!.extensions?.code} ${r.errors[0]!.extensions?.field}` : 'created')).sort();
    expect(outcomes).toEqual(['CONFLICT input.code', 'created']);
    const found = await read(p, `query($code: String!) { organization(code: $code) { changes { type } } }`, { code });
    expect(found.organization.changes).toEqual([{ type: 'ESTABLISH' }]);
  });

  test('malformed code: BAD_USER_INPUT on input.code', async () => {
    await rejected(create({ name: 'Mã xấu', kind: 'DISTRICT', parentId: prov.id, code: 'has space' }), 'BAD_USER_INPUT', 'input.code');
  });

  test('a CELL under a DISTRICT: BAD_USER_INPUT on input.kind', async () => {
    const e = await rejected(create({ name: 'Chi bộ sai chỗ', kind: 'CELL', parentId: district.id }), 'BAD_USER_INPUT', 'input.kind');
    expect(e.message).toContain('GRASSROOTS_COMMITTEE or SUB_COMMITTEE');
  });

  test('a DISTRICT as a root: BAD_USER_INPUT on input.kind', async () => {
    await rejected(create({ name: 'Huyện không cha', kind: 'DISTRICT' }), 'BAD_USER_INPUT', 'input.kind');
  });

  test('effective before the parent existed: input.effectiveOn', async () => {
    const e = await rejected(create({ name: 'Quá sớm', kind: 'DISTRICT', parentId: prov.id, effectiveOn: '2009-12-31' }), 'BAD_USER_INPUT', 'input.effectiveOn');
    expect(e.message).toContain('2010-01-01');
  });

  test('effective on or after the day the parent was dissolved: input.effectiveOn', async () => {
    await rejected(create({ name: 'Đúng ngày', kind: 'GRASSROOTS_COMMITTEE', parentId: closed.id, effectiveOn: '2015-01-01' }), 'BAD_USER_INPUT', 'input.effectiveOn');
    const e = await rejected(create({ name: 'Quá muộn', kind: 'GRASSROOTS_COMMITTEE', parentId: closed.id, effectiveOn: '2016-01-01' }), 'BAD_USER_INPUT', 'input.effectiveOn');
    expect(e.message).toContain('2015-01-01');
  });

  test('empty, blank and 10,000-character names: input.name', async () => {
    await rejected(create({ name: '', kind: 'DISTRICT', parentId: prov.id }), 'BAD_USER_INPUT', 'input.name');
    await rejected(create({ name: '   ', kind: 'DISTRICT', parentId: prov.id }), 'BAD_USER_INPUT', 'input.name');
    const e = await rejected(create({ name: 'x'.repeat(10_000), kind: 'DISTRICT', parentId: prov.id }), 'BAD_USER_INPUT', 'input.name');
    expect(e.message.length).toBeLessThan(500);
  });

  test('every offending field is listed in extensions.problems', async () => {
    const e = await rejected(create({ name: '', kind: 'DISTRICT', parentId: prov.id, code: '!!', decisionRef: '' }), 'BAD_USER_INPUT');
    expect(e.extensions!.problems.map((x: { field: string }) => x.field).sort()).toEqual(['input.code', 'input.decisionRef', 'input.name']);
  });
});

describe('malformed dates', () => {
  for (const bad of ['2024-13-45', '2024-02-30', 'yesterday']) {
    test(`effectiveOn "${bad}": BAD_USER_INPUT naming input.effectiveOn or the value`, async () => {
      const e = await rejected(create({ name: 'Ngày sai', kind: 'DISTRICT', parentId: prov.id, effectiveOn: bad }), 'BAD_USER_INPUT');
      expect(e.message.includes('input.effectiveOn') || e.message.includes(bad)).toBe(true);
    });
  }

  test('asOf "2024-02-30" in a query: BAD_USER_INPUT naming the value', async () => {
    const res = await p.query(`query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { id } }`, { id: prov.id, asOf: '2024-02-30' });
    const e = expectError(res, 'BAD_USER_INPUT');
    expect(e.message).toContain('2024-02-30');
  });
});

describe('moveOrganization', () => {
  const move = (id: string, newParentId: string, effectiveOn = '2021-01-01') => () => tryMutate(p, 'moveOrganization', 'MoveOrganizationInput', { id, newParentId, effectiveOn });

  test('under its own descendant or itself: BAD_USER_INPUT on input.newParentId', async () => {
    // A grassroots committee under its own sub-committee is also a kind error; the cycle is reported first.
    await rejected(move(gc.id, sub.id), 'BAD_USER_INPUT', 'input.newParentId');
    await rejected(move(gc.id, gc.id), 'BAD_USER_INPUT', 'input.newParentId');
  });

  test('under a parent of a kind it may not sit under: input.newParentId', async () => {
    await rejected(move(cell.id, district.id), 'BAD_USER_INPUT', 'input.newParentId');
  });

  test('under its current parent: input.newParentId', async () => {
    await rejected(move(gc.id, district.id), 'BAD_USER_INPUT', 'input.newParentId');
  });

  test('unknown organisation: NOT_FOUND on input.id', async () => {
    await rejected(move('00000000-0000-4000-8000-000000000000', other.id), 'NOT_FOUND', 'input.id');
  });
});

describe('changes out of date order', () => {
  test('a rename effective before a later recorded rename: CONFLICT on input.effectiveOn', async () => {
    await rejected(() => tryMutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gcell.id, name: 'Tên lùi ngày', effectiveOn: '2019-01-01' }), 'CONFLICT', 'input.effectiveOn');
  });

  test('a move effective before a later recorded change: CONFLICT on input.effectiveOn', async () => {
    await rejected(() => tryMutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: gcell.id, newParentId: other.id, effectiveOn: '2019-01-01' }), 'CONFLICT', 'input.effectiveOn');
  });

  test('renaming to the same name: BAD_USER_INPUT on input.name; to an empty one: input.name', async () => {
    await rejected(() => tryMutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gc.id, name: 'Đảng bộ cơ sở Một', effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.name');
    await rejected(() => tryMutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: gc.id, name: '', effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.name');
  });
});

describe('mergeOrganizations', () => {
  const merge = (input: Record<string, unknown>) => () => tryMutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { effectiveOn: '2021-01-01', ...input });

  test('a CELL with a DISTRICT: BAD_USER_INPUT on input.sourceIds', async () => {
    await rejected(merge({ sourceIds: [cell.id, other.id], targetId: district.id }), 'BAD_USER_INPUT', 'input.sourceIds');
  });

  test('a CELL into a DISTRICT: BAD_USER_INPUT on input.targetId', async () => {
    await rejected(merge({ sourceIds: [cell.id], targetId: other.id }), 'BAD_USER_INPUT', 'input.targetId');
  });

  test('into an organisation under one of the sources: input.targetId', async () => {
    await rejected(merge({ sourceIds: [district.id], targetId: gc.id }), 'BAD_USER_INPUT', 'input.targetId');
  });

  test('both targetId and newOrganization, or neither: input.targetId', async () => {
    await rejected(merge({ sourceIds: [other.id], targetId: district.id, newOrganization: { code: uniqueCode('N'), name: 'Mới' } }), 'BAD_USER_INPUT', 'input.targetId');
    await rejected(merge({ sourceIds: [other.id] }), 'BAD_USER_INPUT', 'input.targetId');
  });

  test('the same source twice: input.sourceIds', async () => {
    await rejected(merge({ sourceIds: [gcell.id, gcell.id], targetId: gc.id }), 'BAD_USER_INPUT', 'input.sourceIds');
  });

  test('a failure half-way leaves nothing written', async () => {
    // A grassroots cell and a committee are mergeable; the committee's cell cannot go under a grassroots cell.
    const [t, s1, s2] = await createMany(p, [
      { name: 'Đích chi bộ cơ sở', kind: 'GRASSROOTS_CELL', parentId: other.id, effectiveOn: '2010-01-01' },
      { name: 'Nguồn chi bộ cơ sở', kind: 'GRASSROOTS_CELL', parentId: other.id, effectiveOn: '2010-01-01' },
      { name: 'Nguồn đảng bộ cơ sở', kind: 'GRASSROOTS_COMMITTEE', parentId: other.id, effectiveOn: '2010-01-01' },
    ]);
    await createOrg(p, { name: 'Chi bộ không đi được', kind: 'CELL', parentId: s2!.id, effectiveOn: '2010-01-01' });
    await rejected(merge({ sourceIds: [s1!.id, s2!.id], targetId: t!.id }), 'BAD_USER_INPUT', 'input.sourceIds.1');
    const still = await read(p, `query($id: ID!) { organization(id: $id) { validTo changes { type } } }`, { id: s1!.id });
    expect(still.organization).toEqual({ validTo: null, changes: [{ type: 'ESTABLISH' }] });
  });
});

describe('splitOrganization', () => {
  const split = (input: Record<string, unknown>) => () => tryMutate(p, 'splitOrganization', 'SplitOrganizationInput', { effectiveOn: '2021-01-01', ...input });

  test('a sub-organisation left behind by a dissolving split: input.parts', async () => {
    await rejected(split({ id: gc.id, parts: [{ code: uniqueCode('P'), name: 'P1' }, { code: uniqueCode('P'), name: 'P2' }] }), 'BAD_USER_INPUT', 'input.parts');
  });

  test('a child that is not under the source: input.parts.0.childIds.0', async () => {
    await rejected(split({ id: gc.id, keepSource: true, parts: [{ code: uniqueCode('P'), name: 'P1', childIds: [cell.id] }] }), 'BAD_USER_INPUT', 'input.parts.0.childIds.0');
  });

  test("a part's code already taken, after the first part was made: CONFLICT on input.parts.1.code", async () => {
    await rejected(
      split({ id: gc.id, keepSource: true, parts: [{ code: uniqueCode('P'), name: 'P1' }, { code: district.code, name: 'P2' }] }),
      'CONFLICT',
      'input.parts.1.code',
    );
  });
});

describe('dissolveOrganization and changeOrganizationKind', () => {
  test('dissolving an organisation that still has children: CONFLICT on input.id', async () => {
    const e = await rejected(() => tryMutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: gc.id, effectiveOn: '2021-01-01' }), 'CONFLICT', 'input.id');
    expect(e.message).toContain(sub.code);
  });

  test('dissolving an organisation in its own favour: input.successorId', async () => {
    await rejected(() => tryMutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: cell.id, successorId: cell.id, effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.successorId');
  });

  test('dissolving an already dissolved organisation: input.effectiveOn', async () => {
    await rejected(() => tryMutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: closed.id, effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.effectiveOn');
  });

  test('a kind change to the same level, or one that strands its children: input.kind', async () => {
    await rejected(() => tryMutate(p, 'changeOrganizationKind', 'ChangeOrganizationKindInput', { id: district.id, kind: 'COMMUNE', effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.kind');
    await rejected(() => tryMutate(p, 'changeOrganizationKind', 'ChangeOrganizationKindInput', { id: gc.id, kind: 'GRASSROOTS_CELL', effectiveOn: '2021-01-01' }), 'BAD_USER_INPUT', 'input.kind');
  });
});

describe('queries', () => {
  test('organization with both id and code, or neither: BAD_USER_INPUT', async () => {
    const both = await p.query(`query($id: ID!, $code: String!) { organization(id: $id, code: $code) { id } }`, { id: prov.id, code: prov.code });
    expectError(both, 'BAD_USER_INPUT', 'id');
    const neither = await p.query(`{ organization { id } }`);
    expectError(neither, 'BAD_USER_INPUT', 'id');
  });

  test('a page size above 500: BAD_USER_INPUT on first', async () => {
    const res = await p.query(`query($id: ID!) { organization(id: $id) { children(first: 501) { totalCount } } }`, { id: prov.id });
    expectError(res, 'BAD_USER_INPUT', 'first');
  });

  test('a search with nothing to search for: BAD_USER_INPUT on text', async () => {
    expectError(await p.query(`{ searchOrganizations(text: " – ") { id } }`), 'BAD_USER_INPUT', 'text');
  });
});
