// The assignment of a round as the bureau sees it: every review (idea ↔ judge) with its sheet's
// state, give an unstarted review to another judge or remove it, add one by hand (the server refuses
// the own unit, the same sector when the round says so, a declared conflict or a duplicate, with the
// reason in Chinese), and the conflicts judges declared.
import { useMemo, useState } from 'react';
import { App, Button, Card, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { fmtScore, SHEET_STATUS_COLOR, useAssignments, useConflicts, useJudges, useProgress, type Assignment, type Round } from './evaluationApi';

export function AssignmentTab({ round }: { round: Round }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useAssignments(round.id);
  const conflicts = useConflicts(round.id);
  const judges = useJudges();
  const progress = useProgress(round.id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [addIdea, setAddIdea] = useState<number | undefined>();
  const [addJudge, setAddJudge] = useState<number | undefined>();
  const editable = round.status !== 'closed';
  const roundJudges = useMemo(() => (judges.data ?? []).filter((j) => round.judgeIds.includes(j.id) || (q.data ?? []).some((a) => a.judgeId === j.id)), [judges.data, round.judgeIds, q.data]);
  const judgeOptions = roundJudges.map((j) => ({ value: j.id, label: j.name }));
  const ideaOptions = useMemo(() => {
    const m = new Map<number, string>();
    for (const a of q.data ?? []) m.set(a.ideaId, `${a.code} ${a.title}`);
    for (const s of progress.data?.shortIdeas ?? []) m.set(s.ideaId, `${s.code} ${s.title}`);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [q.data, progress.data]);

  const act = async (key: string, f: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await f();
      void message.success(done);
      await qc.invalidateQueries({ queryKey: ['evaluation', 'round', round.id] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ErrorAlert error={q.error ?? error} testId="eval-assignments-error" />
      {progress.data && progress.data.shortIdeas.length > 0 && (
        <Typography.Text type="warning" data-testid="eval-short-ideas">
          {t('eval.assign.short', { n: progress.data.shortIdeas.length, codes: progress.data.shortIdeas.map((s) => s.code).join('、') })}
        </Typography.Text>
      )}
      <DataTable<Assignment>
        label={t('eval.tab.assignments')}
        testId="eval-assignments-table"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(a) => ({ 'data-testid': `eval-assignment-${a.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'code', title: t('eval.code'), dataIndex: 'code' },
          { key: 'title', title: t('eval.ideaTitle'), dataIndex: 'title' },
          { key: 'unit', title: t('eval.unit'), dataIndex: 'unitName' },
          { key: 'judge', title: t('eval.judge'), dataIndex: 'judgeName' },
          { key: 'source', title: t('eval.assign.source'), render: (_, a) => t(`eval.assign.source.${a.source}`) },
          { key: 'status', title: t('common.status'), render: (_, a) => <Tag color={SHEET_STATUS_COLOR[a.status]}>{t(`eval.sheet.status.${a.status}`)}</Tag> },
          { key: 'total', title: t('eval.total'), render: (_, a) => fmtScore(a.total) },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, a) =>
              editable && a.status === 'assigned' ? (
                <Space size={4} wrap>
                  <Select
                    size="small"
                    placeholder={t('eval.assign.replace')}
                    aria-label={t('eval.assign.replaceAria', { code: a.code, judge: a.judgeName })}
                    style={{ minWidth: 120 }}
                    value={null}
                    disabled={busy !== null}
                    options={judgeOptions.filter((o) => o.value !== a.judgeId)}
                    onChange={(judgeId: number) => void act(`r${a.id}`, () => api.put(`/api/evaluation/assignments/${a.id}`, { judgeId }), t('eval.assign.replaced'))}
                  />
                  <Popconfirm title={t('eval.assign.removeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void act(`d${a.id}`, () => api.del(`/api/evaluation/assignments/${a.id}`), t('eval.assign.removed'))}>
                    <Button size="small" danger loading={busy === `d${a.id}`} aria-label={t('eval.assign.removeAria', { code: a.code, judge: a.judgeName })}>
                      {t('eval.assign.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {editable && (q.data?.length ?? 0) + (progress.data?.shortIdeas.length ?? 0) > 0 && (
        <Card size="small" title={<h2 className="jdz-card-h">{t('eval.assign.addTitle')}</h2>}>
          <Space wrap>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('eval.assign.pickIdea')} aria-label={t('eval.assign.pickIdea')} style={{ minWidth: 220 }} options={ideaOptions} value={addIdea} onChange={setAddIdea} data-testid="eval-add-idea" />
            <Select placeholder={t('eval.assign.pickJudge')} aria-label={t('eval.assign.pickJudge')} style={{ minWidth: 160 }} options={judgeOptions} value={addJudge} onChange={setAddJudge} data-testid="eval-add-judge" />
            <Button
              disabled={!addIdea || !addJudge}
              loading={busy === 'add'}
              onClick={() => void act('add', () => api.post(`/api/evaluation/rounds/${round.id}/assignments`, { ideaId: addIdea, judgeId: addJudge }), t('eval.assign.added'))}
              {...buttonWithTestId('eval-add-submit')}
            >
              {t('eval.assign.add')}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={<h2 className="jdz-card-h">{t('eval.conflicts.title')}</h2>} data-testid="eval-conflicts">
        <ErrorAlert error={conflicts.error} />
        {(conflicts.data ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('eval.conflicts.none')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {(conflicts.data ?? []).map((c) => (
              <li key={c.id}>
                {t('eval.conflicts.item', { judge: c.judgeName, code: c.code, reason: c.reason, at: formatDateTime(c.declaredAt, locale) })}
                {c.outcome ? ` — ${c.outcome}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Space>
  );
}
