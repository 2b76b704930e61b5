import { useCallback, useEffect } from 'react';
import { displayName, loadAuthConfig, userManagerFor } from './auth-config';
import { useSession } from './session';

/**
 * Keeps a session signed in through the identity provider current: a renewed access token
 * (refresh token) replaces the old one; at expiry without renewal the session ends and the
 * sign-in page says so.
 */
export function OidcSessionEvents() {
  const { session, signIn, signOut } = useSession();
  const viaOidc = session?.via === 'oidc';
  useEffect(() => {
    if (!viaOidc) return;
    let live = true;
    const off: (() => void)[] = [];
    void loadAuthConfig().then(async (c) => {
      if (!live || !c.oidc) return;
      const oidc = c.oidc;
      const um = userManagerFor(oidc);
      off.push(
        um.events.addUserLoaded((user) => {
          signIn(user.access_token, displayName(user), oidc, 'oidc');
        }),
      );
      off.push(
        um.events.addAccessTokenExpired(() => {
          void um.removeUser();
          signOut('expired');
        }),
      );
      // Arms the expiry timers of the stored user (and the renewal before it).
      const user = await um.getUser();
      if (live && !user) signOut('expired');
    });
    return () => {
      live = false;
      off.forEach((f) => f());
    };
  }, [viaOidc, signIn, signOut]);
  return null;
}

/** Sign-out: a demo session ends here; a provider's session ends at the provider too (its end-session page, then back to /signin). */
export function useSignOutEverywhere(): () => void {
  const { session, signOut } = useSession();
  const via = session?.via;
  return useCallback(() => {
    signOut();
    if (via !== 'oidc') return;
    void loadAuthConfig().then((c) => (c.oidc ? userManagerFor(c.oidc).signoutRedirect() : undefined));
  }, [via, signOut]);
}
