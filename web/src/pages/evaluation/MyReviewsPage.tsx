// /evaluation/my (judge): "我的评审" — the rounds the judge scores in, their progress (x / y
// scored), the bureau's reminders, and each assigned idea by its anonymous code, masked title and
// topic. Nothing here names a unit, an author, a sector or a phone (the server never sends them).
import { Alert, Card, Empty, List, Progress, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { fmtScore, ROUND_STATUS_COLOR, SHEET_STATUS_COLOR, useMyList } from './evaluationApi';

export default function MyReviewsPage() {
  const { t, locale } = useI18n();
  usePageTitle('eval.my.title');
  const q = useMyList();
  return (
    <>
      <PageHeader title={t('eval.my.title')} />
      <ErrorAlert error={q.error} testId="eval-my-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : !q.data || q.data.rounds.length === 0 ? (
        <Empty description={t('eval.my.none')} data-testid="eval-my-empty" />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {q.data.rounds.map((r) => {
            const items = q.data.items.filter((a) => a.roundId === r.id);
            const reminders = q.data.reminders.filter((m) => m.roundId === r.id);
            const actionOf = (status: string) => (r.status === 'open' ? (status === 'submitted' ? t('eval.my.revise') : t('eval.my.score')) : t('eval.my.view'));
            const pct = r.progress.assigned ? Math.round((100 * r.progress.submitted) / r.progress.assigned) : 0;
            return (
              <Card key={r.id} title={<h2 className="jdz-card-h">{r.title}</h2>} extra={<Tag color={ROUND_STATUS_COLOR[r.status]}>{t(`eval.round.status.${r.status}`)}</Tag>} data-testid={`eval-my-round-${r.id}`}>
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  <div data-testid={`eval-my-progress-${r.id}`}>
                    <Typography.Text strong>{t('eval.my.progress', { done: r.progress.submitted, total: r.progress.assigned })}</Typography.Text>
                    {r.progress.draft > 0 && <Typography.Text type="secondary">{t('eval.my.drafts', { n: r.progress.draft })}</Typography.Text>}
                    <Progress percent={pct} size="small" aria-label={t('eval.my.progress', { done: r.progress.submitted, total: r.progress.assigned })} />
                  </div>
                  {r.deadline && <Typography.Text type="secondary">{t('eval.deadline', { at: formatDateTime(r.deadline, locale) })}</Typography.Text>}
                  {reminders.map((m) => (
                    <Alert key={m.id} type="warning" showIcon title={m.message} description={formatDateTime(m.createdAt, locale)} data-testid="eval-my-reminder" />
                  ))}
                  <List
                    dataSource={items}
                    locale={{ emptyText: t('eval.my.noItems') }}
                    renderItem={(a) => (
                      <List.Item
                        data-testid={`eval-my-item-${a.id}`}
                        extra={
                          <Link to={`/evaluation/my/${a.id}`} data-testid={`eval-my-open-${a.id}`} aria-label={t('eval.my.openAria', { action: actionOf(a.status), code: a.code })}>
                            {actionOf(a.status)}
                          </Link>
                        }
                      >
                        <List.Item.Meta
                          title={
                            <Space wrap size={[8, 0]}>
                              <Typography.Text code>{a.code}</Typography.Text>
                              <span>{a.title}</span>
                            </Space>
                          }
                          description={
                            <Space wrap size={[8, 4]}>
                              <Tag>{a.topic}</Tag>
                              <Tag color={SHEET_STATUS_COLOR[a.status]} data-testid={`eval-my-status-${a.id}`}>
                                {t(`eval.sheet.status.${a.status}`)}
                              </Tag>
                              {a.total !== null && <span>{t('eval.totalIs', { total: fmtScore(a.total) })}</span>}
                            </Space>
                          }
                        />
                      </List.Item>
                    )}
                  />
                </Space>
              </Card>
            );
          })}
        </Space>
      )}
    </>
  );
}
