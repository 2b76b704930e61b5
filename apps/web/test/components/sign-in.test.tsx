import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { forgetAuthConfig } from '../../src/client/auth-config';
import { I18nProvider } from '../../src/client/i18n/i18n';
import { SignInPage } from '../../src/client/pages/sign-in-page';
import { sessionFromToken, SessionProvider } from '../../src/client/session';

// The sign-in page offers what the server's /config says: the identity provider, the demo users, both or neither.

const OIDC = {
  issuer: 'https://sso.example.org/realms/party',
  clientId: 'party-web',
  redirectUri: null,
  postLogoutRedirectUri: null,
  scope: 'openid profile',
  providerName: 'Party SSO',
  rolesClaim: 'realm_access.roles',
  scopeClaim: 'party_orgs',
  roleMap: { 'party-officer': 'ORG_OFFICER' },
};

function serve(config: unknown, demoUsers: unknown[] = []) {
  const calls: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    // jsdom has no Response: what the page reads of one.
    const reply = (status: number, body: unknown) => ({ ok: status === 200, status, json: async () => body });
    if (url === '/config') return reply(200, config);
    if (url === '/demo/users') return reply(200, { users: demoUsers });
    return reply(404, {});
  }) as typeof fetch;
  return calls;
}

function renderPage(locale: 'en' | 'vi' = 'en') {
  return render(
    <I18nProvider locale={locale}>
      <SessionProvider initial={null}>
        <MemoryRouter initialEntries={['/signin']}>
          <SignInPage />
        </MemoryRouter>
      </SessionProvider>
    </I18nProvider>,
  );
}

// /config is fetched once per page load: forget it between tests.
beforeEach(() => forgetAuthConfig());

test('with a provider only: "Sign in with <provider>", no demo users (and /demo/users is not asked)', async () => {
  const calls = serve({ demo: false, oidc: OIDC });
  renderPage();
  expect(await screen.findByRole('button', { name: 'Sign in with Party SSO' })).toBeEnabled();
  expect(screen.getByText('Sign in with your account at Party SSO. You see only the organisations in your scope.')).toBeInTheDocument();
  expect(screen.queryByText('Demo users')).toBeNull();
  expect(calls).toEqual(['/config']);
});

test('with both (development with a provider): the provider first, then the demo users; in Vietnamese', async () => {
  serve({ demo: true, oidc: OIDC }, [{ userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'] }]);
  renderPage('vi');
  expect(await screen.findByRole('button', { name: 'Đăng nhập bằng Party SSO' })).toBeInTheDocument();
  expect(await screen.findByRole('button', { name: 'Đăng nhập: system administrator' })).toBeInTheDocument();
  expect(screen.getByRole('heading', { name: 'Người dùng mẫu' })).toBeInTheDocument();
});

test('with neither: says so', async () => {
  serve({ demo: false, oidc: null });
  renderPage();
  expect(await screen.findByText('No way to sign in is configured on this server. Ask the administrator.')).toBeInTheDocument();
  expect(screen.queryAllByRole('button')).toEqual([]);
});

test("a session reads the provider's claims with the gateway's mapping", () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  const token = jwt({ sub: 'officer@party', exp: 2000000000, realm_access: { roles: ['offline_access', 'party-officer'] }, party_orgs: ['o1', 'o2'] });
  expect(sessionFromToken(token, 'Nguyễn Văn Hải', OIDC, 'oidc')).toEqual({
    token,
    userId: 'officer@party',
    label: 'Nguyễn Văn Hải',
    roles: ['offline_access', 'ORG_OFFICER'],
    orgs: ['o1', 'o2'],
    expiresAt: 2000000000,
    via: 'oidc',
  });
  // The demo issuer's own claims, as before.
  expect(sessionFromToken(jwt({ sub: 'admin', exp: 1, roles: ['SYSTEM_ADMIN'], orgs: [] }))).toMatchObject({ roles: ['SYSTEM_ADMIN'], orgs: [], via: 'demo' });
});
