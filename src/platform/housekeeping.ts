// Periodic clean-up: expired sessions, old login failures, idempotency keys older than a week, audit
// records past retention, and stored files that an upload wrote but no change took (after an hour).
import type { Platform } from './platform.ts';
import { purgeExpiredSessions, purgeIpFailuresBefore } from './auth/accounts.repository.ts';
import { purgeExpiredAudit } from './audit/audit.service.ts';
import { scheduledBackup } from './backup.ts';
import { purgeKeys } from './http/idempotency.repository.ts';
import { purgePendingFiles } from '../modules/files/files.repository.ts';

export async function runHousekeeping(p: Platform) {
  const now = p.clock.now();
  const idleBefore = new Date(now.getTime() - Math.max(p.config.session.idleMinutes, p.config.session.adminIdleMinutes) * 60_000).toISOString();
  await purgeExpiredSessions(p.db, now.toISOString(), idleBefore);
  await purgeIpFailuresBefore(p.db, new Date(now.getTime() - 24 * 3_600_000).toISOString());
  await purgeKeys(p.db, new Date(now.getTime() - 7 * 86_400_000).toISOString());
  await purgeExpiredAudit(p.db, p.dialect, now, p.config.auditRetentionDays);
  await purgePendingFiles(p.db, new Date(now.getTime() - 3_600_000).toISOString());
}

/** Takes the daily backup when the newest one is older than a day. */
export async function backupIfDue(p: Platform, lastAt: { value: number }) {
  const { dir, keep, copyDir } = p.config.backup;
  if (!dir || !p.database.sqlite) return;
  const now = p.clock.now();
  if (now.getTime() - lastAt.value < 86_400_000) return;
  await scheduledBackup(p.database, dir, now, keep, copyDir);
  lastAt.value = now.getTime();
  p.log.info({ dir }, 'daily backup written');
}

export function startHousekeeping(p: Platform, everyMs = 10 * 60_000): () => void {
  const lastBackup = { value: 0 };
  const tick = () =>
    runHousekeeping(p)
      .then(() => backupIfDue(p, lastBackup))
      .catch((err) => p.log.error({ err: { message: (err as Error).message } }, 'housekeeping failed'));
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setTimeout(tick, 5_000).unref();
  return () => clearInterval(timer);
}
