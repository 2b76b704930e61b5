// A real OpenID Connect provider for tests: node-oidc-provider (the `oidc-provider` package),
// with its built-in login and consent pages, run as a child process (the package is ESM only)
// by src/oidc.ts. It issues, for the platform's audience (a resource indicator), access tokens
// that are JWTs signed with its own ES256 key and carry the users' roles and organisations
// under configurable claims — the way Keycloak puts roles in `realm_access.roles`.
//
// Configuration: the JSON in the first argument (see src/oidc.ts, startOidcProvider); the users in
// the file it names (usersFile). On start
// it prints one line `OIDC provider listening on <issuer>`.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] ?? '{}');
// The users are read from a file on each use, so a test can add them once it knows their organisations' ids.
const users = new Proxy({}, {
  get: (_t, login) => (config.usersFile ? JSON.parse(readFileSync(config.usersFile, 'utf8')) : config.users ?? {})[login],
});
const audience = config.audience ?? 'party-platform';
const rolesPath = (config.rolesClaim ?? 'realm_access.roles').split('.');
const scopeClaim = config.scopeClaim ?? 'party_orgs';

/** `{a: {b: value}}` for the path a.b. */
function nest(path, value) {
  return path.reduceRight((inner, key) => ({ [key]: inner }), value);
}

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(config.port ?? 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((c) => ({
    client_id: c.client_id,
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
  })),
  jwks: { keys: [jwk] },
  // Users log in with their login name and password on the provider's own page.
  async findAccount(_ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, name: user.name ?? id, preferred_username: id }) };
  },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    // Access tokens for the platform: JWTs with its audience (what the gateway verifies).
    resourceIndicators: {
      enabled: true,
      // A resource indicator is an absolute URI; the tokens' audience is the platform's own name.
      defaultResource: () => 'urn:party:platform',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'openid profile offline_access', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
    },
  },
  ttl: {
    // Per user (tokenTtlSeconds), to test expiry; else 10 minutes.
    AccessToken: (_ctx, token) => users[token.accountId]?.tokenTtlSeconds ?? 600,
    IdToken: 600,
    Grant: 3600,
    Session: 3600,
    Interaction: 600,
    AuthorizationCode: 60,
    RefreshToken: 3600,
  },
  async extraTokenClaims(_ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    const user = users[token.accountId];
    if (!user) return undefined;
    return {
      ...(user.roles ? nest(rolesPath, user.roles) : {}),
      ...(user.orgs ? { [scopeClaim]: user.orgs } : {}),
    };
  },
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  pkce: { required: () => true },
});
// Quiet: the package warns about its development defaults (login pages, in-memory storage).
provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider: ${err.stack ?? err}\n`));
const handle = provider.callback();
// The built-in login page takes any password: check it here, before the provider reads the form
// (a wrong one shows the login page again). The provider then reads the parsed body (req.body).
server.on('request', async (req, res) => {
  if (req.method === 'POST' && /^\/interaction\/[^/]+$/.test(req.url ?? '')) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    if (body.prompt === 'login' && users[body.login]?.password !== body.password) {
      res.writeHead(303, { location: req.url });
      res.end();
      return;
    }
    req.body = body;
  }
  handle(req, res);
});
process.stdout.write(`OIDC provider listening on ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
