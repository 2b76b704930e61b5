import { createLogger, type Caller } from '@party/subgraph-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createOrgContext, type OrgContext } from '../context';
import type { OrganizationKind, Sector } from '../domain/kinds';
import * as tree from '../services/tree-change.service';

const SYSTEM: Caller = { userId: 'demo-seed', roles: ['SYSTEM_ADMIN'], scope: [] };
const FOUNDED = '2020-01-01';
const RESTRUCTURED = '2025-07-01';

interface Node {
  code: string;
  name: string;
  kind: OrganizationKind;
  sector?: Sector;
  children?: Node[];
}

const cells = (prefix: string, names: string[], kind: OrganizationKind = 'CELL', sector: Sector = 'RESIDENTIAL_AREA'): Node[] =>
  names.map((name, i) => ({ code: `${prefix}-C${i + 1}`, name, kind, sector }));

/** Ninh Thuận as it stood in 2020–2025 (a small, real-shaped part of it). */
const NINH_THUAN: Node = {
  code: 'NINH_THUAN',
  name: 'Đảng bộ tỉnh Ninh Thuận',
  kind: 'PROVINCIAL',
  children: [
    {
      code: 'PHAN_RANG',
      name: 'Đảng bộ thành phố Phan Rang – Tháp Chàm',
      kind: 'DISTRICT',
      children: [
        { code: 'KINH_DINH', name: 'Đảng bộ phường Kinh Dinh', kind: 'GRASSROOTS_COMMITTEE', sector: 'WARD', children: cells('KINH_DINH', ['Chi bộ khu phố 1, phường Kinh Dinh', 'Chi bộ khu phố 2, phường Kinh Dinh', 'Chi bộ khu phố 3, phường Kinh Dinh']) },
        { code: 'DAO_LONG', name: 'Đảng bộ phường Đạo Long', kind: 'GRASSROOTS_COMMITTEE', sector: 'WARD', children: cells('DAO_LONG', ['Chi bộ khu phố 1, phường Đạo Long', 'Chi bộ khu phố 2, phường Đạo Long']) },
        { code: 'THPT_CHU_VAN_AN', name: 'Chi bộ Trường THPT Chu Văn An', kind: 'GRASSROOTS_CELL', sector: 'SCHOOL' },
      ],
    },
    {
      code: 'NINH_HAI',
      name: 'Đảng bộ huyện Ninh Hải',
      kind: 'DISTRICT',
      children: [
        { code: 'KHANH_HAI', name: 'Đảng bộ thị trấn Khánh Hải', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', children: cells('KHANH_HAI', ['Chi bộ khu phố Khánh Sơn', 'Chi bộ khu phố Khánh Tân']) },
        { code: 'HO_HAI', name: 'Đảng bộ xã Hộ Hải', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', children: cells('HO_HAI', ['Chi bộ thôn Gò Gũ', 'Chi bộ thôn Lương Cách']) },
        { code: 'CTY_MUOI_NINH_HAI', name: 'Chi bộ Công ty Cổ phần Muối Ninh Hải', kind: 'GRASSROOTS_CELL', sector: 'NON_STATE_ENTERPRISE' },
      ],
    },
    {
      code: 'NINH_PHUOC',
      name: 'Đảng bộ huyện Ninh Phước',
      kind: 'DISTRICT',
      children: [{ code: 'PHUOC_DAN', name: 'Đảng bộ thị trấn Phước Dân', kind: 'GRASSROOTS_COMMITTEE', sector: 'COMMUNE', children: cells('PHUOC_DAN', ['Chi bộ khu phố 1, thị trấn Phước Dân']) }],
    },
    { code: 'NINH_SON', name: 'Đảng bộ huyện Ninh Sơn', kind: 'DISTRICT' },
    { code: 'BAC_AI', name: 'Đảng bộ huyện Bác Ái', kind: 'DISTRICT' },
    { code: 'THUAN_BAC', name: 'Đảng bộ huyện Thuận Bắc', kind: 'DISTRICT' },
    { code: 'THUAN_NAM', name: 'Đảng bộ huyện Thuận Nam', kind: 'DISTRICT' },
    {
      code: 'CONG_AN_NT',
      name: 'Đảng bộ Công an tỉnh Ninh Thuận',
      kind: 'AFFILIATED',
      sector: 'ARMED_FORCES',
      children: [{ code: 'PC_CSHS', name: 'Đảng bộ Phòng Cảnh sát hình sự', kind: 'GRASSROOTS_COMMITTEE', sector: 'ARMED_FORCES', children: cells('PC_CSHS', ['Chi bộ Đội 1', 'Chi bộ Đội 2'], 'CELL', 'ARMED_FORCES') }],
    },
    {
      code: 'BIEN_PHONG_NT',
      name: 'Đảng bộ Bộ đội Biên phòng tỉnh Ninh Thuận',
      kind: 'AFFILIATED',
      sector: 'ARMED_FORCES',
      children: [{ code: 'DON_BP_NINH_CHU', name: 'Chi bộ Đồn Biên phòng Ninh Chữ', kind: 'GRASSROOTS_CELL', sector: 'ARMED_FORCES' }],
    },
    { code: 'QUAN_SU_NT', name: 'Đảng bộ Quân sự tỉnh Ninh Thuận', kind: 'AFFILIATED', sector: 'ARMED_FORCES' },
    { code: 'KHOI_CQ_NT', name: 'Đảng bộ Khối các cơ quan tỉnh Ninh Thuận', kind: 'AFFILIATED', sector: 'STATE_AGENCY' },
    { code: 'KHOI_DN_NT', name: 'Đảng bộ Khối doanh nghiệp tỉnh Ninh Thuận', kind: 'AFFILIATED', sector: 'STATE_ENTERPRISE' },
  ],
};

const KHANH_HOA: Node = {
  code: 'KHANH_HOA',
  name: 'Đảng bộ tỉnh Khánh Hòa',
  kind: 'PROVINCIAL',
  children: [{ code: 'NHA_TRANG', name: 'Đảng bộ thành phố Nha Trang', kind: 'DISTRICT', children: [{ code: 'LOC_THO', name: 'Đảng bộ phường Lộc Thọ', kind: 'GRASSROOTS_COMMITTEE', sector: 'WARD' }] }],
};

/**
 * The communes formed on 2025-07-01 when districts were abolished, and which
 * grassroots organisations each took over (a simplified reading of the 2025 reorganisation).
 */
const NEW_COMMUNES: { code: string; name: string; sector: Sector; from: string; takes: string[] }[] = [
  { code: 'PHUONG_PHAN_RANG', name: 'Đảng bộ phường Phan Rang', sector: 'WARD', from: 'PHAN_RANG', takes: ['KINH_DINH', 'DAO_LONG', 'THPT_CHU_VAN_AN'] },
  { code: 'XA_NINH_HAI', name: 'Đảng bộ xã Ninh Hải', sector: 'COMMUNE', from: 'NINH_HAI', takes: ['KHANH_HAI', 'HO_HAI', 'CTY_MUOI_NINH_HAI'] },
  { code: 'XA_PHUOC_DAN', name: 'Đảng bộ xã Phước Dân', sector: 'COMMUNE', from: 'NINH_PHUOC', takes: ['PHUOC_DAN'] },
  { code: 'XA_NHA_TRANG', name: 'Đảng bộ phường Nha Trang', sector: 'WARD', from: 'NHA_TRANG', takes: ['LOC_THO'] },
];
const OTHER_DISTRICTS_DISSOLVED = ['NINH_SON', 'BAC_AI', 'THUAN_BAC', 'THUAN_NAM'];

/** Demo users' scopes, by organisation code. */
export const DEMO_USERS = [
  { userId: 'province.officer', label: 'province officer (Ninh Thuận, now Khánh Hòa)', roles: ['ORG_OFFICER'], scopeCodes: ['NINH_THUAN', 'KHANH_HOA'] },
  { userId: 'district.officer', label: 'district officer (Ninh Hải, then xã Ninh Hải)', roles: ['ORG_OFFICER'], scopeCodes: ['NINH_HAI', 'XA_NINH_HAI'] },
  { userId: 'cell.secretary', label: 'cell secretary (khu phố 3, Kinh Dinh)', roles: ['VIEWER'], scopeCodes: ['KINH_DINH-C3'] },
  { userId: 'admin', label: 'system administrator', roles: ['SYSTEM_ADMIN'], scopeCodes: [] },
] as const;

/**
 * Loads the demo tree through the same services the API uses (same rules),
 * then applies the 2025-07-01 restructuring. Does nothing if it is already there.
 * Returns the ids of the demo organisations by code.
 */
export async function seedDemoTree(db: DataSource): Promise<Record<string, string>> {
  const ctx: OrgContext = createOrgContext({ requestId: randomUUID(), caller: SYSTEM, log: createLogger('organization-seed', 'warn') }, db);
  const ids = async () => Object.fromEntries(((await db.query('SELECT code, id FROM organization')) as { code: string; id: string }[]).map((r) => [r.code, r.id]));
  const [done] = await db.query(`SELECT 1 FROM organization WHERE code = 'KHANH_HOA'`);
  if (done) return ids();

  const add = async (node: Node, parentId: string | null): Promise<void> => {
    const { organization } = await tree.createOrganization(ctx, { parentId, code: node.code, name: node.name, kind: node.kind, sector: node.sector ?? null, effectiveOn: FOUNDED, decisionRef: 'Demo: as established' });
    for (const child of node.children ?? []) await add(child, organization!.id);
  };
  await add(NINH_THUAN, null);
  await add(KHANH_HOA, null);

  // A few ordinary changes before 2025.
  let byCode = await ids();
  await tree.renameOrganization(ctx, { id: byCode['HO_HAI'], name: 'Đảng bộ xã Hộ Hải (khóa mới)', effectiveOn: '2022-03-01', decisionRef: '112-QĐ/HU' });
  await tree.renameOrganization(ctx, { id: byCode['HO_HAI'], name: 'Đảng bộ xã Hộ Hải', effectiveOn: '2023-01-01', decisionRef: '131-QĐ/HU' });
  await tree.changeOrganizationKind(ctx, { id: byCode['CTY_MUOI_NINH_HAI'], kind: 'GRASSROOTS_COMMITTEE', effectiveOn: '2024-06-01', decisionRef: '245-QĐ/HU' });

  // 2025-07-01: districts abolished, communes directly under the province, Ninh Thuận merged into Khánh Hòa.
  for (const c of NEW_COMMUNES) {
    const from = byCode[c.from]!;
    const province = c.code === 'XA_NHA_TRANG' ? byCode['KHANH_HOA'] : byCode['NINH_THUAN'];
    const { organization } = await tree.createOrganization(ctx, { parentId: province, code: c.code, name: c.name, kind: 'COMMUNE', sector: c.sector, effectiveOn: RESTRUCTURED, decisionRef: '1660-QĐ/TW' });
    for (const code of c.takes) await tree.moveOrganization(ctx, { id: byCode[code], newParentId: organization!.id, effectiveOn: RESTRUCTURED, decisionRef: '1660-QĐ/TW' });
    await tree.dissolveOrganization(ctx, { id: from, successorId: organization!.id, effectiveOn: RESTRUCTURED, decisionRef: '1660-QĐ/TW' });
  }
  byCode = await ids();
  for (const code of OTHER_DISTRICTS_DISSOLVED) await tree.dissolveOrganization(ctx, { id: byCode[code], effectiveOn: RESTRUCTURED, decisionRef: '1660-QĐ/TW' });
  await tree.mergeOrganizations(ctx, { sourceIds: [byCode['NINH_THUAN']], targetId: byCode['KHANH_HOA'], effectiveOn: RESTRUCTURED, decisionRef: '202/2025/QH15; 3254-QĐ/TW' });
  return ids();
}
