import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

/** Where the access token carries roles and organisations, and the provider's role names → the platform's. */
export interface ClaimMapping {
  rolesClaim: string;
  scopeClaim: string;
  roleMap: Record<string, string>;
}

export const DEFAULT_CLAIMS: ClaimMapping = { rolesClaim: 'roles', scopeClaim: 'orgs', roleMap: {} };

export interface OidcConfig extends ClaimMapping {
  issuer: string;
  clientId: string;
  redirectUri: string | null;
  postLogoutRedirectUri: string | null;
  scope: string;
  providerName: string;
}

/** How this server lets users sign in (GET /config). */
export interface AuthConfig {
  demo: boolean;
  oidc: OidcConfig | null;
}

let configPromise: Promise<AuthConfig> | null = null;

/** The server's sign-in configuration, fetched once. */
export function loadAuthConfig(): Promise<AuthConfig> {
  configPromise ??= fetch('/config').then(async (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as AuthConfig;
  });
  configPromise.catch(() => (configPromise = null));
  return configPromise;
}

/** Forgets the fetched configuration (tests; a server whose configuration changed). */
export function forgetAuthConfig(): void {
  configPromise = null;
}

export const CALLBACK_PATH = '/signin/callback';

let manager: { config: OidcConfig; userManager: UserManager } | null = null;

/**
 * The OpenID Connect client (oidc-client-ts): authorization code flow with PKCE; what it keeps
 * (the pending request's state and verifier, the tokens) lives in sessionStorage, never
 * localStorage, and ends with the tab. Renewal uses the refresh token when the provider issues
 * one; without it the session ends at expiry and the user signs in again.
 */
export function userManagerFor(config: OidcConfig): UserManager {
  if (manager?.config === config) return manager.userManager;
  const origin = window.location.origin;
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  const userManager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: config.redirectUri ?? origin + CALLBACK_PATH,
    post_logout_redirect_uri: config.postLogoutRedirectUri ?? origin + '/signin',
    response_type: 'code',
    scope: config.scope,
    userStore: store,
    stateStore: store,
    automaticSilentRenew: true,
    // Only the refresh token renews: no hidden iframe (the application may not be framed).
    silentRequestTimeoutInSeconds: 10,
    loadUserInfo: false,
  });
  manager = { config, userManager };
  return userManager;
}

/** The name to show for a signed-in user. */
export function displayName(user: User): string {
  const p = user.profile;
  return String(p.name ?? p.preferred_username ?? p.email ?? p.sub);
}
