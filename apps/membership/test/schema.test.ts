import { printFederatedSchema } from '@party/subgraph-kit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildMembershipSchema } from '../src/schema';

test('the checked-in schema.graphql is the schema the code builds (run `npm run schema` if not)', async () => {
  const printed = printFederatedSchema(await buildMembershipSchema());
  expect(readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8')).toBe(printed);
});

test('names clients rely on (shared/api.md) are in the schema', async () => {
  const sdl = printFederatedSchema(await buildMembershipSchema());
  const names = [
    'member(', 'searchMembers(', 'registerProspect(', 'admitMember(', 'recognizeOfficialMember(', 'transferMember(', 'exemptMember(', 'endExemption(',
    'terminateMembership(', 'reinstateMember(', 'correctMemberRecord(', 'memberCount(', 'memberStats(', 'members(', 'prospects(', 'admissions(',
    'enum MemberStatus', 'enum ActivityStatus', 'enum TerminationReason', 'partyAgeYears: Int!', 'events: [MembershipEvent!]!',
  ];
  for (const name of names) expect(sdl).toContain(name);
  expect(sdl).toMatch(/type Member\s+@key\(fields: "id"\)/);
  expect(sdl).toMatch(/type Prospect\s+@key\(fields: "id"\)/);
  // The organisation is referred to with the day it is seen on.
  expect(sdl).toMatch(/type Organization\s+@key\(fields: "id asOf"\)/);
  // api.md has `: Int!`: nullable since docs/decisions/0021, null only when withheld from an analyst as a small cell.
  expect(sdl).toMatch(/memberCount\([^)]*asOf: Date\s+includeDescendants: Boolean = true\s+status: \[MemberStatus!\]\s*\): Int\n/);
});
