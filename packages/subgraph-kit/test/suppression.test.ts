import { SuppressedBreakdown, isSmallCell, loadSubgraphConfig, smallCellThreshold, suppressSmallCells, suppressTotal, type BaseContext, type Role } from '../src';

describe('suppressSmallCells', () => {
  test('counts from 1 to threshold − 1 are withheld; zero and the threshold itself are shown', () => {
    expect(suppressSmallCells([0, 1, 4, 5, 40], 5)).toEqual([0, null, null, 5, 40]);
  });

  test('a single withheld cell also withholds the smallest other non-zero cell (complementary)', () => {
    // 3 alone would be the total (60) minus 7 + 50: the 7 goes too.
    expect(suppressSmallCells([50, 3, 0, 7], 5)).toEqual([50, null, 0, null]);
    // Equal candidates: the first.
    expect(suppressSmallCells([9, 2, 9], 5)).toEqual([null, null, 9]);
  });

  test('two or more withheld cells protect each other: nothing else is withheld', () => {
    expect(suppressSmallCells([2, 3, 40, 6], 5)).toEqual([null, null, 40, 6]);
  });

  test('a single withheld cell with no other non-zero cell stays alone (its total is the small cell)', () => {
    expect(suppressSmallCells([0, 3, 0], 5)).toEqual([0, null, 0]);
    expect(suppressTotal(3, 5)).toBeNull();
  });

  test('threshold 1 withholds nothing; a larger threshold withholds more', () => {
    expect(suppressSmallCells([1, 2, 3], 1)).toEqual([1, 2, 3]);
    expect(suppressSmallCells([1, 9, 10, 30], 10)).toEqual([null, null, 10, 30]);
    expect(suppressSmallCells([], 5)).toEqual([]);
  });

  test('whatever the cells, no withheld cell can be computed from the total and the cells shown', () => {
    // Exhaustive over small breakdowns: the withheld cells are never exactly one, unless they are the whole total.
    const values = [0, 1, 2, 4, 5, 6, 20];
    for (const a of values)
      for (const b of values)
        for (const c of values) {
          const shown = suppressSmallCells([a, b, c], 5);
          const hidden = shown.filter((x) => x === null).length;
          const total = a + b + c;
          if (hidden === 1) expect(isSmallCell(total, 5)).toBe(true);
          [a, b, c].forEach((x, i) => {
            if (isSmallCell(x, 5)) expect(shown[i]).toBeNull();
            if (shown[i] !== null) expect(shown[i]).toBe(x);
          });
        }
  });

  test('totals: null when small', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppressTotal(n, 5))).toEqual([0, null, null, 5, 12]);
  });
});

describe('SuppressedBreakdown', () => {
  const ethnicity = (counts: Record<string, number>, threshold = 5) =>
    new SuppressedBreakdown(
      Object.entries(counts).map(([key, count]) => ({ key, count })),
      threshold,
    );
  const minority = (k: string) => k !== 'Kinh' && k !== 'UNKNOWN';

  test('cells by key, marked when withheld; an absent key counts 0', () => {
    const b = ethnicity({ Kinh: 40, Chăm: 3, Raglai: 12 });
    expect(b.cells).toEqual([
      { key: 'Kinh', count: 40, suppressed: false },
      { key: 'Chăm', count: null, suppressed: true },
      { key: 'Raglai', count: null, suppressed: true },
    ]);
    expect(b.cell('Kinh')).toBe(40);
    expect(b.cell('Chăm')).toBeNull();
    expect(b.cell('Hoa')).toBe(0);
  });

  test('a sum over a subset is shown when it gives no withheld cell away', () => {
    // Chăm and Raglai both withheld, both in the subset: their sum (15) reveals neither.
    expect(ethnicity({ Kinh: 40, Chăm: 3, Raglai: 12 }).sum(minority)).toBe(15);
  });

  test('a sum with exactly one withheld cell inside or outside the subset is withheld', () => {
    // Kinh (8) is withheld with Chăm (3): minority = 23 minus Raglai (20) shown would give Chăm.
    const b = ethnicity({ Kinh: 8, Chăm: 3, Raglai: 20 });
    expect(b.cells.map((c) => c.count)).toEqual([null, null, 20]);
    expect(b.sum(minority)).toBeNull();
    // Outside: the total (39) minus the sum (35) gives Raglai, the one withheld cell outside.
    const three = ethnicity({ Kinh: 30, Hoa: 2, Chăm: 3, Raglai: 4 });
    expect(three.sum((k) => k !== 'Raglai')).toBeNull();
    expect(three.sum((k) => k === 'Kinh')).toBe(30);
  });

  test('a small sum is withheld; zero is shown', () => {
    expect(ethnicity({ Kinh: 40, Chăm: 5, Raglai: 0 }).sum((k) => k === 'Raglai')).toBe(0);
    expect(ethnicity({ Kinh: 40, Chăm: 0 }, 5).sum(minority)).toBe(0);
    expect(ethnicity({ Kinh: 40, Chăm: 3 }, 5).sum(minority)).toBeNull();
  });

  test('threshold 1: everything exact', () => {
    const b = ethnicity({ Kinh: 8, Chăm: 1 }, 1);
    expect(b.cells.map((c) => c.count)).toEqual([8, 1]);
    expect(b.sum(minority)).toBe(1);
  });
});

describe('who gets small cells withheld', () => {
  const ctx = (role: Role, aggregateMinCell?: number): BaseContext => ({ requestId: 'r', caller: { userId: 'u', roles: [role], scope: [] }, log: undefined as never, aggregateMinCell });
  test('analysts: the configured threshold (default 5); officers, viewers, administrators: exact figures', () => {
    expect(smallCellThreshold(ctx('ANALYST'))).toBe(5);
    expect(smallCellThreshold(ctx('ANALYST', 2))).toBe(2);
    for (const role of ['ORG_OFFICER', 'VIEWER', 'SYSTEM_ADMIN'] as const) expect(smallCellThreshold(ctx(role, 5))).toBe(1);
  });
});

describe('AGGREGATE_MIN_CELL', () => {
  const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: 'postgres://x@localhost/db', GATEWAY_PUBLIC_JWK: '{}', ...extra });
  test('defaults to 5; a whole number of at least 1 is taken', () => {
    expect(loadSubgraphConfig('membership', 4002, env()).aggregateMinCell).toBe(5);
    expect(loadSubgraphConfig('membership', 4002, env({ AGGREGATE_MIN_CELL: '2' })).aggregateMinCell).toBe(2);
    expect(loadSubgraphConfig('evaluation', 4003, env({ AGGREGATE_MIN_CELL: '1' })).aggregateMinCell).toBe(1);
  });
  test.each(['0', '-3', '2.5', 'five', ''])('refuses %j at boot, naming the variable', (value) => {
    expect(() => loadSubgraphConfig('membership', 4002, env({ AGGREGATE_MIN_CELL: value }))).toThrow(/AGGREGATE_MIN_CELL: AGGREGATE_MIN_CELL must be a whole number of at least 1/);
  });
});
