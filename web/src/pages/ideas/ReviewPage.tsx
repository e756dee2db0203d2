// /ideas/review (unit admins): what the unit's teachers sent (approve or return), the approved ideas
// to seal and submit as a batch of 2–5 (with the quota shown before sealing), what was returned and
// what was submitted, and the unit's batches with their receipts and the printable forms.
import { useState } from 'react';
import { Alert, App, Badge, Button, Card, Checkbox, Empty, List, Modal, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { errorText, ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { ApproveAction, CommentAction, useIntentKey } from './actions';
import { Deadline } from './Deadline';
import { IdeaCard } from './MyIdeasPage';
import { postOnce, useCurrentCampaign, useTodo, type Batch, type IdeaList, type IdeaSummary } from './ideasApi';
import { useCurrentUser } from '../../auth';
import { can } from '../../permissions';
import { LevelBadge, SummaryLine } from '../originality/OriginalityFigure';
import { useSummaries } from '../originality/originalityApi';

const TABS = [
  { key: 'sent', status: 'sent' },
  { key: 'approved', status: 'approved' },
  { key: 'returned', status: 'returned' },
  { key: 'done', status: 'submitted,received' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

function useUnitIdeas(status: string) {
  return useQuery({ queryKey: ['ideas', 'review', status], queryFn: () => api.get<IdeaList>('/api/ideas', { status, pageSize: 200 }) });
}

function Batches() {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['ideas', 'batches'], queryFn: () => api.get<{ items: Batch[] }>('/api/batches') });
  return (
    <Card title={<h2 className="jdz-card-h">{t('review.batches')}</h2>} style={{ marginTop: 16 }} data-testid="review-batches">
      {q.isError && <ErrorAlert error={q.error} />}
      <List
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('review.noBatches') }}
        renderItem={(b) => (
          <List.Item key={b.id} data-testid={`batch-${b.receiptNo}`}>
            <div style={{ width: '100%', minWidth: 0 }}>
              <Space wrap size={[8, 4]}>
                <strong data-testid="batch-receipt">{b.receiptNo}</strong>
                <Tag color={b.status === 'received' ? 'success' : b.status === 'returned' ? 'warning' : 'blue'} data-testid="batch-status">
                  {t(`review.batchStatus.${b.status}` as MessageKey)}
                </Tag>
                {b.late && <Tag color="orange">{t('ideas.lateYes')}</Tag>}
              </Space>
              <div className="jdz-idea-card-meta">
                <span>{t('review.batchCount', { n: b.ideaCount })}</span>
                <span>{t('review.sealedAt', { at: formatDateTime(b.sealedAt, locale), by: b.sealedBy })}</span>
                <span className="jdz-digest" title={b.digest}>
                  {t('review.digest', { d: `${b.digest.slice(0, 16)}…` })}
                </span>
              </div>
              {b.returnReason && <Typography.Paragraph type="warning" style={{ margin: '4px 0 0' }}>{t('review.batchReturned', { reason: b.returnReason })}</Typography.Paragraph>}
              <a href={`/api/batches/${b.id}/forms.pdf`} target="_blank" rel="noopener" data-testid="batch-print" className="jdz-touch-link">
                {t('review.print')}
              </a>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function ReviewPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  usePageTitle('review.title');
  const [tab, setTab] = useState<TabKey>('sent');
  const [selected, setSelected] = useState<number[]>([]);
  const [confirm, setConfirm] = useState(false);
  const [sealing, setSealing] = useState(false);
  const [sealError, setSealError] = useState<unknown>(null);
  const sealKey = useIntentKey();
  const camp = useCurrentCampaign();
  const todo = useTodo();
  const lists = { sent: useUnitIdeas('sent'), approved: useUnitIdeas('approved'), returned: useUnitIdeas('returned'), done: useUnitIdeas('submitted,received') };
  // The originality figure of every idea listed (one request), with a link to its report.
  const me = useCurrentUser();
  const figures = useSummaries(
    Object.values(lists).flatMap((l) => l.data?.items.map((i) => i.id) ?? []),
    me.permissions.includes('originality.summary'),
  );
  const c = camp.data?.campaign;
  const counted = lists.done.data?.total ?? 0;
  const approved = lists.approved.data?.items ?? [];
  const chosen = approved.filter((i) => selected.includes(i.id));

  const seal = async () => {
    setSealing(true);
    setSealError(null);
    try {
      const b = await postOnce<Batch>('/api/batches', { ideaIds: chosen.map((i) => i.id) }, sealKey.get());
      sealKey.settle();
      setConfirm(false);
      setSelected([]);
      void message.success(t('review.sealed', { receipt: b.receiptNo }));
      await qc.invalidateQueries({ queryKey: ['ideas'] });
      setTab('done');
    } catch (e) {
      sealKey.settle(e);
      setSealError(e);
    } finally {
      setSealing(false);
    }
  };

  const toggle = (id: number, on: boolean) => setSelected((s) => (on ? [...new Set([...s, id])] : s.filter((x) => x !== id)));

  const render = (key: TabKey, items: IdeaSummary[] | undefined, pending: boolean) => {
    if (pending) return <Spin description={t('common.loading')} />;
    if (!items?.length) return <Empty description={t(`review.empty.${key}` as MessageKey)} />;
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid={`review-list-${key}`}>
        {items.map((i) => (
          <IdeaCard
            key={i.id}
            idea={i}
            testId={`review-card-${i.id}`}
            extra={
              <div className="jdz-card-actions">
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('review.byAuthor', { name: i.authorName })}
                </Typography.Text>
                {figures.data?.get(i.id) && <SummaryLine summary={figures.data.get(i.id)!} ideaId={i.id} link={can(me, 'originality.report')} />}
                {key === 'sent' && (
                  <Space wrap>
                    <ApproveAction idea={i} />
                    <CommentAction idea={i} kind="return" />
                  </Space>
                )}
                {key === 'approved' && (
                  <Space wrap>
                    <Checkbox checked={selected.includes(i.id)} onChange={(e) => toggle(i.id, e.target.checked)} data-testid={`seal-pick-${i.id}`} className="jdz-touch-check">
                      {t('review.pick')}
                    </Checkbox>
                    <CommentAction idea={i} kind="return" />
                  </Space>
                )}
              </div>
            }
          />
        ))}
      </Space>
    );
  };

  const remaining = c ? c.ideasMax - counted : 0;
  return (
    <>
      <PageHeader title={t('review.title')} />
      {c && <Deadline dueAt={c.ideasDueAt} skew={camp.data!.skew} extensionUntil={todo.data?.extensionUntil} />}
      {c && (
        <Alert
          type={counted >= c.ideasMin ? 'success' : 'info'}
          showIcon
          data-testid="review-quota"
          title={t('review.quota', { count: counted, min: c.ideasMin, max: c.ideasMax, left: Math.max(0, remaining) })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={TABS.map(({ key }) => ({
          key,
          label: (
            <span data-testid={`review-tab-${key}`}>
              {t(`review.tab.${key}` as MessageKey)} <Badge count={lists[key].data?.total ?? 0} showZero={false} color={key === 'sent' ? '#d46b08' : '#8c8c8c'} />
            </span>
          ),
          children: (
            <>
              {lists[key].isError && <ErrorAlert error={lists[key].error} />}
              {key === 'approved' && approved.length > 0 && (
                <Typography.Paragraph type="secondary">{t('review.sealHint', { min: c?.ideasMin ?? 2, max: c?.ideasMax ?? 5 })}</Typography.Paragraph>
              )}
              {render(key, lists[key].data?.items, lists[key].isPending)}
              {key === 'approved' && approved.length > 0 && (
                <div className="jdz-sticky-bar">
                  <Button
                    type="primary"
                    size="large"
                    block
                    disabled={chosen.length === 0}
                    onClick={() => {
                      setSealError(null);
                      setConfirm(true);
                    }}
                    {...buttonWithTestId('seal-open')}
                  >
                    {t('review.seal', { n: chosen.length })}
                  </Button>
                </div>
              )}
            </>
          ),
        }))}
      />
      <Batches />
      <Modal
        open={confirm}
        title={t('review.confirmTitle')}
        onCancel={() => setConfirm(false)}
        okText={t('review.confirmOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: sealing, ...buttonWithTestId('seal-confirm') }}
        onOk={() => void seal()}
        destroyOnHidden
      >
        {c && (
          <Typography.Paragraph data-testid="seal-quota">
            {t('review.confirmQuota', { count: counted, max: c.ideasMax, min: c.ideasMin, n: chosen.length, after: counted + chosen.length })}
          </Typography.Paragraph>
        )}
        <ol style={{ paddingInlineStart: 20 }}>
          {chosen.map((i) => (
            <li key={i.id}>
              {i.title || t('ideas.untitled')}（{t('ideas.chars', { n: i.charCount })}）
              {figures.data?.get(i.id)?.level && <LevelBadge similarity={figures.data.get(i.id)!.similarity ?? 0} level={figures.data.get(i.id)!.level!} testId={`seal-figure-${i.id}`} />}
            </li>
          ))}
        </ol>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('review.confirmNote')}
        </Typography.Paragraph>
        {sealError ? <Alert type="error" showIcon role="alert" data-testid="seal-error" title={errorText(sealError, t)} /> : null}
      </Modal>
    </>
  );
}
