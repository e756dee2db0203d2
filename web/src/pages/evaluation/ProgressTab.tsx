// Progress of a round per judge (assigned, submitted, draft, not started) with in-app reminders:
// one judge, or every judge who has not finished.
import { useState } from 'react';
import { App, Button, Progress as Bar, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useProgress, type Progress, type Round } from './evaluationApi';

type Row = Progress['judges'][number];

export function ProgressTab({ round }: { round: Round }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useProgress(round.id);
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const remind = async (judgeIds?: number[]) => {
    setBusy(judgeIds?.[0] ?? 'all');
    setError(null);
    try {
      const r = await api.post<{ reminded: number[] }>(`/api/evaluation/rounds/${round.id}/remind`, judgeIds ? { judgeIds } : {});
      void message.success(t('eval.progress.reminded', { n: r.reminded.length }));
      await qc.invalidateQueries({ queryKey: ['evaluation', 'round', round.id, 'progress'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const p = q.data;
  const canRemind = round.status === 'open';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ErrorAlert error={q.error ?? error} testId="eval-progress-error" />
      {p && (
        <div data-testid="eval-progress-totals">
          <Typography.Text strong>{t('eval.progress.totals', { submitted: p.totals.submitted, reviews: p.totals.reviews, ideas: p.totals.ideas, draft: p.totals.draft })}</Typography.Text>
          <Bar percent={p.totals.reviews ? Math.round((100 * p.totals.submitted) / p.totals.reviews) : 0} aria-label={t('eval.tab.progress')} />
        </div>
      )}
      {canRemind && (
        <Button onClick={() => void remind()} loading={busy === 'all'} disabled={!p || p.judges.every((j) => j.done)} {...buttonWithTestId('eval-remind-all')}>
          {t('eval.progress.remindAll')}
        </Button>
      )}
      <DataTable<Row>
        label={t('eval.tab.progress')}
        testId="eval-progress-table"
        rowKey="judgeId"
        loading={q.isPending}
        dataSource={p?.judges ?? []}
        pagination={false}
        onRow={(j) => ({ 'data-testid': `eval-progress-${j.judgeId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('eval.judge'), dataIndex: 'name' },
          { key: 'done', title: t('eval.progress.scored'), render: (_, j) => t('eval.progress.xOfY', { x: j.submitted, y: j.assigned }) },
          { key: 'draft', title: t('eval.sheet.status.draft'), dataIndex: 'draft' },
          { key: 'notStarted', title: t('eval.progress.notStarted'), dataIndex: 'notStarted' },
          { key: 'state', title: t('common.status'), render: (_, j) => (j.done ? <Tag color="success">{t('eval.progress.done')}</Tag> : <Tag>{t('eval.progress.pending')}</Tag>) },
          { key: 'reminded', title: t('eval.progress.lastReminded'), render: (_, j) => (j.lastRemindedAt ? `${formatDateTime(j.lastRemindedAt, locale)}（${j.reminders}）` : '—') },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, j) =>
              canRemind && !j.done ? (
                <Button size="small" loading={busy === j.judgeId} onClick={() => void remind([j.judgeId])} aria-label={t('eval.progress.remindAria', { name: j.name })} {...buttonWithTestId(`eval-remind-${j.judgeId}`)}>
                  {t('eval.progress.remind')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
