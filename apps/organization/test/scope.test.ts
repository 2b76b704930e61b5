/**
 * Who reaches what: officers see and change only their own subtree, viewers
 * only read, and nobody gets in without a valid token signed by the identity
 * provider (at the gateway) or by the gateway (at the subgraph).
 */
import { generateDemoIssuerKeys, mintDemoToken } from '@party/gateway';
import { CALLER_HEADER, generateInternalKeyPair, importInternalKey, signCallerToken } from '@party/subgraph-kit';
import { TEST_AUDIENCE, TEST_ISSUER, type TestPlatform } from '@party/testing';
import { ADMIN, createInput, createMany, createOrg, expectError, mutate, officer, read, startOrganizationPlatform, treeSnapshot, tryMutate, viewer, type CreatedOrg } from './helpers';

let p: TestPlatform;
let prov: CreatedOrg;
/** The officer's district and what is under it. */
let mine: CreatedOrg, myCommittee: CreatedOrg, myCell: CreatedOrg;
/** The sibling district and what is under it. */
let sibling: CreatedOrg, theirCommittee: CreatedOrg, theirCell: CreatedOrg;
let me: ReturnType<typeof officer>;

const DAYS = ['2009-12-31', '2010-01-01', '2022-01-01'];

beforeAll(async () => {
  p = await startOrganizationPlatform();
  const on = '2010-01-01';
  prov = await createOrg(p, { name: 'Tỉnh Ninh Thuận', kind: 'PROVINCIAL', effectiveOn: on });
  [mine, sibling] = await createMany(p, [
    { name: 'Huyện Ninh Hải', kind: 'DISTRICT', parentId: prov.id, effectiveOn: on },
    { name: 'Huyện Ninh Phước', kind: 'DISTRICT', parentId: prov.id, effectiveOn: on },
  ]) as [CreatedOrg, CreatedOrg];
  [myCommittee, theirCommittee] = await createMany(p, [
    { name: 'Đảng bộ xã Hộ Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: mine.id, effectiveOn: on },
    { name: 'Đảng bộ xã Phước Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: sibling.id, effectiveOn: on },
  ]) as [CreatedOrg, CreatedOrg];
  [myCell, theirCell] = await createMany(p, [
    { name: 'Chi bộ thôn Hộ Diêm', kind: 'CELL', parentId: myCommittee.id, effectiveOn: on },
    { name: 'Chi bộ thôn Phước Diêm', kind: 'CELL', parentId: theirCommittee.id, effectiveOn: on },
  ]) as [CreatedOrg, CreatedOrg];
  me = officer([mine.id]);
});
afterAll(() => p?.stop());

/** Runs `attempt` as someone, checks its error, and checks (as administrator) that nothing was written. */
async function refused(attempt: () => Promise<{ errors?: { message: string; extensions?: Record<string, any> }[] }>, code: string) {
  const before = await treeSnapshot(p, DAYS);
  const res = await attempt();
  expectError(res, code);
  expect(await treeSnapshot(p, DAYS)).toEqual(before);
}

describe('a district officer reads', () => {
  test('their district and everything under it', async () => {
    const data = await read(
      p,
      `query($id: ID!) { organization(id: $id) { name children { totalCount edges { node { name children { edges { node { name } } } } } } descendants { totalCount } } }`,
      { id: mine.id },
      me,
    );
    expect(data.organization).toEqual({
      name: 'Huyện Ninh Hải',
      children: { totalCount: 1, edges: [{ node: { name: 'Đảng bộ xã Hộ Hải', children: { edges: [{ node: { name: 'Chi bộ thôn Hộ Diêm' } }] } } }] },
      descendants: { totalCount: 2 },
    });
    const cell = await read(p, `query($id: ID!) { organization(id: $id) { name } }`, { id: myCell.id }, me);
    expect(cell.organization).toEqual({ name: 'Chi bộ thôn Hộ Diêm' });
  });

  test('not the sibling district, nor anything under it, nor the province: FORBIDDEN', async () => {
    for (const id of [sibling.id, theirCommittee.id, theirCell.id, prov.id]) {
      const res = await p.query(`query($id: ID!) { organization(id: $id) { id name } }`, { id }, me);
      expectError(res, 'FORBIDDEN');
      expect(res.data?.organization ?? null).toBeNull();
    }
    const byCode = await p.query(`query($code: String!) { organization(code: $code) { id } }`, { code: sibling.code }, me);
    expectError(byCode, 'FORBIDDEN');
  });

  test('the parent of their district is null; ancestors stop at their district', async () => {
    const d = await read(p, `query($id: ID!) { organization(id: $id) { parent { id } ancestors { id } } }`, { id: mine.id }, me);
    expect(d.organization).toEqual({ parent: null, ancestors: [] });
    const c = await read(p, `query($id: ID!) { organization(id: $id) { depth parent { id } ancestors { id } } }`, { id: myCell.id }, me);
    expect(c.organization).toEqual({ depth: 3, parent: { id: myCommittee.id }, ancestors: [{ id: mine.id }, { id: myCommittee.id }] });
    // The administrator sees the province.
    const a = await read(p, `query($id: ID!) { organization(id: $id) { ancestors { id } } }`, { id: myCell.id });
    expect(a.organization.ancestors).toEqual([{ id: prov.id }, { id: mine.id }, { id: myCommittee.id }]);
  });

  test('the history does not reveal the province', async () => {
    const d = await read(p, `query($id: ID!) { organization(id: $id) { changes { type previousParent { id } newParent { id } } } }`, { id: mine.id }, me);
    expect(d.organization.changes).toEqual([{ type: 'ESTABLISH', previousParent: null, newParent: null }]);
  });

  test('organizationRoots is their district', async () => {
    const data = await read(p, `{ organizationRoots { id } old: organizationRoots(asOf: "2009-12-31") { id } }`, {}, me);
    expect(data).toEqual({ organizationRoots: [{ id: mine.id }], old: [] });
    const both = await read(p, `{ organizationRoots { id } }`, {}, officer([mine.id, myCommittee.id, theirCell.id]));
    expect(both.organizationRoots.map((o: { id: string }) => o.id).sort()).toEqual([mine.id, theirCell.id].sort());
  });

  test('searchOrganizations never returns anything outside', async () => {
    const q = `query($text: String!, $under: ID) { searchOrganizations(text: $text, under: $under) { id } }`;
    const asAdmin = await read(p, q, { text: 'ninh' });
    expect(asAdmin.searchOrganizations.map((o: { id: string }) => o.id).sort()).toEqual([prov.id, mine.id, sibling.id].sort());
    expect((await read(p, q, { text: 'ninh' }, me)).searchOrganizations).toEqual([{ id: mine.id }]);
    expect((await read(p, q, { text: 'hai' }, me)).searchOrganizations.map((o: { id: string }) => o.id).sort()).toEqual([mine.id, myCommittee.id].sort());
    expect((await read(p, q, { text: 'diem' }, me)).searchOrganizations).toEqual([{ id: myCell.id }]);
    expect((await read(p, q, { text: 'phuoc' }, me)).searchOrganizations).toEqual([]);
    expect((await read(p, q, { text: 'diem', under: myCommittee.id }, me)).searchOrganizations).toEqual([{ id: myCell.id }]);
    expectError(await p.query(q, { text: 'diem', under: sibling.id }, me), 'FORBIDDEN');
  });
});

describe('a district officer changes', () => {
  test('cannot create under the sibling district: FORBIDDEN, nothing written', async () => {
    await refused(() => tryMutate(p, 'createOrganization', 'CreateOrganizationInput', createInput({ name: 'Lấn sân', kind: 'GRASSROOTS_COMMITTEE', parentId: sibling.id, effectiveOn: '2022-01-01' }), me), 'FORBIDDEN');
  });

  test('cannot move their committee to the sibling, nor rename the sibling, nor create a root: FORBIDDEN', async () => {
    await refused(() => tryMutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: myCommittee.id, newParentId: sibling.id, effectiveOn: '2022-01-01' }, me), 'FORBIDDEN');
    await refused(() => tryMutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: sibling.id, name: 'Tên khác', effectiveOn: '2022-01-01' }, me), 'FORBIDDEN');
    await refused(() => tryMutate(p, 'createOrganization', 'CreateOrganizationInput', createInput({ name: 'Tỉnh riêng', kind: 'PROVINCIAL', effectiveOn: '2022-01-01' }), me), 'FORBIDDEN');
    await refused(
      () => tryMutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [theirCommittee.id], targetId: myCommittee.id, effectiveOn: '2022-01-01' }, me),
      'FORBIDDEN',
    );
  });

  test('changes to organisations outside are FORBIDDEN before any validation that would disclose them', async () => {
    // Each attempt is also invalid; the answer must still be FORBIDDEN, and must not name what lies under the sibling.
    const attempts = [
      // A dissolving split that leaves the sibling's committee unassigned.
      () => tryMutate(p, 'splitOrganization', 'SplitOrganizationInput', { id: sibling.id, effectiveOn: '2022-01-01', parts: [{ code: 'SPY-1', name: 'A' }, { code: 'SPY-2', name: 'B' }] }, me),
      // A downgrade that would strand the sibling committee's cell.
      () => tryMutate(p, 'changeOrganizationKind', 'ChangeOrganizationKindInput', { id: theirCommittee.id, kind: 'GRASSROOTS_CELL', effectiveOn: '2022-01-01' }, me),
      // A merge of kinds that cannot merge.
      () => tryMutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [theirCommittee.id, theirCell.id], targetId: myCommittee.id, effectiveOn: '2022-01-01' }, me),
      // Moving their own cell under the sibling district (a kind error too).
      () => tryMutate(p, 'moveOrganization', 'MoveOrganizationInput', { id: myCell.id, newParentId: sibling.id, effectiveOn: '2022-01-01' }, me),
      // Creating under the sibling district on a day before it existed.
      () => tryMutate(p, 'createOrganization', 'CreateOrganizationInput', createInput({ name: 'Dò tìm', kind: 'GRASSROOTS_COMMITTEE', parentId: sibling.id, effectiveOn: '2009-06-01' }), me),
    ];
    const answers: { code: unknown; discloses: boolean }[] = [];
    for (const attempt of attempts) {
      const before = await treeSnapshot(p, DAYS);
      const res = await attempt();
      const e = res.errors?.[0];
      answers.push({ code: e?.extensions?.code, discloses: [theirCommittee.code, theirCell.code, sibling.code].some((c) => e?.message.includes(c)) });
      expect(await treeSnapshot(p, DAYS)).toEqual(before);
    }
    expect(answers).toEqual(attempts.map(() => ({ code: 'FORBIDDEN', discloses: false })));
  });

  test('can create and rename inside their district, recorded as themselves', async () => {
    const out = await mutate(
      p,
      'createOrganization',
      'CreateOrganizationInput',
      createInput({ name: 'Chi bộ mới của huyện', kind: 'CELL', parentId: myCommittee.id, effectiveOn: '2023-01-01' }),
      'organization { id depth } change { type recordedBy }',
      me,
    );
    expect(out.organization.depth).toBe(3);
    expect(out.change).toEqual({ type: 'ESTABLISH', recordedBy: 'officer-1' });
    await mutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: out.organization.id, name: 'Chi bộ mới (đổi tên)', effectiveOn: '2023-02-01' }, 'organization { name }', me);
    await mutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: out.organization.id, effectiveOn: '2023-03-01' }, 'organization { id }', me);
  });

  test('a VIEWER reads but cannot change anything, even in scope: FORBIDDEN', async () => {
    const v = viewer([mine.id]);
    const data = await read(p, `query($id: ID!) { organization(id: $id) { name } }`, { id: mine.id }, v);
    expect(data.organization).toEqual({ name: 'Huyện Ninh Hải' });
    await refused(() => tryMutate(p, 'createOrganization', 'CreateOrganizationInput', createInput({ name: 'Không được', kind: 'CELL', parentId: myCommittee.id, effectiveOn: '2022-01-01' }), v), 'FORBIDDEN');
    await refused(() => tryMutate(p, 'renameOrganization', 'RenameOrganizationInput', { id: myCommittee.id, name: 'Không được', effectiveOn: '2022-01-01' }, v), 'FORBIDDEN');
    await refused(() => tryMutate(p, 'dissolveOrganization', 'DissolveOrganizationInput', { id: myCell.id, effectiveOn: '2022-01-01' }, v), 'FORBIDDEN');
  });

  test('lineage that leads outside the scope is hidden', async () => {
    const outsider = await createOrg(p, { name: 'Đảng bộ xã Sáp Nhập', kind: 'GRASSROOTS_COMMITTEE', parentId: sibling.id, effectiveOn: '2010-01-01' }, ADMIN);
    const target = await createOrg(p, { name: 'Đảng bộ xã Tiếp Nhận', kind: 'GRASSROOTS_COMMITTEE', parentId: mine.id, effectiveOn: '2010-01-01' }, ADMIN);
    await mutate(p, 'mergeOrganizations', 'MergeOrganizationsInput', { sourceIds: [outsider.id], targetId: target.id, effectiveOn: '2022-01-01' });
    const q = `query($id: ID!) { organization(id: $id) { predecessors { id } changes { type predecessors { id } successors { id } } } }`;
    const admin = await read(p, q, { id: target.id });
    expect(admin.organization.predecessors).toEqual([{ id: outsider.id }]);
    const officerView = await read(p, q, { id: target.id }, me);
    expect(officerView.organization).toEqual({
      predecessors: [],
      changes: [
        { type: 'ESTABLISH', predecessors: [], successors: [] },
        { type: 'MERGE', predecessors: [], successors: [{ id: target.id }] },
      ],
    });
  });
});

describe('authentication', () => {
  const q = `{ organizationRoots { id } }`;

  test('no token: UNAUTHENTICATED with HTTP 401', async () => {
    const res = await p.query(q, {}, null);
    expect(res.status).toBe(401);
    expectError(res, 'UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  test('an expired token: UNAUTHENTICATED with HTTP 401', async () => {
    const token = await p.token(me, { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
    const res = await p.query(q, {}, { token });
    expect(res.status).toBe(401);
    expectError(res, 'UNAUTHENTICATED');
  });

  test('a token signed by another key: UNAUTHENTICATED with HTTP 401', async () => {
    const keys = await generateDemoIssuerKeys();
    const token = await mintDemoToken(keys.privateJwk, ADMIN, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 600 });
    const res = await p.query(q, {}, { token });
    expect(res.status).toBe(401);
    expectError(res, 'UNAUTHENTICATED');
  });

  test('a garbage token: UNAUTHENTICATED', async () => {
    const res = await p.query(q, {}, { token: 'not.a.jwt' });
    expect(res.status).toBe(401);
    expectError(res, 'UNAUTHENTICATED');
  });

  test('a valid token works (control)', async () => {
    const token = await p.token(me);
    const res = await p.query(q, {}, { token });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ organizationRoots: [{ id: mine.id }] });
  });
});

describe('the subgraph behind the gateway', () => {
  const post = (headers: Record<string, string>) =>
    fetch(p.subgraphUrls.organization!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ organizationRoots { id name } }' }) });

  test('refuses a direct call without the gateway\'s x-caller-token: UNAUTHENTICATED', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });

  test("refuses a user's token passed as bearer or as x-caller-token", async () => {
    const userToken = await p.token(ADMIN);
    const attempts: Record<string, string>[] = [{ authorization: `Bearer ${userToken}` }, { [CALLER_HEADER]: userToken }];
    for (const headers of attempts) {
      const res = await post(headers);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  test('refuses an x-caller-token signed by another key', async () => {
    const forged = await generateInternalKeyPair();
    const token = await signCallerToken(ADMIN, await importInternalKey(forged.privateJwk), 'forged-request');
    const res = await post({ [CALLER_HEADER]: token });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
