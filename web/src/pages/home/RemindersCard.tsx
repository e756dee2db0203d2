// A judge's reminders from the bureau (催办) on the home page, shown until the judge marks each one
// read (知道了); the server keeps the read time and stops sending it.
import { useState } from 'react';
import { Alert, Button, Card, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useMyList } from '../evaluation/evaluationApi';

export function RemindersCard() {
  const { t, locale } = useI18n();
  const q = useMyList();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reminders = q.data?.reminders ?? [];
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (!reminders.length) return null;
  const titleOf = (roundId: number) => q.data?.rounds.find((r) => r.id === roundId)?.title ?? '';
  const markRead = async (id: number) => {
    setBusy(id);
    setError(null);
    try {
      await api.post(`/api/evaluation/my/reminders/${id}/read`);
      await qc.invalidateQueries({ queryKey: ['evaluation', 'my'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={<h2 className="jdz-card-h">{t('home.reminders', { n: reminders.length })}</h2>} data-testid="home-reminders">
      <ErrorAlert error={error} testId="home-reminders-error" />
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {reminders.map((m) => (
          <Alert
            key={m.id}
            type="warning"
            showIcon
            data-testid={`home-reminder-${m.id}`}
            title={m.message}
            description={t('home.reminderFrom', { round: titleOf(m.roundId), at: formatDateTime(m.createdAt, locale) })}
            action={
              <Button size="small" onClick={() => void markRead(m.id)} loading={busy === m.id} data-testid={`home-reminder-read-${m.id}`} aria-label={t('home.reminderReadAria', { at: formatDateTime(m.createdAt, locale) })}>
                {t('home.reminderRead')}
              </Button>
            }
          />
        ))}
      </Space>
    </Card>
  );
}
