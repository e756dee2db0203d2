// Configuration from the environment, validated once at start-up (zod). A bad value stops the
// process with a message in both languages rather than running half-configured.
import path from 'node:path';
import { z } from 'zod';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… selects PostgreSQL; absent means embedded SQLite in dataDir. */
  databaseUrl: string | null;
  sqliteFile: string;
  /** The address users reach us at; https:// turns on Secure cookies and HSTS. */
  publicUrl: string | null;
  /** Peers whose X-Forwarded-For we believe (row 6). */
  trustedProxies: string[];
  demoPassword: string | null;
  passwordProfile: 'mlps' | 'basic';
  session: { idleMinutes: number; adminIdleMinutes: number; absoluteHours: number };
  lockout: { maxFailures: number; lockMinutes: number };
  loginIpLimit: { maxFailures: number; windowMinutes: number };
  rateLimit: { perSessionPerMinute: number; anonymousPerIpPerMinute: number };
  auditRetentionDays: number;
  adminPasswordMaxAgeDays: number;
  initialPasswordTtlHours: number;
  logLevel: string;
  backup: { dir: string | null; keep: number; copyDir: string | null };
}

export class ConfigError extends Error {}

const intIn = (min: number, max: number, dflt: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: intIn(1, 65535, 3000),
  JDZ_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  JDZ_PUBLIC_URL: z.url().optional(),
  JDZ_TRUSTED_PROXIES: z.string().default(''),
  JDZ_DEMO_PASSWORD: z.string().min(1).optional(),
  JDZ_PASSWORD_PROFILE: z.enum(['mlps', 'basic']).default('mlps'),
  JDZ_SESSION_IDLE_MINUTES: intIn(5, 120, 30),
  JDZ_ADMIN_SESSION_IDLE_MINUTES: intIn(5, 120, 30),
  JDZ_SESSION_ABSOLUTE_HOURS: intIn(1, 24, 12),
  JDZ_LOCKOUT_FAILURES: intIn(3, 10, 5),
  JDZ_LOCKOUT_MINUTES: intIn(10, 30, 15),
  JDZ_LOGIN_IP_FAILURES: intIn(10, 1000, 30),
  JDZ_RATE_SESSION_PER_MINUTE: intIn(10, 100000, 600),
  JDZ_RATE_ANON_PER_MINUTE: intIn(10, 100000, 300),
  JDZ_AUDIT_RETENTION_DAYS: z.coerce.number().int().default(365),
  JDZ_BACKUP_DIR: z.string().min(1).optional(),
  JDZ_BACKUP_KEEP: intIn(1, 3650, 14),
  JDZ_BACKUP_COPY_DIR: z.string().min(1).optional(),
  JDZ_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`配置有误 / invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  // Cybersecurity Law art. 21: logs are kept at least six months (row 20).
  if (e.JDZ_AUDIT_RETENTION_DAYS < 184) {
    throw new ConfigError(
      `审计日志保留期不得少于 184 天（网络安全法要求留存不少于六个月），当前为 ${e.JDZ_AUDIT_RETENTION_DAYS} 天。 / ` +
        `JDZ_AUDIT_RETENTION_DAYS must be at least 184 (six months, Cybersecurity Law), got ${e.JDZ_AUDIT_RETENTION_DAYS}.`,
    );
  }
  if (e.DATABASE_URL) assertSafeDatabaseUrl(e.DATABASE_URL);
  const dataDir = path.resolve(e.JDZ_DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    sqliteFile: path.join(dataDir, 'jindianzi.sqlite'),
    publicUrl: e.JDZ_PUBLIC_URL ?? null,
    trustedProxies: e.JDZ_TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter(Boolean),
    demoPassword: e.JDZ_DEMO_PASSWORD ?? null,
    passwordProfile: e.JDZ_PASSWORD_PROFILE,
    session: {
      idleMinutes: e.JDZ_SESSION_IDLE_MINUTES,
      adminIdleMinutes: e.JDZ_ADMIN_SESSION_IDLE_MINUTES,
      absoluteHours: e.JDZ_SESSION_ABSOLUTE_HOURS,
    },
    lockout: { maxFailures: e.JDZ_LOCKOUT_FAILURES, lockMinutes: e.JDZ_LOCKOUT_MINUTES },
    loginIpLimit: { maxFailures: e.JDZ_LOGIN_IP_FAILURES, windowMinutes: 10 },
    rateLimit: { perSessionPerMinute: e.JDZ_RATE_SESSION_PER_MINUTE, anonymousPerIpPerMinute: e.JDZ_RATE_ANON_PER_MINUTE },
    auditRetentionDays: e.JDZ_AUDIT_RETENTION_DAYS,
    adminPasswordMaxAgeDays: 90,
    initialPasswordTtlHours: 72,
    logLevel: e.JDZ_LOG_LEVEL,
    backup: {
      dir: e.JDZ_BACKUP_DIR ? path.resolve(e.JDZ_BACKUP_DIR) : null,
      keep: e.JDZ_BACKUP_KEEP,
      copyDir: e.JDZ_BACKUP_COPY_DIR ? path.resolve(e.JDZ_BACKUP_COPY_DIR) : null,
    },
  };
}

/** Row 11: PostgreSQL on another host must be reached over verified TLS. */
export function assertSafeDatabaseUrl(url: string): void {
  const u = new URL(url.replace(/^postgres(ql)?:/, 'http:'));
  const local = ['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(u.hostname) || u.hostname.startsWith('/');
  if (!local && u.searchParams.get('sslmode') !== 'verify-full') {
    throw new ConfigError(
      '远程 PostgreSQL 必须使用 sslmode=verify-full 加密连接。 / A remote DATABASE_URL needs sslmode=verify-full.',
    );
  }
}

/** Configuration for tests: a temp data dir, quiet logs; overrides on top. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test', JDZ_LOG_LEVEL: 'silent', JDZ_DATA_DIR: overrides.dataDir ?? '/tmp/jdz-test' });
  return { ...base, ...overrides, sqliteFile: overrides.sqliteFile ?? path.join(overrides.dataDir ?? base.dataDir, 'jindianzi.sqlite') };
}
