import { signInWithCodeFlow, startOidcProvider, type OidcTestProvider, type OidcTestUser } from '@party/testing';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { post, startGatewayPlatform, type GatewayTestPlatform } from './helpers';

// The gateway as deployed (NODE_ENV=production) behind a real OpenID Connect provider
// (node-oidc-provider, started by the test): Keycloak-style claims — roles in
// `realm_access.roles` under the provider's own names, organisations in `party_orgs` —
// mapped by AUTH_ROLES_CLAIM, AUTH_SCOPE_CLAIM and AUTH_ROLE_MAP. Tokens are obtained through
// the provider's own login and consent pages (authorization code flow with PKCE).
jest.setTimeout(60000);

const CLIENT = { client_id: 'party-web', redirect_uris: ['http://127.0.0.1:3999/signin/callback'] };
const ROLE_MAP = 'party-officer=ORG_OFFICER,party-viewer=VIEWER,party-admin=SYSTEM_ADMIN';
let idp: OidcTestProvider;
let other: OidcTestProvider;
let p: GatewayTestPlatform;
let users: Record<string, OidcTestUser>;
let adminToken: string;
const ids: Record<string, string> = {};

const signIn = (login: string, provider = idp) => signInWithCodeFlow(provider, { clientId: CLIENT.client_id, redirectUri: CLIENT.redirect_uris[0]!, login, password: users[login]?.password ?? 'x' });

async function create(name: string, kind: string, parentId?: string): Promise<string> {
  const res = await p.query(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`,
    { input: { name, kind, parentId, code: `OIDC_${Object.keys(ids).length}`, effectiveOn: '2020-01-01', decisionRef: 'OIDC-QĐ' } },
    { token: adminToken },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return (ids[name] = res.data.createOrganization.organization.id);
}

beforeAll(async () => {
  users = {
    'admin@party': { password: 'admin-pw', roles: ['party-admin', 'offline_access', 'default-roles-party'] },
  };
  idp = await startOidcProvider({ users, clients: [CLIENT], rolesClaim: 'realm_access.roles', scopeClaim: 'party_orgs' });
  other = await startOidcProvider({ users, clients: [CLIENT], rolesClaim: 'realm_access.roles', scopeClaim: 'party_orgs' });
  p = await startGatewayPlatform({
    production: true,
    gatewayEnv: {
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_SCOPE_CLAIM: 'party_orgs',
      AUTH_ROLE_MAP: ROLE_MAP,
      // Expiry is tested with one-second tokens.
      AUTH_CLOCK_SKEW_SECONDS: '0',
    },
  });
  adminToken = (await signIn('admin@party')).access_token;
  const province = await create('Tỉnh Ninh Thuận', 'PROVINCIAL');
  const district = await create('Huyện Ninh Hải', 'DISTRICT', province);
  const sibling = await create('Huyện Ninh Phước', 'DISTRICT', province);
  const commune = await create('Đảng bộ xã Hộ Hải', 'GRASSROOTS_COMMITTEE', district);
  await create('Chi bộ thôn Hộ Diêm', 'CELL', commune);
  await create('Đảng bộ xã Phước Hải', 'GRASSROOTS_COMMITTEE', sibling);
  users = {
    ...users,
    'officer@party': { password: 'officer-pw', roles: ['party-officer', 'offline_access'], orgs: [district] },
    'short@party': { password: 'short-pw', roles: ['party-officer'], orgs: [district], tokenTtlSeconds: 1 },
    'norole@party': { password: 'norole-pw', roles: ['offline_access', 'default-roles-party'], orgs: [district] },
    'noscope@party': { password: 'noscope-pw', roles: ['party-viewer'] },
    'badscope@party': { password: 'badscope-pw', roles: ['party-viewer'], orgs: ['NINH_HAI'] },
  };
  idp.setUsers(users);
  other.setUsers(users);
});
afterAll(async () => {
  await p?.stop();
  await idp?.stop();
  await other?.stop();
});

const ask = (token: string, query: string, variables: Record<string, unknown> = {}) => p.send({ ...post({ query, variables }), authorization: `Bearer ${token}` });
const SUBTREE = 'query($id: ID!) { organization(id: $id) { name descendants { totalCount } children { edges { node { name } } } } }';

test("the provider's access token is a JWT for the platform, with the roles and organisations where the provider puts them", async () => {
  const tokens = await signIn('officer@party');
  expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  expect(decodeJwt(tokens.access_token)).toMatchObject({
    iss: idp.issuer,
    aud: 'party-platform',
    sub: 'officer@party',
    realm_access: { roles: ['party-officer', 'offline_access'] },
    party_orgs: [ids['Huyện Ninh Hải']],
  });
  // The ID token is for the web client (aud = its client id), not for the platform.
  expect(decodeJwt(tokens.id_token)).toMatchObject({ iss: idp.issuer, aud: 'party-web', sub: 'officer@party' });
});

test('an officer signed in at the provider reads their subtree and is refused outside it', async () => {
  const { access_token } = await signIn('officer@party');
  const mine = await ask(access_token, SUBTREE, { id: ids['Huyện Ninh Hải'] });
  expect(mine.status).toBe(200);
  expect(mine.body).toEqual({
    data: { organization: { name: 'Huyện Ninh Hải', descendants: { totalCount: 2 }, children: { edges: [{ node: { name: 'Đảng bộ xã Hộ Hải' } }] } } },
  });
  const roots = await ask(access_token, '{ organizationRoots { name } }');
  expect(roots.body).toEqual({ data: { organizationRoots: [{ name: 'Huyện Ninh Hải' }] } });
  for (const outside of ['Huyện Ninh Phước', 'Tỉnh Ninh Thuận', 'Đảng bộ xã Phước Hải']) {
    const res = await ask(access_token, SUBTREE, { id: ids[outside] });
    expect(res.body.data).toEqual({ organization: null });
    expect(res.body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
  }
});

test("the provider's administrator role (party-admin → SYSTEM_ADMIN) reaches every organisation", async () => {
  const res = await ask(adminToken, SUBTREE, { id: ids['Tỉnh Ninh Thuận'] });
  expect(res.body).toEqual({
    data: { organization: { name: 'Tỉnh Ninh Thuận', descendants: { totalCount: 5 }, children: { edges: [{ node: { name: 'Huyện Ninh Hải' } }, { node: { name: 'Huyện Ninh Phước' } }] } } },
  });
});

const refusal = (status: number, code: string, message: string) => ({ status, body: { errors: [{ message, extensions: { code } }] }, subgraphRequests: 0 });
async function attempt(token: string) {
  const before = p.subgraphRequests();
  const res = await ask(token, SUBTREE, { id: ids['Huyện Ninh Hải'] });
  return { status: res.status, body: res.body, subgraphRequests: p.subgraphRequests() - before };
}

test("a token from another provider (its own key and issuer) is refused before any subgraph is asked", async () => {
  const { access_token } = await signIn('officer@party', other);
  expect(decodeJwt(access_token)).toMatchObject({ iss: other.issuer, aud: 'party-platform', party_orgs: [ids['Huyện Ninh Hải']] });
  expect(await attempt(access_token)).toEqual(refusal(401, 'UNAUTHENTICATED', 'Token is not valid for this platform'));
});

test("a token with the provider's issuer and key id but signed by another key is refused", async () => {
  const { access_token } = await signIn('officer@party');
  const { privateKey } = await generateKeyPair('ES256');
  const forged = await new SignJWT(decodeJwt(access_token)).setProtectedHeader(decodeProtectedHeader(access_token) as { alg: string }).sign(privateKey);
  expect(await attempt(forged)).toEqual(refusal(401, 'UNAUTHENTICATED', 'Token is not valid for this platform'));
  // The same claims under the provider's real signature pass.
  expect((await attempt(access_token)).status).toBe(200);
});

test('an expired token of the provider is refused', async () => {
  const { access_token, expires_in } = await signIn('short@party');
  expect(expires_in).toBe(1);
  await new Promise((r) => setTimeout(r, 2100));
  expect(await attempt(access_token)).toEqual(refusal(401, 'UNAUTHENTICATED', 'Token has expired'));
});

test('the ID token is not a bearer for the platform (its audience is the web client)', async () => {
  const { id_token } = await signIn('officer@party');
  expect(await attempt(id_token)).toEqual(refusal(401, 'UNAUTHENTICATED', 'Token is not valid for this platform'));
});

test('a valid token without a role of the platform, or without organisations, is refused with FORBIDDEN naming the claim', async () => {
  expect(await attempt((await signIn('norole@party')).access_token)).toEqual(
    refusal(403, 'FORBIDDEN', 'Your token carries no role of this platform in claim "realm_access.roles" (one of: ORG_OFFICER, VIEWER, ANALYST, SYSTEM_ADMIN, party-officer, party-viewer, party-admin); ask your administrator for a role'),
  );
  expect(await attempt((await signIn('noscope@party')).access_token)).toEqual(
    refusal(403, 'FORBIDDEN', 'Your token names no organisation in claim "party_orgs"; ask your administrator to assign your organisations'),
  );
  expect(await attempt((await signIn('badscope@party')).access_token)).toEqual(refusal(401, 'UNAUTHENTICATED', 'Token claim "party_orgs" must hold organisation ids (UUIDs)'));
});

test("a wrong password on the provider's login page gives no token", async () => {
  await expect(signInWithCodeFlow(idp, { clientId: CLIENT.client_id, redirectUri: CLIENT.redirect_uris[0]!, login: 'officer@party', password: 'wrong' })).rejects.toThrow(
    'the provider did not accept the login of officer@party',
  );
});
