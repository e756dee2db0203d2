// Seeds the demo on first start: about 90 units over the four sectors, one account for every
// role, and a campaign modelled on the 2017 notice placed around today so its phases are live.
// Demo accounts are marked; in production they must change their password (checklist row 1).
import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { hashPassword } from '../../platform/auth/password-hash.ts';
import { generateInitialPassword } from '../../platform/auth/password-policy.ts';
import { insertCampaign } from '../campaigns/campaigns.repository.ts';
import { fromNotice } from '../campaigns/campaigns.templates.ts';
import { insertUnit, insertUser, replaceRoles, sectorsByKey, setSectorLeader } from '../org/org.repository.ts';
import { countUsers, requireDemoPasswordChange, setDemoPasswords } from './demo.repository.ts';
import type { Role } from '../../shared/roles.ts';
import { DEMO_TEACHERS, DEMO_UNITS, demoCampaignForYear } from './demo-data.ts';
import { DEMO_UNIT_ADMINS, seedDemoIdeas, type DemoPeople } from './demo-ideas.ts';

export interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  /** Unit code for unit-bound roles, sector code for the sector leader. */
  unitCode?: string;
  sectorCode?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', name: '局办管理员', role: 'bureau_admin' },
  { username: 'leader', name: '领导小组组长', role: 'leader' },
  { username: 'sector1', name: '城区板块负责人', role: 'sector_leader', sectorCode: 'CQ' },
  { username: 'inspector', name: '督导室干部', role: 'inspector' },
  { username: 'unitadmin', name: '学校办公室主任', role: 'unit_admin', unitCode: DEMO_UNITS[0].code },
  { username: 'member', name: '教师代表', role: 'member', unitCode: DEMO_UNITS[0].code },
  { username: 'judge', name: '评审专家', role: 'judge' },
];

export async function isEmpty(database: Database): Promise<boolean> {
  return (await countUsers(database.db)) === 0;
}

export interface SeedResult {
  password: string;
  accounts: DemoAccount[];
  /** Teachers and unit admins behind the sample golden ideas (not printed; same password). */
  sampleAccounts: number;
  units: number;
}

export async function seedDemo(database: Database, clock: Clock, password?: string | null): Promise<SeedResult> {
  const pw = password ?? generateInitialPassword((n) => randomBytes(n));
  const hash = await hashPassword(pw);
  const now = clock.now();
  const nowIso = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const sectors = await sectorsByKey(trx);
    const sectorId = (nameOrCode: string) => sectors.find((s) => s.name === nameOrCode || s.code === nameOrCode)!.id;
    const unitIds = new Map<string, number>();
    for (const u of DEMO_UNITS) {
      const id = await insertUnit(
        trx,
        { code: u.code, name: u.name, type: u.type, sector_id: sectorId(u.sector), town: u.town, contact_name: u.contactName, contact_phone: u.contactPhone },
        nowIso,
      );
      unitIds.set(u.code, id);
    }
    const people: DemoPeople = { users: new Map(), bureauAdmin: 'admin' };
    for (const a of DEMO_ACCOUNTS) {
      const id = await insertUser(
        trx,
        { username: a.username, name: a.name, mobile: null, email: null, unit_id: a.unitCode ? unitIds.get(a.unitCode)! : null, password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 1 },
        nowIso,
      );
      await replaceRoles(trx, id, [{ role: a.role, sectorId: a.sectorCode ? sectorId(a.sectorCode) : null }]);
      if (a.role === 'sector_leader') await setSectorLeader(trx, sectorId(a.sectorCode!), id);
      people.users.set(a.username, { id, unitId: a.unitCode ? unitIds.get(a.unitCode)! : null, role: a.role, name: a.name });
    }
    // Teachers and unit admins of a few more units, for the sample golden ideas (not printed: the
    // seven accounts above are the ones to try; these share their password).
    const extra = [...DEMO_TEACHERS.map((t) => ({ ...t, role: 'member' as const })), ...DEMO_UNIT_ADMINS.map((u) => ({ ...u, mobile: null, role: 'unit_admin' as const }))];
    for (const t of extra) {
      const unitId = unitIds.get(t.unitCode)!;
      const id = await insertUser(trx, { username: t.username, name: t.name, mobile: t.mobile, email: null, unit_id: unitId, password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 1 }, nowIso);
      await replaceRoles(trx, id, [{ role: t.role, sectorId: null }]);
      people.users.set(t.username, { id, unitId, role: t.role, name: t.name });
    }
    await insertCampaign(trx, fromNotice(demoCampaignForYear(now.getUTCFullYear(), now)), nowIso);
    await seedDemoIdeas(trx, database.dialect, nowIso, people);
  });
  return { password: pw, accounts: DEMO_ACCOUNTS, sampleAccounts: DEMO_TEACHERS.length + DEMO_UNIT_ADMINS.length, units: DEMO_UNITS.length };
}

/** A later start with JDZ_DEMO_PASSWORD set makes that the demo accounts' password again. */
export async function resetDemoPasswords(database: Database, clock: Clock, password: string) {
  await setDemoPasswords(database.db, await hashPassword(password), clock.now().toISOString());
}

/** Production with demo accounts: each must change its password before anything else (row 1). */
export async function flagDemoAccountsInProduction(database: Database): Promise<number> {
  return requireDemoPasswordChange(database.db);
}
