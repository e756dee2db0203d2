// The only SQL of a golden idea's attachments (idea_attachments → stored_files). Bytes are read only
// by the download (files.repository.ts); everything here is metadata.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { param, precompiled } from '../../../platform/db/precompiled.ts';

type Db = Kysely<DB> | Transaction<DB>;

// Part of every answer about one idea: precompiled.
const attachmentsQuery = precompiled((db) =>
  db
    .selectFrom('idea_attachments as a')
    .innerJoin('stored_files as f', 'f.id', 'a.file_id')
    .select(['a.id', 'a.file_id', 'a.original_file_id', 'a.seq', 'a.created_at', 'f.original_name', 'f.size', 'f.content_type', 'f.kind', 'f.sha256'])
    .where('a.idea_id', '=', param<number>('ideaId'))
    .orderBy('a.seq')
    .orderBy('a.id'),
);

export async function listAttachments(db: Db, ideaId: number) {
  return attachmentsQuery.all(db, { ideaId });
}

export async function countAttachments(db: Db, ideaId: number): Promise<number> {
  const r = await db.selectFrom('idea_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('idea_id', '=', ideaId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function nextSeq(db: Db, ideaId: number): Promise<number> {
  const r = await db.selectFrom('idea_attachments').select((eb) => eb.fn.max<number>('seq').as('m')).where('idea_id', '=', ideaId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

/** Bytes a unit's attachments take in a campaign: served copies and private originals. */
export async function unitUsageBytes(db: Db, campaignId: number, unitId: number): Promise<number> {
  const r = await db
    .selectFrom('idea_attachments as a')
    .innerJoin('ideas as i', 'i.id', 'a.idea_id')
    .innerJoin('stored_files as f', (j) => j.on((eb) => eb.or([eb('f.id', '=', eb.ref('a.file_id')), eb('f.id', '=', eb.ref('a.original_file_id'))])))
    .select(sql<number>`coalesce(sum(f.size), 0)`.as('bytes'))
    .where('i.campaign_id', '=', campaignId)
    .where('i.unit_id', '=', unitId)
    .executeTakeFirst();
  return Number(r?.bytes ?? 0);
}

export async function insertAttachment(db: Db, v: { idea_id: number; file_id: number; original_file_id: number | null; seq: number; created_at: string }) {
  const { id } = await db.insertInto('idea_attachments').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findAttachment(db: Db, ideaId: number, fileId: number) {
  return db.selectFrom('idea_attachments').select(['id', 'idea_id', 'file_id', 'original_file_id', 'seq']).where('idea_id', '=', ideaId).where('file_id', '=', fileId).executeTakeFirst();
}

export async function deleteAttachment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('idea_attachments').where('id', '=', id).execute();
}

/** Whether the idea was ever sealed: its sealed snapshots name attachments by SHA-256, so their bytes stay. */
export async function wasSealed(db: Db, ideaId: number): Promise<boolean> {
  const r = await db.selectFrom('idea_versions').select('id').where('idea_id', '=', ideaId).limit(1).executeTakeFirst();
  return !!r;
}

/** Stored files of an idea's attachments (served and originals): for deleting a draft with its files. */
export async function fileIdsOfIdea(db: Db, ideaId: number): Promise<number[]> {
  const rows = await db.selectFrom('idea_attachments').select(['file_id', 'original_file_id']).where('idea_id', '=', ideaId).execute();
  return rows.flatMap((r) => (r.original_file_id ? [r.file_id, r.original_file_id] : [r.file_id]));
}
