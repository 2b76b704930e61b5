/**
 * Targets, achievement and ratings on many organisations at once cost a fixed
 * number of SQL statements in the evaluation subgraph: the gateway resolves
 * every child through `_entities`, and 10 or 1,000 organisations take the
 * same statements.
 */
import { StatementCounter } from '@party/testing';
import { admittedOn, createOrg, officer, read, setTargets, startEvaluationPlatform, uniqueCode, type EvaluationPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: EvaluationPlatform;

const YEAR = 2024;
const AS_OF = '2024-12-31';
const DAYS_2024 = ['2024-02-03', '2024-05-19', '2024-08-19', '2024-11-07'];

interface Expected {
  admissionTarget: { target: number; admitted: number; achievementRate: number } | null;
  qualityRating: { grade: string; peerGroup: string } | null;
}
interface Committee {
  committee: Org;
  cells: Org[];
  expected: Map<string, Expected>;
}
let small: Committee;
let big: Committee;
let districtId: string;

/** Runs `count` aliased mutations, at most 200 per request; returns each result. */
async function aliased(count: number, inputType: string, field: (alias: string, variable: string) => string, input: (i: number) => Record<string, unknown>): Promise<any[]> {
  const out: any[] = [];
  for (let start = 0; start < count; start += 200) {
    const n = Math.min(200, count - start);
    const vars: Record<string, unknown> = {};
    const defs: string[] = [];
    const fields: string[] = [];
    for (let i = 0; i < n; i++) {
      vars[`i${i}`] = input(start + i);
      defs.push(`$i${i}: ${inputType}!`);
      fields.push(field(`a${i}`, `$i${i}`));
    }
    const res = await p.query(`mutation(${defs.join(', ')}) { ${fields.join('\n')} }`, vars);
    if (res.errors) throw new Error(`aliased ${inputType} failed: ${JSON.stringify(res.errors.slice(0, 3))}`);
    for (let i = 0; i < n; i++) out.push(res.data[`a${i}`]);
  }
  return out;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * A grassroots committee with `n` cells (named in order, so the first page of
 * children is the first half). Cell i: 3 admissions in 2024 when i % 100 = 0,
 * 2 in 2024 (and one in 2023, not counted) when i % 250 = 7; a yearly target of
 * 1 + i % 4, none when i % 10 = 9; rated GOOD when i % 5 = 1, COMPLETED when
 * i % 5 = 3, not rated otherwise.
 */
async function buildCommittee(parentId: string, label: string, n: number): Promise<Committee> {
  const committee = await createOrg(p, { name: `Đảng bộ ${label}`, kind: 'GRASSROOTS_COMMITTEE', parentId });
  const cells: Org[] = (
    await aliased(n, 'CreateOrganizationInput', (a, v) => `${a}: createOrganization(input: ${v}) { organization { id code name kind } }`, (i) => ({
      effectiveOn: '2015-01-01',
      decisionRef: 'TEST-QĐ',
      code: uniqueCode('CELL'),
      name: `Chi bộ ${label} ${String(i).padStart(4, '0')}`,
      kind: 'CELL',
      parentId: committee.id,
    }))
  ).map((r) => r.organization);

  const admitted = cells.map((_, i) => (i % 100 === 0 ? 3 : 0) + (i % 250 === 7 ? 2 : 0));
  await p.loadMembers(
    cells.flatMap((c, i) => [
      ...(i % 100 === 0 ? admittedOn(c.id, DAYS_2024, 3) : []),
      ...(i % 250 === 7 ? [...admittedOn(c.id, DAYS_2024, 2), ...admittedOn(c.id, ['2023-12-31'], 1)] : []),
    ]),
  );
  const target = (i: number) => (i % 10 === 9 ? null : 1 + (i % 4));
  await setTargets(
    p,
    committee.id,
    YEAR,
    cells.flatMap((c, i) => (target(i) === null ? [] : [{ organizationId: c.id, target: target(i)! }])),
  );
  const grade = (i: number) => (i % 5 === 1 ? 'GOOD' : i % 5 === 3 ? 'COMPLETED' : null);
  const rated = cells.map((c, i) => ({ cell: c, grade: grade(i) })).filter((x) => x.grade);
  const peerGroup = `CHI-BO-${label.toUpperCase()}`;
  await aliased(rated.length, 'RateOrganizationInput', (a, v) => `${a}: rateOrganization(input: ${v}) { rating { grade } }`, (i) => ({
    organizationId: rated[i]!.cell.id,
    year: YEAR,
    grade: rated[i]!.grade,
    peerGroup,
    decisionRef: 'QĐ-XL',
  }));

  const expected = new Map<string, Expected>(
    cells.map((c, i) => [
      c.id,
      {
        admissionTarget: target(i) === null ? null : { target: target(i)!, admitted: admitted[i]!, achievementRate: round4(admitted[i]! / target(i)!) },
        qualityRating: grade(i) ? { grade: grade(i)!, peerGroup } : null,
      },
    ]),
  );
  return { committee, cells, expected };
}

const FIELDS = `id admissionTarget(year: ${YEAR}) { target admitted achievementRate } qualityRating(year: ${YEAR}) { grade peerGroup }`;
const TWO_PAGES = `query($id: ID!, $asOf: Date, $first: Int!, $after: String!) {
  organization(id: $id, asOf: $asOf) {
    p1: children(first: $first) { edges { node { ${FIELDS} } } }
    p2: children(first: $first, after: $after) { pageInfo { hasNextPage } edges { node { ${FIELDS} } } }
  }
}`;

async function halves(c: Committee) {
  const first = c.cells.length / 2;
  const page = await read(p, `query($id: ID!, $asOf: Date, $first: Int!) { organization(id: $id, asOf: $asOf) { children(first: $first) { pageInfo { endCursor } } } }`, { id: c.committee.id, asOf: AS_OF, first });
  return { first, after: page.organization.children.pageInfo.endCursor as string };
}

/** The two pages of the committee's children with their targets and ratings; the statements the evaluation subgraph ran. */
async function counted(c: Committee, as?: ReturnType<typeof officer>) {
  const vars = { id: c.committee.id, asOf: AS_OF, ...(await halves(c)) };
  counter.reset();
  const data = await read(p, TWO_PAGES, vars, as);
  const statements = counter.count;
  const log = [...counter.statements];
  expect(data.organization.p2.pageInfo.hasNextPage).toBe(false);
  const nodes = [...data.organization.p1.edges, ...data.organization.p2.edges].map((e: { node: Record<string, any> }) => e.node);
  return { nodes, statements, log };
}

const kinds = (log: string[]) =>
  log
    .map((q) =>
      q.includes('FROM admission_target')
        ? 'targets'
        : q.includes('membership.admissions_v1')
          ? 'admitted'
          : q.includes('FROM organization_rating')
            ? 'ratings'
            : q.includes('FROM rule_set')
              ? 'rules'
              : q.includes('FROM evaluation_fact_snapshot')
                ? 'frozen'
                : q.includes('FROM organization.tree_v1')
                  ? 'orgs'
                  : q,
    )
    .sort();

beforeAll(async () => {
  p = await startEvaluationPlatform(counter);
  const province = await createOrg(p, { name: 'Tỉnh Đếm', kind: 'PROVINCIAL' });
  const district = await createOrg(p, { name: 'Huyện Đếm', kind: 'DISTRICT', parentId: province.id });
  districtId = district.id;
  small = await buildCommittee(district.id, 'Nhỏ', 10);
  big = await buildCommittee(district.id, 'Lớn', 1000);
}, 600_000);
afterAll(() => p?.stop());

test('the committees are as built', async () => {
  const q = `query($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { totalCount } } }`;
  expect((await read(p, q, { id: small.committee.id, asOf: AS_OF })).organization.children.totalCount).toBe(10);
  expect((await read(p, q, { id: big.committee.id, asOf: AS_OF })).organization.children.totalCount).toBe(1000);
  const perf = await read(p, `query($id: ID!) { organization(id: $id, asOf: "${AS_OF}") { admissionPerformance(year: ${YEAR}) { admitted hasTarget } } }`, { id: big.committee.id });
  const rows = perf.organization.admissionPerformance as { admitted: number; hasTarget: boolean }[];
  expect(rows).toHaveLength(1000);
  expect(rows.reduce((s, r) => s + r.admitted, 0)).toBe(10 * 3 + 4 * 2);
  expect(rows.filter((r) => r.hasTarget)).toHaveLength(900);
});

test('admissionTarget and qualityRating on every child: exact values, and the same statements for 10 and 1,000 organisations', async () => {
  const s = await counted(small);
  const b = await counted(big);
  for (const [c, run] of [
    [small, s],
    [big, b],
  ] as const) {
    expect(run.nodes).toHaveLength(c.cells.length);
    expect(Object.fromEntries(run.nodes.map((n) => [n.id, { admissionTarget: n.admissionTarget, qualityRating: n.qualityRating }]))).toEqual(Object.fromEntries(c.expected));
  }
  expect(b.nodes.filter((n) => n.admissionTarget === null)).toHaveLength(100);
  expect(b.nodes.filter((n) => n.qualityRating?.grade === 'GOOD')).toHaveLength(200);
  expect(b.nodes.find((n) => n.id === big.cells[0]!.id)!.admissionTarget).toEqual({ target: 1, admitted: 3, achievementRate: 3 });
  expect(b.nodes.find((n) => n.id === big.cells[7]!.id)!.admissionTarget).toEqual({ target: 4, admitted: 2, achievementRate: 0.5 });

  expect({ small: s.statements, big: b.statements }).toEqual({ small: b.statements, big: s.statements });
  // One `_entities` request per page, each reading every kind of row once: the organisations on the day, targets, admissions in the subtree, ratings, rule sets (and whatever else is batched the same way).
  expect(kinds(s.log)).toEqual(kinds(b.log));
  const perKind = new Map<string, number>();
  for (const k of kinds(b.log)) perKind.set(k, (perKind.get(k) ?? 0) + 1);
  expect([...perKind.values()].every((count) => count === 2)).toBe(true);
  expect([...perKind.keys()]).toEqual(expect.arrayContaining(['admitted', 'orgs', 'ratings', 'rules', 'targets']));
});

test('a scoped officer costs the same on both committees', async () => {
  const me = officer([districtId]);
  const s = await counted(small, me);
  const b = await counted(big, me);
  const admin = await counted(big);
  expect(b.nodes).toHaveLength(1000);
  expect(Object.fromEntries(b.nodes.map((n) => [n.id, { admissionTarget: n.admissionTarget, qualityRating: n.qualityRating }]))).toEqual(Object.fromEntries(big.expected));
  expect(b.statements).toBe(s.statements);
  // One more statement per page than for an administrator: the officer's scope organisations on the day, read once the references are loaded.
  expect(b.statements).toBe(admin.statements + 2);
  expect(kinds(b.log).filter((k) => k === 'orgs')).toHaveLength(4);
});
