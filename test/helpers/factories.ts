// Named actors on a fresh database (HotCRP-style scenario tests): build what a test needs, nothing more.
import type { Database } from '../../src/platform/db/database.ts';
import { hashPassword } from '../../src/platform/auth/password-hash.ts';
import * as org from '../../src/modules/org/org.repository.ts';
import type { Role } from '../../src/shared/roles.ts';
import { startServer, type TestDatabase } from './app.ts';
import { Client } from './http.ts';

export const PASSWORD = 'Qiao-Lin#Stone82';
let cachedHash: Promise<string> | null = null;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

const NOW = '2017-09-01T00:00:00.000Z';

export async function buildUnit(database: Database, o: { code: string; name?: string; sector?: string; type?: string }) {
  const sectors = await org.sectorsByKey(database.db);
  const sector = sectors.find((s) => s.code === (o.sector ?? 'CQ') || s.name === o.sector)!;
  return org.insertUnit(
    database.db,
    { code: o.code, name: o.name ?? `测试单位${o.code}`, type: o.type ?? '小学', sector_id: sector.id, town: '安洲街道', contact_name: '联系人', contact_phone: '13800001111' },
    NOW,
  );
}

export async function buildUser(
  database: Database,
  o: { username: string; role: Role; unitId?: number | null; sectorCode?: string; mobile?: string | null; name?: string; mustChange?: boolean; password?: string },
) {
  const hash = o.password ? await hashPassword(o.password) : await passwordHash();
  const id = await org.insertUser(
    database.db,
    {
      username: o.username,
      name: o.name ?? `用户${o.username}`,
      mobile: o.mobile ?? null,
      email: null,
      unit_id: o.unitId ?? null,
      password_hash: hash,
      must_change_password: o.mustChange ? 1 : 0,
      password_expires_at: null,
      is_demo: 0,
    },
    NOW,
  );
  let sectorId: number | null = null;
  if (o.sectorCode) sectorId = (await org.sectorsByKey(database.db)).find((s) => s.code === o.sectorCode)!.id;
  await org.replaceRoles(database.db, id, [{ role: o.role, sectorId }]);
  return id;
}

/** One account for every role, two units in different sectors: the cast of most scenario tests. */
export async function buildCast(database: Database) {
  const unitA = await buildUnit(database, { code: 'T001', name: '城关第一小学', sector: 'CQ' });
  const unitB = await buildUnit(database, { code: 'T002', name: '横溪中学', sector: 'XB', type: '初中' });
  const ids = {
    admin: await buildUser(database, { username: 'admin', role: 'bureau_admin' }),
    leader: await buildUser(database, { username: 'leader', role: 'leader' }),
    sector: await buildUser(database, { username: 'sector', role: 'sector_leader', sectorCode: 'CQ' }),
    inspector: await buildUser(database, { username: 'inspector', role: 'inspector' }),
    unitadmin: await buildUser(database, { username: 'unitadmin', role: 'unit_admin', unitId: unitA }),
    member: await buildUser(database, { username: 'member', role: 'member', unitId: unitA, mobile: '13800000001' }),
    judge: await buildUser(database, { username: 'judge', role: 'judge' }),
    memberB: await buildUser(database, { username: 'memberb', role: 'member', unitId: unitB, mobile: '13800000002' }),
    unitadminB: await buildUser(database, { username: 'unitadminb', role: 'unit_admin', unitId: unitB }),
  };
  return { unitA, unitB, ids };
}

export const CAST_ROLES = ['admin', 'leader', 'sector', 'inspector', 'unitadmin', 'member', 'judge'] as const;

/** A listening server with the cast and the bureau admin signed in: the setup of most HTTP suites. */
export async function startWithCast(db: TestDatabase, opts: Parameters<typeof startServer>[1] = {}) {
  const server = await startServer(db, opts);
  const cast = await buildCast(server.database);
  const admin = new Client(server.url);
  await admin.login('admin', PASSWORD);
  return { server, cast, admin };
}
