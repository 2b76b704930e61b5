import { Supergraph } from '@apollo/federation-internals';
import { seedDemoEvaluation } from '@party/evaluation';
import { seedDemoMembers } from '@party/membership';
import { DEMO_USERS, seedDemoTree } from '@party/organization';
import type { Caller } from '@party/subgraph-kit';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../src/config';
import { measureQuery } from '../src/limits';
import { loadSupergraphSdl } from '../src/supergraph';
import { post, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

// The limits are set from what the clients really send: every operation of the web client and of the
// reporting client (operations/*.json, the safelist) runs through the gateway as deployed, on the demo
// data, with the largest page each may ask; and each limit admits a document at it and refuses one past it.

let p: GatewayTestPlatform;
let ids: Record<string, string>;
let provinceOfficer: string;
beforeAll(async () => {
  p = await startGatewayPlatform();
  ids = await seedDemoTree(p.organization.dataSource);
  await seedDemoMembers(p.membership.dataSource, ids);
  await seedDemoEvaluation(p.evaluation.dataSource, ids);
  const demo = DEMO_USERS.find((u) => u.userId === 'province.officer')!;
  const caller: Caller = { userId: demo.userId, roles: [...demo.roles], scope: demo.scopeCodes.map((c) => ids[c]!) };
  provinceOfficer = `Bearer ${await p.token(caller)}`;
}, 300_000);
afterAll(() => p?.stop());

const L = DEFAULT_LIMITS;
const ASOF = '2024-12-31';

interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}
const manifest = (client: string): ManifestOperation[] => JSON.parse(readFileSync(path.resolve(__dirname, '..', 'operations', `${client}.json`), 'utf8')).operations;
const operation = (client: string, name: string) => manifest(client).find((o) => o.name === name)!;

async function run(client: string, name: string, variables: Record<string, unknown>, authorization = provinceOfficer) {
  const res = await p.send({ ...post({ query: operation(client, name).body, operationName: name, variables }), authorization });
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  return res.body.data;
}

describe('the clients’ real operations run under the default limits', () => {
  test('web: the tree explorer (roots, then a page of 200 children), search, organisation and member pages', async () => {
    const roots = await run('web', 'OrganizationRoots', { asOf: ASOF, year: 2024 });
    expect(roots.organizationRoots.map((o: { code: string }) => o.code)).toEqual(['KHANH_HOA', 'NINH_THUAN']);

    const children = await run('web', 'OrganizationChildren', { id: ids.NINH_THUAN, asOf: ASOF, year: 2024, first: 200 });
    expect(children.organization.children.totalCount).toBe(12);
    expect(children.organization.children.edges).toHaveLength(12);

    const found = await run('web', 'SearchOrganizations', { text: 'ninh hai', asOf: ASOF, first: 15 });
    expect(found.searchOrganizations.map((o: { code: string }) => o.code)).toContain('NINH_HAI');

    const page = await run('web', 'OrganizationPage', { code: 'NINH_HAI', asOf: ASOF, year: 2024 });
    expect(page.organization.code).toBe('NINH_HAI');
    expect(page.organization.ancestors.map((a: { name: string }) => a.name)).toEqual(['Đảng bộ tỉnh Ninh Thuận']);

    const members = await run('web', 'OrganizationMembers', { id: ids.NINH_HAI, asOf: ASOF, first: 500, includeDescendants: true, sensitive: true });
    const total = members.organization.members.totalCount;
    expect(total).toBeGreaterThan(0);
    expect(members.organization.members.edges).toHaveLength(Math.min(total, 500));

    const member = await run('web', 'MemberPage', { id: members.organization.members.edges[0].node.id, asOf: ASOF, sensitive: true });
    expect(member.member.id).toBe(members.organization.members.edges[0].node.id);

    await run('web', 'ReadyProspects', { id: ids.NINH_HAI, asOf: ASOF, sensitive: true });
    await run('web', 'SearchCells', { text: 'kinh dinh', asOf: ASOF });
    const grades = await run('web', 'RatingDistribution', { under: ids.NINH_THUAN, year: 2024 });
    expect(grades.ratingDistribution.length).toBeGreaterThan(0);
  });

  test('reporting: a bulk page of 1,000 evaluation facts, the ranking, statistics and a four-level tree', async () => {
    const admin = `Bearer ${await p.bearer()}`;
    const facts = await run('reporting', 'EvaluationFacts', { year: 2024, first: 1000 }, admin);
    expect(facts.evaluationFacts.totalCount).toBeGreaterThan(0);
    expect(facts.evaluationFacts.edges).toHaveLength(Math.min(facts.evaluationFacts.totalCount, 1000));

    const ranking = await run('reporting', 'AdmissionRanking', { code: 'NINH_THUAN', asOf: ASOF, year: 2024, depth: 1 });
    expect(ranking.organization.admissionPerformance[0]).toMatchObject({ rank: 1, organization: { code: 'CONG_AN_NT' } });

    const stats = await run('reporting', 'MembershipStatistics', { code: 'NINH_HAI', asOf: ASOF, year: 2024 });
    expect(stats.organization.memberStats.total).toBe(stats.organization.memberCount);

    const report = await run('reporting', 'OrganizationReport', { code: 'NINH_HAI', asOf: ASOF, year: 2024, first: 500 });
    expect(report.organization.members.edges).toHaveLength(Math.min(report.organization.members.totalCount, 500));

    await run('reporting', 'GradeDistribution', { under: ids.NINH_THUAN, year: 2024 });

    const tree = await run('reporting', 'TreeOverview', { asOf: ASOF });
    const ninhThuan = tree.organizationRoots.find((o: { code: string }) => o.code === 'NINH_THUAN');
    expect(ninhThuan.children.totalCount).toBe(12);
  });

  test('every operation of both clients (mutations too) is within every limit, with its largest page', () => {
    const schema = Supergraph.build(loadSupergraphSdl()).apiSchema().toGraphQLJSSchema();
    const largest = (name: string) => ({ first: name === 'EvaluationFacts' ? 1000 : name === 'OrganizationChildren' ? 200 : 500 });
    const over: string[] = [];
    for (const client of ['web', 'reporting']) {
      for (const op of manifest(client)) {
        const f = measureQuery(schema, parse(op.body), op.body, largest(op.name));
        if (f.depth > L.maxDepth || f.aliases > L.maxAliases || f.directives > L.maxDirectives || f.tokens > L.maxTokens || f.cost > L.maxCost) over.push(`${client} ${op.name}: ${JSON.stringify(f)}`);
      }
    }
    expect(over).toEqual([]);
  });

  test('the reporting operations measure what docs/decisions/0008-gateway-limits.md records', () => {
    const schema = Supergraph.build(loadSupergraphSdl()).apiSchema().toGraphQLJSSchema();
    const measure = (name: string, first: number) => {
      const op = operation('reporting', name);
      return measureQuery(schema, parse(op.body), op.body, { first });
    };
    expect(measure('TreeOverview', 0)).toEqual({ depth: 12, aliases: 0, directives: 0, tokens: 73, cost: 870.52783203125 });
    expect(measure('EvaluationFacts', 1000)).toEqual({ depth: 4, aliases: 0, directives: 0, tokens: 86, cost: 118625 });
    expect(measure('OrganizationReport', 500)).toEqual({ depth: 6, aliases: 0, directives: 0, tokens: 96, cost: 32346.125 });
  });
});

describe('each limit admits a document at the limit and refuses one past it', () => {
  const at = async (query: string, variables?: Record<string, unknown>) => {
    const before = p.subgraphRequests();
    const res = await p.send(post({ query, variables }));
    return { status: res.status, body: res.body, subgraphRequests: p.subgraphRequests() - before };
  };
  const refused = (message: string, code = 'GRAPHQL_VALIDATION_FAILED') => ({ status: 400, body: { errors: [{ message, extensions: { code, field: 'query' } }] }, subgraphRequests: 0 });
  const parents = (n: number) => `{ organizationRoots { ${'parent { '.repeat(n)}id${' }'.repeat(n)} } }`;

  test(`depth ${L.maxDepth}`, async () => {
    const ok = await at(parents(L.maxDepth - 2));
    expect({ status: ok.status, errors: ok.body.errors, roots: ok.body.data.organizationRoots.length, subgraphRequests: ok.subgraphRequests }).toEqual({ status: 200, errors: undefined, roots: 1, subgraphRequests: 1 });
    expect(await at(parents(L.maxDepth - 1))).toEqual(refused(`Query depth ${L.maxDepth + 1} exceeds the limit of ${L.maxDepth}`));
  });

  test(`${L.maxAliases} aliases, __typename included`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const ok = await at(aliases(L.maxAliases));
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.data)).toHaveLength(L.maxAliases);
    expect(await at(aliases(L.maxAliases + 1))).toEqual(refused(`Query number of aliases ${L.maxAliases + 1} exceeds the limit of ${L.maxAliases}`));
  });

  test(`${L.maxDirectives} directives`, async () => {
    const directives = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expect((await at(directives(L.maxDirectives))).status).toBe(200);
    expect(await at(directives(L.maxDirectives + 1))).toEqual(refused(`Query number of directives ${L.maxDirectives + 1} exceeds the limit of ${L.maxDirectives}`));
  });

  test(`${L.maxTokens} tokens`, async () => {
    // 15 tokens around a list of kinds: `{ organizationRoots { descendants ( kinds : [` … `] ) { totalCount } } }`.
    const tokens = (n: number) => `{ organizationRoots { descendants(kinds: [${' CELL'.repeat(n - 15)} ]) { totalCount } } }`;
    const ok = await at(tokens(L.maxTokens));
    expect({ status: ok.status, errors: ok.body.errors, subgraphRequests: ok.subgraphRequests }).toEqual({ status: 200, errors: undefined, subgraphRequests: 1 });
    const doc = tokens(L.maxTokens + 1);
    const over = await at(doc);
    expect(over).toEqual({
      status: 400,
      // Parsing stops at the token past the limit: the last `}`.
      body: { errors: [{ message: `Syntax Error: Document contains more that ${L.maxTokens} tokens. Parsing aborted.`, locations: [{ line: 1, column: doc.length }], extensions: { code: 'GRAPHQL_PARSE_FAILED', field: 'query' } }] },
      subgraphRequests: 0,
    });
  });

  // cost = 2 + 1.5 × first × (2 + 1.5 × (2 + 1.5 × (2 + 1.5 × 1))) = 2 + 19.3125 × first: 10,355 is the largest page within 200,000.
  const DESCENDANTS = 'query($n: Int) { organizationRoots { descendants(first: $n) { edges { node { id } } } } }';
  test(`cost ${L.maxCost}, with the page size as a variable or a literal`, async () => {
    // Under the limit the gateway lets it through, and the subgraph refuses a page over 500 itself.
    const bySubgraph = (r: Awaited<ReturnType<typeof at>>) => ({ status: r.status, codes: r.body.errors?.map((e: any) => `${e.extensions.code} ${e.extensions.field}`), subgraphRequests: r.subgraphRequests });
    const pageTooLarge = { status: 200, codes: ['BAD_USER_INPUT first'], subgraphRequests: 1 };
    expect(bySubgraph(await at(`{ organizationRoots { descendants(first: 10355) { edges { node { id } } } } }`))).toEqual(pageTooLarge);
    expect(await at(`{ organizationRoots { descendants(first: 10356) { edges { node { id } } } } }`)).toEqual(refused(`Query cost 200002.25 exceeds the limit of ${L.maxCost}`));
    expect(bySubgraph(await at(DESCENDANTS, { n: 10355 }))).toEqual(pageTooLarge);
    expect(await at(DESCENDANTS, { n: 10356 })).toEqual(refused(`Query cost 200002.25 exceeds the limit of ${L.maxCost}`));
  });
});
