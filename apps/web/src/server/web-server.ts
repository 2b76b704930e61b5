import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A demo user the sign-in page lists (development only). */
export interface DemoUser {
  userId: string;
  label: string;
  roles: readonly string[];
}

/**
 * Sign-in through an OpenID Connect provider (authorization code flow with PKCE, in the browser
 * with oidc-client-ts). Served to the application by GET /config; the provider's origin is added
 * to the Content-Security-Policy's connect-src (discovery, token endpoint).
 */
export interface OidcClientConfig {
  /** The provider's issuer URL (its discovery document is at <issuer>/.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  /** Where the provider sends the browser back (default <origin>/signin/callback; register it at the provider). */
  redirectUri?: string;
  /** Where the provider sends the browser after signing out (default <origin>/signin). */
  postLogoutRedirectUri?: string;
  /** Requested scopes (default "openid profile"; add offline_access for refresh tokens where the provider needs it). */
  scope: string;
  /** Shown on the button: "Sign in with <name>". */
  providerName: string;
  /** Where the access token carries roles and organisations, and the provider's role names (as the gateway's AUTH_* settings). */
  rolesClaim: string;
  scopeClaim: string;
  roleMap: Record<string, string>;
}

export interface WebServerOptions {
  port: number;
  host?: string;
  /** The built single-page application (dist/client). */
  staticDir: string;
  /** The gateway's GraphQL endpoint: /graphql is proxied there, so the browser talks only to this origin. */
  gatewayUrl: string;
  /**
   * Development sign-in: lists the demo users and mints their tokens with the local identity
   * provider's key. Leave it out in production: /demo/* then answers 404.
   */
  demo?: { users: readonly DemoUser[]; mintToken: (userId: string) => Promise<string> } | null;
  /** Sign-in through an OpenID Connect provider; none: only the demo sign-in (if any). */
  oidc?: OidcClientConfig | null;
  /** Deadline of a proxied request to the gateway (default 30 s). */
  proxyTimeoutMs?: number;
  log?: (entry: Record<string, unknown>) => void;
}

export interface RunningWebServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** Built client, relative to this file once compiled (dist/server → dist/client). */
export const WEB_STATIC_DIR = path.resolve(__dirname, '..', 'client');

const MAX_BODY_BYTES = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
/** Request headers passed on to the gateway (Apollo's CSRF prevention looks at the last two). */
const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'];
/** The security headers; `connectTo` are further origins the application may fetch from (the identity provider). */
function securityHeaders(connectTo: string[] = []): Record<string, string> {
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${["'self'", ...connectTo].join(' ')}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}
const SECURITY_HEADERS = securityHeaders();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The web client's server: the built SPA (unknown paths fall back to index.html so that
 * client-side routes survive a reload), /graphql proxied to the gateway, /health, and in
 * development /demo/users and POST /demo/token {userId} for the sign-in page.
 */
export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const root = path.resolve(opts.staticDir);
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.proxyTimeoutMs ?? 30000;
  const indexFile = path.join(root, 'index.html');
  const pageHeaders = securityHeaders(opts.oidc ? [new URL(opts.oidc.issuer).origin] : []);
  await stat(indexFile).catch(() => {
    throw new Error(`The web client is not built: ${indexFile} is missing (run the build first)`);
  });

  async function proxyGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' && req.method !== 'GET') throw new HttpError(405, 'Use GET or POST for /graphql');
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const client = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = typeof prior === 'string' && prior ? `${prior}, ${client}` : client;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const search = new URL(req.url ?? '/', 'http://web').search;
    let upstream: Response;
    try {
      upstream = await fetch(opts.gatewayUrl + search, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      log({ msg: 'gateway unreachable', error: (e as Error).message });
      sendJson(res, 502, { errors: [{ message: 'The platform is not reachable; try again in a moment', extensions: { code: 'GATEWAY_UNAVAILABLE' } }] });
      return;
    }
    const text = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = { 'cache-control': 'no-store', 'content-length': String(text.length) };
    for (const name of ['content-type', 'x-request-id', 'retry-after']) {
      const value = upstream.headers.get(name);
      if (value) out[name] = value;
    }
    res.writeHead(upstream.status, out);
    res.end(text);
  }

  async function demo(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const d = opts.demo;
    if (!d) throw new HttpError(404, 'Not found');
    if (pathname === '/demo/users' && req.method === 'GET') {
      sendJson(res, 200, { users: d.users.map((u) => ({ userId: u.userId, label: u.label, roles: u.roles })) });
      return;
    }
    if (pathname === '/demo/token' && req.method === 'POST') {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'Send the body as application/json');
      let userId: unknown;
      try {
        userId = (JSON.parse((await readBody(req)).toString('utf8')) as { userId?: unknown }).userId;
      } catch {
        throw new HttpError(400, 'The body is not valid JSON');
      }
      const user = d.users.find((u) => u.userId === userId);
      if (!user) {
        sendJson(res, 400, { error: `userId must be one of: ${d.users.map((u) => u.userId).join(', ')}`, field: 'userId' });
        return;
      }
      sendJson(res, 200, { token: await d.mintToken(user.userId), user: { userId: user.userId, label: user.label, roles: user.roles } });
      return;
    }
    throw new HttpError(404, 'Not found');
  }

  /** How the application signs in: the demo sign-in (development) and/or an OpenID Connect provider. */
  async function sendConfig(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') throw new HttpError(405, 'Use GET for /config');
    const o = opts.oidc;
    sendJson(res, 200, {
      demo: !!opts.demo,
      oidc: o
        ? {
            issuer: o.issuer,
            clientId: o.clientId,
            redirectUri: o.redirectUri ?? null,
            postLogoutRedirectUri: o.postLogoutRedirectUri ?? null,
            scope: o.scope,
            providerName: o.providerName,
            rolesClaim: o.rolesClaim,
            scopeClaim: o.scopeClaim,
            roleMap: o.roleMap,
          }
        : null,
    });
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'Bad path');
    }
    const file = path.resolve(root, '.' + path.posix.normalize(decoded));
    if (file !== root && !file.startsWith(root + path.sep)) throw new HttpError(404, 'Not found');
    const info = await stat(file).catch(() => null);
    let target = file;
    if (!info?.isFile()) {
      // A client-side route (no file extension) gets the application; a missing asset is a 404.
      if (path.extname(decoded)) throw new HttpError(404, 'Not found');
      target = indexFile;
    }
    const size = (await stat(target)).size;
    const immutable = target.startsWith(path.join(root, 'assets') + path.sep);
    res.writeHead(200, {
      ...pageHeaders,
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'content-length': String(size),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(target).pipe(res);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const pathname = new URL(req.url ?? '/', 'http://web').pathname;
    const handle = async () => {
      if (pathname === '/graphql') return proxyGraphQL(req, res);
      if (pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (pathname === '/config') return sendConfig(req, res);
      if (pathname.startsWith('/demo/')) return demo(req, res, pathname);
      return serveStatic(req, res, pathname);
    };
    handle()
      .catch((e: unknown) => {
        if (e instanceof HttpError) {
          if (!res.headersSent) sendJson(res, e.status, { error: e.message });
          return;
        }
        log({ msg: 'web request failed', path: pathname, error: (e as Error).message });
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
        else res.destroy();
      })
      .finally(() => {
        if (pathname === '/graphql' || pathname.startsWith('/demo/')) log({ msg: 'request', method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The web client's OpenID Connect settings from the environment, checked at boot (every problem
 * listed, each naming its variable): WEB_OIDC_ISSUER and WEB_OIDC_CLIENT_ID (both or neither),
 * WEB_OIDC_REDIRECT_URI, WEB_OIDC_POST_LOGOUT_REDIRECT_URI, WEB_OIDC_SCOPE (default
 * "openid profile"), WEB_OIDC_PROVIDER_NAME; the claim mapping is the gateway's (AUTH_ROLES_CLAIM,
 * AUTH_SCOPE_CLAIM, AUTH_ROLE_MAP). Null when no provider is configured.
 */
export function loadWebOidcConfig(env: Record<string, string | undefined>): OidcClientConfig | null {
  const problems: string[] = [];
  const issuer = env.WEB_OIDC_ISSUER?.trim();
  const clientId = env.WEB_OIDC_CLIENT_ID?.trim();
  if (!issuer && !clientId) return null;
  if (!issuer) problems.push('WEB_OIDC_ISSUER: required when WEB_OIDC_CLIENT_ID is set (the identity provider\'s issuer URL)');
  if (!clientId) problems.push('WEB_OIDC_CLIENT_ID: required when WEB_OIDC_ISSUER is set (the web client\'s id at the identity provider)');
  const checkUrl = (name: string, value: string | undefined) => {
    if (!value) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push(`${name}: must be an absolute URL, got "${value}"`);
      return;
    }
    if (env.NODE_ENV === 'production' && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      problems.push(`${name}: must be an https:// URL when NODE_ENV=production (plain http only on the loopback interface)`);
    }
  };
  checkUrl('WEB_OIDC_ISSUER', issuer);
  checkUrl('WEB_OIDC_REDIRECT_URI', env.WEB_OIDC_REDIRECT_URI);
  checkUrl('WEB_OIDC_POST_LOGOUT_REDIRECT_URI', env.WEB_OIDC_POST_LOGOUT_REDIRECT_URI);
  const scope = env.WEB_OIDC_SCOPE?.trim() || 'openid profile';
  if (!scope.split(/\s+/).includes('openid')) problems.push(`WEB_OIDC_SCOPE: must include "openid", got "${scope}"`);
  const roleMap: Record<string, string> = {};
  for (const pair of (env.AUTH_ROLE_MAP ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*([A-Z_]+)$/.exec(pair);
    if (m) roleMap[m[1]!] = m[2]!;
    else problems.push(`AUTH_ROLE_MAP: "${pair}" is not of the form idp-role=PLATFORM_ROLE`);
  }
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    issuer: issuer!,
    clientId: clientId!,
    redirectUri: env.WEB_OIDC_REDIRECT_URI || undefined,
    postLogoutRedirectUri: env.WEB_OIDC_POST_LOGOUT_REDIRECT_URI || undefined,
    scope,
    providerName: env.WEB_OIDC_PROVIDER_NAME?.trim() || new URL(issuer!).host,
    rolesClaim: env.AUTH_ROLES_CLAIM?.trim() || 'roles',
    scopeClaim: env.AUTH_SCOPE_CLAIM?.trim() || 'orgs',
    roleMap,
  };
}
