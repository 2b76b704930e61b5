import { startOrganizationSubgraph, loadOrganizationConfig } from '@party/organization';
import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type StatementCounter, type TestPlatform } from '@party/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startMembershipSubgraph, type MembershipSubgraph } from '../src/app';
import { loadMembershipConfig } from '../src/config';
import { asSystem } from '../src/request-db';
import { loadMembers, type MemberSeed } from '../src/seed/register';

export { ADMIN } from '@party/testing';
export { today, addDays } from '@party/subgraph-kit';

export interface MembershipPlatform extends TestPlatform {
  /** The membership subgraph's own database handle (seeding starting registers). */
  membershipDb: DataSource;
}

/**
 * Organization and membership subgraphs and the real gateway, on a fresh database;
 * `membershipEnv` adds to the membership subgraph's environment (e.g. AGGREGATE_MIN_CELL).
 */
export async function startMembershipPlatform(counter?: StatementCounter, membershipEnv: Record<string, string> = {}): Promise<MembershipPlatform> {
  let membership: MembershipSubgraph | undefined;
  const p = await startPlatform({
    organization: (env) => startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) }),
    membership: async (env) =>
      (membership = await startMembershipSubgraph(loadMembershipConfig({ ...env, ...membershipEnv }), { log: createLogger('membership', env.LOG_LEVEL), ormLogger: counter })),
  });
  return Object.assign(p, { membershipDb: membership!.dataSource });
}

/**
 * Runs one statement on the membership subgraph's own pool as system work (row-level security scope '*',
 * in its own transaction: docs/decisions/0020): what tests check in the tables behind the API.
 */
export function systemQuery<T = any>(p: MembershipPlatform, sql: string, params: unknown[] = []): Promise<T> {
  return asSystem(p.membershipDb, (m) => m.query(sql, params));
}

let seq = 0;
/** A code no other test uses. */
export const uniqueCode = (prefix: string) => `${prefix}-${(++seq).toString(36)}X${randomBytes(3).toString('hex')}`.toUpperCase();
/** A 12-digit citizen ID no other test uses. */
export const uniqueCitizenId = () => `${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}${String(++seq % 1000).padStart(3, '0')}`;

export const officer = (scope: string[], userId = 'officer-1'): Caller => ({ userId, roles: ['ORG_OFFICER'], scope });
export const viewer = (scope: string[], userId = 'viewer-1'): Caller => ({ userId, roles: ['VIEWER'], scope });
export const analyst = (scope: string[], userId = 'analyst-1'): Caller => ({ userId, roles: ['ANALYST'], scope });

export type GqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, any> };

/** Runs a query that must succeed and returns its data. */
export async function read<T = any>(p: TestPlatform, query: string, variables: Record<string, unknown> = {}, as?: Caller): Promise<T> {
  const res = await p.query<T>(query, variables, as);
  if (res.errors) throw new Error(`query failed: ${JSON.stringify(res.errors)}\n${query}`);
  return res.data as T;
}

/** The first error of a response that must fail, checked against code and (when given) field. */
export function expectError(res: { errors?: GqlError[] }, code: string, field?: string): GqlError {
  expect(res.errors).toBeDefined();
  const e = res.errors![0]!;
  expect(e).toMatchObject({ message: e.message, extensions: { code, ...(field !== undefined ? { field } : {}) } });
  return e;
}

export interface Org {
  id: string;
  code: string;
  name: string;
  kind: string;
}

/** Creates an organisation through the public API. */
export async function createOrg(p: TestPlatform, input: { name: string; kind: string; parentId?: string | null; effectiveOn?: string; code?: string }): Promise<Org> {
  const res = await p.query(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id code name kind } } }`, {
    input: { effectiveOn: '2000-01-01', decisionRef: 'TEST-QĐ', code: uniqueCode(input.kind.slice(0, 4)), ...input },
  });
  if (res.errors) throw new Error(`createOrganization failed: ${JSON.stringify(res.errors)}`);
  return res.data.createOrganization.organization;
}

/** A small tree: province → district → grassroots committee → two cells, established 2000-01-01. */
export async function createTree(p: TestPlatform, label = 'T') {
  const province = await createOrg(p, { name: `Tỉnh ${label}`, kind: 'PROVINCIAL' });
  const district = await createOrg(p, { name: `Huyện ${label}`, kind: 'DISTRICT', parentId: province.id });
  const committee = await createOrg(p, { name: `Đảng bộ xã ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId: district.id });
  const cellA = await createOrg(p, { name: `Chi bộ thôn A ${label}`, kind: 'CELL', parentId: committee.id });
  const cellB = await createOrg(p, { name: `Chi bộ thôn B ${label}`, kind: 'CELL', parentId: committee.id });
  return { province, district, committee, cellA, cellB };
}

/** Official members admitted long ago (a starting register), loaded in bulk: introducers and helpers for tests. */
export async function seedOfficials(p: MembershipPlatform, organizationId: string, n: number, admittedOn = '2005-03-01'): Promise<string[]> {
  const seeds: MemberSeed[] = Array.from({ length: n }, (_, i) => ({
    fullName: `Nguyễn Văn Cũ ${uniqueCode('N')}`,
    gender: i % 2 ? 'FEMALE' : 'MALE',
    birthDate: '1970-05-05',
    ethnicity: 'Kinh',
    citizenId: uniqueCitizenId(),
    events: [
      { type: 'ADMITTED', effectiveOn: admittedOn, decisionRef: 'SEED-KN', organizationId },
      { type: 'RECOGNIZED', effectiveOn: addMonthsIso(admittedOn, 12), decisionRef: 'SEED-CT' },
    ],
  }));
  return loadMembers(p.membershipDb, seeds);
}

export function addMonthsIso(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Runs a mutation that must succeed; returns its payload. */
export async function mutate(p: TestPlatform, name: string, inputType: string, input: Record<string, unknown>, select: string, as?: Caller) {
  const res = await p.query(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${select} } }`, { input }, as);
  if (res.errors) throw new Error(`${name} failed: ${JSON.stringify(res.errors)}`);
  return res.data[name];
}

/** Runs a mutation and returns the raw response (for expected failures). */
export function tryMutate(p: TestPlatform, name: string, inputType: string, input: Record<string, unknown>, select = '__typename', as?: Caller) {
  return p.query(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${select} } }`, { input }, as);
}

export const MEMBER_FIELDS = 'id fullName status activity isMember admittedOn officialOn terminatedOn terminationReason partyAgeYears version organization { id name } hostOrganization { id name }';

export interface ProspectOpts {
  birthDate?: string;
  registeredOn?: string;
  certificateOn?: string;
  introducedSince?: string;
  resolutionOn?: string;
  fullName?: string;
  gender?: string;
  ethnicity?: string;
  religion?: string | null;
  source?: string;
  youthUnion?: boolean;
  citizenId?: string;
}

/**
 * A prospect taken through every step to a committee resolution, through the
 * public API: ready for admitMember. `officials` are two official members (helper and introducers).
 */
export async function readyProspect(p: TestPlatform, cellId: string, officials: string[], o: ProspectOpts = {}, as?: Caller): Promise<string> {
  const registeredOn = o.registeredOn ?? '2023-01-10';
  const { prospect } = await mutate(
    p,
    'registerProspect',
    'RegisterProspectInput',
    {
      organizationId: cellId,
      fullName: o.fullName ?? `Trần Thị Mới ${uniqueCode('P')}`,
      gender: o.gender ?? 'FEMALE',
      birthDate: o.birthDate ?? '2000-02-02',
      ethnicity: o.ethnicity ?? 'Kinh',
      religion: o.religion ?? null,
      citizenId: o.citizenId ?? uniqueCitizenId(),
      source: o.source ?? 'YOUTH_UNION',
      youthUnion: o.youthUnion ?? true,
      registeredOn,
    },
    'prospect { id }',
    as,
  );
  const step = (step: string, on: string, extra: Record<string, unknown> = {}) =>
    mutate(p, 'recordProspectStep', 'RecordProspectStepInput', { prospectId: prospect.id, step, on, ...extra }, 'prospect { id stage }', as);
  await step('AWARENESS_CLASS_PASSED', o.certificateOn ?? registeredOn);
  await step('HELPER_ASSIGNED', registeredOn, { helperMemberId: officials[0] });
  await step('INTRODUCERS_ASSIGNED', registeredOn, {
    introducers: officials.slice(0, 2).map((memberId) => ({ memberId, workedTogetherSince: o.introducedSince ?? '2021-01-01' })),
  });
  await step('DOSSIER_COMPLETE', registeredOn);
  await step('CELL_RESOLUTION', registeredOn, { decisionRef: 'NQ-CB-01' });
  await step('COMMITTEE_RESOLUTION', o.resolutionOn ?? registeredOn, { decisionRef: 'NQ-ĐU-01' });
  return prospect.id;
}

/** Admits a ready prospect; returns the new member's id. */
export async function admit(p: TestPlatform, prospectId: string, cellId: string, ceremonyOn: string, extra: Record<string, unknown> = {}, as?: Caller): Promise<string> {
  const { member } = await mutate(p, 'admitMember', 'AdmitMemberInput', { prospectId, organizationId: cellId, decisionRef: 'QĐ-KN-01', ceremonyOn, ...extra }, 'member { id }', as);
  return member.id;
}

/** memberCount of an organisation on a day through the gateway. */
export async function countOf(p: TestPlatform, orgId: string, asOf: string, args = ''): Promise<number | null> {
  const data = await read(p, `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCount${args ? `(${args})` : ''} } }`, { id: orgId, asOf });
  return data.organization ? data.organization.memberCount : null;
}
