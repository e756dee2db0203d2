// Writes a synthetic labelled originality corpus (issue 4, item 7) from our own seed texts:
// documents.jsonl and queries.jsonl in the format of ../shared/data/originality, each query with
// `truth` and `cases` (character offsets of every planted copy, UTF-16, end exclusive).
// Generator: src/modules/originality/eval/corpus-generator.ts (same seed and size → same bytes).
//
// Run: node --import tsx scripts/originality-corpus.ts --out DIR --seed N --size small|large
import fs from 'node:fs';
import path from 'node:path';
import { generateCorpus, toJsonl, type CorpusSize } from '../src/modules/originality/eval/corpus-generator.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: node --import tsx scripts/originality-corpus.ts --out DIR --seed N --size small|large\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts: Record<string, string> = {};
for (let i = 0; i < args.length; i += 2) {
  const k = args[i]!;
  const v = args[i + 1];
  if (!k.startsWith('--') || v === undefined) usage(`bad argument: ${k}`);
  opts[k.slice(2)] = v;
}
const out = opts.out ?? usage('--out is required');
const seed = Number(opts.seed ?? '1');
if (!Number.isInteger(seed)) usage('--seed must be an integer');
const size = (opts.size ?? 'small') as CorpusSize;
if (size !== 'small' && size !== 'large') usage('--size must be small or large');

const corpus = generateCorpus({ seed, size });
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'documents.jsonl'), toJsonl(corpus.documents));
fs.writeFileSync(path.join(out, 'queries.jsonl'), toJsonl(corpus.queries));
const byCat = new Map<string, number>();
for (const q of corpus.queries) byCat.set(q.category, (byCat.get(q.category) ?? 0) + 1);
const cases = corpus.queries.reduce((n, q) => n + q.cases.length, 0);
process.stdout.write(
  `${corpus.documents.length} documents, ${corpus.queries.length} queries (${[...byCat].map(([c, n]) => `${c} ${n}`).join(', ')}), ${cases} planted cases → ${out}\n`,
);
