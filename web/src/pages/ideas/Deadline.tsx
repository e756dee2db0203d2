// The golden-idea deadline with a live countdown on the server's clock (Asia/Shanghai display), and
// the unit's extension when the bureau granted one.
import { Alert } from 'antd';
import { countdown, formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useServerNow } from './ideasApi';

export function Deadline({ dueAt, skew, extensionUntil, testId = 'idea-deadline' }: { dueAt: string | null; skew: number; extensionUntil?: string | null; testId?: string }) {
  const { t, locale } = useI18n();
  const now = useServerNow(skew, 1000);
  if (!dueAt) return null;
  const cd = countdown(dueAt, now);
  const ext = extensionUntil && Date.parse(extensionUntil) > Date.parse(dueAt) ? extensionUntil : null;
  const extCd = ext ? countdown(ext, now) : null;
  const open = !cd.past || (extCd && !extCd.past);
  const left = (c: ReturnType<typeof countdown>) => t('todo.countdown', { d: c.days, h: c.hours, m: c.minutes, s: c.seconds });
  return (
    <Alert
      data-testid={testId}
      type={open ? (cd.past ? 'warning' : cd.days < 3 ? 'warning' : 'info') : 'error'}
      showIcon
      title={
        <span>
          {t('todo.ideasDue', { at: formatDateTime(dueAt, locale) })}
          {'　'}
          <strong data-testid={`${testId}-countdown`}>{cd.past ? t('todo.closed') : left(cd)}</strong>
        </span>
      }
      description={ext && extCd ? <span data-testid={`${testId}-extension`}>{t('todo.extension', { at: formatDateTime(ext, locale) })}{'　'}{extCd.past ? t('todo.closed') : left(extCd)}</span> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
