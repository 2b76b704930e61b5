/**
 * The authorization matrix (issue 5): every root query and mutation of the supergraph, every
 * field a subgraph adds to `Organization` or `Member`, and every `_entities` path of every
 * subgraph, × every principal (the four roles, no token, an expired token, a token signed by
 * another key) × the position of the target relative to the caller's organisations (their own
 * organisation, one under it, the one above it, a sibling, another province).
 *
 * The expected answer of each cell comes from one policy (`allowed` below), not from the code
 * under test. Each cell must end as expected: allowed → an answer without errors; refused →
 * FORBIDDEN/UNAUTHENTICATED (or, for the nullable lookups `member`, `prospect`, `_entities`,
 * null) and no data. Every refusal of an authenticated caller is found in the audit trail by
 * its actor (each cell signs in as a user of its own). A root field without a row here fails
 * the first test: a new operation cannot skip the matrix.
 */
import { loadMembers, type MemberSeed } from '@party/membership';
import { CALLER_HEADER, type Caller } from '@party/subgraph-kit';
import { randomBytes } from 'node:crypto';
import { buildSchema, Kind, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ADMIN, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

const ROLES = ['ORG_OFFICER', 'VIEWER', 'ANALYST', 'SYSTEM_ADMIN'] as const;
const UNAUTHENTICATED = ['anonymous', 'expired', 'foreignKey'] as const;
type Role = (typeof ROLES)[number];
type Principal = Role | (typeof UNAUTHENTICATED)[number];
const PRINCIPALS: Principal[] = [...ROLES, ...UNAUTHENTICATED];
const POSITIONS = ['own', 'descendant', 'ancestor', 'sibling', 'otherProvince'] as const;
type Position = (typeof POSITIONS)[number];

/**
 * What an operation needs:
 * - tree: the organisation tree (every role, in scope);
 * - aggregate: counts, figures, evaluation (every role, in scope; analysts included);
 * - people: a person's record (officers and viewers, in scope; never analysts);
 * - officerPeople: the audit trail of a person (officers, in scope);
 * - write: a change (officers, in scope);
 * - reference: shared reference data (any signed-in caller);
 * - admin: administrators only.
 */
type Access = 'tree' | 'aggregate' | 'people' | 'officerPeople' | 'write' | 'reference' | 'admin';

function allowed(access: Access, who: Principal, pos: Position): boolean {
  if (who === 'SYSTEM_ADMIN') return true;
  if (!(ROLES as readonly string[]).includes(who)) return false;
  const inScope = pos === 'own' || pos === 'descendant';
  switch (access) {
    case 'reference':
      return true;
    case 'admin':
      return false;
    case 'tree':
    case 'aggregate':
      return inScope;
    case 'people':
      return inScope && (who === 'ORG_OFFICER' || who === 'VIEWER');
    case 'officerPeople':
    case 'write':
      return inScope && who === 'ORG_OFFICER';
  }
}

/** One request of a cell: through the gateway, or straight to a subgraph (`_entities`). */
interface Attempt {
  query: string;
  variables?: Record<string, unknown>;
  /** The root field whose value tells success (null or missing = refused). */
  field: string;
  /** Overrides the caller's organisations for this cell (e.g. `own` = a fresh organisation). */
  scope?: string[];
  /** Sends the request straight to this subgraph with a forwarded identity. */
  subgraph?: 'organization' | 'membership' | 'evaluation';
  /** Puts the world back after the cell (given how it ended), so the next cell finds it the same. */
  undo?: (outcome: Outcome) => Promise<void>;
}

interface Row {
  /** `Query.x`, `Mutation.x`, `Organization.x`, `Member.x`, `_entities.<subgraph>.<Type>`. */
  name: string;
  access: Access;
  /** Positions the operation can be aimed at (default: all five). */
  positions?: readonly Position[];
  /** Its cells change shared state (and undo it): run one at a time. */
  serial?: boolean;
  /** Positions at which an administrator's allowed change would break the shared world: not run for SYSTEM_ADMIN. */
  adminSkips?: readonly Position[];
  prepare(pos: Position): Promise<Attempt>;
  /** Where the operation's own rules refuse what `allowed` would let through (the reason in a comment): true = refused. */
  refusedAt?: (who: Principal, pos: Position) => boolean;
}

let p: GatewayTestPlatform;
/** The world: two provinces, the caller's district D1 and grassroots cell GC1, a sibling district, another province. */
const w = {} as Record<'P' | 'Q' | 'D1' | 'GC1' | 'G1' | 'S1' | 'C1' | 'C1b' | 'D2' | 'G2' | 'C2' | 'C2b' | 'DQ' | 'G3' | 'C3' | 'C3b', { id: string; code: string; name: string }>;
/** Where each position points: an organisation, a cell that holds members, a second cell, and where fresh organisations go. */
let at: Record<Position, { org: string; cell: string | null; cell2: string | null; container: string | null; province: string | null }>;
/** Per position: an official member, a prospect, two officials (introducers). */
const member = {} as Record<Position, string>;
const prospect = {} as Record<Position, string>;
const officials = {} as Record<Position, string[]>;
const HOME_SCOPE = () => [w.D1.id, w.GC1.id];

let codeSeq = 0;
const code = (prefix: string) => `${prefix}-${(++codeSeq).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();
let citizenSeq = 0;
const citizenId = () => `0${String(Date.now() % 1e8).padStart(8, '0')}${String(++citizenSeq).padStart(3, '0')}`;

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await p.query(query, variables, ADMIN);
  if (res.errors) throw new Error(`setup failed: ${JSON.stringify(res.errors)}\n${query}`);
  return res.data as T;
}

async function createOrg(name: string, kind: string, parentId: string | null, on = '2000-01-01') {
  const c = code(kind.slice(0, 3));
  const d = await ok(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id code name } } }`, {
    input: { name, kind, parentId, code: c, effectiveOn: on, decisionRef: 'QĐ-MATRIX' },
  });
  return d.createOrganization.organization as { id: string; code: string; name: string };
}

/** A fresh organisation at a position (a cell; for `own`, the caller's scope becomes that cell). */
async function freshAt(pos: Position, kind = 'CELL'): Promise<{ id: string; scope?: string[] }> {
  const container = pos === 'own' ? w.G2.id : at[pos].container!;
  const o = await createOrg(`Chi bộ mới ${code('N')}`, kind, container);
  return pos === 'own' ? { id: o.id, scope: [o.id] } : { id: o.id };
}

/** Runs SQL on the test database as its administrator. */
async function adminSql<T = any>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: p.db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function seedMembers(seeds: MemberSeed[]): Promise<string[]> {
  return loadMembers(p.membership.dataSource, seeds);
}

const person = (organizationId: string, events: MemberSeed['events']): MemberSeed => ({
  fullName: `Nguyễn Văn Ma Trận ${code('M')}`,
  gender: 'MALE',
  birthDate: '1980-04-04',
  ethnicity: 'Kinh',
  citizenId: citizenId(),
  events: events.map((e) => ({ organizationId, ...e })),
});
const official = (cell: string, extra: MemberSeed['events'] = []) =>
  person(cell, [
    { type: 'ADMITTED', effectiveOn: '2010-03-01', decisionRef: 'KN' },
    { type: 'RECOGNIZED', effectiveOn: '2011-03-01', decisionRef: 'CT' },
    ...extra,
  ]);

/** A fresh member at a position, in the given state. */
async function memberAt(pos: Position, state: 'official' | 'probationary' | 'exempt' | 'terminated' = 'official'): Promise<{ id: string }> {
  const cell = at[pos].cell!;
  const seed =
    state === 'probationary'
      ? person(cell, [{ type: 'ADMITTED', effectiveOn: '2020-01-06', decisionRef: 'KN' }])
      : state === 'exempt'
        ? official(cell, [{ type: 'EXEMPTED', effectiveOn: '2023-01-02', decisionRef: 'MSH', reason: 'Tuổi cao' }])
        : state === 'terminated'
          ? official(cell, [{ type: 'TERMINATED', effectiveOn: '2023-01-02', decisionRef: 'XT', reason: 'STRUCK_OFF' }])
          : official(cell);
  const [id] = await seedMembers([seed]);
  return { id: id! };
}

async function prospectAt(pos: Position): Promise<string> {
  const d = await ok(`mutation($input: RegisterProspectInput!) { registerProspect(input: $input) { prospect { id } } }`, {
    input: { organizationId: at[pos].cell, fullName: `Trần Thị Cảm Tình ${code('P')}`, gender: 'FEMALE', birthDate: '2000-02-02', citizenId: citizenId(), source: 'YOUTH_UNION', registeredOn: '2023-01-10' },
  });
  return d.registerProspect.prospect.id;
}

async function readyProspectAt(pos: Position): Promise<string> {
  const id = await prospectAt(pos);
  const step = (s: string, extra: Record<string, unknown> = {}) =>
    ok(`mutation($input: RecordProspectStepInput!) { recordProspectStep(input: $input) { prospect { id } } }`, { input: { prospectId: id, step: s, on: '2023-01-10', ...extra } });
  await step('AWARENESS_CLASS_PASSED');
  await step('HELPER_ASSIGNED', { helperMemberId: officials[pos][0] });
  await step('INTRODUCERS_ASSIGNED', { introducers: officials[pos].map((memberId) => ({ memberId, workedTogetherSince: '2021-01-01' })) });
  await step('DOSSIER_COMPLETE');
  await step('CELL_RESOLUTION', { decisionRef: 'NQ-CB' });
  await step('COMMITTEE_RESOLUTION', { decisionRef: 'NQ-ĐU' });
  return id;
}

const MEMBER_POSITIONS: readonly Position[] = ['own', 'descendant', 'sibling', 'otherProvince'];
const PROVINCE_POSITIONS: readonly Position[] = ['own', 'ancestor', 'otherProvince'];
const orgQuery = (selection: string) => `query($id: ID!) { organization(id: $id) { id name ${selection} } }`;

const mutation = (name: string, input: Record<string, unknown>, select: string): Attempt => ({
  query: `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${select} } }`,
  variables: { input },
  field: name,
});

const ROWS: Row[] = [
  // ---- organization subgraph: queries and Organization's own fields --------------------------
  {
    name: 'Query.organization',
    access: 'tree',
    prepare: async (pos) => ({
      query: orgQuery('code name kind sector depth validFrom validTo parent { id } ancestors { id } children { totalCount } descendants { totalCount } predecessors { id } successors { id } changes { type }'),
      variables: { id: at[pos].org },
      field: 'organization',
    }),
  },
  {
    name: 'Query.organization(code)',
    access: 'tree',
    prepare: async (pos) => ({ query: `query($code: String!) { organization(code: $code) { id name } }`, variables: { code: Object.values(w).find((o) => o.id === at[pos].org)!.code }, field: 'organization' }),
  },
  { name: 'Query.organizationRoots', access: 'reference', positions: ['own'], prepare: async () => ({ query: `{ organizationRoots { id name } }`, field: 'organizationRoots' }) },
  {
    name: 'Query.searchOrganizations',
    access: 'tree',
    prepare: async (pos) => ({ query: `query($under: ID) { searchOrganizations(text: "a", under: $under) { id name } }`, variables: { under: at[pos].org }, field: 'searchOrganizations' }),
  },
  {
    name: 'Mutation.createOrganization',
    access: 'write',
    prepare: async (pos) => {
      const parent = at[pos].org;
      const kind = pos === 'ancestor' ? 'DISTRICT' : pos === 'descendant' ? 'CELL' : pos === 'own' ? 'GRASSROOTS_COMMITTEE' : 'GRASSROOTS_COMMITTEE';
      return mutation('createOrganization', { parentId: parent, kind, name: `Mới ${code('C')}`, code: code('NEW'), effectiveOn: '2024-02-01', decisionRef: 'QĐ' }, 'organization { id name }');
    },
  },
  {
    name: 'Mutation.renameOrganization',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id } : await freshAt(pos);
      return { ...mutation('renameOrganization', { id: t.id, name: `Tên mới ${code('R')}`, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },
  {
    name: 'Mutation.moveOrganization',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      if (pos === 'ancestor') return mutation('moveOrganization', { id: w.G1.id, newParentId: w.P.id, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }');
      const moved = await freshAt(pos);
      const container = pos === 'own' ? w.G2.id : at[pos].container!;
      const to = await createOrg(`Chi ủy ${code('S')}`, 'SUB_COMMITTEE', container);
      return { ...mutation('moveOrganization', { id: moved.id, newParentId: to.id, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: moved.scope ? [moved.id, to.id] : undefined };
    },
  },
  {
    name: 'Mutation.changeOrganizationKind',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id, kind: 'CENTRAL' } : { ...(await freshAt(pos)), kind: 'SUB_COMMITTEE' };
      return { ...mutation('changeOrganizationKind', { id: t.id, kind: t.kind, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },
  {
    name: 'Mutation.mergeOrganizations',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      if (pos === 'ancestor') return mutation('mergeOrganizations', { sourceIds: [w.Q.id], targetId: w.P.id, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }');
      const a = await freshAt(pos);
      const b = await freshAt(pos);
      return { ...mutation('mergeOrganizations', { sourceIds: [b.id], targetId: a.id, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: a.scope ? [a.id, b.id] : undefined };
    },
  },
  {
    name: 'Mutation.splitOrganization',
    access: 'write',
    adminSkips: ['ancestor'],
    // The parts take the source's parent: splitting one's own organisation creates organisations outside one's organisations.
    refusedAt: (who, pos) => who !== 'SYSTEM_ADMIN' && pos === 'own',
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id, kind: 'PROVINCIAL' } : { ...(await freshAt(pos)), kind: 'CELL' };
      const parts = [1, 2].map((n) => ({ code: code(`SP${n}`), name: `Phần ${n} ${code('X')}`, kind: t.kind, childIds: [] }));
      return { ...mutation('splitOrganization', { id: t.id, parts, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },
  {
    name: 'Mutation.dissolveOrganization',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id } : await freshAt(pos);
      return { ...mutation('dissolveOrganization', { id: t.id, effectiveOn: '2024-03-01', decisionRef: 'QĐ' }, 'organization { id name }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },

  {
    name: 'Mutation.importOrganizations',
    access: 'write',
    prepare: async (pos) => {
      const parent = Object.values(w).find((o) => o.id === at[pos].org)!.code;
      const kind = pos === 'ancestor' ? 'DISTRICT' : pos === 'descendant' ? 'CELL' : 'GRASSROOTS_COMMITTEE';
      const csv = `code,name,kind,parentCode,establishedOn,decisionRef\n${code('IMP')},Nhập ${code('N')},${kind},${parent},2024-02-01,QĐ-NHAP\n`;
      return mutation('importOrganizations', { fileName: 'orgs.csv', contentBase64: Buffer.from(csv).toString('base64') }, 'totalRows created imported');
    },
  },

  // ---- membership subgraph -----------------------------------------------------------------
  // The caller's own threshold of small cells (1: exact figures): about no organisation.
  { name: 'Query.smallCellThreshold', access: 'reference', positions: ['own'], prepare: async () => ({ query: `{ smallCellThreshold }`, field: 'smallCellThreshold' }) },
  { name: 'Organization.memberCount', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('memberCount'), variables: { id: at[pos].org }, field: 'organization' }) },
  {
    name: 'Organization.memberStats',
    access: 'aggregate',
    prepare: async (pos) => ({ query: orgQuery('memberStats { total women age18to30 }'), variables: { id: at[pos].org }, field: 'organization' }),
  },
  { name: 'Organization.admissions', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('admissions(year: 2024) { total }'), variables: { id: at[pos].org }, field: 'organization' }) },
  {
    name: 'Organization.members',
    access: 'people',
    prepare: async (pos) => ({ query: orgQuery('members(includeDescendants: true) { totalCount edges { node { id fullName } } }'), variables: { id: at[pos].org }, field: 'organization' }),
  },
  { name: 'Organization.prospects', access: 'people', prepare: async (pos) => ({ query: orgQuery('prospects { totalCount }'), variables: { id: at[pos].org }, field: 'organization' }) },
  {
    name: 'Query.member',
    access: 'people',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => ({ query: `query($id: ID!) { member(id: $id) { id fullName organization { id name } qualityRating(year: 2024) { grade } } }`, variables: { id: member[pos] }, field: 'member' }),
  },
  {
    name: 'Query.searchMembers',
    access: 'people',
    prepare: async (pos) => ({ query: `query($under: ID!) { searchMembers(text: "ma tran", under: $under) { totalCount } }`, variables: { under: at[pos].org }, field: 'searchMembers' }),
  },
  {
    name: 'Query.overdueProbations',
    access: 'people',
    prepare: async (pos) => ({ query: `query($under: ID!) { overdueProbations(under: $under) { totalCount } }`, variables: { under: at[pos].org }, field: 'overdueProbations' }),
  },
  {
    name: 'Query.prospect',
    access: 'people',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => ({ query: `query($id: ID!) { prospect(id: $id) { id fullName } }`, variables: { id: prospect[pos] }, field: 'prospect' }),
  },
  {
    name: 'Query.auditTrail',
    access: 'officerPeople',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => ({ query: `query($id: ID!) { auditTrail(memberId: $id) { totalCount } }`, variables: { id: member[pos] }, field: 'auditTrail' }),
  },
  { name: 'Query.auditLog', access: 'admin', positions: ['own'], prepare: async () => ({ query: `{ auditLog(first: 1) { totalCount } }`, field: 'auditLog' }) },
  {
    name: 'Mutation.admitMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('admitMember', { prospectId: await readyProspectAt(pos), organizationId: at[pos].cell, decisionRef: 'QĐ-KN', ceremonyOn: '2024-06-01' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.recognizeOfficialMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('recognizeOfficialMember', { memberId: (await memberAt(pos, 'probationary')).id, effectiveOn: '2021-03-01', decisionRef: 'QĐ-CT' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.transferMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) =>
      mutation('transferMember', { memberId: (await memberAt(pos)).id, kind: 'OFFICIAL', toOrganizationId: at[pos].cell2, effectiveOn: '2024-03-01', decisionRef: 'QĐ-CSH' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.exemptMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('exemptMember', { memberId: (await memberAt(pos)).id, reason: 'Tuổi cao', effectiveOn: '2024-03-01', decisionRef: 'QĐ-MSH' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.endExemption',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('endExemption', { memberId: (await memberAt(pos, 'exempt')).id, effectiveOn: '2024-03-01', decisionRef: 'QĐ-MSH' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.terminateMembership',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('terminateMembership', { memberId: (await memberAt(pos)).id, reason: 'DECEASED', effectiveOn: '2024-03-01', decisionRef: 'QĐ-XT' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.reinstateMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('reinstateMember', { memberId: (await memberAt(pos, 'terminated')).id, effectiveOn: '2024-03-01', decisionRef: 'QĐ-PH' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.correctMemberRecord',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('correctMemberRecord', { memberId: (await memberAt(pos)).id, occupation: 'Giáo viên', reason: 'Sai sót', decisionRef: 'QĐ-ĐC' }, 'member { id fullName }'),
  },
  {
    name: 'Mutation.registerProspect',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) =>
      mutation(
        'registerProspect',
        { organizationId: at[pos].cell, fullName: `Lê Văn Cảm Tình ${code('P')}`, gender: 'MALE', birthDate: '2001-01-01', citizenId: citizenId(), source: 'WORKER', registeredOn: '2024-01-10' },
        'prospect { id stage }',
      ),
  },
  {
    name: 'Mutation.recordProspectStep',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('recordProspectStep', { prospectId: await prospectAt(pos), step: 'AWARENESS_CLASS_PASSED', on: '2023-02-01' }, 'prospect { id stage }'),
  },
  {
    name: 'Mutation.rejectProspect',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('rejectProspect', { prospectId: await prospectAt(pos), on: '2023-02-01', reason: 'Không đủ tiêu chuẩn' }, 'prospect { id stage }'),
  },

  {
    name: 'Mutation.importMembers',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => {
      const cellCode = Object.values(w).find((o) => o.id === at[pos].cell)!.code;
      const csv = `fullName,gender,birthDate,citizenId,organizationCode,admittedOn,admissionDecisionRef\nNguyễn Văn Nhập ${code('I')},MALE,1985-05-05,${citizenId()},${cellCode},2015-06-01,QĐ-KN-NHAP\n`;
      return mutation('importMembers', { fileName: 'members.csv', contentBase64: Buffer.from(csv).toString('base64') }, 'totalRows created imported');
    },
  },

  // ---- evaluation subgraph -----------------------------------------------------------------
  { name: 'Organization.admissionTarget', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('admissionTarget(year: 2024) { target }'), variables: { id: at[pos].org }, field: 'organization' }) },
  {
    name: 'Organization.admissionPerformance',
    access: 'aggregate',
    prepare: async (pos) => ({ query: orgQuery('admissionPerformance(year: 2024) { admitted }'), variables: { id: at[pos].org }, field: 'organization' }),
  },
  { name: 'Organization.fourGood', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('fourGood(year: 2024) { year registration { __typename } }'), variables: { id: at[pos].org }, field: 'organization' }) },
  { name: 'Organization.qualityRating', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('qualityRating(year: 2024) { grade }'), variables: { id: at[pos].org }, field: 'organization' }) },
  { name: 'Organization.removals', access: 'aggregate', prepare: async (pos) => ({ query: orgQuery('removals(year: 2024) { total }'), variables: { id: at[pos].org }, field: 'organization' }) },
  {
    name: 'Member.qualityRating',
    access: 'people',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => ({ query: `query($id: ID!) { member(id: $id) { id qualityRating(year: 2024) { grade } } }`, variables: { id: member[pos] }, field: 'member' }),
  },
  {
    name: 'Query.evaluationFacts',
    access: 'aggregate',
    prepare: async (pos) => ({ query: `query($under: ID) { evaluationFacts(year: 2024, under: $under, first: 5) { edges { node { organizationId } } } }`, variables: { under: at[pos].org }, field: 'evaluationFacts' }),
  },
  {
    name: 'Query.evaluationFactsCsv',
    access: 'aggregate',
    prepare: async (pos) => ({ query: `query($under: ID) { evaluationFactsCsv(year: 2024, under: $under, first: 5) { columns csv rowCount } }`, variables: { under: at[pos].org }, field: 'evaluationFactsCsv' }),
  },
  {
    name: 'Query.fourGoodSummary',
    access: 'aggregate',
    prepare: async (pos) => ({ query: `query($under: ID!) { fourGoodSummary(year: 2024, under: $under) { registered } }`, variables: { under: at[pos].org }, field: 'fourGoodSummary' }),
  },
  {
    name: 'Query.fourGoodCriteria',
    access: 'reference',
    positions: PROVINCE_POSITIONS,
    // The criteria of the caller's own province (the one above them, or their own) and the national default; not another province's.
    refusedAt: (who, pos) => who !== 'SYSTEM_ADMIN' && pos === 'otherProvince',
    prepare: async (pos) => ({ query: `query($provinceId: ID) { fourGoodCriteria(year: 2024, provinceId: $provinceId) { id name } }`, variables: { provinceId: at[pos].province }, field: 'fourGoodCriteria' }),
  },
  {
    name: 'Query.ratingDistribution',
    access: 'aggregate',
    prepare: async (pos) => ({ query: `query($under: ID!) { ratingDistribution(year: 2024, under: $under) { grade count } }`, variables: { under: at[pos].org }, field: 'ratingDistribution' }),
  },
  {
    name: 'Mutation.setAdmissionTargets',
    access: 'write',
    prepare: async (pos) => {
      const children = (await ok(`query($id: ID!) { organization(id: $id) { children { edges { node { id } } } } }`, { id: at[pos].org })).organization.children.edges;
      return mutation('setAdmissionTargets', { organizationId: at[pos].org, year: 2024, decisionRef: 'QĐ-CT', targets: children.slice(0, 1).map((e: any) => ({ organizationId: e.node.id, target: 3 })) }, 'year childrenTotal');
    },
  },
  {
    name: 'Mutation.finalizeEvaluationYear',
    access: 'write',
    serial: true,
    prepare: async (pos) => ({
      ...mutation('finalizeEvaluationYear', { year: 2021, under: at[pos].org, decisionRef: 'QĐ-CHOT' }, 'finalization { action year }'),
      undo: async (outcome) => {
        if (outcome === 'ok') await ok(`mutation($input: ReopenEvaluationYearInput!) { reopenEvaluationYear(input: $input) { __typename } }`, { input: { year: 2021, under: at[pos].org, reason: 'matrix' } });
      },
    }),
  },
  {
    name: 'Mutation.reopenEvaluationYear',
    access: 'write',
    serial: true,
    prepare: async (pos) => {
      await ok(`mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { __typename } }`, { input: { year: 2022, under: at[pos].org, decisionRef: 'QĐ-CHOT' } });
      return {
        ...mutation('reopenEvaluationYear', { year: 2022, under: at[pos].org, reason: 'Sai số liệu' }, 'finalization { action year }'),
        // Refused: reopen as administrator, for the next cell.
        undo: async (outcome) => {
          if (outcome !== 'ok') await ok(`mutation($input: ReopenEvaluationYearInput!) { reopenEvaluationYear(input: $input) { __typename } }`, { input: { year: 2022, under: at[pos].org, reason: 'matrix' } });
        },
      };
    },
  },
  {
    name: 'Mutation.setFourGoodCriteria',
    access: 'write',
    serial: true,
    positions: PROVINCE_POSITIONS,
    prepare: async (pos) => ({
      ...mutation('setFourGoodCriteria', {
        provinceId: at[pos].province,
        fromYear: 2030,
        criteria: ['A', 'B', 'C', 'D'].map((c) => ({ code: `TOT_${c}`, name: `Tốt ${c}`, maxScore: 25, passThreshold: 20 })),
        totalPassThreshold: 80,
        decisionRef: 'QĐ-4T',
      }, 'criteriaSet { fromYear }'),
      scope: pos === 'own' ? [w.P.id] : undefined,
    }),
  },
  {
    name: 'Mutation.registerFourGood',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id } : await freshAt(pos);
      return { ...mutation('registerFourGood', { organizationId: t.id, year: 2024, registeredOn: '2024-02-01', decisionRef: 'ĐK-4T' }, 'registration { year kind }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },
  {
    name: 'Mutation.assessFourGood',
    access: 'write',
    adminSkips: ['ancestor'],
    prepare: async (pos) => {
      const t = pos === 'ancestor' ? { id: w.P.id } : await freshAt(pos);
      if (pos !== 'ancestor') {
        await ok(`mutation($input: RegisterFourGoodInput!) { registerFourGood(input: $input) { __typename } }`, { input: { organizationId: t.id, year: 2024, registeredOn: '2024-02-01', decisionRef: 'ĐK-4T' } });
        // The criteria set asks for a GOOD rating of the year first.
        await ok(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { __typename } }`, {
          input: { organizationId: t.id, year: 2024, grade: 'GOOD', peerGroup: code('PG'), decisionRef: 'QĐ-XL' },
        });
      }
      const scores = ['NHIEM_VU_CHINH_TRI', 'SINH_HOAT', 'DOAN_KET_KY_LUAT', 'CAN_BO_DANG_VIEN'].map((criterion) => ({ criterion, score: 22 }));
      return { ...mutation('assessFourGood', { organizationId: t.id, year: 2024, scores, decisionRef: 'QĐ-4T' }, 'assessment { year }'), scope: 'scope' in t ? t.scope : undefined };
    },
  },
  {
    name: 'Mutation.rateOrganization',
    access: 'write',
    prepare: async (pos) => mutation('rateOrganization', { organizationId: at[pos].org, year: 2024, grade: 'GOOD', peerGroup: code('PG'), decisionRef: 'QĐ-XL' }, 'rating { grade }'),
  },
  {
    name: 'Mutation.rateMember',
    access: 'write',
    positions: MEMBER_POSITIONS,
    prepare: async (pos) => mutation('rateMember', { memberId: (await memberAt(pos)).id, year: 2024, grade: 'GOOD', decisionRef: 'QĐ-XL' }, 'rating { grade }'),
  },

  // ---- _entities: what the gateway asks each subgraph for, asked directly -----------------------
  ...(
    [
      ['organization', 'Organization', 'tree', '... on Organization { id name }'],
      ['membership', 'Organization', 'aggregate', '... on Organization { id memberCount }'],
      // `year` too: an analyst gets a small `total` withheld (null), and the row must still tell an answer from a refusal.
      ['evaluation', 'Organization', 'aggregate', '... on Organization { id removals(year: 2024) { year total } }'],
    ] as const
  ).map(
    ([subgraph, type, access, selection]): Row => ({
      name: `_entities.${subgraph}.${type}`,
      access,
      prepare: async (pos) => ({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
        variables: { r: [{ __typename: type, id: at[pos].org, asOf: '2024-06-30' }] },
        field: '_entities',
        subgraph,
      }),
    }),
  ),
  ...(
    [
      ['membership', 'Member', '... on Member { id fullName }', () => member],
      ['membership', 'Prospect', '... on Prospect { id fullName }', () => prospect],
      ['evaluation', 'Member', '... on Member { id qualityRating(year: 2024) { grade } }', () => member],
    ] as const
  ).map(
    ([subgraph, type, selection, ids]): Row => ({
      name: `_entities.${subgraph}.${type}`,
      access: 'people',
      positions: MEMBER_POSITIONS,
      prepare: async (pos) => ({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
        variables: { r: [{ __typename: type, id: ids()[pos] }] },
        field: '_entities',
        subgraph,
      }),
    }),
  ),
];

type Outcome = 'ok' | 'refused' | 'unexpected';
interface Cell {
  row: string;
  who: Principal;
  pos: Position;
  actor: string | null;
  expected: 'ok' | 'refused';
  outcome: Outcome;
  detail: string;
}

/** Whether a value carries anything beyond the ids and type names the caller sent. */
function hasData(value: unknown, key = ''): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some((v) => hasData(v));
  if (typeof value === 'object') return Object.entries(value).some(([k, v]) => hasData(v, k));
  return key !== 'id' && key !== '__typename';
}

/**
 * Allowed: no error and a value. Refused: no value beyond ids, with FORBIDDEN/UNAUTHENTICATED or
 * (lookups outside the caller's organisations) without an error. Anything else is unexpected.
 */
function judge(res: { status: number; data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }, field: string): { outcome: Outcome; detail: string } {
  const codes = (res.errors ?? []).map((e) => String(e.extensions?.code));
  const value = res.data?.[field];
  const text = JSON.stringify(res).slice(0, 400);
  if (!codes.length && hasData(value)) return { outcome: 'ok', detail: text };
  if (!hasData(value) && (codes.length === 0 || codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED'))) return { outcome: 'refused', detail: text };
  return { outcome: 'unexpected', detail: text };
}

let cellSeq = 0;

async function run(row: Row, who: Principal, pos: Position): Promise<Cell | null> {
  if (who === 'SYSTEM_ADMIN' && row.adminSkips?.includes(pos)) return null;
  const attempt = await row.prepare(pos);
  const expected = allowed(row.access, who, pos) && !row.refusedAt?.(who, pos) ? 'ok' : 'refused';
  const isRole = (ROLES as readonly string[]).includes(who);
  const actor = isRole ? `matrix-${++cellSeq}-${who.toLowerCase()}` : null;
  const caller: Caller | null = isRole ? { userId: actor!, roles: [who as Role], scope: who === 'SYSTEM_ADMIN' ? [] : (attempt.scope ?? HOME_SCOPE()) } : null;
  const someone: Caller = { userId: 'matrix-outsider', roles: ['ORG_OFFICER'], scope: HOME_SCOPE() };
  let res: { status: number; data?: any; errors?: any[] };
  if (attempt.subgraph) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller) headers[CALLER_HEADER] = await p.subgraphToken(caller);
    else if (who === 'expired') headers[CALLER_HEADER] = await p.subgraphToken(someone, { ttlSeconds: -60 });
    else if (who === 'foreignKey') headers[CALLER_HEADER] = await p.subgraphToken(someone, { foreignKey: true });
    const r = await fetch(p.subgraphUrls[attempt.subgraph]!, { method: 'POST', headers, body: JSON.stringify({ query: attempt.query, variables: attempt.variables ?? {} }) });
    res = { status: r.status, ...((await r.json()) as object) };
  } else {
    const as =
      caller ??
      (who === 'anonymous'
        ? null
        : who === 'expired'
          ? { token: await p.token(someone, { expiresAt: Math.floor(Date.now() / 1000) - 3600 }) }
          : { token: await foreignToken(someone) });
    res = await p.query(attempt.query, attempt.variables ?? {}, as);
  }
  const { outcome, detail } = judge(res, attempt.field);
  await attempt.undo?.(outcome);
  return { row: row.name, who, pos, actor, expected, outcome, detail };
}

/** A well-formed token from an identity provider the gateway does not trust (same issuer name, another key). */
async function foreignToken(caller: Caller): Promise<string> {
  const { generateDemoIssuerKeys, mintDemoToken } = await import('@party/gateway');
  const keys = await generateDemoIssuerKeys();
  const { TEST_ISSUER, TEST_AUDIENCE } = await import('@party/testing');
  return mintDemoToken(keys.privateJwk, caller, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 600 });
}

const cells: Cell[] = [];

beforeAll(async () => {
  p = await startGatewayPlatform({ production: true, gatewayEnv: { RATE_LIMIT_REQUESTS: '1000000' } });
  w.P = await createOrg('Tỉnh Ma Trận', 'PROVINCIAL', null);
  w.Q = await createOrg('Tỉnh Bên Cạnh', 'PROVINCIAL', null);
  w.D1 = await createOrg('Huyện Của Tôi', 'DISTRICT', w.P.id);
  w.GC1 = await createOrg('Chi bộ cơ sở Của Tôi', 'GRASSROOTS_CELL', w.P.id);
  w.G1 = await createOrg('Đảng bộ xã Dưới', 'GRASSROOTS_COMMITTEE', w.D1.id);
  w.S1 = await createOrg('Chi ủy Dưới', 'SUB_COMMITTEE', w.G1.id);
  w.C1 = await createOrg('Chi bộ thôn Dưới A', 'CELL', w.G1.id);
  w.C1b = await createOrg('Chi bộ thôn Dưới B', 'CELL', w.S1.id);
  w.D2 = await createOrg('Huyện Bên Cạnh', 'DISTRICT', w.P.id);
  w.G2 = await createOrg('Đảng bộ xã Bên Cạnh', 'GRASSROOTS_COMMITTEE', w.D2.id);
  w.C2 = await createOrg('Chi bộ thôn Bên Cạnh A', 'CELL', w.G2.id);
  w.C2b = await createOrg('Chi bộ thôn Bên Cạnh B', 'CELL', w.G2.id);
  w.DQ = await createOrg('Huyện Tỉnh Khác', 'DISTRICT', w.Q.id);
  w.G3 = await createOrg('Đảng bộ xã Tỉnh Khác', 'GRASSROOTS_COMMITTEE', w.DQ.id);
  w.C3 = await createOrg('Chi bộ thôn Tỉnh Khác A', 'CELL', w.G3.id);
  w.C3b = await createOrg('Chi bộ thôn Tỉnh Khác B', 'CELL', w.G3.id);
  at = {
    own: { org: w.D1.id, cell: w.GC1.id, cell2: w.C1.id, container: null, province: w.P.id },
    descendant: { org: w.G1.id, cell: w.C1.id, cell2: w.C1b.id, container: w.G1.id, province: null },
    ancestor: { org: w.P.id, cell: null, cell2: null, container: null, province: w.P.id },
    sibling: { org: w.D2.id, cell: w.C2.id, cell2: w.C2b.id, container: w.G2.id, province: null },
    otherProvince: { org: w.DQ.id, cell: w.C3.id, cell2: w.C3b.id, container: w.G3.id, province: w.Q.id },
  };
  for (const pos of MEMBER_POSITIONS) {
    officials[pos] = await seedMembers([official(at[pos].cell!), official(at[pos].cell!)]);
    member[pos] = (await memberAt(pos)).id;
    prospect[pos] = await prospectAt(pos);
    // Rated, so that a rating read has something to show (or to withhold).
    await ok(`mutation($input: RateMemberInput!) { rateMember(input: $input) { __typename } }`, { input: { memberId: member[pos], year: 2024, grade: 'GOOD', decisionRef: 'QĐ-XL' } });
  }
  for (const pos of POSITIONS) {
    await ok(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { __typename } }`, {
      input: { organizationId: at[pos].org, year: 2024, grade: 'GOOD', peerGroup: 'MATRIX', decisionRef: 'QĐ-XL' },
    });
  }
  // Cells of a row run four at a time (each prepares its own targets), rows with shared state one at a time.
  for (const row of ROWS) {
    const todo = PRINCIPALS.flatMap((who) => (row.positions ?? POSITIONS).map((pos) => () => run(row, who, pos)));
    const width = row.serial ? 1 : 4;
    for (let i = 0; i < todo.length; i += width) {
      for (const cell of await Promise.all(todo.slice(i, i + width).map((f) => f()))) if (cell) cells.push(cell);
    }
  }
}, 600_000);
afterAll(() => p?.stop());

const show = (c: Cell) => `${c.row} as ${c.who} at ${c.pos}: expected ${c.expected}, got ${c.outcome} ${c.detail}`;

test("every root field, and every field a subgraph adds to another's type, has a row", () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
  const covered = new Set(ROWS.map((r) => r.name.replace(/\(.*\)$/, '')));
  const fields = (type: string) => Object.values((schema.getType(type) as GraphQLObjectType).getFields());
  const roots = ['Query', 'Mutation'].flatMap((t) => fields(t).map((f) => `${t}.${f.name}`));
  expect(roots.filter((r) => !covered.has(r))).toEqual([]);
  // Organization belongs to the organization subgraph, Member to membership: what the others add.
  const graphOf = (f: GraphQLField<unknown, unknown>) =>
    f.astNode?.directives?.find((d) => d.name.value === 'join__field')?.arguments?.find((a) => a.name.value === 'graph')?.value;
  const addedBy = (type: string, owner: string) =>
    fields(type)
      .filter((f) => {
        const g = graphOf(f);
        return g?.kind === Kind.ENUM && g.value !== owner;
      })
      .map((f) => `${type}.${f.name}`);
  const added = [...addedBy('Organization', 'ORGANIZATION'), ...addedBy('Member', 'MEMBERSHIP')];
  expect(added.length).toBeGreaterThan(10);
  expect(added.filter((f) => !covered.has(f))).toEqual([]);
});

test('no unauthorised success, and every allowed cell answers', () => {
  expect(cells.length).toBeGreaterThan(1000);
  const wrong = cells.filter((c) => c.outcome !== c.expected);
  expect(wrong.map(show)).toEqual([]);
  // Both outcomes occur for every role (the matrix is not all-refused or all-allowed).
  for (const who of ROLES) {
    expect(new Set(cells.filter((c) => c.who === who).map((c) => c.outcome))).toEqual(new Set(who === 'SYSTEM_ADMIN' ? ['ok'] : ['ok', 'refused']));
  }
});

test('every refusal of a signed-in caller is in an audit trail, by its actor; no allowed cell is', async () => {
  const denied = new Set<string>();
  for (const schema of ['organization', 'membership', 'evaluation']) {
    const rows = await adminSql<{ actor: string }>(`SELECT DISTINCT actor FROM ${schema}.audit_log WHERE kind = 'DENIED' AND actor LIKE 'matrix-%'`);
    for (const r of rows) denied.add(r.actor);
  }
  const refused = cells.filter((c) => c.actor && c.outcome === 'refused');
  expect(refused.length).toBeGreaterThan(300);
  expect(refused.filter((c) => !denied.has(c.actor!)).map(show)).toEqual([]);
  expect(cells.filter((c) => c.actor && c.outcome === 'ok' && denied.has(c.actor)).map(show)).toEqual([]);
});
