import { ApolloProvider } from '@apollo/client';
import { useMemo, useRef, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useMatch, useNavigate } from 'react-router';
import { createApolloClient } from './apollo';
import { AsOfPicker } from './components/as-of-picker';
import { I18nProvider, useI18n } from './i18n/i18n';
import { LOCALES, type Locale } from './i18n/messages';
import { MemberPage } from './pages/member-page';
import { OrganizationPage } from './pages/organization-page';
import { OidcSessionEvents, useSignOutEverywhere } from './oidc-session';
import { SignInCallbackPage, SignInPage } from './pages/sign-in-page';
import { orgPath, useAsOf } from './routing';
import { SessionProvider, useSession } from './session';
import { TreeExplorer } from './tree/tree-explorer';

/** One Apollo client (and cache) per signed-in session: one user's data never shows for another. */
function ClientProvider({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const tokenRef = useRef<string | null>(null);
  tokenRef.current = session?.token ?? null;
  const client = useMemo(
    () => createApolloClient({ getToken: () => tokenRef.current, onUnauthenticated: () => signOut('expired') }),
    [session?.userId, signOut],
  );
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}

function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="language" role="group" aria-label={t('nav.language')}>
      {LOCALES.map((l: Locale) => (
        <button key={l} type="button" className="secondary" lang={l} aria-pressed={locale === l} onClick={() => setLocale(l)}>
          {l === 'vi' ? 'Tiếng Việt' : 'English'}
        </button>
      ))}
    </div>
  );
}

function Shell() {
  const { t } = useI18n();
  const { session } = useSession();
  const signOut = useSignOutEverywhere();
  const [asOf, setAsOf] = useAsOf();
  const navigate = useNavigate();
  const orgMatch = useMatch('/org/:ref');
  const selectedId = orgMatch?.params.ref ?? null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <p className="brand">{t('app.title')}</p>
        <AsOfPicker asOf={asOf} onChange={setAsOf} />
        <LanguageSwitch />
        <p className="user">{t('nav.signedInAs', { user: session?.label ?? '' })}</p>
        <button type="button" className="secondary" onClick={signOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <div className="columns">
        <aside className="side">
          <TreeExplorer asOf={asOf} selectedId={selectedId} onSelect={(id) => navigate(orgPath(id, asOf))} />
        </aside>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function Home() {
  const { t } = useI18n();
  return (
    <section className="home">
      <h1>{t('home.title')}</h1>
      <p>{t('home.body')}</p>
    </section>
  );
}

function NotFound() {
  const { t, date } = useI18n();
  return <p className="state state-empty">{t('state.notFound', { date: date(new Date().toISOString()) })}</p>;
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <OidcSessionEvents />
        <ClientProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/signin" element={<SignInPage />} />
              <Route path="/signin/callback" element={<SignInCallbackPage />} />
              <Route
                element={
                  <RequireSession>
                    <Shell />
                  </RequireSession>
                }
              >
                <Route index element={<Home />} />
                <Route path="org/:ref" element={<OrganizationPage />} />
                <Route path="member/:id" element={<MemberPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </ClientProvider>
      </SessionProvider>
    </I18nProvider>
  );
}
