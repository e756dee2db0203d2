// Tests of the synthetic originality corpus (corpus-generator.ts): determinism, planted offsets,
// the mix of types, independence of everything else, and plagdet of the truth against itself.
// Run: npx vitest run src/modules/originality/eval/corpus-generator.test.ts
import { describe, expect, it } from 'vitest';
import { corpusCases, generateCorpus, isContent, queryTypes, SIZES, toJsonl, FORMAT_VARIANTS, type Corpus } from './corpus-generator.ts';
import { plagdet, plagdetByType } from './plagdet.ts';
import { SIMPLIFIED_TO_TRADITIONAL, STOCK_PHRASES } from './seed-texts.ts';

const small = generateCorpus({ seed: 7, size: 'small' });
const TO_SIMPLIFIED = new Map(Object.entries(SIMPLIFIED_TO_TRADITIONAL).map(([s, t]) => [t, s]));

/** Letters and digits only, NFKC, traditional → simplified: what survives any format variant. */
function canon(text: string): string {
  return [...text.normalize('NFKC')].filter(isContent).map((c) => TO_SIMPLIFIED.get(c) ?? c).join('');
}

function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

function docText(corpus: Corpus, id: string): string {
  const d = corpus.documents.find((x) => x.id === id);
  if (!d) throw new Error(`no document ${id}`);
  return d.text;
}

/** Content-character n-grams of the pieces of `text` left after cutting out `cuts` and stock phrases. */
function grams(text: string, cuts: Array<[number, number]>, n: number): Set<string> {
  let t = [...text].map((c, i) => (cuts.some(([a, b]) => i >= a && i < b) ? '|' : c)).join('');
  for (const p of STOCK_PHRASES) t = t.split(p).join('|');
  const out = new Set<string>();
  for (const piece of t.split('|')) {
    const s = [...piece].filter(isContent).join('');
    for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n));
  }
  return out;
}

describe('originality corpus generator', () => {
  it('is deterministic: same seed → same bytes; another seed → other bytes', () => {
    const again = generateCorpus({ seed: 7, size: 'small' });
    expect(toJsonl(again.documents)).toBe(toJsonl(small.documents));
    expect(toJsonl(again.queries)).toBe(toJsonl(small.queries));
    expect(toJsonl(generateCorpus({ seed: 8, size: 'small' }).queries)).not.toBe(toJsonl(small.queries));
  });

  it('writes the shared format: document and query fields, truth per case', () => {
    for (const d of small.documents) {
      expect(Object.keys(d).slice(0, 7)).toEqual(['id', 'kind', 'topic', 'unit', 'author', 'title', 'text']);
      expect(d.kind === 'reference').toBe(d.source !== undefined);
    }
    for (const q of small.queries) {
      expect(Object.keys(q)).toEqual(['id', 'category', 'title', 'text', 'truth', 'cases', 'note']);
      expect(q.truth.map((t) => t.source)).toEqual(q.cases.map((c) => c.source));
      for (const t of q.truth) expect(t.copied_chars).toBeGreaterThan(0);
    }
  });

  it('plants the configured mix of types', () => {
    const count = new Map<string, number>();
    for (const q of small.queries) count.set(q.category, (count.get(q.category) ?? 0) + 1);
    const conf = SIZES.small;
    expect(Object.fromEntries(count)).toEqual({
      verbatim: conf.perCopyType,
      'format-variant': conf.perCopyType,
      'light-edit': conf.perCopyType,
      'negative-stock-phrases': conf.perNegativeType,
      'negative-same-topic': conf.perNegativeType,
    });
    for (const q of small.queries) {
      if (q.category.startsWith('negative-')) expect(q.cases).toEqual([]);
      else {
        expect(q.cases.length).toBeGreaterThan(0);
        for (const c of q.cases) expect(c.type).toBe(q.category);
      }
    }
    const large = generateCorpus({ seed: 7, size: 'large' });
    const variants = new Set(large.queries.flatMap((q) => q.cases.flatMap((c) => c.variant ?? [])));
    expect([...variants].sort()).toEqual([...FORMAT_VARIANTS].sort());
    const lengths = large.queries.flatMap((q) => q.cases.filter((c) => c.type === 'verbatim').map((c) => canon(docText(large, c.source).slice(c.source_start, c.source_end)).length));
    expect(Math.min(...lengths)).toBeLessThan(20);
    expect(Math.max(...lengths)).toBeGreaterThan(300);
  });

  it('offsets point at the copied text in both texts', () => {
    for (const seed of [1, 7, 99]) {
      const corpus = seed === 7 ? small : generateCorpus({ seed, size: 'small' });
      for (const q of corpus.queries) {
        for (const c of q.cases) {
          const src = docText(corpus, c.source).slice(c.source_start, c.source_end);
          const got = q.text.slice(c.query_start, c.query_end);
          const n = canon(src).length;
          expect(n).toBeGreaterThanOrEqual(13);
          expect(n).toBeLessThanOrEqual(400);
          expect(STOCK_PHRASES.some((p) => src.includes(p))).toBe(false);
          if (c.type === 'verbatim') expect(got).toBe(src);
          else if (c.type === 'format-variant') {
            expect(got).not.toBe(src);
            expect(canon(got)).toBe(canon(src));
          } else {
            expect(n).toBeGreaterThanOrEqual(40);
            const dist = levenshtein(canon(got), canon(src));
            expect(dist).toBeGreaterThan(0);
            expect(dist).toBeLessThanOrEqual(2 * Math.ceil(n / 15));
          }
          // the copy does not continue past its ends by chance
          const before = [...q.text.slice(0, c.query_start)].filter(isContent).at(-1);
          const srcBefore = [...docText(corpus, c.source).slice(0, c.source_start)].filter(isContent).at(-1);
          if (before !== undefined && srcBefore !== undefined) expect(before).not.toBe(srcBefore);
          const after = [...q.text.slice(c.query_end)].find(isContent);
          const srcAfter = [...docText(corpus, c.source).slice(c.source_end)].find(isContent);
          if (after !== undefined && srcAfter !== undefined) expect(after).not.toBe(srcAfter);
        }
      }
    }
  });

  it('shares no run of 13 characters outside planted cases and stock phrases', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const d of small.documents)
      for (const g of grams(d.text, [], 13)) {
        const o = owner.get(g);
        if (o !== undefined) shared.push(`${d.id} shares ${g} with ${o}`);
        else owner.set(g, d.id);
      }
    for (const q of small.queries)
      for (const g of grams(q.text, q.cases.map((c) => [c.query_start, c.query_end]), 13))
        if (owner.has(g)) shared.push(`${q.id} shares ${g} with ${owner.get(g)!}`);
    expect(shared).toEqual([]);
  });

  it('seed paragraphs are 150–400 characters', async () => {
    const { SEED_PARAGRAPHS } = await import('./seed-texts.ts');
    expect(SEED_PARAGRAPHS.length).toBeGreaterThanOrEqual(12);
    for (const p of SEED_PARAGRAPHS) {
      expect(p.text.length).toBeGreaterThanOrEqual(150);
      expect(p.text.length).toBeLessThanOrEqual(400);
    }
  });

  it('negatives contain stock phrases shared with the documents', () => {
    for (const q of small.queries.filter((x) => x.category === 'negative-stock-phrases')) {
      const found = STOCK_PHRASES.filter((p) => q.text.includes(p));
      expect(found.length).toBeGreaterThanOrEqual(3);
      expect(found.some((p) => small.documents.some((d) => d.text.includes(p)))).toBe(true);
    }
  });

  it('the ground truth scored against itself has plagdet 1, overall and per type', () => {
    const cases = corpusCases(small);
    expect(plagdet(cases, cases)).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
    const by = plagdetByType(cases, cases, queryTypes(small));
    expect([...by.keys()]).toEqual(['format-variant', 'light-edit', 'verbatim']);
    for (const s of by.values()) expect(s.plagdet).toBe(1);
  });
});
