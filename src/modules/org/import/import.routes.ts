// Bulk import of units and accounts (R1): every row is validated first; a file with any bad row
// imports nothing and answers each bad row's number and reason. Generated initial passwords come
// back once, as an .xlsx account sheet.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/http/errors.ts';
import { mutate } from '../../../platform/http/mutate.ts';
import { FileDownload } from '../../../platform/http/schemas.ts';
import { hashPassword } from '../../../platform/auth/password-hash.ts';
import { generateInitialPassword } from '../../../platform/auth/password-policy.ts';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import * as repo from '../org.repository.ts';
import { readSheetRows, SpreadsheetError } from './spreadsheet.ts';
import { validateUnitRows } from './units-import.ts';
import { validateUserRows } from './users-import.ts';
import { buildAccountSheet, buildImportTemplate } from './account-sheet.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

async function uploadedSheet(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('FILE_REQUIRED');
  const file = await req.file();
  if (!file) throw new AppError('FILE_REQUIRED');
  const buffer = await file.toBuffer();
  try {
    return await readSheetRows(buffer, file.filename);
  } catch (err) {
    if (err instanceof SpreadsheetError) {
      const e = err;
      throw new AppError('FILE_INVALID', (l) => ({ detail: l === 'zh-CN' ? e.zh : e.en }));
    }
    throw err;
  }
}

function rowErrors(errors: { row: number; reason: string; reasonEn: string }[]) {
  return new AppError(
    'IMPORT_INVALID',
    { count: errors.length },
    { rows: errors.map((e) => ({ row: e.row, reason: e.reason, reasonEn: e.reasonEn })) },
  );
}

export async function registerImportRoutes(root: FastifyInstance) {
  const typed = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  typed.post(
    '/api/org/import/units',
    { config: { policy: 'org.import.units' }, schema: { summary: '批量导入单位 / import units', consumes: ['multipart/form-data'], response: { 200: z.object({ imported: z.number().int() }) } } },
    async (req) => {
      const sheet = await uploadedSheet(req);
      const imported = await mutate(req, async (trx, target) => {
        const sectors = await repo.sectorsByKey(trx);
        const existing = await repo.allUnitCodes(trx);
        const result = validateUnitRows(sheet, { sectors, existingUnitCodes: new Set(existing.map((u) => u.code)), existingUnitNames: new Set(existing.map((u) => u.name)) });
        if (!result.ok) throw rowErrors(result.errors);
        const now = p.clock.now().toISOString();
        for (const u of result.units) {
          await repo.insertUnit(trx, { code: u.code, name: u.name, type: u.type, sector_id: u.sectorId, town: u.town, contact_name: u.contactName ?? null, contact_phone: u.contactPhone ?? null }, now);
        }
        target('import', `units:${result.units.length}`);
        return result.units.length;
      });
      return { imported };
    },
  );

  typed.post(
    '/api/org/import/users',
    { config: { policy: 'org.import.users' }, schema: { summary: '批量导入账号 / import accounts (returns the account sheet)', consumes: ['multipart/form-data'], response: { 200: FileDownload } } },
    async (req, reply) => {
      const sheet = await uploadedSheet(req);
      const sectors = await repo.sectorsByKey(p.db);
      const units = await repo.allUnitCodes(p.db);
      const taken = await repo.allUsernamesAndMobiles(p.db);
      const ctx = {
        sectors,
        unitsByCode: new Map(units.map((u) => [u.code, { id: u.id, name: u.name, sectorId: u.sector_id }])),
        existingUsernames: new Set(taken.map((t) => t.username)),
        existingMobiles: new Set(taken.map((t) => t.mobile).filter((m): m is string => !!m)),
      };
      const first = validateUserRows(sheet, ctx);
      if (!first.ok) throw rowErrors(first.errors);
      const expiresAt = new Date(p.clock.now().getTime() + p.config.initialPasswordTtlHours * 3_600_000).toISOString();
      const accounts = await Promise.all(
        first.users.map(async (u) => {
          const password = generateInitialPassword();
          return { ...u, password, hash: await hashPassword(password) };
        }),
      );
      await mutate(req, async (trx, target) => {
        // Validated again inside the transaction: another import may have taken a name meanwhile.
        const again = await repo.allUsernamesAndMobiles(trx);
        const recheck = validateUserRows(sheet, { ...ctx, existingUsernames: new Set(again.map((t) => t.username)), existingMobiles: new Set(again.map((t) => t.mobile).filter((m): m is string => !!m)) });
        if (!recheck.ok) throw rowErrors(recheck.errors);
        const now = p.clock.now().toISOString();
        for (const a of accounts) {
          const id = await repo.insertUser(trx, { username: a.username, name: a.name, mobile: a.mobile ?? null, email: a.email ?? null, unit_id: a.unitId ?? null, password_hash: a.hash, must_change_password: 1, password_expires_at: expiresAt, is_demo: 0 }, now);
          await repo.replaceRoles(trx, id, a.roles.map((r) => ({ role: r.role, sectorId: r.sectorId ?? null })));
        }
        target('import', `users:${accounts.length}`);
      });
      const unitName = new Map(units.map((u) => [u.id, u.name]));
      const buffer = await buildAccountSheet(
        accounts.map((a) => ({
          username: a.username,
          name: a.name,
          unitName: a.unitId ? (unitName.get(a.unitId) ?? '') : '',
          roles: a.roles.map((r) => ROLE_LABELS[r.role][req.locale]),
          initialPassword: a.password,
        })),
        req.locale,
      );
      return reply.type(XLSX).header('Content-Disposition', attachment('初始账号清单.xlsx')).send(buffer);
    },
  );

  typed.get(
    '/api/org/import/template/:kind',
    { config: { policy: 'org.import.template' }, schema: { summary: '导入模板 / import template', params: z.strictObject({ kind: z.enum(['units', 'users']) }), response: { 200: FileDownload } } },
    async (req, reply) => {
      const buffer = await buildImportTemplate(req.params.kind);
      const name = req.params.kind === 'units' ? '单位导入模板.xlsx' : '账号导入模板.xlsx';
      return reply.type(XLSX).header('Content-Disposition', attachment(name)).send(buffer);
    },
  );
}
