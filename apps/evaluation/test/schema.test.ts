import { printFederatedSchema } from '@party/subgraph-kit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEvaluationSchema } from '../src/schema';

test('the checked-in schema.graphql is the schema the code builds (run `npm run schema` if not)', async () => {
  const printed = printFederatedSchema(await buildEvaluationSchema());
  expect(readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8')).toBe(printed);
});

test('names clients rely on (shared/api.md) are in the schema', async () => {
  const sdl = printFederatedSchema(await buildEvaluationSchema());
  for (const name of ['admissionTarget(year: Int!): AdmissionTarget', 'admissionPerformance(', 'setAdmissionTargets(']) expect(sdl).toContain(name);
  expect(sdl).toMatch(/type Organization\s+@key\(fields: "id asOf"\)/);
  // api.md has `admitted: Int!` and `achievementRate: Float!`: nullable since docs/decisions/0021, null only
  // when withheld from an analyst as a small cell (officers, viewers and administrators always get a number).
  expect(sdl).toMatch(/type AdmissionTarget \{[^}]*organization: Organization![^}]*year: Int![^}]*target: Int![^}]*admitted: Int\n[^}]*achievementRate: Float\n/s);
});
