// Use cases of golden ideas: each runs inside the caller's transaction (mutate), checks the move
// against ideas.states.ts, the deadline, quota and completeness against ideas.rules.ts, and records
// who did what, when and why in the idea's history.
import type { Kysely, Transaction } from 'kysely';
import type { DB, IdeaTable } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { hasRole, ideaScope, unitScope, type Actor } from '../../platform/policy/policy.ts';
import { countChars } from '../../shared/wordcount.ts';
import * as campaigns from '../campaigns/campaigns.repository.ts';
import * as repo from './ideas.repository.ts';
import { fileIdsOfIdea } from './attachments/attachments.repository.ts';
import { deleteStoredFiles } from '../files/files.repository.ts';
import { ACTION_VERBS, checkMove, STATUS_LABELS, type IdeaAction, type IdeaStatus, type Standing } from './ideas.states.ts';
import { batchReceipt, checkDeadline, checkQuota, ideaReceipt, incompleteReasons, normalizePhone, shanghaiText, shanghaiYear, type CollectionRules, type IdeaContent } from './ideas.rules.ts';
import { batchDigest, sealIdea, sha256Hex } from './seal-digest.ts';
import { enqueueOriginalityCheck } from '../originality/originality.jobs.ts';

type Trx = Transaction<DB>;
type Db = Kysely<DB> | Trx;

export interface Ctx {
  dialect: Dialect;
  now: string;
}

export type IdeaRow = NonNullable<Awaited<ReturnType<typeof repo.findIdea>>>;

// ---- loading with the caller's scope ----

/** An idea the actor may see, or 404 (foreign ideas look missing, row 13). */
export async function visibleIdea(db: Db, actor: Actor, id: number): Promise<IdeaRow> {
  const row = await repo.findIdea(db, ideaScope(actor), id);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** The ideas among `ids` that the actor may see (one query; unseen and unknown ids left out). */
export function visibleIdeas(db: Db, actor: Actor, ids: readonly number[]) {
  return repo.findIdeas(db, ideaScope(actor), ids);
}

export function standingOf(actor: Actor, idea: { created_by: number; unit_id: number }): Standing {
  return {
    author: idea.created_by === actor.userId,
    unitAdmin: hasRole(actor, 'unit_admin') && actor.unitId === idea.unit_id,
    bureau: hasRole(actor, 'bureau_admin'),
  };
}

function refuse(action: IdeaAction, status: IdeaStatus, reason: 'forbidden' | 'state'): never {
  if (reason === 'forbidden') throw new AppError('FORBIDDEN');
  throw new AppError('INVALID_TRANSITION', (locale) => ({ status: STATUS_LABELS[status][locale], action: ACTION_VERBS[action][locale] }));
}

/** Loads and locks an idea the actor may see, and checks that `action` is a legal move for them. */
async function forMove(trx: Trx, ctx: Ctx, actor: Actor, id: number, action: IdeaAction) {
  await repo.lockIdea(trx, ctx.dialect, id);
  const idea = await visibleIdea(trx, actor, id);
  const check = checkMove(action, idea.status as IdeaStatus, standingOf(actor, idea));
  if (!check.ok) refuse(action, idea.status as IdeaStatus, check.reason);
  return { idea, to: check.to };
}

/** An idea the actor may edit now (its author, while draft or returned): for attachments too. */
export async function editableIdea(trx: Trx, ctx: Ctx, actor: Actor, id: number) {
  return (await forMove(trx, ctx, actor, id, 'edit')).idea;
}

// ---- the campaign's rules ----

export async function currentCampaign(db: Db) {
  const id = await campaigns.latestCampaignId(db);
  if (id == null) throw new AppError('NO_CAMPAIGN');
  return (await campaigns.getCampaign(db, id))!;
}

type Rules = CollectionRules & { dueAt: string | null; formTitle: string; title: string; createdAt: string };
/** Rules read once per transaction (a send checks completeness and the deadline: one read, not four). */
const rulesInTrx = new WeakMap<Trx, Map<number, Promise<Rules>>>();

export async function rulesOf(db: Db, campaignId: number): Promise<Rules> {
  if (!db.isTransaction) return readRules(db, campaignId);
  const trx = db as Trx;
  let cache = rulesInTrx.get(trx);
  if (!cache) rulesInTrx.set(trx, (cache = new Map()));
  let r = cache.get(campaignId);
  if (!r) cache.set(campaignId, (r = readRules(trx, campaignId)));
  return r;
}

async function readRules(db: Db, campaignId: number): Promise<Rules> {
  const c = await campaigns.collectionRules(db, campaignId);
  if (!c) throw new AppError('NOT_FOUND');
  return {
    ideasMin: c.ideas_min,
    ideasMax: c.ideas_max,
    minChars: c.min_chars,
    authorship: c.authorship,
    topics: JSON.parse(c.topics_json) as string[],
    dueAt: c.ideas_due_at ?? null,
    formTitle: c.form_title,
    title: c.title,
    createdAt: c.created_at,
  };
}

/** Refuses the move after the deadline unless the unit has a running extension; says whether it is late. */
async function assertOpen(db: Db, ctx: Ctx, campaignId: number, unitId: number, action: IdeaAction): Promise<boolean> {
  const { dueAt } = await rulesOf(db, campaignId);
  // The extension matters only once the deadline has passed.
  const check = checkDeadline(ctx.now, { dueAt, extensionUntil: dueAt && ctx.now > dueAt ? await campaigns.extensionOf(db, campaignId, unitId) : null });
  if (!check.ok) throw new AppError('DEADLINE_PASSED', (locale) => ({ deadline: `${shanghaiText(dueAt!)}${locale === 'zh-CN' ? '（北京时间）' : ' (Beijing time)'}`, action: ACTION_VERBS[action][locale] }));
  return check.late;
}

function contentOf(idea: IdeaRow): IdeaContent {
  return {
    contactName: idea.contact_name,
    contactPhone: idea.contact_phone,
    authorship: idea.authorship,
    authors: JSON.parse(idea.authors_json) as string[],
    topic: idea.topic,
    title: idea.title,
    body: idea.body,
    pledge: idea.pledge === 1,
  };
}

async function assertComplete(db: Db, idea: IdeaRow) {
  const reasons = incompleteReasons(contentOf(idea), await rulesOf(db, idea.campaign_id));
  if (reasons.length) throw new AppError('IDEA_INCOMPLETE', (locale) => ({ reasons: reasons.map((r) => r[locale]).join(locale === 'zh-CN' ? '；' : '; ') }), { reasons });
}

async function record(trx: Trx, ctx: Ctx, actor: Actor | null, ideaId: number, action: string, from: string | null, to: string, comment: string | null = null) {
  await repo.insertEvent(trx, { idea_id: ideaId, at: ctx.now, actor_id: actor?.userId ?? null, action, from_status: from, to_status: to, comment });
}

// ---- the author's form ----

export interface ContentInput {
  contactName?: string;
  contactPhone?: string;
  authorship?: 'collective' | 'individual';
  authors?: string[];
  topic?: string;
  title?: string;
  body?: string;
  pledge?: boolean;
}

function contentColumns(c: ContentInput) {
  return {
    ...(c.contactName !== undefined ? { contact_name: c.contactName.trim() } : {}),
    ...(c.contactPhone !== undefined ? { contact_phone: normalizePhone(c.contactPhone) } : {}),
    ...(c.authorship !== undefined ? { authorship: c.authorship } : {}),
    ...(c.authors !== undefined ? { authors_json: JSON.stringify(c.authors.map((a) => a.trim()).filter(Boolean)) } : {}),
    ...(c.topic !== undefined ? { topic: c.topic } : {}),
    ...(c.title !== undefined ? { title: c.title.trim() } : {}),
    ...(c.body !== undefined ? { body: c.body.replace(/\r\n?/g, '\n'), char_count: countChars(c.body) } : {}),
    ...(c.pledge !== undefined ? { pledge: c.pledge ? 1 : 0 } : {}),
  };
}

/** A new draft in the actor's unit for the current campaign; a repeated clientId returns the first. */
export async function createDraft(trx: Trx, ctx: Ctx, actor: Actor, input: ContentInput & { clientId?: string }): Promise<number> {
  if (actor.unitId == null) throw new AppError('FORBIDDEN');
  if (input.clientId) {
    const prior = await repo.findByClientId(trx, actor.userId, input.clientId);
    if (prior) return prior.id;
  }
  const c = await currentCampaign(trx);
  const id = await repo.insertIdea(trx, {
    campaign_id: c.id,
    unit_id: actor.unitId,
    created_by: actor.userId,
    client_id: input.clientId ?? null,
    status: 'draft',
    contact_name: '',
    contact_phone: '',
    authorship: 'individual',
    authors_json: '[]',
    topic: '',
    title: '',
    body: '',
    char_count: 0,
    pledge: 0,
    version: 1,
    receipt_no: null,
    batch_id: null,
    imported: 0,
    late: 0,
    last_comment: null,
    sent_at: null,
    approved_at: null,
    submitted_at: null,
    received_at: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    ...contentColumns(input),
  });
  await record(trx, ctx, actor, id, 'create', null, 'draft');
  return id;
}

/** Autosave: only the author, only while draft or returned, only from the version they loaded. */
export async function saveContent(trx: Trx, ctx: Ctx, actor: Actor, id: number, version: number, input: ContentInput) {
  const idea = await editableIdea(trx, ctx, actor, id);
  if (idea.version !== version) throw new AppError('VERSION_CONFLICT', {}, { currentVersion: idea.version });
  if (!(await repo.updateContentAt(trx, id, version, { ...contentColumns(input), updated_at: ctx.now }))) throw new AppError('VERSION_CONFLICT');
}

export async function deleteDraft(trx: Trx, ctx: Ctx, actor: Actor, id: number) {
  await forMove(trx, ctx, actor, id, 'delete');
  const files = await fileIdsOfIdea(trx, id); // a draft was never sealed: its attachments' bytes go with it
  await repo.deleteIdea(trx, id);
  await deleteStoredFiles(trx, files);
}

// ---- the workflow ----

/** Writes a move's changes and gives back the idea as it now is (the answer needs no second read). */
async function applyMove(trx: Trx, idea: IdeaRow, set: Partial<Omit<IdeaTable, 'id'>>): Promise<IdeaRow> {
  await repo.updateIdea(trx, idea.id, set);
  return { ...idea, ...set } as IdeaRow;
}

export async function send(trx: Trx, ctx: Ctx, actor: Actor, id: number): Promise<IdeaRow> {
  const { idea, to } = await forMove(trx, ctx, actor, id, 'send');
  await assertComplete(trx, idea);
  const late = await assertOpen(trx, ctx, idea.campaign_id, idea.unit_id, 'send');
  const moved = await applyMove(trx, idea, { status: to, sent_at: ctx.now, updated_at: ctx.now, late: late ? 1 : idea.late });
  await record(trx, ctx, actor, id, 'send', idea.status, to);
  // 查重 (issue 4): checked when it reaches the unit, in the background; queued with the send.
  await enqueueOriginalityCheck(trx, { ideaId: id, reason: 'send', now: ctx.now });
  return moved;
}

export async function approve(trx: Trx, ctx: Ctx, actor: Actor, id: number, comment: string | null): Promise<IdeaRow> {
  const { idea, to } = await forMove(trx, ctx, actor, id, 'approve');
  await assertComplete(trx, idea);
  const late = await assertOpen(trx, ctx, idea.campaign_id, idea.unit_id, 'approve');
  const moved = await applyMove(trx, idea, { status: to, approved_at: ctx.now, updated_at: ctx.now, late: late ? 1 : idea.late, ...(idea.sent_at ? {} : { sent_at: ctx.now }) });
  await record(trx, ctx, actor, id, 'approve', idea.status, to, comment);
  return moved;
}

export async function unitReturn(trx: Trx, ctx: Ctx, actor: Actor, id: number, comment: string): Promise<IdeaRow> {
  const { idea, to } = await forMove(trx, ctx, actor, id, 'return');
  const moved = await applyMove(trx, idea, { status: to, last_comment: comment, approved_at: null, updated_at: ctx.now });
  await record(trx, ctx, actor, id, 'return', idea.status, to, comment);
  return moved;
}

/**
 * Seals 1–5 approved ideas of the actor's unit into a batch and submits it (item 4, row 16): under a
 * lock on the unit, the quota (never more than the maximum, never below the minimum) and the deadline
 * are checked inside the transaction; each idea gets its receipt and an immutable sealed snapshot.
 */
export async function seal(trx: Trx, ctx: Ctx, actor: Actor, ideaIds: number[]) {
  if (actor.unitId == null || !hasRole(actor, 'unit_admin')) throw new AppError('FORBIDDEN');
  const unitId = actor.unitId;
  await repo.lockUnit(trx, ctx.dialect, unitId);
  const ids = [...new Set(ideaIds)];
  for (const id of ids) await forMove(trx, ctx, actor, id, 'seal');
  const rows = await repo.ideasForSeal(trx, ids);
  const campaignId = rows[0].campaign_id;
  if (rows.some((r) => r.campaign_id !== campaignId || r.unit_id !== unitId)) throw new AppError('NOT_FOUND');
  const rules = await rulesOf(trx, campaignId);
  const counted = await repo.countCounted(trx, campaignId, unitId);
  const quota = checkQuota(counted, ids.length, rules);
  if (!quota.ok) {
    if (quota.code === 'QUOTA_EXCEEDED') throw new AppError('QUOTA_EXCEEDED', { max: rules.ideasMax, count: counted, batch: ids.length });
    throw new AppError('BATCH_TOO_SMALL', { min: rules.ideasMin, count: counted + ids.length });
  }
  const late = await assertOpen(trx, ctx, campaignId, unitId, 'seal');
  const year = shanghaiYear(rules.dueAt ?? rules.createdAt);
  const counters = await repo.receiptCounters(trx, campaignId, unitId);
  const attachments = await repo.attachmentsForSeal(trx, ids);
  const unitCode = rows[0].unit_code;
  const receiptNo = batchReceipt(year, campaignId, unitCode, counters.batches + 1);
  let n = counters.ideas;
  const sealed = rows.map((r) => {
    const receipt = r.receipt_no ?? ideaReceipt(year, campaignId, unitCode, ++n);
    const { snapshot, digest } = sealIdea({
      receiptNo: receipt,
      unitCode,
      unitName: r.unit_name,
      contactName: r.contact_name,
      contactPhone: r.contact_phone,
      authorship: r.authorship,
      authors: JSON.parse(r.authors_json) as string[],
      topic: r.topic,
      title: r.title,
      body: r.body,
      charCount: r.char_count,
      attachments: attachments.filter((a) => a.idea_id === r.id).map((a) => ({ name: a.name, sha256: a.sha256 })),
    });
    return { row: r, receipt, snapshot, digest };
  });
  const batchId = await writeBatch(trx, ctx, { campaignId, unitId, unitCode, seq: counters.batches + 1, receiptNo, sealedBy: actor.userId, late, ideas: sealed.map((x) => ({ id: x.row.id, version: x.row.version, receipt: x.receipt, snapshot: x.snapshot, digest: x.digest })) });
  for (const s of sealed) {
    await repo.updateIdea(trx, s.row.id, { status: 'submitted', receipt_no: s.receipt, batch_id: batchId, submitted_at: ctx.now, updated_at: ctx.now, ...(late ? { late: 1 } : {}) });
    await record(trx, ctx, actor, s.row.id, 'seal', 'approved', 'submitted', receiptNo);
    // Checked again as sealed: the text the bureau receives.
    await enqueueOriginalityCheck(trx, { ideaId: s.row.id, reason: 'seal', now: ctx.now });
  }
  return batchId;
}

interface BatchToWrite {
  campaignId: number;
  unitId: number;
  unitCode: string;
  seq: number;
  receiptNo: string;
  sealedBy: number;
  late: boolean;
  ideas: { id: number; version: number; receipt: string; snapshot: string; digest: string }[];
}

/** The sealed batch and its ideas' immutable snapshots; the batch digest covers them all. */
async function writeBatch(trx: Trx, ctx: Ctx, b: BatchToWrite): Promise<number> {
  const batchId = await repo.insertBatch(trx, {
    campaign_id: b.campaignId,
    unit_id: b.unitId,
    seq: b.seq,
    receipt_no: b.receiptNo,
    status: 'submitted',
    digest: batchDigest({ receiptNo: b.receiptNo, unitCode: b.unitCode, sealedAt: ctx.now, ideas: b.ideas.map((i) => ({ receiptNo: i.receipt, digest: i.digest })) }),
    idea_count: b.ideas.length,
    late: b.late ? 1 : 0,
    sealed_by: b.sealedBy,
    sealed_at: ctx.now,
    decided_by: null,
    decided_at: null,
    return_reason: null,
  });
  for (const i of b.ideas) await repo.insertVersion(trx, { idea_id: i.id, batch_id: batchId, version: i.version, snapshot: i.snapshot, digest: i.digest, created_at: ctx.now });
  return batchId;
}

export async function visibleBatch(db: Db, actor: Actor, id: number) {
  const b = await repo.findBatch(db, unitScope(actor), id);
  if (!b) throw new AppError('NOT_FOUND');
  return b;
}

async function decideBatch(trx: Trx, ctx: Ctx, actor: Actor, id: number, outcome: 'received' | 'returned', reason: string | null) {
  const b = await visibleBatch(trx, actor, id);
  if (b.status !== 'submitted') {
    throw new AppError('INVALID_TRANSITION', (locale) => ({
      status: locale === 'zh-CN' ? (b.status === 'received' ? '已签收' : '已退回') : b.status,
      action: ACTION_VERBS[outcome === 'received' ? 'receive' : 'bureau-return'][locale],
    }));
  }
  await repo.updateBatch(trx, id, { status: outcome, decided_by: actor.userId, decided_at: ctx.now, return_reason: reason });
  for (const idea of await repo.ideasOfBatch(trx, id)) {
    if (idea.batch_id !== id || idea.status !== 'submitted') continue;
    if (outcome === 'received') {
      await repo.updateIdea(trx, idea.id, { status: 'received', received_at: ctx.now, updated_at: ctx.now });
      await record(trx, ctx, actor, idea.id, 'receive', 'submitted', 'received');
    } else {
      await repo.updateIdea(trx, idea.id, { status: 'returned', batch_id: null, last_comment: reason, approved_at: null, updated_at: ctx.now });
      await record(trx, ctx, actor, idea.id, 'bureau-return', 'submitted', 'returned', reason);
    }
  }
}

export const receiveBatch = (trx: Trx, ctx: Ctx, actor: Actor, id: number) => decideBatch(trx, ctx, actor, id, 'received', null);
export const returnBatch = (trx: Trx, ctx: Ctx, actor: Actor, id: number, reason: string) => decideBatch(trx, ctx, actor, id, 'returned', reason);

/** The bureau sends one idea back for correction; it leaves its batch (the sealed version stays on record). */
export async function bureauReturn(trx: Trx, ctx: Ctx, actor: Actor, id: number, reason: string): Promise<IdeaRow> {
  const { idea, to } = await forMove(trx, ctx, actor, id, 'bureau-return');
  const moved = await applyMove(trx, idea, { status: to, batch_id: null, last_comment: reason, approved_at: null, received_at: null, updated_at: ctx.now });
  await record(trx, ctx, actor, id, 'bureau-return', idea.status, to, reason);
  return moved;
}

// ---- imported ideas (Word import, item 6) ----

export interface ImportedIdea extends Required<Omit<ContentInput, 'pledge'>> {
  unitId: number;
  campaignId?: number;
  sourceName: string;
}

/**
 * Ideas the bureau imported from Word files enter as submitted, marked imported, with a receipt and a
 * sealed snapshot in a batch of their own per unit (the bureau admin as sealer), so they count against
 * the quota like any other. Returns the ids.
 */
export async function importIdeas(trx: Trx, ctx: Ctx, actor: Actor, items: ImportedIdea[]): Promise<number[]> {
  const out: number[] = [];
  const byUnit = new Map<number, ImportedIdea[]>();
  for (const it of items) byUnit.set(it.unitId, [...(byUnit.get(it.unitId) ?? []), it]);
  for (const [unitId, list] of byUnit) {
    await repo.lockUnit(trx, ctx.dialect, unitId);
    const unit = await repo.unitBrief(trx, unitId);
    if (!unit) throw new AppError('NOT_FOUND');
    const campaignId = list[0].campaignId ?? (await currentCampaign(trx)).id;
    const rules = await rulesOf(trx, campaignId);
    const counted = await repo.countCounted(trx, campaignId, unitId);
    if (counted + list.length > rules.ideasMax) throw new AppError('QUOTA_EXCEEDED', { max: rules.ideasMax, count: counted, batch: list.length });
    const year = shanghaiYear(rules.dueAt ?? rules.createdAt);
    const counters = await repo.receiptCounters(trx, campaignId, unitId);
    const receiptNo = batchReceipt(year, campaignId, unit.code, counters.batches + 1);
    let n = counters.ideas;
    const sealed = [];
    for (const it of list) {
      const receipt = ideaReceipt(year, campaignId, unit.code, ++n);
      const cols = contentColumns(it);
      const id = await repo.insertIdea(trx, {
        campaign_id: campaignId,
        unit_id: unitId,
        created_by: actor.userId,
        client_id: null,
        status: 'submitted',
        contact_name: '',
        contact_phone: '',
        authorship: 'collective',
        authors_json: '[]',
        topic: '',
        title: '',
        body: '',
        char_count: 0,
        pledge: 1,
        version: 1,
        receipt_no: receipt,
        batch_id: null,
        imported: 1,
        late: 0,
        last_comment: it.sourceName,
        sent_at: ctx.now,
        approved_at: ctx.now,
        submitted_at: ctx.now,
        received_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
        ...cols,
      });
      const { snapshot, digest } = sealIdea({
        receiptNo: receipt,
        unitCode: unit.code,
        unitName: unit.name,
        contactName: it.contactName.trim(),
        contactPhone: normalizePhone(it.contactPhone),
        authorship: it.authorship,
        authors: it.authors,
        topic: it.topic,
        title: it.title.trim(),
        body: cols.body ?? '',
        charCount: cols.char_count ?? 0,
        attachments: [],
      });
      sealed.push({ id, receipt, snapshot, digest });
      await record(trx, ctx, actor, id, 'import', null, 'submitted', it.sourceName);
      await enqueueOriginalityCheck(trx, { ideaId: id, reason: 'seal', now: ctx.now });
      out.push(id);
    }
    const batchId = await writeBatch(trx, ctx, { campaignId, unitId, unitCode: unit.code, seq: counters.batches + 1, receiptNo, sealedBy: actor.userId, late: false, ideas: sealed.map((x) => ({ ...x, version: 1 })) });
    for (const x of sealed) await repo.updateIdea(trx, x.id, { batch_id: batchId });
  }
  return out;
}

/** Recomputes a batch's digest from its stored snapshots: false when anything was altered (row 29). */
export async function batchIntact(db: Db, batch: { id: number; receipt_no: string; unit_code: string; sealed_at: string; digest: string }): Promise<boolean> {
  const versions = await repo.versionsOfBatch(db, batch.id);
  const ideas = [];
  for (const v of versions) {
    const snap = JSON.parse(v.snapshot) as { receiptNo: string };
    if (sha256Hex(v.snapshot) !== v.digest) return false;
    ideas.push({ receiptNo: snap.receiptNo, digest: v.digest });
  }
  return batchDigest({ receiptNo: batch.receipt_no, unitCode: batch.unit_code, sealedAt: batch.sealed_at, ideas }) === batch.digest;
}
