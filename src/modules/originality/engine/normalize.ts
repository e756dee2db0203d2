// Normalisation for the originality check (查重): two texts that differ only in form — full/half
// width, traditional/simplified characters, punctuation, white space, 二〇一七 vs 2017, letter case —
// normalise to the same string, and every normalised character remembers where it came from.
//
// Rules, applied per code point of the original text, left to right:
//  1. NFKC of the code point (Ａ→A, ２→2, ㈠→(一); decomposition of a single code point, so combining
//     sequences across code points are not recomposed — harmless for Chinese text).
//  2. Traditional → simplified, character by character (OpenCC `t`/`tw`/`hk` → `cn`, cached). Per
//     character rather than per phrase, so the result never changes length and both sides of a
//     comparison are mapped the same way even where a phrase converter would keep 乾隆 as is.
//  3. ASCII letters lower-cased.
//  4. Everything that is not a letter or a number (Unicode L or N) is dropped: punctuation, symbols,
//     white space, control characters.
//  5. Numerals. A maximal run of Chinese numeral characters (〇零一二三四五六七八九十百千) is rewritten in
//     Arabic digits: without 十百千 digit by digit (二〇一七 → 2017, 一 → 1); with them, when the run
//     is a well-formed number below 10 000, by value (十二 → 12, 二十 → 20, 三百零五 → 305, 一百 → 100).
//     A run that does not parse (一二十) is written digit by digit with 十百千 kept as they are.
//     万 and 亿 are left alone (三万 → 3万, not 30000): they are far more often words (千家万户)
//     than multipliers, and the rule only has to be the same on both sides of a comparison.
//     A dropped character (punctuation, space) ends a run. Rewriting 一 in 统一 as 统1 is intended: it is consistent, and it lets 第一 match 第1.
//
// The result is a string plus, for each UTF-16 code unit of it, the [start, end) UTF-16 offsets in
// the original text of the code point (or numeral run) it came from.
import * as OpenCC from 'opencc-js/t2cn';

export interface Normalized {
  /** The normalised text. */
  text: string;
  /** starts[i], ends[i]: original UTF-16 offsets [start, end) of normalised code unit i. */
  starts: Uint32Array;
  ends: Uint32Array;
}

const converters = [
  OpenCC.Converter({ from: 'hk', to: 'cn' }),
  OpenCC.Converter({ from: 'tw', to: 'cn' }),
  OpenCC.Converter({ from: 't', to: 'cn' }),
];
const simplifiedCache = new Map<string, string>();

/** One character, traditional → simplified; unchanged when a converter would change its length. */
export function toSimplifiedChar(ch: string): string {
  let out = simplifiedCache.get(ch);
  if (out !== undefined) return out;
  out = ch;
  // ASCII and kana never change; skip the converters for speed.
  if (ch.charCodeAt(0) >= 0x2e80) {
    for (const convert of converters) {
      const c = convert(out);
      if (c.length === out.length) out = c;
    }
  }
  simplifiedCache.set(ch, out);
  return out;
}

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const isNumeral = (c: string) => c in DIGITS || c in UNITS;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** The value of a run like 三百零五 or 十二, or null when it is not a well-formed number < 10 000. */
export function chineseNumberValue(run: string[]): number | null {
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  let zeroPending = false;
  for (const c of run) {
    if (c in DIGITS) {
      const d = DIGITS[c];
      if (d === 0) {
        if (digit !== null) return null;
        zeroPending = true;
        continue;
      }
      if (digit !== null) return null; // two digits in a row: 一二十
      digit = d;
    } else {
      const u = UNITS[c];
      if (u >= lastUnit) return null; // 十百, 百百
      if (zeroPending && digit === null) return null; // 零十
      total += (digit ?? 1) * u;
      lastUnit = u;
      digit = null;
      zeroPending = false;
    }
  }
  if (digit !== null) {
    // 三百零五 → 305; 三百五 (colloquial 350) is read as 305 too: consistent is what matters.
    total += digit;
  }
  return total;
}

/** The Arabic rendering of a numeral run (see rule 5). */
export function numeralRunToArabic(run: string[]): string {
  if (run.some((c) => c in UNITS)) {
    const v = chineseNumberValue(run);
    if (v !== null) return String(v);
    return run.map((c) => (c in DIGITS ? String(DIGITS[c]) : c)).join('');
  }
  return run.map((c) => String(DIGITS[c])).join('');
}

// Per UTF-16 code unit, what rules 1–4 make of it, learnt on first sight and cached: most text is
// made of a few thousand distinct characters, each a single code unit that maps to one code unit or
// to nothing. Others (NFKC expansions such as ㈠, surrogate pairs) take the per-code-point path.
const UNSEEN = 0;
const PLAIN = 1;
const DROP = 2;
const COMPLEX = 3;
const NUMERAL = 4;
const KIND = new Uint8Array(65536);
const OUT = new Uint16Array(65536);

function classify(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return (KIND[code] = COMPLEX);
  const cp = String.fromCharCode(code);
  const ideograph = code >= 0x4e00 && code <= 0x9fff;
  const decomposed = ideograph ? cp : cp.normalize('NFKC');
  if (decomposed.length !== 1) return (KIND[code] = COMPLEX);
  let c = toSimplifiedChar(decomposed);
  if (c.length !== 1) return (KIND[code] = COMPLEX);
  if (!ideograph && !LETTER_OR_NUMBER.test(c)) return (KIND[code] = DROP);
  const cc = c.charCodeAt(0);
  if (cc >= 65 && cc <= 90) c = String.fromCharCode(cc + 32);
  OUT[code] = c.charCodeAt(0);
  return (KIND[code] = isNumeral(c) ? NUMERAL : PLAIN);
}

/** Code units to a string (lone surrogates cannot occur: a surrogate pair is copied whole or not at all). */
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** A numeral character alone, rewritten (by code unit of the original). */
const SINGLE_NUMERAL: Array<string | undefined> = [];

/** The next code unit surely ends a numeral run: it maps to a plain character or to nothing. */
function endsNumeralRun(next: number): boolean {
  let kind = KIND[next];
  if (kind === UNSEEN) kind = classify(next);
  return kind === PLAIN || kind === DROP;
}

/** A growable output: normalised code units with their original [start, end). */
class Output {
  units: Uint16Array;
  starts: Uint32Array;
  ends: Uint32Array;
  length = 0;
  constructor(
    capacity: number,
    private readonly offsets: boolean,
    units?: Uint16Array,
  ) {
    this.units = units && units.length >= capacity ? units : new Uint16Array(capacity);
    this.starts = new Uint32Array(offsets ? capacity : 0);
    this.ends = new Uint32Array(offsets ? capacity : 0);
  }
  push(unit: number, start: number, end: number) {
    if (this.length === this.units.length) this.grow();
    if (this.offsets) {
      this.starts[this.length] = start;
      this.ends[this.length] = end;
    }
    this.units[this.length++] = unit;
  }
  pushString(s: string, start: number, end: number) {
    for (let i = 0; i < s.length; i++) this.push(s.charCodeAt(i), start, end);
  }
  private grow() {
    const cap = this.units.length * 2 + 16;
    const u = new Uint16Array(cap);
    u.set(this.units);
    const st = new Uint32Array(this.offsets ? cap : 0);
    st.set(this.starts);
    const en = new Uint32Array(this.offsets ? cap : 0);
    en.set(this.ends);
    [this.units, this.starts, this.ends] = [u, st, en];
  }
  text(): string {
    return UTF16.decode(this.units.subarray(0, this.length));
  }
}

export function normalize(original: string): Normalized {
  const out = normalizeInto(original, true);
  return { text: out.text(), starts: out.starts.slice(0, out.length), ends: out.ends.slice(0, out.length) };
}

/** The normalised text alone (no offsets): what alignment needs of a candidate source. */
export function normalizeText(original: string): string {
  const out = normalizeInto(original, false, textScratch);
  textScratch = out.units; // reused by the next call: text() copies into a string
  return out.text();
}

let textScratch: Uint16Array = new Uint16Array(4096);

/**
 * The normalised text now (or `text`, when the caller has normalised it already), its offsets
 * computed on first use: a candidate source needs them only when a passage is reported from it.
 */
export function lazyNormalized(original: string, text = normalizeText(original)): Normalized {
  let full: Normalized | undefined;
  return {
    text,
    get starts() {
      return (full ??= normalize(original)).starts;
    },
    get ends() {
      return (full ??= normalize(original)).ends;
    },
  };
}

function normalizeInto(original: string, offsets: boolean, units?: Uint16Array): Output {
  const out = new Output(original.length + 16, offsets, units);
  // Pending numeral run: characters and the original span they cover.
  let run: string[] = [];
  let runStart = 0;
  let runEnd = 0;
  const flush = () => {
    if (run.length === 0) return;
    out.pushString(numeralRunToArabic(run), runStart, runEnd);
    run = [];
  };
  const n = original.length;
  for (let i = 0; i < n; ) {
    const code = original.charCodeAt(i);
    let kind = KIND[code];
    if (kind === UNSEEN) kind = classify(code);
    if (kind === PLAIN) {
      if (run.length) flush();
      out.push(OUT[code], i, i + 1);
      i++;
      continue;
    }
    if (kind === DROP) {
      if (run.length) flush(); // 一百、十 are two numbers
      i++;
      continue;
    }
    if (kind === NUMERAL) {
      if (run.length === 0 && (i + 1 === n || endsNumeralRun(original.charCodeAt(i + 1)))) {
        // A numeral alone (一 in 统一, 进一步): its rewriting, learnt once.
        out.pushString((SINGLE_NUMERAL[code] ??= numeralRunToArabic([String.fromCharCode(OUT[code])])), i, i + 1);
        i++;
        continue;
      }
      if (run.length === 0) runStart = i;
      run.push(String.fromCharCode(OUT[code]));
      runEnd = i + 1;
      i++;
      continue;
    }
    // COMPLEX: one code point (a surrogate pair, or a character NFKC expands), the general rules.
    const cp = String.fromCodePoint(original.codePointAt(i)!);
    const start = i;
    const end = i + cp.length;
    i = end;
    const code0 = cp.charCodeAt(0);
    const ideograph = code0 >= 0x4e00 && code0 <= 0x9fff;
    const decomposed = ideograph ? cp : cp.normalize('NFKC');
    for (const raw of decomposed) {
      let c = toSimplifiedChar(raw);
      if (!ideograph && !LETTER_OR_NUMBER.test(c)) {
        flush();
        continue;
      }
      const cc = c.charCodeAt(0);
      if (cc >= 65 && cc <= 90) c = String.fromCharCode(cc + 32);
      if (isNumeral(c)) {
        if (run.length === 0) runStart = start;
        run.push(c);
        runEnd = end;
        continue;
      }
      flush();
      out.pushString(c, start, end);
    }
  }
  flush();
  return out;
}

/** Original [start, end) of the normalised range [from, to) (to > from). */
export function toOriginalRange(n: Normalized, from: number, to: number): [number, number] {
  return [n.starts[from], n.ends[to - 1]];
}
