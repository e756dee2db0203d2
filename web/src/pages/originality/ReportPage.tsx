// /ideas/:id/originality: the originality report of one idea (issue 4 item 5). The overall figure
// coloured by the bureau's thresholds, the sources ranked by their share, and the submission beside
// the chosen source with the shared passages highlighted and linked both ways; stock phrases and
// quotations greyed. While a check runs the page shows where it stands and polls.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Empty, Result, Row, Space, Spin, Typography } from 'antd';
import { FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { NoPermission } from '../../components/NoPermission';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { isRunning, percent, reportPdfUrl, useReportPage, type Report, type ReportPage as ReportPageDto, type ReportSource } from './originalityApi';
import { LevelBadge } from './OriginalityFigure';
import { Legend, SideBySide } from './SideBySide';

function kindLabel(s: ReportSource, t: ReturnType<typeof useI18n>['t']): string {
  if (s.kind === 'reference') return t('originality.kind.reference');
  return s.sameUnitEarlierYear ? t('originality.kind.sameUnit') : t('originality.kind.idea');
}

function sourceDetail(s: ReportSource, t: ReturnType<typeof useI18n>['t']): string[] {
  const out: string[] = [];
  if (s.kind === 'reference' && s.origin) out.push(s.origin);
  if (s.kind === 'idea') {
    if (s.unitName) out.push(s.unitName);
    if (s.year) out.push(t('originality.year', { y: s.year }));
  }
  return out;
}

function Figures({ report }: { report: Report }) {
  const { t, locale } = useI18n();
  return (
    <Card data-testid="orig-overall" style={{ marginBottom: 16 }}>
      <Row gutter={[24, 12]} align="middle">
        <Col xs={24} md={9}>
          <div style={{ color: '#434343' }}>{t('originality.overall')}</div>
          <div className={`jdz-orig-figure is-${report.level}`} data-testid="orig-overall-figure" data-level={report.level}>
            {percent(report.similarity)}
          </div>
          <span className={`jdz-orig-level is-${report.level}`} data-testid="orig-overall-level">
            {t(`originality.levelName.${report.level}` as MessageKey)}
          </span>
        </Col>
        <Col xs={24} md={15}>
          <div className="jdz-orig-stats" data-testid="orig-stats">
            <span>{t('originality.copiedOfTotal', { copied: report.copiedChars, total: report.totalChars })}</span>
            <span>{t('originality.quotationChars', { n: report.quotationChars })}</span>
            <span>{t('originality.stockChars', { n: report.stockChars })}</span>
          </div>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="orig-thresholds">
            {t('originality.thresholdsLine', { red: percent(report.thresholds.red), orange: percent(report.thresholds.orange) })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
            {t('originality.checkedAt', { at: formatDateTime(report.checkedAt, locale), reason: t(`originality.reason.${report.check.reason}` as MessageKey) })}
          </Typography.Paragraph>
        </Col>
      </Row>
    </Card>
  );
}

function Sources({ report, chosen, onChoose }: { report: Report; chosen: string | null; onChoose: (s: string) => void }) {
  const { t } = useI18n();
  return (
    <Card title={<h2 className="jdz-card-h">{t('originality.sources', { n: report.sources.length })}</h2>} style={{ marginBottom: 16 }} data-testid="orig-sources">
      {report.sources.length === 0 ? (
        <Empty description={t('originality.noSources')} data-testid="orig-no-sources" />
      ) : (
        <ol className="jdz-orig-sources">
          {report.sources.map((s, i) => (
            <li key={s.source}>
              <button type="button" className="jdz-orig-source" aria-pressed={chosen === s.source} onClick={() => onChoose(s.source)} data-testid={`orig-source-${i + 1}`} data-source={s.source}>
                <span className="jdz-orig-source-head">
                  <span className="jdz-orig-source-title">
                    {i + 1}. {s.title || t('ideas.untitled')}
                  </span>
                  <LevelBadge similarity={s.similarity} level={levelOfSource(s, report)} testId="orig-source-figure" />
                </span>
                <span className="jdz-orig-source-meta">
                  <span>{kindLabel(s, t)}</span>
                  {sourceDetail(s, t).map((d) => (
                    <span key={d}>{d}</span>
                  ))}
                  <span>{t('originality.sourceChars', { n: s.matchedChars, p: s.passages.length })}</span>
                  {s.quotationChars > 0 && <span>{t('originality.quotationChars', { n: s.quotationChars })}</span>}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function levelOfSource(s: ReportSource, r: Report): Report['level'] {
  if (s.similarity >= r.thresholds.red) return 'red';
  if (s.similarity >= r.thresholds.orange) return 'orange';
  return 'ok';
}

function Status({ data, onRecheck, rechecking, mayRecheck }: { data: ReportPageDto; onRecheck: () => void; rechecking: boolean; mayRecheck: boolean }) {
  const { t, locale } = useI18n();
  const { summary } = data;
  const recheck = mayRecheck ? (
    <Button icon={<ReloadOutlined aria-hidden />} onClick={onRecheck} loading={rechecking} {...buttonWithTestId('orig-recheck')}>
      {t('originality.recheck')}
    </Button>
  ) : null;
  if (isRunning(summary.status)) {
    const job = summary.check;
    return (
      <Alert
        type="info"
        showIcon
        icon={<Spin size="small" />}
        role="status"
        data-testid="orig-job"
        data-status={summary.status}
        title={t(`originality.job.${summary.status}` as MessageKey)}
        description={job ? t('originality.job.since', { at: formatDateTime(job.startedAt ?? job.queuedAt, locale), attempts: job.attempts }) : undefined}
        style={{ marginBottom: 16 }}
      />
    );
  }
  if (summary.status === 'failed') {
    return <Alert type="error" showIcon role="alert" data-testid="orig-job" data-status="failed" title={t('originality.job.failed')} description={summary.check?.error ?? undefined} action={recheck} style={{ marginBottom: 16 }} />;
  }
  if (data.report?.stale || summary.stale) {
    return <Alert type="warning" showIcon data-testid="orig-stale" title={t('originality.staleLong')} action={recheck} style={{ marginBottom: 16 }} />;
  }
  return null;
}

export default function ReportPage() {
  const { id } = useParams();
  const ideaId = Number(id);
  const me = useCurrentUser();
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  usePageTitle('originality.title');
  const valid = Number.isInteger(ideaId) && ideaId > 0;
  const q = useReportPage(valid ? ideaId : 0);
  const [chosen, setChosen] = useState<string | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [rechecking, setRechecking] = useState(false);
  const report = q.data?.report ?? null;
  // The first source (the highest share) is shown until another is chosen; a new report resets it.
  useEffect(() => {
    if (report && !report.sources.some((s) => s.source === chosen)) setChosen(report.sources[0]?.source ?? null);
  }, [report, chosen]);

  if (!valid) return <NoPermission />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" title={t('originality.notFound')} data-testid="orig-not-found" />;
    if (isApiError(q.error) && q.error.status === 403) return <NoPermission />;
    return <ErrorAlert error={q.error} />;
  }
  if (q.isPending) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin description={t('common.loading')} />
      </div>
    );
  }
  const data = q.data;
  const source = report?.sources.find((s) => s.source === chosen) ?? null;
  const mayRecheck = me.permissions.includes('originality.check');

  const recheck = async () => {
    setRechecking(true);
    try {
      await api.post(`/api/ideas/${ideaId}/originality/checks`, {});
      void message.success(t('originality.recheckQueued'));
      await qc.invalidateQueries({ queryKey: ['originality'] });
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setRechecking(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('originality.title')}
        extra={
          <Space wrap>
            {report && (
              <Button href={reportPdfUrl(ideaId)} target="_blank" rel="noopener" icon={<FilePdfOutlined aria-hidden />} {...buttonWithTestId('orig-pdf')}>
                {t('originality.pdf')}
              </Button>
            )}
            {mayRecheck && data.summary.status !== 'failed' && !data.summary.stale && !isRunning(data.summary.status) && (
              <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void recheck()} loading={rechecking} {...buttonWithTestId('orig-recheck')}>
                {t('originality.recheck')}
              </Button>
            )}
          </Space>
        }
      />
      {report && (
        <Typography.Paragraph style={{ fontSize: 16 }} data-testid="orig-idea-title">
          {t('originality.ofIdea', { title: report.ideaTitle || t('ideas.untitled') })}
        </Typography.Paragraph>
      )}
      <Status data={data} onRecheck={() => void recheck()} rechecking={rechecking} mayRecheck={mayRecheck} />
      {!report ? (
        !isRunning(data.summary.status) && data.summary.status !== 'failed' && <Empty description={t('originality.neverChecked')} data-testid="orig-never" />
      ) : (
        <>
          <Figures report={report} />
          <Sources report={report} chosen={chosen} onChoose={(s) => (setChosen(s), setActive(null))} />
          <Card title={<h2 className="jdz-card-h">{source ? t('originality.compare.title') : t('originality.compare.alone')}</h2>} data-testid="orig-compare-card">
            <Legend />
            {source && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('originality.compare.hint')}
                {source.ideaId !== null && (
                  <>
                    {' '}
                    <Link to={`/ideas/${source.ideaId}`} data-testid="orig-open-source">
                      {t('originality.openSource')}
                    </Link>
                  </>
                )}
              </Typography.Paragraph>
            )}
            <SideBySide report={report} source={source} active={active} onActive={setActive} />
          </Card>
        </>
      )}
    </>
  );
}
