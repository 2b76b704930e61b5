import { generateInternalKeyPair } from '@party/subgraph-kit';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { generateDemoIssuerKeys } from '../src/auth';
import { loadGatewayConfig, type GatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';

// The gateway's configuration is checked once at boot; in production the demo issuer of `npm start`
// (a local key, issuer "party-demo-issuer") is refused.

let keys: { privateJwk: string; publicJwk: string };
let demo: { privateJwk: string; publicJwk: string };
beforeAll(async () => {
  keys = await generateInternalKeyPair();
  demo = await generateDemoIssuerKeys();
});

const base = () => ({ LOG_LEVEL: 'silent', PORT: '0', GATEWAY_PRIVATE_JWK: keys.privateJwk });
const problems = (env: Record<string, string>) => {
  try {
    loadGatewayConfig(env);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1);
  }
};

test('production refuses the demo issuer: a local key and the demo issuer name, each named', () => {
  expect(problems({ ...base(), NODE_ENV: 'production', AUTH_PUBLIC_JWK: demo.publicJwk })).toEqual([
    "  - AUTH_PUBLIC_JWK: a local (demo) issuer key is refused when NODE_ENV=production: unset AUTH_PUBLIC_JWK and set AUTH_JWKS_URL to the identity provider's keys",
    '  - AUTH_ISSUER: the demo issuer "party-demo-issuer" is refused when NODE_ENV=production: set AUTH_ISSUER to the identity provider\'s issuer',
  ]);
  expect(problems({ ...base(), NODE_ENV: 'production', AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json' })).toEqual([
    '  - AUTH_ISSUER: the demo issuer "party-demo-issuer" is refused when NODE_ENV=production: set AUTH_ISSUER to the identity provider\'s issuer',
  ]);
  expect(problems({ ...base(), NODE_ENV: 'production', AUTH_ISSUER: 'https://id.example.org', AUTH_JWKS_URL: 'http://id.example.org/jwks.json' })).toEqual([
    '  - AUTH_JWKS_URL: must be an https:// URL when NODE_ENV=production (plain http only on the loopback interface)',
  ]);
});

test('production accepts an identity provider behind a JWKS URL; development and tests accept the demo key', () => {
  expect(problems({ ...base(), NODE_ENV: 'production', AUTH_ISSUER: 'https://id.example.org', AUTH_JWKS_URL: 'https://id.example.org/jwks.json' })).toEqual([]);
  expect(problems({ ...base(), NODE_ENV: 'development', AUTH_PUBLIC_JWK: demo.publicJwk })).toEqual([]);
  expect(problems({ ...base(), NODE_ENV: 'test', AUTH_PUBLIC_JWK: demo.publicJwk })).toEqual([]);
});

test('limits, rate limit and safelist are read and checked, every problem listed', () => {
  const config = loadGatewayConfig({ ...base(), AUTH_PUBLIC_JWK: demo.publicJwk, QUERY_MAX_DEPTH: '9', QUERY_MAX_COST: '5000', RATE_LIMIT_REQUESTS: '30', SAFELIST_MODE: 'enforce', SAFELIST_DIR: '/srv/operations' });
  expect({ limits: config.limits, maxBodyBytes: config.maxBodyBytes, rateLimit: config.rateLimit, safelist: config.safelist }).toEqual({
    limits: { maxDepth: 9, maxAliases: 20, maxDirectives: 10, maxTokens: 1000, maxCost: 5000 },
    maxBodyBytes: 1048576,
    rateLimit: { requests: 30, windowSeconds: 60 },
    safelist: { mode: 'enforce', dir: '/srv/operations' },
  });
  expect(problems({ ...base(), AUTH_PUBLIC_JWK: demo.publicJwk, QUERY_MAX_DEPTH: '0', QUERY_MAX_TOKENS: 'many', SAFELIST_MODE: 'strict', RATE_LIMIT_WINDOW_SECONDS: '-1', REQUEST_MAX_BYTES: '10' })).toEqual([
    '  - QUERY_MAX_DEPTH: Too small: expected number to be >=1',
    '  - QUERY_MAX_TOKENS: Invalid input: expected number, received NaN',
    '  - REQUEST_MAX_BYTES: Too small: expected number to be >=1024',
    '  - RATE_LIMIT_WINDOW_SECONDS: Too small: expected number to be >=1',
    '  - SAFELIST_MODE: Invalid option: expected one of "off"|"log"|"enforce"',
  ]);
});

test('startGateway refuses a production config with the demo issuer however it was built', async () => {
  const config: GatewayConfig = {
    ...loadGatewayConfig({ ...base(), NODE_ENV: 'test', AUTH_PUBLIC_JWK: demo.publicJwk }),
    nodeEnv: 'production',
  };
  await expect(startGateway(config)).rejects.toThrow(/the demo issuer \(a local key or "party-demo-issuer"\) is refused when NODE_ENV=production/);
});

test('the gateway process exits at boot with the problems listed when started in production with the demo issuer', () => {
  const main = path.resolve(__dirname, '..', 'dist', 'main.js');
  const run = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0', GATEWAY_PRIVATE_JWK: keys.privateJwk, AUTH_PUBLIC_JWK: demo.publicJwk },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
  expect(run.stderr).toContain('Invalid configuration:');
  expect(run.stderr).toContain('AUTH_PUBLIC_JWK: a local (demo) issuer key is refused when NODE_ENV=production');
  expect(run.stderr).toContain('AUTH_ISSUER: the demo issuer "party-demo-issuer" is refused when NODE_ENV=production');
});
