import { DomainError, generateInternalKeyPair } from '@party/subgraph-kit';
import { callerFromTokenClaims } from '../src/auth';
import { loadGatewayConfig, type ClaimMapping } from '../src/config';

// Where an identity provider puts roles and organisations differs (Keycloak: realm_access.roles;
// Azure AD / Entra ID: roles; Auth0: a namespaced claim): AUTH_ROLES_CLAIM, AUTH_SCOPE_CLAIM and
// AUTH_ROLE_MAP say where, checked at boot.

let keys: { privateJwk: string };
beforeAll(async () => {
  keys = await generateInternalKeyPair();
});
const env = (extra: Record<string, string>) => ({ LOG_LEVEL: 'silent', PORT: '0', GATEWAY_PRIVATE_JWK: keys.privateJwk, AUTH_JWKS_URL: 'https://id.example.org/jwks', ...extra });
const problems = (extra: Record<string, string>) => {
  try {
    loadGatewayConfig(env(extra));
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1);
  }
};

const D1 = '5f0c5a3e-6b1d-4c2a-9d4e-0a1b2c3d4e5f';
const D2 = '0b7e2c9a-1f3d-4e5a-8b6c-7d8e9f0a1b2c';

test('the defaults are the platform\'s own claims (what the demo issuer mints)', () => {
  expect(loadGatewayConfig(env({})).auth.claims).toEqual({ rolesClaim: 'roles', scopeClaim: 'orgs', roleMap: {} });
  expect(loadGatewayConfig(env({ AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_SCOPE_CLAIM: 'party_orgs', AUTH_ROLE_MAP: 'party-officer=ORG_OFFICER, party-admin = SYSTEM_ADMIN' })).auth.claims).toEqual({
    rolesClaim: 'realm_access.roles',
    scopeClaim: 'party_orgs',
    roleMap: { 'party-officer': 'ORG_OFFICER', 'party-admin': 'SYSTEM_ADMIN' },
  });
});

test('a malformed claim path or role map stops the boot, each problem named', () => {
  expect(problems({ AUTH_ROLES_CLAIM: 'realm_access..roles', AUTH_SCOPE_CLAIM: 'party orgs', AUTH_ROLE_MAP: 'party-officer=OFFICER,viewer,party-admin=SYSTEM_ADMIN' })).toEqual([
    '  - AUTH_ROLES_CLAIM: must be a claim name or a dotted path without spaces or empty parts, e.g. realm_access.roles',
    '  - AUTH_SCOPE_CLAIM: must be a claim name or a dotted path without spaces or empty parts, e.g. realm_access.roles',
    '  - AUTH_ROLE_MAP: "party-officer=OFFICER": OFFICER is not a platform role (ORG_OFFICER, VIEWER, ANALYST, SYSTEM_ADMIN)',
    '  - AUTH_ROLE_MAP: "viewer" is not of the form idp-role=PLATFORM_ROLE',
  ]);
  expect(problems({ AUTH_ROLES_CLAIM: '.roles' })).toEqual(['  - AUTH_ROLES_CLAIM: must be a claim name or a dotted path without spaces or empty parts, e.g. realm_access.roles']);
});

const map = (m: Partial<ClaimMapping>): ClaimMapping => ({ rolesClaim: 'roles', scopeClaim: 'orgs', roleMap: {}, ...m });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('not refused');
};

test('Keycloak: realm roles in realm_access.roles under its own names, its default roles ignored', () => {
  const keycloak = map({ rolesClaim: 'realm_access.roles', scopeClaim: 'party_orgs', roleMap: { 'party-officer': 'ORG_OFFICER' } });
  expect(callerFromTokenClaims({ sub: 'k1', realm_access: { roles: ['offline_access', 'party-officer', 'uma_authorization'] }, party_orgs: [D1, D2] }, keycloak)).toEqual({
    userId: 'k1',
    roles: ['ORG_OFFICER'],
    scope: [D1, D2],
  });
  // A client role: resource_access.<client>.roles (the client id holds a dash).
  expect(callerFromTokenClaims({ sub: 'k2', resource_access: { 'party-web': { roles: ['VIEWER'] } }, party_orgs: D1 }, map({ rolesClaim: 'resource_access.party-web.roles', scopeClaim: 'party_orgs' }))).toEqual({
    userId: 'k2',
    roles: ['VIEWER'],
    scope: [D1],
  });
});

test('Azure AD / Entra ID app roles in `roles`; Auth0 namespaced claims (with dots) read as one name', () => {
  expect(callerFromTokenClaims({ sub: 'a1', roles: ['Party.Admin'], extension_partyOrgs: `${D1},${D2}` }, map({ scopeClaim: 'extension_partyOrgs', roleMap: { 'Party.Admin': 'SYSTEM_ADMIN' } }))).toEqual({
    userId: 'a1',
    roles: ['SYSTEM_ADMIN'],
    scope: [D1, D2],
  });
  const auth0 = map({ rolesClaim: 'https://party.example/roles', scopeClaim: 'https://party.example/orgs' });
  expect(callerFromTokenClaims({ sub: 'z1', 'https://party.example/roles': ['ANALYST'], 'https://party.example/orgs': [D2] }, auth0)).toEqual({ userId: 'z1', roles: ['ANALYST'], scope: [D2] });
});

test('no known role, no organisation for a non-administrator, or malformed claims: refused, naming the claim', () => {
  const keycloak = map({ rolesClaim: 'realm_access.roles', scopeClaim: 'party_orgs' });
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', realm_access: { roles: ['offline_access'] }, party_orgs: [D1] }, keycloak))).toEqual({
    code: 'FORBIDDEN',
    message: 'Your token carries no role of this platform in claim "realm_access.roles" (one of: ORG_OFFICER, VIEWER, ANALYST, SYSTEM_ADMIN); ask your administrator for a role',
  });
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', party_orgs: [D1] }, keycloak)).code).toBe('FORBIDDEN');
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', realm_access: { roles: ['VIEWER'] } }, keycloak))).toEqual({
    code: 'FORBIDDEN',
    message: 'Your token names no organisation in claim "party_orgs"; ask your administrator to assign your organisations',
  });
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', realm_access: { roles: 'VIEWER' }, party_orgs: [42] }, keycloak))).toEqual({
    code: 'UNAUTHENTICATED',
    message: 'Token claim "party_orgs" must be a list of organisation ids',
  });
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', realm_access: { roles: { VIEWER: true } }, party_orgs: [D1] }, keycloak))).toEqual({
    code: 'UNAUTHENTICATED',
    message: 'Token claim "realm_access.roles" must be a list of role names',
  });
  expect(refusal(() => callerFromTokenClaims({ sub: 'u', realm_access: { roles: ['VIEWER'] }, party_orgs: ['NINH_HAI'] }, keycloak))).toEqual({
    code: 'UNAUTHENTICATED',
    message: 'Token claim "party_orgs" must hold organisation ids (UUIDs)',
  });
  // An administrator needs no organisation.
  expect(callerFromTokenClaims({ sub: 'root', realm_access: { roles: ['SYSTEM_ADMIN'] } }, keycloak)).toEqual({ userId: 'root', roles: ['SYSTEM_ADMIN'], scope: [] });
});
