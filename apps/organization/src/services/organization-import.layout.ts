import type { ColumnSpec } from '@party/tabular';
import type { OrganizationKind, Sector } from '../domain/kinds';

/**
 * The column layout of an organisation import file (CSV or XLSX; the header is the first non-empty row),
 * one row per organisation, as a commission's register lists them (README, "Bulk import";
 * docs/decisions/0014-bulk-import.md). Headers match without regard to case, diacritics, spaces and
 * underscores against the name, the name in words ("parent code") and the aliases.
 */
const LAYOUT = [
  { name: 'code', required: true, aliases: ['Mã', 'Mã tổ chức', 'organisation code', 'organization code'] },
  { name: 'name', required: true, aliases: ['Tên', 'Tên tổ chức', 'Tên tổ chức đảng'] },
  { name: 'kind', required: true, aliases: ['Loại', 'Loại tổ chức', 'Loại hình tổ chức đảng'] },
  { name: 'sector', aliases: ['Lĩnh vực', 'Khối'] },
  { name: 'parentCode', aliases: ['parent', 'Mã cấp trên', 'Mã tổ chức cấp trên', 'Mã trực thuộc'] },
  { name: 'establishedOn', aliases: ['established', 'Ngày thành lập'] },
  { name: 'decisionRef', aliases: ['decision reference', 'decision', 'Số quyết định', 'Số quyết định thành lập'] },
  { name: 'note', aliases: ['Ghi chú'] },
] as const satisfies readonly ColumnSpec[];

export type OrganizationImportColumn = (typeof LAYOUT)[number]['name'];

/**
 * The layout; `establishedOn` and `decisionRef` are required columns unless the import gives a default for
 * them (then an empty cell takes the default).
 */
export function organizationImportColumns(defaults: { establishedOn: boolean; decisionRef: boolean }): (ColumnSpec & { name: OrganizationImportColumn })[] {
  return LAYOUT.map((c) => ({
    ...c,
    required: ('required' in c && c.required) || (c.name === 'establishedOn' && !defaults.establishedOn) || (c.name === 'decisionRef' && !defaults.decisionRef),
    aliases: [c.name.replace(/([a-z])([A-Z])/g, '$1 $2'), ...c.aliases],
  }));
}

/** Kinds: the codes, or their Vietnamese names (shared/domain.md). */
export const KIND_CHOICES: Readonly<Record<OrganizationKind, readonly string[]>> = {
  CENTRAL: ['Trung ương'],
  PROVINCIAL: ['Đảng bộ tỉnh', 'Đảng bộ thành phố trực thuộc trung ương'],
  DISTRICT: ['Đảng bộ huyện', 'Đảng bộ thị xã', 'Đảng bộ thành phố thuộc tỉnh'],
  COMMUNE: ['Đảng bộ xã', 'Đảng bộ phường', 'Đảng bộ đặc khu'],
  AFFILIATED: ['Đảng ủy trực thuộc', 'Đảng bộ trực thuộc'],
  GRASSROOTS_COMMITTEE: ['Đảng bộ cơ sở'],
  GRASSROOTS_CELL: ['Chi bộ cơ sở'],
  SUB_COMMITTEE: ['Đảng bộ bộ phận'],
  CELL: ['Chi bộ trực thuộc', 'Chi bộ'],
};

/** Sectors: the codes, or in Vietnamese. */
export const SECTOR_CHOICES: Readonly<Record<Sector, readonly string[]>> = {
  COMMUNE: ['Xã'],
  WARD: ['Phường'],
  STATE_AGENCY: ['Cơ quan nhà nước', 'Cơ quan'],
  PUBLIC_SERVICE_UNIT: ['Đơn vị sự nghiệp'],
  STATE_ENTERPRISE: ['Doanh nghiệp nhà nước'],
  NON_STATE_ENTERPRISE: ['Doanh nghiệp ngoài nhà nước'],
  ARMED_FORCES: ['Lực lượng vũ trang'],
  SCHOOL: ['Trường học', 'Trường'],
  RESIDENTIAL_AREA: ['Khu dân cư', 'Thôn', 'Khu phố'],
};
