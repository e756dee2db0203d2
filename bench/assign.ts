// bench:assign — assignReviews on a county-sized round: 100,000 ideas × 3 reviews to 1,000 judges
// (issue 5 asks for under 10 s on this machine). Pure computation, no database.
//   BENCH_IDEAS (100000), BENCH_JUDGES (1000), BENCH_RUNS (3), BENCH_WRITE=0 to only print;
//   otherwise the figures replace the bench:assign section of docs/benchmarks.md.
import os from 'node:os';
import { assignReviews } from '../src/modules/evaluation/rules/assign.ts';
import { reassignReview } from '../src/modules/evaluation/rules/reassign.ts';
import { rng } from '../src/modules/evaluation/rules/random.ts';
import type { AssignIdea, AssignInput, AssignJudge, AssignResult } from '../src/modules/evaluation/rules/types.ts';
import { writeBenchSection } from './sections.ts';

const BEGIN = '<!-- bench:assign -->';
const END = '<!-- /bench:assign -->';
const IDEAS = Number(process.env.BENCH_IDEAS ?? 100_000);
const JUDGES = Number(process.env.BENCH_JUDGES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const UNITS = 200;
const SECTORS = 4;
const TOPICS = ['课堂教学', '教师队伍', '学校管理', '德育', '课程改革', '教育公平', '家校共育', '安全后勤'];

/** A county: 200 units of uneven size in 4 sectors; 90 % of judges from units, 10 % bureau experts without unit. */
function county(seed: number): { ideas: AssignIdea[]; judges: AssignJudge[] } {
  const next = rng(seed);
  const unitSector = Array.from({ length: UNITS }, (_, u) => u % SECTORS);
  // Unit sizes ~ 1..10 (a few large schools, many small ones).
  const weight = Array.from({ length: UNITS }, () => 1 + Math.floor(next() ** 2 * 10));
  const total = weight.reduce((a, b) => a + b, 0);
  const pickUnit = () => {
    let x = next() * total;
    for (let u = 0; u < UNITS; u++) if ((x -= weight[u]) < 0) return u;
    return UNITS - 1;
  };
  const ideas: AssignIdea[] = Array.from({ length: IDEAS }, (_, i) => {
    const u = pickUnit();
    return { id: i + 1, title: `金点子${i + 1}`, unitId: u + 1, sectorId: unitSector[u] + 1, topic: TOPICS[Math.floor(next() * TOPICS.length)] };
  });
  const judges: AssignJudge[] = Array.from({ length: JUDGES }, (_, j) => {
    const bureau = j % 10 === 0;
    const u = pickUnit();
    const expertise = [TOPICS[Math.floor(next() * TOPICS.length)]];
    if (next() < 0.5) expertise.push(TOPICS[Math.floor(next() * TOPICS.length)]);
    return { id: j + 1, name: `评委${j + 1}`, unitId: bureau ? null : u + 1, sectorId: bureau ? null : unitSector[u] + 1, expertise };
  });
  return { ideas, judges };
}

interface Run {
  label: string;
  millis: number;
  /** CPU time of this process during the call (user + system): what the call cost, whatever else ran. */
  cpuMillis: number;
  result: AssignResult;
}

function runOnce(label: string, input: AssignInput): Run {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = assignReviews(input);
  const millis = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (!result.ok) throw new Error(`${label}: ${result.message}`);
  return { label, millis, cpuMillis: (c.user + c.system) / 1000, result };
}

/** Declared conflicts on `count` pairs spread over the round, each repaired by reassignReview; half the other pairs locked. */
function reassignRuns(input: AssignInput, run: Run, count: number): number[] {
  if (!run.result.ok) return [];
  const pairs = run.result.assignments;
  const current = pairs.map((p, i) => ({ ...p, locked: i % 2 === 1 }));
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const remove = pairs[Math.floor(((k + 0.5) / count) * pairs.length) & ~1];
    const c0 = process.cpuUsage();
    const r = reassignReview({ ...input, declaredConflicts: [remove], current, remove, seed: k });
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
    if (!r.ok) throw new Error(`reassign: ${r.message}`);
  }
  return times;
}

function main() {
  const t0 = performance.now();
  const { ideas, judges } = county(2017);
  const genMillis = performance.now() - t0;
  const cases: { label: string; input: AssignInput }[] = [
    { label: 'own unit excluded', input: { ideas, judges, excludeSameSector: false, seed: 1 } },
    { label: 'own unit and own sector excluded', input: { ideas, judges, excludeSameSector: true, seed: 1 } },
  ];
  const rows: { label: string; runs: Run[] }[] = [];
  for (const c of cases) {
    const runs: Run[] = [];
    for (let k = 0; k < RUNS; k++) {
      const run = runOnce(c.label, { ...c.input, seed: k + 1 });
      console.log(`${c.label} (seed ${k + 1}): ${run.millis.toFixed(0)} ms wall, ${run.cpuMillis.toFixed(0)} ms CPU`);
      runs.push(run);
    }
    rows.push({ label: c.label, runs });
  }
  const reassign = reassignRuns(cases[1].input, rows[1].runs[0], 10);
  console.log(`reassign: ${reassign.map((x) => x.toFixed(0)).join(', ')} ms CPU`);
  const section = report(rows, genMillis, reassign);
  console.log(section);
  if (process.env.BENCH_WRITE !== '0') {
    writeBenchSection(BEGIN, END, section);
  }
}

function report(rows: { label: string; runs: Run[] }[], genMillis: number, reassign: number[]): string {
  const cpu = os.cpus();
  const L: string[] = [BEGIN, '# Assignment of judges (`npm run bench:assign`)', ''];
  L.push('Written by `npm run bench:assign` (bench/assign.ts) into this section only; rerun it to refresh. No test asserts on these timings.', '');
  L.push('- command: `npm run bench:assign` (= `node --import tsx bench/assign.ts`; BENCH_IDEAS, BENCH_JUDGES, BENCH_RUNS, BENCH_WRITE=0 to only print)');
  L.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  L.push(`- machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (other work on the machine shares the cores)`);
  L.push(
    `- instance: ${IDEAS.toLocaleString('en')} ideas × 3 reviews, ${JUDGES.toLocaleString('en')} judges (90 % from the ideas' units, 10 % bureau experts without a unit, each with 1–2 of ${TOPICS.length} topics), ${UNITS} units of uneven size in ${SECTORS} sectors, ${TOPICS.length} topics; generated in ${genMillis.toFixed(0)} ms (not counted)`,
  );
  L.push('- measured: one `assignReviews` call in-process (grouping, greedy, max flow, balancing, expert exchanges, dealing to ideas, building the 300,000 pairs in idea order), wall-clock and CPU time; each run with another seed', '');
  L.push('| rules | run | wall ms | CPU ms | wall ÷ 10 s budget | loads min–max | within one | expert reviews | ideas with an expert (of those with one available) |');
  L.push('|---|---:|---:|---:|---:|---|---|---:|---:|');
  for (const row of rows) {
    row.runs.forEach((run, k) => {
      const r = run.result;
      if (!r.ok) return;
      L.push(
        `| ${row.label} | ${k + 1} | ${run.millis.toFixed(0)} | ${run.cpuMillis.toFixed(0)} | ${(run.millis / 10_000).toFixed(2)} | ${r.balance.minLoad}–${r.balance.maxLoad} | ${r.balance.withinOne ? 'yes' : 'no'} | ${((100 * r.stats.expertReviews) / r.stats.reviews).toFixed(1)} % | ${((100 * r.stats.ideasWithExpert) / Math.max(1, r.stats.ideasWithExpertAvailable)).toFixed(1)} % |`,
      );
    });
  }
  L.push('');
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [a, b] = rows.map((r) => med(r.runs.map((x) => x.millis)));
  L.push('## Reading the figures', '');
  L.push(`- median run: ${a.toFixed(0)} ms with the own-unit rule, ${b.toFixed(0)} ms with the sector rule too (ratio ${(b / a).toFixed(2)}×); the budget of issue 5 is 10,000 ms (median ÷ budget: ${(Math.max(a, b) / 10_000).toFixed(2)}).`);
  L.push('- CPU ms is this process\'s user + system time during the call; when it is well below the wall time, other work on the machine held the cores (see the load average above). The first run of each row includes the JIT warming up.');
  const rs = reassign.slice().sort((x, y) => x - y);
  if (rs.length) L.push(`- reassignReview after a declared conflict on the sector-rule round (300,000 pairs, half of them locked), ${rs.length} declarations spread over the round: median ${med(rs).toFixed(0)} ms CPU, slowest ${rs[rs.length - 1].toFixed(0)} ms CPU per call (the service loads the round's pairs once per declaration).`);
  L.push('- the ideas collapse into types (unit × topic here, about 1,600), so the flow network has types × judges edges; the time is mostly the greedy, the expert exchanges (bounded by a step budget) and building the 300,000 result pairs; with loads this even the balancing has almost nothing left to move.');
  L.push(END);
  return L.join('\n');
}

main();
