// assignReviews: who reviews which idea (分配评委). See flow.ts for the method and README for the
// guarantees. Nothing is saved here: the caller saves `assignments` only when `ok` is true.
import { ELIGIBLE, EXPERT, NOT_ELIGIBLE, TypeFlow, UNLIMITED } from './flow.ts';
import { permutation, rng } from './random.ts';
import { failure, ideaList, ideaListEn } from './explain.ts';
import type { AssignIdea, AssignInput, AssignJudge, AssignProblem, AssignResult, LoadBalance, ReviewPair } from './types.ts';

export const DEFAULT_REVIEWS_PER_IDEA = 3;
/** Upper bound of load-preserving expert exchanges (inner steps): keeps 100,000 ideas well under 10 s. */
const EXPERT_BUDGET = 40_000_000;
/** Types × judges beyond which the flow tables (5 bytes a cell) would not fit comfortably: 25 M cells ≈ 125 MB. */
const MAX_CELLS = 25_000_000;

interface IdeaType {
  unitId: number;
  sectorId: number;
  topic: string | null;
  /** Judge indexes this type's ideas must not get (declared conflicts and judges already kept). */
  barred: number[];
  declared: number;
  kept: number;
  /** Indexes into input.ideas. */
  ideas: number[];
}

/** May judge j review ideas of this unit/sector at all (before declarations)? */
export function ruleAllows(judge: AssignJudge, idea: { unitId: number; sectorId: number }, excludeSameSector: boolean): boolean {
  if (judge.unitId !== null && judge.unitId === idea.unitId) return false;
  if (excludeSameSector && judge.sectorId !== null && judge.sectorId === idea.sectorId) return false;
  return true;
}

/** Input checks shared with reassignReview: ids unique, references known, R a positive integer. */
export function checkInput(
  ideas: readonly AssignIdea[],
  judges: readonly AssignJudge[],
  R: number,
  pairs: { what: string; whatEn: string; list: readonly ReviewPair[] }[],
): AssignProblem[] {
  const problems: AssignProblem[] = [];
  const bad = (message: string, messageEn: string, ideaIds: number[] = []) => problems.push({ kind: 'invalid_input', ideaIds, needed: 0, available: 0, message, messageEn });
  if (!Number.isInteger(R) || R < 1) bad(`每件金点子的评审人数须为正整数（收到 ${R}）。`, `The number of reviews per golden idea must be a positive whole number (got ${R}).`);
  const ideaIds = new Set<number>();
  for (const i of ideas) {
    if (ideaIds.has(i.id)) bad(`金点子编号 ${i.id} 重复出现。`, `Golden idea ${i.id} appears twice.`, [i.id]);
    ideaIds.add(i.id);
  }
  const judgeIds = new Set<number>();
  for (const j of judges) {
    if (judgeIds.has(j.id)) bad(`评委编号 ${j.id} 重复出现。`, `Judge ${j.id} appears twice.`);
    judgeIds.add(j.id);
    if (j.capacity !== undefined && (!Number.isInteger(j.capacity) || j.capacity < 0)) bad(`评委 ${j.name} 的评审上限须为非负整数（收到 ${j.capacity}）。`, `The review limit of judge ${j.name} must be a whole number of 0 or more (got ${j.capacity}).`);
  }
  for (const { what, whatEn, list } of pairs) {
    for (const p of list) {
      if (!ideaIds.has(p.ideaId)) bad(`${what}中的金点子编号 ${p.ideaId} 不在本轮评比中。`, `Golden idea ${p.ideaId} in the ${whatEn} is not in this round.`, [p.ideaId]);
      if (!judgeIds.has(p.judgeId)) bad(`${what}中的评委编号 ${p.judgeId} 不是本轮评委。`, `Judge ${p.judgeId} in the ${whatEn} is not a judge of this round.`, [p.ideaId]);
    }
  }
  return problems;
}

export function assignReviews(input: AssignInput): AssignResult {
  const started = performance.now();
  const R = input.reviewsPerIdea ?? DEFAULT_REVIEWS_PER_IDEA;
  const { ideas, judges, excludeSameSector } = input;
  const declared = input.declaredConflicts ?? [];
  const keep = input.keep ?? [];
  const inputProblems = checkInput(ideas, judges, R, [
    { what: '回避申报', whatEn: 'declared conflicts', list: declared },
    { what: '保留的分配', whatEn: 'kept assignments', list: keep },
  ]);
  if (inputProblems.length) return failure(inputProblems);

  const J = judges.length;
  const judgeIndex = new Map(judges.map((j, k) => [j.id, k]));
  const ideaIndex = new Map(ideas.map((i, k) => [i.id, k]));
  const cap = new Int32Array(J);
  judges.forEach((j, k) => (cap[k] = j.capacity === undefined ? UNLIMITED : Math.min(j.capacity, UNLIMITED)));
  const fixed = new Int32Array(J);

  const declaredBy = new Map<number, Set<number>>();
  for (const d of declared) {
    let s = declaredBy.get(d.ideaId);
    if (!s) declaredBy.set(d.ideaId, (s = new Set()));
    s.add(judgeIndex.get(d.judgeId)!);
  }
  const keptBy = new Map<number, Set<number>>();
  const problems: AssignProblem[] = [];
  for (const p of keep) {
    const i = ideas[ideaIndex.get(p.ideaId)!];
    const jk = judgeIndex.get(p.judgeId)!;
    const judge = judges[jk];
    let s = keptBy.get(p.ideaId);
    if (!s) keptBy.set(p.ideaId, (s = new Set()));
    if (s.has(jk)) continue;
    s.add(jk);
    fixed[jk]++;
    const why = !ruleAllows(judge, i, false)
      ? (['与其同单位', 'is of its unit'] as const)
      : !ruleAllows(judge, i, excludeSameSector)
        ? (['与其同板块', 'is of its sector'] as const)
        : declaredBy.get(i.id)?.has(jk)
          ? (['已申报回避', 'declared a conflict'] as const)
          : null;
    if (why) {
      problems.push({
        kind: 'invalid_keep',
        ideaIds: [i.id],
        needed: R,
        available: 0,
        message: `《${i.title}》保留的评委 ${judge.name}${why[0]}，不能评审该金点子。`,
        messageEn: `Judge ${judge.name}, kept on "${i.title}", ${why[1]} and cannot review it.`,
      });
    }
  }
  for (const [ideaId, s] of keptBy) {
    if (s.size > R) {
      const i = ideas[ideaIndex.get(ideaId)!];
      problems.push({ kind: 'invalid_keep', ideaIds: [ideaId], needed: R, available: s.size, message: `《${i.title}》保留了 ${s.size} 名评委，多于每件所需的 ${R} 名。`, messageEn: `"${i.title}" keeps ${s.size} judges, more than the ${R} each golden idea needs.` });
    }
  }
  judges.forEach((j, k) => {
    if (fixed[k] > cap[k]) {
      const ideaIds = keep.filter((p) => p.judgeId === j.id).map((p) => p.ideaId);
      problems.push({ kind: 'invalid_keep', ideaIds, needed: fixed[k], available: cap[k], message: `评委 ${j.name} 保留的评审有 ${fixed[k]} 件，超过其评审上限 ${cap[k]} 件。`, messageEn: `Judge ${j.name} keeps ${fixed[k]} reviews, more than their limit of ${cap[k]}.` });
    }
  });
  if (problems.length) return failure(problems);

  // Group the ideas still needing reviews into types.
  const typeByKey = new Map<string, IdeaType>();
  ideas.forEach((idea, ii) => {
    const kept = keptBy.get(idea.id);
    if (kept && kept.size >= R) return;
    const dec = declaredBy.get(idea.id);
    const barred = [...new Set([...(dec ?? []), ...(kept ?? [])])].sort((a, b) => a - b);
    const key = `${idea.unitId}|${idea.sectorId}|${idea.topic ?? ''}|${idea.topic === null ? 'n' : 't'}|${barred.join(',')}|${kept?.size ?? 0}`;
    let type = typeByKey.get(key);
    if (!type) {
      type = { unitId: idea.unitId, sectorId: idea.sectorId, topic: idea.topic, barred, declared: dec?.size ?? 0, kept: kept?.size ?? 0, ideas: [] };
      typeByKey.set(key, type);
    }
    type.ideas.push(ii);
  });
  const types = [...typeByKey.values()];
  const T = types.length;
  if (T * J > MAX_CELLS) {
    // Each idea with its own kept judges or declarations is its own type; past this the flow's
    // types × judges tables would take hundreds of MB. Say so rather than exhaust the server.
    const p: AssignProblem = {
      kind: 'invalid_input',
      ideaIds: [],
      needed: 0,
      available: 0,
      message: `金点子按单位、板块、选题、保留的分配和回避申报分成了 ${T} 组，与 ${J} 名评委组合后超出一次自动分配的处理能力（${MAX_CELLS / 1e6} 百万）。请减少保留的分配（例如只保留已开始评分的），或按板块分批分配。`,
      messageEn: `By unit, sector, topic, kept assignments and declared conflicts the golden ideas form ${T} groups; with ${J} judges that exceeds what one automatic assignment can handle (${MAX_CELLS / 1e6} million). Keep fewer assignments (e.g. only those already being scored) or assign sector by sector.`,
    };
    return failure([p]);
  }

  const n = new Int32Array(T);
  const r = new Int32Array(T);
  const elig = new Uint8Array(T * J);
  const eligibleCount = new Int32Array(T);
  const expertise = judges.map((j) => new Set(j.expertise));
  // Flat copies for the T × J loop (null unit or sector: NaN never equals an id).
  const judgeUnit = Float64Array.from(judges, (j) => j.unitId ?? NaN);
  const judgeSector = Float64Array.from(judges, (j) => j.sectorId ?? NaN);
  const expertsOf = new Map<string, Uint8Array>();
  judges.forEach((j, k) => {
    for (const topic of j.expertise) {
      if (!expertsOf.has(topic)) expertsOf.set(topic, new Uint8Array(J));
      expertsOf.get(topic)![k] = 1;
    }
  });
  types.forEach((type, t) => {
    n[t] = type.ideas.length;
    r[t] = R - type.kept;
    const row = t * J;
    const topicExperts = type.topic === null ? null : expertsOf.get(type.topic);
    for (let j = 0; j < J; j++) {
      if (judgeUnit[j] === type.unitId || (excludeSameSector && judgeSector[j] === type.sectorId) || cap[j] - fixed[j] <= 0) continue;
      elig[row + j] = topicExperts?.[j] ? EXPERT : ELIGIBLE;
    }
    for (const j of type.barred) elig[row + j] = NOT_ELIGIBLE;
    let c = 0;
    for (let j = 0; j < J; j++) if (elig[row + j] !== NOT_ELIGIBLE) c++;
    eligibleCount[t] = c;
    if (c < r[t]) problems.push(tooFewJudges(type, ideas, judges, cap, fixed, R, c, excludeSameSector));
  });
  if (problems.length) return failure(problems);

  const next = rng(input.seed);
  const tieRank = new Int32Array(J);
  permutation(J, next).forEach((j, rank) => (tieRank[j] = rank));
  const typeShuffle = permutation(T, next);
  const shuffleRank = new Int32Array(T);
  typeShuffle.forEach((t, rank) => (shuffleRank[t] = rank));
  // Scarce types first (few eligible judges per review needed), so the greedy rarely paints itself
  // into a corner; the others in seeded random order — sorting them too would group them by sector
  // and leave the last sector's ideas only judges that are already full.
  const scarcity = (t: number) => Math.min(Math.floor(eligibleCount[t] / r[t]), 8);
  const order = Int32Array.from([...Array(T).keys()].sort((a, b) => scarcity(a) - scarcity(b) || shuffleRank[a] - shuffleRank[b]));

  const active = new Uint8Array(J);
  for (let j = 0; j < J; j++) {
    if (fixed[j] > 0) active[j] = 1;
    else if (cap[j] > 0) for (let t = 0; t < T && !active[j]; t++) if (elig[t * J + j] !== NOT_ELIGIBLE) active[j] = 1;
  }
  // The greedy and the max flow first run under a provisional cap at the even share U (raised while
  // demand is left), so that little is left for balancing to move; then the real capacities return.
  const realCap = cap.slice();
  let demand = 0;
  for (let t = 0; t < T; t++) demand += n[t] * r[t];
  const room = (U: number) => {
    let s = 0;
    for (let j = 0; j < J; j++) if (active[j]) s += Math.max(0, Math.min(realCap[j], U) - fixed[j]);
    return s;
  };
  let U = 0;
  for (let step = 1 << 30; step > 0; step >>>= 1) if (U + step <= UNLIMITED && room(U + step - 1) < demand) U += step;
  const provisional = (u: number) => {
    for (let j = 0; j < J; j++) cap[j] = Math.min(realCap[j], Math.max(u, fixed[j]));
  };
  // One above the even share leaves room for short chains at the end of the max flow.
  U = Math.min(UNLIMITED, U + 1);
  provisional(U);
  const flow = new TypeFlow(T, J, n, r, elig, cap, fixed, tieRank);
  flow.greedy(order);
  let stuck = flow.complete();
  for (let step = 1; stuck.length && U < UNLIMITED; step *= 2) {
    U = Math.min(UNLIMITED, U + step);
    provisional(U);
    stuck = flow.complete();
  }
  cap.set(realCap);
  if (stuck.length) stuck = flow.complete();
  if (stuck.length) {
    const capProblems = stuck.map((s) => capacityProblem(s, types, ideas, judges, flow, n, r));
    return failure(capProblems);
  }
  flow.balance(active);
  flow.preferExperts(EXPERT_BUDGET);

  // Deal each type's reviews to its ideas: slot k of idea ii holds its k-th new judge.
  const slots = new Int32Array(ideas.length * R);
  const filled = new Int32Array(ideas.length);
  let expertReviews = 0;
  let ideasWithExpertAvailable = 0;
  let ideasWithExpert = 0;
  const hasExpert = new Uint8Array(ideas.length);
  types.forEach((type, t) => {
    const row = t * J;
    const members = type.ideas.slice().sort((a, b) => ideas[a].id - ideas[b].id);
    const judgesOfType: number[] = [];
    let expertAvailable = false;
    for (let j = 0; j < J; j++) {
      if (elig[row + j] === EXPERT) expertAvailable = true;
      if (flow.f[row + j] > 0) judgesOfType.push(j);
    }
    for (const j of keptBy.get(ideas[members[0]].id) ?? []) if (type.topic !== null && expertise[j].has(type.topic)) for (const ii of members) hasExpert[ii] = 1;
    // Experts first, so that round-robin spreads them over the ideas; then the seeded order.
    const rot = (t * 7919) % J;
    judgesOfType.sort((a, b) => elig[row + b] - elig[row + a] || ((tieRank[a] + rot) % J) - ((tieRank[b] + rot) % J));
    let pos = 0;
    for (const j of judgesOfType) {
      const count = flow.f[row + j];
      const isExpert = elig[row + j] === EXPERT;
      for (let c = 0; c < count; c++, pos++) {
        const ii = members[pos % members.length];
        if (filled[ii] >= R) throw new Error('assignReviews: internal error — more reviews dealt than an idea needs');
        slots[ii * R + filled[ii]++] = j;
        if (isExpert) {
          expertReviews++;
          hasExpert[ii] = 1;
        }
      }
    }
    if (expertAvailable) ideasWithExpertAvailable += members.length;
    if (type.topic !== null) for (const ii of members) ideasWithExpert += hasExpert[ii];
  });
  // Output sorted by idea id, then judge id, without sorting 300,000 objects.
  const byId = Int32Array.from(ideas.keys()).sort((a, b) => ideas[a].id - ideas[b].id);
  const assignments: ReviewPair[] = [];
  const ids: number[] = [];
  for (const ii of byId) {
    ids.length = 0;
    for (let k = 0; k < filled[ii]; k++) ids.push(judges[slots[ii * R + k]].id);
    ids.sort((a, b) => a - b);
    for (const judgeId of ids) assignments.push({ ideaId: ideas[ii].id, judgeId });
  }

  const loads = new Map<number, number>();
  judges.forEach((j, k) => loads.set(j.id, flow.load[k]));
  const balance = describeBalance(judges, flow.load, cap, active, flow.isDecreasinglyMinimal(active));
  return {
    ok: true,
    assignments,
    loads,
    balance,
    stats: { reviews: assignments.length, expertReviews, ideasWithExpertAvailable, ideasWithExpert, millis: performance.now() - started },
  };
}

function tooFewJudges(
  type: IdeaType,
  ideas: readonly AssignIdea[],
  judges: readonly AssignJudge[],
  cap: Int32Array,
  fixed: Int32Array,
  R: number,
  eligible: number,
  excludeSameSector: boolean,
): AssignProblem {
  let sameUnit = 0;
  let sameSector = 0;
  let declaredCount = 0;
  let noCapacity = 0;
  const barred = new Set(type.barred);
  judges.forEach((j, k) => {
    if (!ruleAllows(j, type, false)) sameUnit++;
    else if (!ruleAllows(j, type, excludeSameSector)) sameSector++;
    else if (barred.has(k)) declaredCount += 1;
    else if (cap[k] - fixed[k] <= 0) noCapacity++;
  });
  // Kept judges are among `barred` but already review the idea: they count as available, not excluded.
  declaredCount -= type.kept;
  const available = eligible + type.kept;
  const parts = [`${sameUnit} 名与其同单位`];
  const partsEn = [`${sameUnit} of its unit`];
  if (excludeSameSector) parts.push(`${sameSector} 名与其同板块`), partsEn.push(`${sameSector} of its sector`);
  if (declaredCount) parts.push(`${declaredCount} 名已申报回避`), partsEn.push(`${declaredCount} declared a conflict`);
  if (noCapacity) parts.push(`${noCapacity} 名已达评审上限`), partsEn.push(`${noCapacity} at their review limit`);
  const ids = type.ideas.map((ii) => ideas[ii].id);
  const titles = type.ideas.map((ii) => ideas[ii].title);
  const who = ideaList(titles);
  const each = type.ideas.length > 1 ? '各' : '';
  return {
    kind: 'too_few_judges',
    ideaIds: ids,
    needed: R,
    available,
    excluded: { sameUnit, sameSector, declared: declaredCount, noCapacity },
    message: `${who}${each}需要 ${R} 名评委，但可评审的只有 ${available} 名（共 ${judges.length} 名评委：${parts.join('，')}）。`,
    messageEn: `${ideaListEn(titles)} ${titles.length > 1 ? 'each need' : 'needs'} ${R} judges, but only ${available} can review ${titles.length > 1 ? 'them' : 'it'} (${judges.length} judges in all: ${partsEn.join(', ')}).`,
  };
}

function capacityProblem(
  s: { types: number[]; judges: number[] },
  types: IdeaType[],
  ideas: readonly AssignIdea[],
  judges: readonly AssignJudge[],
  flow: TypeFlow,
  n: Int32Array,
  r: Int32Array,
): AssignProblem {
  const members = s.types.flatMap((t) => types[t].ideas);
  const needed = s.types.reduce((x, t) => x + n[t] * r[t], 0);
  const available = needed - s.types.reduce((x, t) => x + flow.unmet[t], 0);
  const full = s.judges.map((j) => judges[j].name);
  const names = full.length > 5 ? `${full.slice(0, 5).join('、')} 等 ${full.length} 名评委` : full.join('、');
  return {
    kind: 'capacity',
    ideaIds: members.map((ii) => ideas[ii].id),
    needed,
    available,
    message:
      `${ideaList(members.map((ii) => ideas[ii].title))}共需 ${needed} 次评审，但按回避规则和评审上限最多只能安排 ${available} 次` +
      (full.length ? `：可评审它们的 ${names} 已达评审上限。` : '。') +
      '请提高评审上限或增加评委。',
    messageEn:
      `${ideaListEn(members.map((ii) => ideas[ii].title))} need ${needed} reviews in all, but the conflict rules and review limits allow at most ${available}` +
      (full.length ? `: ${full.length > 5 ? `${full.slice(0, 5).join(', ')} and ${full.length - 5} more judges` : full.join(', ')}, who can review them, are at their limit.` : '.') +
      ' Raise the review limits or add judges.',
  };
}

function describeBalance(judges: readonly AssignJudge[], load: Int32Array, cap: Int32Array, active: Uint8Array, decreasinglyMinimal: boolean): LoadBalance {
  let min = UNLIMITED;
  let max = 0;
  let working = 0;
  for (let j = 0; j < judges.length; j++) {
    if (!active[j]) continue;
    working++;
    if (load[j] < min) min = load[j];
    if (load[j] > max) max = load[j];
  }
  if (working === 0) min = 0;
  const withinOne = max - min <= 1;
  let explanation: string | null = null;
  if (!withinOne) {
    const capped: string[] = [];
    const limited: string[] = [];
    for (let j = 0; j < judges.length; j++) {
      if (!active[j] || load[j] > max - 2) continue;
      (load[j] >= cap[j] ? capped : limited).push(`${judges[j].name}（${load[j]} 件）`);
    }
    const list = (xs: string[]) => (xs.length > 5 ? `${xs.slice(0, 5).join('、')} 等 ${xs.length} 名` : xs.join('、'));
    const parts: string[] = [];
    if (capped.length) parts.push(`${list(capped)}已达评审上限`);
    if (limited.length) parts.push(`${list(limited)}受回避规则所限，负荷较高的评委手中的金点子都不能转给他们（同单位、同板块、已申报回避或已评审该件）`);
    explanation = `评委负荷最多 ${max} 件、最少 ${min} 件，无法做到相差不超过 1：${parts.join('；')}。在这些规则下，已使负荷最高的评委尽量少、其余依次尽量均衡。`;
  }
  return { workingJudges: working, minLoad: min, maxLoad: max, withinOne, decreasinglyMinimal, explanation };
}
