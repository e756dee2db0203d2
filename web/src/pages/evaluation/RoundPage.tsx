// /evaluation/rounds/:id (bureau admin): one round — its settings and state (draft → open → closed),
// the automatic assignment (the server's zh-CN reason when it cannot be made; nothing is saved then),
// the assignment table with hand adjustments and declared conflicts, progress per judge with
// reminders, the results, and (once closed) the awards with their 公示.
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Popconfirm, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { fmtScore, ROUND_STATUS_COLOR, useRound, type AssignResult, type Round } from './evaluationApi';
import { RoundForm } from './RoundForm';
import { AssignmentTab } from './AssignmentTab';
import { ProgressTab } from './ProgressTab';
import { ResultsTab } from './ResultsTab';
import { AwardsTab } from './AwardsTab';

/** The problems of an ASSIGNMENT_INFEASIBLE refusal (each a zh-CN sentence of the assignment rules). */
/** The assignment's problems in the page's language (each carries `message` and `messageEn`). */
function problemsOf(e: unknown, locale: string): string[] {
  if (!isApiError(e, 'ASSIGNMENT_INFEASIBLE')) return [];
  const p = (e.details as { problems?: { message?: string; messageEn?: string }[] } | undefined)?.problems;
  return Array.isArray(p) ? p.map((x) => (locale === 'zh-CN' ? x?.message : (x?.messageEn ?? x?.message)) ?? '').filter(Boolean) : [];
}

function Actions({ round }: { round: Round }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [assigned, setAssigned] = useState<AssignResult | null>(null);
  const [editing, setEditing] = useState(false);
  const run = async (verb: 'assign' | 'open' | 'close') => {
    setBusy(verb);
    setError(null);
    try {
      if (verb === 'assign') setAssigned(await api.post<AssignResult>(`/api/evaluation/rounds/${round.id}/assign`, {}));
      else await api.post<Round>(`/api/evaluation/rounds/${round.id}/${verb}`, {});
      void message.success(t(`eval.round.done.${verb}`));
      await qc.invalidateQueries({ queryKey: ['evaluation'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const problems = problemsOf(error, locale);
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button onClick={() => setEditing(true)} disabled={round.status === 'closed'} {...buttonWithTestId('eval-round-edit')}>
          {t('eval.rounds.edit')}
        </Button>
        {round.status === 'draft' && (
          <Button type={round.assignedAt ? 'default' : 'primary'} loading={busy === 'assign'} onClick={() => void run('assign')} {...buttonWithTestId('eval-round-assign')}>
            {round.assignedAt ? t('eval.round.reassign') : t('eval.round.assign')}
          </Button>
        )}
        {round.status === 'draft' && round.assignedAt && (
          <Popconfirm title={t('eval.round.openConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void run('open')} okButtonProps={buttonWithTestId('eval-round-open-ok')}>
            <Button type="primary" loading={busy === 'open'} {...buttonWithTestId('eval-round-open')}>
              {t('eval.round.open')}
            </Button>
          </Popconfirm>
        )}
        {round.status === 'open' && (
          <Popconfirm title={t('eval.round.closeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void run('close')} okButtonProps={buttonWithTestId('eval-round-close-ok')}>
            <Button danger loading={busy === 'close'} {...buttonWithTestId('eval-round-close')}>
              {t('eval.round.close')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {error !== null && (
        <div data-testid="eval-round-action-error">
          <ErrorAlert error={error} testId="eval-assign-error" />
          {problems.length > 0 && (
            <Alert
              type="warning"
              title={t('eval.round.problems')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {problems.slice(0, 20).map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 16 }}
            />
          )}
        </div>
      )}
      {assigned && (
        <Alert
          type={assigned.balance.withinOne ? 'success' : 'warning'}
          showIcon
          closable={{ onClose: () => setAssigned(null) }}
          data-testid="eval-assign-result"
          title={t('eval.round.assignedSummary', { ideas: assigned.ideas, judges: assigned.judges, reviews: assigned.reviews, min: assigned.balance.minLoad, max: assigned.balance.maxLoad })}
          description={[
            assigned.stats.ideasWithExpertAvailable > 0 ? t('eval.round.expertStats', { got: assigned.stats.ideasWithExpert, of: assigned.stats.ideasWithExpertAvailable }) : '',
            assigned.balance.explanation ?? '',
          ]
            .filter(Boolean)
            .join(' ')}
          style={{ marginBottom: 16 }}
        />
      )}
      <RoundForm round={round} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}

export default function RoundPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const mobile = useIsMobile();
  const q = useRound(id);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'assignments';
  usePageTitle('eval.round.pageTitle', { title: q.data?.title ?? '' });
  const r = q.data;
  return (
    <>
      <PageHeader
        title={r ? r.title : t('eval.round')}
        extra={
          <Link to="/evaluation/rounds" data-testid="eval-round-back">
            {t('eval.round.back')}
          </Link>
        }
      />
      <ErrorAlert error={q.error} />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : r ? (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            style={{ marginBottom: 16 }}
            data-testid="eval-round-info"
            items={[
              { key: 'status', label: t('common.status'), children: <Tag color={ROUND_STATUS_COLOR[r.status]} data-testid="eval-round-status">{t(`eval.round.status.${r.status}`)}</Tag> },
              { key: 'reviews', label: t('eval.rounds.reviewsPerIdea'), children: r.reviewsPerIdea },
              { key: 'deadline', label: t('eval.deadlineLabel'), children: formatDateTime(r.deadline, locale) },
              { key: 'blind', label: t('eval.rounds.blind'), children: r.blind ? t('eval.yes') : t('eval.no') },
              { key: 'sector', label: t('eval.rounds.sameSector'), children: r.excludeSameSector ? t('eval.yes') : t('eval.no') },
              { key: 'topics', label: t('eval.rounds.topics'), children: r.topics.length ? r.topics.join('、') : t('common.all') },
              {
                key: 'rubric',
                label: t('eval.rounds.rubric'),
                children: r.rubric.map((c) => t('eval.round.criterionShort', { name: c.name, max: fmtScore(c.maxPoints), w: fmtScore(c.weight) })).join('；'),
              },
            ]}
          />
          <Actions round={r} />
          {r.status === 'draft' && !r.assignedAt && (
            <Typography.Paragraph type="secondary" data-testid="eval-round-not-assigned">
              {t('eval.round.notAssigned')}
            </Typography.Paragraph>
          )}
          <Tabs
            activeKey={tab}
            // Four tabs fit a 375 px phone in both languages (an overflowing tab bar grows a 'more' button that is no tab).
            tabBarGutter={mobile ? 16 : undefined}
            onChange={(k) => setParams((p) => {
              const n = new URLSearchParams(p);
              n.set('tab', k);
              return n;
            }, { replace: true })}
            items={[
              { key: 'assignments', label: <span data-testid="eval-tab-assignments">{t('eval.tab.assignments')}</span>, children: <AssignmentTab round={r} /> },
              { key: 'progress', label: <span data-testid="eval-tab-progress">{t('eval.tab.progress')}</span>, children: <ProgressTab round={r} /> },
              { key: 'results', label: <span data-testid="eval-tab-results">{t('eval.tab.results')}</span>, children: <ResultsTab round={r} /> },
              // 评奖与公示: once the round is closed (scores frozen).
              ...(r.status === 'closed' ? [{ key: 'awards', label: <span data-testid="eval-tab-awards">{t('eval.awards.tab')}</span>, children: <AwardsTab round={r} /> }] : []),
            ]}
            destroyOnHidden
          />
        </>
      ) : null}
    </>
  );
}
