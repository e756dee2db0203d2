// The only SQL of golden ideas, batches and their history. Reads that carry an id take the caller's
// IdeaScope, so an idea outside it is simply not found (row 13).
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { param, precompiled } from '../../platform/db/precompiled.ts';
import type { DB, IdeaTable } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import type { IdeaScope, UnitScope } from '../../platform/policy/policy.ts';

type Db = Kysely<DB> | Transaction<DB>;

const IDEA_COLUMNS = [
  'ideas.id',
  'ideas.campaign_id',
  'ideas.unit_id',
  'ideas.created_by',
  'ideas.client_id',
  'ideas.status',
  'ideas.contact_name',
  'ideas.contact_phone',
  'ideas.authorship',
  'ideas.authors_json',
  'ideas.topic',
  'ideas.title',
  'ideas.char_count',
  'ideas.pledge',
  'ideas.version',
  'ideas.receipt_no',
  'ideas.batch_id',
  'ideas.imported',
  'ideas.late',
  'ideas.last_comment',
  'ideas.sent_at',
  'ideas.approved_at',
  'ideas.submitted_at',
  'ideas.received_at',
  'ideas.created_at',
  'ideas.updated_at',
  'units.name as unit_name',
  'units.code as unit_code',
  'units.type as unit_type',
  'units.sector_id',
  'sectors.name as sector_name',
  'users.name as author_name',
] as const;

function ideaBase(db: Db) {
  return db
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .innerJoin('sectors', 'sectors.id', 'units.sector_id')
    .innerJoin('users', 'users.id', 'ideas.created_by');
}
type IdeaQuery = ReturnType<typeof ideaBase>;

/** Limits an ideas query to what the scope may see. */
function inIdeaScope<O>(q: SelectQueryBuilder<DB, 'ideas' | 'units' | 'sectors' | 'users', O>, scope: IdeaScope) {
  switch (scope.kind) {
    case 'reached-all':
      return q.where('ideas.submitted_at', 'is not', null);
    case 'reached-sectors':
      return q.where('ideas.submitted_at', 'is not', null).where('units.sector_id', 'in', scope.sectorIds);
    case 'unit':
      return q.where('ideas.unit_id', '=', scope.unitId).where((eb) => eb.or([eb('ideas.created_by', '=', scope.userId), eb('ideas.status', '!=', 'draft')]));
    case 'author':
      return q.where('ideas.created_by', '=', scope.userId);
    case 'none':
      return q.where('ideas.id', '=', -1);
  }
}

export type IdeaRow = Awaited<ReturnType<typeof findIdea>> & {};

function findIdeaQuery(db: Db, scope: IdeaScope, id: number) {
  return inIdeaScope(ideaBase(db).select([...IDEA_COLUMNS, 'ideas.body']), scope).where('ideas.id', '=', id);
}

// Every move and every read of one idea starts here: precompiled for the scopes whose shape does not
// depend on the values (a sector leader's list of sectors does).
const findIdeaAs = {
  'reached-all': precompiled((db) => findIdeaQuery(db, { kind: 'reached-all' }, param('id'))),
  unit: precompiled((db) => findIdeaQuery(db, { kind: 'unit', unitId: param('unitId'), userId: param('userId') }, param('id'))),
  author: precompiled((db) => findIdeaQuery(db, { kind: 'author', userId: param('userId') }, param('id'))),
};

export async function findIdea(db: Db, scope: IdeaScope, id: number) {
  switch (scope.kind) {
    case 'reached-all':
    case 'unit':
    case 'author':
      return findIdeaAs[scope.kind].first(db, { ...scope, id });
    default:
      return findIdeaQuery(db, scope, id).executeTakeFirst();
  }
}

/** Several ideas by id in one query, limited to the scope like findIdea (without the body); any order. */
export async function findIdeas(db: Db, scope: IdeaScope, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return inIdeaScope(ideaBase(db).select(IDEA_COLUMNS), scope).where('ideas.id', 'in', [...ids]).execute();
}

/** Locks the idea's row for the rest of the transaction (PostgreSQL; SQLite writers are serialised). */
export async function lockIdea(trx: Transaction<DB>, dialect: Dialect, id: number) {
  if (dialect === 'postgres') await sql`SELECT id FROM ideas WHERE id = ${id} FOR UPDATE`.execute(trx);
}

/** Serialises everything that changes a unit's submissions (quota checks under concurrency, row 16). */
export async function lockUnit(trx: Transaction<DB>, dialect: Dialect, unitId: number) {
  if (dialect === 'postgres') await sql`SELECT id FROM units WHERE id = ${unitId} FOR UPDATE`.execute(trx);
  else await trx.updateTable('units').set({ updated_at: sql`updated_at` }).where('id', '=', unitId).execute();
}

export interface IdeaFilters {
  campaignId: number;
  sectorId?: number;
  unitId?: number;
  unitType?: string;
  topic?: string;
  status?: string[];
  authorship?: string;
  minChars?: number;
  maxChars?: number;
  late?: boolean;
  imported?: boolean;
  q?: string;
  createdBy?: number;
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Db, scope: IdeaScope, f: IdeaFilters): IdeaQuery {
  let q = inIdeaScope(ideaBase(db), scope).where('ideas.campaign_id', '=', f.campaignId) as IdeaQuery;
  if (f.sectorId != null) q = q.where('units.sector_id', '=', f.sectorId);
  if (f.unitId != null) q = q.where('ideas.unit_id', '=', f.unitId);
  if (f.unitType) q = q.where('units.type', '=', f.unitType);
  if (f.topic) q = q.where('ideas.topic', '=', f.topic);
  if (f.status?.length) q = q.where('ideas.status', 'in', f.status);
  if (f.authorship) q = q.where('ideas.authorship', '=', f.authorship);
  if (f.minChars != null) q = q.where('ideas.char_count', '>=', f.minChars);
  if (f.maxChars != null) q = q.where('ideas.char_count', '<=', f.maxChars);
  if (f.late != null) q = q.where('ideas.late', '=', f.late ? 1 : 0);
  if (f.imported != null) q = q.where('ideas.imported', '=', f.imported ? 1 : 0);
  if (f.createdBy != null) q = q.where('ideas.created_by', '=', f.createdBy);
  if (f.q?.trim()) {
    // Substring search that works for Chinese on both databases (no word segmentation needed).
    const p = likePattern(f.q.trim());
    q = q.where((eb) => eb.or([sql<boolean>`lower(${eb.ref('ideas.title')}) like ${p} escape '\\'`, sql<boolean>`lower(${eb.ref('ideas.body')}) like ${p} escape '\\'`]));
  }
  return q;
}

export async function listIdeas(db: Db, scope: IdeaScope, f: IdeaFilters, page: { limit: number; offset: number }) {
  const base = filtered(db, scope, f);
  const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const rows = await base.select(IDEA_COLUMNS).orderBy('sectors.id').orderBy('units.code').orderBy('ideas.id').limit(page.limit).offset(page.offset).execute();
  return { total: Number(n), rows };
}

/** Every idea of a filter, with its text: for exports and the compiled volume. */
export async function listIdeasWithBody(db: Db, scope: IdeaScope, f: IdeaFilters) {
  return filtered(db, scope, f).select([...IDEA_COLUMNS, 'ideas.body']).orderBy('sectors.id').orderBy('units.code').orderBy('ideas.receipt_no').orderBy('ideas.id').execute();
}

export async function insertIdea(trx: Db, values: Omit<IdeaTable, 'id'>) {
  const { id } = await trx.insertInto('ideas').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findByClientId(db: Db, userId: number, clientId: string) {
  return db.selectFrom('ideas').select('id').where('created_by', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function updateIdea(trx: Db, id: number, set: Partial<Omit<IdeaTable, 'id'>>) {
  await trx.updateTable('ideas').set(set).where('id', '=', id).execute();
}

/** Saves content only if the version is still the one the editor loaded (optimistic concurrency). */
export async function updateContentAt(trx: Db, id: number, version: number, set: Partial<Omit<IdeaTable, 'id'>>) {
  const r = await trx
    .updateTable('ideas')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteIdea(trx: Db, id: number) {
  await trx.deleteFrom('idea_events').where('idea_id', '=', id).execute();
  await trx.deleteFrom('ideas').where('id', '=', id).execute();
}

const EVENT_FIELDS = ['idea_id', 'at', 'actor_id', 'action', 'from_status', 'to_status', 'comment'] as const;
type NewEvent = { idea_id: number; at: string; actor_id: number | null; action: string; from_status: string | null; to_status: string; comment: string | null };
const insertEventQuery = precompiled((db) => db.insertInto('idea_events').values(Object.fromEntries(EVENT_FIELDS.map((f) => [f, param(f)])) as NewEvent));

export async function insertEvent(trx: Db, e: NewEvent) {
  await insertEventQuery.run(trx, e);
}

const eventsQuery = precompiled((db) =>
  db
    .selectFrom('idea_events')
    .leftJoin('users', 'users.id', 'idea_events.actor_id')
    .select(['idea_events.id', 'idea_events.at', 'idea_events.action', 'idea_events.from_status', 'idea_events.to_status', 'idea_events.comment', 'users.name as actor_name'])
    .where('idea_events.idea_id', '=', param<number>('ideaId'))
    .orderBy('idea_events.id'),
);

export async function eventsOf(db: Db, ideaId: number) {
  return eventsQuery.all(db, { ideaId });
}

/** Ideas that count against the unit's quota. */
export async function countCounted(trx: Db, campaignId: number, unitId: number) {
  const r = await trx
    .selectFrom('ideas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('status', 'in', ['submitted', 'received'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Running numbers for receipts: ideas ever receipted and batches ever sealed by the unit. */
export async function receiptCounters(trx: Db, campaignId: number, unitId: number) {
  const ideas = await trx
    .selectFrom('ideas')
    .select((eb) => eb.fn.count<number>('receipt_no').as('n'))
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  const batches = await trx
    .selectFrom('idea_batches')
    .select((eb) => eb.fn.max<number>('seq').as('n'))
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  return { ideas: Number(ideas.n ?? 0), batches: Number(batches.n ?? 0) };
}

/** What a sealed snapshot holds of an idea (seal-digest.ts SealedIdea), as columns. */
const SEALED_COLUMNS = [
  'ideas.receipt_no',
  'ideas.contact_name',
  'ideas.contact_phone',
  'ideas.authorship',
  'ideas.authors_json',
  'ideas.topic',
  'ideas.title',
  'ideas.body',
  'ideas.char_count',
  'units.code as unit_code',
  'units.name as unit_name',
] as const;

export async function ideasForSeal(trx: Db, ids: number[]) {
  return trx
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .select([
      'ideas.id',
      'ideas.campaign_id',
      'ideas.unit_id',
      'ideas.status',
      ...SEALED_COLUMNS,
      'ideas.version',
    ])
    .where('ideas.id', 'in', ids)
    .orderBy('ideas.id')
    .execute();
}

export async function attachmentsForSeal(trx: Db, ideaIds: number[]) {
  if (!ideaIds.length) return [];
  return trx
    .selectFrom('idea_attachments')
    .innerJoin('stored_files', 'stored_files.id', 'idea_attachments.file_id')
    .select(['idea_attachments.idea_id', 'stored_files.original_name as name', 'stored_files.sha256'])
    .where('idea_attachments.idea_id', 'in', ideaIds)
    .orderBy('idea_attachments.seq')
    .execute();
}

export async function insertBatch(trx: Db, v: Omit<DB['idea_batches'], 'id'>) {
  const { id } = await trx.insertInto('idea_batches').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertVersion(trx: Db, v: { idea_id: number; batch_id: number; version: number; snapshot: string; digest: string; created_at: string }) {
  await trx.insertInto('idea_versions').values(v).execute();
}

export async function versionsOfBatch(db: Db, batchId: number) {
  return db.selectFrom('idea_versions').select(['idea_id', 'version', 'snapshot', 'digest']).where('batch_id', '=', batchId).orderBy('id').execute();
}

const BATCH_COLUMNS = [
  'idea_batches.id',
  'idea_batches.campaign_id',
  'idea_batches.unit_id',
  'idea_batches.seq',
  'idea_batches.receipt_no',
  'idea_batches.status',
  'idea_batches.digest',
  'idea_batches.idea_count',
  'idea_batches.late',
  'idea_batches.sealed_at',
  'idea_batches.decided_at',
  'idea_batches.return_reason',
  'units.name as unit_name',
  'units.code as unit_code',
  'units.sector_id',
  'sealer.name as sealed_by_name',
] as const;

/** Limits a query that joins `units` to the units of the caller's scope (every shape has `units`; Kysely cannot see it through the generic, hence the casts). */
function inUnitScope<Q>(query: Q, scope: UnitScope): Q {
  const q = query as unknown as SelectQueryBuilder<DB, 'units', unknown>;
  switch (scope.kind) {
    case 'all':
      return query;
    case 'sectors':
      return q.where('units.sector_id', 'in', scope.sectorIds) as unknown as Q;
    case 'unit':
      return q.where('units.id', '=', scope.unitId) as unknown as Q;
    case 'none':
      return q.where('units.id', '=', -1) as unknown as Q;
  }
}

function batchBase(db: Db) {
  return db.selectFrom('idea_batches').innerJoin('units', 'units.id', 'idea_batches.unit_id').innerJoin('users as sealer', 'sealer.id', 'idea_batches.sealed_by');
}

/** Batches in the caller's unit scope (the unit's admin, a sector, or all). */
export async function listBatches(db: Db, scope: UnitScope, campaignId: number, status?: string) {
  let q = batchBase(db).select(BATCH_COLUMNS).where('idea_batches.campaign_id', '=', campaignId);
  q = inUnitScope(q, scope);
  if (status) q = q.where('idea_batches.status', '=', status);
  return q.orderBy('idea_batches.sealed_at', 'desc').orderBy('idea_batches.id', 'desc').execute();
}

export async function findBatch(db: Db, scope: UnitScope, id: number) {
  let q = batchBase(db).select(BATCH_COLUMNS).where('idea_batches.id', '=', id);
  q = inUnitScope(q, scope);
  return q.executeTakeFirst();
}

export async function findBatchByReceipt(db: Db, receiptNo: string) {
  return batchBase(db).select(BATCH_COLUMNS).where('idea_batches.receipt_no', '=', receiptNo).executeTakeFirst();
}

/** The ideas sealed in a batch (by their sealed versions: an idea returned later still belongs to it). */
export async function ideasOfBatch(db: Db, batchId: number) {
  return db
    .selectFrom('idea_versions')
    .innerJoin('ideas', 'ideas.id', 'idea_versions.idea_id')
    .select(['ideas.id', 'ideas.title', 'ideas.status', 'ideas.receipt_no', 'ideas.batch_id', 'ideas.char_count', 'ideas.topic', 'idea_versions.digest', 'idea_versions.snapshot'])
    .where('idea_versions.batch_id', '=', batchId)
    .orderBy('ideas.receipt_no')
    .execute();
}

export async function updateBatch(trx: Db, id: number, set: Partial<Omit<DB['idea_batches'], 'id'>>) {
  await trx.updateTable('idea_batches').set(set).where('id', '=', id).execute();
}

/** Counts per unit of the campaign for the bureau's desk: how many submitted against the quota. */
export async function countsPerUnit(db: Db, scope: UnitScope, campaignId: number) {
  let q = db
    .selectFrom('units')
    .innerJoin('sectors', 'sectors.id', 'units.sector_id')
    .leftJoin('ideas', (j) => j.onRef('ideas.unit_id', '=', 'units.id').on('ideas.campaign_id', '=', campaignId))
    .select((eb) => [
      'units.id',
      'units.code',
      'units.name',
      'units.type',
      'units.sector_id',
      'sectors.name as sector_name',
      eb.fn.sum<number>(eb.case().when('ideas.status', 'in', ['submitted', 'received']).then(1).else(0).end()).as('submitted'),
      eb.fn.sum<number>(eb.case().when('ideas.status', '=', 'received').then(1).else(0).end()).as('received'),
      eb.fn.sum<number>(eb.case().when('ideas.status', 'in', ['sent', 'approved']).then(1).else(0).end()).as('in_review'),
      eb.fn.sum<number>(eb.case().when('ideas.status', '=', 'returned').then(1).else(0).end()).as('returned'),
    ])
    .where('units.active', '=', 1)
    .groupBy(['units.id', 'units.code', 'units.name', 'units.type', 'units.sector_id', 'sectors.name', 'sectors.id'])
    .orderBy('sectors.id')
    .orderBy('units.code');
  q = inUnitScope(q, scope);
  return q.execute();
}

/** Per-status counts of one unit's ideas (or one author's) for the to-do list. */
export async function statusCounts(db: Db, campaignId: number, where: { unitId?: number; createdBy?: number }) {
  let q = db.selectFrom('ideas').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId);
  if (where.unitId != null) q = q.where('unit_id', '=', where.unitId);
  if (where.createdBy != null) q = q.where('created_by', '=', where.createdBy);
  const rows = await q.groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

export async function batchCounts(db: Db, campaignId: number) {
  const rows = await db.selectFrom('idea_batches').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

export async function unitBrief(db: Db, unitId: number) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'sector_id', 'active']).where('id', '=', unitId).executeTakeFirst();
}

/** Every batch with its unit code, for the integrity check. */
export async function allBatches(db: Db) {
  return db.selectFrom('idea_batches').innerJoin('units', 'units.id', 'idea_batches.unit_id').select(['idea_batches.id', 'idea_batches.receipt_no', 'idea_batches.sealed_at', 'idea_batches.digest', 'units.code as unit_code']).orderBy('idea_batches.id').execute();
}

/** Ideas whose current content is sealed, with the snapshot they were sealed with. */
export async function sealedIdeasWithSnapshot(db: Db) {
  return db
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .innerJoin('idea_versions', (j) => j.onRef('idea_versions.idea_id', '=', 'ideas.id').onRef('idea_versions.batch_id', '=', 'ideas.batch_id'))
    .select([
      'ideas.id',
      ...SEALED_COLUMNS,
      'idea_versions.snapshot',
    ])
    .where('ideas.status', 'in', ['submitted', 'received'])
    .orderBy('ideas.id')
    .execute();
}
