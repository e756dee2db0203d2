// The submission and one source side by side (stacked on a phone): every passage the two share is
// highlighted in both texts and each highlight links to its counterpart. Clicking (or Enter on) a
// passage on one side scrolls the other side to it, marks the pair and moves the focus there.
// Stock phrases and quotations are greyed (not counted); text copied from another source than the
// one shown is underlined with dots.
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { dominant, segment, type Mark } from '../../../../src/modules/originality/print/segments';
import { useI18n } from '../../i18n';
import type { Report, ReportSource } from './originalityApi';

type Side = 'q' | 's';
const other = (s: Side): Side => (s === 'q' ? 's' : 'q');
export const passageId = (side: Side, index: number) => `orig-${side}-p${index}`;

function reducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Scrolls the counterpart of passage `index` into view within its pane (and the page), focuses it. */
export function goToCounterpart(from: Side, index: number): void {
  const el = document.getElementById(passageId(other(from), index));
  if (!el) return;
  el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
  el.focus({ preventScroll: true });
}

interface TextPaneProps {
  side: Side;
  text: string;
  marks: Mark[];
  active: number | null;
  onPick: (side: Side, index: number) => void;
  label: string;
  heading: ReactNode;
  testId: string;
}

function TextPane({ side, text, marks, active, onPick, label, heading, testId }: TextPaneProps) {
  const { t } = useI18n();
  const segments = useMemo(() => segment(text.length, marks), [text, marks]);
  const seen = new Set<number>();
  const children = segments.map((s) => {
    const piece = text.slice(s.start, s.end);
    const { kind, ref } = dominant(s);
    if (ref !== undefined) {
      const first = !seen.has(ref);
      seen.add(ref);
      const quiet = kind === 'stock' ? ' jdz-orig-stock' : kind === 'quotation' ? ' jdz-orig-quote' : '';
      const isActive = ref === active;
      return (
        <a
          key={s.start}
          id={first ? passageId(side, ref) : undefined}
          href={`#${passageId(other(side), ref)}`}
          className={`jdz-orig-mark${quiet}${isActive ? ' is-active' : ''}`}
          data-passage={ref}
          aria-current={isActive ? 'true' : undefined}
          title={t(side === 'q' ? 'originality.passage.toSource' : 'originality.passage.toSubmission', { n: ref + 1 })}
          onClick={(e) => {
            e.preventDefault();
            onPick(side, ref);
          }}
        >
          {piece}
        </a>
      );
    }
    if (kind === 'stock') return <span key={s.start} className="jdz-orig-stock" data-mark="stock">{piece}</span>;
    if (kind === 'quotation') return <span key={s.start} className="jdz-orig-quote" data-mark="quotation">{piece}</span>;
    if (kind === 'copied') return <span key={s.start} className="jdz-orig-other" data-mark="copied">{piece}</span>;
    return piece;
  });
  return (
    <div className="jdz-orig-pane">
      <h3>{heading}</h3>
      {/* A scrolling region must be reachable by keyboard (axe scrollable-region-focusable). */}
      <div className="jdz-orig-text" tabIndex={0} role="region" aria-label={label} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

export interface SideBySideProps {
  report: Pick<Report, 'text' | 'spans' | 'ideaTitle' | 'sources'>;
  /** The source shown on the right; null shows the submission alone (no source matched). */
  source: ReportSource | null;
  active: number | null;
  onActive: (index: number | null) => void;
}

export function SideBySide({ report, source, active, onActive }: SideBySideProps) {
  const { t } = useI18n();
  const queryMarks = useMemo<Mark[]>(
    () => [
      ...(source?.passages ?? []).map((p) => ({ start: p.queryStart, end: p.queryEnd, kind: 'passage' as const, ref: p.index })),
      // Passages of the other sources: copied too, from elsewhere.
      ...report.sources.filter((x) => x !== source).flatMap((x) => x.passages.map((p) => ({ start: p.queryStart, end: p.queryEnd, kind: 'copied' as const }))),
      // Stock phrases and quotations: greyed wherever they are (not counted).
      ...report.spans.filter((s) => s.label !== 'copied').map((s) => ({ start: s.start, end: s.end, kind: s.label })),
    ],
    [report.spans, report.sources, source],
  );
  const sourceMarks = useMemo<Mark[]>(() => (source?.passages ?? []).map((p) => ({ start: p.sourceStart, end: p.sourceEnd, kind: 'passage' as const, ref: p.index })), [source]);
  const pick = (side: Side, index: number) => {
    onActive(index);
    goToCounterpart(side, index);
  };
  return (
    <div className={source ? 'jdz-orig-compare' : undefined} data-testid="orig-compare">
      <TextPane
        side="q"
        text={report.text}
        marks={queryMarks}
        active={active}
        onPick={pick}
        label={t('originality.compare.submission')}
        heading={t('originality.compare.submissionTitle', { title: report.ideaTitle || t('ideas.untitled') })}
        testId="orig-text-submission"
      />
      {source && (
        <TextPane
          side="s"
          text={source.text}
          marks={sourceMarks}
          active={active}
          onPick={pick}
          label={t('originality.compare.source')}
          heading={t('originality.compare.sourceTitle', { title: source.title || t('ideas.untitled') })}
          testId="orig-text-source"
        />
      )}
    </div>
  );
}

/** What the marks mean (shape and colour both). */
export function Legend() {
  const { t } = useI18n();
  return (
    <ul className="jdz-orig-legend" data-testid="orig-legend" aria-label={t('originality.legend.label')}>
      <li>
        <span className="jdz-orig-mark sample" aria-hidden>
          {t('originality.legend.sample')}
        </span>
        {t('originality.legend.passage')}
      </li>
      <li>
        <span className="jdz-orig-other sample" aria-hidden>
          {t('originality.legend.sample')}
        </span>
        {t('originality.legend.other')}
      </li>
      <li>
        <span className="jdz-orig-stock sample" aria-hidden>
          {t('originality.legend.sample')}
        </span>
        {t('originality.legend.stock')}
      </li>
      <li>
        <span className="jdz-orig-quote sample" aria-hidden>
          {t('originality.legend.sample')}
        </span>
        {t('originality.legend.quotation')}
      </li>
    </ul>
  );
}
