import type { ColumnSpec } from '@party/tabular';
import type { Gender } from '../domain/enums';

/**
 * The column layout of a member import file (CSV or XLSX, header on line 1), as a register exports it:
 * one row per member with the facts of their history the platform records on import — admission,
 * recognition, exit — all in one cell (README, "Bulk import"; docs/decisions/0014-bulk-import.md).
 * Headers are matched without regard to case and diacritics against the name and its aliases.
 */
const LAYOUT = [
  { name: 'fullName', required: true, aliases: ['Họ và tên', 'Họ tên'] },
  { name: 'gender', required: true, aliases: ['Giới tính'] },
  { name: 'birthDate', required: true, aliases: ['Ngày sinh'] },
  { name: 'birthplace', aliases: ['Quê quán', 'Nơi sinh'] },
  { name: 'ethnicity', aliases: ['Dân tộc'] },
  { name: 'religion', aliases: ['Tôn giáo'] },
  { name: 'citizenId', aliases: ['Số CCCD', 'CCCD', 'Số căn cước công dân'] },
  { name: 'partyCardNumber', aliases: ['Số thẻ đảng viên', 'Số thẻ Đảng'] },
  // Sensitive personal data (SENSITIVE_PERSONAL_DATA); "Hoàn cảnh gia đình" is its section of the admission file.
  { name: 'familyBackground', aliases: ['Lý lịch gia đình', 'Hoàn cảnh gia đình', 'Lý lịch'] },
  { name: 'educationLevel', aliases: ['Trình độ học vấn'] },
  { name: 'occupation', aliases: ['Nghề nghiệp'] },
  { name: 'youthUnion', aliases: ['Đoàn viên'] },
  { name: 'source', aliases: ['Nguồn kết nạp', 'Nguồn'] },
  { name: 'organizationCode', required: true, aliases: ['organisation code', 'Mã chi bộ'] },
  { name: 'admittedOn', required: true, aliases: ['Ngày vào Đảng', 'Ngày kết nạp'] },
  { name: 'admissionDecisionRef', required: true, aliases: ['Số quyết định kết nạp'] },
  { name: 'ageExceptionRef', aliases: ['Số văn bản ngoại lệ tuổi'] },
  { name: 'officialOn', aliases: ['Ngày chính thức'] },
  { name: 'recognitionDecisionRef', aliases: ['Số quyết định công nhận chính thức'] },
  { name: 'terminatedOn', aliases: ['Ngày ra khỏi Đảng'] },
  { name: 'terminationReason', aliases: ['Lý do ra khỏi Đảng'] },
  { name: 'terminationDecisionRef', aliases: ['Số quyết định ra khỏi Đảng'] },
] as const satisfies readonly ColumnSpec[];

export type MemberImportColumn = (typeof LAYOUT)[number]['name'];

/** The layout, each column also matched by its name in words ("full name", "Full_Name" for fullName). */
export const MEMBER_IMPORT_COLUMNS: readonly (ColumnSpec & { name: MemberImportColumn })[] = LAYOUT.map((c) => ({
  ...c,
  aliases: [c.name.replace(/([a-z])([A-Z])/g, '$1 $2'), ...c.aliases],
}));

/** Genders: the codes, or in Vietnamese. */
export const GENDER_CHOICES: Readonly<Record<Gender, readonly string[]>> = { MALE: ['Nam'], FEMALE: ['Nữ'] };
