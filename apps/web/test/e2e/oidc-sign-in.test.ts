import { signInWithCodeFlow, startOidcProvider, type OidcTestProvider, type OidcTestUser } from '@party/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium';
import { freePort, startPlatformProcess, stopStartedPlatforms, type PlatformProcess } from './platform-process';

// Sign-in through a real OpenID Connect provider (node-oidc-provider, started by the test) in a
// real headless Chromium: the start command configured with the provider (AUTH_JWKS_URL,
// WEB_OIDC_*; Keycloak-style claims mapped by AUTH_ROLES_CLAIM, AUTH_SCOPE_CLAIM, AUTH_ROLE_MAP),
// the user types their login and password on the provider's page, consents, comes back to the
// application and sees the tree of their own scope; sign-out ends the provider's session too.
// The application's Content-Security-Policy is enforced (no bypass).
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'e2e');
jest.setTimeout(120000);

const CLIENT_ID = 'party-web';
let idp: OidcTestProvider;
let platform: PlatformProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let users: Record<string, OidcTestUser>;
const pageErrors: string[] = [];
const bearers: string[] = [];

const row = (code: string) => page.locator(`[role="treeitem"][data-code="${code}"]`);
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>;
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Ids of demo organisations, asked of the platform by the provider's administrator. */
async function orgIds(codes: string[], webUrl: string, redirectUri: string): Promise<string[]> {
  const { access_token } = await signInWithCodeFlow(idp, { clientId: CLIENT_ID, redirectUri, login: 'admin@party', password: users['admin@party']!.password });
  const ids: string[] = [];
  for (const code of codes) {
    const res = await fetch(`${webUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ query: 'query($code: String!) { organization(code: $code, asOf: "2025-12-31") { id } }', variables: { code } }),
    });
    const body = (await res.json()) as { data?: { organization: { id: string } | null }; errors?: unknown };
    if (!body.data?.organization) {
      // Dissolved organisations are asked for on a day they existed.
      const old = await fetch(`${webUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ query: 'query($code: String!) { organization(code: $code, asOf: "2024-12-31") { id } }', variables: { code } }),
      });
      const oldBody = (await old.json()) as { data?: { organization: { id: string } | null }; errors?: unknown };
      if (!oldBody.data?.organization) throw new Error(`no organisation ${code}: ${JSON.stringify(body.errors ?? oldBody.errors)}`);
      ids.push(oldBody.data.organization.id);
    } else ids.push(body.data.organization.id);
  }
  return ids;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  users = { 'admin@party': { password: 'admin-pw', name: 'Quản trị hệ thống', roles: ['party-admin', 'offline_access'] } };
  idp = await startOidcProvider({
    users,
    clients: [{ client_id: CLIENT_ID, redirect_uris: [`${webUrl}/signin/callback`], post_logout_redirect_uris: [`${webUrl}/signin`] }],
    rolesClaim: 'realm_access.roles',
    scopeClaim: 'party_orgs',
  });
  platform = await startPlatformProcess(480000, {
    webPort,
    env: {
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_SCOPE_CLAIM: 'party_orgs',
      AUTH_ROLE_MAP: 'party-officer=ORG_OFFICER,party-viewer=VIEWER,party-admin=SYSTEM_ADMIN',
      WEB_OIDC_ISSUER: idp.issuer,
      WEB_OIDC_CLIENT_ID: CLIENT_ID,
      WEB_OIDC_PROVIDER_NAME: 'Test IdP',
    },
  });
  // The district officer of the demo: Ninh Hải, and the commune that took it over on 2025-07-01.
  const [ninhHai, xaNinhHai] = await orgIds(['NINH_HAI', 'XA_NINH_HAI'], platform.webUrl, `${webUrl}/signin/callback`);
  users = {
    ...users,
    'officer@party': { password: 'officer-pw', name: 'Nguyễn Văn Hải', roles: ['party-officer', 'offline_access', 'default-roles-party'], orgs: [ninhHai!, xaNinhHai!] },
    // Access tokens of 15 s and no refresh token (the scope has no offline_access): the session ends at expiry.
    'short@party': { password: 'short-pw', name: 'Trần Thị Ngắn', roles: ['party-viewer'], orgs: [xaNinhHai!], tokenTtlSeconds: 15 },
  };
  idp.setUsers(users);

  browser = await chromium.launch({
    executablePath: findChromium()!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (req) => {
    const auth = req.headers().authorization;
    if (req.url().startsWith(platform.webUrl + '/graphql') && auth) bearers.push(auth.replace(/^Bearer /, ''));
  });
}, 600000);

afterAll(async () => {
  await browser?.close();
  await stopStartedPlatforms();
  await idp?.stop();
}, 60000);

test('the sign-in page offers the provider and no demo users (the demo issuer is off)', async () => {
  await page.goto(`${platform.webUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
  expect(await page.locator('[data-user]').count()).toBe(0);
  expect((await fetch(`${platform.webUrl}/demo/users`)).status).toBe(404);
  expect(platform.output()).not.toContain('Demo users (tokens');
  expect(platform.output()).toContain('(sign in with Test IdP)');
  await shot('oidc-01-sign-in');
});

test("signs in on the provider's login and consent pages and sees the tree of the user's scope", async () => {
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  // The provider's own login page (another origin).
  await page.waitForURL((url) => url.href.startsWith(idp.issuer + '/interaction/'));
  await page.locator('input[name="login"]').fill('officer@party');
  await page.locator('input[name="password"]').fill('officer-pw');
  await shot('oidc-02-provider-login');
  await page.locator('button[type="submit"]').click();
  // Its consent page.
  await page.getByRole('button', { name: 'Continue' }).waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Back in the application: today the district officer's scope is the commune that took Ninh Hải over.
  await page.getByRole('tree', { name: 'Committee tree' }).waitFor();
  expect(new URL(page.url()).origin).toBe(platform.webUrl);
  await row('XA_NINH_HAI').waitFor();
  expect(await row('KHANH_HOA').count()).toBe(0);
  await page.getByText('Signed in as Nguyễn Văn Hải').waitFor();
  await shot('oidc-03-tree');
  // On 31 Dec 2024 the district itself.
  await page.getByRole('button', { name: '31 Dec 2024' }).click();
  await row('NINH_HAI').waitFor();
  expect(await row('NINH_THUAN').count()).toBe(0);
  expect(await row('XA_NINH_HAI').count()).toBe(0);
});

test("the gateway gets the provider's access token; tokens are kept in session storage, never in local storage", async () => {
  expect(bearers.length).toBeGreaterThan(0);
  const token = bearers[bearers.length - 1]!;
  expect(claims(token)).toMatchObject({ iss: idp.issuer, aud: 'party-platform', sub: 'officer@party', realm_access: { roles: ['party-officer', 'offline_access', 'default-roles-party'] } });
  const storage = await page.evaluate(() => ({ local: JSON.stringify(window.localStorage), session: JSON.stringify(window.sessionStorage) }));
  expect(storage.local).not.toContain(token);
  expect(storage.local).toBe('{}');
  expect(storage.session).toContain(token);
});

test("an organisation outside the user's scope gets a clear refusal", async () => {
  await page.goto(`${platform.webUrl}/org/NINH_THUAN?asOf=2024-12-31`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('You do not have access to this organisation. It lies outside your scope (NINH_THUAN).');
  await shot('oidc-04-forbidden');
});

test("sign-out ends the provider's session too: the next sign-in asks for the password again", async () => {
  await page.goto(`${platform.webUrl}/`);
  await page.getByRole('tree', { name: 'Committee tree' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The provider's end-session page asks for confirmation, then sends the browser back to /signin.
  await page.waitForURL((url) => url.href.startsWith(idp.issuer));
  await page.locator('button[autofocus], button[type="submit"]').first().click();
  await page.waitForURL(`${platform.webUrl}/signin**`);
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.issuer + '/interaction/'));
  await page.locator('input[name="password"]').waitFor();
  const storage = await page.evaluate(() => JSON.stringify(window.localStorage));
  expect(storage).toBe('{}');
  expect(pageErrors).toEqual([]);
});

test('without a refresh token the session ends when the access token expires, and the sign-in page says so', async () => {
  // Still on the provider's login page from the test before.
  await page.locator('input[name="login"]').fill('short@party');
  await page.locator('input[name="password"]').fill('short-pw');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('tree', { name: 'Committee tree' }).waitFor();
  await page.getByText('Signed in as Trần Thị Ngắn').waitFor();
  // The access token the client sends for this user (15 s lifetime at the provider).
  const token = [...bearers].reverse().find((b) => claims(b).sub === 'short@party');
  expect(token).toBeDefined();
  const expiresAt = (claims(token!).exp as number) * 1000;
  await page.getByText('Your session has ended. Please sign in again.').waitFor({ timeout: 45000 });
  // Not before the token expired (a second's leeway for clock rounding): measured against the
  // token's own exp claim, so a slow sign-in on a busy machine cannot make it fail.
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 1000);
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
  expect(await page.evaluate(() => window.sessionStorage.getItem('party.session'))).toBeNull();
  await shot('oidc-05-expired');
  expect(pageErrors).toEqual([]);
});
