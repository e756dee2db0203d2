// Use cases of the originality check: who may see which figure or report, the check of one idea
// (index its current text as source "idea:<id>", run the engine, keep the report with the texts it
// points into), the reference library, the bureau's stock-phrase list and thresholds, and the
// campaign-wide run. SQL lives in originality.repository.ts, the index in ./store.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Database, Dialect } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { hasRole, type Actor } from '../../platform/policy/policy.ts';
import * as ideas from '../ideas/ideas.service.ts';
import * as campaigns from '../campaigns/campaigns.repository.ts';
import { shanghaiYear } from '../ideas/ideas.rules.ts';
import { checkDocument } from './engine/check.ts';
import { normalize } from './engine/normalize.ts';
import { StockPhrases } from './engine/stock-phrases.ts';
import type { OriginalityReport } from './engine/report.ts';
import { indexSource, openFingerprintIndex, reindex, removeSource } from './store/index.ts';
import { levelOf } from './print/segments.ts';
import * as repo from './originality.repository.ts';
import type { CheckRow } from './originality.repository.ts';
import { presentReport, presentSummary, seesUnitOf } from './originality.presenter.ts';
import type { ReportDto, SummaryDto } from './originality.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Trx = Transaction<DB>;
type SqliteHandle = NonNullable<Database['sqlite']>;

export interface Ctx {
  dialect: Dialect;
  now: string;
}

export const ideaSourceId = (ideaId: number) => `idea:${ideaId}`;
export const referenceSourceId = (refId: number) => `ref:${refId}`;

/** Attempts of a check before it is 'failed'; the back-off doubles from 10 s. */
export const MAX_ATTEMPTS = 3;
export const retryDelayMs = (attempts: number) => 5_000 * 2 ** attempts;

/** A stock phrase shorter than this (normalised characters) would hide ordinary words. */
export const MIN_STOCK_CHARS = 4;
/** A reference text needs at least the engine's guaranteed run (13 characters) to ever match. */
export const MIN_REFERENCE_CHARS = 13;

// ---- who sees what ----

/** The bureau admin, or the unit admin of the idea's unit: the full report. */
export function seesReport(actor: Actor, idea: { unit_id: number }): boolean {
  return hasRole(actor, 'bureau_admin') || (hasRole(actor, 'unit_admin') && actor.unitId === idea.unit_id);
}

/** Those, and the idea's author: the overall figure and the job status. */
export function seesFigure(actor: Actor, idea: { unit_id: number; created_by: number }): boolean {
  return seesReport(actor, idea) || idea.created_by === actor.userId;
}

/** An idea the actor may see (else 404) and whose figure they may see (else 403). */
export async function ideaForFigure(db: Db, actor: Actor, ideaId: number) {
  const idea = await ideas.visibleIdea(db, actor, ideaId);
  if (!seesFigure(actor, idea)) throw new AppError('FORBIDDEN');
  return idea;
}

export async function ideaForReport(db: Db, actor: Actor, ideaId: number) {
  const idea = await ideas.visibleIdea(db, actor, ideaId);
  if (!seesReport(actor, idea)) throw new AppError('FORBIDDEN');
  return idea;
}

// ---- figures and reports, as each viewer sees them ----

// What a viewer may see of a source and of a text is decided where it is presented.
export { maskPhonesInText, seesUnitOf } from './originality.presenter.ts';

/** One idea's figure and status: the idea's author too (else 404/403 as ideaForFigure). */
export async function summaryFor(db: Db, actor: Actor, ideaId: number): Promise<SummaryDto> {
  const idea = await ideaForFigure(db, actor, ideaId);
  const [checks, t] = await Promise.all([repo.latestChecks(db, [idea.id]), thresholds(db)]);
  return presentSummary(idea.id, idea.version, checks.get(idea.id), t);
}

/**
 * The figures of several ideas (the lists of the pages): those among `ideaIds` the actor may see
 * and whose figure they may see, in the order asked, each once. A fixed number of queries however
 * many ids: the ideas in scope, their newest and newest finished checks, the thresholds.
 */
export async function summaries(db: Db, actor: Actor, ideaIds: readonly number[]): Promise<SummaryDto[]> {
  const ids = [...new Set(ideaIds)];
  const [rows, t] = await Promise.all([ideas.visibleIdeas(db, actor, ids), thresholds(db)]);
  const byId = new Map(rows.filter((i) => seesFigure(actor, i)).map((i) => [i.id, i]));
  const visible = ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const checks = await repo.latestChecks(db, visible.map((i) => i.id));
  return visible.map((i) => presentSummary(i.id, i.version, checks.get(i.id), t));
}

/**
 * An idea's report for the bureau or the idea's unit admin (else 404/403 as ideaForReport): its
 * figure and status, and the newest finished check as the actor may see it (unit names of matched
 * ideas only where seesUnitOf allows, phones masked), or null before any check finished. The report
 * page and the printed report are both made from this.
 */
export async function reportFor(db: Db, actor: Actor, ideaId: number) {
  const idea = await ideaForReport(db, actor, ideaId);
  const [checks, t] = await Promise.all([repo.latestChecks(db, [idea.id]), thresholds(db)]);
  const c = checks.get(idea.id);
  const summary = presentSummary(idea.id, idea.version, c, t);
  let report: ReportDto | null = null;
  const row = c?.done ? await repo.reportOf(db, c.done.id) : undefined;
  if (c?.done && row?.report_json) {
    const stored = JSON.parse(row.report_json) as StoredReport;
    const unitIds = [...new Set(Object.values(stored.sources).map((s) => s.unitId).filter((u): u is number => u !== null && seesUnitOf(actor, u)))];
    const unitNames = new Map((await repo.unitNames(db, unitIds)).map((u) => [u.id, u.name]));
    report = presentReport(actor, c.done, stored, idea.version, { red: t.red, orange: t.orange }, { unitNames });
  }
  return { idea, summary, report };
}

// ---- stock phrases ----

/** Per database (a process may open several: tests, the CLI), until the list's time changes. */
const stockCache = new WeakMap<Kysely<DB>, { key: string; stock: StockPhrases }>();

/** The bureau's list from the database (cached until it changes). */
export async function loadStock(db: Db): Promise<StockPhrases> {
  const s = await repo.settings(db);
  const key = s.stock_updated_at ?? 'seed';
  const cached = db.isTransaction ? undefined : stockCache.get(db);
  if (cached?.key === key) return cached.stock;
  const stock = StockPhrases.from((await repo.stockPhrases(db)).map((r) => r.phrase));
  if (!db.isTransaction) stockCache.set(db, { key, stock });
  return stock;
}

export interface StockChange {
  phrases: string[];
  added: number;
  removed: number;
}

/** Replaces the list: trimmed, duplicates (after normalisation) dropped, each at least MIN_STOCK_CHARS normalised. */
export async function replaceStock(trx: Trx, ctx: Ctx, input: string[]): Promise<StockChange> {
  const seen = new Set<string>();
  const phrases: string[] = [];
  const short: string[] = [];
  for (const raw of input) {
    const p = raw.trim();
    if (!p) continue;
    const n = normalize(p).text;
    if (n.length < MIN_STOCK_CHARS) {
      short.push(p);
      continue;
    }
    if (seen.has(n)) continue;
    seen.add(n);
    phrases.push(p);
  }
  if (short.length) {
    const list = short.slice(0, 5).map((s) => `“${s}”`).join('、');
    throw new AppError('VALIDATION_FAILED', (l) => ({
      detail: l === 'zh-CN' ? `套话至少 ${MIN_STOCK_CHARS} 个字（不计标点）：${list}${short.length > 5 ? ` 等 ${short.length} 条` : ''}` : `a stock phrase needs at least ${MIN_STOCK_CHARS} characters (punctuation not counted): ${list}`,
    }));
  }
  await repo.lockSettings(trx, ctx.dialect);
  const before = new Set((await repo.stockPhrases(trx)).map((r) => r.phrase));
  await repo.replaceStockPhrases(trx, phrases, ctx.now);
  const after = new Set(phrases);
  return { phrases, added: phrases.filter((p) => !before.has(p)).length, removed: [...before].filter((p) => !after.has(p)).length };
}

// ---- thresholds ----

export async function thresholds(db: Db) {
  const s = await repo.settings(db);
  return { red: Number(s.red), orange: Number(s.orange), updatedAt: s.thresholds_updated_at };
}

export async function setThresholds(trx: Trx, ctx: Ctx, red: number, orange: number) {
  if (!(orange < red)) {
    throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? '橙色阈值必须低于红色阈值' : 'the orange threshold must be below the red one' }));
  }
  await repo.lockSettings(trx, ctx.dialect);
  await repo.updateThresholds(trx, red, orange, ctx.now);
}

// ---- the check of one idea ----

/** What a finished check keeps: the engine's figures, the texts its offsets point into, and the sources' facts. */
export interface StoredReport {
  report: OriginalityReport;
  title: string;
  text: string;
  sources: Record<string, { kind: 'idea' | 'reference'; title: string; text: string; unitId: number | null; year: number | null; origin: string | null }>;
}

const yearCache = new Map<number, number>();

/** The campaign's year (of its ideas deadline, Beijing time): marks same-unit-earlier-year matches. */
export async function campaignYear(db: Db, campaignId: number): Promise<number> {
  let y = yearCache.get(campaignId);
  if (y === undefined) {
    const rules = await ideas.rulesOf(db, campaignId);
    y = shanghaiYear(rules.dueAt ?? rules.createdAt);
    yearCache.set(campaignId, y);
  }
  return y;
}

type IdeaText = { id: number; campaign_id: number; unit_id: number; title: string; body: string };

/** Puts the idea's current text into the index as "idea:<id>" unless it is there already, unchanged. */
export async function indexIdea(db: Kysely<DB>, dialect: Dialect, stock: StockPhrases, idea: IdeaText, now: string): Promise<boolean> {
  const id = ideaSourceId(idea.id);
  const [have] = await openFingerprintIndex(db, dialect, stock).documents([id]);
  if (have && have.text === idea.body && have.title === idea.title) return false;
  await indexSource(db, { id, kind: 'idea', text: idea.body, title: idea.title, family: id, unitId: idea.unit_id, year: await campaignYear(db, idea.campaign_id) }, { stock, clock: { now: () => new Date(now) } });
  return true;
}

export class CheckAbandoned extends Error {}

/** Runs one claimed check: index, check, keep the report. Throws on failure (the runner retries). */
export async function runCheck(db: Kysely<DB>, dialect: Dialect, check: CheckRow, now: () => string, sqlite: SqliteHandle | null = null): Promise<{ similarity: number; topSource: string | null; reportJson: string; ideaVersion: number }> {
  const idea = await repo.ideaForCheck(db, check.idea_id);
  if (!idea) throw new CheckAbandoned('金点子已不存在。');
  const stock = await loadStock(db);
  await indexIdea(db, dialect, stock, idea, now());
  // On SQLite the check's reads go through the raw handle (same connection, no Kysely per lookup).
  const index = openFingerprintIndex(db, dialect, stock, sqlite);
  const id = ideaSourceId(idea.id);
  const year = await campaignYear(db, idea.campaign_id);
  const report = await checkDocument(index, { id, text: idea.body, title: idea.title, family: id, unit: String(idea.unit_id), year, kind: 'idea' }, { stock });
  const docs = await index.documents(report.sources.map((s) => s.source));
  const refIds = docs.filter((d) => d.id.startsWith('ref:')).map((d) => Number(d.id.slice(4)));
  const origins = new Map((await repo.referenceOrigins(db, refIds)).map((r) => [r.id, r.origin]));
  const sources: StoredReport['sources'] = {};
  for (const d of docs) {
    const isRef = d.id.startsWith('ref:');
    sources[d.id] = {
      kind: isRef ? 'reference' : 'idea',
      title: d.title ?? '',
      text: d.text,
      unitId: d.unit !== undefined && /^\d+$/.test(d.unit) ? Number(d.unit) : null,
      year: d.year ?? null,
      origin: isRef ? (origins.get(Number(d.id.slice(4))) ?? null) : null,
    };
  }
  const stored: StoredReport = { report, title: idea.title, text: idea.body, sources };
  const top = report.sources[0];
  const topSource = top ? (sources[top.source]?.title || top.title || top.source).slice(0, 200) : null;
  return { similarity: report.similarity, topSource, reportJson: JSON.stringify(stored), ideaVersion: idea.version };
}

/**
 * The figure of an idea for the evaluation module (judges see this and nothing else of a check):
 * the newest finished check's overall share and its colour, or null before any check finished.
 */
export async function overallFigure(db: Db, ideaId: number): Promise<{ similarity: number; level: 'red' | 'orange' | 'ok'; checkedAt: string } | null> {
  const latest = (await repo.latestChecks(db, [ideaId])).get(ideaId);
  const done = latest?.done;
  if (!done || done.similarity == null) return null;
  return { similarity: Number(done.similarity), level: levelOf(Number(done.similarity), await thresholds(db)), checkedAt: done.finished_at ?? done.created_at };
}

// ---- reference library ----

export interface NewReference {
  title: string;
  origin: string;
  kind: 'txt' | 'docx' | 'doc' | 'pdf' | 'paste';
  fileName: string | null;
  text: string;
}

/** Adds a text to the library and to the index, in the caller's transaction (all or nothing). */
export async function addReference(trx: Trx, ctx: Ctx, actor: Actor, input: NewReference): Promise<number> {
  const text = input.text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '').trim();
  const chars = normalize(text).text.length;
  if (chars < MIN_REFERENCE_CHARS) throw new AppError('REFERENCE_TOO_SHORT', { min: MIN_REFERENCE_CHARS, chars });
  const id = await repo.insertReference(trx, { title: input.title.trim(), origin: input.origin.trim(), kind: input.kind, fileName: input.fileName, text, chars, createdBy: actor.userId, now: ctx.now });
  const stock = await loadStock(trx);
  await indexSource(trx, { id: referenceSourceId(id), kind: 'reference', text, title: input.title.trim(), origin: input.origin.trim() }, { stock, clock: { now: () => new Date(ctx.now) } });
  return id;
}

/** Removes a text from the library and from the index. */
export async function deleteReference(trx: Trx, id: number): Promise<void> {
  if (!(await repo.deleteReference(trx, id))) throw new AppError('NOT_FOUND');
  await removeSource(trx, referenceSourceId(id));
}

// ---- campaign-wide runs ----

/** Starts a campaign-wide check, or answers the one already running for that campaign. */
export async function startRun(trx: Trx, ctx: Ctx, actor: Actor, campaignId: number | undefined): Promise<{ id: number; existing: boolean }> {
  const cid = campaignId ?? (await campaigns.latestCampaignId(trx));
  if (cid == null) throw new AppError('NO_CAMPAIGN');
  if (!(await campaigns.getCampaign(trx, cid))) throw new AppError('NOT_FOUND');
  const active = await repo.activeRunOf(trx, cid);
  if (active) return { id: active.id, existing: true };
  const toIndex = (await repo.countSentIdeas(trx)) + (await repo.countReferences(trx));
  return { id: await repo.insertRun(trx, { campaignId: cid, toIndex, createdBy: actor.userId, now: ctx.now }), existing: false };
}

export const RUN_PAGE = 50;

/**
 * One step of a run's indexing (one page of ideas, then of references, then a rebuild of the
 * postings if the stock-phrase list changed since the last rebuild), claimed by this instance; the
 * last step queues a check of each idea of the campaign that reached the bureau.
 */
export async function stepRun(db: Kysely<DB>, dialect: Dialect, run: repo.RunRow, instance: string, now: () => string, sqlite: SqliteHandle | null = null): Promise<void> {
  const cursor = (run.cursor_json ? JSON.parse(run.cursor_json) : { idea: 0, ref: 0, ideasDone: false }) as { idea: number; ref: number; ideasDone: boolean; reindexedFor?: string };
  const stock = await loadStock(db);
  if (!cursor.ideasDone) {
    const page = await repo.sentIdeasPage(db, cursor.idea, RUN_PAGE);
    for (const idea of page) await indexIdea(db, dialect, stock, idea, now());
    if (page.length) cursor.idea = page[page.length - 1].id;
    else cursor.ideasDone = true;
    await repo.stepRun(db, run.id, instance, { indexed: run.indexed + page.length, cursor_json: JSON.stringify(cursor) });
    return;
  }
  const refs = await repo.referencesPage(db, cursor.ref, RUN_PAGE);
  if (refs.length) {
    const index = openFingerprintIndex(db, dialect, stock);
    const have = new Set((await index.documents(refs.map((r) => referenceSourceId(r.id)))).map((d) => d.id));
    for (const r of refs) {
      if (!have.has(referenceSourceId(r.id))) await indexSource(db, { id: referenceSourceId(r.id), kind: 'reference', text: r.text, title: r.title, origin: r.origin }, { stock });
    }
    cursor.ref = refs[refs.length - 1].id;
    await repo.stepRun(db, run.id, instance, { indexed: run.indexed + refs.length, cursor_json: JSON.stringify(cursor) });
    return;
  }
  // The bureau changed its stock-phrase list since the last run rebuilt the postings: a phrase taken
  // off the list must be indexed again (its k-grams were never stored), so rebuild them once now.
  const settings = await repo.settings(db);
  const stockAt = settings.stock_updated_at;
  if (stockAt && cursor.reindexedFor !== stockAt && !(await repo.runReindexedFor(db, stockAt))) {
    await reindex(db, { stock, clock: { now: () => new Date(now()) }, sqlite });
    cursor.reindexedFor = stockAt;
    await repo.stepRun(db, run.id, instance, { cursor_json: JSON.stringify(cursor) });
    return;
  }
  // Indexed: queue the campaign's checks and move on, in one transaction.
  await db.transaction().execute(async (trx) => {
    const targets = await repo.reachedIdeasOf(trx, run.campaign_id);
    const t = now();
    for (const i of targets) await repo.insertCheck(trx, { ideaId: i.id, reason: 'campaign', runId: run.id, now: t });
    const ok = await repo.stepRun(trx, run.id, instance, {
      total: targets.length,
      to_index: Math.max(run.to_index, run.indexed),
      cursor_json: JSON.stringify(cursor),
      ...(targets.length ? { status: 'checking' } : { status: 'done', finished_at: t }),
    });
    if (!ok) throw new CheckAbandoned('run claim lost');
  });
}

