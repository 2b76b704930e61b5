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
export const uniqueCode = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex').toUpperCase()}`;

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
