// Tests of the goal report over `originality eval` output (plagdet-report.ts).
// Run: npx vitest run src/modules/originality/eval/plagdet-report.test.ts
import { describe, expect, it } from 'vitest';
import { formatGoalReport, goalReport, type ResultLine, type ScoredQuery } from './plagdet-report.ts';
import { generateCorpus } from './corpus-generator.ts';

const span = (qs: number, qe: number, ss: number, se: number) => ({ query_start: qs, query_end: qe, source_start: ss, source_end: se });

describe('goal report', () => {
  const queries: ScoredQuery[] = [
    { id: 'a', category: 'verbatim', cases: [{ source: 'd1', type: 'verbatim', ...span(0, 100, 0, 100) }] },
    { id: 'b', category: 'light-edit', cases: [{ source: 'd2', type: 'light-edit', ...span(10, 110, 0, 100) }] },
    { id: 'c', category: 'format-variant', cases: [{ source: 'd3', type: 'format-variant', ...span(0, 50, 0, 50) }] },
    { id: 's', category: 'negative-stock-phrases', cases: [] },
    { id: 't', category: 'negative-same-topic', cases: [] },
  ];
  const perfect: ResultLine[] = [
    { id: 'a', similarity: 0.2, sources: [{ source: 'd1', passages: [span(0, 100, 0, 100)] }] },
    { id: 'b', similarity: 0.2, sources: [{ source: 'd2', passages: [span(10, 110, 0, 100)] }] },
    { id: 'c', similarity: 0.1, sources: [{ source: 'd3', passages: [span(0, 50, 0, 50)] }] },
    { id: 's', similarity: 0, sources: [] },
    { id: 't', similarity: 0.01, sources: [] },
  ];

  it('passes when every goal is met', () => {
    const g = goalReport(queries, perfect);
    expect(g.pass).toBe(true);
    expect(g.overall.plagdet).toBe(1);
    expect(formatGoalReport(g)).toContain('all goals met');
  });

  it('fails on a stock-phrase passage, a same-topic similarity over 5 % or a missing result', () => {
    const bad = perfect.map((r) => (r.id === 's' ? { ...r, sources: [{ source: 'd9', passages: [span(0, 20, 0, 20)] }] } : r));
    expect(goalReport(queries, bad)).toMatchObject({ stockPassages: 1, pass: false });
    const topic = perfect.map((r) => (r.id === 't' ? { ...r, similarity: 0.06 } : r));
    expect(goalReport(queries, topic)).toMatchObject({ sameTopicOver: 1, pass: false });
    expect(goalReport(queries, perfect.slice(1)).missingResults).toEqual(['a']);
  });

  it('fails when light edits are found only in half', () => {
    const half = perfect.map((r) => (r.id === 'b' ? { ...r, sources: [{ source: 'd2', passages: [span(10, 60, 0, 50)] }] } : r));
    const g = goalReport(queries, half);
    expect(g.byType.get('light-edit')!.plagdet).toBeCloseTo(2 / 3);
    expect(g.pass).toBe(false);
  });

  it('a generated corpus answered with its own cases meets every goal', () => {
    const corpus = generateCorpus({ seed: 3, size: 'small' });
    const results: ResultLine[] = corpus.queries.map((q) => ({
      id: q.id,
      similarity: 0,
      sources: q.cases.map((c) => ({ source: c.source, passages: [span(c.query_start, c.query_end, c.source_start, c.source_end)] })),
    }));
    expect(goalReport(corpus.queries, results).pass).toBe(true);
  });
});
