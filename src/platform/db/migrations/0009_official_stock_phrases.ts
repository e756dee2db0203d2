// Stock phrases of official writing (issue 4, item 2, for small collections): the bureau's list gets
// the phrases the engine's seed gained after 0005 (OFFICIAL_WRITING_PHRASES_0009), so that a
// county's first campaign, too small for the document-frequency cap to recognise a phrase used in
// two to five ideas, does not report them as copying. Only those phrases are added, and only where
// the list lacks them (compared after normalisation), so a phrase the bureau removed from the first
// seed stays removed. A database created after this change got them from 0005 already: nothing to do.
// When phrases are added, the list's time is set, so every instance reloads it and the next
// campaign-wide run rebuilds the postings without them.
import type { Kysely } from 'kysely';
import { OFFICIAL_WRITING_PHRASES_0009 } from '../../../modules/originality/engine/stock-phrases.ts';
import { normalize } from '../../../modules/originality/engine/normalize.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const rows: Array<{ phrase: string }> = await db.selectFrom('originality_stock_phrases').select('phrase').execute();
  const have = new Set(rows.map((r) => normalize(r.phrase).text));
  const add = OFFICIAL_WRITING_PHRASES_0009.filter((p) => {
    const n = normalize(p).text;
    if (have.has(n)) return false;
    have.add(n);
    return true;
  });
  if (add.length === 0) return;
  await db
    .insertInto('originality_stock_phrases')
    .values(add.map((phrase) => ({ phrase })))
    .execute();
  await db.updateTable('originality_settings').set({ stock_updated_at: new Date().toISOString() }).where('id', '=', 1).execute();
}
