// People of the province: name parts by ethnic group, religions, education, occupations and
// how members came to the party, by the kind of cell they belong to.
import type { Mix } from './ninh-thuan';
import type { Random } from './random';
import type { CellProfile } from './tree';

export type Gender = 'MALE' | 'FEMALE';
export type EducationLevel = 'PRIMARY' | 'LOWER_SECONDARY' | 'UPPER_SECONDARY' | 'VOCATIONAL' | 'COLLEGE' | 'UNIVERSITY' | 'POSTGRADUATE';
export type Source = 'STUDENT' | 'WORKER' | 'YOUTH_UNION' | 'NON_STATE_ENTERPRISE' | 'RURAL' | 'ARMED_FORCES' | 'PUBLIC_SECTOR' | 'OTHER';

type Weighted<T> = readonly (readonly [T, number])[];

// Family names of the south-central coast (Võ and Huỳnh more, Vũ and Hoàng fewer than in the north).
const KINH_FAMILY: Weighted<string> = [
  ['Nguyễn', 31], ['Trần', 10], ['Lê', 9], ['Phạm', 6], ['Huỳnh', 5], ['Võ', 5], ['Phan', 4], ['Trương', 2], ['Đặng', 2.5], ['Bùi', 2], ['Đỗ', 2], ['Hồ', 2],
  ['Ngô', 2], ['Dương', 1.5], ['Hoàng', 1.5], ['Đoàn', 1], ['Mai', 1], ['Lý', 1], ['Vũ', 1], ['Đinh', 1], ['Lương', 0.7], ['Hà', 0.6], ['Thái', 0.5], ['Châu', 0.5],
  ['Cao', 0.5], ['Lưu', 0.5], ['Tô', 0.4], ['Tạ', 0.3], ['La', 0.3],
];
const HOA_FAMILY: Weighted<string> = [['Lâm', 3], ['Trương', 3], ['Quách', 2], ['Lý', 2], ['Hứa', 2], ['Thái', 1], ['Mạch', 1], ['Tăng', 1], ['Diệp', 1]];
// Chăm families in their Vietnamese form.
const CHAM_FAMILY: Weighted<string> = [
  ['Đàng', 18], ['Thông', 7], ['Quảng', 7], ['Thiên', 5], ['Lưu', 5], ['Trượng', 5], ['Bá', 5], ['Thuận', 4], ['Hán', 4], ['Châu', 4], ['Phú', 4], ['Lộ', 3],
  ['Thập', 3], ['Kiều', 2], ['Tài', 4], ['Trà', 3], ['Dụng', 2], ['Ượng', 2], ['Sử', 2], ['Từ', 2], ['Báo', 2], ['Quán', 2], ['Nguyễn', 3],
];
const RAGLAI_FAMILY: Weighted<string> = [['Chamaléa', 25], ['Pinăng', 20], ['Katơr', 12], ['Mấu', 10], ['Ma', 8], ['Pi Năng', 5], ['Cao', 5], ['Bo Bo', 4], ['Pupor', 3], ['Patâu Axá', 3], ['Jơ Ma', 2]];
const CHURU_FAMILY: Weighted<string> = [['Ya', 6], ['Ma', 4], ['Touneh', 3], ['Jơ Lơng', 2], ['Bơ Nah', 2]];
const COHO_FAMILY: Weighted<string> = [['K’', 4], ['Bơ Nah', 3], ['Kơ Să', 2], ['Liêng', 2], ['Ma', 2]];
const NORTHERN_FAMILY: Weighted<string> = [['Nông', 3], ['Hoàng', 3], ['Lục', 2], ['Mông', 1], ['Lương', 2], ['Vi', 1]];

const MIDDLE: Record<Gender, Weighted<string>> = {
  MALE: [['Văn', 30], ['Tấn', 5], ['Minh', 6], ['Hữu', 6], ['Đức', 5], ['Quang', 5], ['Quốc', 4], ['Thanh', 4], ['Thành', 4], ['Công', 4], ['Ngọc', 3], ['Xuân', 3], ['Đình', 3], ['Trọng', 2], ['Anh', 2], ['Duy', 2], ['Hoàng', 2], ['Nhật', 2], ['Phước', 2]],
  FEMALE: [['Thị', 45], ['Ngọc', 8], ['Thanh', 5], ['Thu', 4], ['Kim', 4], ['Mỹ', 4], ['Hồng', 4], ['Thùy', 3], ['Minh', 3], ['Phương', 3], ['Như', 3], ['Bảo', 2], ['Hoài', 2], ['Diệu', 2], ['Quỳnh', 2], ['Lệ', 2], ['Tuyết', 2]],
};
const GIVEN: Record<Gender, readonly string[]> = {
  MALE: [
    'An', 'Bảo', 'Bình', 'Cường', 'Công', 'Dũng', 'Duy', 'Đạt', 'Đức', 'Hải', 'Hiếu', 'Hòa', 'Hoàng', 'Hùng', 'Huy', 'Khang', 'Khánh', 'Khoa', 'Kiên', 'Lâm', 'Lộc', 'Long',
    'Luân', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc', 'Phước', 'Quân', 'Quang', 'Sang', 'Sơn', 'Tài', 'Tâm', 'Tân', 'Thắng', 'Thanh', 'Thành', 'Thiện',
    'Thịnh', 'Thông', 'Tiến', 'Toàn', 'Trí', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ',
  ],
  FEMALE: [
    'An', 'Anh', 'Ánh', 'Bích', 'Châu', 'Chi', 'Diễm', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Huệ', 'Hương', 'Hường', 'Lan', 'Liên', 'Linh',
    'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhi', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Sương', 'Tâm', 'Thảo', 'Thu', 'Thủy', 'Trang', 'Trinh', 'Tuyết', 'Uyên',
    'Vân', 'Vy', 'Xuân', 'Yến',
  ],
};
const CHAM_GIVEN: Record<Gender, readonly string[]> = {
  MALE: ['Năng', 'Sanh', 'Chiến', 'Đạo', 'Khiêm', 'Nhật', 'Phú', 'Thuận', 'Sỹ', 'Hạnh', 'Lợi', 'Thành', 'Đa', 'Sang', 'Tấn', 'Minh'],
  FEMALE: ['Mỹ', 'Nhiên', 'Hoài', 'Thuận', 'Sen', 'Hòa', 'Nguyệt', 'Thái', 'Nhung', 'Tuyết', 'Lệ', 'Dung', 'Hiền'],
};

/** Religions by ethnic group (null: none). Party members mostly have none; Chăm members are often Bà-la-môn or Bani. */
const RELIGION: Record<string, Weighted<string | null>> = {
  Kinh: [[null, 89], ['Phật giáo', 7], ['Công giáo', 3], ['Tin Lành', 0.7], ['Cao Đài', 0.3]],
  Chăm: [[null, 24], ['Bà-la-môn', 42], ['Bà-ni', 30], ['Hồi giáo', 4]],
  Raglai: [[null, 86], ['Tin Lành', 9], ['Công giáo', 5]],
  Hoa: [[null, 60], ['Phật giáo', 35], ['Công giáo', 5]],
  'Chu Ru': [[null, 55], ['Tin Lành', 30], ['Công giáo', 15]],
  'Cơ Ho': [[null, 55], ['Tin Lành', 25], ['Công giáo', 20]],
};
const OTHER_RELIGION: Weighted<string | null> = [[null, 90], ['Phật giáo', 6], ['Công giáo', 4]];

/** Provinces Kinh members of the province were born in besides Ninh Thuận. */
const OTHER_BIRTHPLACES = ['tỉnh Bình Thuận', 'tỉnh Khánh Hòa', 'tỉnh Quảng Nam', 'tỉnh Quảng Ngãi', 'tỉnh Bình Định', 'tỉnh Thừa Thiên Huế', 'tỉnh Nghệ An', 'tỉnh Hà Tĩnh', 'tỉnh Thanh Hóa', 'tỉnh Lâm Đồng', 'thành phố Hồ Chí Minh', 'thành phố Đà Nẵng'];

/** What members of a cell do, by age group: [occupation, weight]. */
const OCCUPATIONS: Record<CellProfile, Weighted<string>> = {
  URBAN_AREA: [['Hưu trí', 34], ['Buôn bán', 14], ['Lao động tự do', 10], ['Công nhân', 8], ['Cán bộ khu phố', 8], ['Giáo viên nghỉ hưu', 6], ['Doanh nhân', 5], ['Nhân viên văn phòng', 8], ['Cựu chiến binh', 7]],
  RURAL_AREA: [['Nông dân', 38], ['Hưu trí', 16], ['Ngư dân', 6], ['Chăn nuôi', 6], ['Trưởng thôn', 5], ['Buôn bán', 6], ['Công nhân', 7], ['Lao động tự do', 8], ['Cựu chiến binh', 8]],
  COMMUNE_OFFICE: [['Công chức cấp xã', 55], ['Cán bộ chuyên trách cấp xã', 35], ['Người hoạt động không chuyên trách', 10]],
  COMMUNE_MILITIA: [['Chỉ huy quân sự xã', 30], ['Dân quân thường trực', 70]],
  COMMUNE_POLICE: [['Công an xã chính quy', 100]],
  KINDERGARTEN: [['Giáo viên mầm non', 85], ['Cán bộ quản lý giáo dục', 15]],
  HEALTH_STATION: [['Y sĩ', 40], ['Điều dưỡng', 30], ['Bác sĩ', 20], ['Hộ sinh', 10]],
  HIGH_SCHOOL: [['Giáo viên trung học phổ thông', 85], ['Cán bộ quản lý giáo dục', 10], ['Nhân viên trường học', 5]],
  POLICE: [['Sĩ quan Công an', 75], ['Hạ sĩ quan Công an', 20], ['Công nhân Công an', 5]],
  MILITARY: [['Sĩ quan Quân đội', 55], ['Quân nhân chuyên nghiệp', 25], ['Hạ sĩ quan, binh sĩ', 15], ['Công nhân viên quốc phòng', 5]],
  BORDER: [['Sĩ quan Biên phòng', 60], ['Quân nhân chuyên nghiệp', 25], ['Hạ sĩ quan, chiến sĩ', 15]],
  AGENCY: [['Công chức', 65], ['Viên chức', 30], ['Người lao động', 5]],
  HOSPITAL: [['Bác sĩ', 35], ['Điều dưỡng', 30], ['Dược sĩ', 8], ['Kỹ thuật viên y tế', 12], ['Viên chức hành chính', 15]],
  SCHOOL: [['Giáo viên', 85], ['Cán bộ quản lý giáo dục', 10], ['Nhân viên trường học', 5]],
  COLLEGE: [['Giảng viên', 70], ['Viên chức', 20], ['Sinh viên', 10]],
  STATE_ENTERPRISE: [['Kỹ sư', 30], ['Công nhân kỹ thuật', 35], ['Nhân viên văn phòng', 20], ['Kế toán', 15]],
  BANK: [['Nhân viên ngân hàng', 70], ['Kế toán', 20], ['Cán bộ tín dụng', 10]],
  NON_STATE_ENTERPRISE: [['Công nhân', 45], ['Nhân viên', 30], ['Kỹ sư', 15], ['Quản lý doanh nghiệp', 10]],
};

const EDUCATION: Record<CellProfile, Weighted<EducationLevel>> = {
  URBAN_AREA: [['LOWER_SECONDARY', 12], ['UPPER_SECONDARY', 38], ['VOCATIONAL', 12], ['COLLEGE', 12], ['UNIVERSITY', 24], ['POSTGRADUATE', 2]],
  RURAL_AREA: [['PRIMARY', 8], ['LOWER_SECONDARY', 28], ['UPPER_SECONDARY', 42], ['VOCATIONAL', 10], ['COLLEGE', 5], ['UNIVERSITY', 7]],
  COMMUNE_OFFICE: [['UPPER_SECONDARY', 8], ['COLLEGE', 12], ['UNIVERSITY', 77], ['POSTGRADUATE', 3]],
  COMMUNE_MILITIA: [['LOWER_SECONDARY', 15], ['UPPER_SECONDARY', 55], ['VOCATIONAL', 15], ['COLLEGE', 10], ['UNIVERSITY', 5]],
  COMMUNE_POLICE: [['COLLEGE', 30], ['UNIVERSITY', 70]],
  KINDERGARTEN: [['COLLEGE', 45], ['UNIVERSITY', 55]],
  HEALTH_STATION: [['VOCATIONAL', 35], ['COLLEGE', 30], ['UNIVERSITY', 35]],
  HIGH_SCHOOL: [['UNIVERSITY', 82], ['POSTGRADUATE', 18]],
  POLICE: [['COLLEGE', 20], ['UNIVERSITY', 72], ['POSTGRADUATE', 8]],
  MILITARY: [['UPPER_SECONDARY', 15], ['COLLEGE', 20], ['UNIVERSITY', 58], ['POSTGRADUATE', 7]],
  BORDER: [['UPPER_SECONDARY', 12], ['COLLEGE', 20], ['UNIVERSITY', 62], ['POSTGRADUATE', 6]],
  AGENCY: [['COLLEGE', 6], ['UNIVERSITY', 76], ['POSTGRADUATE', 18]],
  HOSPITAL: [['VOCATIONAL', 10], ['COLLEGE', 20], ['UNIVERSITY', 55], ['POSTGRADUATE', 15]],
  SCHOOL: [['COLLEGE', 25], ['UNIVERSITY', 70], ['POSTGRADUATE', 5]],
  COLLEGE: [['UPPER_SECONDARY', 10], ['UNIVERSITY', 50], ['POSTGRADUATE', 40]],
  STATE_ENTERPRISE: [['UPPER_SECONDARY', 10], ['VOCATIONAL', 20], ['COLLEGE', 20], ['UNIVERSITY', 45], ['POSTGRADUATE', 5]],
  BANK: [['UNIVERSITY', 85], ['POSTGRADUATE', 15]],
  NON_STATE_ENTERPRISE: [['UPPER_SECONDARY', 30], ['VOCATIONAL', 25], ['COLLEGE', 15], ['UNIVERSITY', 30]],
};

/** Share of women among members of a cell. */
const WOMEN: Record<CellProfile, number> = {
  URBAN_AREA: 0.36, RURAL_AREA: 0.3, COMMUNE_OFFICE: 0.35, COMMUNE_MILITIA: 0.04, COMMUNE_POLICE: 0.06, KINDERGARTEN: 0.97, HEALTH_STATION: 0.65, HIGH_SCHOOL: 0.62,
  POLICE: 0.12, MILITARY: 0.06, BORDER: 0.05, AGENCY: 0.45, HOSPITAL: 0.62, SCHOOL: 0.7, COLLEGE: 0.45, STATE_ENTERPRISE: 0.3, BANK: 0.55, NON_STATE_ENTERPRISE: 0.3,
};

/** How people of a cell came to be admitted. */
export function sourceFor(profile: CellProfile, r: Random, student: boolean): Source {
  if (student) return 'STUDENT';
  switch (profile) {
    case 'POLICE':
    case 'MILITARY':
    case 'BORDER':
    case 'COMMUNE_MILITIA':
    case 'COMMUNE_POLICE':
      return 'ARMED_FORCES';
    case 'RURAL_AREA':
      return r.weighted([['RURAL', 55], ['YOUTH_UNION', 40], ['OTHER', 5]]);
    case 'URBAN_AREA':
      return r.weighted([['YOUTH_UNION', 55], ['WORKER', 15], ['OTHER', 30]]);
    case 'NON_STATE_ENTERPRISE':
      return r.weighted([['NON_STATE_ENTERPRISE', 80], ['WORKER', 20]]);
    case 'STATE_ENTERPRISE':
      return r.weighted([['WORKER', 60], ['YOUTH_UNION', 40]]);
    default:
      return r.weighted([['PUBLIC_SECTOR', 70], ['YOUTH_UNION', 30]]);
  }
}

export interface Person {
  fullName: string;
  gender: Gender;
  ethnicity: string;
  religion: string | null;
  birthplace: string;
  educationLevel: EducationLevel;
  occupation: string;
}

function familyOf(ethnicity: string): Weighted<string> {
  switch (ethnicity) {
    case 'Chăm':
      return CHAM_FAMILY;
    case 'Raglai':
      return RAGLAI_FAMILY;
    case 'Hoa':
      return HOA_FAMILY;
    case 'Chu Ru':
      return CHURU_FAMILY;
    case 'Cơ Ho':
      return COHO_FAMILY;
    case 'Tày':
    case 'Nùng':
      return NORTHERN_FAMILY;
    default:
      return KINH_FAMILY;
  }
}

/** A person of a cell: name, gender, ethnic group and religion, birthplace, education, occupation. */
export function person(r: Random, cell: { profile: CellProfile; ethnicity: Mix; place: string }, opts: { retired?: boolean; student?: boolean } = {}): Person {
  const gender: Gender = r.chance(WOMEN[cell.profile]) ? 'FEMALE' : 'MALE';
  const ethnicity = r.weighted(cell.ethnicity);
  const given = ethnicity === 'Chăm' && r.chance(0.5) ? CHAM_GIVEN[gender] : GIVEN[gender];
  const middle = r.weighted(MIDDLE[gender]);
  // Some Raglai and Chu Ru names have no middle name.
  const fullName = ['Raglai', 'Chu Ru', 'Cơ Ho'].includes(ethnicity) && r.chance(0.2) ? `${r.weighted(familyOf(ethnicity))} ${r.pick(given)}` : `${r.weighted(familyOf(ethnicity))} ${middle} ${r.pick(given)}`;
  const birthplace = ethnicity === 'Kinh' && r.chance(0.22) ? r.pick(OTHER_BIRTHPLACES) : `${cell.place}${cell.place.includes('tỉnh') ? '' : ', tỉnh Ninh Thuận'}`;
  const occupation = opts.student ? 'Học sinh' : opts.retired ? 'Hưu trí' : r.weighted(OCCUPATIONS[cell.profile]);
  const educationLevel = opts.student ? 'UPPER_SECONDARY' : r.weighted(EDUCATION[cell.profile]);
  return { fullName, gender, ethnicity, religion: r.weighted(RELIGION[ethnicity] ?? OTHER_RELIGION), birthplace, educationLevel, occupation };
}

/** Name parts (Kinh family names of the south-central coast, middle and given names by gender), for generators of larger registers. */
export const NAME_PARTS = { family: KINH_FAMILY, middle: MIDDLE, given: GIVEN } as const;
