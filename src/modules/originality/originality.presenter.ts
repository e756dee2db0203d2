// What each viewer sees of a check: the figure and status for the author, the full report for the
// bureau and the idea's unit admin, with unit names on matched ideas only where the viewer may see
// them, and no phone number anywhere (texts masked one character for one, so offsets hold).
import { hasRole, type Actor } from '../../platform/policy/policy.ts';
import { levelOf } from './print/segments.ts';
import type { CheckRow, RunRow } from './originality.repository.ts';
import type { StoredReport } from './originality.service.ts';
import type { CheckDto, ReferenceDto, ReportDto, ReportSourceDto, RunDto, SummaryDto } from './originality.schema.ts';
import { CHECK_REASONS, CHECK_STATUSES } from './originality.schema.ts';

type Thresholds = { red: number; orange: number };

/** A unit's name on a matched source: the bureau always, a unit admin for the own unit. */
export function seesUnitOf(actor: Actor, unitId: number | null): boolean {
  if (hasRole(actor, 'bureau_admin')) return true;
  return unitId !== null && hasRole(actor, 'unit_admin') && actor.unitId === unitId;
}

// ---- personal data in texts ----

const PHONE_IN_TEXT = /(?<![0-9０-９])(?:1[3-9３-９]|１[3-9３-９])[0-9０-９]{9}(?![0-9０-９])|(?<![0-9０-９])[0０][0-9０-９]{2,3}[-－—\s]?[0-9０-９]{7,8}(?![0-9０-９])/g;

/**
 * Phone numbers written into a text (mobile, or landline with area code; half or full width) with
 * their middle digits replaced by '*', one for one: offsets into the text stay valid.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => {
    const chars = [...m];
    const isDigit = (c: string) => /[0-9０-９]/.test(c);
    const totalDigits = chars.filter(isDigit).length;
    // Keep a mobile's first three digits, a landline's area code (up to its separator, else four).
    const sep = chars.findIndex((c) => !isDigit(c));
    const keepHead = /^[0０]/.test(m) ? (sep > 0 ? sep : 4) : 3;
    let digitsSeen = 0;
    return chars
      .map((c) => {
        if (!isDigit(c)) return c;
        digitsSeen++;
        return digitsSeen > keepHead && digitsSeen <= totalDigits - 4 ? '*' : c;
      })
      .join('');
  });
}

// ---- checks, figures and reports ----

export function presentCheck(c: CheckRow): CheckDto {
  return {
    id: c.id,
    ideaId: c.idea_id,
    reason: (CHECK_REASONS as readonly string[]).includes(c.reason) ? (c.reason as CheckDto['reason']) : 'manual',
    status: (CHECK_STATUSES as readonly string[]).includes(c.status) ? (c.status as CheckDto['status']) : 'queued',
    attempts: c.attempts,
    error: c.error,
    queuedAt: c.created_at,
    startedAt: c.started_at,
    finishedAt: c.finished_at,
  };
}

export function presentSummary(ideaId: number, currentVersion: number, checks: { latest: CheckRow; done: CheckRow | null } | undefined, t: Thresholds): SummaryDto {
  if (!checks) return { ideaId, status: 'none', similarity: null, level: null, checkedAt: null, stale: false, check: null };
  const done = checks.done;
  const similarity = done?.similarity != null ? Number(done.similarity) : null;
  return {
    ideaId,
    status: presentCheck(checks.latest).status,
    similarity,
    level: similarity === null ? null : levelOf(similarity, t),
    checkedAt: done ? (done.finished_at ?? done.created_at) : null,
    stale: done != null && done.idea_version != null && done.idea_version !== currentVersion,
    check: presentCheck(checks.latest),
  };
}

export interface SourceFacts {
  /** Unit names by id (only those the lookup found). */
  unitNames: Map<number, string>;
}

export function presentReport(viewer: Actor, check: CheckRow, stored: StoredReport, currentVersion: number, t: Thresholds, facts: SourceFacts): ReportDto {
  const r = stored.report;
  const sources: ReportSourceDto[] = r.sources.map((s) => {
    const f = stored.sources[s.source];
    const kind = f?.kind ?? (s.source.startsWith('ref:') ? 'reference' : 'idea');
    const unitId = f?.unitId ?? null;
    const showUnit = kind === 'idea' && seesUnitOf(viewer, unitId);
    const num = Number(s.source.slice(s.source.indexOf(':') + 1));
    return {
      source: s.source,
      kind,
      ideaId: kind === 'idea' && showUnit ? num : null,
      referenceId: kind === 'reference' ? num : null,
      title: f?.title ?? s.title ?? '',
      origin: kind === 'reference' ? (f?.origin ?? null) : null,
      unitName: showUnit && unitId !== null ? (facts.unitNames.get(unitId) ?? null) : null,
      year: f?.year ?? null,
      sameUnitEarlierYear: s.sameUnitEarlierYear,
      similarity: s.similarity,
      matchedChars: s.matchedChars,
      quotationChars: s.quotationChars,
      passages: s.passages.map((p, index) => ({ index, ...p })),
      text: maskPhonesInText(f?.text ?? ''),
    };
  });
  return {
    ideaId: check.idea_id,
    ideaTitle: stored.title,
    ideaVersion: check.idea_version ?? currentVersion,
    stale: check.idea_version != null && check.idea_version !== currentVersion,
    check: presentCheck(check),
    checkedAt: check.finished_at ?? check.created_at,
    thresholds: t,
    level: levelOf(r.similarity, t),
    totalChars: r.totalChars,
    similarity: r.similarity,
    copiedChars: r.copiedChars,
    quotationChars: r.quotationChars,
    stockChars: r.stockChars,
    text: maskPhonesInText(stored.text),
    spans: r.spans,
    sources,
  };
}

type RefRow = { id: number; title: string; origin: string; kind: string; file_name: string | null; chars: number; created_at: string; created_by_name: string };

export function presentReference(r: RefRow): ReferenceDto {
  return {
    id: r.id,
    title: r.title,
    origin: r.origin,
    kind: r.kind as ReferenceDto['kind'],
    fileName: r.file_name,
    chars: r.chars,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
  };
}

export function presentRun(r: RunRow, counts: { done: number; failed: number }): RunDto {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    status: r.status as RunDto['status'],
    indexed: r.indexed,
    toIndex: Math.max(r.to_index, r.indexed),
    checked: counts.done + counts.failed,
    failed: counts.failed,
    total: r.total,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
