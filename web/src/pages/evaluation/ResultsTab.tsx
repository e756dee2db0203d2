// Results of a round: raw weighted totals or per-judge normalised scores (the admin's choice),
// rankings overall, per topic and per sector (ties broken by the documented rule, shown in words),
// disagreement (spread across an idea's judges) with high-disagreement ideas flagged for a second
// look, and the round's inter-rater reliability (ICC) with its plain explanation.
import { useMemo, useState } from 'react';
import { Alert, Card, Descriptions, Segmented, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { fmtScore, useResults, type Mode, type Results, type Round } from './evaluationApi';

type Idea = Results['ideas'][number];
type Ranked = Results['overall'][number];
type Row = Ranked & { idea: Idea };

function RankingTable({ ranking, ideas, mode, testId }: { ranking: Ranked[]; ideas: Map<number, Idea>; mode: Mode; testId: string }) {
  const { t } = useI18n();
  const rows: Row[] = ranking.map((r) => ({ ...r, idea: ideas.get(r.ideaId)! })).filter((r) => r.idea);
  return (
    <DataTable<Row>
      label={t('eval.results.ranking')}
      testId={testId}
      rowKey="ideaId"
      dataSource={rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      onRow={(r) => ({ 'data-testid': `${testId}-row-${r.rank}`, 'data-idea-code': r.idea.code }) as React.HTMLAttributes<HTMLElement>}
      expandable={{
        expandedRowRender: (r) => (
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`eval-per-judge-${r.ideaId}`}>
            {r.idea.perJudge.map((p) => (
              <li key={p.judgeId}>{t(mode === 'raw' ? 'eval.results.perJudgeRaw' : 'eval.results.perJudgeNorm', { judge: p.judgeName, raw: fmtScore(p.raw), value: fmtScore(p.value) })}</li>
            ))}
          </ul>
        ),
      }}
      columns={[
        { key: 'rank', title: t('eval.results.rank'), render: (_, r) => <span data-testid="eval-rank">{r.rank}</span> },
        { key: 'code', title: t('eval.code'), render: (_, r) => <span data-testid="eval-rank-code">{r.idea.code}</span> },
        {
          key: 'title',
          title: t('eval.ideaTitle'),
          render: (_, r) => (
            <Space size={4} wrap>
              {r.idea.title}
              {r.idea.disqualification && (
                <Tooltip title={t('eval.results.disqualifiedReason', { reason: r.idea.disqualification.reason })}>
                  <Tag color="default" data-testid="eval-disqualified">{t('eval.results.disqualified')}</Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
        { key: 'unit', title: t('eval.unit'), render: (_, r) => r.idea.unitName },
        { key: 'topic', title: t('eval.topic'), render: (_, r) => r.idea.topic },
        { key: 'score', title: mode === 'raw' ? t('eval.results.rawMean') : t('eval.results.normScore'), render: (_, r) => <span data-testid="eval-rank-score">{fmtScore(r.score)}</span> },
        { key: 'median', title: t('eval.results.median'), render: (_, r) => fmtScore(r.idea.median) },
        { key: 'sheets', title: t('eval.results.sheets'), render: (_, r) => (r.idea.complete ? r.idea.sheets : <Typography.Text type="warning">{t('eval.results.incomplete', { n: r.idea.sheets })}</Typography.Text>) },
        {
          key: 'spread',
          title: t('eval.results.spread'),
          render: (_, r) => (
            <Space size={4}>
              {fmtScore(r.idea.spread)}
              {r.idea.flagged && <Tag color="orange" data-testid="eval-flag">{t('eval.results.flagged')}</Tag>}
            </Space>
          ),
        },
        { key: 'decided', title: t('eval.results.decidedBy'), render: (_, r) => (r.decidedBy && r.decidedBy !== 'score' ? t(`eval.results.decided.${r.decidedBy}`) : '') },
      ]}
    />
  );
}

export function ResultsTab({ round }: { round: Round }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('raw');
  const [view, setView] = useState<'overall' | 'topic' | 'sector'>('overall');
  const [topic, setTopic] = useState<string | undefined>();
  const [sector, setSector] = useState<number | undefined>();
  const q = useResults(round.id, mode);
  const d = q.data;
  const ideas = useMemo(() => new Map((d?.ideas ?? []).map((i) => [i.ideaId, i])), [d]);
  if (q.isPending) return <Spin description={t('common.loading')} />;
  if (!d) return <ErrorAlert error={q.error} />;
  const topicRanking = d.byTopic.find((x) => x.topic === (topic ?? d.byTopic[0]?.topic));
  const sectorRanking = d.bySector.find((x) => x.sectorId === (sector ?? d.bySector[0]?.sectorId));
  const flagged = d.ideas.filter((i) => i.flagged);
  const disqualified = d.ideas.filter((i) => i.disqualification).length;
  const rel = d.reliability;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="eval-results">
      <ErrorAlert error={q.error} />
      {disqualified > 0 && <Alert type="info" showIcon data-testid="eval-disqualified-note" title={t('eval.results.disqualifiedNote', { n: disqualified })} />}
      <Space wrap align="center">
        <Typography.Text id="eval-mode-label">{t('eval.results.mode')}</Typography.Text>
        <Segmented<Mode>
          aria-labelledby="eval-mode-label"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'raw', label: <span data-testid="eval-mode-raw">{t('eval.results.raw')}</span> },
            { value: 'normalized', label: <span data-testid="eval-mode-normalized">{t('eval.results.normalized')}</span> },
          ]}
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {mode === 'raw' ? t('eval.results.rawHelp') : t('eval.results.normHelp', { mean: fmtScore(d.scale?.mean), sd: fmtScore(d.scale?.sd) })}
      </Typography.Paragraph>
      <Card size="small" title={<h2 className="jdz-card-h">{t('eval.results.reliability')}</h2>} data-testid="eval-reliability">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'single', label: t('eval.results.iccSingle'), children: <span data-testid="eval-icc-single">{rel.single === null ? '—' : rel.single.toFixed(2)}</span> },
            { key: 'average', label: t('eval.results.iccAverage', { k: fmtScore(rel.k) }), children: rel.average === null ? '—' : rel.average.toFixed(2) },
            { key: 'n', label: t('eval.results.basis'), children: t('eval.results.basisValue', { ideas: rel.ideas, sheets: rel.sheets }) },
          ]}
        />
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="eval-reliability-explanation">
          {rel.explanation}
        </Typography.Paragraph>
      </Card>
      {flagged.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="eval-flagged"
          title={t('eval.results.flaggedTitle', { n: flagged.length, spread: fmtScore(round.flagSpread) })}
          description={flagged.map((i) => `${i.code} ${i.title}（${t('eval.results.spread')} ${fmtScore(i.spread)}）`).join('；')}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="eval-tie-break">
        {t('eval.results.tieBreak')}
        {t('common.colon')}
        {d.tieBreak}
      </Typography.Paragraph>
      <Space wrap>
        <Segmented
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'overall', label: <span data-testid="eval-view-overall">{t('eval.results.overall')}</span> },
            { value: 'topic', label: <span data-testid="eval-view-topic">{t('eval.results.byTopic')}</span> },
            { value: 'sector', label: <span data-testid="eval-view-sector">{t('eval.results.bySector')}</span> },
          ]}
        />
        {view === 'topic' && (
          <Select aria-label={t('eval.topic')} style={{ minWidth: 180 }} value={topicRanking?.topic} onChange={setTopic} options={d.byTopic.map((x) => ({ value: x.topic, label: x.topic }))} data-testid="eval-topic-pick" />
        )}
        {view === 'sector' && (
          <Select aria-label={t('eval.sector')} style={{ minWidth: 160 }} value={sectorRanking?.sectorId} onChange={setSector} options={d.bySector.map((x) => ({ value: x.sectorId, label: x.sectorName }))} data-testid="eval-sector-pick" />
        )}
      </Space>
      {view === 'overall' && <RankingTable ranking={d.overall} ideas={ideas} mode={mode} testId="eval-ranking" />}
      {view === 'topic' && topicRanking && <RankingTable ranking={topicRanking.ranking} ideas={ideas} mode={mode} testId="eval-ranking-topic" />}
      {view === 'sector' && sectorRanking && <RankingTable ranking={sectorRanking.ranking} ideas={ideas} mode={mode} testId="eval-ranking-sector" />}
    </Space>
  );
}
