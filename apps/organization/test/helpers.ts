import { createLogger, type Caller } from '@party/subgraph-kit';
import { startPlatform, type StatementCounter, type TestPlatform } from '@party/testing';
import { randomBytes } from 'node:crypto';
import { startOrganizationSubgraph } from '../src/app';
import { loadOrganizationConfig } from '../src/config';

export function startOrganizationPlatform(counter?: StatementCounter): Promise<TestPlatform> {
  return startPlatform({
    organization: (env) => startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL), ormLogger: counter }),
  });
}

/** A code no other test uses. */
let codeSeq = 0;
/** A code no other test uses (a counter makes it unique) and that search can tell apart (a random part). */
export const uniqueCode = (prefix: string) => `${prefix}-${(++codeSeq).toString(36)}X${randomBytes(3).toString('hex')}`.toUpperCase();

export const ORG_FIELDS = 'id code name kind sector depth validFrom validTo asOf';

export interface NewOrg {
  parentId?: string | null;
  code?: string;
  name: string;
  kind: string;
  sector?: string;
  effectiveOn?: string;
  decisionRef?: string;
}

/** Creates an organisation through the public API and returns it; fails the test on any error. */
export async function createOrg(p: TestPlatform, input: NewOrg, as?: Caller): Promise<{ id: string; code: string; name: string; kind: string; depth: number }> {
  const res = await p.query(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { ${ORG_FIELDS} } } }`,
    { input: { effectiveOn: '2020-01-01', decisionRef: 'TEST-QĐ', code: uniqueCode(input.kind.slice(0, 4)), ...input } },
    as,
  );
  if (res.errors) throw new Error(`createOrganization failed: ${JSON.stringify(res.errors)}`);
  return res.data.createOrganization.organization;
}

/** Runs a mutation that must succeed and returns its payload. */
export async function mutate(p: TestPlatform, name: string, inputType: string, input: Record<string, unknown>, select = `organization { ${ORG_FIELDS} } organizations { ${ORG_FIELDS} } change { id type }`, as?: Caller) {
  const res = await p.query(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${select} } }`, { input: { decisionRef: 'TEST-QĐ', ...input } }, as);
  if (res.errors) throw new Error(`${name} failed: ${JSON.stringify(res.errors)}`);
  return res.data[name];
}

// ---------------------------------------------------------------- shared test helpers

export { ADMIN } from '@party/testing';

/** Today in the platform's time zone: the default `asOf` of every query. */
export { today, addDays } from '@party/subgraph-kit';

/** An organisation-commission officer limited to `scope` (organisation ids). */
export const officer = (scope: string[], userId = 'officer-1'): Caller => ({ userId, roles: ['ORG_OFFICER'], scope });

/** A read-only caller limited to `scope`. */
export const viewer = (scope: string[], userId = 'viewer-1'): Caller => ({ userId, roles: ['VIEWER'], scope });

export type GqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, any> };

/** Runs a query that must succeed and returns its data; fails the test with the errors otherwise. */
export async function read<T = any>(p: TestPlatform, query: string, variables: Record<string, unknown> = {}, as?: Caller): Promise<T> {
  const res = await p.query<T>(query, variables, as);
  if (res.errors) throw new Error(`query failed: ${JSON.stringify(res.errors)}\n${query}`);
  return res.data as T;
}

/**
 * The first error of a response that must fail, checked against the expected
 * `extensions.code` and (when given) `extensions.field`.
 */
export function expectError(res: { errors?: GqlError[] }, code: string, field?: string): GqlError {
  expect(res.errors).toBeDefined();
  expect(res.errors!.length).toBeGreaterThanOrEqual(1);
  const e = res.errors![0]!;
  // Matching the whole error shows its message in the failure report.
  expect(e).toMatchObject({ message: e.message, extensions: { code, ...(field !== undefined ? { field } : {}) } });
  return e;
}

/** The input of a createOrganization with defaults filled in (effective 2020-01-01, a unique code). */
export function createInput(input: NewOrg): Record<string, unknown> {
  return { effectiveOn: '2020-01-01', decisionRef: 'TEST-QĐ', code: uniqueCode(input.kind.slice(0, 4)), ...input };
}

export type CreatedOrg = { id: string; code: string; name: string; kind: string; depth: number };

/**
 * Creates many organisations, 200 per GraphQL document: every createOrganization
 * is an alias (`a0: createOrganization(input: $i0) ...`), run in order by the server.
 */
export async function createMany(p: TestPlatform, inputs: NewOrg[], as?: Caller): Promise<CreatedOrg[]> {
  const out: CreatedOrg[] = [];
  for (let start = 0; start < inputs.length; start += 200) {
    const chunk = inputs.slice(start, start + 200);
    const vars: Record<string, unknown> = {};
    const defs: string[] = [];
    const fields: string[] = [];
    chunk.forEach((input, i) => {
      vars[`i${i}`] = createInput(input);
      defs.push(`$i${i}: CreateOrganizationInput!`);
      fields.push(`a${i}: createOrganization(input: $i${i}) { organization { id code name kind depth } }`);
    });
    const res = await p.query(`mutation(${defs.join(', ')}) { ${fields.join('\n')} }`, vars, as);
    if (res.errors) throw new Error(`createMany failed: ${JSON.stringify(res.errors.slice(0, 3))}`);
    out.push(...chunk.map((_, i) => res.data[`a${i}`].organization));
  }
  return out;
}

/** Runs a mutation and returns the raw response (for expected failures). */
export function tryMutate(p: TestPlatform, name: string, inputType: string, input: Record<string, unknown>, as?: Caller) {
  return p.query(`mutation($input: ${inputType}!) { ${name}(input: $input) { organization { id } change { id } } }`, { input: { decisionRef: 'TEST-QĐ', ...input } }, as);
}

const SNAPSHOT_NODE = `id code name kind sector depth validFrom validTo parent { id } changes { id type effectiveOn decisionRef previousName newName previousKind newKind }`;

/**
 * Everything the API shows of the tree on each of `dates`: every root with all
 * its descendants, each with its change history. Two equal snapshots mean nothing
 * visible was written in between.
 */
export async function treeSnapshot(p: TestPlatform, dates: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const asOf of dates) {
    const data = await read(
      p,
      `query($asOf: Date) { organizationRoots(asOf: $asOf) { ${SNAPSHOT_NODE} descendants(first: 500) { totalCount edges { node { ${SNAPSHOT_NODE} } } } } }`,
      { asOf },
    );
    out[asOf] = data.organizationRoots;
  }
  return out;
}

/** Names of a connection's nodes, in order. */
export const names = (conn: { edges: { node: { name: string } }[] }) => conn.edges.map((e) => e.node.name);
