import { loadMembers, startMembershipSubgraph, loadMembershipConfig, type MemberSeed } from '@party/membership';
import { loadOrganizationConfig, startOrganizationSubgraph } from '@party/organization';
import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type StatementCounter, type TestPlatform } from '@party/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startEvaluationSubgraph } from '../src/app';
import { loadEvaluationConfig } from '../src/config';

export { ADMIN } from '@party/testing';

export interface EvaluationPlatform extends TestPlatform {
  /** Loads members with their histories into the membership subgraph (a starting register). */
  loadMembers(seeds: MemberSeed[]): Promise<string[]>;
  /** Each subgraph's own database connection (its role and schema), for its seeds and services. */
  dataSources: Record<'organization' | 'membership' | 'evaluation', DataSource>;
}

/**
 * Organization, membership and evaluation subgraphs and the real gateway, on a fresh database;
 * `evaluationEnv` adds to the evaluation subgraph's environment (e.g. AGGREGATE_MIN_CELL).
 */
export async function startEvaluationPlatform(counter?: StatementCounter, evaluationEnv: Record<string, string> = {}): Promise<EvaluationPlatform> {
  const dataSources = {} as EvaluationPlatform['dataSources'];
  const started = async <T extends { dataSource: DataSource }>(name: keyof EvaluationPlatform['dataSources'], server: Promise<T>) => {
    const s = await server;
    dataSources[name] = s.dataSource;
    return s;
  };
  const p = await startPlatform({
    organization: (env) => started('organization', startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL) })),
    membership: (env) => started('membership', startMembershipSubgraph(loadMembershipConfig(env), { log: createLogger('membership', env.LOG_LEVEL) })),
    evaluation: (env) => started('evaluation', startEvaluationSubgraph(loadEvaluationConfig({ ...env, ...evaluationEnv }), { log: createLogger('evaluation', env.LOG_LEVEL), ormLogger: counter })),
  });
  return Object.assign(p, { dataSources, loadMembers: (seeds: MemberSeed[]) => loadMembers(dataSources.membership, seeds) });
}

let seq = 0;
export const uniqueCode = (prefix: string) => `${prefix}-${(++seq).toString(36)}X${randomBytes(3).toString('hex')}`.toUpperCase();

export const officer = (scope: string[], userId = 'officer-1'): Caller => ({ userId, roles: ['ORG_OFFICER'], scope });

export type GqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, any> };

export async function read<T = any>(p: TestPlatform, query: string, variables: Record<string, unknown> = {}, as?: Caller): Promise<T> {
  const res = await p.query<T>(query, variables, as);
  if (res.errors) throw new Error(`query failed: ${JSON.stringify(res.errors)}\n${query}`);
  return res.data as T;
}

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

export async function createOrg(p: TestPlatform, input: { name: string; kind: string; parentId?: string | null; effectiveOn?: string; code?: string }): Promise<Org> {
  const res = await p.query(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id code name kind } } }`, {
    input: { effectiveOn: '2015-01-01', decisionRef: 'TEST-QĐ', code: uniqueCode(input.kind.slice(0, 4)), ...input },
  });
  if (res.errors) throw new Error(`createOrganization failed: ${JSON.stringify(res.errors)}`);
  return res.data.createOrganization.organization;
}

/** Runs a tree-changing mutation of the organization subgraph that must succeed. */
export async function changeTree(p: TestPlatform, name: string, inputType: string, input: Record<string, unknown>) {
  const res = await p.query(`mutation($input: ${inputType}!) { ${name}(input: $input) { __typename } }`, { input: { decisionRef: 'TEST-QĐ', ...input } });
  if (res.errors) throw new Error(`${name} failed: ${JSON.stringify(res.errors)}`);
}

/** A grassroots committee with one cell under `parentId`; returns the cell. */
export async function withCell(p: TestPlatform, parentId: string, label: string): Promise<Org> {
  const committee = await createOrg(p, { name: `Đảng bộ ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId });
  return createOrg(p, { name: `Chi bộ ${label}`, kind: 'CELL', parentId: committee.id });
}

let person = 0;
/** `n` members admitted to `cellId` on the given days (cycled), with nothing else in their history. */
export function admittedOn(cellId: string, days: string[], n: number): MemberSeed[] {
  return Array.from({ length: n }, (_, i) => ({
    fullName: `Người ${++person}`,
    gender: i % 3 ? 'MALE' : 'FEMALE',
    birthDate: '1998-04-04',
    events: [{ type: 'ADMITTED', effectiveOn: days[i % days.length]!, decisionRef: 'KN', organizationId: cellId }],
  }));
}

/** Sets targets through the public API; returns the payload. */
export async function setTargets(p: TestPlatform, organizationId: string, year: number, targets: { organizationId: string; target: number; quarters?: number[] }[], as?: Caller) {
  const res = await p.query(
    `mutation($input: SetAdmissionTargetsInput!) { setAdmissionTargets(input: $input) { year childrenTotal parentTarget balanced warning targets { organization { id } target admitted achievementRate } } }`,
    { input: { organizationId, year, decisionRef: 'KH-01', targets } },
    as,
  );
  if (res.errors) throw new Error(`setAdmissionTargets failed: ${JSON.stringify(res.errors)}`);
  return res.data.setAdmissionTargets;
}
