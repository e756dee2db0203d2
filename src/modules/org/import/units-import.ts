// Validates the rows of a unit import (R1 单位批量导入). Every row is checked and every problem is
// reported with its row number; the caller imports nothing unless the whole file is valid.
import { UNIT_TYPES, UNIT_TYPE_LABELS_EN, type UnitType } from '../../../shared/roles.ts';
import { isMobile, normalizeMobile } from '../../../shared/text.ts';
import { cellOf, charLength, mapColumns, type ColumnSpec, type ImportRowError, type SheetRows } from './spreadsheet.ts';

export interface SectorRef {
  id: number;
  code: string;
  name: string;
}

export interface UnitImportContext {
  sectors: SectorRef[];
  existingUnitCodes: Set<string>;
  /** Names already in use (unit names are unique); optional for callers that only check codes. */
  existingUnitNames?: Set<string>;
}

export interface ValidUnitRow {
  row: number;
  code: string;
  name: string;
  type: UnitType;
  sectorId: number;
  town: string;
  contactName: string | null;
  /** A mobile as 11 digits, or a landline as "0576-87771234". */
  contactPhone: string | null;
}

export type UnitImportResult = { ok: true; units: ValidUnitRow[] } | { ok: false; errors: ImportRowError[] };

export const UNIT_COLUMNS = {
  code: { aliases: ['代码', '单位代码', '单位编码', '编码', 'code', 'unit_code', 'unitcode'], required: true, zh: '单位代码', en: 'code' },
  name: { aliases: ['名称', '单位名称', '学校名称', 'name', 'unit_name'], required: true, zh: '单位名称', en: 'name' },
  type: { aliases: ['类型', '单位类型', '学校类型', 'type', 'unit_type'], required: true, zh: '单位类型', en: 'type' },
  sector: { aliases: ['板块', '所属板块', 'sector'], required: true, zh: '板块', en: 'sector' },
  town: { aliases: ['乡镇', '乡镇街道', '乡镇（街道）', '所在乡镇', '街道', 'town'], required: true, zh: '乡镇（街道）', en: 'town' },
  contact: { aliases: ['联系人', 'contact', 'contact_name'], required: false, zh: '联系人', en: 'contact' },
  phone: { aliases: ['联系电话', '电话', '联系人电话', 'phone', 'contact_phone'], required: false, zh: '联系电话', en: 'phone' },
} satisfies Record<string, ColumnSpec>;

/** The example row of the import template; a file that still contains it is stopped with a hint. */
export const UNIT_TEMPLATE_EXAMPLE = {
  code: 'EXAMPLE',
  name: '仙居县示例小学（示例行，导入前请删除）',
  type: '小学',
  sector: '城区板块',
  town: '安洲街道',
  contact: '张老师',
  phone: '0576-87771234',
} as const;

export const UNIT_CODE_RE = /^[A-Za-z0-9_-]{1,32}$/;
export const UNIT_NAME_MAX = 100;
const TOWN_MAX = 50;
const CONTACT_MAX = 50;

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Common short forms people type for the unit types of R1. */
const UNIT_TYPE_ALIASES: Record<string, UnitType> = {
  九年一贯制: '九年一贯制学校',
  九年制: '九年一贯制学校',
  九年制学校: '九年一贯制学校',
  一贯制学校: '九年一贯制学校',
  高中: '普通高中',
  普高: '普通高中',
  高级中学: '普通高中',
  职高: '职业高中',
  中职: '职业高中',
  职业学校: '职业高中',
  中等职业学校: '职业高中',
  特教: '特殊教育学校',
  特殊教育: '特殊教育学校',
  特校: '特殊教育学校',
  直属: '直属单位',
  幼儿园: '幼儿园',
};

export function parseUnitType(raw: string): UnitType | null {
  const key = squash(raw);
  for (const t of UNIT_TYPES) if (squash(t) === key || squash(UNIT_TYPE_LABELS_EN[t]) === key) return t;
  return UNIT_TYPE_ALIASES[key] ?? null;
}

/** A sector by its name (城区板块), its short name (城区) or its code (CQ). */
export function findSector<S extends SectorRef>(sectors: S[], raw: string): S | null {
  const key = squash(raw);
  if (!key) return null;
  return sectors.find((s) => squash(s.name) === key || squash(s.code) === key || squash(s.name).replace(/板块$/, '') === key) ?? null;
}

/**
 * A contact phone: a mainland mobile, or a landline with its area code. Landlines come back as
 * "0576-87771234" (an extension as "-801"); 010 and 02x are the only three-digit area codes.
 */
export function normalizeContactPhone(raw: string): string | null {
  const s = raw.normalize('NFKC').replace(/\s/g, '');
  if (isMobile(s)) return normalizeMobile(s);
  const ext = '(?:(?:-|转|ext\\.?)(\\d{1,6}))?$';
  let area: string;
  let local: string;
  let extension: string | undefined;
  const separated = new RegExp(`^(?:\\((0\\d{2,3})\\)-?|(0\\d{2,3})-)(\\d{7,8})${ext}`, 'i').exec(s);
  const joined = new RegExp(`^(0\\d{9,11})${ext}`, 'i').exec(s);
  if (separated) {
    area = separated[1] ?? separated[2];
    local = separated[3];
    extension = separated[4];
  } else if (joined) {
    const areaLength = /^0(10|2\d)/.test(joined[1]) ? 3 : 4;
    area = joined[1].slice(0, areaLength);
    local = joined[1].slice(areaLength);
    extension = joined[2];
  } else return null;
  if (area.length === 3 && !/^0(10|2\d)$/.test(area)) return null;
  if (local.length < 7 || local.length > 8) return null;
  return extension ? `${area}-${local}-${extension}` : `${area}-${local}`;
}

export function validateUnitRows(sheet: SheetRows, ctx: UnitImportContext): UnitImportResult {
  const { columns, errors } = mapColumns(sheet, UNIT_COLUMNS);
  if (errors.length) return { ok: false, errors };
  const sectorChoices = ctx.sectors.map((s) => s.name);
  const typeChoices = UNIT_TYPES.join('、');
  const existingCodes = new Set([...ctx.existingUnitCodes].map((c) => c.toUpperCase()));
  const existingNames = new Set([...(ctx.existingUnitNames ?? [])].map(squash));
  const codeRows = new Map<string, number>();
  const nameRows = new Map<string, number>();
  const units: ValidUnitRow[] = [];

  for (const r of sheet.rows) {
    const fail = (reason: string, reasonEn: string) => errors.push({ row: r.rowNumber, reason, reasonEn });
    const before = errors.length;
    const code = cellOf(r, columns, 'code').normalize('NFKC').trim();
    const name = cellOf(r, columns, 'name').replace(/\s+/g, ' ');
    const rawType = cellOf(r, columns, 'type');
    const rawSector = cellOf(r, columns, 'sector');
    const town = cellOf(r, columns, 'town');
    const contact = cellOf(r, columns, 'contact');
    const rawPhone = cellOf(r, columns, 'phone');

    if (code === UNIT_TEMPLATE_EXAMPLE.code) {
      fail('这是导入模板中的示例行，请删除后再导入', 'This is the example row of the import template; delete it before importing');
      continue;
    }
    if (!code) fail('单位代码为空', 'The unit code is empty');
    else if (!UNIT_CODE_RE.test(code)) {
      fail(`单位代码“${code}”格式不正确（只能由字母、数字、下划线或短横线组成，最长32位）`, `The unit code "${code}" is invalid (letters, digits, "_" or "-" only, at most 32)`);
    } else {
      const key = code.toUpperCase();
      const first = codeRows.get(key);
      if (first !== undefined) fail(`单位代码“${code}”重复：第${first}行和第${r.rowNumber}行使用了同一代码`, `The unit code "${code}" is duplicated: rows ${first} and ${r.rowNumber} use the same code`);
      else codeRows.set(key, r.rowNumber);
      if (existingCodes.has(key)) fail(`单位代码“${code}”已存在，不能重复导入`, `The unit code "${code}" already exists`);
    }

    if (!name) fail('单位名称为空', 'The unit name is empty');
    else if (charLength(name) > UNIT_NAME_MAX) fail(`单位名称过长（${charLength(name)}个字，最多${UNIT_NAME_MAX}个字）`, `The unit name is too long (${charLength(name)} characters, at most ${UNIT_NAME_MAX})`);
    else {
      const key = squash(name);
      const first = nameRows.get(key);
      if (first !== undefined) fail(`单位名称“${name}”重复：第${first}行和第${r.rowNumber}行是同一名称`, `The unit name "${name}" is duplicated: rows ${first} and ${r.rowNumber} have the same name`);
      else nameRows.set(key, r.rowNumber);
      if (existingNames.has(key)) fail(`单位名称“${name}”已存在`, `A unit named "${name}" already exists`);
    }

    const type = rawType ? parseUnitType(rawType) : null;
    if (!rawType) fail(`单位类型为空（可选：${typeChoices}）`, `The unit type is empty (one of: ${UNIT_TYPES.map((t) => UNIT_TYPE_LABELS_EN[t]).join(', ')})`);
    else if (!type) fail(`单位类型“${rawType}”无效（可选：${typeChoices}）`, `The unit type "${rawType}" is invalid (one of: ${UNIT_TYPES.join(', ')})`);

    const sector = rawSector ? findSector(ctx.sectors, rawSector) : null;
    if (!rawSector) fail(`板块为空（可选：${sectorChoices.join('、')}）`, `The sector is empty (one of: ${sectorChoices.join(', ')})`);
    else if (!sector) fail(`板块“${rawSector}”不存在（可选：${sectorChoices.join('、')}）`, `The sector "${rawSector}" does not exist (one of: ${sectorChoices.join(', ')})`);

    if (!town) fail('乡镇（街道）为空', 'The town is empty');
    else if (charLength(town) > TOWN_MAX) fail(`乡镇（街道）过长（最多${TOWN_MAX}个字）`, `The town is too long (at most ${TOWN_MAX} characters)`);

    if (charLength(contact) > CONTACT_MAX) fail(`联系人过长（最多${CONTACT_MAX}个字）`, `The contact name is too long (at most ${CONTACT_MAX} characters)`);
    const phone = rawPhone ? normalizeContactPhone(rawPhone) : null;
    if (rawPhone && !phone) {
      fail(`联系电话“${rawPhone}”格式不正确（应为11位手机号，或带区号的固定电话，如0576-87771234）`, `The phone "${rawPhone}" is invalid (an 11-digit mobile, or a landline with area code such as 0576-87771234)`);
    }

    if (errors.length === before && type && sector) {
      units.push({ row: r.rowNumber, code, name, type, sectorId: sector.id, town, contactName: contact || null, contactPhone: phone });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, units };
}
