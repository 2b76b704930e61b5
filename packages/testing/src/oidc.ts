import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A user of the test identity provider: what they type on its login page and what their tokens carry. */
export interface OidcTestUser {
  password: string;
  name?: string;
  /** Put at the provider's roles claim (default `realm_access.roles`, as Keycloak does). */
  roles?: string[];
  /** Put at the provider's organisation claim (default `party_orgs`). */
  orgs?: string[];
  /** Lifetime of this user's access tokens (default 600 s). */
  tokenTtlSeconds?: number;
}

export interface OidcProviderOptions {
  users: Record<string, OidcTestUser>;
  clients: { client_id: string; redirect_uris: string[]; post_logout_redirect_uris?: string[] }[];
  /** `aud` of the access tokens (the platform's AUTH_AUDIENCE). */
  audience?: string;
  rolesClaim?: string;
  scopeClaim?: string;
  /** Port to listen on (default: a free one). */
  port?: number;
}

export interface OidcTestProvider {
  /** The issuer (`iss`), e.g. http://127.0.0.1:41234. */
  issuer: string;
  jwksUrl: string;
  /** Replaces the users (e.g. once their organisations exist and have ids). */
  setUsers(users: Record<string, OidcTestUser>): void;
  stop(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, '..', 'oidc-provider.mjs');

/**
 * Starts a real OpenID Connect provider (node-oidc-provider, packages/testing/oidc-provider.mjs)
 * in a child process on 127.0.0.1: discovery, JWKS, authorization with its login and consent
 * pages, token endpoint with PKCE, end-session.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcTestProvider> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oidc-test-'));
  const usersFile = path.join(dir, 'users.json');
  const setUsers = (users: Record<string, OidcTestUser>) => writeFileSync(usersFile, JSON.stringify(users));
  setUsers(options.users);
  const rest = { ...options, users: undefined };
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, JSON.stringify({ ...rest, usersFile })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start within 20 s:\n${out}`)), 20000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /OIDC provider listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`the OIDC provider exited (${code}):\n${out}`));
    });
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    setUsers,
    async stop() {
      rmSync(dir, { recursive: true, force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Cookies of one browser-like client, by name (enough for one provider on one origin). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs `login` in through the provider's real pages, as a browser would, without one: the
 * authorization code flow with PKCE (S256) — authorization request, login form, consent form,
 * the redirect with the code, the token request. Returns the token response.
 */
export async function signInWithCodeFlow(
  provider: Pick<OidcTestProvider, 'issuer'>,
  opts: { clientId: string; redirectUri: string; login: string; password: string; scope?: string },
): Promise<{ access_token: string; id_token: string; expires_in: number; token_type: string; refresh_token?: string }> {
  const jar = new CookieJar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(url, provider.issuer), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.take(res);
    return res;
  };
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const auth = new URL('/auth', provider.issuer);
  auth.search = new URLSearchParams({
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: opts.scope ?? 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  let res = await go(auth.href);
  let loginTried = false;
  // Follow the provider's redirects, answering its login and consent prompts, until it sends the browser back to the client.
  for (let hop = 0; hop < 12; hop++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      if (location.startsWith(opts.redirectUri)) {
        const back = new URL(location);
        if (back.searchParams.get('error')) throw new Error(`the provider refused: ${back.searchParams.get('error')} ${back.searchParams.get('error_description') ?? ''}`);
        if (back.searchParams.get('state') !== state) throw new Error('state mismatch');
        const token = await fetch(new URL('/token', provider.issuer), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: opts.redirectUri, client_id: opts.clientId, code_verifier: verifier }).toString(),
        });
        const body = (await token.json()) as any;
        if (!token.ok) throw new Error(`token request failed: ${JSON.stringify(body)}`);
        return body;
      }
      res = await go(location);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${html.replace(/<style[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on the provider's page: ${html.slice(0, 500)}`);
    if (/name="prompt" value="login"/.test(html)) {
      if (loginTried) throw new Error(`the provider did not accept the login of ${opts.login}`);
      loginTried = true;
      res = await go(action, form({ prompt: 'login', login: opts.login, password: opts.password }));
    } else if (/name="prompt" value="consent"/.test(html)) {
      res = await go(action, form({ prompt: 'consent' }));
    } else {
      throw new Error(`unexpected page from the provider: ${html.slice(0, 500)}`);
    }
  }
  throw new Error('too many redirects from the provider');
}
