// `jindianzi originality eval`: builds a fresh in-memory index from a labelled corpus, checks every
// query, writes one JSON line per query and prints recall/precision where queries carry truth
// (issue 4 item 6). Exit 0 whatever the scores; 2 on bad input.
import fs from 'node:fs';
import type { Command } from 'commander';
import { MemoryIndex } from '../modules/originality/engine/index.ts';
import { checkDocument } from '../modules/originality/engine/check.ts';
import { StockPhrases } from '../modules/originality/engine/stock-phrases.ts';
import { InputError, readDocuments, readQueries } from '../modules/originality/eval/jsonl.ts';
import { formatScores, scoreEval } from '../modules/originality/eval/score.ts';
import type { ReindexProgress, ReindexResult } from '../modules/originality/store/index.ts';
import { loadConfig } from '../platform/config.ts';
import { openMigrated } from '../platform/bootstrap.ts';

/** Default flag threshold: a source is flagged when it covers more than 5 % of the submission. */
export const DEFAULT_FLAG_THRESHOLD = 0.05;

/** "5", "5%" and "0.05" all mean 5 %: values above 1 are read as percentages. */
export function parseThreshold(raw: string): number {
  const v = Number(raw.trim().replace(/%$/, ''));
  if (!Number.isFinite(v) || v < 0 || v > 100) throw new InputError(`阈值无效：${raw}（0–1 的比例或 0–100 的百分数） / invalid threshold ${raw} (a fraction 0–1 or a percentage 0–100)`);
  return raw.trim().endsWith('%') || v > 1 ? v / 100 : v;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export interface EvalOptions {
  documents: string;
  queries: string;
  out?: string;
  threshold?: string;
}

export async function runOriginalityEval(o: EvalOptions, log: (line: string) => void): Promise<void> {
  const threshold = o.threshold === undefined ? DEFAULT_FLAG_THRESHOLD : parseThreshold(o.threshold);
  const documents = readDocuments(o.documents);
  const queries = readQueries(o.queries);
  const stock = StockPhrases.defaults();
  const index = new MemoryIndex(stock);
  for (const d of documents) index.addNow(d);
  const lines: string[] = [];
  const flagged = new Map<string, string[]>();
  for (const q of queries) {
    const r = await checkDocument(index, { text: q.text, family: q.family, unit: q.unit, year: q.year }, { stock });
    const flags = r.sources.filter((s) => s.similarity > threshold).map((s) => s.source);
    flagged.set(q.id, flags);
    lines.push(
      JSON.stringify({
        id: q.id,
        similarity: round(r.similarity),
        flagged: flags,
        sources: r.sources.map((s) => ({
          source: s.source,
          similarity: round(s.similarity),
          matched_chars: s.matchedChars,
          ...(s.sameUnitEarlierYear ? { same_unit_earlier_year: true } : {}),
          passages: s.passages.map((p) => ({ query_start: p.queryStart, query_end: p.queryEnd, source_start: p.sourceStart, source_end: p.sourceEnd })),
        })),
      }),
    );
  }
  const body = lines.map((l) => `${l}\n`).join('');
  if (o.out) fs.writeFileSync(o.out, body);
  else process.stdout.write(body);
  if (queries.some((q) => q.truth !== undefined)) log(formatScores(scoreEval(queries, flagged, threshold)));
  else log(`阈值 / threshold: similarity > ${(threshold * 100).toFixed(2)}%`);
}

const PHASES: Record<ReindexProgress['phase'], string> = { fingerprint: '计算指纹 / fingerprinting', write: '写入索引 / writing' };

/**
 * Progress of `originality reindex` on standard error: a bar redrawn in place on a terminal; on a
 * pipe or a log file, a line at each tenth and at most every five seconds (and at the end of a phase).
 */
export function reindexProgress(out: { isTTY?: boolean; columns?: number; write(s: string): unknown }, now: () => number = () => performance.now()) {
  const started = now();
  let lastLine = -Infinity;
  let lastTenth = -1;
  let lastPhase: string | null = null;
  let drawn = false;
  return {
    update(p: ReindexProgress) {
      const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const pct = Math.floor(share * 100);
      const unit = p.phase === 'fingerprint' ? '篇 / documents' : '段 / parts';
      const elapsed = (now() - started) / 1000;
      const newPhase = lastPhase !== p.phase;
      if (out.isTTY) {
        const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 70));
        const full = Math.round(share * width);
        if (newPhase && drawn) out.write('\n');
        out.write(`\r${PHASES[p.phase]} [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(pct).padStart(3)}% ${p.done}/${p.total} ${unit} ${elapsed.toFixed(0)} s`);
        drawn = true;
      } else {
        const tenth = Math.floor(share * 10);
        if (newPhase || tenth > lastTenth || now() - lastLine >= 5000) {
          out.write(`${PHASES[p.phase]}: ${p.done}/${p.total} ${unit} (${pct}%, ${elapsed.toFixed(1)} s)\n`);
          lastLine = now();
          lastTenth = tenth;
        }
      }
      lastPhase = p.phase;
    },
    end() {
      if (out.isTTY && drawn) out.write('\n');
    },
  };
}

export function formatReindexResult(r: ReindexResult, seconds: number): string {
  const mb = (r.bytes / 1e6).toFixed(1);
  return `索引已重建 / index rebuilt: ${r.documents} 篇文档 / documents, ${r.postings} 条指纹 / postings, ${r.buckets} 个桶 / buckets (${r.bucketBits} bits), ${mb} MB, ${seconds.toFixed(1)} s`;
}

export function registerOriginalityCommands(program: Command): void {
  const originality = program.command('originality').description('原创性检测 / originality check');
  originality
    .command('eval')
    .description('用标注语料评测查重：建立新索引，逐条检测，输出 JSON Lines 和召回率/精确率 / evaluate on a labelled corpus')
    .requiredOption('--documents <file>', '被检索的文档 (JSON Lines) / indexed documents (JSON Lines)')
    .requiredOption('--queries <file>', '待检测的文档 (JSON Lines) / queries (JSON Lines)')
    .option('--out <file>', '结果文件；省略时写到标准输出 / result file; standard output when omitted')
    .option('--threshold <n>', '标记阈值：比例或百分数，默认 5% / flag threshold, fraction or percentage, default 5%')
    .action(async (o: EvalOptions) => {
      // With --out the scores go to standard output; without it they go to standard error, so that
      // standard output stays valid JSON Lines.
      const log = o.out ? (l: string) => console.log(l) : (l: string) => console.error(l);
      try {
        await runOriginalityEval(o, log);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.error(e.message);
        process.exitCode = 2;
      }
    });
  originality
    .command('reindex')
    .description('从已保存的文档重建查重指纹索引（显示进度） / rebuild the fingerprint index from the stored documents (with progress)')
    .action(async () => {
      const { reindex } = await import('../modules/originality/store/index.ts');
      const { loadStock } = await import('../modules/originality/originality.service.ts');
      const database = await openMigrated(loadConfig());
      const progress = reindexProgress(process.stderr);
      const started = performance.now();
      try {
        // The bureau's stock-phrase list, as the server indexes with: a phrase on it is never stored.
        const stock = await loadStock(database.db);
        const r = await reindex(database.db, { stock, onProgress: (p) => progress.update(p), sqlite: database.sqlite });
        progress.end();
        console.log(formatReindexResult(r, (performance.now() - started) / 1000));
      } finally {
        await database.close();
      }
    });
}
