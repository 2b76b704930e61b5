// Writes the persisted-operation manifests of the gateway's safelist (operations/*.json, in the format of
// Apollo's persisted query manifests: id = sha256 of the body, exactly as the client sends it):
//  - web.json: every operation of the web client (apps/web/src/client/graphql/operations.ts), as Apollo
//    Client sends it (its cache adds __typename to every selection), captured from a real Apollo Client;
//  - reporting.json: every operation of operations/reporting.graphql (the reporting client and BI tools).
// `node scripts/safelist.mjs --check` writes nothing and fails when a manifest is not current.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gatewayDir = path.resolve(here, '..');
const root = path.resolve(gatewayDir, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const { parse, print, separateOperations } = require('graphql');

const sha256 = (body) => createHash('sha256').update(body).digest('hex');

function manifest(operations) {
  const sorted = [...operations].sort((a, b) => a.name.localeCompare(b.name));
  const list = sorted.map(({ name, type, body }) => ({ id: sha256(body), name, type, body }));
  return JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: list }, null, 2) + '\n';
}

/** Loads a TypeScript module of the web client (transpiled in memory) with the workspace's packages. */
function loadTs(file) {
  const ts = require('typescript');
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
    fileName: file,
  });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(outputText, file);
  return mod.exports;
}

/** Every operation the web client defines, captured as its Apollo Client sends it. */
async function webOperations() {
  const dir = path.join(root, 'apps/web/src/client');
  const operations = loadTs(path.join(dir, 'graphql/operations.ts'));
  const { createCache } = loadTs(path.join(dir, 'apollo.ts'));
  const { ApolloClient, HttpLink } = require('@apollo/client');
  const sent = [];
  const capture = async (_uri, init) => {
    sent.push(JSON.parse(init.body));
    return new globalThis.Response(JSON.stringify({ data: null }), { headers: { 'content-type': 'application/json' } });
  };
  const client = new ApolloClient({ cache: createCache(), link: new HttpLink({ uri: 'http://capture.invalid/graphql', fetch: capture }) });
  const out = [];
  for (const value of Object.values(operations)) {
    const op = value?.kind === 'Document' ? value.definitions.find((d) => d.kind === 'OperationDefinition') : undefined;
    if (!op) continue;
    sent.length = 0;
    if (op.operation === 'mutation') await client.mutate({ mutation: value, fetchPolicy: 'no-cache' }).catch(() => undefined);
    else await client.query({ query: value, fetchPolicy: 'no-cache' }).catch(() => undefined);
    if (sent.length !== 1) throw new Error(`web operation ${op.name?.value}: Apollo Client sent ${sent.length} requests`);
    out.push({ name: sent[0].operationName, type: op.operation, body: sent[0].query });
  }
  client.stop();
  return out;
}

/** Every operation of a .graphql file, each with the fragments it uses. */
function graphqlFileOperations(file) {
  return Object.entries(separateOperations(parse(readFileSync(file, 'utf8')))).map(([name, doc]) => ({
    name,
    type: doc.definitions.find((d) => d.kind === 'OperationDefinition').operation,
    body: print(doc),
  }));
}

const check = process.argv.includes('--check');
const targets = [
  ['web.json', await webOperations()],
  ['reporting.json', graphqlFileOperations(path.join(gatewayDir, 'operations/reporting.graphql'))],
];
let stale = 0;
for (const [file, operations] of targets) {
  const target = path.join(gatewayDir, 'operations', file);
  const text = manifest(operations);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current === text) {
    console.log(`operations/${file}: current (${operations.length} operations)`);
  } else if (check) {
    console.error(`operations/${file} is not current: run \`npm run safelist -w @party/gateway\``);
    stale++;
  } else {
    writeFileSync(target, text);
    console.log(`operations/${file}: ${operations.length} operations written`);
  }
}
process.exit(stale ? 1 : 0);
