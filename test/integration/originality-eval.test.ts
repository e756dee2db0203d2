// `jindianzi originality eval` on the labelled corpus ../shared/data/originality (issue 4 items 6
// and 7), run as a user runs it. Nothing here is tuned to that corpus; a held-out set is scored too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAvailable, REPO_ROOT, requireSharedData, skipReason } from '../helpers/env.ts';

const BIN = path.resolve(REPO_ROOT, 'bin/jindianzi.mjs');
const shared = requireSharedData();
const CORPUS = path.resolve(REPO_ROOT, '../shared/data/originality');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'originality', 'eval', ...args], { encoding: 'utf8', timeout: 120_000 });

interface ResultLine {
  id: string;
  similarity: number;
  flagged: string[];
  sources: Array<{ source: string; similarity: number; matched_chars: number; passages: Array<{ query_start: number; query_end: number; source_start: number; source_end: number }> }>;
}
interface Query {
  id: string;
  category: string;
  text: string;
  truth: Array<{ source: string; type: string }>;
}

const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

describe.skipIf(skipReason(shared))('originality eval on ../shared/data/originality', () => {
  let dir: string;
  let stdout: string;
  let results: Map<string, ResultLine>;
  let queries: Query[];
  let documents: Map<string, string>;

  beforeAll(() => {
    assertAvailable(shared);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-originality-'));
    const r = run('--documents', path.join(CORPUS, 'documents.jsonl'), '--queries', path.join(CORPUS, 'queries.jsonl'), '--out', path.join(dir, 'r.jsonl'));
    expect(r.status, r.stderr).toBe(0);
    stdout = r.stdout;
    results = new Map(readJsonl<ResultLine>(path.join(dir, 'r.jsonl')).map((l) => [l.id, l]));
    queries = readJsonl<Query>(path.join(CORPUS, 'queries.jsonl'));
    documents = new Map(readJsonl<{ id: string; text: string }>(path.join(CORPUS, 'documents.jsonl')).map((d) => [d.id, d.text]));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one line per query with passages in original UTF-16 offsets, end exclusive', () => {
    expect([...results.keys()]).toEqual(queries.map((q) => q.id));
    for (const q of queries) {
      const line = results.get(q.id)!;
      expect(line.similarity).toBeGreaterThanOrEqual(0);
      for (const s of line.sources) {
        const source = documents.get(s.source)!;
        expect(source).toBeDefined();
        for (const p of s.passages) {
          expect(0 <= p.query_start && p.query_start < p.query_end && p.query_end <= q.text.length).toBe(true);
          expect(0 <= p.source_start && p.source_start < p.source_end && p.source_end <= source.length).toBe(true);
        }
      }
    }
  });

  it('flags every verbatim-full, verbatim-partial, light-edit, reference-copy and multi-source pair', () => {
    const must = new Set(['verbatim-full', 'verbatim-partial', 'light-edit', 'reference-copy', 'multi-source']);
    const pairs = queries.flatMap((q) => q.truth.filter((t) => must.has(t.type)).map((t) => [q.id, t.source] as const));
    expect(pairs.length).toBe(20);
    const missed = pairs.filter(([q, s]) => !results.get(q)!.flagged.includes(s));
    expect(missed).toEqual([]);
  });

  it('flags no source for the negatives and nothing beyond the truth', () => {
    for (const q of queries) {
      const allowed = new Set(q.truth.map((t) => t.source));
      expect(results.get(q.id)!.flagged.filter((s) => !allowed.has(s)), q.id).toEqual([]);
    }
  });

  it('prints recall per type, precision over pairs and the threshold', () => {
    expect(stdout).toMatch(/threshold: similarity > 5\.00%/);
    expect(stdout).toMatch(/recall light-edit: 5\/5/);
    expect(stdout).toMatch(/recall paraphrase: \d\/3/);
    expect(stdout).toMatch(/precision over \(query, source\) pairs: 20\/20/);
  });
});

describe('originality eval input errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-originality-bad-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the bad line in Chinese and English and exits 2', () => {
    const docs = path.join(dir, 'd.jsonl');
    const queries = path.join(dir, 'q.jsonl');
    fs.writeFileSync(docs, '{"id":"d1","text":"甲乙丙丁戊己庚辛壬癸子丑寅卯"}\n\n{"id":"d2","text":\n');
    fs.writeFileSync(queries, '{"id":"q1","text":"甲乙丙丁戊己庚辛壬癸子丑寅卯"}\n');
    let r = run('--documents', docs, '--queries', queries);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/第 3 行.*line 3/);

    fs.writeFileSync(docs, '{"id":"d1","text":"甲乙丙丁戊己庚辛壬癸子丑寅卯"}\n');
    fs.writeFileSync(queries, '{"id":"q1","text":"甲乙丙丁戊己庚辛壬癸子丑寅卯"}\n{"id":"q2"}\n');
    r = run('--documents', docs, '--queries', queries);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/第 2 行.*"text".*line 2/);

    r = run('--documents', path.join(dir, 'missing.jsonl'), '--queries', queries);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/无法读取/);
  });

  it('writes JSON lines to standard output when --out is absent, and takes a threshold in percent', () => {
    const docs = path.join(dir, 'd.jsonl');
    const queries = path.join(dir, 'q.jsonl');
    fs.writeFileSync(docs, '{"id":"d1","text":"甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"}\n');
    fs.writeFileSync(queries, '{"id":"q1","text":"天地玄黄甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥宇宙洪荒","truth":[{"source":"d1","type":"verbatim-full"}]}\n');
    const r = run('--documents', docs, '--queries', queries, '--threshold', '50');
    expect(r.status, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as ResultLine;
    expect(line.flagged).toEqual(['d1']);
    expect(line.sources[0].passages).toEqual([{ query_start: 4, query_end: 26, source_start: 0, source_end: 22 }]);
    expect(r.stderr).toMatch(/threshold: similarity > 50\.00%/);
    expect(r.stderr).toMatch(/recall verbatim-full: 1\/1/);
  });
});
