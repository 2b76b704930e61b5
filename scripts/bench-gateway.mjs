// The fixed cost of one request through the gateway: boots the organization subgraph (and, with
// BENCH_MEMBERSHIP=1, the membership subgraph) and the gateway in-process on a fresh, nearly empty
// database, then times trivial requests one after the other, the way scripts/bench.mjs and
// scripts/bench-membership.mjs send theirs (same client, same in-process set-up):
//
//   http-floor    the same client against a bare node:http server answering a constant JSON (the floor)
//   typename      { __typename }                          the gateway alone (no subgraph is asked)
//   org-id        organization(id) { id }                 gateway + one organization subgraph hop
//   subgraph      organization(id) { id }, sent straight to the organization subgraph with a token
//                 signed as the gateway signs it           one subgraph alone
//   member-count  organization(id) { memberCount }        two hops: organization, then membership (BENCH_MEMBERSHIP=1)
//
//   npx turbo run build --filter=@party/testing... --filter=@party/organization...
//   flock /tmp/bench.lock node scripts/bench-gateway.mjs
//   flock /tmp/bench.lock node --cpu-prof --cpu-prof-dir=.data/prof scripts/bench-gateway.mjs   (a CPU profile)
//
// Environment:
//   BENCH_DATABASE_URL   administrative URL of a PostgreSQL (default: an embedded one in .data/bench-gateway-pg)
//   BENCH_ITERATIONS     requests per round and case (default 1000); BENCH_ROUNDS rounds (default 5): the
//                        cases take turns, round after round, and the table gives the median of the rounds' p50/p95
//   BENCH_CASES          comma-separated subset of the cases above
//   BENCH_PRODUCTION=1   the gateway as deployed (NODE_ENV=production, JWKS identity provider, default limits;
//                        the rate limit is raised so the loop is not refused); default: as scripts/bench.mjs runs it
//   BENCH_GATEWAY_ENV    extra gateway environment, e.g. 'SAFELIST_MODE=log,LOG_LEVEL=info'
//   BENCH_LOG_LEVEL      log level of the services (default silent; logs go to stdout)
//   BENCH_MEMBERSHIP=1   also start the membership subgraph and time the two-hop memberCount
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAdminUrl, cleanups, measure, ms, printTable, runBench } from './bench/measure.mjs';

// graphql-js skips its development-only checks under NODE_ENV=production (read when graphql is first required).
process.env.NODE_ENV = 'production';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const say = (...a) => console.log(...a);

const ITER = Number(process.env.BENCH_ITERATIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WITH_MEMBERSHIP = process.env.BENCH_MEMBERSHIP === '1';
const PRODUCTION = process.env.BENCH_PRODUCTION === '1';
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';
const ALL_CASES = ['http-floor', 'typename', 'org-id', 'subgraph', ...(WITH_MEMBERSHIP ? ['member-count'] : [])];
const CASES = process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',').map((s) => s.trim()) : ALL_CASES;
for (const c of CASES) if (!ALL_CASES.includes(c)) throw new Error(`BENCH_CASES: unknown case ${c} (known: ${ALL_CASES.join(', ')})`);
const extraEnv = Object.fromEntries(
  (process.env.BENCH_GATEWAY_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

const needed = [
  ['@party/testing', 'packages/testing/dist/index.js'],
  ['@party/organization', 'apps/organization/dist/index.js'],
  ['@party/gateway', 'apps/gateway/dist/index.js'],
  ...(WITH_MEMBERSHIP ? [['@party/membership', 'apps/membership/dist/index.js']] : []),
];
for (const [pkg, dist] of needed) {
  if (!existsSync(path.join(root, dist))) {
    console.error(`${pkg} is not built (${dist} missing): run \`npx turbo run build\`.`);
    process.exit(1);
  }
}

const { startPlatform } = require('@party/testing');
const { startOrganizationSubgraph, loadOrganizationConfig } = require('@party/organization');
const { createLogger, generateInternalKeyPair, signCallerToken, importInternalKey, CALLER_HEADER } = require('@party/subgraph-kit');

async function main() {
  process.env.TEST_ADMIN_URL = await benchAdminUrl({ root, dirName: 'bench-gateway-pg', say });
  say(`Starting the platform (organization${WITH_MEMBERSHIP ? ', membership' : ''} subgraph + gateway${PRODUCTION ? ', production mode' : ''}) …`);
  // The gateway's key pair is ours (not the harness's), so that the direct case can sign as the gateway does.
  const keys = await generateInternalKeyPair();
  const withKey = (env) => ({ ...env, GATEWAY_PUBLIC_JWK: keys.publicJwk });
  const subgraphs = {
    organization: (env) => startOrganizationSubgraph(loadOrganizationConfig(withKey(env)), { log: createLogger('organization', LOG_LEVEL) }),
  };
  if (WITH_MEMBERSHIP) {
    const { startMembershipSubgraph, loadMembershipConfig } = require('@party/membership');
    subgraphs.membership = (env) => startMembershipSubgraph(loadMembershipConfig(withKey(env)), { log: createLogger('membership', LOG_LEVEL) });
  }
  const platform = await startPlatform(subgraphs, {
    production: PRODUCTION,
    gatewayEnv: { RATE_LIMIT_REQUESTS: '1000000000', GATEWAY_PRIVATE_JWK: keys.privateJwk, ...(LOG_LEVEL !== 'silent' ? { LOG_LEVEL } : {}), ...extraEnv },
  });
  cleanups.push(['platform and database', () => platform.stop()]);
  const token = await platform.token({ userId: 'bench-admin', roles: ['SYSTEM_ADMIN'], scope: [] });

  // One province: created through the gateway, as a client would.
  const created = await platform.query(
    `mutation { createOrganization(input: { code: "BENCH-P", name: "Bench province", kind: PROVINCIAL, effectiveOn: "2024-01-01", decisionRef: "1/QĐ" }) { organization { id } } }`,
    {},
    { token },
  );
  if (created.errors?.length) throw new Error(`createOrganization: ${JSON.stringify(created.errors)}`);
  const orgId = created.data.createOrganization.organization.id;

  const post = (url, body, headers) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (res) => {
      const json = await res.json();
      if (res.status !== 200 || json.errors?.length) throw new Error(`${url}: ${res.status} ${JSON.stringify(json.errors)}`);
      return json.data;
    });
  const viaGateway = (query, variables) => post(platform.gatewayUrl, { query, variables }, { authorization: `Bearer ${token}` });

  const ORG_ID = `query($id: ID!) { organization(id: $id) { id } }`;
  const MEMBER_COUNT = `query($id: ID!) { organization(id: $id) { memberCount } }`;
  // Straight to the subgraph: the caller signed as the gateway signs it (a fresh token per request, like the gateway).
  const gatewayKey = await importInternalKey(keys.privateJwk);
  const subgraphQuery = `query($id: ID!) { organization(id: $id) { id } }`;
  // The floor: what the client and loopback HTTP cost without any GraphQL server.
  const floorServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"data":{"__typename":"Query"}}');
    });
  });
  await new Promise((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
  cleanups.push(['floor server', () => new Promise((resolve) => floorServer.close(resolve))]);
  const floorUrl = `http://127.0.0.1:${floorServer.address().port}/graphql`;
  const runs = {
    'http-floor': () => post(floorUrl, { query: '{ __typename }' }, { authorization: `Bearer ${token}` }),
    typename: () => viaGateway('{ __typename }'),
    'org-id': () => viaGateway(ORG_ID, { id: orgId }),
    subgraph: async (i) => {
      const callerToken = await signCallerToken({ userId: 'bench-admin', roles: ['SYSTEM_ADMIN'], scope: [] }, gatewayKey, `direct-${i}`);
      return post(platform.subgraphUrls.organization, { query: subgraphQuery, variables: { id: orgId } }, { [CALLER_HEADER]: callerToken });
    },
    'member-count': () => viaGateway(MEMBER_COUNT, { id: orgId }),
  };
  // Every case answers before timing.
  for (const c of CASES) await runs[c](0);

  const perCase = Object.fromEntries(CASES.map((c) => [c, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of CASES) {
      const cpu0 = process.cpuUsage();
      const r = await measure(runs[c], { warmup: 50, iterations: ITER, budgetMs: 600_000 });
      const cpu = process.cpuUsage(cpu0);
      perCase[c].push({ ...r, cpu: (cpu.user + cpu.system) / 1000 / (50 + r.n) });
    }
    say(`round ${round}/${ROUNDS}: ${CASES.map((c) => `${c} ${ms(perCase[c].at(-1).p50)} (cpu ${ms(perCase[c].at(-1).cpu)})`).join(', ')}`);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  say('');
  say(`${ITER} sequential requests per case and round, ${ROUNDS} rounds; milliseconds (median of the rounds)`);
  say('CPU per request: user + system CPU time of this process (client, gateway and subgraphs; PostgreSQL not');
  say('included) per request — steadier than latency when other work shares the machine.');
  printTable(
    say,
    ['case', 'p50', 'p95', 'min', 'rounds p50 (min–max)', 'CPU per request'],
    CASES.map((c) => {
      const rs = perCase[c];
      const p50s = rs.map((r) => r.p50);
      return [c, ms(median(p50s)), ms(median(rs.map((r) => r.p95))), ms(median(rs.map((r) => r.min))), `${ms(Math.min(...p50s))}–${ms(Math.max(...p50s))}`, ms(median(rs.map((r) => r.cpu)))];
    }),
  );
}

await runBench(main);
