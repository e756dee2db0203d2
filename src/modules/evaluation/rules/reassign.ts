// reassignReview: after a judge declares a conflict on an idea (回避申报), give the idea another judge
// while changing as little as possible. Either one replacement judge, or — when every direct
// replacement would unbalance the loads — a chain of two moves: judge b takes the idea and hands one
// of its unlocked reviews to judge c. Chains never move a locked pair (scoring started or submitted).
// When no chain of at most two moves keeps the balance, the least-loaded eligible judge takes it and
// `balance` says so.
import { checkInput, DEFAULT_REVIEWS_PER_IDEA, ruleAllows } from './assign.ts';
import { permutation, rng } from './random.ts';
import { failure } from './explain.ts';
import type { AssignProblem, LoadBalance, ReassignInput, ReassignResult, ReviewPair } from './types.ts';

const UNLIMITED = Number.MAX_SAFE_INTEGER;
/** Candidate moves examined for a two-move chain (a few hundred ms at most on a 100,000-idea round). */
const CHAIN_BUDGET = 2_000_000;

export function reassignReview(input: ReassignInput): ReassignResult {
  const R = input.reviewsPerIdea ?? DEFAULT_REVIEWS_PER_IDEA;
  const { ideas, judges, excludeSameSector, current, remove } = input;
  const fail = (problems: AssignProblem[]): ReassignResult => failure(problems);
  const inputProblems = checkInput(ideas, judges, R, [
    { what: '回避申报', whatEn: 'declared conflicts', list: input.declaredConflicts },
    { what: '现有分配', whatEn: 'current assignments', list: current },
    { what: '要撤下的分配', whatEn: 'assignment to remove', list: [remove] },
  ]);
  if (inputProblems.length) return fail(inputProblems);
  const J = judges.length;
  const jIndex = new Map(judges.map((j, k) => [j.id, k]));
  const idea = new Map(ideas.map((i) => [i.id, i]));
  const ideaPos = new Map(ideas.map((i, k) => [i.id, k]));
  // Numeric pair keys (no strings: a round has 300,000 pairs).
  const key = (ideaId: number, judgeId: number) => ideaPos.get(ideaId)! * J + jIndex.get(judgeId)!;
  const keyOf = (ideaId: number, jk: number) => ideaPos.get(ideaId)! * J + jk;
  const declared = new Set(input.declaredConflicts.map((d) => key(d.ideaId, d.judgeId)));
  // Who holds which idea: a compact list per idea (CSR) for the round's pairs, plus the few changes
  // made here in `changed` (+1 added, −1 dropped).
  const II = ideas.length;
  const start = new Int32Array(II + 1);
  const ii0 = new Int32Array(current.length);
  const jk0 = new Int32Array(current.length);
  current.forEach((p, n) => {
    ii0[n] = ideaPos.get(p.ideaId)!;
    jk0[n] = jIndex.get(p.judgeId)!;
    start[ii0[n] + 1]++;
  });
  for (let i = 0; i < II; i++) start[i + 1] += start[i];
  const end = start.slice(0, II);
  const holder = new Int32Array(current.length);
  const changed = new Map<number, 1 | -1>();
  const holdsIdx = (ii: number, jk: number) => {
    const c = changed.get(ii * J + jk);
    if (c !== undefined) return c === 1;
    for (let x = start[ii]; x < end[ii]; x++) if (holder[x] === jk) return true;
    return false;
  };
  const holds = (ideaId: number, jk: number) => holdsIdx(ideaPos.get(ideaId)!, jk);
  const unlockedOf: number[][] = judges.map(() => []);
  const load = new Array<number>(J).fill(0);
  let found = false;
  const removeIi = ideaPos.get(remove.ideaId)!;
  const removeJk = jIndex.get(remove.judgeId)!;
  for (let n = 0; n < current.length; n++) {
    const ii = ii0[n];
    const jk = jk0[n];
    if (holdsIdx(ii, jk)) continue;
    if (ii === removeIi && jk === removeJk) {
      found = true;
      continue;
    }
    holder[end[ii]++] = jk;
    load[jk]++;
    if (!current[n].locked) unlockedOf[jk].push(current[n].ideaId);
  }
  const target = idea.get(remove.ideaId)!;
  if (!found) {
    return fail([{ kind: 'invalid_input', ideaIds: [target.id], needed: 0, available: 0, message: `《${target.title}》目前没有分配给评委 ${judges[jIndex.get(remove.judgeId)!].name}，无需改派。`, messageEn: `"${target.title}" is not assigned to judge ${judges[jIndex.get(remove.judgeId)!].name}: there is nothing to reassign.` }]);
  }
  const cap = judges.map((j) => (j.capacity === undefined ? UNLIMITED : j.capacity));
  const may = (jk: number, ideaId: number) => {
    const i = idea.get(ideaId)!;
    const k = keyOf(ideaId, jk);
    return ruleAllows(judges[jk], i, excludeSameSector) && !declared.has(k) && !holds(ideaId, jk);
  };
  // Working judges, as in assignReviews: capacity > 0 and some idea of the round they may review
  // (by the unit and sector rules and their declarations), or some review already.
  const groups = new Map<string, { unitId: number; sectorId: number; ids: number[] }>();
  for (const i of ideas) {
    const g = groups.get(`${i.unitId}|${i.sectorId}`);
    if (g) g.ids.push(i.id);
    else groups.set(`${i.unitId}|${i.sectorId}`, { unitId: i.unitId, sectorId: i.sectorId, ids: [i.id] });
  }
  const workingJudge = judges.map((j, jk) => {
    if (cap[jk] <= 0) return false;
    if (load[jk] > 0) return true;
    for (const g of groups.values()) {
      if (!ruleAllows(j, g, excludeSameSector)) continue;
      if (g.ids.some((id) => !declared.has(keyOf(id, jk)))) return true;
    }
    return false;
  });
  const working = (jk: number) => workingJudge[jk];
  const loadsBefore = load.slice();
  loadsBefore[jIndex.get(remove.judgeId)!]++;
  const spreadOf = (ls: number[]) => {
    let min = UNLIMITED;
    let max = 0;
    for (let j = 0; j < J; j++) {
      if (!working(j)) continue;
      min = Math.min(min, ls[j]);
      max = Math.max(max, ls[j]);
    }
    return min === UNLIMITED ? 0 : max - min;
  };
  const allowedSpread = Math.max(1, spreadOf(loadsBefore));
  const next = rng(input.seed);
  const rank = new Array<number>(J);
  permutation(J, next).forEach((j, r) => (rank[j] = r));
  const expert = (jk: number, ideaId: number) => {
    const topic = idea.get(ideaId)!.topic;
    return topic !== null && judges[jk].expertise.includes(topic);
  };

  const removed: ReviewPair[] = [{ ...remove }];
  const added: ReviewPair[] = [];
  const notes: string[] = [];
  let balanced = true;
  const name = (jk: number) => judges[jk].name;
  for (let need = R - (end[removeIi] - start[removeIi]); need > 0; need--) {
    const acceptable = (end: number) => {
      if (load[end] >= cap[end]) return false;
      load[end]++;
      const ok = spreadOf(load) <= allowedSpread;
      load[end]--;
      return ok;
    };
    const better = (a: number, b: number) =>
      Number(expert(b, target.id)) - Number(expert(a, target.id)) || load[a] - load[b] || rank[a] - rank[b];
    const candidates: number[] = [];
    for (let j = 0; j < J; j++) if (may(j, target.id)) candidates.push(j);
    const direct = candidates.filter((j) => load[j] < cap[j]).sort(better);
    if (!direct.length && !candidates.length) return fail([tooFew(target.id)]);
    let take = direct.find(acceptable);
    let chain: { b: number; ideaId: number; c: number } | null = null;
    if (take === undefined) {
      // Two moves: b (any candidate) takes the idea; b hands an unlocked review of another idea to an acceptable end judge c.
      const ends: number[] = [];
      for (let j = 0; j < J; j++) if (acceptable(j)) ends.push(j);
      ends.sort((a, b) => load[a] - load[b] || rank[a] - rank[b]);
      // Bounded: past CHAIN_BUDGET checks the least-loaded judge takes it directly (reported).
      let checks = 0;
      outer: for (const b of [...candidates].sort(better)) {
        const held = [...unlockedOf[b]].sort((x, y) => x - y);
        for (const c of ends) {
          if (c === b) continue;
          for (const ideaId of held) {
            if (++checks > CHAIN_BUDGET) break outer;
            if (ideaId === target.id || !may(c, ideaId)) continue;
            chain = { b, ideaId, c };
            break outer;
          }
        }
      }
    }
    if (chain) {
      const { b, ideaId, c } = chain;
      give(target.id, b);
      drop(ideaId, b);
      give(ideaId, c);
      added.push({ ideaId: target.id, judgeId: judges[b].id }, { ideaId, judgeId: judges[c].id });
      removed.push({ ideaId, judgeId: judges[b].id });
      notes.push(`《${target.title}》改由 ${name(b)} 评审；为保持各评委评审量均衡，${name(b)} 原评审的《${idea.get(ideaId)!.title}》改由 ${name(c)} 评审。`);
    } else {
      if (take === undefined) {
        if (!direct.length) return fail([tooFew(target.id)]);
        take = direct[0];
        balanced = false;
      }
      give(target.id, take);
      added.push({ ideaId: target.id, judgeId: judges[take].id });
      notes.push(`《${target.title}》改由 ${name(take)} 评审。`);
    }
  }
  const loads = new Map<number, number>();
  judges.forEach((j, k) => loads.set(j.id, load[k]));
  return { ok: true, removed, added, loads, balance: describe(balanced), message: notes.join('') };

  function give(ideaId: number, jk: number) {
    changed.set(keyOf(ideaId, jk), 1);
    load[jk]++;
    unlockedOf[jk].push(ideaId);
  }
  function drop(ideaId: number, jk: number) {
    changed.set(keyOf(ideaId, jk), -1);
    load[jk]--;
    unlockedOf[jk] = unlockedOf[jk].filter((x) => x !== ideaId);
  }
  function tooFew(ideaId: number): AssignProblem {
    const i = idea.get(ideaId)!;
    let sameUnit = 0;
    let sameSector = 0;
    let dec = 0;
    let noCapacity = 0;
    let already = 0;
    judges.forEach((j, k) => {
      if (!ruleAllows(j, i, false)) sameUnit++;
      else if (!ruleAllows(j, i, excludeSameSector)) sameSector++;
      else if (holds(ideaId, k)) already++;
      else if (declared.has(key(ideaId, j.id))) dec++;
      else if (load[k] >= cap[k]) noCapacity++;
    });
    const parts = [`${sameUnit} 名与其同单位`];
    const partsEn = [`${sameUnit} of its unit`];
    if (excludeSameSector) parts.push(`${sameSector} 名与其同板块`), partsEn.push(`${sameSector} of its sector`);
    parts.push(`${dec} 名已申报回避`), partsEn.push(`${dec} declared a conflict`);
    if (noCapacity) parts.push(`${noCapacity} 名已达评审上限`), partsEn.push(`${noCapacity} at their review limit`);
    return {
      kind: noCapacity ? 'capacity' : 'too_few_judges',
      ideaIds: [ideaId],
      needed: R,
      available: already,
      excluded: { sameUnit, sameSector, declared: dec, noCapacity },
      message: `《${i.title}》需要 ${R} 名评委，除已分配的 ${already} 名外没有可改派的评委（共 ${J} 名评委：${parts.join('，')}）。`,
      messageEn: `"${i.title}" needs ${R} judges; besides the ${already} assigned, no judge can take it over (${J} judges in all: ${partsEn.join(', ')}).`,
    };
  }
  function describe(ok: boolean): LoadBalance {
    let min = UNLIMITED;
    let max = 0;
    let n = 0;
    for (let j = 0; j < J; j++) {
      if (!working(j)) continue;
      n++;
      min = Math.min(min, load[j]);
      max = Math.max(max, load[j]);
    }
    if (!n) min = 0;
    return {
      workingJudges: n,
      minLoad: min,
      maxLoad: max,
      withinOne: max - min <= 1,
      // Only a full assignReviews establishes this; a local repair claims nothing beyond the spread.
      decreasinglyMinimal: false,
      explanation: ok
        ? null
        : `改派后评委负荷最多 ${max} 件、最少 ${min} 件（改派前相差 ${allowedSpread} 件以内）：没有哪位评委能在一到两步调整内接手而不拉大差距，已交给可评审的评委中负荷最低的一位。如需重新均衡，可对未开始评分的分配重新自动分配。`,
    };
  }
}
