// The two thresholds of the engine, as properties: every shared run of at least 13 normalised
// characters is found, and no run shorter than the noise threshold K is ever reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryIndex } from './index.ts';
import { checkDocument } from './check.ts';
import { StockPhrases } from './stock-phrases.ts';
import { GUARANTEE_T, NOISE_K } from './fingerprint.ts';
import { chineseText } from './test-text.ts';

const stock = StockPhrases.from([]);

async function check(source: string, query: string, others: string[] = []) {
  const index = new MemoryIndex(stock);
  index.addNow({ id: 'src', text: source });
  others.forEach((text, i) => index.addNow({ id: `o${i}`, text }));
  return checkDocument(index, { text: query }, { stock });
}

describe('13-character guarantee', () => {
  it('finds every shared run of 13..200 characters, with a passage covering it in both texts', async () => {
    await fc.assert(
      fc.asyncProperty(chineseText(0, 300), chineseText(0, 300), chineseText(0, 300), chineseText(0, 300), chineseText(GUARANTEE_T, 200), fc.array(chineseText(0, 200), { maxLength: 3 }), async (qa, qb, sa, sb, run, others) => {
        const query = qa + run + qb;
        const source = sa + run + sb;
        const r = await check(source, query, others);
        const s = r.sources.find((x) => x.source === 'src');
        expect(s, 'source found').toBeDefined();
        const covering = s!.passages.find((p) => p.queryStart <= qa.length && p.queryEnd >= qa.length + run.length && p.sourceStart <= sa.length && p.sourceEnd >= sa.length + run.length);
        expect(covering, JSON.stringify(s!.passages)).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('finds a run whose copy has punctuation, spaces and full-width letters in it', async () => {
    await fc.assert(
      fc.asyncProperty(chineseText(0, 200), chineseText(0, 200), chineseText(GUARANTEE_T, 120), fc.array(fc.constantFrom('，', '。', ' ', '\n', '、', '“', '”'), { minLength: 1, maxLength: 20 }), async (before, after, run, marks) => {
        const chars = [...run];
        marks.forEach((m, i) => chars.splice(((i * 7919) % chars.length) + 1, 0, m));
        const copy = chars.join('');
        const query = before + copy + after;
        let end = copy.length; // the copy may end with marks, which normalise away
        while (!run.includes(copy[end - 1])) end--;
        const lastHan = before.length + end;
        const r = await check(`甲${run}乙`, query);
        expect(r.sources[0]?.passages.some((p) => p.queryStart <= before.length && p.queryEnd >= lastHan)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it(`never reports a shared run shorter than the noise threshold (K = ${NOISE_K})`, async () => {
    await fc.assert(
      fc.asyncProperty(chineseText(0, 300), chineseText(0, 300), chineseText(0, 300), chineseText(0, 300), chineseText(1, NOISE_K - 1), async (qa, qb, sa, sb, run) => {
        const r = await check(sa + run + sb, qa + run + qb);
        expect(r.sources).toEqual([]);
        expect(r.copiedChars).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
