import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

interface DemoUser {
  userId: string;
  label: string;
  roles: string[];
}

/**
 * Sign-in. In development the web server lists the demo users and mints their tokens
 * (/demo/users, /demo/token); in production that endpoint does not exist and sign-in goes
 * through the identity provider (OIDC: a follow-up, see docs/decisions/0009-web-client.md).
 */
export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn, endedBecause } = useSession();
  const location = useLocation();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetch('/demo/users')
      .then(async (res) => {
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
      setFailure((e as Error).message);
    } finally {
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
          {t('signin.failed', { message: failure })}
        </p>
      )}
      {unavailable ? (
        <p>{t('signin.noDemo')}</p>
      ) : !users ? (
        <Loading />
      ) : (
        <>
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
        </>
      )}
    </main>
  );
}
