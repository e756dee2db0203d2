// Hand-computed examples of PAN's plagdet (plagdet.ts). Run: npx vitest run src/modules/originality/eval/plagdet.test.ts
import { describe, expect, it } from 'vitest';
import { granularity, plagdet, plagdetByType, precision, queryCoverage, recall, type Case, type Detection } from './plagdet.ts';

const c = (qs: number, qe: number, ss: number, se: number, source = 'x', type = 'verbatim', query = 'q'): Case => ({
  query, source, type, query_start: qs, query_end: qe, source_start: ss, source_end: se,
});
const d = (qs: number, qe: number, ss: number, se: number, source = 'x', query = 'q'): Detection => ({
  query, source, query_start: qs, query_end: qe, source_start: ss, source_end: se,
});

describe('plagdet', () => {
  it('perfect detection scores 1', () => {
    const s = plagdet([c(0, 100, 0, 100)], [d(0, 100, 0, 100)]);
    expect(s).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
  });

  it('half a case detected: recall 1/2, precision 1, plagdet 2/3', () => {
    const s = plagdet([c(0, 100, 0, 100)], [d(0, 50, 0, 50)]);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.precision).toBeCloseTo(1);
    expect(s.plagdet).toBeCloseTo(2 / 3);
  });

  it('counts both sides: query fully covered but source half → recall 3/4', () => {
    expect(recall([c(0, 100, 0, 100)], [d(0, 100, 0, 50)])).toBeCloseTo(0.75);
  });

  it('one case detected as two pieces → granularity 2, plagdet 1/log2(3)', () => {
    const s = plagdet([c(0, 100, 0, 100)], [d(0, 50, 0, 50), d(50, 100, 50, 100)]);
    expect(s.recall).toBeCloseTo(1);
    expect(s.precision).toBeCloseTo(1);
    expect(s.granularity).toBe(2);
    expect(s.plagdet).toBeCloseTo(1 / Math.log2(3));
  });

  it('a false positive lowers precision (macro over detections): 1/2 → plagdet 2/3', () => {
    const s = plagdet([c(0, 100, 0, 100)], [d(0, 100, 0, 100), d(200, 300, 0, 100, 'y')]);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(1);
    expect(s.plagdet).toBeCloseTo(2 / 3);
  });

  it('a detection too long: 100 of its 300 characters are in the case → precision 1/3', () => {
    expect(precision([c(100, 150, 100, 150)], [d(50, 200, 50, 200)])).toBeCloseTo(1 / 3);
  });

  it('overlap in only one text is no detection', () => {
    const s = plagdet([c(0, 100, 0, 100)], [d(0, 100, 500, 600)]);
    expect(s.recall).toBe(0);
    expect(s.precision).toBe(0);
    expect(s.plagdet).toBe(0);
  });

  it('macro-averages over cases: one of two cases found → recall 1/2', () => {
    const cases = [c(0, 100, 0, 100), c(200, 300, 0, 100, 'y')];
    expect(recall(cases, [d(0, 100, 0, 100)])).toBeCloseTo(0.5);
    expect(granularity(cases, [d(0, 100, 0, 100)])).toBe(1);
  });

  it('empty sets follow PAN: none and none → 1; only one empty → 0', () => {
    expect(plagdet([], []).plagdet).toBe(1);
    expect(plagdet([c(0, 10, 0, 10)], []).plagdet).toBe(0);
    expect(plagdet([], [d(0, 10, 0, 10)]).plagdet).toBe(0);
  });

  it('scores per type and files false positives under their query type', () => {
    const cases = [c(0, 100, 0, 100, 'x', 'verbatim', 'q1'), c(0, 100, 0, 100, 'x', 'light-edit', 'q2')];
    const dets = [d(0, 100, 0, 100, 'x', 'q1'), d(0, 50, 0, 50, 'x', 'q2'), d(300, 400, 0, 100, 'z', 'q2'), d(0, 9, 0, 9, 'z', 'q9')];
    const by = plagdetByType(cases, dets, new Map([['q1', 'verbatim'], ['q2', 'light-edit']]));
    expect(by.get('verbatim')!.plagdet).toBe(1);
    expect(by.get('light-edit')!.recall).toBeCloseTo(0.5);
    expect(by.get('light-edit')!.precision).toBeCloseTo(0.5);
    expect(by.get('unattributed')!.detections).toBe(1);
  });

  it('query coverage is the union of passages over the text length', () => {
    expect(queryCoverage([d(0, 10, 0, 10), d(5, 20, 0, 15, 'y'), d(0, 50, 0, 50, 'x', 'other')], 'q', 100)).toBeCloseTo(0.2);
  });
});
