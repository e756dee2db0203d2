// Originality index (issue 4 item 4): every indexed document (ideas and the reference library) and
// the fingerprint postings of the engine, packed: one row per bucket of hashes (the top bits of the
// 32-bit fingerprint), whose blob lists each hash of the bucket with the documents that hold it as
// delta-encoded document numbers (src/modules/originality/store/postings-codec.ts). Documents get an
// integer number (never reused) so that postings stay small; their text id is what the rest of the
// application sees.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const ts = 'varchar(30)';
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('originality_sources')
    .addColumn('doc_no', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    /** "idea:<ideaId>" or "ref:<refId>". */
    .addColumn('id', 'varchar(200)', (c) => c.notNull().unique())
    /** 'idea' | 'reference' */
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    /** Ideas: the family of versions of one idea (never matched against each other). */
    .addColumn('family', 'varchar(200)')
    .addColumn('unit_id', 'integer')
    .addColumn('year', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('originality_postings')
    .addColumn('bucket', 'integer', (c) => c.primaryKey())
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  // One row (id = 1): how the postings are laid out, and the document count that the
  // document-frequency cap needs on every check (count(*) would scan a million rows).
  await db.schema
    .createTable('originality_index_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('bucket_bits', 'integer', (c) => c.notNull())
    .addColumn('format', 'integer', (c) => c.notNull())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('built_at', ts)
    .execute();
  // 2^18 buckets until `originality reindex` sizes them for the collection; format 1 of the codec.
  await db.insertInto('originality_index_state').values({ id: 1, bucket_bits: 18, format: 1, documents: 0, built_at: null }).execute();
}
