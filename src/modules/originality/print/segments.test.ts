import { describe, expect, it } from 'vitest';
import { dominant, levelOf, paragraphRanges, percent, segment, within, type Mark } from './segments.ts';

describe('segment', () => {
  it('cuts at every boundary and keeps the marks of each stretch', () => {
    const a: Mark = { start: 2, end: 6, kind: 'passage', ref: 0 };
    const b: Mark = { start: 4, end: 8, kind: 'stock' };
    const s = segment(10, [a, b]);
    expect(s.map((x) => [x.start, x.end, x.marks.map((m) => m.kind).join('+')])).toEqual([
      [0, 2, ''],
      [2, 4, 'passage'],
      [4, 6, 'passage+stock'],
      [6, 8, 'stock'],
      [8, 10, ''],
    ]);
    // Together the stretches are the whole text, in order, without gaps.
    expect(s[0].start).toBe(0);
    for (let i = 1; i < s.length; i++) expect(s[i].start).toBe(s[i - 1].end);
    expect(s[s.length - 1].end).toBe(10);
  });

  it('clamps marks to the text, drops empty ones and merges equal neighbours', () => {
    const m: Mark = { start: -3, end: 4, kind: 'copied' };
    const s = segment(5, [m, { start: 3, end: 3, kind: 'stock' }, { start: 9, end: 12, kind: 'stock' }]);
    expect(s.map((x) => [x.start, x.end, x.marks.length])).toEqual([
      [0, 4, 1],
      [4, 5, 0],
    ]);
    expect(segment(0, [m])).toEqual([]);
  });

  it('draws a stock phrase inside a passage as stock, still linked to the passage', () => {
    const [, mid] = segment(9, [{ start: 0, end: 9, kind: 'passage', ref: 3 }, { start: 3, end: 6, kind: 'stock' }]);
    expect(dominant(mid)).toEqual({ kind: 'stock', ref: 3 });
    expect(dominant({ start: 0, end: 1, marks: [{ start: 0, end: 1, kind: 'stock' }, { start: 0, end: 1, kind: 'copied' }] })).toEqual({ kind: 'copied' });
    expect(dominant({ start: 0, end: 1, marks: [] })).toEqual({ kind: null });
  });

  it('cuts segments to a paragraph', () => {
    const text = '第一段\n\n  \n第二段文字\r\n三';
    expect(paragraphRanges(text).map(([a, b]) => text.slice(a, b))).toEqual(['第一段', '第二段文字', '三']);
    const s = segment(text.length, [{ start: 1, end: 10, kind: 'copied' }]);
    const [a, b] = paragraphRanges(text)[1];
    expect(within(s, a, b).map((x) => [x.start, x.end, x.marks.length])).toEqual([
      [8, 10, 1],
      [10, 13, 0],
    ]);
  });
});

describe('figures', () => {
  it('prints shares with one decimal and never rounds a real match to 0', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(0.3)).toBe('30%');
    expect(percent(0.12345)).toBe('12.3%');
    expect(percent(0.0004)).toBe('<0.1%');
    expect(percent(1)).toBe('100%');
  });
  it('colours by the bureau thresholds, each threshold included', () => {
    const t = { red: 0.3, orange: 0.15 };
    expect(levelOf(0.3, t)).toBe('red');
    expect(levelOf(0.2999, t)).toBe('orange');
    expect(levelOf(0.15, t)).toBe('orange');
    expect(levelOf(0.1499, t)).toBe('ok');
  });
});
