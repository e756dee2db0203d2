import { describe, expect, it } from 'vitest';
import { dfLimit, indexableHashes, MemoryIndex } from './index.ts';
import { StockPhrases } from './stock-phrases.ts';
import { normalize } from './normalize.ts';
import { seededText } from './test-text.ts';

const none = StockPhrases.from([]);

describe('MemoryIndex', () => {
  it('adds, replaces and removes documents, keeping postings and document frequency right', async () => {
    const index = new MemoryIndex(none);
    const shared = seededText(1, 60);
    await index.add({ id: 'a', text: shared + seededText(2, 100) });
    await index.add({ id: 'b', text: seededText(3, 100) + shared });
    const hashes = indexableHashes(normalize(shared).text, none);
    const found = await index.lookup(hashes);
    expect([...found.values()].some((ids) => ids.length === 2)).toBe(true);
    const common = [...found].find(([, ids]) => ids.length === 2)![0];
    expect(await index.documentFrequency(common)).toBe(2);

    await index.replace({ id: 'b', text: seededText(4, 160) });
    expect(await index.documentFrequency(common)).toBe(1);
    expect(await index.size()).toBe(2);

    await index.remove('a');
    expect(await index.documentFrequency(common)).toBe(0);
    expect((await index.documents(['a', 'b'])).map((d) => d.id)).toEqual(['b']);
    await index.remove('b');
    expect(index.stats()).toEqual({ fingerprints: 0, postings: 0, documents: 0 });
  });

  it('stores no fingerprint that lies inside a listed stock phrase', () => {
    const phrase = '以习近平新时代中国特色社会主义思想为指导';
    const stock = StockPhrases.from([phrase]);
    expect(indexableHashes(normalize(phrase).text, stock)).toEqual([]);
    expect(indexableHashes(normalize(phrase).text, none).length).toBeGreaterThan(0);
  });

  it('caps document frequency at max(minimum, fraction of the index)', () => {
    expect(dfLimit({ minDocs: 10, fraction: 0.02 }, 30)).toBe(10);
    expect(dfLimit({ minDocs: 10, fraction: 0.02 }, 1_000_000)).toBe(20_000);
  });
});
