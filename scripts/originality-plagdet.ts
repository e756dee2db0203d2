// Scores the output of `jindianzi originality eval` on a generated corpus with PAN's plagdet and
// checks issue 4 item 7's goals (src/modules/originality/eval/plagdet-report.ts). Exit 0 when all
// goals are met, 1 when not, 2 on bad arguments.
//
//   node --import tsx scripts/originality-corpus.ts --out /tmp/oc --seed 1 --size large
//   npx jindianzi originality eval --documents /tmp/oc/documents.jsonl --queries /tmp/oc/queries.jsonl --out /tmp/oc/results.jsonl
//   node --import tsx scripts/originality-plagdet.ts --queries /tmp/oc/queries.jsonl --results /tmp/oc/results.jsonl
import fs from 'node:fs';
import { formatGoalReport, goalReport, type ResultLine, type ScoredQuery } from '../src/modules/originality/eval/plagdet-report.ts';

const args = process.argv.slice(2);
const opt = (name: string): string => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? args[i + 1] : undefined;
  if (v === undefined) {
    process.stderr.write(`--${name} is required\nusage: node --import tsx scripts/originality-plagdet.ts --queries Q.jsonl --results R.jsonl\n`);
    process.exit(2);
  }
  return v;
};
const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch (e) {
        process.stderr.write(`${file} line ${i + 1}: ${(e as Error).message}\n`);
        process.exit(2);
      }
    });

const queries = readJsonl<ScoredQuery>(opt('queries')).map((q) => ({ ...q, cases: q.cases ?? [] }));
const report = goalReport(queries, readJsonl<ResultLine>(opt('results')));
process.stdout.write(formatGoalReport(report) + '\n');
process.exit(report.pass ? 0 : 1);
