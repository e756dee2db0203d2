// CLI use cases that are not the server: creating an admin, importing units from a file.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../platform/db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { hashPassword } from '../platform/auth/password-hash.ts';
import { generateInitialPassword } from '../platform/auth/password-policy.ts';
import { appendAuditRecord } from '../platform/audit/audit.repository.ts';
import { normalizeMobile, normalizeUsername } from '../shared/text.ts';
import * as repo from '../modules/org/org.repository.ts';
import { readSheetRows } from '../modules/org/import/spreadsheet.ts';
import { validateUnitRows } from '../modules/org/import/units-import.ts';

function cliAudit(action: string, at: string, target: [string, string]) {
  return { at, actor_id: null, actor_role: 'cli', unit_id: null, action, target_type: target[0], target_id: target[1], outcome: 'success' as const, error_code: null, ip: null, request_id: null };
}

export async function createAdmin(database: Database, clock: Clock, o: { username: string; name: string; mobile?: string }): Promise<string> {
  const password = generateInitialPassword();
  const hash = await hashPassword(password);
  const now = clock.now();
  await database.db.transaction().execute(async (trx) => {
    const username = normalizeUsername(o.username);
    const mobile = o.mobile ? normalizeMobile(o.mobile) : null;
    if ((await repo.findUserConflicts(trx, username, mobile)).length) throw new Error(`用户名或手机号已被使用 / username or mobile already taken: ${username}`);
    const id = await repo.insertUser(
      trx,
      { username, name: o.name, mobile, email: null, unit_id: null, password_hash: hash, must_change_password: 1, password_expires_at: new Date(now.getTime() + 72 * 3_600_000).toISOString(), is_demo: 0 },
      now.toISOString(),
    );
    await repo.replaceRoles(trx, id, [{ role: 'bureau_admin', sectorId: null }]);
    await appendAuditRecord(trx, database.dialect, cliAudit('cli.create-admin', now.toISOString(), ['user', String(id)]));
  });
  return password;
}

export async function importUnitsFile(database: Database, clock: Clock, file: string) {
  const sheet = await readSheetRows(fs.readFileSync(file), path.basename(file));
  return database.db.transaction().execute(async (trx) => {
    const sectors = await repo.sectorsByKey(trx);
    const existing = await repo.allUnitCodes(trx);
    const result = validateUnitRows(sheet, { sectors, existingUnitCodes: new Set(existing.map((u) => u.code)), existingUnitNames: new Set(existing.map((u) => u.name)) });
    if (!result.ok) return { ok: false as const, errors: result.errors };
    const now = clock.now().toISOString();
    for (const u of result.units) {
      await repo.insertUnit(trx, { code: u.code, name: u.name, type: u.type, sector_id: u.sectorId, town: u.town, contact_name: u.contactName ?? null, contact_phone: u.contactPhone ?? null }, now);
    }
    await appendAuditRecord(trx, database.dialect, cliAudit('cli.import-units', now, ['import', `units:${result.units.length}`]));
    return { ok: true as const, imported: result.units.length };
  });
}
