import { generateInternalKeyPair } from '@party/subgraph-kit';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoIssuerKeys } from '../src/auth';
import { DEFAULT_SAFELIST_DIR, loadGatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { loadSafelist, operationId } from '../src/safelist';
import { post, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

// The persisted-operation safelist: manifests of the web and reporting clients (operations/*.json),
// enforced, logged or off.

const manifest = (client: string) => JSON.parse(readFileSync(path.join(DEFAULT_SAFELIST_DIR, `${client}.json`), 'utf8')).operations as { id: string; name: string; body: string }[];
const op = (client: string, name: string) => manifest(client).find((o) => o.name === name)!;
const persisted = (id: string, variables: Record<string, unknown> = {}) => post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
const UNLISTED = '{ organizationRoots { id name } }';

describe('SAFELIST_MODE=enforce', () => {
  let p: GatewayTestPlatform;
  beforeAll(async () => {
    p = await startGatewayPlatform({ production: true, gatewayEnv: { SAFELIST_MODE: 'enforce' } });
  });
  afterAll(() => p?.stop());

  const send = async (init: RequestInit) => {
    const before = p.subgraphRequests();
    const res = await p.send(init);
    return { status: res.status, body: res.body, subgraphRequests: p.subgraphRequests() - before };
  };
  const notSafelisted = { status: 403, body: { errors: [{ message: 'This operation is not in the safelist of persisted operations', extensions: { code: 'OPERATION_NOT_SAFELISTED', field: 'query' } }] }, subgraphRequests: 0 };

  test('a safelisted operation runs when sent by its id alone (Apollo persisted query)', async () => {
    const roots = op('web', 'OrganizationRoots');
    expect(await send(persisted(roots.id, { asOf: '2024-12-31', year: 2024 }))).toEqual({ status: 200, body: { data: { organizationRoots: [] } }, subgraphRequests: 1 });
  });

  test('a safelisted operation runs when sent in full, with or without its id', async () => {
    const grades = op('reporting', 'GradeDistribution');
    const variables = { under: '00000000-0000-4000-8000-000000000000', year: 2024 };
    const full = await send(post({ query: grades.body, variables }));
    const both = await send(post({ query: grades.body, variables, extensions: { persistedQuery: { version: 1, sha256Hash: grades.id } } }));
    for (const res of [full, both]) {
      expect(res.status).toBe(200);
      expect(res.subgraphRequests).toBe(1);
      expect(res.body.errors?.[0]?.extensions?.code).not.toBe('OPERATION_NOT_SAFELISTED');
    }
  });

  test('any other document is refused with 403 before it is parsed, even a safelisted one written differently', async () => {
    expect(await send(post({ query: UNLISTED }))).toEqual(notSafelisted);
    expect(await send(post({ query: op('reporting', 'GradeDistribution').body.replace(/\n/g, ' ') }))).toEqual(notSafelisted);
    expect(await send(post({ query: '{ __typename }' }))).toEqual(notSafelisted);
  });

  test('an unlisted document cannot be registered as an automatic persisted query, and unknown ids are refused', async () => {
    const id = operationId(UNLISTED);
    expect(await send(post({ query: UNLISTED, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }))).toEqual(notSafelisted);
    const unknownId = { ...notSafelisted, body: { errors: [{ ...notSafelisted.body.errors[0], extensions: { code: 'OPERATION_NOT_SAFELISTED', field: 'extensions.persistedQuery.sha256Hash' } }] } };
    expect(await send(persisted(id))).toEqual(unknownId);
    expect(await send(persisted('0'.repeat(64)))).toEqual(unknownId);
  });

  test('over GET too', async () => {
    const roots = op('web', 'OrganizationRoots');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: roots.id } }));
    const ok = await send({ method: 'GET', headers: { 'apollo-require-preflight': 'true' }, path: `?variables=${encodeURIComponent('{"year":2024}')}&extensions=${extensions}` } as RequestInit);
    expect(ok).toEqual({ status: 200, body: { data: { organizationRoots: [] } }, subgraphRequests: 1 });
    expect(await send({ method: 'GET', headers: { 'apollo-require-preflight': 'true' }, path: `?query=${encodeURIComponent(UNLISTED)}` } as RequestInit)).toEqual(notSafelisted);
  });

  test('a safelisted id sent with another document is refused (the id must be the sha256 of the document)', async () => {
    expect(await send(post({ query: UNLISTED, extensions: { persistedQuery: { version: 1, sha256Hash: op('web', 'OrganizationRoots').id } } }))).toEqual(notSafelisted);
  });
});

describe('SAFELIST_MODE=log and off', () => {
  test.each(['log', 'off'])('%s: unlisted documents run; safelisted ones are found by id; an id must match its document', async (mode) => {
    const p = await startGatewayPlatform({ production: true, gatewayEnv: { SAFELIST_MODE: mode } });
    try {
      expect((await p.send(post({ query: UNLISTED }))).body).toEqual({ data: { organizationRoots: [] } });
      expect((await p.send(persisted(op('web', 'OrganizationRoots').id, { year: 2024 }))).body).toEqual({ data: { organizationRoots: [] } });
      const mismatch = await p.send(post({ query: UNLISTED, extensions: { persistedQuery: { version: 1, sha256Hash: op('web', 'OrganizationRoots').id } } }));
      expect({ status: mismatch.status, body: mismatch.body }).toEqual({ status: 400, body: { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] } });
    } finally {
      await p.stop();
    }
    // Each mode boots the whole platform (three subgraphs and their migrations): slow on a busy 2-core machine.
  }, 300_000);
});

describe('the manifests', () => {
  test('are current: the web client’s operations as its Apollo Client sends them, and operations/reporting.graphql', () => {
    const run = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'safelist.mjs'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/operations\/web\.json: current \(\d+ operations\)/);
    expect(run.stdout).toMatch(/operations\/reporting\.json: current \(7 operations\)/);
  });

  test('every id is the sha256 of its body', () => {
    for (const client of ['web', 'reporting']) for (const o of manifest(client)) expect(`${o.name} ${operationId(o.body)}`).toBe(`${o.name} ${o.id}`);
  });

  test('a broken manifest stops the gateway at boot, every problem listed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safelist-'));
    try {
      writeFileSync(path.join(dir, 'web.json'), JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'a'.repeat(64), name: 'Roots', type: 'query', body: '{ organizationRoots { id } }' }, { id: operationId('{ oops'), name: 'Broken', type: 'query', body: '{ oops' }] }));
      writeFileSync(path.join(dir, 'bi.json'), '{ not json');
      const expected = [
        `Invalid safelist in ${dir}:`,
        '  - bi.json: not JSON (Expected property name or \'}\' in JSON at position 2)',
        `  - web.json: operations.0 (Roots): id is not the sha256 of its body (expected ${operationId('{ organizationRoots { id } }')})`,
        '  - web.json: operations.1 (Broken): body does not parse: Syntax Error: Expected Name, found <EOF>.',
      ].join('\n');
      // Node's JSON.parse message differs between versions: compare without its "(line …)" part.
      const problems = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return (e as Error).message.replace(/ \(line \d+ column \d+\)/, '');
        }
        return 'no error';
      };
      expect(problems(() => loadSafelist(dir, 'enforce'))).toBe(expected);
      const keys = await generateInternalKeyPair();
      const issuer = await generateDemoIssuerKeys();
      const config = loadGatewayConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', AUTH_PUBLIC_JWK: issuer.publicJwk, GATEWAY_PRIVATE_JWK: keys.privateJwk, SAFELIST_MODE: 'log', SAFELIST_DIR: dir });
      await expect(startGateway(config)).rejects.toThrow(`Invalid safelist in ${dir}:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an enforced safelist needs its folder', () => {
    expect(() => loadSafelist('/nonexistent/operations', 'enforce')).toThrow('Invalid safelist: SAFELIST_DIR /nonexistent/operations does not exist (SAFELIST_MODE=enforce)');
    expect(loadSafelist('/nonexistent/operations', 'off').size).toBe(0);
  });
});
