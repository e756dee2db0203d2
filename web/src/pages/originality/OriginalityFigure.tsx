// The overall figure of an idea's check (总文字复制比) with its colour from the bureau's thresholds,
// or where the check stands: small enough for the idea page, the review cards and lists.
import { Link } from 'react-router';
import { Space, Spin } from 'antd';
import { useCurrentUser } from '../../auth';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { can } from '../../permissions';
import { isRunning, percent, reportPath, useSummary, type Level, type Summary } from './originalityApi';

/** The figure as a coloured badge; the level is also said in words (colour is not the only cue). */
export function LevelBadge({ similarity, level, testId = 'orig-figure' }: { similarity: number; level: Level; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`jdz-orig-level is-${level}`} data-testid={testId} data-level={level}>
      {t('originality.figureShort', { p: percent(similarity) })}
      <span>{t(`originality.level.${level}` as MessageKey)}</span>
    </span>
  );
}

/** A summary as one line: figure (or status), stale note, and a link to the report for those who may open it. */
export function SummaryLine({ summary, ideaId, link }: { summary: Summary; ideaId: number; link: boolean }) {
  const { t } = useI18n();
  const running = isRunning(summary.status);
  return (
    <Space size={[8, 4]} wrap data-testid={`orig-summary-${ideaId}`} data-status={summary.status}>
      {summary.similarity !== null && summary.level ? (
        <LevelBadge similarity={summary.similarity} level={summary.level} />
      ) : (
        !running && (
          <span className="jdz-orig-level is-none" data-testid="orig-figure-none">
            {t(summary.status === 'failed' ? 'originality.status.failed' : 'originality.status.none')}
          </span>
        )
      )}
      {running && (
        <span role="status" data-testid="orig-running">
          <Spin size="small" /> {t(`originality.status.${summary.status}` as MessageKey)}
        </span>
      )}
      {summary.stale && !running && <span className="jdz-orig-level is-none">{t('originality.stale')}</span>}
      {link && (
        <Link to={reportPath(ideaId)} data-testid="orig-report-link" className="jdz-touch-link">
          {t('originality.viewReport')}
        </Link>
      )}
    </Space>
  );
}

/**
 * The figure of one idea, fetched on its own (the idea page). Shows nothing when the caller may not
 * see it (judges and other units get 403/404 from the server) or before anything was ever checked
 * for an idea still being written.
 */
export function IdeaOriginality({ ideaId }: { ideaId: number }) {
  const me = useCurrentUser();
  const q = useSummary(ideaId, me.permissions.includes('originality.summary'));
  if (!q.data) return null;
  return <SummaryLine summary={q.data} ideaId={ideaId} link={can(me, 'originality.report')} />;
}
