// Aho–Corasick multi-pattern matcher over JavaScript strings (UTF-16 code units), for finding many
// fixed strings in one pass: the organisation's unit and person names in an idea (evaluation
// masking), a bureau's long stock-phrase list (originality). Not our domain, but no installed library
// does it; the automaton is the textbook one (goto trie, failure links, dictionary-suffix links).
//
// Semantics of `findAll` (documented, and tested against a naive matcher with fast-check):
//   leftmost-longest, non-overlapping — scanning left to right, at the leftmost position where some
//   pattern starts take the LONGEST pattern starting there, report it, continue after its end.
//   "仙居县教育局" therefore wins over "仙居县" and "教育局" when all three are patterns.
// `findOverlapping` reports every occurrence of every pattern (ordered by end, then longest first).
//
// Offsets are string indexes (code units), so `text.slice(m.start, m.end)` is the matched text.
// Matching is exact: normalise (NFKC, case) both patterns and text yourself if you need to; when
// normalisation changes lengths, map offsets yourself. Empty patterns are ignored; a pattern given
// twice keeps its first index.

export interface AhoMatch {
  /** Index of the first code unit of the match in the text. */
  start: number;
  /** Index one past the last code unit (exclusive). */
  end: number;
  /** Index of the pattern in the array given to the constructor (first index for duplicates). */
  pattern: number;
}

export class AhoCorasick {
  readonly patterns: readonly string[];
  // State 0 is the root. next[s] maps a code unit to the child state.
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern ending exactly at this state (-1: none). */
  private readonly out: number[] = [-1];
  /** Nearest state on the failure chain (excluding itself) where a pattern ends (-1: none). */
  private readonly dictLink: number[] = [-1];
  private readonly depth: number[] = [0];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.slice();
    patterns.forEach((p, index) => {
      if (p.length === 0) return;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let t = this.next[s].get(c);
        if (t === undefined) {
          t = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push(-1);
          this.dictLink.push(-1);
          this.depth.push(this.depth[s] + 1);
          this.next[s].set(c, t);
        }
        s = t;
      }
      if (this.out[s] === -1) this.out[s] = index;
    });
    // Breadth-first: a state's failure link is the longest proper suffix of its string in the trie.
    const queue: number[] = [];
    for (const child of this.next[0].values()) queue.push(child);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const [c, t] of this.next[s]) {
        let f = this.fail[s];
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f];
        const g = this.next[f].get(c);
        const ft = g !== undefined && g !== t ? g : 0;
        this.fail[t] = ft;
        this.dictLink[t] = this.out[ft] !== -1 ? ft : this.dictLink[ft];
        queue.push(t);
      }
    }
  }

  /** Number of non-empty distinct patterns. */
  get size(): number {
    return this.out.reduce((n, o) => (o === -1 ? n : n + 1), 0);
  }

  private step(s: number, c: number): number {
    for (;;) {
      const t = this.next[s].get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = this.fail[s];
    }
  }

  /** Every occurrence of every pattern, overlapping; ordered by end, then longer first. */
  findOverlapping(text: string): AhoMatch[] {
    const found: AhoMatch[] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = this.step(s, text.charCodeAt(i));
      for (let o = this.out[s] !== -1 ? s : this.dictLink[s]; o !== -1; o = this.dictLink[o]) {
        found.push({ start: i + 1 - this.depth[o], end: i + 1, pattern: this.out[o] });
      }
    }
    return found;
  }

  /** Leftmost-longest non-overlapping matches, in text order (see the header). */
  findAll(text: string): AhoMatch[] {
    // Longest pattern starting at each position (0: none), with its pattern index.
    const longest = new Int32Array(text.length);
    const which = new Int32Array(text.length);
    let any = false;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = this.step(s, text.charCodeAt(i));
      for (let o = this.out[s] !== -1 ? s : this.dictLink[s]; o !== -1; o = this.dictLink[o]) {
        const len = this.depth[o];
        const start = i + 1 - len;
        if (len > longest[start]) {
          longest[start] = len;
          which[start] = this.out[o];
          any = true;
        }
      }
    }
    const result: AhoMatch[] = [];
    if (!any) return result;
    for (let i = 0; i < text.length; ) {
      const len = longest[i];
      if (len > 0) {
        result.push({ start: i, end: i + len, pattern: which[i] });
        i += len;
      } else i++;
    }
    return result;
  }

  /** True when any pattern occurs in the text. */
  test(text: string): boolean {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = this.step(s, text.charCodeAt(i));
      if (this.out[s] !== -1 || this.dictLink[s] !== -1) return true;
    }
    return false;
  }

  /** Replaces the `findAll` matches; `replacement` gets the match and returns its substitute. */
  replaceAll(text: string, replacement: (m: AhoMatch, matched: string) => string): string {
    const matches = this.findAll(text);
    if (matches.length === 0) return text;
    let out = '';
    let at = 0;
    for (const m of matches) {
      out += text.slice(at, m.start) + replacement(m, text.slice(m.start, m.end));
      at = m.end;
    }
    return out + text.slice(at);
  }
}
