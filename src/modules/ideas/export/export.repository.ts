// The exports' own reads (the ideas themselves come from ideas.repository's listIdeasWithBody, with the
// filters and scope of GET /api/ideas): batch receipt numbers and sector codes for sorting.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function batchReceipts(db: Db, batchIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(batchIds)];
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('idea_batches').select(['id', 'receipt_no']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, r.receipt_no);
  }
  return out;
}

export async function sectorCodes(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('sectors').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}
