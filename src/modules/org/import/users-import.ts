// Validates the rows of an account import (R1 账号批量导入). Every row is checked; the caller creates
// no account unless the whole file is valid. Usernames and mobiles are identities: compared after
// NFKC (full-width digits and letters fold), usernames case-insensitively.
import { ROLES, ROLE_LABELS, type Role } from '../../../shared/roles.ts';
import { isMobile, normalizeMobile, normalizeUsername } from '../../../shared/text.ts';
import { cellOf, charLength, mapColumns, type ColumnSpec, type ImportRowError, type SheetRows } from './spreadsheet.ts';
import { findSector, type SectorRef } from './units-import.ts';

export interface UserImportContext {
  sectors: SectorRef[];
  unitsByCode: Map<string, { id: number; name: string; sectorId?: number | null }>;
  /** Usernames in use, already normalised with normalizeUsername. */
  existingUsernames: Set<string>;
  /** Mobiles in use, already normalised with normalizeMobile. */
  existingMobiles: Set<string>;
}

export interface ImportedRole {
  role: Role;
  /** Only for sector_leader: the sector the person is responsible for. */
  sectorId: number | null;
}

export interface ValidUserRow {
  row: number;
  username: string;
  name: string;
  mobile: string | null;
  email: string | null;
  unitId: number | null;
  unitCode: string | null;
  roles: ImportedRole[];
}

export type UserImportResult = { ok: true; users: ValidUserRow[] } | { ok: false; errors: ImportRowError[] };

export const USER_COLUMNS = {
  username: { aliases: ['用户名', '账号', '登录名', '登录账号', 'username', 'login'], required: true, zh: '用户名', en: 'username' },
  name: { aliases: ['姓名', '名字', 'name', 'full_name'], required: true, zh: '姓名', en: 'name' },
  mobile: { aliases: ['手机号', '手机', '手机号码', '联系电话', 'mobile', 'phone'], required: false, zh: '手机号', en: 'mobile' },
  email: { aliases: ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', 'mail'], required: false, zh: '邮箱', en: 'email' },
  unitCode: { aliases: ['单位代码', '单位编码', 'unit_code', 'unitcode', 'unit'], required: false, zh: '单位代码', en: 'unit_code' },
  roles: { aliases: ['角色', '身份', 'role', 'roles'], required: true, zh: '角色', en: 'role' },
  sector: { aliases: ['板块', '负责板块', '所属板块', 'sector'], required: false, zh: '板块', en: 'sector' },
} satisfies Record<string, ColumnSpec>;

/** The example row of the import template; a file that still contains it is stopped with a hint. */
export const USER_TEMPLATE_EXAMPLE = {
  username: 'example01',
  name: '张三（示例行，导入前请删除）',
  mobile: '13800000000',
  email: 'example@example.com',
  unitCode: 'DEMO001',
  roles: '单位管理员、教职工',
  sector: '',
} as const;

export const USERNAME_RE = /^[a-z0-9._-]{3,32}$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const NAME_MAX = 50;
const EMAIL_MAX = 254;

/** Roles bound to a unit: their holder must belong to one. */
export const UNIT_BOUND_ROLES: readonly Role[] = ['unit_admin', 'member'];

/** A few everyday words for the roles, besides their labels and ids. */
const ROLE_ALIASES: Record<string, Role> = {
  局办: 'bureau_admin',
  局办公室: 'bureau_admin',
  领导小组成员: 'leader',
  领导小组组长: 'leader',
  组长: 'leader',
  板块负责: 'sector_leader',
  督导室: 'inspector',
  督导: 'inspector',
  学校管理员: 'unit_admin',
  教师: 'member',
  老师: 'member',
  教职员工: 'member',
  专家: 'judge',
};

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function parseRole(raw: string): Role | null {
  const key = squash(raw);
  for (const r of ROLES) {
    if (key === r || key === squash(ROLE_LABELS[r]['zh-CN']) || key === squash(ROLE_LABELS[r]['en-US'])) return r;
  }
  return ROLE_ALIASES[key] ?? null;
}

/** Several roles in one cell: 单位管理员、教职工 / unit_admin, member / …; …；… */
export function splitRoles(cell: string): string[] {
  return cell
    .split(/[、,，;；/\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function validateUserRows(sheet: SheetRows, ctx: UserImportContext): UserImportResult {
  const { columns, errors } = mapColumns(sheet, USER_COLUMNS);
  if (errors.length) return { ok: false, errors };
  const roleChoices = ROLES.map((r) => ROLE_LABELS[r]['zh-CN']).join('、');
  const roleChoicesEn = ROLES.join(', ');
  const sectorChoices = ctx.sectors.map((s) => s.name);
  const unitsByKey = new Map([...ctx.unitsByCode].map(([code, u]) => [code.normalize('NFKC').toUpperCase(), { ...u, code }]));
  const usernameRows = new Map<string, number>();
  const mobileRows = new Map<string, number>();
  const users: ValidUserRow[] = [];

  for (const r of sheet.rows) {
    const fail = (reason: string, reasonEn: string) => errors.push({ row: r.rowNumber, reason, reasonEn });
    const before = errors.length;
    const rawUsername = cellOf(r, columns, 'username');
    const username = normalizeUsername(rawUsername);
    const name = cellOf(r, columns, 'name').replace(/\s+/g, ' ');
    const rawMobile = cellOf(r, columns, 'mobile');
    const email = cellOf(r, columns, 'email').normalize('NFKC').trim();
    const unitCode = cellOf(r, columns, 'unitCode').normalize('NFKC').trim();
    const rawRoles = cellOf(r, columns, 'roles');
    const rawSector = cellOf(r, columns, 'sector');

    if (username === USER_TEMPLATE_EXAMPLE.username) {
      fail('这是导入模板中的示例行，请删除后再导入', 'This is the example row of the import template; delete it before importing');
      continue;
    }
    if (!username) fail('用户名为空', 'The username is empty');
    else if (!USERNAME_RE.test(username)) {
      fail(`用户名“${rawUsername}”格式不正确（3～32位，只能由字母、数字、点、下划线或短横线组成）`, `The username "${rawUsername}" is invalid (3–32 letters, digits, ".", "_" or "-")`);
    } else {
      const first = usernameRows.get(username);
      if (first !== undefined) fail(`用户名“${username}”重复：第${first}行和第${r.rowNumber}行使用了同一用户名`, `The username "${username}" is duplicated: rows ${first} and ${r.rowNumber}`);
      else usernameRows.set(username, r.rowNumber);
      if (ctx.existingUsernames.has(username)) fail(`用户名“${username}”已被使用`, `The username "${username}" is already taken`);
    }

    if (!name) fail('姓名为空', 'The name is empty');
    else if (charLength(name) > NAME_MAX) fail(`姓名过长（最多${NAME_MAX}个字）`, `The name is too long (at most ${NAME_MAX} characters)`);

    const mobile = rawMobile ? normalizeMobile(rawMobile) : null;
    if (rawMobile && !isMobile(rawMobile)) fail(`手机号“${rawMobile}”格式不正确（应为11位大陆手机号）`, `The mobile number "${rawMobile}" is invalid (11-digit mainland mobile)`);
    else if (mobile) {
      const first = mobileRows.get(mobile);
      if (first !== undefined) fail(`手机号“${mobile}”重复：第${first}行和第${r.rowNumber}行使用了同一手机号`, `The mobile number "${mobile}" is duplicated: rows ${first} and ${r.rowNumber}`);
      else mobileRows.set(mobile, r.rowNumber);
      if (ctx.existingMobiles.has(mobile)) fail(`手机号“${mobile}”已被其他账号使用`, `The mobile number "${mobile}" is already used by another account`);
    }

    if (email && (email.length > EMAIL_MAX || !EMAIL_RE.test(email))) fail(`邮箱“${email}”格式不正确`, `The e-mail address "${email}" is invalid`);

    const unit = unitCode ? unitsByKey.get(unitCode.toUpperCase()) : undefined;
    if (unitCode && !unit) fail(`单位代码“${unitCode}”不存在，请先导入单位`, `The unit code "${unitCode}" does not exist; import the units first`);

    const roles: Role[] = [];
    if (!rawRoles) fail(`角色为空（可选：${roleChoices}）`, `The role is empty (one of: ${roleChoicesEn})`);
    for (const token of splitRoles(rawRoles)) {
      const role = parseRole(token);
      if (!role) fail(`角色“${token}”无效（可选：${roleChoices}；多个角色用“、”分隔）`, `The role "${token}" is invalid (one of: ${roleChoicesEn}; separate several with commas)`);
      else if (!roles.includes(role)) roles.push(role);
    }
    const unitBound = roles.filter((r) => UNIT_BOUND_ROLES.includes(r));
    if (unitBound.length && !unitCode) {
      const labels = unitBound.map((r) => ROLE_LABELS[r]['zh-CN']).join('、');
      fail(`角色“${labels}”必须填写单位代码`, `The role(s) ${unitBound.join(', ')} require a unit code`);
    }

    const sector = rawSector ? findSector(ctx.sectors, rawSector) : null;
    if (rawSector && !sector) fail(`板块“${rawSector}”不存在（可选：${sectorChoices.join('、')}）`, `The sector "${rawSector}" does not exist (one of: ${sectorChoices.join(', ')})`);
    if (roles.includes('sector_leader') && !rawSector) {
      fail(`角色“板块负责人”必须填写负责的板块（可选：${sectorChoices.join('、')}）`, `The sector_leader role requires a sector (one of: ${sectorChoices.join(', ')})`);
    }

    if (errors.length === before) {
      users.push({
        row: r.rowNumber,
        username,
        name,
        mobile,
        email: email || null,
        unitId: unit?.id ?? null,
        unitCode: unit?.code ?? null,
        roles: roles.map((role) => ({ role, sectorId: role === 'sector_leader' ? sector!.id : null })),
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, users };
}
