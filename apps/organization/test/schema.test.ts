import { printFederatedSchema } from '@party/subgraph-kit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOrganizationSchema } from '../src/schema';

test('the checked-in schema.graphql is the schema the code builds (run `npm run schema` if not)', async () => {
  const printed = printFederatedSchema(await buildOrganizationSchema());
  expect(readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8')).toBe(printed);
});

test('names clients rely on (shared/api.md) are in the schema', async () => {
  const sdl = printFederatedSchema(await buildOrganizationSchema());
  for (const name of ['organization(', 'organizationRoots(', 'searchOrganizations(', 'createOrganization(', 'renameOrganization(', 'moveOrganization(', 'mergeOrganizations(', 'splitOrganization(', 'dissolveOrganization(']) {
    expect(sdl).toContain(name);
  }
  // The entity is keyed by id and the day it is seen on (docs/decisions/0007).
  expect(sdl).toMatch(/type Organization\s+@key\(fields: "id asOf"\)\s*\{/);
});
