import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { displayName, loadAuthConfig, userManagerFor, type AuthConfig } from '../auth-config';
import { Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

interface DemoUser {
  userId: string;
  label: string;
  roles: string[];
}

/**
 * Sign-in. The web server says how (GET /config): through an OpenID Connect provider (the
 * authorization code flow with PKCE, oidc-client-ts: the browser goes to the provider's login
 * page and comes back to /signin/callback), and/or, in development, as a demo user whose token
 * the server mints (/demo/users, /demo/token). Production has no demo sign-in.
 */
export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn, endedBecause } = useSession();
  const location = useLocation();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadAuthConfig()
      .then(async (c) => {
        if (!live) return;
        setConfig(c);
        if (!c.demo) return;
        const res = await fetch('/demo/users');
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { users: DemoUser[] };
        if (live) setUsers(body.users);
      })
      .catch(() => live && setUnavailable(true));
    return () => {
      live = false;
    };
  }, []);

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (session) return <Navigate to={from} replace />;

  const choose = async (user: DemoUser) => {
    setBusy(user.userId);
    setFailure(null);
    try {
      const res = await fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: user.userId }) });
      const body = (await res.json()) as { token?: string; error?: string };
      if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
      signIn(body.token, user.label);
    } catch (e) {
      setFailure(t('signin.failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };

  const withProvider = async () => {
    const oidc = config!.oidc!;
    setBusy('oidc');
    setFailure(null);
    try {
      // Leaves the application for the provider's login page; back at /signin/callback.
      await userManagerFor(oidc).signinRedirect({ state: { from } });
    } catch (e) {
      setFailure(t('signin.oidcUnavailable', { provider: oidc.providerName, message: (e as Error).message }));
      setBusy(null);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('app.title')}</h1>
      <h2>{t('signin.title')}</h2>
      {endedBecause === 'expired' && (
        <p className="notice" role="status">
          {t('signin.expired')}
        </p>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {unavailable ? (
        <p>{t('signin.noDemo')}</p>
      ) : !config ? (
        <Loading />
      ) : (
        <>
          {config.oidc && (
            <section className="oidc-sign-in">
              <p>{t('signin.oidcIntro', { provider: config.oidc.providerName })}</p>
              <button type="button" onClick={() => void withProvider()} disabled={busy !== null}>
                {t('signin.with', { provider: config.oidc.providerName })}
              </button>
            </section>
          )}
          {config.demo &&
            (!users ? (
              <Loading />
            ) : (
              <section>
                {config.oidc && <h3>{t('signin.demoTitle')}</h3>}
                <p>{t('signin.intro')}</p>
                <ul className="demo-users">
                  {users.map((u) => (
                    <li key={u.userId}>
                      <button type="button" onClick={() => void choose(u)} disabled={busy !== null} data-user={u.userId}>
                        {t('signin.as', { label: u.label })}
                      </button>
                      <span className="roles">{u.roles.join(', ')}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          {!config.oidc && !config.demo && <p>{t('signin.none')}</p>}
        </>
      )}
    </main>
  );
}

/** One callback per URL: React's strict mode runs effects twice, and a code can be redeemed once. */
const callbacks = new Map<string, Promise<{ token: string; label: string; from: string }>>();

/** /signin/callback: the provider sent the browser back with a code; redeem it (with the PKCE verifier) and enter. */
export function SignInCallbackPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const url = window.location.href;
    let pending = callbacks.get(url);
    if (!pending) {
      pending = loadAuthConfig().then(async (c) => {
        if (!c.oidc) throw new Error('no identity provider is configured');
        const user = await userManagerFor(c.oidc).signinRedirectCallback(url);
        const token = user.access_token;
        signIn(token, displayName(user), c.oidc, 'oidc');
        return { token, label: displayName(user), from: (user.state as { from?: string } | undefined)?.from ?? '/' };
      });
      callbacks.set(url, pending);
    }
    pending.then(
      (r) => live && navigate(r.from, { replace: true }),
      (e: Error) => live && setFailure(e.message),
    );
    return () => {
      live = false;
    };
  }, [navigate, signIn]);

  return (
    <main id="main" className="sign-in">
      <h1>{t('app.title')}</h1>
      {failure ? (
        <>
          <p className="form-error" role="alert">
            {t('signin.failed', { message: failure })}
          </p>
          <Link to="/signin">{t('signin.back')}</Link>
        </>
      ) : (
        <p role="status">{t('signin.completing')}</p>
      )}
    </main>
  );
}
