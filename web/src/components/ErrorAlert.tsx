// Shows an API error in the user's language: the server's own (localised) message when it sent one.
import { Alert } from 'antd';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import type { I18n } from '../i18n';

export function errorText(e: unknown, t: I18n['t']): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return t('error.network');
    if (e.message) return e.message;
    if (e.status === 404) return t('error.notFound');
    if (e.status === 403) return t('error.forbidden');
    return t('error.generic', { status: e.status });
  }
  return t('error.unexpected');
}

export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId ?? 'error-alert'}
      title={errorText(error, t)}
      description={requestId ? t('error.requestId', { id: requestId }) : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
