import { AFFILIATED, CENTRAL, DAYS, DISTRICT_AGENCIES, DISTRICT_COMMITTEES, DISTRICTS, FIGURES, KHANH_HOA_TREE, KINDERGARTEN_NAMES, MERGED_INTO, NAMED, PROVINCE, SCHOOL_NAMES, type DistrictModel, type Mix, type UnitProfile } from './ninh-thuan';
import type { Random } from './random';

export type OrganizationKind = 'CENTRAL' | 'PROVINCIAL' | 'DISTRICT' | 'COMMUNE' | 'AFFILIATED' | 'GRASSROOTS_COMMITTEE' | 'GRASSROOTS_CELL' | 'SUB_COMMITTEE' | 'CELL';
export type Sector = 'COMMUNE' | 'WARD' | 'STATE_AGENCY' | 'PUBLIC_SERVICE_UNIT' | 'STATE_ENTERPRISE' | 'NON_STATE_ENTERPRISE' | 'ARMED_FORCES' | 'SCHOOL' | 'RESIDENTIAL_AREA';

/** Who a cell's members are, for their ages, occupations and how they came to the party. */
export type CellProfile =
  | 'URBAN_AREA'
  | 'RURAL_AREA'
  | 'COMMUNE_OFFICE'
  | 'COMMUNE_MILITIA'
  | 'COMMUNE_POLICE'
  | 'KINDERGARTEN'
  | 'HEALTH_STATION'
  | 'HIGH_SCHOOL'
  | UnitProfile;

export interface PlannedOrganization {
  code: string;
  name: string;
  kind: OrganizationKind;
  sector: Sector | null;
  parentCode: string | null;
  establishedOn: string;
  decisionRef: string;
}

/** A cell (CELL or GRASSROOTS_CELL): where members are registered. */
export interface PlannedCell {
  code: string;
  name: string;
  /** The organisation directly under the province it belongs to (a district or an affiliated committee). */
  unit: string;
  /** The grassroots organisation it is (a grassroots cell) or lies under. */
  grassroots: string;
  profile: CellProfile;
  ethnicity: Mix;
  /** Commune (name) members come from, for birthplaces. */
  place: string;
  /** Days it takes members: [from, to). */
  from: string;
  to: string;
  /** What becomes of its members on `to`: followed to a successor by the tree (merge), or transferred (kind change). */
  successor: string | null;
  transferOnEnd: readonly string[];
  /** Its weight in the register: members drawn for it in 2020, and its share of admissions and transfers. */
  size: number;
}

export type PlannedChange = { on: string; decisionRef: string } & (
  | { type: 'ESTABLISH'; organizations: PlannedOrganization[] }
  | { type: 'RENAME'; code: string; name: string }
  | { type: 'MOVE'; code: string; parentCode: string }
  | { type: 'UPGRADE'; code: string; kind: OrganizationKind }
  | { type: 'MERGE'; sourceCodes: string[]; targetCode: string }
  | { type: 'DISSOLVE'; code: string; successorCode: string | null }
);

export interface DemoTree {
  /** Every organisation ever established, in establishment order (parents first). */
  organizations: PlannedOrganization[];
  /** Every change, in date order; the first establishes the tree of 2020. */
  changes: PlannedChange[];
  cells: PlannedCell[];
  /** Grassroots organisations (committees and cells) by unit, as they stood in 2024. */
  grassroots2024: { code: string; kind: OrganizationKind; unit: string }[];
}

const FOLD: Record<string, string> = { đ: 'd', Đ: 'D' };
/** "Phước Dân" → "PHUOC_DAN". */
export const codeOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => FOLD[c]!)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const two = (n: number) => String(n).padStart(2, '0');

const SECTOR_OF: Record<UnitProfile, Sector> = {
  POLICE: 'ARMED_FORCES',
  MILITARY: 'ARMED_FORCES',
  BORDER: 'ARMED_FORCES',
  AGENCY: 'STATE_AGENCY',
  HOSPITAL: 'PUBLIC_SERVICE_UNIT',
  SCHOOL: 'SCHOOL',
  COLLEGE: 'SCHOOL',
  STATE_ENTERPRISE: 'STATE_ENTERPRISE',
  BANK: 'STATE_ENTERPRISE',
  NON_STATE_ENTERPRISE: 'NON_STATE_ENTERPRISE',
};

/** Members per cell at the end of 2024, by who they are: [lowest, highest]. */
const SIZE: Record<CellProfile, [number, number]> = {
  URBAN_AREA: [16, 40],
  RURAL_AREA: [10, 30],
  COMMUNE_OFFICE: [12, 26],
  COMMUNE_MILITIA: [5, 11],
  COMMUNE_POLICE: [5, 11],
  KINDERGARTEN: [4, 10],
  HEALTH_STATION: [3, 7],
  HIGH_SCHOOL: [10, 24],
  POLICE: [12, 28],
  MILITARY: [10, 24],
  BORDER: [12, 27],
  AGENCY: [7, 20],
  HOSPITAL: [10, 26],
  SCHOOL: [6, 16],
  COLLEGE: [8, 22],
  STATE_ENTERPRISE: [7, 20],
  BANK: [6, 16],
  NON_STATE_ENTERPRISE: [4, 12],
};

/** Grassroots cells have 3–29 members: their drawn sizes stay well inside. */
const GRASSROOTS_CELL_SIZE: [number, number] = [5, 24];

interface Builder {
  orgs: PlannedOrganization[];
  cells: PlannedCell[];
  codes: Set<string>;
}

/**
 * The organisation tree of the demo: Ninh Thuận under the Party's central
 * organisation, with every district's communes and wards, grassroots
 * organisations and cells, the affiliated committees, and Khánh Hòa; the
 * changes of 2020–2024 and the 2025-07-01 restructuring. Counts meet the
 * province's figures exactly (FIGURES); names and sizes are drawn from `r`.
 */
export function buildTree(r: Random): DemoTree {
  const b: Builder = { orgs: [], cells: [], codes: new Set() };
  const founded = DAYS.founded;
  const AS_ESTABLISHED = 'Sổ tổ chức cơ sở đảng 2020';
  const add = (o: Omit<PlannedOrganization, 'establishedOn' | 'decisionRef'> & { establishedOn?: string; decisionRef?: string }): PlannedOrganization => {
    if (b.codes.has(o.code)) throw new Error(`demo tree: code ${o.code} used twice`);
    b.codes.add(o.code);
    const org: PlannedOrganization = { establishedOn: founded, decisionRef: AS_ESTABLISHED, ...o };
    b.orgs.push(org);
    return org;
  };
  const cell = (c: Omit<PlannedCell, 'from' | 'to' | 'successor' | 'transferOnEnd'> & Partial<PlannedCell>) => {
    const planned: PlannedCell = { from: founded, to: 'infinity', successor: null, transferOnEnd: [], ...c };
    b.cells.push(planned);
    return planned;
  };
  const size = (profile: CellProfile, grassrootsCell = false) => {
    const [lo, hi] = SIZE[profile];
    return grassrootsCell ? Math.max(GRASSROOTS_CELL_SIZE[0], Math.min(GRASSROOTS_CELL_SIZE[1], r.int(lo, hi))) : r.int(lo, hi);
  };

  add({ code: CENTRAL.code, name: CENTRAL.name, kind: 'CENTRAL', sector: null, parentCode: null });
  add({ code: PROVINCE.code, name: PROVINCE.name, kind: 'PROVINCIAL', sector: null, parentCode: CENTRAL.code });

  // ---------------------------------------------------------------- districts
  /** Old commune name → code, per district (for the 2025 restructuring). */
  const communeCodes = new Map<string, Map<string, string>>();
  /** District-level organisations and the old commune they stand in. */
  const districtLevel: { code: string; district: string; area: string }[] = [];
  /** Numbered residential areas (wards and towns without named areas): adjusted to hit the cell count. */
  const numbered: { commune: string; communeName: string; place: string; district: DistrictModel; ethnicity: Mix; urban: boolean; count: number }[] = [];
  const communeCells = new Map<string, { residential: PlannedCell[]; agency: Omit<PlannedCell, 'code'>[] }>();

  for (const d of DISTRICTS) {
    const dr = r.fork(d.code);
    add({ code: d.code, name: d.name, kind: 'DISTRICT', sector: null, parentCode: PROVINCE.code });
    const codes = new Map<string, string>();
    communeCodes.set(d.code, codes);
    for (const c of d.communes) {
      const base = codeOf(c.name);
      const code = b.codes.has(base) ? `${base}_${d.code}` : base;
      codes.set(c.name, code);
      const full = `${c.type} ${c.name}`;
      const sector: Sector = c.type === 'phường' ? 'WARD' : 'COMMUNE';
      add({ code, name: `Đảng bộ ${full}`, kind: 'GRASSROOTS_COMMITTEE', sector, parentCode: d.code });
      const ethnicity = c.ethnicity ?? d.ethnicity;
      const place = `${full}, ${d.place}`;
      const urban = c.type !== 'xã';
      const area = c.type === 'xã' ? 'thôn' : 'khu phố';
      const residential: PlannedCell[] = [];
      if (c.areas) {
        c.areas.forEach((a) => residential.push({ code: '', name: `Chi bộ ${area} ${a}, ${full}`, unit: d.code, grassroots: code, profile: urban ? 'URBAN_AREA' : 'RURAL_AREA', ethnicity, place, from: founded, to: 'infinity', successor: null, transferOnEnd: [], size: size(urban ? 'URBAN_AREA' : 'RURAL_AREA') }));
      } else {
        numbered.push({ commune: code, communeName: full, place, district: d, ethnicity, urban, count: dr.int(7, 15) });
      }
      const word = c.type === 'phường' ? 'phường' : c.type === 'thị trấn' ? 'thị trấn' : 'xã';
      const offices: { name: string; profile: CellProfile }[] = [
        { name: `Chi bộ Cơ quan Đảng – Đoàn thể ${word} ${c.name}`, profile: 'COMMUNE_OFFICE' },
        { name: `Chi bộ Chính quyền ${word} ${c.name}`, profile: 'COMMUNE_OFFICE' },
        { name: `Chi bộ Quân sự ${word} ${c.name}`, profile: 'COMMUNE_MILITIA' },
        { name: `Chi bộ Công an ${word} ${c.name}`, profile: 'COMMUNE_POLICE' },
        ...(dr.chance(0.9) ? [{ name: `Chi bộ Trường Tiểu học ${c.name}`, profile: 'SCHOOL' as const }] : []),
        ...(dr.chance(0.7) ? [{ name: `Chi bộ Trường Mầm non ${c.name}`, profile: 'KINDERGARTEN' as const }] : []),
        ...(dr.chance(0.6) ? [{ name: `Chi bộ Trạm Y tế ${word} ${c.name}`, profile: 'HEALTH_STATION' as const }] : []),
        ...(c.type === 'xã' && dr.chance(0.3) ? [{ name: `Chi bộ Hợp tác xã Nông nghiệp ${c.name}`, profile: 'RURAL_AREA' as const }] : []),
      ];
      const agency: Omit<PlannedCell, 'code'>[] = offices.map((a) => ({ ...a, unit: d.code, grassroots: code, ethnicity, place, from: founded, to: 'infinity', successor: null, transferOnEnd: [], size: size(a.profile) }));
      communeCells.set(code, { residential, agency });
    }
    for (const gc of DISTRICT_COMMITTEES) {
      const code = `${d.code}-${gc.suffix}`;
      add({ code, name: gc.name(d.place), kind: 'GRASSROOTS_COMMITTEE', sector: SECTOR_OF[gc.profile], parentCode: d.code });
      districtLevel.push({ code, district: d.code, area: d.communes[0]!.name });
      gc.cells.forEach((n, i) => {
        const c = cell({ code: `${code}-C${i + 1}`, name: `Chi bộ ${n}`, unit: d.code, grassroots: code, profile: gc.profile, ethnicity: d.ethnicity, place: `${d.communes[0]!.type} ${d.communes[0]!.name}, ${d.place}`, size: size(gc.profile) });
        add({ code: c.code, name: c.name, kind: 'CELL', sector: SECTOR_OF[gc.profile], parentCode: code });
      });
    }
    // Grassroots cells of the district: high schools, agencies, lower-secondary schools, enterprises, then primary schools.
    const seat = d.communes[0]!;
    const seatPlace = `${seat.type} ${seat.name}, ${d.place}`;
    const list: { code: string; name: string; profile: CellProfile; area: string }[] = [];
    for (const s of d.highSchools) list.push({ code: `THPT_${codeOf(s)}`, name: `Chi bộ Trường THPT ${s}`, profile: 'HIGH_SCHOOL', area: seat.name });
    if (NAMED.saltCompany.district === d.code) list.push({ code: NAMED.saltCompany.code, name: NAMED.saltCompany.name, profile: 'NON_STATE_ENTERPRISE', area: 'Hộ Hải' });
    for (const a of dr.shuffle(DISTRICT_AGENCIES).slice(0, dr.int(9, DISTRICT_AGENCIES.length))) list.push({ code: '', name: a.name(d.place), profile: a.profile, area: seat.name });
    const schools = dr.shuffle(SCHOOL_NAMES.filter((n) => !d.highSchools.includes(n)));
    for (const c of d.communes) list.push({ code: '', name: `Chi bộ Trường THCS ${schools.pop()!}`, profile: 'SCHOOL', area: c.name });
    for (const e of dr.shuffle(d.enterprises).slice(0, dr.int(2, 4))) list.push({ code: '', name: `Chi bộ ${e}`, profile: 'NON_STATE_ENTERPRISE', area: seat.name });
    // Kindergartens and primary schools of the district town make up its number.
    const kindergartens = dr.shuffle(KINDERGARTEN_NAMES);
    while (list.length < d.grassrootsCells) {
      list.push(kindergartens.length && dr.chance(0.5) ? { code: '', name: `Chi bộ Trường Mầm non ${kindergartens.pop()!}`, profile: 'KINDERGARTEN', area: seat.name } : { code: '', name: `Chi bộ Trường Tiểu học ${schools.pop()!}`, profile: 'SCHOOL', area: seat.name });
    }
    list.splice(d.grassrootsCells);
    let serial = 0;
    list.forEach((g) => {
      const code = g.code || `${d.code}-CB${two(++serial)}`;
      add({ code, name: g.name, kind: 'GRASSROOTS_CELL', sector: g.profile === 'HIGH_SCHOOL' || g.profile === 'KINDERGARTEN' ? 'SCHOOL' : SECTOR_OF[g.profile as UnitProfile], parentCode: d.code });
      districtLevel.push({ code, district: d.code, area: g.area });
      cell({ code, name: g.name, unit: d.code, grassroots: code, profile: g.profile, ethnicity: d.ethnicity, place: seatPlace, size: size(g.profile, true) });
    });
  }

  // ---------------------------------------------------------------- affiliated committees
  for (const a of AFFILIATED) {
    add({ code: a.code, name: a.name, kind: 'AFFILIATED', sector: a.sector, parentCode: PROVINCE.code });
    const place = `thành phố Phan Rang – Tháp Chàm, ${PROVINCE.place}`;
    let committees = 0;
    let grassrootsCells = 0;
    a.committees.forEach((u) => {
      const code = u.code ?? `${a.code}-DB${two(++committees)}`;
      add({ code, name: u.name, kind: 'GRASSROOTS_COMMITTEE', sector: SECTOR_OF[u.profile], parentCode: a.code });
      (u.cells ?? []).forEach((n, j) => {
        const c = cell({ code: `${code}-C${j + 1}`, name: n, unit: a.code, grassroots: code, profile: u.profile, ethnicity: a.ethnicity, place, size: size(u.profile) });
        add({ code: c.code, name: n, kind: 'CELL', sector: SECTOR_OF[u.profile], parentCode: code });
      });
      (u.subCommittees ?? []).forEach((s, j) => {
        const sub = `${code}-BP${j + 1}`;
        add({ code: sub, name: s.name, kind: 'SUB_COMMITTEE', sector: SECTOR_OF[u.profile], parentCode: code });
        s.cells.forEach((n, k) => {
          const c = cell({ code: `${sub}-C${k + 1}`, name: n, unit: a.code, grassroots: code, profile: u.profile, ethnicity: a.ethnicity, place, size: size(u.profile) });
          add({ code: c.code, name: n, kind: 'CELL', sector: SECTOR_OF[u.profile], parentCode: sub });
        });
      });
    });
    a.grassrootsCells.forEach((u) => {
      const code = u.code ?? `${a.code}-CB${two(++grassrootsCells)}`;
      add({ code, name: u.name, kind: 'GRASSROOTS_CELL', sector: SECTOR_OF[u.profile], parentCode: a.code });
      cell({ code, name: u.name, unit: a.code, grassroots: code, profile: u.profile, ethnicity: a.ethnicity, place, size: size(u.profile, true) });
    });
  }

  // ---------------------------------------------------------------- commune cells, to the province's count
  // Cells under grassroots committees in mid-2022: those of other committees are fixed by the model, the
  // communes' numbered residential areas make up the rest. Two cells merged in 2021 were there before.
  const MERGES = 2;
  const fixed = b.cells.filter((c) => b.orgs.find((o) => o.code === c.code)!.kind === 'CELL').length;
  const communeFixed = [...communeCells.values()].reduce((sum, c) => sum + c.residential.length + c.agency.length, 0);
  const toNumber = FIGURES.grassroots[DAYS.mid2022].cellsUnderCommittees - fixed - communeFixed + MERGES;
  const drawn = numbered.reduce((sum, n) => sum + n.count, 0);
  // Spread the difference over the numbered communes, one area at a time, keeping each between 4 and 18.
  const order = r.shuffle(numbered.map((_, i) => i));
  for (let k = 0, diff = toNumber - drawn; diff !== 0; k++) {
    const n = numbered[order[k % order.length]!]!;
    if (diff > 0 && n.count < 18) {
      n.count++;
      diff--;
    } else if (diff < 0 && n.count > 4) {
      n.count--;
      diff++;
    }
    if (k > 10_000) throw new Error(`demo tree: cannot reach the cell count (${toNumber} numbered areas wanted, ${drawn} drawn, ${fixed} fixed cells, ${communeFixed} named)`);
  }
  for (const n of numbered) {
    const entry = communeCells.get(n.commune)!;
    for (let i = 1; i <= n.count; i++) {
      const profile: CellProfile = n.urban ? 'URBAN_AREA' : 'RURAL_AREA';
      entry.residential.push({ code: '', name: `Chi bộ khu phố ${i}, ${n.communeName}`, unit: n.district.code, grassroots: n.commune, profile, ethnicity: n.ethnicity, place: n.place, from: founded, to: 'infinity', successor: null, transferOnEnd: [], size: size(profile) });
    }
  }
  for (const [commune, { residential, agency }] of communeCells) {
    [...residential, ...agency].forEach((c, i) => {
      const code = `${commune}-C${i + 1}`;
      const sector: Sector = c.profile === 'URBAN_AREA' || c.profile === 'RURAL_AREA' ? 'RESIDENTIAL_AREA' : c.profile === 'COMMUNE_MILITIA' || c.profile === 'COMMUNE_POLICE' ? 'ARMED_FORCES' : c.profile === 'KINDERGARTEN' ? 'SCHOOL' : c.profile === 'HEALTH_STATION' ? 'PUBLIC_SERVICE_UNIT' : 'STATE_AGENCY';
      add({ code, name: c.name, kind: 'CELL', sector, parentCode: commune });
      cell({ ...c, code });
    });
  }

  // Each unit's cells are sized to the unit's share of the province's members (grassroots cells within bounds).
  for (const u of [...DISTRICTS, ...AFFILIATED]) {
    const mine = b.cells.filter((c) => c.unit === u.code);
    const f = u.weight / mine.reduce((sum, c) => sum + c.size, 0);
    for (const c of mine) {
      const scaled = Math.max(3, Math.round(c.size * f));
      c.size = c.grassroots === c.code ? Math.max(GRASSROOTS_CELL_SIZE[0], Math.min(GRASSROOTS_CELL_SIZE[1], scaled)) : scaled;
    }
  }

  // Khánh Hòa (a small part of it).
  add({ code: MERGED_INTO.code, name: MERGED_INTO.name, kind: 'PROVINCIAL', sector: null, parentCode: CENTRAL.code });
  add({ code: KHANH_HOA_TREE.district.code, name: KHANH_HOA_TREE.district.name, kind: 'DISTRICT', sector: null, parentCode: MERGED_INTO.code });
  add({ code: KHANH_HOA_TREE.commune.code, name: KHANH_HOA_TREE.commune.name, kind: 'GRASSROOTS_COMMITTEE', sector: 'WARD', parentCode: KHANH_HOA_TREE.district.code });

  const changes: PlannedChange[] = [{ type: 'ESTABLISH', on: founded, decisionRef: AS_ESTABLISHED, organizations: [...b.orgs] }];

  // ---------------------------------------------------------------- 2020–2024
  // 2021-07-01: residential areas merged in two wards (the last area of each into the one before it).
  const mergeable = r.shuffle(numbered.filter((n) => n.urban && n.count >= 6 && !['KINH_DINH', 'DAO_LONG'].includes(n.commune))).slice(0, MERGES);
  for (const n of mergeable.sort((x, y) => x.commune.localeCompare(y.commune))) {
    const cells = communeCells.get(n.commune)!.residential;
    const gone = b.cells.find((c) => c.name === cells[cells.length - 1]!.name && c.grassroots === n.commune)!;
    const into = b.cells.find((c) => c.name === cells[cells.length - 2]!.name && c.grassroots === n.commune)!;
    gone.to = '2021-07-01';
    gone.successor = into.code;
    changes.push({ type: 'MERGE', on: '2021-07-01', decisionRef: `${r.int(40, 99)}-QĐ/TU`, sourceCodes: [gone.code], targetCode: into.code });
  }
  for (const [on, name, ref] of NAMED.renamed.renames) changes.push({ type: 'RENAME', on, decisionRef: ref, code: NAMED.renamed.code, name });

  const e = NAMED.newEnterprise;
  const enterprise = add({ code: e.code, name: e.name, kind: 'GRASSROOTS_CELL', sector: 'NON_STATE_ENTERPRISE', parentCode: e.district, establishedOn: e.establishedOn, decisionRef: e.decisionRef });
  changes.push({ type: 'ESTABLISH', on: e.establishedOn, decisionRef: e.decisionRef, organizations: [enterprise] });
  districtLevel.push({ code: e.code, district: e.district, area: 'Phước Nam' });
  const thuanNam = DISTRICTS.find((d) => d.code === e.district)!;
  cell({ code: e.code, name: e.name, unit: e.district, grassroots: e.code, profile: 'NON_STATE_ENTERPRISE', ethnicity: thuanNam.ethnicity, place: `xã Phước Nam, ${thuanNam.place}`, from: e.establishedOn, size: r.int(6, 10) });

  const s = NAMED.saltCompany;
  const salt = b.cells.find((c) => c.code === s.code)!;
  const saltCells = s.cells.map((n, i) => add({ code: `${s.code}-C${i + 1}`, name: n, kind: 'CELL', sector: 'NON_STATE_ENTERPRISE', parentCode: s.code, establishedOn: s.upgradedOn, decisionRef: s.decisionRef }));
  // Its members move to the two new cells on the day it becomes a committee.
  salt.to = s.upgradedOn;
  salt.transferOnEnd = saltCells.map((c) => c.code);
  salt.size = r.int(14, 20);
  saltCells.forEach((c) => cell({ code: c.code, name: c.name, unit: s.district, grassroots: s.code, profile: 'NON_STATE_ENTERPRISE', ethnicity: salt.ethnicity, place: salt.place, from: s.upgradedOn, size: Math.ceil(salt.size / 2) }));
  changes.push({ type: 'UPGRADE', on: s.upgradedOn, decisionRef: s.decisionRef, code: s.code, kind: 'GRASSROOTS_COMMITTEE' });
  changes.push({ type: 'RENAME', on: s.upgradedOn, decisionRef: s.decisionRef, code: s.code, name: s.newName });
  changes.push({ type: 'ESTABLISH', on: s.upgradedOn, decisionRef: s.decisionRef, organizations: saltCells });

  // ---------------------------------------------------------------- 2025-07-01
  const on = DAYS.restructured;
  const DECISION = '1660-QĐ/TW';
  const newCommunes: PlannedOrganization[] = [];
  for (const d of DISTRICTS) {
    const codes = communeCodes.get(d.code)!;
    const made = d.newCommunes.map((n) => add({ code: n.code, name: n.name, kind: 'COMMUNE', sector: n.sector, parentCode: PROVINCE.code, establishedOn: on, decisionRef: DECISION }));
    newCommunes.push(...made);
    changes.push({ type: 'ESTABLISH', on, decisionRef: DECISION, organizations: made });
    const takerOf = (communeName: string) => {
      const n = d.newCommunes.find((x) => x.takes.includes(communeName));
      if (!n) throw new Error(`demo tree: no new commune takes ${communeName} (${d.code})`);
      return n.code;
    };
    for (const c of d.communes) changes.push({ type: 'MOVE', on, decisionRef: DECISION, code: codes.get(c.name)!, parentCode: takerOf(c.name) });
    for (const o of districtLevel.filter((x) => x.district === d.code)) changes.push({ type: 'MOVE', on, decisionRef: DECISION, code: o.code, parentCode: takerOf(o.area) });
    changes.push({ type: 'DISSOLVE', on, decisionRef: DECISION, code: d.code, successorCode: d.newCommunes[0]!.code });
  }
  const nhaTrang = add({ code: KHANH_HOA_TREE.newCommune.code, name: KHANH_HOA_TREE.newCommune.name, kind: 'COMMUNE', sector: 'WARD', parentCode: MERGED_INTO.code, establishedOn: on, decisionRef: DECISION });
  changes.push({ type: 'ESTABLISH', on, decisionRef: DECISION, organizations: [nhaTrang] });
  changes.push({ type: 'MOVE', on, decisionRef: DECISION, code: KHANH_HOA_TREE.commune.code, parentCode: nhaTrang.code });
  changes.push({ type: 'DISSOLVE', on, decisionRef: DECISION, code: KHANH_HOA_TREE.district.code, successorCode: nhaTrang.code });
  changes.push({ type: 'MERGE', on, decisionRef: '202/2025/QH15; 3254-QĐ/TW', sourceCodes: [PROVINCE.code], targetCode: MERGED_INTO.code });

  // Grassroots organisations of 2024, by unit.
  const unitOf = new Map<string, string>();
  for (const o of b.orgs) {
    if (o.parentCode === PROVINCE.code) unitOf.set(o.code, o.code);
    else if (o.parentCode && unitOf.has(o.parentCode)) unitOf.set(o.code, unitOf.get(o.parentCode)!);
  }
  const kind2024 = (o: PlannedOrganization): OrganizationKind => (o.code === s.code ? 'GRASSROOTS_COMMITTEE' : o.kind);
  const grassroots2024 = b.orgs
    .filter((o) => o.establishedOn <= DAYS.end2024 && (o.kind === 'GRASSROOTS_COMMITTEE' || o.kind === 'GRASSROOTS_CELL') && unitOf.has(o.code))
    .map((o) => ({ code: o.code, kind: kind2024(o), unit: unitOf.get(o.code)! }));

  return { organizations: b.orgs, changes, cells: b.cells, grassroots2024 };
}
