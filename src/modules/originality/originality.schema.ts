// Request and response shapes of the originality check (查重, issue 4): the report of an idea, the
// overall figure and job status, the reference library, the stock-phrase list, the bureau's
// thresholds and the campaign-wide check.
//
// Conventions: every figure (similarity, thresholds) is a share 0..1 (0.3 = 30 %), as the engine
// gives it. Offsets are UTF-16 code units of the texts returned alongside them, end exclusive.
// No answer carries a phone number, a contact person or an author's name; digits that look like a
// phone number inside a text are masked with the same number of characters (138****5678), so the
// offsets stay valid.
//
// Routes (policy key → who):
//   GET    /api/ideas/:id/originality            ReportPageOut   originality.report      bureau admin; unit admin (own unit's ideas)
//   GET    /api/ideas/:id/originality/summary    SummaryOut      originality.summary     + the author (own idea: figure and status only)
//   GET    /api/originality/summaries?ids=1,2    SummariesOut    originality.summary     (same scope; unseen ideas left out)
//   POST   /api/ideas/:id/originality/checks     202 CheckOut    originality.check       bureau admin; unit admin (own unit)
//   GET    /api/originality/references           ReferenceListOut originality.references.list   bureau admin
//   GET    /api/originality/references/:id       ReferenceDetailOut originality.references.read
//   POST   /api/originality/references           201 ReferenceOut originality.references.create (JSON ReferencePasteIn)
//   POST   /api/originality/references/upload    201 ReferenceOut originality.references.upload (multipart: title, origin, file .txt/.docx/.pdf)
//   DELETE /api/originality/references/:id       204             originality.references.delete
//   GET    /api/originality/stock-phrases        StockListOut    originality.stock.read  bureau admin
//   PUT    /api/originality/stock-phrases        StockListOut    originality.stock.update (StockListIn)
//   GET    /api/originality/thresholds           ThresholdsOut   originality.thresholds.read   bureau admin, unit admin
//   PUT    /api/originality/thresholds           ThresholdsOut   originality.thresholds.update (ThresholdsIn) bureau admin
//   POST   /api/originality/runs                 202 RunOut      originality.runs.start  bureau admin (RunStartIn)
//   GET    /api/originality/runs?campaignId=     RunListOut      originality.runs.list   bureau admin
//   GET    /api/originality/runs/:id             RunDetailOut    originality.runs.read   bureau admin
// Judges see no route here: the evaluation module shows them overallFigure(db, ideaId)
// (originality.service.ts), the overall figure only.
import { z } from 'zod';
import { Id, IdParam } from '../../shared/ids.ts';

// ---- shared pieces ----

/** Colour of a figure by the bureau's thresholds (each threshold included: ≥ red is red). */
export const Level = z.enum(['red', 'orange', 'ok']);

export const CHECK_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const CHECK_REASONS = ['send', 'seal', 'manual', 'campaign'] as const;

/** One check job of one idea. */
export const CheckOut = z.object({
  id: z.number().int(),
  ideaId: z.number().int(),
  /** Why it ran: sent to the unit, sealed, asked for by an admin, or part of a campaign-wide check. */
  reason: z.enum(CHECK_REASONS),
  status: z.enum(CHECK_STATUSES),
  /** Attempts made so far (a failed attempt is retried up to 3 times, then the job is 'failed'). */
  attempts: z.number().int(),
  /** Why the last attempt failed (zh-CN), while retrying or once failed. */
  error: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const Thresholds = z.object({
  /** A figure at or above this is red (default 0.3). */
  red: z.number().min(0).max(1),
  /** A figure at or above this (and below red) is orange (default 0.15). */
  orange: z.number().min(0).max(1),
});

/**
 * The overall figure of an idea and where its check stands: what the author, the unit admin and
 * the bureau see on the idea page and in lists.
 */
export const SummaryOut = z.object({
  ideaId: z.number().int(),
  /** 'none': never checked; otherwise the state of the newest job. */
  status: z.enum(['none', ...CHECK_STATUSES]),
  /** The newest finished report's overall figure (总文字复制比); null before the first finished check. */
  similarity: z.number().nullable(),
  level: Level.nullable(),
  /** When the figure was computed. */
  checkedAt: z.string().nullable(),
  /** The idea's text changed after the figure was computed (a new check will follow on send/seal). */
  stale: z.boolean(),
  /** The newest job (queued, running, done or failed); null when never checked. */
  check: CheckOut.nullable(),
});

export const SummariesOut = z.object({ items: z.array(SummaryOut) });
export const SummariesQuery = z.strictObject({
  /** Comma-separated idea ids (at most 200); ideas the caller may not see are left out. */
  ids: z
    .string()
    .max(2400)
    .transform((s) => s.split(',').filter(Boolean).map(Number))
    .pipe(z.array(Id).min(1).max(200)),
});

// ---- the report ----

export const SpanOut = z.object({
  start: z.number().int(),
  end: z.number().int(),
  /** copied: counted; stock: a common phrase (套话), not counted; quotation: a cited quotation, counted apart. */
  label: z.enum(['copied', 'stock', 'quotation']),
});

export const PassageOut = z.object({
  /** Index of the passage within its source (stable for the report; links the two sides). */
  index: z.number().int(),
  /** In the submission's text. */
  queryStart: z.number().int(),
  queryEnd: z.number().int(),
  /** In this source's text. */
  sourceStart: z.number().int(),
  sourceEnd: z.number().int(),
  /** Normalised characters of the passage counted as copied. */
  matchedChars: z.number().int(),
});

export const ReportSourceOut = z.object({
  /** 'idea:12' or 'ref:3' (stable id in the index). */
  source: z.string(),
  kind: z.enum(['idea', 'reference']),
  /** The idea's id (kind 'idea'), for a link when the viewer may open it; null otherwise. */
  ideaId: z.number().int().nullable(),
  /** The reference's id (kind 'reference'). */
  referenceId: z.number().int().nullable(),
  title: z.string(),
  /** Reference library: where the text comes from (e.g. 《人民教育》2016年第5期). */
  origin: z.string().nullable(),
  /** Ideas: the unit's name, only for viewers who may see it (the bureau; a unit admin for the own unit); null otherwise. */
  unitName: z.string().nullable(),
  /** Ideas: the campaign year. */
  year: z.number().int().nullable(),
  /** An idea of the same unit from an earlier year (shown as such). */
  sameUnitEarlierYear: z.boolean(),
  similarity: z.number(),
  matchedChars: z.number().int(),
  quotationChars: z.number().int(),
  passages: z.array(PassageOut),
  /** The source's text as it was checked against (phones masked), for the side-by-side view. */
  text: z.string(),
});

export const ReportOut = z.object({
  ideaId: z.number().int(),
  ideaTitle: z.string(),
  /** The idea's version that was checked, and whether the idea changed since. */
  ideaVersion: z.number().int(),
  stale: z.boolean(),
  /** The check that produced this report. */
  check: CheckOut,
  checkedAt: z.string(),
  thresholds: Thresholds,
  level: Level,
  /** Normalised characters of the submission (总字数). */
  totalChars: z.number().int(),
  /** copiedChars / totalChars (总文字复制比). */
  similarity: z.number(),
  copiedChars: z.number().int(),
  quotationChars: z.number().int(),
  stockChars: z.number().int(),
  /** The submission's text as checked (phones masked); spans and passages point into it. */
  text: z.string(),
  spans: z.array(SpanOut),
  /** Sources with at least one passage, highest similarity first. */
  sources: z.array(ReportSourceOut),
});

/** The report page's answer: the newest finished report (if any) and the newest job. */
export const ReportPageOut = z.object({
  ideaId: z.number().int(),
  summary: SummaryOut,
  /** null until a check has finished. */
  report: ReportOut.nullable(),
});

// ---- reference library ----

export const REFERENCE_KINDS = ['txt', 'docx', 'doc', 'pdf', 'paste'] as const;

export const ReferenceOut = z.object({
  id: z.number().int(),
  title: z.string(),
  origin: z.string(),
  /** How it came in: an uploaded .txt/.docx/.doc/.pdf, or pasted text. */
  kind: z.enum(REFERENCE_KINDS),
  /** The uploaded file's name (display only); null for pasted text. */
  fileName: z.string().nullable(),
  /** Characters of the extracted text (字数 as normalised for the check). */
  chars: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export const ReferenceDetailOut = ReferenceOut.extend({ text: z.string() });
export const ReferenceListOut = z.object({ items: z.array(ReferenceOut), total: z.number().int() });

export const ReferencePasteIn = z.strictObject({
  title: z.string().trim().min(1).max(200),
  origin: z.string().trim().min(1).max(300),
  /** At most 300 000 characters (the JSON body limit is 1 MB; longer texts: upload a file). */
  text: z.string().max(300_000),
});
/** The multipart upload's fields (besides the one file part): title and origin. */
export const ReferenceUploadFields = z.strictObject({
  title: z.string().trim().min(1).max(200),
  origin: z.string().trim().min(1).max(300),
});

// ---- stock phrases (套话) ----

export const StockPhraseOut = z.object({ id: z.number().int(), phrase: z.string() });
export const StockListOut = z.object({
  items: z.array(StockPhraseOut),
  updatedAt: z.string().nullable(),
  /** A phrase shorter than this (normalised characters) is refused: ordinary words must stay evidence. */
  minChars: z.number().int(),
});
/** The whole list, replacing the stored one (at most 2 000 phrases). */
export const StockListIn = z.strictObject({ phrases: z.array(z.string().max(200)).max(2000) });

// ---- thresholds ----

export const ThresholdsOut = Thresholds.extend({ updatedAt: z.string().nullable() });
export const ThresholdsIn = z.strictObject({ red: z.number().gt(0).max(1), orange: z.number().gt(0).max(1) });

// ---- campaign-wide check ----

export const RUN_STATUSES = ['indexing', 'checking', 'done', 'failed'] as const;

export const RunOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  /** indexing: every idea of every campaign and the library into the index; checking: each idea of the campaign. */
  status: z.enum(RUN_STATUSES),
  /** Documents indexed so far / to index. */
  indexed: z.number().int(),
  toIndex: z.number().int(),
  /** Checks finished (done or failed) so far / ideas to check. */
  checked: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const RunResultOut = z.object({
  ideaId: z.number().int(),
  title: z.string(),
  unitName: z.string(),
  status: z.enum(CHECK_STATUSES),
  similarity: z.number().nullable(),
  level: Level.nullable(),
  /** Title of the source that contributes most, if any. */
  topSource: z.string().nullable(),
});
export const RunDetailOut = RunOut.extend({
  thresholds: Thresholds,
  /** The campaign's ideas, highest figure first (unfinished ones last). */
  results: z.array(RunResultOut),
});
export const RunListOut = z.object({ items: z.array(RunOut) });
export const RunStartIn = z.strictObject({ campaignId: Id.optional() });
export const RunListQuery = z.strictObject({ campaignId: IdParam.optional() });

export const Params = z.strictObject({ id: IdParam });

export type CheckDto = z.infer<typeof CheckOut>;
export type SummaryDto = z.infer<typeof SummaryOut>;
export type ReportDto = z.infer<typeof ReportOut>;
export type ReportSourceDto = z.infer<typeof ReportSourceOut>;
export type ReferenceDto = z.infer<typeof ReferenceOut>;
export type RunDto = z.infer<typeof RunOut>;
export type LevelName = z.infer<typeof Level>;
