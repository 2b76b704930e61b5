// The province model: Ninh Thuận as it stood from 2020 to mid-2025, and the figures of the seed
// article (shared/seed: 853 admitted in 2024, 106 % of the target; 22,551 members and 435
// grassroots organisations at the end of 2024; Public Security 173 %, Border Guard 125 %,
// Ninh Hải 113 %) and of mid-2022 (434 grassroots organisations = 149 committees with 1,251
// cells + 285 grassroots cells; 20,952 members).
//
// District, commune and ward names are the province's real ones (65 commune-level units: 15
// wards, 3 towns, 47 communes). Village and residential-area names are real where known,
// otherwise plausible for the area; agencies and enterprises are the kinds the province has.
// The communes formed on 2025-07-01 are a simplified reading of that reorganisation.

export type Mix = readonly (readonly [string, number])[];

export type CommuneType = 'phường' | 'xã' | 'thị trấn';

export interface CommuneModel {
  name: string;
  type: CommuneType;
  /** Villages (thôn) or residential areas (khu phố), in order; numbered khu phố when absent. */
  areas?: readonly string[];
  /** Ethnic mix of the commune's members where it differs from its district's. */
  ethnicity?: Mix;
}

/** A commune formed on 2025-07-01 from old communes (by name); the first of a district is its seat. */
export interface NewCommuneModel {
  code: string;
  name: string;
  sector: 'COMMUNE' | 'WARD';
  takes: readonly string[];
}

export interface TargetModel {
  /** The province's 2024 admission target for the unit. */
  target: number;
  /** Members the unit admitted in 2024. */
  admitted: number;
}

export interface DistrictModel extends TargetModel {
  code: string;
  name: string;
  /** "huyện Ninh Hải", "thành phố Phan Rang – Tháp Chàm". */
  place: string;
  communes: readonly CommuneModel[];
  newCommunes: readonly NewCommuneModel[];
  /** Upper-secondary schools (THPT), each a grassroots cell under the district. */
  highSchools: readonly string[];
  /** Enterprises and cooperatives with a grassroots cell under the district. */
  enterprises: readonly string[];
  /** Grassroots cells directly under the district (agencies, schools, enterprises), mid-2022. */
  grassrootsCells: number;
  ethnicity: Mix;
  /** Relative size of the membership. */
  weight: number;
}

export type UnitProfile = 'POLICE' | 'MILITARY' | 'BORDER' | 'AGENCY' | 'HOSPITAL' | 'SCHOOL' | 'COLLEGE' | 'STATE_ENTERPRISE' | 'NON_STATE_ENTERPRISE' | 'BANK';

/** A grassroots organisation of an affiliated committee; `cells` names its cells (a committee), none for a grassroots cell. */
export interface UnitModel {
  code?: string;
  name: string;
  profile: UnitProfile;
  cells?: readonly string[];
  /** Sub-committees (đảng bộ bộ phận) with their cells. */
  subCommittees?: readonly { name: string; cells: readonly string[] }[];
}

export interface AffiliatedModel extends TargetModel {
  code: string;
  /** Relative size of the membership. */
  weight: number;
  name: string;
  sector: 'ARMED_FORCES' | 'STATE_AGENCY' | 'STATE_ENTERPRISE';
  committees: readonly UnitModel[];
  grassrootsCells: readonly UnitModel[];
  ethnicity: Mix;
}

// ---------------------------------------------------------------- the figures

export const PROVINCE = { code: 'NINH_THUAN', name: 'Đảng bộ tỉnh Ninh Thuận', place: 'tỉnh Ninh Thuận' } as const;
export const CENTRAL = { code: 'TRUNG_UONG', name: 'Đảng Cộng sản Việt Nam' } as const;
export const MERGED_INTO = { code: 'KHANH_HOA', name: 'Đảng bộ tỉnh Khánh Hòa' } as const;

/** Dates of the dataset. */
export const DAYS = {
  /** The tree as recorded when the register was taken over; members admitted earlier are the starting register. */
  founded: '2020-01-01',
  mid2022: '2022-06-30',
  end2024: '2024-12-31',
  restructured: '2025-07-01',
  /** Last day with events. */
  dataEnd: '2025-12-31',
} as const;

export const FIGURES = {
  members: { [DAYS.mid2022]: 20_952, [DAYS.end2024]: 22_551 } as Record<string, number>,
  grassroots: { [DAYS.mid2022]: { committees: 149, cells: 285, cellsUnderCommittees: 1_251 }, [DAYS.end2024]: { committees: 150, cells: 285 } },
  admitted2024: 853,
  provinceTarget2024: 805,
} as const;

/** Admissions in the province per year; 2024 is the sum of the units' figures (853). */
export const ADMISSIONS_PER_YEAR: Record<number, number> = { 2020: 768, 2021: 792, 2022: 814, 2023: 837, 2025: 861 };

// ---------------------------------------------------------------- people of the province

/** Ethnic groups of the province's members: Kinh ≈ 76 %, Chăm ≈ 12 %, Raglai ≈ 10 %, others. */
export const PROVINCE_ETHNICITY: Mix = [['Kinh', 76], ['Chăm', 12], ['Raglai', 10], ['Hoa', 0.7], ['Chu Ru', 0.5], ['Cơ Ho', 0.4], ['Tày', 0.2], ['Nùng', 0.2]];

const KINH_CITY: Mix = [['Kinh', 86], ['Chăm', 9], ['Raglai', 2], ['Hoa', 2], ['Tày', 0.5], ['Nùng', 0.5]];
const ARMED: Mix = [['Kinh', 86], ['Chăm', 8], ['Raglai', 4.5], ['Tày', 0.5], ['Nùng', 0.5], ['Hoa', 0.5]];
const CHAM_VILLAGE: Mix = [['Chăm', 72], ['Kinh', 27], ['Raglai', 1]];
const RAGLAI_VILLAGE: Mix = [['Raglai', 70], ['Kinh', 28], ['Chăm', 2]];

// ---------------------------------------------------------------- districts and city

export const DISTRICTS: readonly DistrictModel[] = [
  {
    code: 'PHAN_RANG',
    name: 'Đảng bộ thành phố Phan Rang – Tháp Chàm',
    place: 'thành phố Phan Rang – Tháp Chàm',
    target: 165,
    admitted: 168,
    weight: 5600,
    grassrootsCells: 55,
    ethnicity: KINH_CITY,
    highSchools: ['Chu Văn An', 'Tháp Chàm', 'Nguyễn Trãi', 'Ischool Ninh Thuận'],
    enterprises: ['Chợ Phan Rang', 'Công ty Cổ phần Xe khách Ninh Thuận', 'Công ty TNHH Xây dựng Phước Thịnh', 'Công ty Cổ phần In Ninh Thuận'],
    communes: [
      { name: 'Kinh Dinh', type: 'phường' },
      { name: 'Đạo Long', type: 'phường' },
      { name: 'Bảo An', type: 'phường' },
      { name: 'Đài Sơn', type: 'phường' },
      { name: 'Đô Vinh', type: 'phường', ethnicity: [['Kinh', 70], ['Chăm', 27], ['Raglai', 3]] },
      { name: 'Đông Hải', type: 'phường' },
      { name: 'Mỹ Bình', type: 'phường' },
      { name: 'Mỹ Đông', type: 'phường' },
      { name: 'Mỹ Hải', type: 'phường' },
      { name: 'Mỹ Hương', type: 'phường' },
      { name: 'Phủ Hà', type: 'phường' },
      { name: 'Phước Mỹ', type: 'phường' },
      { name: 'Tấn Tài', type: 'phường' },
      { name: 'Thanh Sơn', type: 'phường' },
      { name: 'Văn Hải', type: 'phường' },
      { name: 'Thành Hải', type: 'xã', areas: ['Thành Ý', 'Mỹ Phú', 'Phước Thiện', 'Tấn Lộc', 'Công Thành', 'Phú Thọ'], ethnicity: [['Kinh', 62], ['Chăm', 36], ['Raglai', 2]] },
    ],
    newCommunes: [
      { code: 'PHUONG_PHAN_RANG', name: 'Đảng bộ phường Phan Rang', sector: 'WARD', takes: ['Kinh Dinh', 'Đạo Long', 'Thanh Sơn', 'Phủ Hà', 'Mỹ Hương', 'Tấn Tài'] },
      { code: 'PHUONG_DONG_HAI', name: 'Đảng bộ phường Đông Hải', sector: 'WARD', takes: ['Đông Hải', 'Mỹ Đông', 'Mỹ Hải', 'Văn Hải'] },
      { code: 'PHUONG_BAO_AN', name: 'Đảng bộ phường Bảo An', sector: 'WARD', takes: ['Bảo An', 'Phước Mỹ', 'Mỹ Bình', 'Thành Hải'] },
      { code: 'PHUONG_DO_VINH', name: 'Đảng bộ phường Đô Vinh', sector: 'WARD', takes: ['Đô Vinh', 'Đài Sơn'] },
    ],
  },
  {
    code: 'NINH_HAI',
    name: 'Đảng bộ huyện Ninh Hải',
    place: 'huyện Ninh Hải',
    target: 60,
    admitted: 68,
    weight: 2650,
    grassrootsCells: 30,
    ethnicity: [['Kinh', 91], ['Raglai', 6], ['Chăm', 2], ['Hoa', 1]],
    highSchools: ['Ninh Hải', 'Tôn Đức Thắng', 'Phan Chu Trinh'],
    enterprises: ['Công ty Cổ phần Du lịch Vĩnh Hy', 'Hợp tác xã Nông nghiệp An Nhơn', 'Công ty TNHH Sản xuất tỏi Ninh Hải', 'Công ty Cổ phần Đá Ninh Hải'],
    communes: [
      { name: 'Khánh Hải', type: 'thị trấn', areas: ['Khánh Sơn', 'Khánh Tân', 'Khánh Chữ 1', 'Khánh Chữ 2', 'Khánh Hội', 'Khánh Giang', 'Khánh Phước', 'Ninh Chữ 1', 'Ninh Chữ 2', 'Khánh Thiện'] },
      { name: 'Hộ Hải', type: 'xã', areas: ['Gò Gũ', 'Lương Cách', 'Gò Đền', 'Hộ Diêm', 'Khánh Hội', 'Lương Tri'] },
      { name: 'Tân Hải', type: 'xã', areas: ['Gò Thao', 'Tân An', 'Hòa Thạnh', 'Tân Hòa'] },
      { name: 'Tri Hải', type: 'xã', areas: ['Tri Thủy 1', 'Tri Thủy 2', 'Khánh Nhơn 1', 'Khánh Nhơn 2', 'Khánh Tường'] },
      { name: 'Xuân Hải', type: 'xã', areas: ['An Nhơn', 'Phước Nhơn 1', 'Phước Nhơn 2', 'Phước Nhơn 3', 'Xuân Ninh', 'Đá Bắn', 'Lương Cang'] },
      { name: 'Phương Hải', type: 'xã', areas: ['Phương Cựu 1', 'Phương Cựu 2', 'Phương Cựu 3', 'Phước Nhơn'] },
      { name: 'Vĩnh Hải', type: 'xã', areas: ['Thái An', 'Vĩnh Hy', 'Mỹ Hòa', 'Đá Hang', 'Cầu Gãy'], ethnicity: [['Kinh', 80], ['Raglai', 19], ['Chăm', 1]] },
      { name: 'Thanh Hải', type: 'xã', areas: ['Mỹ Phong', 'Mỹ Tân 1', 'Mỹ Tân 2', 'Cầu Gãy'] },
      { name: 'Nhơn Hải', type: 'xã', areas: ['Khánh Phước', 'Mỹ Tường 1', 'Mỹ Tường 2', 'Mỹ Tường 3', 'Đá Bắn'] },
    ],
    newCommunes: [
      { code: 'XA_NINH_HAI', name: 'Đảng bộ xã Ninh Hải', sector: 'COMMUNE', takes: ['Khánh Hải', 'Hộ Hải', 'Tân Hải'] },
      { code: 'XA_XUAN_HAI', name: 'Đảng bộ xã Xuân Hải', sector: 'COMMUNE', takes: ['Xuân Hải', 'Phương Hải', 'Tri Hải'] },
      { code: 'XA_VINH_HAI', name: 'Đảng bộ xã Vĩnh Hải', sector: 'COMMUNE', takes: ['Vĩnh Hải', 'Thanh Hải', 'Nhơn Hải'] },
    ],
  },
  {
    code: 'NINH_PHUOC',
    name: 'Đảng bộ huyện Ninh Phước',
    place: 'huyện Ninh Phước',
    target: 120,
    admitted: 122,
    weight: 3050,
    grassrootsCells: 32,
    ethnicity: [['Kinh', 63], ['Chăm', 33], ['Raglai', 3], ['Hoa', 1]],
    highSchools: ['Ninh Phước', 'An Phước', 'Phạm Văn Đồng'],
    enterprises: ['Hợp tác xã Nông nghiệp Thành Tín', 'Hợp tác xã Dịch vụ nông nghiệp Hữu Đức', 'Hợp tác xã Dệt thổ cẩm Mỹ Nghiệp', 'Hợp tác xã Gốm Bàu Trúc', 'Công ty TNHH Nho Ba Mọi', 'Công ty TNHH Măng tây xanh Ninh Thuận'],
    communes: [
      { name: 'Phước Dân', type: 'thị trấn', ethnicity: [['Kinh', 78], ['Chăm', 20], ['Hoa', 2]] },
      { name: 'Phước Hậu', type: 'xã', areas: ['Hậu Sanh', 'Chất Thường', 'Long Bình 1', 'Long Bình 2', 'Hiệp Hòa', 'Phước Thiện'], ethnicity: CHAM_VILLAGE },
      { name: 'Phước Hữu', type: 'xã', areas: ['Hữu Đức', 'Phước Đồng', 'Tân Đức', 'La Chữ', 'Nhuận Đức'], ethnicity: CHAM_VILLAGE },
      { name: 'Phước Thái', type: 'xã', areas: ['Hoài Trung', 'Hoài Ni', 'Như Bình', 'Thái Giao', 'Tà Dương'], ethnicity: [['Kinh', 55], ['Chăm', 35], ['Raglai', 10]] },
      { name: 'Phước Thuận', type: 'xã', areas: ['Vụ Bổn', 'Phú Nhuận', 'Hòa Thuận', 'Thuận Lợi', 'Phước Khánh', 'Thuận Hòa'], ethnicity: [['Kinh', 60], ['Chăm', 40]] },
      { name: 'An Hải', type: 'xã', areas: ['Hòa Thủy', 'Tuấn Tú', 'Long Bình', 'Phú Thọ'], ethnicity: [['Kinh', 65], ['Chăm', 35]] },
      { name: 'Phước Hải', type: 'xã', areas: ['Thành Tín', 'Hiếu Thiện', 'Từ Tâm 1', 'Từ Tâm 2', 'Nhuận Đức'], ethnicity: [['Kinh', 50], ['Chăm', 50]] },
      { name: 'Phước Sơn', type: 'xã', areas: ['Phước Lợi', 'Vạn Phước', 'Tân Bổn', 'Trường Sanh', 'Phước Thiện'] },
      { name: 'Phước Vinh', type: 'xã', areas: ['Liên Sơn 1', 'Liên Sơn 2', 'Bảo Vinh', 'Phước Lập', 'Hòa Thủy'], ethnicity: [['Kinh', 60], ['Chăm', 30], ['Raglai', 10]] },
    ],
    newCommunes: [
      { code: 'XA_PHUOC_DAN', name: 'Đảng bộ xã Phước Dân', sector: 'COMMUNE', takes: ['Phước Dân', 'Phước Thuận', 'An Hải'] },
      { code: 'XA_PHUOC_HAU', name: 'Đảng bộ xã Phước Hậu', sector: 'COMMUNE', takes: ['Phước Hậu', 'Phước Sơn', 'Phước Hải'] },
      { code: 'XA_PHUOC_HUU', name: 'Đảng bộ xã Phước Hữu', sector: 'COMMUNE', takes: ['Phước Hữu', 'Phước Thái', 'Phước Vinh'] },
    ],
  },
  {
    code: 'NINH_SON',
    name: 'Đảng bộ huyện Ninh Sơn',
    place: 'huyện Ninh Sơn',
    target: 100,
    admitted: 102,
    weight: 2150,
    grassrootsCells: 28,
    ethnicity: [['Kinh', 81], ['Raglai', 11], ['Chu Ru', 3], ['Cơ Ho', 2], ['Chăm', 3]],
    highSchools: ['Trường Chinh', 'Lê Duẩn', 'Nguyễn Du'],
    enterprises: ['Công ty Cổ phần Giống cây trồng Nha Hố', 'Hợp tác xã Nông nghiệp Quảng Sơn', 'Công ty TNHH Lâm sản Ninh Sơn'],
    communes: [
      { name: 'Tân Sơn', type: 'thị trấn' },
      { name: 'Quảng Sơn', type: 'xã', areas: ['Triệu Phong', 'Hạnh Trí', 'Lương Giang', 'Đồng Điền', 'Tân Định'] },
      { name: 'Lương Sơn', type: 'xã', areas: ['Lương Tri', 'Tân Lập', 'Tân Bình', 'Trà Giang 1', 'Trà Giang 2'] },
      { name: 'Lâm Sơn', type: 'xã', areas: ['Lâm Phú', 'Lâm Bình', 'Lâm Hòa', 'Tầm Ngân', 'Gòn 1', 'Gòn 2'], ethnicity: [['Kinh', 55], ['Raglai', 18], ['Chu Ru', 18], ['Cơ Ho', 9]] },
      { name: 'Hòa Sơn', type: 'xã', areas: ['Tân Hiệp', 'Tân Hòa', 'Tân Mỹ', 'Tân Bình'] },
      { name: 'Ma Nới', type: 'xã', areas: ['Gia Rót', 'Hà Dài', 'Ú', 'Gia Hoa', 'Tà Nôi'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Mỹ Sơn', type: 'xã', areas: ['Phú Thạnh', 'Tân Mỹ', 'Mỹ Hiệp', 'Phú Thủy', 'Phú Hòa'] },
      { name: 'Nhơn Sơn', type: 'xã', areas: ['Nha Húi', 'Núi Ngỗng', 'Lâm Quý', 'Đắc Nhơn', 'Láng Ngựa'] },
    ],
    newCommunes: [
      { code: 'XA_NINH_SON', name: 'Đảng bộ xã Ninh Sơn', sector: 'COMMUNE', takes: ['Tân Sơn', 'Quảng Sơn'] },
      { code: 'XA_LAM_SON', name: 'Đảng bộ xã Lâm Sơn', sector: 'COMMUNE', takes: ['Lâm Sơn', 'Lương Sơn'] },
      { code: 'XA_ANH_DUNG', name: 'Đảng bộ xã Anh Dũng', sector: 'COMMUNE', takes: ['Hòa Sơn', 'Ma Nới'] },
      { code: 'XA_MY_SON', name: 'Đảng bộ xã Mỹ Sơn', sector: 'COMMUNE', takes: ['Mỹ Sơn', 'Nhơn Sơn'] },
    ],
  },
  {
    code: 'BAC_AI',
    name: 'Đảng bộ huyện Bác Ái',
    place: 'huyện Bác Ái',
    target: 60,
    admitted: 61,
    weight: 1150,
    grassrootsCells: 20,
    ethnicity: [['Raglai', 58], ['Kinh', 38], ['Chăm', 2], ['Cơ Ho', 2]],
    highSchools: ['Bác Ái', 'Nguyễn Văn Linh'],
    enterprises: ['Hợp tác xã Nông nghiệp Phước Tiến', 'Hợp tác xã Dịch vụ nông nghiệp Phước Đại'],
    communes: [
      { name: 'Phước Đại', type: 'xã', areas: ['Tà Lú 1', 'Tà Lú 2', 'Tà Lú 3', 'Ma Ty', 'Chà Panh', 'Ma Oai'] },
      { name: 'Phước Chính', type: 'xã', areas: ['Núi Rây', 'Ma Lâm', 'Suối Đá', 'Suối Khô'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Thành', type: 'xã', areas: ['Ma Lâm', 'Đá Trắng', 'Bó Mơ', 'Suối Rua'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Bình', type: 'xã', areas: ['Ma Hoa', 'Gia É', 'Bố Lang', 'Hành Rạc 1', 'Hành Rạc 2'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Hòa', type: 'xã', areas: ['Chà Đung', 'Ma Nai', 'Tham Dú'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Tân', type: 'xã', areas: ['Ma Oai', 'Đá Ba Cái', 'Suối Lạnh'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Thắng', type: 'xã', areas: ['Ha Lá Hạ', 'Ha Lá Thượng', 'Đồng Dày', 'Suối Rua'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Tiến', type: 'xã', areas: ['Trà Co 1', 'Trà Co 2', 'Đá Trắng', 'Suối Rua'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Trung', type: 'xã', areas: ['Rã Giữa', 'Bạc Rây 1', 'Bạc Rây 2', 'Suối Khô'], ethnicity: RAGLAI_VILLAGE },
    ],
    newCommunes: [
      { code: 'XA_BAC_AI', name: 'Đảng bộ xã Bác Ái', sector: 'COMMUNE', takes: ['Phước Đại', 'Phước Chính', 'Phước Thành'] },
      { code: 'XA_BAC_AI_DONG', name: 'Đảng bộ xã Bác Ái Đông', sector: 'COMMUNE', takes: ['Phước Thắng', 'Phước Tiến', 'Phước Trung'] },
      { code: 'XA_BAC_AI_TAY', name: 'Đảng bộ xã Bác Ái Tây', sector: 'COMMUNE', takes: ['Phước Bình', 'Phước Hòa', 'Phước Tân'] },
    ],
  },
  {
    code: 'THUAN_BAC',
    name: 'Đảng bộ huyện Thuận Bắc',
    place: 'huyện Thuận Bắc',
    target: 65,
    admitted: 66,
    weight: 1050,
    grassrootsCells: 20,
    ethnicity: [['Kinh', 70], ['Raglai', 24], ['Chăm', 5], ['Hoa', 1]],
    highSchools: ['Thuận Bắc', 'Nguyễn Huệ'],
    enterprises: ['Hợp tác xã Nông nghiệp Bắc Phong', 'Công ty TNHH Điện gió Công Hải'],
    communes: [
      { name: 'Lợi Hải', type: 'xã', areas: ['Kiền Kiền 1', 'Kiền Kiền 2', 'Ấn Đạt', 'Suối Đá', 'Bà Râu'] },
      { name: 'Bắc Phong', type: 'xã', areas: ['Ba Tháp', 'Gò Sạn', 'Bỉnh Nghĩa', 'Mỹ Nhơn', 'Ấn Đạt'], ethnicity: [['Kinh', 60], ['Chăm', 25], ['Raglai', 15]] },
      { name: 'Bắc Sơn', type: 'xã', areas: ['Xóm Bằng', 'Láng Me', 'Đầu Suối A', 'Đầu Suối B', 'Bà Râu'], ethnicity: [['Raglai', 45], ['Kinh', 55]] },
      { name: 'Công Hải', type: 'xã', areas: ['Suối Vang', 'Bà Râu 1', 'Bà Râu 2', 'Hiệp Kiết', 'Kà Rôm', 'Ba Hồ', 'Bình Tiên'] },
      { name: 'Phước Chiến', type: 'xã', areas: ['Tập Lá', 'Đầu Suối', 'Ma Trai', 'Suối Le'], ethnicity: RAGLAI_VILLAGE },
      { name: 'Phước Kháng', type: 'xã', areas: ['Đá Liệt', 'Đá Mài Dưới', 'Đá Mài Trên', 'Cầu Đá'], ethnicity: RAGLAI_VILLAGE },
    ],
    newCommunes: [
      { code: 'XA_THUAN_BAC', name: 'Đảng bộ xã Thuận Bắc', sector: 'COMMUNE', takes: ['Lợi Hải', 'Bắc Phong', 'Bắc Sơn'] },
      { code: 'XA_CONG_HAI', name: 'Đảng bộ xã Công Hải', sector: 'COMMUNE', takes: ['Công Hải', 'Phước Chiến', 'Phước Kháng'] },
    ],
  },
  {
    code: 'THUAN_NAM',
    name: 'Đảng bộ huyện Thuận Nam',
    place: 'huyện Thuận Nam',
    target: 83,
    admitted: 84,
    weight: 1300,
    grassrootsCells: 25,
    ethnicity: [['Kinh', 64], ['Chăm', 23], ['Raglai', 12], ['Hoa', 1]],
    highSchools: ['Thuận Nam', 'Nguyễn Văn Trỗi'],
    enterprises: ['Hợp tác xã Nghề cá Cà Ná', 'Hợp tác xã Muối Quán Thẻ', 'Công ty TNHH Tôm giống Nam Miền Trung', 'Hợp tác xã Chăn nuôi cừu Phước Dinh', 'Công ty Cổ phần Thủy sản Ninh Thuận'],
    communes: [
      { name: 'Phước Nam', type: 'xã', areas: ['Văn Lâm 1', 'Văn Lâm 2', 'Văn Lâm 3', 'Văn Lâm 4', 'Nho Lâm', 'Phước Lập'], ethnicity: CHAM_VILLAGE },
      { name: 'Phước Ninh', type: 'xã', areas: ['Hiếu Lễ', 'Nho Lâm', 'Thành Sơn', 'Bầu Trúc'], ethnicity: [['Kinh', 55], ['Chăm', 40], ['Raglai', 5]] },
      { name: 'Phước Minh', type: 'xã', areas: ['Lạc Tiến', 'Quán Thẻ 1', 'Quán Thẻ 2', 'Quán Thẻ 3', 'Giá'] },
      { name: 'Cà Ná', type: 'xã', areas: ['Lạc Sơn 1', 'Lạc Sơn 2', 'Lạc Sơn 3', 'Lạc Nghiệp 1', 'Lạc Nghiệp 2', 'Lạc Tân 1', 'Lạc Tân 2'], ethnicity: [['Kinh', 96], ['Chăm', 2], ['Hoa', 2]] },
      { name: 'Phước Diêm', type: 'xã', areas: ['Thương Diêm 1', 'Thương Diêm 2', 'Lạc Tân 3', 'Lạc Sơn'], ethnicity: [['Kinh', 97], ['Chăm', 2], ['Hoa', 1]] },
      { name: 'Phước Dinh', type: 'xã', areas: ['Sơn Hải 1', 'Sơn Hải 2', 'Vĩnh Trường', 'Từ Thiện', 'Bầu Ngứ'], ethnicity: [['Kinh', 70], ['Chăm', 28], ['Raglai', 2]] },
      { name: 'Nhị Hà', type: 'xã', areas: ['Nhị Hà 1', 'Nhị Hà 2', 'Nhị Hà 3', 'Tân Hà'] },
      { name: 'Phước Hà', type: 'xã', areas: ['Giá', 'Rồ Ôn', 'Tà Nôi', 'Tân Hà'], ethnicity: RAGLAI_VILLAGE },
    ],
    newCommunes: [
      { code: 'XA_THUAN_NAM', name: 'Đảng bộ xã Thuận Nam', sector: 'COMMUNE', takes: ['Phước Nam', 'Phước Ninh', 'Phước Minh'] },
      { code: 'XA_CA_NA', name: 'Đảng bộ xã Cà Ná', sector: 'COMMUNE', takes: ['Cà Ná', 'Phước Diêm'] },
      { code: 'XA_PHUOC_HA', name: 'Đảng bộ xã Phước Hà', sector: 'COMMUNE', takes: ['Phước Hà', 'Nhị Hà', 'Phước Dinh'] },
    ],
  },
];

/** Grassroots committees every district (and the city) has besides its communes. */
export const DISTRICT_COMMITTEES: readonly { suffix: string; name: (place: string) => string; profile: UnitProfile; cells: readonly string[] }[] = [
  { suffix: 'DANG_DOAN_THE', name: (p) => `Đảng bộ Cơ quan Đảng – Mặt trận – Đoàn thể ${p}`, profile: 'AGENCY', cells: ['Văn phòng', 'Ban Tổ chức', 'Ban Tuyên giáo – Dân vận', 'Ủy ban Kiểm tra', 'Ủy ban Mặt trận Tổ quốc', 'Các đoàn thể'] },
  { suffix: 'CHINH_QUYEN', name: (p) => `Đảng bộ Cơ quan Chính quyền ${p}`, profile: 'AGENCY', cells: ['Văn phòng HĐND và UBND', 'Phòng Tài chính – Kế hoạch', 'Phòng Nội vụ', 'Phòng Tài nguyên và Môi trường', 'Phòng Giáo dục và Đào tạo', 'Phòng Kinh tế – Hạ tầng', 'Phòng Lao động – Thương binh và Xã hội'] },
  { suffix: 'QUAN_SU', name: (p) => `Đảng bộ Quân sự ${p}`, profile: 'MILITARY', cells: ['Ban Chỉ huy', 'Tham mưu', 'Chính trị', 'Hậu cần – Kỹ thuật'] },
  { suffix: 'TT_Y_TE', name: (p) => `Đảng bộ Trung tâm Y tế ${p}`, profile: 'HOSPITAL', cells: ['Khoa Nội', 'Khoa Ngoại – Sản', 'Khoa Khám bệnh', 'Khoa Kiểm soát bệnh tật', 'Hành chính – Tổng hợp'] },
];

/** Grassroots cells a district may have, before schools and enterprises. */
export const DISTRICT_AGENCIES: readonly { name: (place: string) => string; profile: UnitProfile }[] = [
  { name: (p) => `Chi bộ Kho bạc Nhà nước ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Chi cục Thuế ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Bảo hiểm xã hội ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Viện Kiểm sát nhân dân ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Tòa án nhân dân ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Chi cục Thi hành án dân sự ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội ${p}`, profile: 'BANK' },
  { name: (p) => `Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn ${p}`, profile: 'BANK' },
  { name: (p) => `Chi bộ Trung tâm Văn hóa – Thể thao và Truyền thông ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên ${p}`, profile: 'SCHOOL' },
  { name: (p) => `Chi bộ Ban Quản lý dự án đầu tư xây dựng ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Chi nhánh Văn phòng Đăng ký đất đai ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Hạt Kiểm lâm ${p}`, profile: 'AGENCY' },
  { name: (p) => `Chi bộ Điện lực ${p}`, profile: 'STATE_ENTERPRISE' },
];

/** Names of lower-secondary schools (THCS), as schools in the province are named. */
export const SCHOOL_NAMES: readonly string[] = [
  'Lê Hồng Phong', 'Trần Phú', 'Nguyễn Văn Trỗi', 'Lý Tự Trọng', 'Võ Thị Sáu', 'Trần Quốc Toản', 'Lê Lợi', 'Quang Trung', 'Hoàng Hoa Thám', 'Phan Đình Phùng',
  'Nguyễn Thị Minh Khai', 'Chu Văn An', 'Lê Quý Đôn', 'Nguyễn Trãi', 'Trần Hưng Đạo', 'Ngô Quyền', 'Lương Thế Vinh', 'Nguyễn Đình Chiểu', 'Huỳnh Thúc Kháng', 'Phan Bội Châu',
  'Tô Hiệu', 'Kim Đồng', 'Lê Văn Tám', 'Nguyễn Bỉnh Khiêm', 'Hùng Vương', 'Đinh Bộ Lĩnh', 'Lý Thường Kiệt', 'Trương Định', 'Bùi Thị Xuân', 'Nguyễn Khuyến',
  'Tây Sơn', 'Võ Văn Kiệt', 'Lê Đình Chinh', 'Trần Thi', 'Yersin', 'Phan Chu Trinh', 'Nguyễn Huệ', 'Đặng Trần Côn', 'Chế Lan Viên', 'Pôklông Giarai',
];

/** Kindergartens of district towns and the city. */
export const KINDERGARTEN_NAMES: readonly string[] = ['Hoa Sen', 'Sơn Ca', 'Họa Mi', 'Vành Khuyên', 'Tuổi Thơ', 'Bình Minh', 'Hướng Dương', 'Hoa Hồng', 'Măng Non', 'Thỏ Ngọc', 'Hoa Mai', 'Sao Mai', 'Hoa Phượng', 'Anh Đào', 'Búp Sen Hồng'];


// ---------------------------------------------------------------- affiliated committees

const ARMED_CELLS = (names: string[]) => names;

export const AFFILIATED: readonly AffiliatedModel[] = [
  {
    code: 'CONG_AN_NT',
    name: 'Đảng bộ Công an tỉnh Ninh Thuận',
    weight: 1550,
    sector: 'ARMED_FORCES',
    target: 30,
    admitted: 52,
    ethnicity: ARMED,
    committees: [
      { code: 'PC_CSHS', name: 'Đảng bộ Phòng Cảnh sát hình sự', profile: 'POLICE', cells: ['Chi bộ Đội 1', 'Chi bộ Đội 2', 'Chi bộ Đội 3', 'Chi bộ Đội 4', 'Chi bộ Đội Tổng hợp'] },
      ...DISTRICTS.map((d) => ({
        code: `CA_${d.code}`,
        name: `Đảng bộ Công an ${d.place}`,
        profile: 'POLICE' as const,
        cells: ['Chi bộ Đội Cảnh sát hình sự', 'Chi bộ Đội An ninh', 'Chi bộ Đội Cảnh sát giao thông – trật tự', 'Chi bộ Đội Tham mưu – tổng hợp', 'Chi bộ Đội Cảnh sát quản lý hành chính', 'Chi bộ Đội Cảnh sát điều tra tội phạm về kinh tế và ma túy'],
      })),
      { name: 'Đảng bộ Phòng Tham mưu', profile: 'POLICE', cells: ['Chi bộ Đội Tổng hợp', 'Chi bộ Đội Thông tin', 'Chi bộ Trung tâm Chỉ huy'] },
      { name: 'Đảng bộ Phòng Cảnh sát giao thông', profile: 'POLICE', cells: ['Chi bộ Đội Tuần tra kiểm soát 1', 'Chi bộ Đội Tuần tra kiểm soát 2', 'Chi bộ Đội Đăng ký xe', 'Chi bộ Đội Xử lý vi phạm'] },
      { name: 'Đảng bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ', profile: 'POLICE', cells: ['Chi bộ Đội Chữa cháy khu vực 1', 'Chi bộ Đội Chữa cháy khu vực 2', 'Chi bộ Đội Công tác phòng cháy'] },
      { name: 'Đảng bộ Trại tạm giam', profile: 'POLICE', cells: ['Chi bộ Đội Quản giáo', 'Chi bộ Đội Hậu cần', 'Chi bộ Đội Cảnh sát bảo vệ'] },
      { name: 'Đảng bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội', profile: 'POLICE', cells: ['Chi bộ Đội Căn cước', 'Chi bộ Đội Quản lý cư trú', 'Chi bộ Đội Quản lý ngành nghề'] },
    ],
    grassrootsCells: [
      'Phòng An ninh đối ngoại', 'Phòng An ninh chính trị nội bộ', 'Phòng An ninh kinh tế', 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao',
      'Phòng Cảnh sát điều tra tội phạm về ma túy', 'Phòng Cảnh sát kinh tế', 'Phòng Cảnh sát cơ động', 'Phòng Cảnh sát môi trường', 'Phòng Hồ sơ', 'Phòng Hậu cần',
      'Phòng Tổ chức cán bộ', 'Phòng Công tác đảng và công tác chính trị', 'Phòng Kỹ thuật hình sự', 'Phòng Quản lý xuất nhập cảnh', 'Cơ quan Cảnh sát điều tra',
    ].map((n) => ({ name: `Chi bộ ${n}`, profile: 'POLICE' as const })),
  },
  {
    code: 'BIEN_PHONG_NT',
    name: 'Đảng bộ Bộ đội Biên phòng tỉnh Ninh Thuận',
    weight: 420,
    sector: 'ARMED_FORCES',
    target: 12,
    admitted: 15,
    ethnicity: ARMED,
    committees: [
      { name: 'Đảng bộ Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh', profile: 'BORDER', cells: ['Chi bộ Phòng Tham mưu', 'Chi bộ Phòng Chính trị', 'Chi bộ Phòng Hậu cần – Kỹ thuật', 'Chi bộ Phòng Phòng chống ma túy và tội phạm'] },
      { name: 'Đảng bộ Hải đội Biên phòng 2', profile: 'BORDER', cells: ['Chi bộ Tàu 1', 'Chi bộ Tàu 2', 'Chi bộ Cơ quan Hải đội'] },
    ],
    grassrootsCells: [
      { code: 'DON_BP_NINH_CHU', name: 'Chi bộ Đồn Biên phòng Ninh Chữ', profile: 'BORDER' },
      ...['Vĩnh Hải', 'Phước Dinh', 'Cà Ná', 'Cửa khẩu cảng Cà Ná'].map((n) => ({ name: `Chi bộ Đồn Biên phòng ${n}`, profile: 'BORDER' as const })),
      { name: 'Chi bộ Đội đặc nhiệm phòng, chống ma túy và tội phạm', profile: 'BORDER' },
    ],
  },
  {
    code: 'QUAN_SU_NT',
    name: 'Đảng bộ Quân sự tỉnh Ninh Thuận',
    weight: 800,
    sector: 'ARMED_FORCES',
    target: 40,
    admitted: 42,
    ethnicity: ARMED,
    committees: [
      { name: 'Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh', profile: 'MILITARY', cells: ARMED_CELLS(['Chi bộ Phòng Tham mưu', 'Chi bộ Phòng Chính trị', 'Chi bộ Phòng Hậu cần – Kỹ thuật', 'Chi bộ Ban Chỉ huy']) },
      {
        name: 'Đảng bộ Trung đoàn Bộ binh',
        profile: 'MILITARY',
        cells: ['Chi bộ Cơ quan Trung đoàn'],
        subCommittees: [1, 2, 3].map((b) => ({ name: `Đảng bộ bộ phận Tiểu đoàn ${b}`, cells: [1, 2, 3].map((c) => `Chi bộ Đại đội ${(b - 1) * 3 + c}`) })),
      },
      { name: 'Đảng bộ Trường Quân sự tỉnh', profile: 'MILITARY', cells: ['Chi bộ Khoa Quân sự', 'Chi bộ Khoa Chính trị', 'Chi bộ Hệ học viên'] },
      { name: 'Đảng bộ Tiểu đoàn Huấn luyện – Cơ động', profile: 'MILITARY', cells: ['Chi bộ Đại đội Huấn luyện 1', 'Chi bộ Đại đội Huấn luyện 2', 'Chi bộ Đại đội Cơ động'] },
    ],
    grassrootsCells: ['Đại đội Trinh sát', 'Đại đội Công binh', 'Đại đội Thông tin', 'Đại đội Pháo phòng không', 'Kho Kỹ thuật', 'Đại đội Hóa học'].map((n) => ({ name: `Chi bộ ${n}`, profile: 'MILITARY' as const })),
  },
  {
    code: 'KHOI_CQ_NT',
    name: 'Đảng bộ Khối các cơ quan tỉnh Ninh Thuận',
    weight: 2050,
    sector: 'STATE_AGENCY',
    target: 45,
    admitted: 47,
    ethnicity: [['Kinh', 84], ['Chăm', 10], ['Raglai', 4], ['Hoa', 1], ['Chu Ru', 0.5], ['Tày', 0.5]],
    committees: [
      { name: 'Đảng bộ Văn phòng Ủy ban nhân dân tỉnh', profile: 'AGENCY', cells: ['Chi bộ Phòng Tổng hợp', 'Chi bộ Phòng Kinh tế', 'Chi bộ Phòng Văn xã', 'Chi bộ Trung tâm Phục vụ hành chính công'] },
      { name: 'Đảng bộ Sở Giáo dục và Đào tạo', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Phòng Giáo dục trung học', 'Chi bộ Trường THPT Chuyên Lê Quý Đôn', 'Chi bộ Trường Phổ thông Dân tộc nội trú tỉnh'] },
      { name: 'Đảng bộ Sở Y tế', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Trung tâm Kiểm soát bệnh tật', 'Chi bộ Chi cục An toàn vệ sinh thực phẩm', 'Chi bộ Trung tâm Giám định y khoa'] },
      { name: 'Đảng bộ Bệnh viện Đa khoa tỉnh', profile: 'HOSPITAL', cells: ['Chi bộ Khối Nội', 'Chi bộ Khối Ngoại', 'Chi bộ Khối Cận lâm sàng', 'Chi bộ Khoa Sản', 'Chi bộ Khoa Nhi', 'Chi bộ Phòng chức năng'] },
      { name: 'Đảng bộ Sở Nông nghiệp và Phát triển nông thôn', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Chi cục Thủy lợi', 'Chi bộ Chi cục Kiểm lâm', 'Chi bộ Chi cục Thủy sản', 'Chi bộ Trung tâm Khuyến nông'] },
      { name: 'Đảng bộ Sở Tài nguyên và Môi trường', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Văn phòng Đăng ký đất đai', 'Chi bộ Chi cục Biển và Hải đảo'] },
      { name: 'Đảng bộ Sở Lao động – Thương binh và Xã hội', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Trung tâm Công tác xã hội', 'Chi bộ Trung tâm Dịch vụ việc làm'] },
      { name: 'Đảng bộ Sở Văn hóa, Thể thao và Du lịch', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Bảo tàng tỉnh', 'Chi bộ Trung tâm Văn hóa – Điện ảnh', 'Chi bộ Trung tâm Huấn luyện thể thao'] },
      { name: 'Đảng bộ Sở Tài chính', profile: 'AGENCY', cells: ['Chi bộ Phòng Ngân sách', 'Chi bộ Phòng Tài chính doanh nghiệp', 'Chi bộ Văn phòng Sở'] },
      { name: 'Đảng bộ Sở Xây dựng', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Thanh tra Sở', 'Chi bộ Viện Quy hoạch'] },
      { name: 'Đảng bộ Sở Giao thông vận tải', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Ban Quản lý bảo trì đường bộ', 'Chi bộ Trung tâm Đăng kiểm'] },
      { name: 'Đảng bộ Sở Kế hoạch và Đầu tư', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Phòng Đăng ký kinh doanh', 'Chi bộ Trung tâm Xúc tiến đầu tư'] },
      { name: 'Đảng bộ Cục Thuế tỉnh', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Cục', 'Chi bộ Phòng Kiểm tra thuế', 'Chi bộ Phòng Tuyên truyền – Hỗ trợ người nộp thuế', 'Chi bộ Phòng Quản lý nợ'] },
      { name: 'Đảng bộ Kho bạc Nhà nước tỉnh', profile: 'AGENCY', cells: ['Chi bộ Văn phòng', 'Chi bộ Phòng Kiểm soát chi', 'Chi bộ Phòng Kế toán'] },
      { name: 'Đảng bộ Bảo hiểm xã hội tỉnh', profile: 'AGENCY', cells: ['Chi bộ Văn phòng', 'Chi bộ Phòng Thu', 'Chi bộ Phòng Chế độ bảo hiểm xã hội'] },
      { name: 'Đảng bộ Trường Chính trị tỉnh', profile: 'COLLEGE', cells: ['Chi bộ Khoa Lý luận cơ sở', 'Chi bộ Khoa Xây dựng Đảng', 'Chi bộ Phòng Tổ chức – Hành chính'] },
      { name: 'Đảng bộ Trường Cao đẳng Nghề Ninh Thuận', profile: 'COLLEGE', cells: ['Chi bộ Khoa Điện – Điện tử', 'Chi bộ Khoa Cơ khí', 'Chi bộ Khoa Kinh tế', 'Chi bộ Học sinh – sinh viên'] },
      { name: 'Đảng bộ Đài Phát thanh và Truyền hình Ninh Thuận', profile: 'AGENCY', cells: ['Chi bộ Phòng Thời sự', 'Chi bộ Phòng Kỹ thuật', 'Chi bộ Phòng Hành chính'] },
      { name: 'Đảng bộ Viện Kiểm sát nhân dân tỉnh', profile: 'AGENCY', cells: ['Chi bộ Phòng 1', 'Chi bộ Phòng 2', 'Chi bộ Văn phòng'] },
      { name: 'Đảng bộ Tòa án nhân dân tỉnh', profile: 'AGENCY', cells: ['Chi bộ Tòa Hình sự', 'Chi bộ Tòa Dân sự', 'Chi bộ Văn phòng'] },
      { name: 'Đảng bộ Cục Thi hành án dân sự tỉnh', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Cục', 'Chi bộ Phòng Nghiệp vụ', 'Chi bộ Phòng Kiểm tra'] },
      { name: 'Đảng bộ Sở Công Thương', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Sở', 'Chi bộ Phòng Quản lý năng lượng', 'Chi bộ Trung tâm Khuyến công'] },
      { name: 'Đảng bộ Ban Quản lý các khu công nghiệp tỉnh', profile: 'AGENCY', cells: ['Chi bộ Văn phòng Ban', 'Chi bộ Phòng Quản lý doanh nghiệp', 'Chi bộ Phòng Quy hoạch – Xây dựng'] },
      { name: 'Đảng bộ Ngân hàng Nhà nước chi nhánh tỉnh Ninh Thuận', profile: 'BANK', cells: ['Chi bộ Phòng Thanh tra', 'Chi bộ Phòng Tổng hợp', 'Chi bộ Phòng Kế toán'] },
      { name: 'Đảng bộ Bệnh viện Y dược cổ truyền tỉnh', profile: 'HOSPITAL', cells: ['Chi bộ Khối Lâm sàng', 'Chi bộ Khối Cận lâm sàng', 'Chi bộ Phòng chức năng'] },
      { name: 'Đảng bộ Ban Quản lý Vườn quốc gia Núi Chúa', profile: 'AGENCY', cells: ['Chi bộ Văn phòng', 'Chi bộ Hạt Kiểm lâm', 'Chi bộ Trung tâm Du lịch sinh thái'] },
    ],
    grassrootsCells: [
      'Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh', 'Sở Nội vụ', 'Sở Tư pháp', 'Sở Khoa học và Công nghệ', 'Sở Thông tin và Truyền thông', 'Thanh tra tỉnh', 'Ban Dân tộc tỉnh',
      'Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh', 'Tỉnh đoàn', 'Cơ quan Hội Liên hiệp Phụ nữ tỉnh', 'Cơ quan Hội Nông dân tỉnh', 'Cơ quan Liên đoàn Lao động tỉnh', 'Cơ quan Hội Cựu chiến binh tỉnh',
      'Báo Ninh Thuận', 'Cục Thống kê tỉnh', 'Liên minh Hợp tác xã tỉnh', 'Hội Chữ thập đỏ tỉnh', 'Liên hiệp các Hội Văn học – Nghệ thuật tỉnh', 'Ban Quản lý Vườn quốc gia Phước Bình',
      'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp', 'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông', 'Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp',
      'Quỹ Đầu tư phát triển tỉnh', 'Trung tâm Phát triển quỹ đất tỉnh', 'Bệnh viện Mắt tỉnh', 'Bệnh viện Phục hồi chức năng tỉnh', 'Trường Cao đẳng Sư phạm Ninh Thuận', 'Trường Trung cấp Y tế', 'Trung tâm Công nghệ thông tin và Truyền thông',
      'Văn phòng Điều phối nông thôn mới tỉnh',
    ].map((n) => ({ name: `Chi bộ ${n}`, profile: /Bệnh viện|Y tế/.test(n) ? ('HOSPITAL' as const) : /Trường/.test(n) ? ('COLLEGE' as const) : ('AGENCY' as const) })),
  },
  {
    code: 'KHOI_DN_NT',
    name: 'Đảng bộ Khối doanh nghiệp tỉnh Ninh Thuận',
    weight: 850,
    sector: 'STATE_ENTERPRISE',
    target: 25,
    admitted: 26,
    ethnicity: [['Kinh', 90], ['Chăm', 6], ['Raglai', 2], ['Hoa', 2]],
    committees: [
      { name: 'Đảng bộ Công ty Điện lực Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng Công ty', 'Chi bộ Phòng Kỹ thuật', 'Chi bộ Đội Quản lý vận hành lưới điện cao thế', 'Chi bộ Phòng Kinh doanh', 'Chi bộ Trung tâm Điều độ'] },
      { name: 'Đảng bộ Viễn thông Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng', 'Chi bộ Trung tâm Điều hành thông tin', 'Chi bộ Trung tâm Viễn thông 1', 'Chi bộ Trung tâm Viễn thông 2'] },
      { name: 'Đảng bộ Viettel Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Khối Cơ quan', 'Chi bộ Khối Kỹ thuật', 'Chi bộ Khối Kinh doanh'] },
      { name: 'Đảng bộ Bưu điện tỉnh Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng', 'Chi bộ Trung tâm Khai thác vận chuyển', 'Chi bộ Bưu điện thành phố'] },
      { name: 'Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Ninh Thuận', profile: 'BANK', cells: ['Chi bộ Hội sở', 'Chi bộ Phòng Kế hoạch – Kinh doanh', 'Chi bộ Phòng Kế toán – Ngân quỹ'] },
      { name: 'Đảng bộ Ngân hàng TMCP Ngoại thương chi nhánh Ninh Thuận', profile: 'BANK', cells: ['Chi bộ Khối Khách hàng', 'Chi bộ Khối Vận hành', 'Chi bộ Phòng giao dịch'] },
      { name: 'Đảng bộ Công ty Cổ phần Cấp thoát nước Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng', 'Chi bộ Nhà máy nước Tháp Chàm', 'Chi bộ Xí nghiệp Thoát nước'] },
      { name: 'Đảng bộ Công ty TNHH MTV Khai thác công trình thủy lợi Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng Công ty', 'Chi bộ Chi nhánh Phan Rang', 'Chi bộ Chi nhánh Ninh Sơn', 'Chi bộ Chi nhánh Ninh Phước'] },
      { name: 'Đảng bộ Công ty Truyền tải điện Ninh Thuận', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Trạm biến áp 220 kV Tháp Chàm', 'Chi bộ Đội Đường dây', 'Chi bộ Văn phòng'] },
      { name: 'Đảng bộ Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Ninh Thuận', profile: 'BANK', cells: ['Chi bộ Khối Quan hệ khách hàng', 'Chi bộ Khối Tác nghiệp', 'Chi bộ Phòng giao dịch'] },
      { name: 'Đảng bộ Công ty Cổ phần Muối Cà Ná', profile: 'STATE_ENTERPRISE', cells: ['Chi bộ Văn phòng', 'Chi bộ Xí nghiệp muối Quán Thẻ', 'Chi bộ Xí nghiệp muối Cà Ná'] },
    ],
    grassrootsCells: [
      ['Ngân hàng TMCP Công thương chi nhánh Ninh Thuận', 'BANK'], ['Ngân hàng Chính sách xã hội chi nhánh tỉnh', 'BANK'], ['Ngân hàng Phát triển Việt Nam chi nhánh Ninh Thuận', 'BANK'],
      ['Bảo Việt Ninh Thuận', 'STATE_ENTERPRISE'], ['Công ty TNHH MTV Xổ số kiến thiết Ninh Thuận', 'STATE_ENTERPRISE'], ['Công ty Cổ phần Xây dựng Ninh Thuận', 'NON_STATE_ENTERPRISE'],
      ['Công ty Cổ phần Du lịch Ninh Thuận', 'NON_STATE_ENTERPRISE'], ['Công ty TNHH MTV Lâm nghiệp Tân Tiến', 'STATE_ENTERPRISE'], ['Nhà máy Thủy điện Đa Nhim', 'STATE_ENTERPRISE'],
      ['Công ty Cổ phần Môi trường đô thị Phan Rang', 'NON_STATE_ENTERPRISE'], ['Công ty TNHH Điện mặt trời Trung Nam', 'NON_STATE_ENTERPRISE'], ['Công ty Cổ phần Thủy sản Ninh Chữ', 'NON_STATE_ENTERPRISE'],
      ['Công ty Cổ phần Phát triển hạ tầng khu công nghiệp Du Long', 'NON_STATE_ENTERPRISE'], ['Công ty Xăng dầu Ninh Thuận', 'STATE_ENTERPRISE'], ['Công ty Cổ phần Vận tải Ninh Thuận', 'NON_STATE_ENTERPRISE'],
      ['Công ty Cổ phần Nho Ninh Thuận', 'NON_STATE_ENTERPRISE'], ['Bảo hiểm Agribank Ninh Thuận', 'STATE_ENTERPRISE'], ['Công ty Cổ phần Tư vấn xây dựng Ninh Thuận', 'NON_STATE_ENTERPRISE'],
    ].map(([n, profile]) => ({ name: `Chi bộ ${n}`, profile: profile as UnitProfile })),
  },
];

// ---------------------------------------------------------------- changes to the tree before 2025

/** Named organisations the tests, the README and the demo users rely on (codes kept stable). */
export const NAMED = {
  /** A grassroots cell of Phan Rang – Tháp Chàm. */
  school: { code: 'THPT_CHU_VAN_AN', district: 'PHAN_RANG' },
  /** A grassroots cell of Ninh Hải upgraded to a grassroots committee on 2024-06-01, with two new cells. */
  saltCompany: { code: 'CTY_MUOI_NINH_HAI', name: 'Chi bộ Công ty Cổ phần Muối Ninh Hải', district: 'NINH_HAI', upgradedOn: '2024-06-01', decisionRef: '245-QĐ/HU', newName: 'Đảng bộ Công ty Cổ phần Muối Ninh Hải', cells: ['Chi bộ Văn phòng Công ty', 'Chi bộ Đồng muối Tri Hải'] },
  /** A grassroots cell established in 2023 in a non-state enterprise. */
  newEnterprise: { code: 'CTY_NANG_LUONG_THUAN_NAM', name: 'Chi bộ Công ty Cổ phần Năng lượng tái tạo Thuận Nam', district: 'THUAN_NAM', establishedOn: '2023-03-15', decisionRef: '318-QĐ/HU' },
  /** Hộ Hải commune committee renamed for a term and back. */
  renamed: { code: 'HO_HAI', renames: [['2022-03-01', 'Đảng bộ xã Hộ Hải (khóa mới)', '112-QĐ/HU'], ['2023-01-01', 'Đảng bộ xã Hộ Hải', '131-QĐ/HU']] as const },
} as const;

/** Khánh Hòa, the province Ninh Thuận merged into (a small part of it). */
export const KHANH_HOA_TREE = {
  district: { code: 'NHA_TRANG', name: 'Đảng bộ thành phố Nha Trang' },
  commune: { code: 'LOC_THO', name: 'Đảng bộ phường Lộc Thọ' },
  newCommune: { code: 'XA_NHA_TRANG', name: 'Đảng bộ phường Nha Trang' },
} as const;
