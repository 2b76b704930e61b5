/**
 * A peer group rated at once (rateOrganizations): the service path the demo
 * seed and imports use. Each rating as rateOrganization decides it, the cap on
 * EXCELLENT checked on the group after all of them, all or nothing; errors
 * name the item. Results read back through the gateway.
 */
import { createLogger, DomainError, type Caller } from '@party/subgraph-kit';
import { createEvalContext } from '../src/context';
import { rateOrganizations } from '../src/services/rating.service';
import { ADMIN, createOrg, read, setTargets, startEvaluationPlatform, type EvaluationPlatform, type Org } from './helpers';

let p: EvaluationPlatform;
let district: Org;
const orgs: Org[] = [];

beforeAll(async () => {
  p = await startEvaluationPlatform();
  const province = await createOrg(p, { name: 'Đảng bộ tỉnh Ninh Thuận', kind: 'PROVINCIAL' });
  district = await createOrg(p, { name: 'Đảng bộ huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  for (let i = 0; i < 7; i++) orgs.push(await createOrg(p, { name: `Đảng bộ xã ${i}`, kind: 'GRASSROOTS_COMMITTEE', parentId: district.id }));
  // The last one has a 2024 admission target it did not reach (nobody admitted).
  await setTargets(p, district.id, 2024, [{ organizationId: orgs[6]!.id, target: 2 }]);
}, 300_000);
afterAll(() => p?.stop());

const ctx = (caller: Caller = ADMIN) => createEvalContext({ requestId: 'bulk-test', caller, log: createLogger('test', 'silent') }, p.dataSources.evaluation);
const rate = (ratings: { organizationId: string; grade?: string; score?: number }[], year = 2024, peerGroup = 'XA-2024') =>
  rateOrganizations(ctx(), { year, peerGroup, decisionRef: '512-QĐ/HU', ratings: ratings as never });
const failure = async (work: Promise<unknown>) => {
  const e = await work.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return { code: (e as DomainError).code, field: (e as DomainError).field };
};
const grades = async () => {
  const data = await read(p, `query($id: ID!) { ratingDistribution(year: 2024, under: $id) { grade count } }`, { id: district.id });
  return Object.fromEntries(data.ratingDistribution.map((g: { grade: string; count: number }) => [g.grade, g.count]));
};

test('five GOOD and one EXCELLENT in one decision: the cap is counted on the group as it ends up', async () => {
  const rated = await rate([{ organizationId: orgs[0]!.id, grade: 'EXCELLENT' }, ...orgs.slice(1, 6).map((o) => ({ organizationId: o.id, grade: 'GOOD' }))]);
  expect(rated.map((r) => [r.grade, r.peerGroup, r.ruleSet.code])).toEqual([['EXCELLENT', 'XA-2024', '124-QĐ/TW'], ...Array(5).fill(['GOOD', 'XA-2024', '124-QĐ/TW'])]);
  expect(await grades()).toEqual({ EXCELLENT: 1, GOOD: 5, COMPLETED: 0, NOT_COMPLETED: 0 });
  const one = await read(p, `query($id: ID!) { organization(id: $id, asOf: "2024-12-31") { qualityRating(year: 2024) { grade peerGroup decisionRef } } }`, { id: orgs[0]!.id });
  expect(one.organization.qualityRating).toEqual({ grade: 'EXCELLENT', peerGroup: 'XA-2024', decisionRef: '512-QĐ/HU' });
});

test('refused as a whole, naming the item or the group, and nothing changes', async () => {
  // A second EXCELLENT with four GOOD left: at most 0.
  expect(await failure(rate([{ organizationId: orgs[1]!.id, grade: 'EXCELLENT' }]))).toEqual({ code: 'CONFLICT', field: 'input.ratings' });
  // EXCELLENT below the admission target.
  expect(await failure(rate([{ organizationId: orgs[1]!.id, grade: 'GOOD' }, { organizationId: orgs[6]!.id, grade: 'EXCELLENT' }]))).toEqual({ code: 'CONFLICT', field: 'input.ratings.1.grade' });
  // Under Regulation 366-QĐ/TW (2025) the grade follows from a score.
  expect(await failure(rate([{ organizationId: orgs[1]!.id, grade: 'GOOD' }], 2025))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.ratings.0.score' });
  expect(await failure(rate([{ organizationId: orgs[1]!.id, grade: 'GOOD' }, { organizationId: orgs[1]!.id, grade: 'GOOD' }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.ratings' });
  expect(await failure(rate([{ organizationId: 'not-an-id', grade: 'GOOD' }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.ratings.0.organizationId' });
  expect(await grades()).toEqual({ EXCELLENT: 1, GOOD: 5, COMPLETED: 0, NOT_COMPLETED: 0 });
});
