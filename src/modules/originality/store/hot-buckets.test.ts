// Big buckets kept in memory (fingerprint-store.ts, HotBuckets): what a check reads through them must
// always be what the database holds now — after a write by this process, by another connection, and
// inside a transaction. A phrase in 5,000 documents makes its buckets big (over 4 KB).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../../../../test/helpers/dialects.ts';
import { openMigrated } from '../../../platform/bootstrap.ts';
import type { Database } from '../../../platform/db/database.ts';
import { kgramHashes } from '../engine/fingerprint.ts';
import { normalizeText } from '../engine/normalize.ts';
import { StockPhrases } from '../engine/stock-phrases.ts';
import { bulkLoad, indexSource, openFingerprintIndex, removeSource } from './index.ts';
import { bucketsByNumber, readState } from './store.repository.ts';
import { bucketOf } from './postings-codec.ts';

const stock = StockPhrases.from([]);
const COMMON = '坚持立德树人根本任务深化教育领域综合改革办好人民满意的教育';
const N = 5000;
/** A text of its own for document n: characters from a wide range, so that no two share a run. */
const own = (n: number, len: number) => Array.from({ length: len }, (_, i) => String.fromCharCode(0x4e00 + ((n * 7919 + i * 104729) % 20000))).join('');

describeDialects('originality: big buckets kept in memory stay true to the database', (_dialect, getDb) => {
  let database: Database;
  let other: Database;
  let hash = 0;
  beforeAll(async () => {
    database = await openMigrated(getDb().config);
    other = await openMigrated(getDb().config);
    await bulkLoad(database.db, (function* () {
      for (let n = 0; n < N; n++) yield { id: `ref:c${n}`, kind: 'reference' as const, title: `c${n}`, text: own(n, 20) + COMMON + own(n + 50_000, 20) };
    })(), { stock, sqlite: database.sqlite });
    // The phrase's fingerprint that every document holds.
    const index = openFingerprintIndex(database.db, database.dialect, stock, database.sqlite);
    let best = -1;
    for (const h of kgramHashes(normalizeText(COMMON))) {
      const df = await index.documentFrequency(h);
      if (df > best) (best = df), (hash = h);
    }
    expect(best).toBe(N);
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  const df = () => openFingerprintIndex(database.db, database.dialect, stock, database.sqlite).documentFrequency(hash);

  it('the phrase’s bucket is big enough to be kept', async () => {
    const bits = (await readState(database.db)).bucket_bits;
    const blob = (await bucketsByNumber(database.db, [bucketOf(hash, bits)])).get(bucketOf(hash, bits))!;
    expect(blob.length).toBeGreaterThan(4 << 10);
    // Read twice (the second time from memory on SQLite): the same answer.
    expect(await df()).toBe(N);
    expect(await df()).toBe(N);
  });

  it('sees a document this process adds and removes', async () => {
    await indexSource(database.db, { id: 'ref:mine', kind: 'reference', title: 'mine', text: own(9001, 20) + COMMON + own(9002, 20) }, { stock });
    expect(await df()).toBe(N + 1);
    await removeSource(database.db, 'ref:mine');
    expect(await df()).toBe(N);
  });

  it('sees a document another connection adds (a commit this connection did not make)', async () => {
    expect(await df()).toBe(N);
    await indexSource(other.db, { id: 'ref:theirs', kind: 'reference', title: 'theirs', text: own(9003, 20) + COMMON + own(9004, 20) }, { stock });
    expect(await df()).toBe(N + 1);
    await removeSource(other.db, 'ref:theirs');
    expect(await df()).toBe(N);
  });

  it('inside a transaction: sees its own uncommitted document, and after the rollback the database again', async () => {
    expect(await df()).toBe(N);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await indexSource(trx, { id: 'ref:undone', kind: 'reference', title: 'undone', text: own(9005, 20) + COMMON + own(9006, 20) }, { stock });
        expect(await openFingerprintIndex(trx, database.dialect, stock, database.sqlite).documentFrequency(hash)).toBe(N + 1);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await df()).toBe(N);
  });
});
