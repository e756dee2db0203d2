// The assignment as a flow between idea types and judges.
//
// Ideas that no rule tells apart (same unit, sector, topic, declared conflicts and kept judges) form
// one *type*; f[t][j] is how many ideas of type t judge j reviews. A type of n ideas needing r reviews
// each is served by any f with Σⱼ f[t][j] = r·n and f[t][j] ≤ n: laying its judges' blocks end to end
// and dealing the positions round-robin to the n ideas gives every idea r distinct judges (see
// dealType in assign.ts). So 100,000 ideas collapse into a few thousand types, and the flow network
// has types × judges edges instead of ideas × judges.
//
// Steps: greedy water-filling (lowest loads first, experts at ties) → augmenting paths for demand the
// greedy left (max flow; when none exists the reachable set is the exact reason) → balancing by
// augmenting paths from a judge with load ≥ k to one with load ≤ k − 2 until none exists (then the
// load vector is decreasingly minimal: Frank & Murota, “Discrete decreasing minimization”, 2022) →
// load-preserving exchanges that give more reviews to experts.

export const NOT_ELIGIBLE = 0;
export const ELIGIBLE = 1;
export const EXPERT = 2;
export const UNLIMITED = 0x3fffffff;

export class TypeFlow {
  readonly f: Int32Array;
  readonly load: Int32Array;
  readonly unmet: Int32Array;
  // BFS scratch, reused.
  private readonly parentOfType: Int32Array;
  private readonly parentOfJudge: Int32Array;
  private readonly seenType: Uint8Array;
  private readonly seenJudge: Uint8Array;
  private readonly queue: Int32Array;

  constructor(
    readonly T: number,
    readonly J: number,
    /** Ideas per type. */
    readonly n: Int32Array,
    /** Reviews still needed per idea of the type. */
    readonly r: Int32Array,
    /** T×J: NOT_ELIGIBLE, ELIGIBLE or EXPERT. */
    readonly elig: Uint8Array,
    /** Per judge: capacity (UNLIMITED when none). */
    readonly cap: Int32Array,
    /** Per judge: load already fixed by kept pairs. */
    fixed: Int32Array,
    /** Per judge: a seeded rank for ties. */
    readonly tieRank: Int32Array,
  ) {
    this.f = new Int32Array(T * J);
    this.load = Int32Array.from(fixed);
    this.unmet = new Int32Array(T);
    for (let t = 0; t < T; t++) this.unmet[t] = n[t] * r[t];
    this.parentOfType = new Int32Array(T);
    this.parentOfJudge = new Int32Array(J);
    this.seenType = new Uint8Array(T);
    this.seenJudge = new Uint8Array(J);
    this.queue = new Int32Array(T + J);
  }

  /**
   * Water-filling of each type in `order`: first experts alone, for up to one review per idea (so
   * that each idea can get an expert), then everyone for the rest; each time the lowest loads rise
   * first, and experts, then the seeded rank, win ties.
   */
  greedy(order: Int32Array): void {
    const cand = new Int32Array(this.J);
    const upper = new Int32Array(this.J);
    for (let oi = 0; oi < order.length; oi++) {
      const t = order[oi];
      const demand = this.unmet[t];
      if (demand === 0) continue;
      const forExperts = Math.min(demand, this.n[t]);
      const left = this.fill(t, forExperts, true, cand, upper);
      this.unmet[t] = this.fill(t, demand - forExperts + left, false, cand, upper);
    }
  }

  /** Water-fills `demand` reviews of type t over its eligible judges (experts only if asked); returns what is left. */
  private fill(t: number, demand: number, expertsOnly: boolean, cand: Int32Array, upper: Int32Array): number {
    const { J, f, load, cap, elig, tieRank } = this;
    if (demand <= 0) return 0;
    const nt = this.n[t];
    const row = t * J;
    const least = expertsOnly ? EXPERT : ELIGIBLE;
    let m = 0;
    let room = 0;
    let lo = UNLIMITED;
    let hi = 0;
    for (let j = 0; j < J; j++) {
      if (elig[row + j] < least) continue;
      const u = Math.min(nt - f[row + j], cap[j] - load[j]);
      if (u <= 0) continue;
      cand[m] = j;
      upper[m] = u;
      m++;
      room += u;
      if (load[j] < lo) lo = load[j];
      if (load[j] + u > hi) hi = load[j] + u;
    }
    if (m === 0) return demand;
    if (room <= demand) {
      for (let i = 0; i < m; i++) this.move(t, -1, cand[i], upper[i]);
      return demand - room;
    }
    // Smallest level λ with Σ min(uⱼ, max(0, λ − loadⱼ)) ≥ demand.
    const filled = (lambda: number) => {
      let s = 0;
      for (let i = 0; i < m; i++) {
        const x = lambda - load[cand[i]];
        if (x > 0) s += x < upper[i] ? x : upper[i];
      }
      return s;
    };
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (filled(mid) >= demand) b = mid;
      else a = mid + 1;
    }
    const lambda = a;
    const ties: number[] = [];
    for (let i = 0; i < m; i++) {
      const j = cand[i];
      let x = lambda - 1 - load[j];
      if (x < 0) x = 0;
      if (x > upper[i]) x = upper[i];
      if (x > 0) {
        this.move(t, -1, j, x);
        demand -= x;
      }
      if (x < upper[i] && load[j] === lambda - 1) ties.push(j);
    }
    const rot = (t * 7919) % J;
    ties.sort((p, q) => elig[row + q] - elig[row + p] || ((tieRank[p] + rot) % J) - ((tieRank[q] + rot) % J));
    for (let i = 0; i < demand; i++) this.move(t, -1, ties[i], 1);
    return 0;
  }

  /** Moves x reviews of type t from judge `from` (−1: from the type's unmet demand) to judge `to`. */
  private move(t: number, from: number, to: number, x: number): void {
    const row = t * this.J;
    this.f[row + to] += x;
    this.load[to] += x;
    if (from >= 0) {
      this.f[row + from] -= x;
      this.load[from] -= x;
    }
  }

  /**
   * Breadth-first search in the residual graph: judge a → type t when a reviews some of t (it can give
   * one away); type t → judge b when b may review t and does not yet review all of t. Starts from the
   * given judges and/or types; stops at the first judge accepted by isTarget. Returns the target or −1.
   */
  private search(startJudges: ArrayLike<number>, startTypes: ArrayLike<number>, isTarget: (j: number) => boolean): number {
    const { T, J, f, elig, n, parentOfType, parentOfJudge, seenType, seenJudge, queue } = this;
    seenType.fill(0);
    seenJudge.fill(0);
    // Two queues in one array: types from the front half, judges from the back half. Types are
    // expanded first (a type's scan finds targets directly); a judge only when no type waits. Any path
    // will do (every one is a valid chain of moves), so the search stays cheap when paths abound.
    let typeHead = 0;
    let typeTail = 0;
    let judgeHead = T;
    let judgeTail = T;
    for (let i = 0; i < startTypes.length; i++) {
      const t = startTypes[i];
      seenType[t] = 1;
      parentOfType[t] = -1;
      queue[typeTail++] = t;
    }
    for (let i = 0; i < startJudges.length; i++) {
      const j = startJudges[i];
      seenJudge[j] = 1;
      parentOfJudge[j] = -1;
      queue[judgeTail++] = j;
    }
    while (typeHead < typeTail || judgeHead < judgeTail) {
      if (typeHead < typeTail) {
        const t = queue[typeHead++];
        const row = t * J;
        const nt = n[t];
        for (let j = 0; j < J; j++) {
          if (seenJudge[j] || elig[row + j] === NOT_ELIGIBLE || f[row + j] >= nt) continue;
          seenJudge[j] = 1;
          parentOfJudge[j] = t;
          if (isTarget(j)) return j;
          queue[judgeTail++] = j;
        }
      } else {
        const node = queue[judgeHead++];
        for (let t = 0; t < T; t++) {
          if (seenType[t] || f[t * J + node] === 0) continue;
          seenType[t] = 1;
          parentOfType[t] = node;
          queue[typeTail++] = t;
        }
      }
    }
    return -1;
  }

  /** The path found by search, from its start to `target`, as alternating judges and types. */
  private pathTo(target: number): { start: number; startIsType: boolean; steps: { t: number; to: number; from: number }[] } {
    const steps: { t: number; to: number; from: number }[] = [];
    let j = target;
    for (;;) {
      const t = this.parentOfJudge[j];
      const from = this.parentOfType[t];
      steps.push({ t, to: j, from });
      if (from < 0) return { start: t, startIsType: true, steps };
      if (this.parentOfJudge[from] < 0) return { start: from, startIsType: false, steps };
      j = from;
    }
  }

  /** How many units the path can carry (each from-judge gives, each to-judge takes). */
  private bottleneck(steps: { t: number; to: number; from: number }[]): number {
    let x = UNLIMITED;
    for (const s of steps) {
      const row = s.t * this.J;
      x = Math.min(x, this.n[s.t] - this.f[row + s.to]);
      if (s.from >= 0) x = Math.min(x, this.f[row + s.from]);
    }
    return x;
  }

  private apply(steps: { t: number; to: number; from: number }[], x: number): void {
    for (const s of steps) {
      const row = s.t * this.J;
      this.f[row + s.to] += x;
      if (s.from >= 0) this.f[row + s.from] -= x;
    }
  }

  /**
   * Max flow: serves demand the greedy left by chains of moves ending at a judge with free capacity.
   * Returns, per type still unmet, the types and judges its search reached (the exact reason).
   */
  complete(): { types: number[]; judges: number[] }[] {
    const { T, J, load, cap } = this;
    const stuck: { types: number[]; judges: number[] }[] = [];
    const done = new Uint8Array(T);
    for (let t = 0; t < T; t++) {
      // A type reached by a failed search cannot reach free capacity either (and never will: chains
      // never pass through such nodes), so it is not searched again.
      if (done[t]) continue;
      while (this.unmet[t] > 0) {
        const target = this.search([], [t], (j) => load[j] < cap[j]);
        if (target < 0) {
          const types: number[] = [];
          const judges: number[] = [];
          for (let u = 0; u < T; u++) if (this.seenType[u]) types.push(u);
          for (let j = 0; j < J; j++) if (this.seenJudge[j]) judges.push(j);
          stuck.push({ types: types.filter((u) => this.unmet[u] > 0), judges });
          for (const u of types) done[u] = 1;
          break;
        }
        const path = this.pathTo(target);
        const x = Math.min(this.bottleneck(path.steps), this.unmet[t], cap[target] - load[target]);
        this.apply(path.steps, x);
        this.unmet[t] -= x;
        load[target] += x;
      }
    }
    return stuck;
  }

  /**
   * Balancing: while some judge with load ≥ k can pass a review (directly or by a chain) to a judge
   * with load ≤ k − 2 and free capacity, do it. Each move lowers Σ load², so it ends; when it ends no
   * such pair exists for any k, which is Frank & Murota's characterisation of a decreasingly minimal
   * load vector. Returns the number of chains applied.
   */
  balance(active: Uint8Array): number {
    const { J, load, cap } = this;
    let moves = 0;
    for (;;) {
      let sweepMoves = 0;
      for (const v of this.roomLevels(active)) {
        // Sources: load ≥ v + 2; targets: load ≤ v with room. Only levels where a judge with room
        // sits need a search (a full judge is never a target), so capped judges add no levels.
        for (;;) {
          const sources: number[] = [];
          for (let j = 0; j < J; j++) if (active[j] && load[j] >= v + 2) sources.push(j);
          if (!sources.length) break;
          const target = this.search(sources, [], (j) => active[j] === 1 && load[j] <= v && load[j] < cap[j]);
          if (target < 0) break;
          const path = this.pathTo(target);
          const source = path.start;
          const x = Math.min(this.bottleneck(path.steps), Math.floor((load[source] - load[target]) / 2), cap[target] - load[target]);
          this.apply(path.steps, x);
          load[source] -= x;
          load[target] += x;
          sweepMoves++;
        }
      }
      moves += sweepMoves;
      if (sweepMoves === 0) return moves;
    }
  }

  /** Distinct loads of working judges with room, highest first. */
  private roomLevels(active: Uint8Array): number[] {
    const levels = new Set<number>();
    for (let j = 0; j < this.J; j++) if (active[j] && this.load[j] < this.cap[j]) levels.add(this.load[j]);
    return [...levels].sort((a, b) => b - a);
  }

  /**
   * Exchanges that keep every load: judge a (not expert in t) hands one review of t to expert b, and b
   * hands one review of another type u back to a, when that does not lose an expert review on u.
   * Bounded by `budget` inner steps so that the time stays predictable; returns the exchanges made.
   */
  preferExperts(budget: number): number {
    const { T, J, f, elig, n } = this;
    let exchanges = 0;
    let steps = 0;
    for (let t = 0; t < T && steps < budget; t++) {
      const row = t * J;
      const experts: number[] = [];
      for (let j = 0; j < J; j++) if (elig[row + j] === EXPERT) experts.push(j);
      for (let a = 0; a < J && steps < budget; a++) {
        steps++;
        if (elig[row + a] !== ELIGIBLE || f[row + a] === 0) continue;
        for (let bi = 0; bi < experts.length && f[row + a] > 0 && steps < budget; bi++) {
          const b = experts[bi];
          steps++;
          while (f[row + a] > 0 && f[row + b] < n[t] && steps < budget) {
            let found = -1;
            for (let u = 0; u < T; u++) {
              steps++;
              if (u === t) continue;
              const ub = u * J + b;
              const ua = u * J + a;
              if (f[ub] === 0 || elig[ua] === NOT_ELIGIBLE || f[ua] >= n[u]) continue;
              if (elig[ub] === EXPERT && elig[ua] !== EXPERT) continue;
              found = u;
              break;
            }
            if (found < 0) break;
            f[row + a]--;
            f[row + b]++;
            f[found * J + b]--;
            f[found * J + a]++;
            exchanges++;
          }
        }
      }
    }
    return exchanges;
  }

  /** True when no chain of moves leads from a judge with load ≥ k + 2 to a judge with load ≤ k and room (any k). */
  isDecreasinglyMinimal(active: Uint8Array): boolean {
    const { J, load, cap } = this;
    for (const v of this.roomLevels(active)) {
      const sources: number[] = [];
      for (let j = 0; j < J; j++) if (active[j] && load[j] >= v + 2) sources.push(j);
      if (sources.length && this.search(sources, [], (j) => active[j] === 1 && load[j] <= v && load[j] < cap[j]) >= 0) return false;
    }
    return true;
  }
}
