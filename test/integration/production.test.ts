// Production mode (rows 1, 11, 20): HTTPS only, HSTS and __Host- cookies, demo accounts flagged,
// configuration that would weaken retention or transport refused at start-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/platform/config.ts';
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { flagDemoAccountsInProduction, seedDemo } from '../../src/modules/demo/seed.ts';
import { ManualClock } from '../../src/platform/clock.ts';

describe('configuration checks', () => {
  it('refuses an audit retention below 184 days, in both languages', () => {
    expect(() => loadConfig({ JDZ_AUDIT_RETENTION_DAYS: '90' })).toThrow(ConfigError);
    expect(() => loadConfig({ JDZ_AUDIT_RETENTION_DAYS: '90' })).toThrow(/不得少于 184 天.*at least 184/s);
    expect(loadConfig({ JDZ_AUDIT_RETENTION_DAYS: '184' }).auditRetentionDays).toBe(184);
  });
  it('refuses a remote PostgreSQL without verified TLS', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@db.example.gov.cn/jdz' })).toThrow(/verify-full/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example.gov.cn/jdz?sslmode=verify-full' }).databaseUrl).toContain('verify-full');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/jdz' }).databaseUrl).toBeTruthy();
  });
  it('rejects nonsense ports and profiles', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ JDZ_PASSWORD_PROFILE: 'none' })).toThrow(ConfigError);
  });
});

describe('production mode', () => {
  let db: TestDatabase;
  let s: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    s = await startServer(db, { config: { env: 'production', publicUrl: 'https://jdz.example.gov.cn', trustedProxies: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  it('refuses a sign-in over plain HTTP before reading the password', async () => {
    const r = await new Client(s.url).post('/api/auth/login', { username: 'admin', password: 'whatever' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('HTTPS_REQUIRED');
  });

  it('sends HSTS, and behind the TLS proxy uses a Secure __Host- cookie; demo accounts must change their password', async () => {
    const seeded = await seedDemo(s.database, new ManualClock('2017-09-20T00:00:00Z'), 'Demo#Xianju2017');
    expect(await flagDemoAccountsInProduction(s.database)).toBe(seeded.accounts.length + seeded.sampleAccounts);
    const viaProxy = new Client(s.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.1.2.3' });
    const r = await viaProxy.login('admin', 'Demo#Xianju2017');
    expect(r.status).toBe(200);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    const cookie = r.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^__Host-jdz_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(r.body.user.mustChangePassword).toBe(true);
    const audit = await s.database.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.ip).toBe('10.1.2.3'); // X-Forwarded-For honoured from the configured proxy
  });
});
