// docs/benchmarks.md holds one section per benchmark between its own markers; each benchmark
// replaces only its section (or appends it the first time), so they never overwrite each other.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs/benchmarks.md');

export function writeBenchSection(begin: string, end: string, section: string, file = BENCH_DOC): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = old.indexOf(begin);
  const b = old.indexOf(end);
  const next = a >= 0 && b > a ? old.slice(0, a) + section + old.slice(b + end.length) : `${old.replace(/\n*$/, '\n\n')}${section}\n`;
  fs.writeFileSync(file, next);
}
