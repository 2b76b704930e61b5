/**
 * Query.evaluationFactsCsv (the bulk export for BI tools) through the gateway:
 * the same rows as evaluationFacts as CSV text, exact for a hand-built fixture
 * (quoting included), keyset paging that returns every organisation exactly
 * once while admissions are written concurrently, frozen rows written by
 * PostgreSQL identical to the live ones, a fixed number of statements per page,
 * large pages within the gateway's limits, and bad input named.
 */
import { StatementCounter } from '@party/testing';
import type { MemberSeed } from '@party/membership';
import type { Caller } from '@party/subgraph-kit';
import { admittedOn, createOrg, expectError, officer, read, setTargets, startEvaluationPlatform, type EvaluationPlatform, type Org } from './helpers';

const counter = new StatementCounter();
let p: EvaluationPlatform;
let central: Org, province: Org, district: Org, committee: Org, cell: Org, quoted: Org, other: Org, otherCommittee: Org;
const extraCells: Org[] = [];

const COLUMNS = [
  'year', 'organizationId', 'code', 'name', 'kind', 'parentCode', 'path', 'depth', 'target', 'admitted', 'admittedQ1', 'admittedQ2', 'admittedQ3', 'admittedQ4',
  'achievementRate', 'grade', 'score', 'membersAtStart', 'membersAtEnd', 'admittedWomen', 'admittedEthnicMinority', 'admittedYouthUnion', 'admittedAge18to30',
  'removedStruckOff', 'removedExpelled', 'removedWithdrawn', 'removedDeceased', 'removedProbationNotRecognized', 'finalized',
];
const CSV = `query($year: Int!, $under: ID, $first: Int, $after: String) { evaluationFactsCsv(year: $year, under: $under, first: $first, after: $after) {
  columns csv rowCount totalCount pageInfo { hasNextPage endCursor } } }`;
const FACTS = `query($under: ID) { evaluationFacts(year: 2024, under: $under, first: 1000) { edges { node { ${COLUMNS.join(' ')} } } } }`;

/** RFC 4180 lines → fields (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

/** A value of evaluationFacts as the CSV writes it. */
const asCsv = (v: unknown) => (v === null ? '' : String(v));

const member = (over: Partial<MemberSeed> & { events: MemberSeed['events'] }): MemberSeed => ({
  fullName: 'Người thử',
  gender: 'MALE',
  birthDate: '1990-01-01',
  ethnicity: 'Kinh',
  youthUnion: false,
  ...over,
});
const admit = (orgId: string, on: string) => ({ type: 'ADMITTED' as const, effectiveOn: on, decisionRef: 'KN', organizationId: orgId });
const end = (on: string, reason: string) => ({ type: 'TERMINATED' as const, effectiveOn: on, decisionRef: 'QĐ', reason });

beforeAll(async () => {
  p = await startEvaluationPlatform(counter);
  central = await createOrg(p, { name: 'Trung ương', kind: 'CENTRAL' });
  province = await createOrg(p, { name: 'Tỉnh Ninh Thuận', kind: 'PROVINCIAL', parentId: central.id });
  district = await createOrg(p, { name: 'Huyện Ninh Hải', kind: 'DISTRICT', parentId: province.id });
  committee = await createOrg(p, { name: 'Đảng bộ xã Tri Hải', kind: 'GRASSROOTS_COMMITTEE', parentId: district.id });
  cell = await createOrg(p, { name: 'Chi bộ thôn 1', kind: 'CELL', parentId: committee.id });
  quoted = await createOrg(p, { name: 'Chi bộ "Khu phố 3, Kinh Dinh"', kind: 'CELL', parentId: committee.id });
  other = await createOrg(p, { name: 'Huyện Bác Ái', kind: 'DISTRICT', parentId: province.id });
  otherCommittee = await createOrg(p, { name: 'Đảng bộ xã Phước Đại', kind: 'GRASSROOTS_COMMITTEE', parentId: other.id });
  for (let i = 0; i < 24; i++) extraCells.push(await createOrg(p, { name: `Chi bộ ${i}`, kind: 'CELL', parentId: otherCommittee.id }));

  await p.loadMembers([
    member({ events: [admit(cell.id, '2020-05-01')] }),
    member({ events: [admit(cell.id, '2020-05-01'), end('2024-06-01', 'STRUCK_OFF')] }),
    member({ gender: 'FEMALE', birthDate: '2000-03-01', ethnicity: 'Chăm', youthUnion: true, events: [admit(cell.id, '2024-02-10')] }),
    member({ birthDate: '1980-01-01', events: [admit(cell.id, '2024-05-10'), end('2024-12-01', 'DECEASED')] }),
    member({ birthDate: '2006-01-01', youthUnion: true, events: [admit(quoted.id, '2024-11-10')] }),
  ]);
  await setTargets(p, province.id, 2024, [{ organizationId: district.id, target: 3 }]);
  await setTargets(p, committee.id, 2024, [{ organizationId: cell.id, target: 2 }]);
  const rated = await p.query(`mutation($input: RateOrganizationInput!) { rateOrganization(input: $input) { rating { grade } } }`, {
    input: { organizationId: cell.id, year: 2024, grade: 'GOOD', peerGroup: 'CHI-BO-2024', decisionRef: 'QĐ-XL' },
  });
  if (rated.errors) throw new Error(JSON.stringify(rated.errors));
}, 300_000);
afterAll(() => p?.stop());

async function allPages(under: string | null, first: number, as?: Parameters<typeof read>[3]) {
  const lines: string[][] = [];
  const pages: { rowCount: number; totalCount: number; csv: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await read(p, CSV, { year: 2024, under, first, after }, as);
    const c = data.evaluationFactsCsv;
    expect(c.columns).toEqual(COLUMNS);
    const rows = parseCsv(c.csv);
    // The header line on the first page only.
    if (pages.length === 0) expect(rows.shift()).toEqual(COLUMNS);
    expect(rows.length).toBe(c.rowCount);
    expect(c.rowCount).toBeLessThanOrEqual(first);
    for (const r of rows) expect(r).toHaveLength(COLUMNS.length);
    lines.push(...rows);
    pages.push(c);
    if (!c.pageInfo.hasNextPage) return { lines, pages, text: pages.map((x) => x.csv).join('') };
    after = c.pageInfo.endCursor;
  }
}

test('the rows of a hand-built fixture are exact, and the same as evaluationFacts', async () => {
  const data = await read(p, CSV, { year: 2024, under: district.id });
  const c = data.evaluationFactsCsv;
  expect(c).toMatchObject({ rowCount: 4, totalCount: 4, pageInfo: { hasNextPage: false } });
  const lines = c.csv.split('\n');
  expect(lines[0]).toBe(COLUMNS.join(','));
  expect(lines.at(-1)).toBe('');
  expect(lines).toHaveLength(6);
  const byId = Object.fromEntries(lines.slice(1, -1).map((l: string) => [l.split(',')[1], l]));
  expect(byId[cell.id]).toBe(
    `2024,${cell.id},${cell.code},Chi bộ thôn 1,CELL,${committee.code},Trung ương / Tỉnh Ninh Thuận / Huyện Ninh Hải / Đảng bộ xã Tri Hải / Chi bộ thôn 1,4,` +
      `2,2,1,1,0,0,1,GOOD,,2,2,1,1,1,1,1,0,0,1,0,false`,
  );
  expect(byId[quoted.id]).toBe(
    `2024,${quoted.id},${quoted.code},"Chi bộ ""Khu phố 3, Kinh Dinh""",CELL,${committee.code},"Trung ương / Tỉnh Ninh Thuận / Huyện Ninh Hải / Đảng bộ xã Tri Hải / Chi bộ ""Khu phố 3, Kinh Dinh""",4,` +
      `,1,0,0,0,1,,,,0,1,0,0,1,1,0,0,0,0,0,false`,
  );
  expect(byId[district.id]).toBe(
    `2024,${district.id},${district.code},Huyện Ninh Hải,DISTRICT,${province.code},Trung ương / Tỉnh Ninh Thuận / Huyện Ninh Hải,2,` +
      `3,3,1,1,0,1,1,,,2,3,1,1,2,2,1,0,0,1,0,false`,
  );
  // Every row of the province, field by field, as evaluationFacts gives it.
  const facts = (await read(p, FACTS, { under: province.id })).evaluationFacts.edges.map((e: { node: Record<string, unknown> }) => COLUMNS.map((k) => asCsv(e.node[k])));
  const { lines: paged } = await allPages(province.id, 10_000);
  expect(paged).toEqual(facts);
  expect(paged).toHaveLength(31);
  expect(paged.find((r) => r[1] === district.id)![14]).toBe('1');
});

test('paging by 7 returns every organisation exactly once while admissions are written', async () => {
  // The province; Ninh Hải, its committee and two cells; Bác Ái, its committee and 24 cells: 31 organisations.
  const expected = [province, district, committee, cell, quoted, other, otherCommittee, ...extraCells].map((o) => o.id);
  const writes = (async () => {
    for (let i = 0; i < 6; i++) await p.loadMembers(admittedOn(extraCells[(i * 5) % extraCells.length]!.id, ['2024-04-04', '2024-10-10'], 20));
  })();
  const [first, , second] = await Promise.all([allPages(province.id, 7), writes, allPages(province.id, 7)]);
  for (const paged of [first, second]) {
    const ids = paged.lines.map((l) => l[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(ids).toEqual([...ids].sort());
    expect(paged.pages).toHaveLength(Math.ceil(expected.length / 7));
    expect(paged.pages[0]!.totalCount).toBe(expected.length);
  }
  // The joined pages are one CSV file: one header line, then the rows.
  expect(parseCsv(second.text)).toEqual([COLUMNS, ...second.lines]);
  // Without `under`, an administrator reaches the whole tree: the central committee too.
  const everything = await allPages(null, 10_000);
  expect(everything.lines.length).toBe(expected.length + 1);
  expect(everything.lines.map((l) => l[1])).toContain(central.id);
});

test('a fixed number of statements per page, whatever its size', async () => {
  const statements = async (first: number) => {
    counter.reset();
    const data = await read(p, CSV, { year: 2024, under: province.id, first });
    expect(data.evaluationFactsCsv.rowCount).toBe(Math.min(first, 31));
    return counter.count;
  };
  const small = await statements(5);
  const large = await statements(10_000);
  expect(large).toBe(small);
  expect(small).toBeLessThanOrEqual(12);
});

test('scope, roles, page size and cursor are checked', async () => {
  const outsider = officer([other.id]);
  expectError(await p.query(CSV, { year: 2024, under: district.id }, outsider), 'FORBIDDEN', 'under');
  // An officer without `under` sees their own subtree only.
  const mine = await allPages(null, 10_000, outsider);
  expect(mine.lines.map((l) => l[1]).sort()).toEqual([other, otherCommittee, ...extraCells].map((o) => o.id).sort());
  // An analyst reads it (no personal records in it), within their scope.
  const analyst: Caller = { userId: 'bi-tool', roles: ['ANALYST'], scope: [district.id] };
  expect((await allPages(null, 10_000, analyst)).lines.map((l) => l[1]).sort()).toEqual([district, committee, cell, quoted].map((o) => o.id).sort());
  for (const first of [0, -1, 10_001]) {
    const e = expectError(await p.query(CSV, { year: 2024, first }), 'BAD_USER_INPUT', 'first');
    expect(e.message).toContain('from 1 to 10,000');
  }
  expectError(await p.query(CSV, { year: 2024, after: 'nonsense' }), 'BAD_USER_INPUT', 'after');
  expectError(await p.query(CSV, { year: 1800 }), 'BAD_USER_INPUT', 'year');
  // A cursor of evaluationFacts pages the CSV on from the same place.
  const firstPage = (await read(p, `query { evaluationFacts(year: 2024, first: 10) { pageInfo { endCursor } edges { node { organizationId } } } }`)).evaluationFacts;
  const rest = (await read(p, CSV, { year: 2024, after: firstPage.pageInfo.endCursor })).evaluationFactsCsv;
  const restIds = parseCsv(rest.csv).map((l) => l[1]!);
  expect(restIds[0]! > firstPage.edges.at(-1).node.organizationId).toBe(true);
  expect(restIds.length + firstPage.edges.length).toBe(32);
});

test('frozen rows, written by PostgreSQL, are the live rows with finalized true', async () => {
  const beforePages = await allPages(province.id, 10_000);
  const before = beforePages.lines;
  const res = await p.query(`mutation($input: FinalizeEvaluationYearInput!) { finalizeEvaluationYear(input: $input) { finalization { organizations } } }`, {
    input: { year: 2024, under: district.id, decisionRef: 'QĐ-DG-2024' },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data.finalizeEvaluationYear.finalization.organizations).toBe(4);
  // Paged 3 at a time: frozen and live rows merged in id order.
  const after = (await allPages(province.id, 3)).lines;
  const frozenIds = new Set([district, committee, cell, quoted].map((o) => o.id));
  expect(after.filter((l) => l.at(-1) === 'true').map((l) => l[1]).sort()).toEqual([...frozenIds].sort());
  expect(after).toEqual(before.map((l) => (frozenIds.has(l[1]!) ? [...l.slice(0, -1), 'true'] : l)));
  expect(after.find((l) => l[1] === quoted.id)![3]).toBe('Chi bộ "Khu phố 3, Kinh Dinh"');
  // Byte for byte (no line break inside a field here): the same quoting, empty fields and number forms.
  const text = (t: string) => t.split('\n').slice(1, -1).sort();
  expect(text((await allPages(province.id, 10_000)).text)).toEqual(text(beforePages.text).map((l) => (frozenIds.has(l.split(',')[1]!) ? l.replace(/false$/, 'true') : l)));
});

test('a page of 10,000 rows with every field passes the gateway limits', async () => {
  const res = await p.query(CSV, { year: 2024, first: 10_000 });
  expect(res.errors).toBeUndefined();
  expect(res.data.evaluationFactsCsv.rowCount).toBe(32);
});
