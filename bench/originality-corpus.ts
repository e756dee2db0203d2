// Synthetic corpora for `npm run bench:originality` (issue 4 item 8): documents of about 1,500
// characters recombined and mutated from our own seed texts (src/modules/originality/eval/
// seed-texts.ts; none of ../shared/data), any number of them, deterministic and streamable:
// document i is a pure function of (seed, i), so a million documents are never held in memory.
//
// - Vocabulary: the seed paragraphs cut into words of 2–4 characters, and 40,000 mutations of them
//   (one character replaced by another character of the seed texts), drawn with Zipf frequencies
//   (s = 1), as words are in real text: frequent words make frequent phrases, rare ones make each
//   text its own.
// - A document: paragraphs of sentences of 2–5-word clauses with Chinese punctuation, 2–4 stock
//   phrases of official writing (the seed's list, which only partly overlaps the engine's default
//   list: the others must be caught by the document-frequency cap), and, for 5 % of documents, one
//   to three passages of 40–400 characters copied from earlier documents (some as format variants).
// - Queries: new documents of five kinds with their expected sources (see QUERY_KINDS).
import { SEED_PARAGRAPHS, SIMPLIFIED_TO_TRADITIONAL, STOCK_PHRASES } from '../src/modules/originality/eval/seed-texts.ts';
import { mulberry32, type Rng } from '../src/shared/random.ts';

/**
 * One random stream per (seed, stream, index): sfc32 (128-bit state) seeded through splitmix32.
 * Not mulberry32 per document: its 32-bit state makes the streams of two seeds shifted copies of one
 * sequence, and a million documents' streams overlap, which would plant copies nobody intended.
 */
function streamOf(seed: number, stream: number, index: number): Rng {
  let x = (seed ^ Math.imul(stream + 1, 0x9e3779b9) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split() ^ index;
  let d = split() ^ stream;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const SEED_WORDS: string[] = (() => {
  const words = new Set<string>();
  const cuts = [2, 3, 2, 4, 3, 2];
  for (const p of SEED_PARAGRAPHS)
    for (const run of p.text.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const cs = [...run];
      for (let i = 0, c = 0; i < cs.length; c++) {
        const len = cuts[c % cuts.length]!;
        const w = cs.slice(i, i + len).join('');
        if (w.length >= 2) words.add(w);
        i += len;
      }
    }
  return [...words].sort();
})();
const HAN_POOL = [...new Set([...SEED_PARAGRAPHS.map((p) => p.text).join('')].filter((c) => /\p{Script=Han}/u.test(c)))].sort();
const MUTATIONS = 40_000;
/** One-character function words: the most frequent words of any Chinese text. */
const FUNCTION_WORDS = [...'的在了和是与对把为等也都就从将其及而并被以'];

/** Words in Zipf rank order and the cumulative distribution to draw them. */
const { VOCAB, CDF } = (() => {
  const rng = mulberry32(0x5eed);
  const set = new Set(SEED_WORDS);
  const vocab = [...SEED_WORDS];
  while (vocab.length < SEED_WORDS.length + MUTATIONS) {
    const base = [...pick(rng, SEED_WORDS)];
    base[int(rng, 0, base.length - 1)] = pick(rng, HAN_POOL);
    const w = base.join('');
    if (!set.has(w)) set.add(w), vocab.push(w);
  }
  // Shuffle so that seed words and mutations mix across ranks, then put short words first, as in
  // real text the most frequent words are the shortest; function words of one character lead.
  for (let i = vocab.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [vocab[i], vocab[j]] = [vocab[j]!, vocab[i]!];
  }
  vocab.sort((a, b) => a.length - b.length);
  vocab.unshift(...FUNCTION_WORDS);
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  for (let r = 0; r < vocab.length; r++) cdf[r] = sum += 1 / (r + 1);
  for (let r = 0; r < vocab.length; r++) cdf[r] /= sum;
  return { VOCAB: vocab, CDF: cdf };
})();

function word(rng: Rng): string {
  const x = rng();
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (CDF[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo]!;
}

/** Running text of about `target` characters (punctuation included), with `stock` stock phrases. */
function prose(rng: Rng, target: number, stock: number): string {
  let out = '';
  const stockAt = new Set(Array.from({ length: stock }, () => int(rng, 0, Math.max(1, Math.floor(target / 40)))));
  let clause = 0;
  let sentence = int(rng, 2, 4);
  let inSentence = 0;
  let sentences = 0;
  while (out.length < target) {
    if (stockAt.has(clause)) out += pick(rng, STOCK_PHRASES);
    else for (let w = int(rng, 2, 5); w > 0; w--) out += word(rng);
    clause++;
    inSentence++;
    if (inSentence >= sentence || out.length >= target) {
      out += rng() < 0.9 ? '。' : pick(rng, ['！', '？']);
      inSentence = 0;
      sentence = int(rng, 2, 4);
      if (++sentences % int(rng, 3, 6) === 0 && out.length < target) out += '\n';
    } else out += pick(rng, ['，', '，', '，', '、', '；']);
  }
  return out;
}

export const FORMAT_VARIANTS = ['punctuation', 'width', 'traditional', 'whitespace'] as const;
const FULL_TO_HALF: Record<string, string> = { '，': ',', '。': '.', '；': ';', '：': ':', '！': '!', '？': '?', '、': ',' };

export function formatVariant(rng: Rng, text: string, which: (typeof FORMAT_VARIANTS)[number]): string {
  let out = '';
  for (const ch of text) {
    if (which === 'punctuation') out += '，。；：、'.includes(ch) ? pick(rng, ['，', '。', '；', '：', '、', '　']) : ch;
    else if (which === 'width') out += FULL_TO_HALF[ch] ?? (/[0-9A-Za-z]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch);
    else if (which === 'traditional') out += SIMPLIFIED_TO_TRADITIONAL[ch] ?? ch;
    else out += (rng() < 0.08 ? pick(rng, [' ', '  ', '\n', '\u3000']) : '') + ch;
  }
  return out;
}

/** One character inserted, deleted or swapped with its neighbour every 15–30 characters. */
export function lightEdit(rng: Rng, text: string): string {
  const cs = [...text];
  const out: string[] = [];
  let next = int(rng, 15, 30);
  for (let i = 0; i < cs.length; i++) {
    if (i === next && i < cs.length - 2) {
      next = i + int(rng, 15, 30);
      const op = int(rng, 0, 2);
      if (op === 0) out.push(pick(rng, HAN_POOL), cs[i]!);
      else if (op === 2) out.push(cs[i + 1]!, cs[i]!), i++;
      continue; // op 1: deleted
    }
    out.push(cs[i]!);
  }
  return out.join('');
}

export interface BenchDocument {
  id: string;
  title: string;
  text: string;
}

const TARGET_CHARS = 1500;

/** The document's own text (no copies), a pure function of (seed, i). */
function ownText(seed: number, i: number): string {
  const rng = streamOf(seed, 1, i);
  return prose(rng, TARGET_CHARS + int(rng, -150, 150), int(rng, 2, 4));
}

function passage(rng: Rng, text: string, min: number, max: number): string {
  const len = Math.min(text.length, int(rng, min, max));
  const from = int(rng, 0, text.length - len);
  return text.slice(from, from + len);
}

/** Document i of the corpus: its own text, and for 5 % of documents passages copied from earlier ones. */
export function benchDocument(seed: number, i: number): BenchDocument {
  const rng = streamOf(seed, 2, i);
  let text = ownText(seed, i);
  if (i >= 10 && rng() < 0.05) {
    for (let c = int(rng, 1, 3); c > 0; c--) {
      let copied = passage(rng, ownText(seed, int(rng, 0, i - 1)), 40, 400);
      if (rng() < 0.3) copied = formatVariant(rng, copied, pick(rng, FORMAT_VARIANTS));
      const at = int(rng, 0, text.length);
      text = text.slice(0, at) + copied + text.slice(at);
    }
  }
  return { id: `bench:${i}`, title: `基准文档 ${i}`, text };
}

export function* benchDocuments(seed: number, n: number): Generator<BenchDocument> {
  for (let i = 0; i < n; i++) yield benchDocument(seed, i);
}

export const QUERY_KINDS = ['original', 'verbatim', 'format-variant', 'light-edit', 'stock-phrases'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  id: string;
  kind: QueryKind;
  text: string;
  /** Documents the query copies from (none for original and stock-phrases). */
  sources: string[];
  variant?: string;
}

/**
 * Queries against a corpus of n documents: new texts (numbered after the corpus) that copy 1–3
 * passages of 60–400 characters from random documents, unchanged, as a format variant, or lightly
 * edited; or copy nothing (original); or are dense with stock phrases and copy nothing.
 */
export function benchQueries(seed: number, n: number, count: number): BenchQuery[] {
  const rng = streamOf(seed, 3, count);
  const out: BenchQuery[] = [];
  for (let q = 0; q < count; q++) {
    const kind = QUERY_KINDS[q % QUERY_KINDS.length]!;
    const i = n + 1000 + q; // a document number outside the corpus: its own text is new
    let text = kind === 'stock-phrases' ? prose(streamOf(seed, 4, q), 1500, 14) : ownText(seed, i);
    const sources: string[] = [];
    let variant: string | undefined;
    if (kind === 'verbatim' || kind === 'format-variant' || kind === 'light-edit') {
      for (let c = int(rng, 1, 3); c > 0; c--) {
        const s = int(rng, 0, n - 1);
        let copied = passage(rng, ownText(seed, s), kind === 'light-edit' ? 120 : 60, 400);
        if (kind === 'format-variant') copied = formatVariant(rng, copied, (variant = FORMAT_VARIANTS[q % FORMAT_VARIANTS.length]!));
        if (kind === 'light-edit') copied = lightEdit(rng, copied);
        const at = int(rng, 0, text.length);
        text = text.slice(0, at) + copied + text.slice(at);
        if (!sources.includes(`bench:${s}`)) sources.push(`bench:${s}`);
      }
    }
    out.push({ id: `q${q}`, kind, text, sources, variant });
  }
  return out;
}
