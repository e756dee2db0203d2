// The 13-character guarantee over the database index (SQLite and PostgreSQL), as
// engine/guarantee.test.ts proves it over the in-memory one: the check looks up only the
// submission's winnowed fingerprints in the stored postings, and every shared run of at least
// T normalised characters must still be found, with a passage covering it in both texts.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../../../../test/helpers/dialects.ts';
import { openMigrated } from '../../../platform/bootstrap.ts';
import type { Database } from '../../../platform/db/database.ts';
import { checkDocument } from '../engine/check.ts';
import { GUARANTEE_T } from '../engine/fingerprint.ts';
import { StockPhrases } from '../engine/stock-phrases.ts';
import { chineseText } from '../engine/test-text.ts';
import { indexSource, openFingerprintIndex, removeSource } from './index.ts';

const stock = StockPhrases.from([]);

describeDialects('13-character guarantee over the stored index', (dialect, getDb) => {
  let database: Database;
  beforeAll(async () => {
    database = await openMigrated(getDb().config);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds every shared run of 13..120 characters among other stored documents, with a passage covering it in both texts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(chineseText(0, 200), chineseText(0, 200), chineseText(0, 200), chineseText(0, 200), chineseText(GUARANTEE_T, 120), fc.array(chineseText(0, 200), { maxLength: 3 }), async (qa, qb, sa, sb, shared, others) => {
        const ids = [`ref:src${run}`, ...others.map((_, i) => `ref:o${run}_${i}`)];
        run++;
        await indexSource(database.db, { id: ids[0], kind: 'reference', title: 'src', text: sa + shared + sb }, { stock });
        for (let i = 0; i < others.length; i++) await indexSource(database.db, { id: ids[i + 1], kind: 'reference', title: 'other', text: others[i] }, { stock });
        try {
          const index = openFingerprintIndex(database.db, database.dialect, stock, database.sqlite);
          const r = await checkDocument(index, { text: qa + shared + qb }, { stock });
          const s = r.sources.find((x) => x.source === ids[0]);
          expect(s, 'source found').toBeDefined();
          const covering = s!.passages.find((p) => p.queryStart <= qa.length && p.queryEnd >= qa.length + shared.length && p.sourceStart <= sa.length && p.sourceEnd >= sa.length + shared.length);
          expect(covering, JSON.stringify(s!.passages)).toBeDefined();
        } finally {
          for (const id of ids) await removeSource(database.db, id);
        }
      }),
      { numRuns: dialect === 'sqlite' ? 60 : 30 },
    );
  });
});
