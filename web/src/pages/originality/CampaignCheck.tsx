// The bureau's campaign-wide check (issue 4 item 4): index every idea and the library, then check
// each idea of the current campaign, with progress; the results ranked, each linked to its report.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, List, Progress, Space, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import type { RunDetailOut, RunListOut, RunOut } from '../../../../src/modules/originality/originality.schema';
import { reportPath } from './originalityApi';
import { LevelBadge } from './OriginalityFigure';

type Run = z.infer<typeof RunOut>;
type RunDetail = z.infer<typeof RunDetailOut>;
const active = (r: Run | undefined) => r?.status === 'indexing' || r?.status === 'checking';

export function CampaignCheck() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const runs = useQuery({ queryKey: ['originality', 'runs'], queryFn: () => api.get<z.infer<typeof RunListOut>>('/api/originality/runs') });
  const latest = runs.data?.items[0];
  const detail = useQuery({
    queryKey: ['originality', 'run', latest?.id],
    queryFn: () => api.get<RunDetail>(`/api/originality/runs/${latest!.id}`),
    enabled: !!latest,
    refetchInterval: (q) => (active(q.state.data) ? 1500 : false),
  });
  const run = detail.data;
  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      await api.post<Run>('/api/originality/runs', {});
      await qc.invalidateQueries({ queryKey: ['originality', 'runs'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const percent = run ? (run.status === 'indexing' ? (run.toIndex ? (run.indexed / run.toIndex) * 100 : 0) : run.total ? (run.checked / run.total) * 100 : 100) : 0;
  return (
    <Card title={<h2 className="jdz-card-h">{t('originality.run.title')}</h2>} data-testid="orig-run-card">
      <Typography.Paragraph type="secondary">{t('originality.run.intro')}</Typography.Paragraph>
      <ErrorAlert error={error ?? runs.error ?? detail.error} testId="orig-run-error" />
      <Button type="primary" icon={<PlayCircleOutlined aria-hidden />} onClick={() => void start()} loading={busy} disabled={active(run)} {...buttonWithTestId('orig-run-start')}>
        {t('originality.run.start')}
      </Button>
      {run && (
        <div style={{ marginTop: 16 }} data-testid="orig-run" data-status={run.status}>
          <Typography.Text>
            {t(`originality.run.status.${run.status}` as MessageKey, { indexed: run.indexed, toIndex: run.toIndex, checked: run.checked, total: run.total, failed: run.failed })}
          </Typography.Text>
          <Progress percent={Math.round(percent)} status={active(run) ? 'active' : run.status === 'failed' ? 'exception' : 'normal'} aria-label={t('originality.run.progress')} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('originality.run.startedAt', { at: formatDateTime(run.createdAt, locale) })}
            {run.finishedAt ? ` · ${t('originality.run.finishedAt', { at: formatDateTime(run.finishedAt, locale) })}` : ''}
          </Typography.Paragraph>
          {run.error && <Typography.Paragraph type="danger">{run.error}</Typography.Paragraph>}
          {run.results.length === 0 ? (
            !active(run) && <Empty description={t('originality.run.noResults')} />
          ) : (
            <List
              size="small"
              dataSource={run.results.slice(0, 50)}
              renderItem={(r) => (
                <List.Item key={r.ideaId}>
                  <div style={{ width: '100%', minWidth: 0 }}>
                    <Space wrap size={[8, 4]}>
                      <Link to={reportPath(r.ideaId)} className="jdz-orig-source-title">
                        {r.title || t('ideas.untitled')}
                      </Link>
                      {r.similarity !== null && r.level ? <LevelBadge similarity={r.similarity} level={r.level} /> : <span className="jdz-orig-level is-none">{t(`originality.status.${r.status}` as MessageKey)}</span>}
                    </Space>
                    <div className="jdz-orig-source-meta">
                      <span>{r.unitName}</span>
                      {r.topSource && <span>{t('originality.run.topSource', { title: r.topSource })}</span>}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    </Card>
  );
}
