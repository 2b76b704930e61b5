import { getIntrospectionQuery } from 'graphql';
import { DEFAULT_LIMITS } from '../src/config';
import { leaks, post, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

// Documents and requests an attacker sends to the public endpoint, against the gateway as deployed
// (NODE_ENV=production, default limits). Every one must be refused with a 4xx before any resolver
// runs: no request reaches a subgraph and no SQL statement is sent. No response may carry a stack
// trace, SQL, an internal URL or a service name.

let p: GatewayTestPlatform;
beforeAll(async () => {
  p = await startGatewayPlatform();
});
afterAll(() => p?.stop());

const L = DEFAULT_LIMITS;
const times = (n: number, f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
const nest = (n: number, open: string, inner: string, close: string) => open.repeat(n) + inner + close.repeat(n);
const THREE_MB = 3 * 1024 * 1024;

interface Attack {
  name: string;
  request: () => RequestInit & { path?: string };
  status: number;
  code: string;
  message?: RegExp;
  /** Text the response must not contain (a suggestion of the real name). */
  notContaining?: RegExp;
}

const gql = (query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => post({ query, variables, ...extra });
const get = (query: string, headers: Record<string, string> = {}, operationName?: string) => () => ({
  method: 'GET',
  headers,
  path: `?query=${encodeURIComponent(query)}${operationName ? `&operationName=${operationName}` : ''}`,
});
const raw = (contentType: string | null, body: NonNullable<RequestInit['body']>, extra: RequestInit = {}) => () => ({
  method: 'POST',
  headers: contentType ? { 'content-type': contentType } : {},
  body,
  ...extra,
});

const depthError = (found: number) => new RegExp(`^Query depth ${found} exceeds the limit of ${L.maxDepth}$`);
const aliasError = (found: number) => new RegExp(`^Query number of aliases ${found} exceeds the limit of ${L.maxAliases}$`);
const directiveError = (found: number) => new RegExp(`^Query number of directives ${found} exceeds the limit of ${L.maxDirectives}$`);
const costError = new RegExp(`^Query cost [\\d.]+ exceeds the limit of ${L.maxCost}$`);
const tooManyTokens = new RegExp(`^Syntax Error: Document contains more that ${L.maxTokens} tokens\\. Parsing aborted\\.$`);
const CSRF = /Cross-Site Request Forgery/;
const INTROSPECTION = /introspection is not allowed/;

const MEMBER_PAGE = 'members(first: 500) { edges { node { fullName status events { type effectiveOn } } } }';
const FACT_COLUMNS =
  'year organizationId code name kind parentCode path depth target admitted admittedQ1 admittedQ2 admittedQ3 admittedQ4 achievementRate grade score membersAtStart membersAtEnd admittedWomen admittedEthnicMinority admittedYouthUnion admittedAge18to30 removedStruckOff removedExpelled removedWithdrawn removedDeceased removedProbationNotRecognized finalized';
const FACTS = `evaluationFacts(year: 2024, first: 1000) { totalCount edges { node { ${FACT_COLUMNS} } } }`;
const createInput = (i: number) => `{ code: "FLOOD-${i}", name: "Flood ${i}", kind: CELL, effectiveOn: "2024-01-01", decisionRef: "X" }`;

const corpus: Attack[] = [
  // ---------------------------------------------------------------- deep nesting
  { name: 'children nested 16 levels', request: gql(`{ organizationRoots { ${nest(16, 'children { edges { node { ', 'name', ' } } }')} } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: depthError(50) },
  { name: 'parent chain 40 levels', request: gql(`{ organizationRoots { ${nest(40, 'parent { ', 'id', ' }')} } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: depthError(42) },
  { name: 'depth one over the limit', request: gql(`{ organizationRoots { ${nest(L.maxDepth - 1, 'parent { ', 'id', ' }')} } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: depthError(L.maxDepth + 1) },
  {
    name: 'depth through a chain of named fragments',
    request: gql(`{ organizationRoots { ...F0 } } ${times(20, (i) => `fragment F${i} on Organization { parent { ${i < 19 ? `...F${i + 1}` : 'id'} } }`)}`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /^Query depth \d+ exceeds the limit of 15$/,
  },
  { name: 'depth through inline fragments', request: gql(`{ organizationRoots { ${nest(20, '... on Organization { parent { ', 'id', ' } }')} } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Query depth \d+ exceeds the limit of 15$/ },
  {
    name: 'depth across subgraphs (member → organization → members → …)',
    request: gql(`{ member(id: "00000000-0000-0000-0000-000000000000") { ${nest(5, 'organization { members { edges { node { ', 'fullName', ' } } } }')} } }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: depthError(22),
  },
  // ---------------------------------------------------------------- alias floods (`__typename` counts)
  { name: `${L.maxAliases + 1} aliases of __typename`, request: gql(`{ ${times(L.maxAliases + 1, (i) => `t${i}: __typename`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: aliasError(L.maxAliases + 1) },
  { name: '1,000 aliases of __typename', request: gql(`{ ${times(1000, (i) => `t${i}: __typename`)} }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: '100 aliases of organizationRoots', request: gql(`{ ${times(100, (i) => `r${i}: organizationRoots { id }`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: aliasError(100) },
  { name: '25 aliased createOrganization mutations', request: gql(`mutation { ${times(25, (i) => `m${i}: createOrganization(input: ${createInput(i)}) { organization { id } }`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: aliasError(25) },
  {
    name: 'aliases in a fragment spread five times',
    request: gql(`query { ...A ...A ...A ...A ...A } fragment A on Query { ${times(5, (i) => `a${i}: __typename`)} }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: aliasError(25),
  },
  {
    name: 'aliases at every level of a nested query',
    request: gql(`{ r1: organizationRoots { a: id b: name c: code d: kind children { e: totalCount edges { node { f: id g: name h: code i: kind children { j: totalCount edges { node { k: id l: name m: code n: kind o: __typename p: __typename q: __typename r: __typename s: __typename t: __typename u: __typename } } } } } } } }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: aliasError(22),
  },
  { name: 'aliases spread over inline fragments', request: gql(`{ ${times(6, (j) => `... on Query { ${times(4, (i) => `x${j}_${i}: __typename`)} }`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: aliasError(24) },
  // ---------------------------------------------------------------- directive floods
  { name: `${L.maxDirectives + 1} directives on fields`, request: gql(`{ ${times(L.maxDirectives + 1, (i) => `f${i}: __typename @include(if: true)`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: directiveError(L.maxDirectives + 1) },
  { name: '1,000 @include on one field', request: gql(`{ __typename ${times(1000, () => '@include(if: true)')} }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: '40 @skip on one field', request: gql(`{ __typename ${times(40, () => '@skip(if: false)')} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: '50 unknown directives', request: gql(`{ __typename ${times(50, (i) => `@d${i}`)} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: 'directives on fragment spreads',
    request: gql(`query { ${times(12, (i) => `...A${i} @include(if: true)`)} } ${times(12, (i) => `fragment A${i} on Query { __typename }`)}`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: directiveError(12),
  },
  // ---------------------------------------------------------------- token and size bombs
  { name: '5,000 repeated fields', request: gql(`{ ${times(5000, () => '__typename')} }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: '1,000 variable definitions', request: gql(`query(${times(1000, (i) => `$v${i}: Int`, ', ')}) { __typename }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: 'list literal nested 3,000 deep', request: gql(`{ organizationRoots { descendants(kinds: ${nest(3000, '[', 'CELL', ']')}) { totalCount } } }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: 'object literal nested 3,000 deep', request: gql(`mutation { createOrganization(input: ${nest(3000, '{ a: ', '1', ' }')}) { organization { id } } }`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: '2,000 fragment definitions', request: gql(`{ ...F0 } ${times(2000, (i) => `fragment F${i} on Query { __typename }`)}`), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  { name: '500 operations in one document', request: gql(times(500, (i) => `query Q${i} { __typename }`), undefined, { operationName: 'Q0' }), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: tooManyTokens },
  // ---------------------------------------------------------------- cost bombs
  { name: 'pages of 500 members under pages of 100 children', request: gql(`{ organizationRoots { children(first: 100) { edges { node { ${MEMBER_PAGE} } } } } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: costError },
  {
    name: 'the same with page sizes as variables',
    request: gql(`query($a: Int, $b: Int) { organizationRoots { children(first: $a) { edges { node { members(first: $b) { edges { node { fullName status events { type effectiveOn } } } } } } } } }`, { a: 100, b: 500 }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: costError,
  },
  { name: 'descendants of every descendant', request: gql(`{ organizationRoots { descendants(first: 500) { edges { node { descendants(first: 500) { edges { node { id name } } } } } } } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: costError },
  { name: 'two bulk pages of evaluation facts', request: gql(`{ a: ${FACTS} b: ${FACTS} }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: costError },
  { name: 'prospects of every child, 500 a page', request: gql(`{ organizationRoots { children(first: 100) { edges { node { prospects(first: 500) { edges { node { id fullName stage } } } } } } } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: costError },
  {
    name: 'cost hidden in a fragment',
    request: gql(`query($n: Int) { organizationRoots { children(first: $n) { edges { node { ...M } } } } } fragment M on Organization { ${MEMBER_PAGE} }`, { n: 100 }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: costError,
  },
  // ---------------------------------------------------------------- circular fragments
  { name: 'fragments A → B → A', request: gql(`{ organizationRoots { ...A } } fragment A on Organization { parent { ...B } } fragment B on Organization { parent { ...A } }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "A" within itself/ },
  { name: 'fragment spreading itself', request: gql(`{ organizationRoots { ...A } } fragment A on Organization { id ...A }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "A" within itself/ },
  {
    name: 'fragments A → B → C → A with aliases',
    request: gql(`{ organizationRoots { ...A } } fragment A on Organization { x: parent { ...B } } fragment B on Organization { y: children { edges { node { ...C } } } } fragment C on Organization { z: parent { ...A } }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot spread fragment "A" within itself/,
  },
  { name: 'circular fragments on Query', request: gql(`query { ...Q } fragment Q on Query { organizationRoots { id } ...R } fragment R on Query { ...Q }`), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "Q" within itself/ },
  // ---------------------------------------------------------------- array batching
  { name: 'a batch of two operations', request: () => post([{ query: '{ organizationRoots { id } }' }, { query: '{ __typename }' }]), status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ },
  { name: 'a batch of 100 operations', request: () => post(Array.from({ length: 100 }, () => ({ query: '{ organizationRoots { id } }' }))), status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ },
  {
    name: 'a batch hiding a mutation',
    request: () => post([{ query: '{ __typename }' }, { query: `mutation { createOrganization(input: ${createInput(0)}) { organization { id } } }` }]),
    status: 400,
    code: 'BAD_REQUEST',
    message: /^Operation batching disabled\.$/,
  },
  // ---------------------------------------------------------------- introspection probes (off in production)
  { name: 'introspection: __schema', request: gql('{ __schema { types { name } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: 'introspection: __type', request: gql('{ __type(name: "Member") { fields { name } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: 'introspection: aliased __schema', request: gql('{ s: __schema { queryType { name } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: 'introspection in a fragment', request: gql('query { ...I } fragment I on Query { __schema { types { name } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: 'introspection in an inline fragment', request: gql('{ ... on Query { __type(name: "Query") { name } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: 'introspection over GET', request: get('{ __schema { queryType { name } } }', { 'apollo-require-preflight': 'true' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  { name: "GraphiQL's full introspection query", request: gql(getIntrospectionQuery()), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: INTROSPECTION },
  // ---------------------------------------------------------------- suggestion probes (no "Did you mean …?")
  { name: 'misspelled root field', request: gql('{ organisation(code: "X") { name } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Cannot query field "organisation" on type "Query"\.$/, notContaining: /organization\b|Did you mean/ },
  { name: 'misspelled field', request: gql('{ organizationRoots { nam } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Cannot query field "nam" on type "Organization"\.$/, notContaining: /"name"|Did you mean/ },
  { name: 'misspelled argument', request: gql('{ organizationRoots { children(frist: 5) { totalCount } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Unknown argument "frist" on field "Organization\.children"\.$/, notContaining: /"first"|Did you mean/ },
  { name: 'misspelled type in a fragment', request: gql('{ organizationRoots { ...F } } fragment F on Organisation { id }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Unknown type "Organisation"\.$/, notContaining: /"Organization"|Did you mean/ },
  { name: 'misspelled enum value', request: gql('{ organizationRoots { descendants(kinds: [CEL]) { totalCount } } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Value "CEL" does not exist in "OrganizationKind" enum\.$/, notContaining: /"CELL"|Did you mean/ },
  {
    name: 'misspelled enum value in a variable',
    request: gql('query($k: [OrganizationKind!]) { organizationRoots { descendants(kinds: $k) { totalCount } } }', { k: ['CEL'] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /^Variable "\$k" got invalid value "CEL" at "k\[0\]"; Value "CEL" does not exist in "OrganizationKind" enum\.$/,
    notContaining: /"CELL"|Did you mean/,
  },
  // ---------------------------------------------------------------- mutations over GET
  { name: 'a mutation over GET', request: get(`mutation { createOrganization(input: ${createInput(1)}) { organization { id } } }`, { 'apollo-require-preflight': 'true' }), status: 405, code: 'BAD_REQUEST', message: /GET requests only support query operations/ },
  { name: 'a mutation over GET without a preflight header', request: get(`mutation { createOrganization(input: ${createInput(2)}) { organization { id } } }`), status: 400, code: 'BAD_REQUEST', message: CSRF },
  {
    name: 'a mutation picked by operationName over GET',
    request: get(`query Q { __typename } mutation M { createOrganization(input: ${createInput(3)}) { organization { id } } }`, { 'apollo-require-preflight': 'true' }, 'M'),
    status: 405,
    code: 'BAD_REQUEST',
    message: /GET requests only support query operations/,
  },
  // ---------------------------------------------------------------- CSRF: "simple" requests without a preflight header
  { name: 'a form post', request: raw('application/x-www-form-urlencoded', `query=${encodeURIComponent(`mutation { createOrganization(input: ${createInput(4)}) { organization { id } } }`)}`), status: 400, code: 'BAD_REQUEST', message: CSRF },
  { name: 'a text/plain post of JSON', request: raw('text/plain', JSON.stringify({ query: `mutation { createOrganization(input: ${createInput(5)}) { organization { id } } }` })), status: 400, code: 'BAD_REQUEST', message: CSRF },
  { name: 'a multipart form post', request: raw('multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ organizationRoots { id } }\r\n--x--\r\n`), status: 400, code: 'BAD_REQUEST', message: CSRF },
  { name: 'a GET without a preflight header', request: get('{ organizationRoots { id } }'), status: 400, code: 'BAD_REQUEST', message: CSRF },
  { name: 'a post without a content type', request: raw(null, new TextEncoder().encode(JSON.stringify({ query: '{ organizationRoots { id } }' }))), status: 400, code: 'BAD_REQUEST', message: CSRF },
  // ---------------------------------------------------------------- bodies over 1 MB
  { name: 'a 3 MB JSON body', request: () => post({ query: '{ organizationRoots { id } }', variables: { pad: 'x'.repeat(THREE_MB) } }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /^Request body is too large$/ },
  { name: 'a 3 MB text/plain body', request: raw('text/plain', 'x'.repeat(THREE_MB)), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /^Request body is too large$/ },
  {
    name: 'a 3 MB JSON body sent in chunks, without a length',
    request: () => {
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"query":"{ __typename }","pad":"'));
        },
        pull(c) {
          if (sent >= THREE_MB) {
            c.enqueue(new TextEncoder().encode('"}'));
            c.close();
            return;
          }
          sent += chunk.length;
          c.enqueue(chunk);
        },
      });
      return { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit;
    },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: /^Request body is too large$/,
  },
  // ---------------------------------------------------------------- malformed requests
  { name: 'malformed JSON', request: raw('application/json', '{"query": "{ organizationRoots { id } }"'), status: 400, code: 'BAD_REQUEST', message: /^Request body is not valid JSON$/ },
  { name: 'a query that is not a string', request: () => post({ query: { organizationRoots: { id: true } } }), status: 400, code: 'BAD_REQUEST' },
  { name: 'an empty JSON object', request: () => post({}), status: 400, code: 'BAD_REQUEST' },
];

test(`the corpus holds at least 50 attacks (${corpus.length})`, () => {
  expect(corpus.length).toBeGreaterThanOrEqual(50);
  expect(new Set(corpus.map((a) => a.name)).size).toBe(corpus.length);
});

test('the counters see what a legitimate query does (the control: a subgraph request and SQL)', async () => {
  const before = { requests: p.subgraphRequests(), sql: p.statements.count };
  const res = await p.send(post({ query: '{ organizationRoots { id memberCount } }' }));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ data: { organizationRoots: [] } });
  expect(p.subgraphRequests()).toBeGreaterThan(before.requests);
  expect(p.statements.count).toBeGreaterThan(before.sql);
});

describe.each(corpus)('$name', (attack) => {
  test(`is refused with ${attack.status} ${attack.code} before any resolver runs, and leaks nothing`, async () => {
    const before = { requests: p.subgraphRequests(), sql: p.statements.count };
    const res = await p.send(attack.request());
    expect({ status: res.status, code: res.body?.errors?.[0]?.extensions?.code }).toEqual({ status: attack.status, code: attack.code });
    expect(res.body.data ?? null).toBeNull();
    if (attack.message) expect(res.body.errors.map((e: { message: string }) => e.message)).toContainEqual(expect.stringMatching(attack.message));
    if (attack.notContaining) expect(res.text).not.toMatch(attack.notContaining);
    expect(leaks(res.text, p.subgraphUrls)).toEqual([]);
    expect({ subgraphRequests: p.subgraphRequests() - before.requests, sql: p.statements.count - before.sql }).toEqual({ subgraphRequests: 0, sql: 0 });
  });
});

test('nothing the corpus tried to create exists', async () => {
  const rows = await p.organization.dataSource.query(`SELECT count(*)::int AS n FROM organization.organization WHERE code LIKE 'FLOOD-%'`);
  expect(rows).toEqual([{ n: 0 }]);
});
