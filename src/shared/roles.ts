// Roles of the platform (requirements.md, "Who uses it"). Shared by server and web.
export const ROLES = [
  'bureau_admin', // 局办公室
  'leader', // 领导小组组长 / 成员（全局查看）
  'sector_leader', // 板块负责人（一个板块）
  'inspector', // 教育督导室
  'unit_admin', // 学校/单位管理员
  'member', // 教职工
  'judge', // 评委
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  bureau_admin: { 'zh-CN': '局办公室管理员', 'en-US': 'Bureau administrator' },
  leader: { 'zh-CN': '领导小组', 'en-US': 'Leadership group' },
  sector_leader: { 'zh-CN': '板块负责人', 'en-US': 'Sector leader' },
  inspector: { 'zh-CN': '教育督导室', 'en-US': 'Inspector' },
  unit_admin: { 'zh-CN': '单位管理员', 'en-US': 'Unit administrator' },
  member: { 'zh-CN': '教职工', 'en-US': 'Staff member' },
  judge: { 'zh-CN': '评委', 'en-US': 'Judge' },
};

/** Unit types of R1 (单位类型). */
export const UNIT_TYPES = ['幼儿园', '小学', '初中', '九年一贯制学校', '普通高中', '职业高中', '特殊教育学校', '直属单位'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_LABELS_EN: Record<UnitType, string> = {
  幼儿园: 'Kindergarten',
  小学: 'Primary school',
  初中: 'Junior high school',
  九年一贯制学校: 'Nine-year school',
  普通高中: 'Senior high school',
  职业高中: 'Vocational high school',
  特殊教育学校: 'Special education school',
  直属单位: 'Directly affiliated unit',
};

/** The four sectors (板块) the notice names. */
export const SECTORS = [
  { code: 'CQ', name: '城区板块', nameEn: 'Urban sector' },
  { code: 'XB', name: '西部板块', nameEn: 'Western sector' },
  { code: 'ZB', name: '中部板块', nameEn: 'Central sector' },
  { code: 'DB', name: '东部板块', nameEn: 'Eastern sector' },
] as const;

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
