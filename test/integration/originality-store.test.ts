// The database-backed fingerprint index (issue 4 item 4) on SQLite and PostgreSQL: checks over it
// give the same report as over the engine's MemoryIndex on the shared corpus, incremental adds,
// replacements and removals leave exactly the postings a rebuild makes, the caller's transaction
// is honoured, and concurrent writers lose nothing.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { requireSharedData, assertAvailable, REPO_ROOT } from '../helpers/env.ts';
import { openMigrated } from '../../src/platform/bootstrap.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { MemoryIndex, type SourceDocument } from '../../src/modules/originality/engine/index.ts';
import { checkDocument } from '../../src/modules/originality/engine/check.ts';
import { StockPhrases } from '../../src/modules/originality/engine/stock-phrases.ts';
import { readDocuments, readQueries, type EvalQuery } from '../../src/modules/originality/eval/jsonl.ts';
import { bulkLoad, fromSourceDocument, indexSize, indexSource, openFingerprintIndex, reindex, removeSource, type ReindexProgress } from '../../src/modules/originality/store/index.ts';
import { decodeBucket } from '../../src/modules/originality/store/postings-codec.ts';

const shared = requireSharedData();
const CORPUS = path.join(shared.dir, 'originality');
const BIN = path.join(REPO_ROOT, 'bin/jindianzi.mjs');

async function dumpPostings(database: Database): Promise<Record<number, unknown>> {
  const rows = await database.db.selectFrom('originality_postings').select(['bucket', 'data']).orderBy('bucket').execute();
  return Object.fromEntries(rows.map((r) => [Number(r.bucket), decodeBucket(r.data)]));
}

describeDialects('originality fingerprint index', (dialect, getDb) => {
  let database: Database;
  let documents: SourceDocument[];
  let queries: EvalQuery[];
  const stock = StockPhrases.defaults();

  /** Every query checked over the database index and over a MemoryIndex of `docs`: equal reports. */
  async function expectSameReports(docs: SourceDocument[], qs = queries) {
    const memory = new MemoryIndex(stock);
    for (const d of docs) memory.addNow(d);
    // Through Kysely, and on SQLite also through the raw handle (the fast read path of a check).
    const indexes = [openFingerprintIndex(database.db, database.dialect, stock), ...(database.sqlite ? [openFingerprintIndex(database.db, database.dialect, stock, database.sqlite)] : [])];
    for (const index of indexes) {
      expect(await index.size()).toBe(docs.length);
      for (const q of qs) {
        const sub = { text: q.text, family: q.family, unit: q.unit, year: q.year };
        const fromDb = await checkDocument(index, sub, { stock });
        const fromMemory = await checkDocument(memory, sub, { stock });
        expect(fromDb, q.id).toEqual(fromMemory);
      }
    }
  }

  beforeAll(async () => {
    assertAvailable(shared);
    database = await openMigrated(getDb().config);
    // Units in the corpus are names; the store keeps integer unit ids, so they are left out here.
    documents = readDocuments(path.join(CORPUS, 'documents.jsonl')).map((d) => ({ ...d, unit: undefined }));
    queries = readQueries(path.join(CORPUS, 'queries.jsonl'));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('indexes the shared corpus one document at a time; every check equals the in-memory index', async () => {
    for (const d of documents) await indexSource(database.db, fromSourceDocument(d), { stock });
    await expectSameReports(documents);
    // Sanity: the corpus's copies are found (the comparison is not between two empty reports).
    const index = openFingerprintIndex(database.db, database.dialect, stock);
    const q01 = await checkDocument(index, { text: queries[0].text }, { stock });
    expect(q01.similarity).toBeGreaterThan(0.5);
  });

  it('document frequency and lookups equal the in-memory index for every fingerprint', async () => {
    const memory = new MemoryIndex(stock);
    for (const d of documents) memory.addNow(d);
    const index = openFingerprintIndex(database.db, database.dialect, stock);
    const { kgramHashes } = await import('../../src/modules/originality/engine/fingerprint.ts');
    const { normalize } = await import('../../src/modules/originality/engine/normalize.ts');
    const hashes = [...new Set(documents.flatMap((d) => [...kgramHashes(normalize(d.text).text)]))];
    const fromMemory = await memory.lookup(hashes);
    const fromDb = await index.lookup(hashes);
    expect(fromDb.size).toBe(fromMemory.size);
    for (const [h, ids] of fromMemory) expect([...fromDb.get(h)!].sort(), String(h)).toEqual([...ids].sort());
    const capped = await index.lookupCapped(hashes, 3);
    for (const [h, ids] of fromMemory) expect(capped.get(h)).toEqual(ids.length > 3 ? ids.length : expect.any(Array));
    for (const h of hashes.slice(0, 300)) expect(await index.documentFrequency(h)).toBe(await memory.documentFrequency(h));
  });

  it('a rebuild gives the same postings as the incremental adds, with progress, and the same reports', async () => {
    const incremental = await dumpPostings(database);
    const events: ReindexProgress[] = [];
    const r = await reindex(database.db, { stock, bucketBits: 18, onProgress: (p) => events.push(p) });
    expect(r.documents).toBe(documents.length);
    expect(await dumpPostings(database)).toEqual(incremental);
    const fp = events.filter((e) => e.phase === 'fingerprint');
    expect(fp.at(-1)).toEqual({ phase: 'fingerprint', done: documents.length, total: documents.length });
    expect(events.at(-1)?.phase).toBe('write');
    expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    const size = await indexSize(database.db);
    expect(size).toMatchObject({ documents: documents.length, bucketBits: 18, buckets: r.buckets, bytes: r.bytes });
    // SQLite: the same through the raw handle's bulk writes.
    if (database.sqlite) {
      await reindex(database.db, { stock, bucketBits: 18, sqlite: database.sqlite });
      expect(await dumpPostings(database)).toEqual(incremental);
    }
    await expectSameReports(documents);
  });

  it('with narrow buckets and partitions spilled to disk, checks are unchanged', async () => {
    const r = await reindex(database.db, { stock, bucketBits: 10, memoryPairs: 500 });
    expect(r.bucketBits).toBe(10);
    expect(r.buckets).toBeLessThanOrEqual(1024);
    await expectSameReports(documents);
    await reindex(database.db, { stock }); // sized for the collection
  });

  it('removes and replaces incrementally: the postings equal a rebuild of what is left, reports equal the memory index', async () => {
    const before = await openFingerprintIndex(database.db, database.dialect, stock).size();
    expect(await removeSource(database.db, documents[0].id)).toBe(true);
    expect(await removeSource(database.db, documents[0].id)).toBe(false);
    expect(await removeSource(database.db, 'ref:none')).toBe(false);
    // Replace d02 with the text of d03 plus a sentence: d02's old text no longer matches anything.
    const replaced = { ...documents[1], text: `${documents[2].text}另外，我们还建立了家校共育的月度反馈制度。` };
    await indexSource(database.db, fromSourceDocument(replaced), { stock });
    const now = [replaced, ...documents.slice(2)];
    expect(await openFingerprintIndex(database.db, database.dialect, stock).size()).toBe(before - 1);
    await expectSameReports(now);
    const bits = (await indexSize(database.db)).bucketBits;
    const incremental = await dumpPostings(database);
    await reindex(database.db, { stock, bucketBits: bits });
    expect(await dumpPostings(database)).toEqual(incremental);
    // Put the corpus back as it was for the next tests.
    await indexSource(database.db, fromSourceDocument(documents[1]), { stock });
    await indexSource(database.db, fromSourceDocument(documents[0]), { stock });
    await expectSameReports(documents);
  });

  it('runs inside the caller’s transaction: a rollback leaves the index unchanged', async () => {
    const before = await dumpPostings(database);
    const extra = { id: 'ref:tx', kind: 'reference' as const, title: '事务内', text: documents[5].text.split('').reverse().join('') };
    await expect(
      database.db.transaction().execute(async (trx) => {
        await indexSource(trx, extra, { stock });
        await removeSource(trx, documents[3].id);
        expect(await openFingerprintIndex(trx, database.dialect, stock).size()).toBe(documents.length);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await dumpPostings(database)).toEqual(before);
    expect(await openFingerprintIndex(database.db, database.dialect, stock).size()).toBe(documents.length);
  });

  it('concurrent writers lose no postings (each in its own transaction)', async () => {
    const extras = Array.from({ length: 8 }, (_, i) => ({ id: `ref:c${i}`, kind: 'reference' as const, title: `并发${i}`, text: `${documents[(i * 3) % documents.length].text.slice(40 * i, 40 * i + 300)}第${i}号参考文本的独有结尾部分用于区分各份文件` }));
    await Promise.all(extras.map((e) => indexSource(database.db, e, { stock })));
    const all = [...documents, ...extras.map((e) => ({ ...e }))];
    const incremental = await dumpPostings(database);
    await reindex(database.db, { stock, bucketBits: (await indexSize(database.db)).bucketBits });
    expect(await dumpPostings(database)).toEqual(incremental);
    await expectSameReports(all, queries.slice(0, 6));
    await Promise.all(extras.map((e) => removeSource(database.db, e.id)));
    await expectSameReports(documents, queries.slice(0, 6));
  });

  it('bulk load stores many documents and replaces those already stored', async () => {
    const more = documents.slice(0, 5).map((d) => ({ ...fromSourceDocument(d), id: `bulk:${d.id}` }));
    const r = await bulkLoad(database.db, [...more, fromSourceDocument(documents[7])], { stock, sqlite: database.sqlite });
    expect(r.documents).toBe(documents.length + 5);
    const index = openFingerprintIndex(database.db, database.dialect, stock);
    const q = await checkDocument(index, { text: documents[0].text }, { stock });
    expect(q.sources.map((s) => s.source)).toEqual(expect.arrayContaining([documents[0].id, `bulk:${documents[0].id}`]));
    for (const m of more) await removeSource(database.db, m.id);
    await expectSameReports(documents, queries.slice(0, 6));
  });

  it(`stores the source fields (${dialect})`, async () => {
    await indexSource(database.db, { id: 'idea:77', kind: 'idea', text: '一段用于检查字段保存的文字，内容足够长以便生成指纹。', title: '字段', family: 'idea:77', unitId: 12, year: 2017, origin: null });
    const [doc] = await openFingerprintIndex(database.db, database.dialect, stock).documents(['idea:77', 'idea:none']);
    expect(doc).toMatchObject({ id: 'idea:77', kind: 'idea', title: '字段', family: 'idea:77', unit: '12', year: 2017 });
    expect(doc.normalized.text).toBe('1段用于检查字段保存的文字内容足够长以便生成指纹');
    await removeSource(database.db, 'idea:77');
  });

  it('`npx jindianzi originality reindex` rebuilds the index with progress lines (pipe) and a bar (terminal)', async () => {
    await reindex(database.db, { stock, bucketBits: 12 });
    const env = { ...process.env, JDZ_DATA_DIR: getDb().config.dataDir, JDZ_LOG_LEVEL: 'silent', DATABASE_URL: getDb().url ?? undefined } as NodeJS.ProcessEnv;
    if (!getDb().url) delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [BIN, 'originality', 'reindex'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const n = documents.length;
    expect(r.stdout).toContain(`索引已重建 / index rebuilt: ${n} 篇文档`);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^计算指纹 / fingerprinting: 0/${n} `));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^计算指纹 / fingerprinting: ${n}/${n} 篇 / documents \\(100%`)));
    expect(lines.at(-1)).toMatch(/^写入索引 \/ writing: 1\/1 段 \/ parts \(100%/);
    expect(r.stderr).not.toContain('\r');
    const size = await indexSize(database.db);
    expect(size.bucketBits).toBe(10); // sized for 30 documents, no longer the 12 set above
    await expectSameReports(documents);

    // On a terminal (script(1) gives the command a pseudo-terminal): one bar redrawn in place.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} originality reindex`;
    const t = spawnSync('script', ['-qec', cmd, '/dev/null'], { env: { ...env, COLUMNS: '120' }, encoding: 'utf8', timeout: 120_000 });
    expect(t.status, t.stdout).toBe(0);
    expect(t.stdout).toMatch(/\r计算指纹 \/ fingerprinting \[█+\] 100% /);
    expect(t.stdout).toMatch(/\r写入索引 \/ writing \[█+\] 100% 1\/1/);
    expect(t.stdout).toContain('░');
    expect(t.stdout).toContain('索引已重建');
  }, 180_000);
});
