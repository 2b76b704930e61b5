import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadWebOidcConfig, startWebServer, type RunningWebServer } from '../../src/server/web-server';

// How the application learns to sign in (GET /config), the identity provider's origin in the
// Content-Security-Policy, and the WEB_OIDC_* settings checked at boot.
let dir: string;
let withOidc: RunningWebServer;
let demoOnly: RunningWebServer;
let none: RunningWebServer;

const OIDC = {
  issuer: 'https://id.example.org/realms/party',
  clientId: 'party-web',
  scope: 'openid profile',
  providerName: 'Party SSO',
  rolesClaim: 'realm_access.roles',
  scopeClaim: 'party_orgs',
  roleMap: { 'party-officer': 'ORG_OFFICER' },
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'web-oidc-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  const gatewayUrl = 'http://127.0.0.1:9/graphql';
  withOidc = await startWebServer({ port: 0, staticDir: dir, gatewayUrl, oidc: OIDC, demo: null });
  demoOnly = await startWebServer({ port: 0, staticDir: dir, gatewayUrl, demo: { users: [], mintToken: async () => 't' } });
  none = await startWebServer({ port: 0, staticDir: dir, gatewayUrl });
});
afterAll(async () => {
  await withOidc?.stop();
  await demoOnly?.stop();
  await none?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('GET /config says how to sign in: the provider (with the claim mapping) and whether the demo sign-in exists', async () => {
  const res = await fetch(`${withOidc.url}/config`);
  expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'no-store']);
  expect(await res.json()).toEqual({ demo: false, oidc: { ...OIDC, redirectUri: null, postLogoutRedirectUri: null } });
  expect(await (await fetch(`${demoOnly.url}/config`)).json()).toEqual({ demo: true, oidc: null });
  expect(await (await fetch(`${none.url}/config`)).json()).toEqual({ demo: false, oidc: null });
  expect((await fetch(`${none.url}/config`, { method: 'POST' })).status).toBe(405);
  expect((await fetch(`${withOidc.url}/demo/users`)).status).toBe(404);
});

test("the application's pages may fetch from the provider's origin (discovery, token endpoint), and only from it", async () => {
  const csp = (await fetch(`${withOidc.url}/signin/callback?code=x&state=y`)).headers.get('content-security-policy');
  expect(csp).toContain("connect-src 'self' https://id.example.org;");
  expect(csp).toContain("frame-ancestors 'none'");
  expect((await fetch(`${none.url}/`)).headers.get('content-security-policy')).toContain("connect-src 'self';");
});

test('WEB_OIDC_* settings: none → no provider; defaults; every problem named at boot', () => {
  expect(loadWebOidcConfig({})).toBeNull();
  expect(loadWebOidcConfig({ WEB_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/party', WEB_OIDC_CLIENT_ID: 'party-web', AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_SCOPE_CLAIM: 'party_orgs', AUTH_ROLE_MAP: 'party-officer=ORG_OFFICER, party-admin=SYSTEM_ADMIN' })).toEqual({
    issuer: 'http://127.0.0.1:8080/realms/party',
    clientId: 'party-web',
    redirectUri: undefined,
    postLogoutRedirectUri: undefined,
    scope: 'openid profile',
    providerName: '127.0.0.1:8080',
    rolesClaim: 'realm_access.roles',
    scopeClaim: 'party_orgs',
    roleMap: { 'party-officer': 'ORG_OFFICER', 'party-admin': 'SYSTEM_ADMIN' },
  });
  const problems = (env: Record<string, string>) => {
    try {
      loadWebOidcConfig(env);
      return [];
    } catch (e) {
      return (e as Error).message.split('\n').slice(1);
    }
  };
  expect(problems({ WEB_OIDC_CLIENT_ID: 'party-web' })).toEqual(["  - WEB_OIDC_ISSUER: required when WEB_OIDC_CLIENT_ID is set (the identity provider's issuer URL)"]);
  expect(problems({ NODE_ENV: 'production', WEB_OIDC_ISSUER: 'http://id.example.org', WEB_OIDC_REDIRECT_URI: 'callback', WEB_OIDC_SCOPE: 'profile', AUTH_ROLE_MAP: 'officer' })).toEqual([
    "  - WEB_OIDC_CLIENT_ID: required when WEB_OIDC_ISSUER is set (the web client's id at the identity provider)",
    '  - WEB_OIDC_ISSUER: must be an https:// URL when NODE_ENV=production (plain http only on the loopback interface)',
    '  - WEB_OIDC_REDIRECT_URI: must be an absolute URL, got "callback"',
    '  - WEB_OIDC_SCOPE: must include "openid", got "profile"',
    '  - AUTH_ROLE_MAP: "officer" is not of the form idp-role=PLATFORM_ROLE',
  ]);
});
