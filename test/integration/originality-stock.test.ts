// Stock phrases (套话) on SQLite and PostgreSQL (issue 4, items 2 and 4):
// - `npx jindianzi originality reindex` builds with the bureau's list from the database, as the server
//   does: a phrase the bureau added is not stored;
// - migration 0009 adds the phrases of official writing to a list seeded before it, and only those;
// - a county's first campaign (about 100 ideas): an official phrase that is on no list but stands in
//   12 ideas is common wording (the document-frequency cap with its floor), a 60-character passage two
//   ideas share is copying, and official phrases on the seeded list shared by a few ideas are not
//   copying — the same through the database index as through the in-memory index of the eval path.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { REPO_ROOT } from '../helpers/env.ts';
import { openMigrated } from '../../src/platform/bootstrap.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { checkDocument } from '../../src/modules/originality/engine/check.ts';
import { kgramHashes } from '../../src/modules/originality/engine/fingerprint.ts';
import { MemoryIndex, type FingerprintIndex, type SourceDocument } from '../../src/modules/originality/engine/index.ts';
import { normalize } from '../../src/modules/originality/engine/normalize.ts';
import { DEFAULT_STOCK_PHRASES, OFFICIAL_WRITING_PHRASES_0009, SEED_STOCK_PHRASES_0005, StockPhrases } from '../../src/modules/originality/engine/stock-phrases.ts';
import { seededText } from '../../src/modules/originality/engine/test-text.ts';
import { fromSourceDocument, indexSource, openFingerprintIndex, reindex, removeSource } from '../../src/modules/originality/store/index.ts';
import { up as migration0009 } from '../../src/platform/db/migrations/0009_official_stock_phrases.ts';
import * as service from '../../src/modules/originality/originality.service.ts';

const BIN = path.join(REPO_ROOT, 'bin/jindianzi.mjs');

/** Hashes of the k-grams wholly inside `phrase`. */
const innerHashes = (phrase: string) => [...kgramHashes(normalize(phrase).text)];

/** The county's first campaign: 100 independent texts, 12 with an official phrase on no list, two sharing a passage. */
function firstCampaign() {
  const phrase = '切实把思想和行动统一到上级决策部署上来'; // official, 19 characters, on no list
  const passage = seededText(9001, 60); // copied from one idea into another
  const docs: SourceDocument[] = [];
  for (let i = 0; i < 100; i++) {
    let text = seededText(i + 1, 600);
    if (i < 12) text = `${text.slice(0, 40 * (i + 1))}，${phrase}。${text.slice(40 * (i + 1))}`;
    if (i === 20) text = `${text.slice(0, 300)}${passage}${text.slice(300)}`;
    if (i === 57) text = `${passage}${text}`;
    // Three ideas use official phrases of the seeded list (added for small collections) side by side.
    if (i >= 30 && i < 33) text = `${text.slice(0, 200)}${OFFICIAL_WRITING_PHRASES_0009.slice(60, 66).join('，')}。${text.slice(200)}`;
    docs.push({ id: `idea:${i + 1}`, title: `第${i + 1}条`, text, family: `idea:${i + 1}`, kind: 'idea' });
  }
  return { phrase, passage, docs };
}

describeDialects('originality stock phrases', (dialect, getDb) => {
  let database: Database;
  const ctx = () => ({ dialect: database.dialect, now: new Date().toISOString() });

  beforeAll(async () => {
    database = await openMigrated(getDb().config);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('a new database holds both seeded lists once; migration 0009 adds only its phrases, once, and sets the list time', async () => {
    const phrases = async () => (await database.db.selectFrom('originality_stock_phrases').select('phrase').orderBy('id').execute()).map((r) => r.phrase);
    expect(await phrases()).toEqual([...DEFAULT_STOCK_PHRASES]);
    expect((await database.db.selectFrom('originality_settings').select('stock_updated_at').executeTakeFirstOrThrow()).stock_updated_at).toBeNull();
    // Nothing to add on a new database.
    await migration0009(database.db);
    expect(await phrases()).toEqual([...DEFAULT_STOCK_PHRASES]);
    // A database seeded before: the first 32 phrases, of which the bureau removed one and added its own.
    const removed = SEED_STOCK_PHRASES_0005[3];
    await database.db.transaction().execute((trx) => service.replaceStock(trx, ctx(), [...SEED_STOCK_PHRASES_0005.filter((p) => p !== removed), '本县教育改革发展示范区', OFFICIAL_WRITING_PHRASES_0009[0]]));
    const editedAt = (await database.db.selectFrom('originality_settings').select('stock_updated_at').executeTakeFirstOrThrow()).stock_updated_at;
    await migration0009(database.db);
    const after = await phrases();
    expect(after).not.toContain(removed);
    expect(after).toContain('本县教育改革发展示范区');
    for (const p of OFFICIAL_WRITING_PHRASES_0009) expect(after.filter((x) => x === p), p).toHaveLength(1);
    expect(after).toHaveLength(SEED_STOCK_PHRASES_0005.length - 1 + 1 + OFFICIAL_WRITING_PHRASES_0009.length);
    const setAt = (await database.db.selectFrom('originality_settings').select('stock_updated_at').executeTakeFirstOrThrow()).stock_updated_at;
    expect(setAt).not.toBe(editedAt);
    expect((await service.loadStock(database.db)).phrases.length).toBe(after.length);
    // Run again: nothing changes.
    await migration0009(database.db);
    expect(await phrases()).toEqual(after);
    // Back to the seed for the next tests.
    await database.db.transaction().execute((trx) => service.replaceStock(trx, ctx(), [...DEFAULT_STOCK_PHRASES]));
  });

  it('`originality reindex` leaves out a phrase the bureau added to its list, as the server does', async () => {
    const added = '建设高水平县域教育共同体示范区'; // on no seeded list
    const head = seededText(77, 80);
    const docs = [0, 1, 2].map((i) => ({ id: `ref:stock${i}`, kind: 'reference' as const, title: `参考${i}`, origin: '测试', text: `${seededText(100 + i, 120)}${added}${i === 0 ? head : seededText(200 + i, 80)}` }));
    // Indexed before the bureau listed the phrase: its k-grams are stored.
    for (const d of docs) await indexSource(database.db, d, { stock: await service.loadStock(database.db) });
    const index = () => openFingerprintIndex(database.db, database.dialect, StockPhrases.defaults());
    const stored = async (phrase: string) => [...(await index().lookup(innerHashes(phrase))).keys()];
    expect((await stored(added)).length).toBeGreaterThan(0);

    await database.db.transaction().execute(async (trx) => {
      const list = (await service.loadStock(trx)).phrases;
      expect(list).not.toContain(normalize(added).text);
      await service.replaceStock(trx, ctx(), [...DEFAULT_STOCK_PHRASES, added]);
    });
    const env = { ...process.env, JDZ_DATA_DIR: getDb().config.dataDir, JDZ_LOG_LEVEL: 'silent', DATABASE_URL: getDb().url ?? undefined } as NodeJS.ProcessEnv;
    if (!getDb().url) delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [BIN, 'originality', 'reindex'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('索引已重建 / index rebuilt');
    // The phrase's k-grams are gone; the rest of the texts is still indexed.
    expect(await stored(added)).toEqual([]);
    expect((await stored(head)).length).toBeGreaterThan(0);
    // And a check over the rebuilt index does not take the phrase as evidence.
    const stock = await service.loadStock(database.db);
    const report = await checkDocument(index(), { text: `${seededText(999, 100)}${added}${seededText(998, 100)}` }, { stock });
    expect(report.sources).toEqual([]);

    await database.db.transaction().execute((trx) => service.replaceStock(trx, ctx(), [...DEFAULT_STOCK_PHRASES]));
    for (const d of docs) await removeSource(database.db, d.id);
  }, 180_000);

  it('first campaign of ~100 ideas: a phrase in 12 ideas is common wording, a 60-character passage two share is copying (database and memory alike)', async () => {
    const { phrase, passage, docs } = firstCampaign();
    const stock = await service.loadStock(database.db);
    const memory = new MemoryIndex(stock);
    for (const d of docs) {
      memory.addNow(d);
      await indexSource(database.db, fromSourceDocument(d), { stock });
    }
    const indexes: Array<[string, FingerprintIndex]> = [
      ['memory', memory],
      [dialect, openFingerprintIndex(database.db, database.dialect, stock)],
    ];
    for (const [name, index] of indexes) {
      expect(await index.size(), name).toBe(100);
      const check = (d: SourceDocument) => checkDocument(index, { id: d.id, text: d.text, family: d.family }, { stock });
      // The 12 ideas with the phrase: no source at all (nothing else is shared), the phrase greyed.
      for (const d of docs.slice(0, 12)) {
        const r = await check(d);
        expect(r.sources.map((s) => s.source), `${name} ${d.id}`).toEqual([]);
        expect(r.similarity).toBe(0);
        expect(r.stockChars).toBeGreaterThanOrEqual(normalize(phrase).text.length - 7);
      }
      // The three ideas using phrases of the seeded list: not copying either.
      for (const d of docs.slice(30, 33)) expect((await check(d)).sources, `${name} ${d.id}`).toEqual([]);
      // The two that share the passage: each is the other's only source, with the 60 characters.
      for (const [a, b] of [
        [docs[20], docs[57]],
        [docs[57], docs[20]],
      ]) {
        const r = await check(a);
        expect(r.sources.map((s) => s.source), `${name} ${a.id}`).toEqual([b.id]);
        const [p] = r.sources[0].passages;
        expect(r.sources[0].passages).toHaveLength(1);
        expect(a.text.slice(p.queryStart, p.queryEnd)).toContain(passage);
        expect(r.sources[0].matchedChars).toBeGreaterThanOrEqual(60);
        expect(r.sources[0].matchedChars).toBeLessThanOrEqual(62);
      }
    }
    // Why the floor: with 1 % of 100 documents alone, the copy (2 ideas) would be common wording too;
    // without the list's phrases of official writing, the three ideas would match each other.
    const bare = await checkDocument(memory, { id: docs[20].id, text: docs[20].text, family: docs[20].family }, { stock, dfCap: { minDocs: 0, fraction: 0.01 } });
    expect(bare.sources).toEqual([]);
    const firstSeedOnly = StockPhrases.from(SEED_STOCK_PHRASES_0005);
    const oldMemory = new MemoryIndex(firstSeedOnly);
    for (const d of docs) oldMemory.addNow(d);
    const old = await checkDocument(oldMemory, { id: docs[30].id, text: docs[30].text, family: docs[30].family }, { stock: firstSeedOnly });
    expect(old.sources.map((s) => s.source).sort()).toEqual([docs[31].id, docs[32].id].sort());

    await reindex(database.db, { stock });
    for (const d of docs) await removeSource(database.db, d.id);
  }, 180_000);
});
