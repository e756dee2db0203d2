import { describe, expect, it } from 'vitest';
import { MemoryIndex, type SourceDocument } from './index.ts';
import { checkDocument } from './check.ts';
import { DEFAULT_STOCK_PHRASES, StockPhrases } from './stock-phrases.ts';
import { normalize } from './normalize.ts';
import { seededText } from './test-text.ts';
import { WINDOW_W } from './fingerprint.ts';

const stock = StockPhrases.defaults();

function indexOf(docs: SourceDocument[], s = stock) {
  const index = new MemoryIndex(s);
  for (const d of docs) index.addNow(d);
  return index;
}

/** A char inserted, deleted or swapped every `every` characters (deterministic). */
function lightlyEdited(text: string, every: number): string {
  const out: string[] = [];
  [...text].forEach((c, i) => {
    const step = i % every;
    if (i > 0 && step === 0) {
      const kind = Math.floor(i / every) % 3;
      if (kind === 0) out.push('增', c);
      else if (kind === 1) return; // deleted
      else out.push('换');
    } else out.push(c);
  });
  return out.join('');
}

describe('checkDocument', () => {
  it('reports a verbatim copy with passages in original offsets of both texts', async () => {
    const copied = seededText(10, 120);
    const source = `${seededText(11, 50)}\n${copied}。${seededText(12, 50)}`;
    const query = `${seededText(13, 40)}，${copied.slice(0, 60)}， ${copied.slice(60)}${seededText(14, 40)}`;
    const r = await checkDocument(indexOf([{ id: 's', text: source }]), { text: query });
    expect(r.sources.map((s) => s.source)).toEqual(['s']);
    const [p] = r.sources[0].passages;
    expect(normalize(query.slice(p.queryStart, p.queryEnd)).text).toBe(copied);
    expect(normalize(source.slice(p.sourceStart, p.sourceEnd)).text).toBe(copied);
    expect(r.sources[0].matchedChars).toBe(120);
    expect(r.similarity).toBeCloseTo(120 / 200, 5);
    expect(r.spans).toEqual([{ start: p.queryStart, end: p.queryEnd, label: 'copied' }]);
  });

  it.each([15, 20, 30])('bridges light edits (one every %i characters) into one passage', async (every) => {
    const copied = seededText(20 + every, 300);
    const edited = lightlyEdited(copied, every);
    const query = seededText(21, 100) + edited + seededText(22, 100);
    const r = await checkDocument(indexOf([{ id: 's', text: seededText(23, 80) + copied }]), { text: query });
    const passages = r.sources[0].passages;
    expect(passages).toHaveLength(1);
    expect(passages[0].queryStart).toBeLessThanOrEqual(100 + every);
    expect(passages[0].queryEnd).toBeGreaterThanOrEqual(100 + edited.length - every);
  });

  it('gives stock phrases sprinkled into unrelated texts no passage at all', async () => {
    const phrases = DEFAULT_STOCK_PHRASES;
    const sprinkle = (seed: number) => phrases.map((p, i) => `${seededText(seed * 100 + i, 20 + (i % 7))}，${p}`).join('。');
    const index = indexOf(Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, text: sprinkle(i + 1) })));
    const r = await checkDocument(index, { text: sprinkle(9) });
    expect(r.sources).toEqual([]);
    expect(r.copiedChars).toBe(0);
    expect(r.spans.every((s) => s.label === 'stock')).toBe(true);
  });

  it('takes phrases found in more documents than the cap out, even when not listed', async () => {
    const phrase = seededText(30, 40);
    const none = StockPhrases.from([]);
    const index = indexOf(Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, text: seededText(31 + i, 100) + phrase + seededText(41 + i, 100) })), none);
    const query = seededText(50, 100) + phrase + seededText(51, 100);
    const capped = await checkDocument(index, { text: query }, { stock: none, dfCap: { minDocs: 3, fraction: 0 } });
    expect(capped.sources).toEqual([]);
    expect(capped.copiedChars).toBe(0);
    // Greyed as common wording, inside the phrase only; with no source aligned, a last character
    // that no source's winnowing selected may stay plain (an exact run would have shown it shared).
    expect(capped.stockChars).toBeGreaterThanOrEqual(40 - (WINDOW_W - 1));
    const at = query.indexOf(phrase);
    expect(capped.spans.every((x) => x.label === 'stock' && x.start >= at && x.end <= at + 40)).toBe(true);
    const uncapped = await checkDocument(index, { text: query }, { stock: none, dfCap: { minDocs: 10, fraction: 0 } });
    expect(uncapped.sources).toHaveLength(6);
  });

  it('counts a cited quotation apart from copying', async () => {
    const quoted = seededText(60, 40);
    const source = seededText(61, 100) + quoted + seededText(62, 100);
    const query = `${seededText(63, 80)}《${seededText(64, 4)}》中说：“${quoted}”${seededText(65, 80)}`;
    const r = await checkDocument(indexOf([{ id: 's', text: source }]), { text: query });
    expect(r.copiedChars).toBe(0);
    expect(r.quotationChars).toBe(40);
    expect(r.sources).toEqual([]);
    expect(r.spans.map((s) => s.label)).toEqual(['quotation']);
    const uncited = await checkDocument(indexOf([{ id: 's', text: source }]), { text: `${seededText(63, 80)}“${quoted}”${seededText(65, 80)}` });
    expect(uncited.copiedChars).toBe(40);
  });

  it('never matches an idea against its own family, and marks the same unit’s earlier years', async () => {
    const text = seededText(70, 300);
    const index = indexOf([
      { id: 'v1', text, family: 'idea-7', unit: '仙居县实验小学', year: 2025 },
      { id: 'old', text, family: 'idea-3', unit: '仙居县实验小学', year: 2024 },
      { id: 'other', text, family: 'idea-9', unit: '别的学校', year: 2024 },
    ]);
    const r = await checkDocument(index, { id: 'v2', text, family: 'idea-7', unit: '仙居县实验小学', year: 2025 });
    expect(r.sources.map((s) => [s.source, s.sameUnitEarlierYear])).toEqual([
      ['old', true],
      ['other', false],
    ]);
  });

  it('does not let the submission’s own versions take the candidate slots', async () => {
    const text = seededText(80, 300);
    const versions = Array.from({ length: 5 }, (_, i) => ({ id: `v${i}`, text, family: 'mine' }));
    const index = indexOf([...versions, { id: 'copied', text: seededText(81, 100) + text.slice(0, 150) }]);
    const r = await checkDocument(index, { text, family: 'mine' }, { maxCandidates: 2, dfCap: { minDocs: 100, fraction: 0 } });
    expect(r.sources.map((s) => s.source)).toEqual(['copied']);
  });

  it('matches traditional, full-width and numeral variants of a source', async () => {
    const source = '二〇一七年以来，我县共建成十二所乡村寄宿制学校，新增学位三千六百个，农村学校教师周转宿舍全部建成并投入使用。';
    const query = '2017年以來 我縣共建成12所鄉村寄宿制學校；新增學位3600個，農村學校教師週轉宿舍全部建成並投入使用!';
    const r = await checkDocument(indexOf([{ id: 's', text: source }]), { text: query });
    expect(r.sources[0]?.similarity).toBeGreaterThan(0.9);
  });
});
