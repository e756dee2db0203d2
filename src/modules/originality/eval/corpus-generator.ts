// Synthetic labelled corpus for the originality engine (issue 4, item 7), built deterministically
// (seeded PRNG) from our own seed texts (seed-texts.ts) — pure code, no engine imports.
//
// Output has the format of ../shared/data/originality (documents.jsonl, queries.jsonl; see its
// README) plus, on every query, `cases`: the character offsets of each planted copy in both texts
// (UTF-16 code units, end exclusive), so that PAN's plagdet (plagdet.ts) can score passages.
//
// Query categories (one per query; `truth` and `cases` use the same type):
//   verbatim         1–3 passages of 13–400 characters pasted unchanged from distinct documents
//   format-variant   as verbatim, then 1–3 of: punctuation changed, full/half width swapped,
//                    traditional characters, spaces and line breaks inserted (`variant` names them)
//   light-edit       a passage of 40–400 characters with one character inserted, deleted or swapped
//                    with its neighbour every 15–30 characters
//   negative-stock-phrases  unrelated text with many stock phrases (套话); expected: no case
//   negative-same-topic     an independent text on the topic of existing documents; expected: no
//                           case and ≤ 5 % similarity
// "Characters" of a copy length are letters and digits (punctuation and white space excluded), so
// that a 13-character copy has 13 characters left after the engine's normalisation.
//
// Independence: every text is built from words (2–4 characters) of the seed paragraphs in random
// order — readable word by word, not sentence by sentence — and any run of 12 characters
// (punctuation ignored) that it still shares with an earlier document is broken by replacing a
// character — except inside stock phrases, which documents share on purpose. So the only passages a
// query shares with the corpus are the planted cases and stock phrases. Copies never include stock
// phrases, and the characters just outside each copy differ from those outside its source span.
//
// Limits: texts other than the copied passages are shuffled words, so same-topic negatives share
// vocabulary but no phrasing (easier than hand-written essays: score those on the shared corpus).
// The 20 stock phrases occur in ~60 of the 300 documents of `large`, above any document-frequency
// cap; in `small` (30 documents) some occur in 5 or fewer, so an engine that does not list them
// will report them — score the stock-phrase goal on `large`.
//
// Run: node --import tsx scripts/originality-corpus.ts --out DIR --seed N --size small|large
// Score an engine: npx jindianzi originality eval --documents DIR/documents.jsonl --queries
//   DIR/queries.jsonl --out DIR/results.jsonl, then
//   node --import tsx scripts/originality-plagdet.ts --queries DIR/queries.jsonl --results DIR/results.jsonl
// Tests: npx vitest run src/modules/originality/eval/corpus-generator.test.ts
import { SEED_PARAGRAPHS, SIMPLIFIED_TO_TRADITIONAL, STOCK_PHRASES } from './seed-texts.ts';
import type { Case } from './plagdet.ts';
import { mulberry32, type Rng } from '../../../shared/random.ts';

export type CorpusSize = 'small' | 'large';

export const COPY_TYPES = ['verbatim', 'format-variant', 'light-edit'] as const;
export const NEGATIVE_TYPES = ['negative-stock-phrases', 'negative-same-topic'] as const;
export type CopyType = (typeof COPY_TYPES)[number];
export type QueryCategory = CopyType | (typeof NEGATIVE_TYPES)[number];

export interface GeneratedDocument {
  id: string;
  kind: 'idea' | 'reference';
  topic: string;
  unit: string;
  author: string;
  title: string;
  text: string;
  source?: string;
}

export interface PlantedCase {
  source: string;
  type: CopyType;
  query_start: number;
  query_end: number;
  source_start: number;
  source_end: number;
  /** format-variant only: the transformations applied. */
  variant?: string[];
}

export interface GeneratedQuery {
  id: string;
  category: QueryCategory;
  title: string;
  text: string;
  truth: Array<{ source: string; type: CopyType; copied_chars: number }>;
  cases: PlantedCase[];
  note: string;
}

export interface Corpus {
  documents: GeneratedDocument[];
  queries: GeneratedQuery[];
}

export const SIZES: Record<CorpusSize, { documents: number; perCopyType: number; perNegativeType: number }> = {
  small: { documents: 30, perCopyType: 10, perNegativeType: 6 },
  large: { documents: 300, perCopyType: 80, perNegativeType: 40 },
};

/** Window (in letters/digits) below which texts may share runs by chance; the engine's floor is 13. */
export const INDEPENDENCE_WINDOW = 12;

// ---------------------------------------------------------------------------------------------
// Helpers over the seeded PRNG (src/shared/random.ts)

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

export const isContent = (ch: string): boolean => /[\p{L}\p{N}]/u.test(ch);

const TOPICS = [...new Set(SEED_PARAGRAPHS.map((p) => p.topic))];
/** Words of each topic: the seed paragraphs' runs of letters/digits cut into pieces of 2–4 characters. */
const WORDS: Map<string, string[]> = new Map(
  TOPICS.map((t) => {
    const words = new Set<string>();
    const cuts = [2, 3, 2, 4, 3, 2];
    for (const p of SEED_PARAGRAPHS.filter((x) => x.topic === t))
      for (const run of p.text.match(/[\p{L}\p{N}]+/gu) ?? []) {
        const cs = [...run];
        for (let i = 0, c = 0; i < cs.length; c++) {
          const len = cuts[c % cuts.length]!;
          const w = cs.slice(i, i + len).join('');
          if (w.length >= 2) words.add(w);
          i += len;
        }
      }
    return [t, [...words].sort()];
  }),
);
const HAN_POOL = [...new Set([...SEED_PARAGRAPHS.map((p) => p.text).join('')].filter((c) => /\p{Script=Han}/u.test(c)))].sort();

// ---------------------------------------------------------------------------------------------
// Texts as character arrays with a stock-phrase flag per character

interface Draft {
  chars: string[];
  stock: boolean[];
}

function push(d: Draft, text: string, stock = false): void {
  for (const ch of text) {
    d.chars.push(ch);
    d.stock.push(stock);
  }
}

function contentLength(text: string): number {
  let n = 0;
  for (const ch of text) if (isContent(ch)) n++;
  return n;
}

/**
 * Text of (mostly) one topic until `target` letters/digits: clauses of 2–5 words drawn at random from
 * the seed paragraphs' words, so that no two texts share more than a word or two in a row (reusing
 * whole clauses with a character changed would make near-copies, which are light edits).
 */
function body(rng: Rng, d: Draft, topic: string, target: number, sameTopic = 0.75): void {
  let n = 0;
  let sinceBreak = 0;
  let clauses = 0;
  let sentenceLength = int(rng, 2, 4);
  while (n < target) {
    const words = int(rng, 2, 5);
    let clause = '';
    for (let w = 0; w < words; w++) clause += pick(rng, WORDS.get(rng() < sameTopic ? topic : pick(rng, TOPICS))!);
    n += contentLength(clause);
    clauses++;
    const end = n >= target || clauses >= sentenceLength;
    push(d, clause + (end ? '。' : pick(rng, ['，', '，', '，', '、', '；'])));
    if (end) {
      clauses = 0;
      sentenceLength = int(rng, 2, 4);
      sinceBreak++;
      if (sinceBreak > 3 && rng() < 0.3 && n < target) {
        push(d, '\n');
        sinceBreak = 0;
      }
    }
  }
}

function stockSentence(rng: Rng, d: Draft, count: number): void {
  const chosen: string[] = [];
  while (chosen.length < count) {
    const p = pick(rng, STOCK_PHRASES);
    if (!chosen.includes(p)) chosen.push(p);
  }
  for (let i = 0; i < count; i++) {
    push(d, chosen[i]!, true);
    push(d, i === count - 1 ? '。' : '，');
  }
}

/**
 * Breaks every run of INDEPENDENCE_WINDOW letters/digits shared with a text in `registry` (window →
 * owner) or repeated inside the text itself by replacing its last non-stock character; windows made
 * only of stock phrases stay.
 */
function makeIndependent(rng: Rng, d: Draft, registry: Map<string, number>, owner: number, register: boolean): void {
  const W = INDEPENDENCE_WINDOW;
  const idx: number[] = [];
  d.chars.forEach((ch, i) => {
    if (isContent(ch)) idx.push(i);
  });
  const key = (k: number): string => {
    let s = '';
    for (let j = k; j < k + W; j++) s += d.chars[idx[j]!]!;
    return s;
  };
  const seen = new Set<string>();
  for (let k = 0; k + W <= idx.length; k++) {
    let kk = key(k);
    const o = registry.get(kk);
    if ((o !== undefined && o !== owner) || seen.has(kk)) {
      let j = k + W - 1;
      while (j >= k && d.stock[idx[j]!]) j--;
      if (j >= k) {
        const at = idx[j]!;
        let ch = d.chars[at]!;
        while (ch === d.chars[at]) ch = pick(rng, HAN_POOL);
        d.chars[at] = ch;
        kk = key(k);
      }
    }
    seen.add(kk);
  }
  if (register) for (const kk of seen) if (!registry.has(kk)) registry.set(kk, owner);
}

// ---------------------------------------------------------------------------------------------
// Copy transformations

const FULL_TO_HALF_PUNCT: Record<string, string> = { '，': ',', '。': '.', '；': ';', '：': ':', '！': '!', '？': '?', '（': '(', '）': ')', '“': '"', '”': '"', '％': '%' };
const PUNCT = ['，', '、', '；', '。', '：'];

export const FORMAT_VARIANTS = ['punctuation', 'width', 'traditional', 'whitespace'] as const;

function formatVariant(rng: Rng, text: string, which: string): string {
  const out: string[] = [];
  let next = int(rng, 4, 30);
  let n = 0;
  for (const ch of text) {
    switch (which) {
      case 'punctuation':
        out.push(PUNCT.includes(ch) || ch === '！' || ch === '？' ? pick(rng, PUNCT.filter((p) => p !== ch)) : ch);
        break;
      case 'width': {
        const c = ch.charCodeAt(0);
        if (FULL_TO_HALF_PUNCT[ch]) out.push(FULL_TO_HALF_PUNCT[ch]);
        else if (c >= 0x21 && c <= 0x7e) out.push(String.fromCharCode(c + 0xfee0));
        else out.push(ch);
        break;
      }
      case 'traditional':
        out.push(SIMPLIFIED_TO_TRADITIONAL[ch] ?? ch);
        break;
      default: // whitespace, never first or last
        if (++n >= next && out.length > 0) {
          out.push(pick(rng, [' ', ' ', '  ', '\n', '\r\n', '\u3000']));
          next = n + int(rng, 4, 30);
        }
        out.push(ch);
    }
  }
  return out.join('');
}

/** One insertion, deletion or swap of neighbours every 15–30 letters/digits (none at either end). */
function lightEdit(rng: Rng, text: string): string {
  const chars = [...text];
  const out: string[] = [];
  let n = 0;
  let next = int(rng, 15, 30);
  const total = contentLength(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (!isContent(ch)) {
      out.push(ch);
      continue;
    }
    n++;
    if (n >= next && n < total - 2) {
      next = n + int(rng, 15, 30);
      const op = int(rng, 0, 2);
      if (op === 0) out.push(pick(rng, HAN_POOL), ch);
      else if (op === 1) continue; // deleted
      else if (i + 1 < chars.length && isContent(chars[i + 1]!) && chars[i + 1] !== ch) {
        out.push(chars[i + 1]!, ch);
        i++;
        n++;
      } else out.push(pick(rng, HAN_POOL.filter((c) => c !== ch)));
      continue;
    }
    out.push(ch);
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// The corpus

interface DocInfo {
  doc: GeneratedDocument;
  bodyStart: number;
  bodyEnd: number;
}

function toText(d: Draft): string {
  return d.chars.join('');
}

/** A span of `length` letters/digits inside [lo, hi) of `text`, starting and ending on one. */
function chooseSpan(rng: Rng, text: string, lo: number, hi: number, length: number): [number, number] | undefined {
  const idx: number[] = [];
  for (let i = lo; i < hi; i++) if (isContent(text[i]!)) idx.push(i);
  if (idx.length < length) return undefined;
  const k = int(rng, 0, idx.length - length);
  return [idx[k]!, idx[k + length - 1]! + 1];
}

function copyLength(rng: Rng, min: number, max: number): number {
  return rng() < 0.5 ? int(rng, min, Math.min(max, 60)) : int(rng, Math.min(max, 60), max);
}

/** Replaces the character of a filler at `at` when it equals `avoid`, so a copy cannot grow past its ends. */
function differ(rng: Rng, d: Draft, at: number, avoid: string | undefined): void {
  if (at < 0 || avoid === undefined || d.chars[at] !== avoid) return;
  let ch = avoid;
  while (ch === avoid) ch = pick(rng, HAN_POOL);
  d.chars[at] = ch;
}

function neighbour(text: string, from: number, step: 1 | -1): string | undefined {
  for (let i = from; i >= 0 && i < text.length; i += step) if (isContent(text[i]!)) return text[i];
  return undefined;
}

function lastContent(d: Draft): number {
  for (let i = d.chars.length - 1; i >= 0; i--) if (isContent(d.chars[i]!)) return i;
  return -1;
}
function firstContent(d: Draft): number {
  return d.chars.findIndex((c) => isContent(c));
}

export function generateCorpus(options: { seed: number; size: CorpusSize }): Corpus {
  const rng = mulberry32(options.seed);
  const conf = SIZES[options.size];
  const registry = new Map<string, number>();
  const infos: DocInfo[] = [];

  for (let i = 0; i < conf.documents; i++) {
    const reference = i < TOPICS.length;
    const topic = reference ? TOPICS[i]! : pick(rng, TOPICS);
    const d: Draft = { chars: [], stock: [] };
    stockSentence(rng, d, int(rng, 1, 3));
    push(d, '\n');
    const bodyStart = d.chars.length;
    body(rng, d, topic, reference ? int(rng, 1000, 1400) : int(rng, 500, 800));
    const bodyEnd = d.chars.length;
    push(d, '\n');
    stockSentence(rng, d, int(rng, 1, 3));
    makeIndependent(rng, d, registry, i, true);
    const id = `${reference ? 'gr' : 'gd'}${String(i + 1).padStart(3, '0')}`;
    const doc: GeneratedDocument = reference
      ? { id, kind: 'reference', topic, unit: '', author: '', title: `${topic}参考材料（合成）`, text: toText(d), source: '由 seed-texts.ts 合成的测试文本，非真实文件' }
      : { id, kind: 'idea', topic, unit: `样本县第${int(rng, 1, 40)}学校`, author: `样本县第${int(rng, 1, 40)}学校`, title: `${topic}金点子（合成 ${i + 1}）`, text: toText(d) };
    infos.push({ doc, bodyStart, bodyEnd });
  }

  const queries: GeneratedQuery[] = [];
  const plan: QueryCategory[] = [
    ...COPY_TYPES.flatMap((t) => Array<QueryCategory>(conf.perCopyType).fill(t)),
    ...NEGATIVE_TYPES.flatMap((t) => Array<QueryCategory>(conf.perNegativeType).fill(t)),
  ];
  // interleave deterministically so that ids do not reveal the category
  for (let i = plan.length - 1; i > 0; i--) {
    const j = int(rng, 0, i);
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }

  plan.forEach((category, qi) => {
    const id = `gq${String(qi + 1).padStart(4, '0')}`;
    const topic = pick(rng, TOPICS);
    const filler = (target: number, stockCount = 0, sameTopic = 0.75): Draft => {
      const d: Draft = { chars: [], stock: [] };
      if (stockCount > 0) stockSentence(rng, d, stockCount);
      body(rng, d, topic, target, sameTopic);
      makeIndependent(rng, d, registry, -1, false);
      return d;
    };

    if (category === 'negative-stock-phrases') {
      const d: Draft = { chars: [], stock: [] };
      const phrases = int(rng, 6, 10);
      for (let p = 0; p < phrases; p++) {
        body(rng, d, pick(rng, TOPICS), int(rng, 30, 90), 0.5);
        stockSentence(rng, d, int(rng, 1, 2));
      }
      makeIndependent(rng, d, registry, -1, false);
      queries.push({ id, category, title: '合成负例：套话密集的原创文本', text: toText(d), truth: [], cases: [], note: 'original text with stock phrases sprinkled in; expected: no case' });
      return;
    }
    if (category === 'negative-same-topic') {
      const d = filler(int(rng, 500, 800), int(rng, 1, 2), 0.95);
      queries.push({ id, category, title: `合成负例：${topic}（独立写作）`, text: toText(d), truth: [], cases: [], note: `independent text on ${topic}; expected: no case, similarity ≤ 5 %` });
      return;
    }

    const copies = category === 'light-edit' ? int(rng, 1, 2) : int(rng, 1, 3);
    const sources: DocInfo[] = [];
    while (sources.length < copies) {
      const s = pick(rng, infos);
      if (!sources.includes(s)) sources.push(s);
    }
    const parts: Array<Draft | { copy: string; info: DocInfo; span: [number, number]; variant?: string[] }> = [];
    parts.push(filler(int(rng, 60, 200), int(rng, 0, 2)));
    for (const info of sources) {
      const bodyLen = contentLength(info.doc.text.slice(info.bodyStart, info.bodyEnd));
      const min = category === 'light-edit' ? 40 : 13;
      const span = chooseSpan(rng, info.doc.text, info.bodyStart, info.bodyEnd, copyLength(rng, min, Math.min(400, bodyLen)))!;
      const original = info.doc.text.slice(span[0], span[1]);
      let copy = original;
      let variant: string[] | undefined;
      if (category === 'format-variant') {
        const pool = [...FORMAT_VARIANTS];
        variant = [];
        for (let n = int(rng, 1, 3); n > 0; n--) variant.push(pool.splice(int(rng, 0, pool.length - 1), 1)[0]!);
        variant.sort((a, b) => FORMAT_VARIANTS.indexOf(a as never) - FORMAT_VARIANTS.indexOf(b as never));
        for (const v of variant) copy = formatVariant(rng, copy, v);
        if (copy === original) {
          variant.push('whitespace');
          copy = formatVariant(rng, copy, 'whitespace');
        }
      } else if (category === 'light-edit') copy = lightEdit(rng, original);
      parts.push({ copy, info, span, variant });
      parts.push(filler(int(rng, 60, 200)));
    }

    // fillers must not extend a copy at either end
    for (let p = 1; p < parts.length; p += 2) {
      const c = parts[p] as { info: DocInfo; span: [number, number] };
      const before = parts[p - 1] as Draft;
      const after = parts[p + 1] as Draft;
      differ(rng, before, lastContent(before), neighbour(c.info.doc.text, c.span[0] - 1, -1));
      differ(rng, after, firstContent(after), neighbour(c.info.doc.text, c.span[1], 1));
    }

    let text = '';
    const cases: PlantedCase[] = [];
    for (const part of parts) {
      if ('chars' in part) {
        text += toText(part);
        continue;
      }
      const start = text.length;
      text += part.copy;
      const pc: PlantedCase = { source: part.info.doc.id, type: category, query_start: start, query_end: text.length, source_start: part.span[0], source_end: part.span[1] };
      if (part.variant) pc.variant = part.variant;
      cases.push(pc);
    }
    const truth = cases.map((c) => ({ source: c.source, type: c.type, copied_chars: [...text.slice(c.query_start, c.query_end)].filter((ch) => !/\s/u.test(ch)).length }));
    queries.push({ id, category, title: `合成查询：${topic}`, text, truth, cases, note: `${cases.length} planted ${category} case(s); offsets in cases` });
  });

  return { documents: infos.map((x) => x.doc), queries };
}

/** One JSON object per line, fields in a fixed order, trailing newline. */
export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The planted cases of a corpus in plagdet's shape (query id added). */
export function corpusCases(corpus: Corpus): Case[] {
  return corpus.queries.flatMap((q) => q.cases.map((c) => ({ query: q.id, source: c.source, type: c.type, query_start: c.query_start, query_end: c.query_end, source_start: c.source_start, source_end: c.source_end })));
}

/** query id → category, for plagdetByType's attribution of false positives. */
export function queryTypes(corpus: Corpus): Map<string, string> {
  return new Map(corpus.queries.map((q) => [q.id, q.category]));
}
