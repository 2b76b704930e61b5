import { addMonths, buildEvaluation, buildRegister, buildTree, describeDemo, fullYears, memberOn, model, ninhThuanDemo, random, stateOn, type Demo, type PlannedCell } from '../src';

// The dataset itself, without a database: the same for the same seed, the province's figures for
// any seed, and histories within the Charter's rules. (The figures through the API: apps/evaluation/test/demo-figures.test.ts.)

const demo = ninhThuanDemo();
const other = ninhThuanDemo(7);
const cellsOf = (d: Demo) => new Map(d.tree.cells.map((c) => [c.code, c]));
const open = (c: PlannedCell, day: string) => c.from <= day && (c.to === 'infinity' || day < c.to);

describe('the same seed, the same data', () => {
  test('a seed builds the same tree, register (ids included) and evaluation every time', () => {
    expect(JSON.stringify(rebuild(2024))).toBe(JSON.stringify({ tree: demo.tree, register: demo.register, evaluation: demo.evaluation }));
  });

  test('another seed draws other people and sizes, with the same codes of named organisations', () => {
    expect(other.register.members[0]!.id).not.toBe(demo.register.members[0]!.id);
    expect(other.register.members.map((m) => m.fullName).slice(0, 50)).not.toEqual(demo.register.members.map((m) => m.fullName).slice(0, 50));
    for (const code of ['NINH_THUAN', 'PHAN_RANG', 'NINH_HAI', 'CONG_AN_NT', 'BIEN_PHONG_NT', 'KINH_DINH', 'KINH_DINH-C3', 'HO_HAI', 'KHANH_HAI', 'PHUOC_DAN', 'DAO_LONG', 'THPT_CHU_VAN_AN', 'CTY_MUOI_NINH_HAI', 'PC_CSHS-C1', 'DON_BP_NINH_CHU', 'XA_NINH_HAI', 'PHUONG_PHAN_RANG', 'KHANH_HOA']) {
      expect(demo.tree.organizations.some((o) => o.code === code)).toBe(true);
      expect(other.tree.organizations.some((o) => o.code === code)).toBe(true);
    }
  });

  test('the PRNG: same seed same sequence, forks independent of each other', () => {
    const a = random(1);
    const b = random(1);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(random(1).fork('x').next()).toBe(random(1).fork('x').next());
    expect(random(1).fork('x').next()).not.toBe(random(1).fork('y').next());
    expect(random(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

/** A fresh build, not the one kept per process. */
function rebuild(seed: number) {
  const r = random(seed);
  const tree = buildTree(r.fork('tree'));
  const register = buildRegister(r.fork('register'), tree);
  return { tree, register, evaluation: buildEvaluation(r.fork('evaluation'), tree, register) };
}

describe.each([
  ['2024', demo],
  ['7', other],
])('the province’s figures (seed %s)', (_, d) => {
  const kindsOn = (day: string) => {
    const kind = new Map<string, string>();
    const parent = new Map<string, string | null>();
    const alive = new Set<string>();
    for (const c of d.tree.changes.filter((x) => x.on <= day)) {
      if (c.type === 'ESTABLISH') c.organizations.forEach((o) => (kind.set(o.code, o.kind), parent.set(o.code, o.parentCode), alive.add(o.code)));
      if (c.type === 'UPGRADE') kind.set(c.code, c.kind);
      if (c.type === 'MOVE') parent.set(c.code, c.parentCode);
      if (c.type === 'MERGE') c.sourceCodes.forEach((s) => alive.delete(s));
      if (c.type === 'DISSOLVE') alive.delete(c.code);
    }
    const under = (code: string, root: string): boolean => code === root || (!!parent.get(code) && under(parent.get(code)!, root));
    const count = (k: string) => [...alive].filter((code) => kind.get(code) === k && code !== 'NINH_THUAN' && under(code, 'NINH_THUAN')).length;
    return { GC: count('GRASSROOTS_COMMITTEE'), GRC: count('GRASSROOTS_CELL'), CELL: count('CELL') };
  };

  test('435 grassroots organisations at the end of 2024 (150 committees, 285 cells); 434 in mid-2022 (149 with 1,251 cells, 285)', () => {
    expect(kindsOn('2024-12-31')).toEqual({ GC: 150, GRC: 285, CELL: 1253 });
    expect(kindsOn('2022-06-30')).toEqual({ GC: 149, GRC: 285, CELL: 1251 });
  });

  test('22,551 members at the end of 2024 and 20,952 in mid-2022', () => {
    const on = (day: string) => d.register.members.filter((m) => memberOn(m.events, day)).length;
    expect(on('2024-12-31')).toBe(22551);
    expect(on('2022-06-30')).toBe(20952);
  });

  test('853 admitted in 2024: each unit its figure, against targets of 805 in all', () => {
    const cells = cellsOf(d);
    const byUnit: Record<string, number> = {};
    for (const m of d.register.members) if (m.events[0]!.effectiveOn.startsWith('2024-')) byUnit[cells.get(m.events[0]!.cell!)!.unit] = (byUnit[cells.get(m.events[0]!.cell!)!.unit] ?? 0) + 1;
    const units = [...model.DISTRICTS, ...model.AFFILIATED];
    expect(byUnit).toEqual(Object.fromEntries(units.map((u) => [u.code, u.admitted])));
    expect(Object.values(byUnit).reduce((s, n) => s + n, 0)).toBe(853);
    const province = d.evaluation.targets.find((t) => t.by === 'NINH_THUAN')!;
    expect(province.targets.reduce((s, t) => s + t.target, 0)).toBe(805);
    const rate = (code: string) => Math.round((byUnit[code]! / province.targets.find((t) => t.code === code)!.target) * 100) / 100;
    expect([rate('CONG_AN_NT'), rate('BIEN_PHONG_NT'), rate('NINH_HAI')]).toEqual([1.73, 1.25, 1.13]);
    expect(Math.round((853 / 805) * 100) / 100).toBe(1.06);
    // Every district, the city and every affiliated committee reached its target.
    expect(units.every((u) => byUnit[u.code]! >= province.targets.find((t) => t.code === u.code)!.target)).toBe(true);
  });

  test('every committee’s targets add up to its own', () => {
    const own = new Map(d.evaluation.targets.flatMap((t) => t.targets.map((x) => [x.code, x.target] as const)));
    for (const t of d.evaluation.targets.filter((x) => x.by !== 'TRUNG_UONG')) {
      expect([t.by, t.targets.reduce((s, x) => s + x.target, 0)]).toEqual([t.by, own.get(t.by)]);
      for (const x of t.targets) if (x.quarters) expect(x.quarters.reduce((s, q) => s + q, 0)).toBe(x.target);
    }
  });
});

describe('histories within the rules', () => {
  const cells = cellsOf(demo);
  const members = demo.register.members;

  test('admitted at 18 to 60, to a cell that existed that day (from 2020, when the tree starts)', () => {
    const bad = members.filter((m) => {
      const a = m.events[0]!;
      const age = fullYears(m.birthDate, a.effectiveOn);
      return a.type !== 'ADMITTED' || age < 18 || age > 60 || (a.effectiveOn >= '2020-01-01' && !open(cells.get(a.cell!)!, a.effectiveOn));
    });
    expect(bad).toEqual([]);
  });

  test('events in date order, none after 2025; recognised 12 months or more after admission, never twice; nothing after an exit but a reinstatement', () => {
    const bad: string[] = [];
    for (const m of members) {
      let last = '';
      let member = false;
      let official = false;
      for (const e of m.events) {
        if (e.effectiveOn < last || e.effectiveOn > '2025-12-31') bad.push(`${m.id} ${e.type} ${e.effectiveOn} order`);
        last = e.effectiveOn;
        if (e.type === 'ADMITTED' || e.type === 'REINSTATED') member = true;
        else if (!member) bad.push(`${m.id} ${e.type} while not a member`);
        if (e.type === 'RECOGNIZED') {
          if (official || e.effectiveOn < addMonths(m.events[0]!.effectiveOn, 12)) bad.push(`${m.id} recognised ${e.effectiveOn}`);
          official = true;
        }
        if (e.type === 'TERMINATED') {
          member = false;
          if (e.reason === 'PROBATION_NOT_RECOGNIZED' && official) bad.push(`${m.id} probation after recognition`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('transfers, temporary stays (at most two years) and reinstatements go to cells existing that day', () => {
    const bad = members.flatMap((m) =>
      m.events
        .filter((e) => ['TRANSFERRED', 'TEMPORARY_TRANSFER', 'REINSTATED'].includes(e.type))
        .filter((e) => !open(cells.get(e.cell!)!, e.effectiveOn) || (e.type === 'TEMPORARY_TRANSFER' && !(e.until! >= e.effectiveOn && e.until! < addMonths(e.effectiveOn, 24))))
        .map((e) => `${m.id} ${e.type} ${e.cell} ${e.effectiveOn}`),
    );
    expect(bad).toEqual([]);
  });

  test('every kind of event and exit is there', () => {
    const shape = describeDemo(demo);
    for (const k of ['ADMITTED', 'RECOGNIZED', 'TRANSFERRED', 'TEMPORARY_TRANSFER', 'EXEMPTED', 'EXEMPTION_ENDED', 'REINSTATED', 'TERMINATED:DECEASED', 'TERMINATED:STRUCK_OFF', 'TERMINATED:EXPELLED', 'TERMINATED:WITHDRAWN', 'TERMINATED:PROBATION_NOT_RECOGNIZED']) {
      expect([k, shape.eventsByType[k]! > 0]).toEqual([k, true]);
    }
  });

  test('citizen IDs (Ninh Thuận, 058…) and party card numbers are unique', () => {
    const ids = [...members.map((m) => m.citizenId), ...demo.register.prospects.map((p) => p.citizenId)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((c) => /^058[0-3][0-9]{8}$/.test(c))).toBe(true);
    expect(new Set(members.map((m) => m.partyCardNumber)).size).toBe(members.length);
  });

  test('at the end of 2024 cells have 4 members or more, grassroots cells 3–29, grassroots committees 30 or more', () => {
    const size = new Map<string, number>();
    for (const m of members) {
      const s = stateOn(m.events, '2024-12-31', cells);
      if (s) size.set(s.cell, (size.get(s.cell) ?? 0) + 1);
    }
    const live = demo.tree.cells.filter((c) => open(c, '2024-12-31'));
    expect(live.filter((c) => (size.get(c.code) ?? 0) < 4).map((c) => c.code)).toEqual([]);
    expect(live.filter((c) => c.grassroots === c.code && (size.get(c.code)! < 3 || size.get(c.code)! > 29)).map((c) => c.code)).toEqual([]);
    const committees = new Map<string, number>();
    for (const c of live.filter((x) => x.grassroots !== x.code)) committees.set(c.grassroots, (committees.get(c.grassroots) ?? 0) + (size.get(c.code) ?? 0));
    expect([...committees].filter(([, n]) => n < 30)).toEqual([]);
  });

  test('ethnic groups in the province’s proportions: Kinh ≈ 76 %, Chăm ≈ 12 %, Raglai ≈ 10 %', () => {
    const now = members.filter((m) => memberOn(m.events, '2024-12-31'));
    const share = (e: string) => now.filter((m) => m.ethnicity === e).length / now.length;
    expect(Math.abs(share('Kinh') - 0.76)).toBeLessThan(0.02);
    expect(Math.abs(share('Chăm') - 0.12)).toBeLessThan(0.015);
    expect(Math.abs(share('Raglai') - 0.1)).toBeLessThan(0.015);
  });

  test('prospects: steps in order, helpers and introducers official members of the cell', () => {
    const byId = new Map(members.map((m) => [m.id, m]));
    const order = ['AWARENESS_CLASS_PASSED', 'HELPER_ASSIGNED', 'INTRODUCERS_ASSIGNED', 'DOSSIER_COMPLETE', 'CELL_RESOLUTION', 'COMMITTEE_RESOLUTION'];
    for (const p of demo.register.prospects) {
      expect(p.steps.map((s) => s.step)).toEqual(order.slice(0, p.steps.length));
      const people = [...(p.helperId ? [{ id: p.helperId, on: p.steps[1]!.on }] : []), ...p.introducers.map((i) => ({ id: i.memberId, on: p.steps[2]!.on }))];
      for (const x of people) expect(stateOn(byId.get(x.id)!.events, x.on, cells)).toEqual({ cell: p.cell, status: 'OFFICIAL' });
    }
    expect(new Set(demo.register.prospects.map((p) => p.steps.length)).size).toBe(7);
  });

  test('ratings keep EXCELLENT within 20 % of GOOD in every peer group, and only where the target was reached', () => {
    for (const g of demo.evaluation.ratings) {
      const n = (grade: string) => g.ratings.filter((r) => r.grade === grade).length;
      expect([g.peerGroup, n('EXCELLENT') <= Math.floor(0.2 * n('GOOD'))]).toEqual([g.peerGroup, true]);
    }
    const admitted = new Map<string, number>();
    for (const m of members) if (m.events[0]!.effectiveOn.startsWith('2024-')) admitted.set(cells.get(m.events[0]!.cell!)!.grassroots, (admitted.get(cells.get(m.events[0]!.cell!)!.grassroots) ?? 0) + 1);
    const targets = new Map(demo.evaluation.targets.flatMap((t) => t.targets.map((x) => [x.code, x.target] as const)));
    const excellentBelowTarget = demo.evaluation.ratings.flatMap((g) => g.ratings).filter((r) => r.grade === 'EXCELLENT' && targets.has(r.code) && (admitted.get(r.code) ?? 0) < targets.get(r.code)!);
    expect(excellentBelowTarget).toEqual([]);
    expect(demo.evaluation.ratings.flatMap((g) => g.ratings).filter((r) => r.grade === 'EXCELLENT').length).toBeGreaterThan(100);
  });
});
