// The pure rules of 评比 (evaluation): assignment of judges to ideas, score sheets, aggregation,
// reliability, rankings and award tiers. No I/O here: the service reads rows, calls these functions and
// saves what they return. Ids are the database's integer ids. Every function is deterministic: the
// same input (and seed) gives the same output.

// ───────────────────────────── Assignment (分配评委) ─────────────────────────────

/** An idea entering the round, with what conflict rules and expertise look at. */
export interface AssignIdea {
  id: number;
  /** For zh-CN explanations only (《title》). */
  title: string;
  /** The submitting unit: a judge of the same unit never gets it. */
  unitId: number;
  /** The unit's sector (板块): excluded too when the round's `excludeSameSector` is on. */
  sectorId: number;
  /** Topic key (选题方向); matched against judges' expertise. */
  topic: string | null;
}

export interface AssignJudge {
  id: number;
  /** For zh-CN explanations only. */
  name: string;
  /** The judge's own unit (null: e.g. a bureau expert with no school). */
  unitId: number | null;
  sectorId: number | null;
  /** Topic keys the judge declared expertise in (preferred, never required). */
  expertise: readonly string[];
  /** At most this many reviews in the round (absent: no limit; 0: takes no new work). */
  capacity?: number;
}

/** A pair judge ↔ idea: one review to write. */
export interface ReviewPair {
  ideaId: number;
  judgeId: number;
}

/** A judge's declaration "I must not review this idea" (回避申报): never assigned afterwards. */
export type DeclaredConflict = ReviewPair;

export interface AssignInput {
  ideas: readonly AssignIdea[];
  judges: readonly AssignJudge[];
  /** Distinct judges per idea (每件评审人数); default 3. */
  reviewsPerIdea?: number;
  /** The round's rule: no judge of the idea's own sector (同板块回避). Own unit is always excluded. */
  excludeSameSector: boolean;
  declaredConflicts?: readonly DeclaredConflict[];
  /**
   * Existing assignments that must stay (e.g. already being scored). They count towards the idea's
   * reviews and the judge's load; only the missing reviews are assigned. A kept pair that breaks a
   * conflict rule is reported as a problem, not silently dropped.
   */
  keep?: readonly ReviewPair[];
  /** Seed of the tie-breaking order (e.g. the round id): same seed, same assignment. */
  seed: number | string;
}

/** Why one group of ideas cannot get its reviews (the same reason for every idea of the group). */
export interface AssignProblem {
  kind:
    /** Fewer eligible judges than reviews needed (after unit/sector rules, declarations, capacity 0). */
    | 'too_few_judges'
    /** Enough judges each, but their capacities together cannot cover these ideas' reviews. */
    | 'capacity'
    /** A kept pair breaks a conflict rule or a declaration, or an idea has more kept pairs than R. */
    | 'invalid_keep'
    /** Input error: duplicate ids, unknown ids in keep/declarations, bad reviewsPerIdea. */
    | 'invalid_input';
  ideaIds: number[];
  /** Reviews needed by these ideas (per idea for too_few_judges, in total for capacity). */
  needed: number;
  /** Eligible judges (too_few_judges) or total free capacity of the eligible judges (capacity). */
  available: number;
  /** How many judges each rule took away (too_few_judges only). */
  excluded?: { sameUnit: number; sameSector: number; declared: number; noCapacity: number };
  /** Complete zh-CN sentence for the admin, e.g. 《…》需要 3 名评委，但…只有 2 名. */
  message: string;
  /** The same sentence in English (en-US), e.g. "…" needs 3 judges but only 2 can review it. */
  messageEn: string;
}

/** How balanced the loads are, stated exactly (see README “Balance”). */
export interface LoadBalance {
  /** Judges that can take work: capacity > 0 and at least one idea they may review. */
  workingJudges: number;
  minLoad: number;
  maxLoad: number;
  /** maxLoad − minLoad ≤ 1 over the working judges. */
  withinOne: boolean;
  /**
   * Always true for a result of assignReviews: no review can be moved (directly or by a chain of
   * moves) from a judge with load ≥ k + 2 to a judge with load k — the load vector is decreasingly
   * minimal (Frank & Murota): the largest load is as small as any valid assignment allows, then the
   * next, and so on; equivalently the sum of squared loads is minimal.
   */
  decreasinglyMinimal: boolean;
  /** zh-CN: when not withinOne, which judges are held low or high and by what rule. */
  explanation: string | null;
}

export interface AssignStats {
  reviews: number;
  /** Reviews given to a judge who declared expertise in the idea's topic. */
  expertReviews: number;
  /** Ideas with a topic for which at least one eligible judge has expertise, and those that got one. */
  ideasWithExpertAvailable: number;
  ideasWithExpert: number;
  millis: number;
}

export type AssignResult =
  | {
      ok: true;
      /** New pairs only (kept pairs are not repeated), sorted by ideaId then judgeId. */
      assignments: ReviewPair[];
      /** Load per judge id (kept + new), every judge of the input listed. */
      loads: Map<number, number>;
      balance: LoadBalance;
      stats: AssignStats;
    }
  | {
      ok: false;
      problems: AssignProblem[];
      /** One zh-CN paragraph summarising the problems (first few ideas named). */
      message: string;
      /** The same paragraph in English. */
      messageEn: string;
    };

/** assignReviews(input): every idea exactly R distinct eligible judges, balanced loads, experts preferred. */
export type AssignReviews = (input: AssignInput) => AssignResult;

/** Reassignment after a judge declares a conflict on one idea (or an admin removes a pair). */
export interface ReassignInput {
  ideas: readonly AssignIdea[];
  judges: readonly AssignJudge[];
  reviewsPerIdea?: number;
  excludeSameSector: boolean;
  /** Including the new declaration. */
  declaredConflicts: readonly DeclaredConflict[];
  /** The round's current pairs; `locked` ones (scoring started or submitted) are never moved. */
  current: readonly (ReviewPair & { locked?: boolean })[];
  /** The pair to remove (the declaring judge and the idea). */
  remove: ReviewPair;
  seed: number | string;
}

export type ReassignResult =
  | {
      ok: true;
      /** Pairs to delete (the removed one first) and to insert: the fewest changes that keep the balance. */
      removed: ReviewPair[];
      added: ReviewPair[];
      loads: Map<number, number>;
      balance: LoadBalance;
      /** zh-CN one sentence, e.g. 《…》改由 王老师 评审. */
      message: string;
    }
  | { ok: false; problems: AssignProblem[]; message: string; messageEn: string };

export type ReassignReview = (input: ReassignInput) => ReassignResult;

// ───────────────────────────── Rubric and score sheets (评分) ─────────────────────────────

export interface Criterion {
  /** Stable key stored with the scores, e.g. 'innovation'. */
  key: string;
  /** zh-CN name shown to judges, e.g. 创新性. */
  name: string;
  /** Maximum points (> 0); scores range over [0, maxPoints]. */
  maxPoints: number;
  /** Relative weight (> 0) in the total. */
  weight: number;
  /** Scores must be multiples of this step (default 0.5). */
  step?: number;
}

export interface Rubric {
  criteria: readonly Criterion[];
}

/** Per-criterion scores of one sheet, by criterion key. */
export type CriterionScores = Readonly<Record<string, number>>;

export interface FieldError {
  /** Criterion key (or '' for the whole rubric). */
  field: string;
  message: string;
}

/** validateRubric: keys unique and non-empty, names non-empty, maxPoints and weights > 0, step > 0. */
export type ValidateRubric = (rubric: Rubric) => FieldError[];
/** validateScores: every criterion present, finite, in [0, max], a multiple of its step; no unknown keys. */
export type ValidateScores = (rubric: Rubric, scores: CriterionScores, opts?: { partial?: boolean }) => FieldError[];
/** weightedTotal: 100 × Σ wᵢ·sᵢ / Σ wᵢ·maxᵢ — a 0–100 total whatever the rubric's points. */
export type WeightedTotal = (rubric: Rubric, scores: CriterionScores) => number;

// ───────────────────────────── Aggregation (汇总) ─────────────────────────────

/** A submitted score sheet (drafts are not aggregated). */
export interface ScoreSheet {
  ideaId: number;
  judgeId: number;
  scores: CriterionScores;
}

/** What ranking needs to know of an idea besides its sheets. */
export interface RankedIdeaInfo {
  id: number;
  topic: string | null;
  sectorId: number;
  /** When the bureau received it (ISO 8601); earlier wins the last-but-one tie-break. */
  receivedAt: string;
}

export type ScoreMode = 'raw' | 'normalized';

export interface AggregateOptions {
  mode: ScoreMode;
  /** Reviews each idea should have (marks ideas with fewer sheets as incomplete); default 3. */
  expectedReviews?: number;
  /** Flag for a second look when the spread (max − min of the idea's sheet values) reaches this; default 20. */
  flagSpread?: number;
}

/** Per-judge normalisation facts (who could not be standardised and why). */
export interface JudgeScale {
  judgeId: number;
  sheets: number;
  mean: number;
  /** Population standard deviation of the judge's raw totals. */
  sd: number;
  /** 'single': one sheet; 'constant': all totals equal — their z-scores are 0 (no preference shown). */
  status: 'ok' | 'single' | 'constant';
}

export interface IdeaScore {
  ideaId: number;
  sheets: number;
  complete: boolean;
  /** Mean of the raw weighted totals (0–100). */
  rawMean: number;
  /** Mean z-score of its sheets (normalized mode; 0 in raw mode). */
  zMean: number;
  /** The value ranked on: rawMean, or the round's rescaled mean z (see README “Normalisation”). */
  score: number;
  /** Median of the per-sheet values in the chosen mode (first tie-break). */
  median: number;
  /** Max − min of the per-sheet values in the chosen mode. */
  spread: number;
  flagged: boolean;
  /** Per-sheet values in the chosen mode, by judge id (for “who scored what”). */
  perJudge: { judgeId: number; raw: number; value: number }[];
}

export interface Reliability {
  /** 'icc1': one-way random effects ICC(1) (Shrout & Fleiss 1979), for the incomplete design. */
  method: 'icc1';
  /** ICC(1): reliability of a single judge's score; null when it cannot be computed. */
  single: number | null;
  /** ICC(1,k): reliability of the mean of k judges (k = the average sheets per idea). */
  average: number | null;
  k: number;
  ideas: number;
  sheets: number;
  /** zh-CN plain explanation of what the value means (and why none when null). */
  explanation: string;
}

export interface Ranked {
  ideaId: number;
  rank: number;
  score: number;
  /** Which rule separated it from the idea ranked just above (null for the first). */
  decidedBy: 'score' | 'median' | 'sheets' | 'receivedAt' | 'id' | null;
}

export interface RoundResult {
  mode: ScoreMode;
  ideas: IdeaScore[];
  judges: JudgeScale[];
  reliability: Reliability;
  overall: Ranked[];
  byTopic: Map<string, Ranked[]>;
  bySector: Map<number, Ranked[]>;
  /** Rescaling constants used in normalized mode: score = mean + sd × zMean (raw totals of the round). */
  scale: { mean: number; sd: number } | null;
}

/**
 * aggregateRound: totals, optional per-judge normalisation, spread and flags, ICC(1), rankings overall,
 * per topic (ideas without topic under '') and per sector. Throws on sheets failing validateScores or
 * naming an idea not in `ideas`.
 */
export type AggregateRound = (rubric: Rubric, ideas: readonly RankedIdeaInfo[], sheets: readonly ScoreSheet[], opts: AggregateOptions) => RoundResult;

/** icc1: ICC(1) and ICC(1,k) from groups of ratings (one group per idea; groups may differ in size). */
export type Icc1 = (groups: readonly (readonly number[])[]) => Reliability;

// ───────────────────────────── Awards (奖项) ─────────────────────────────

export type AwardTier = 'first' | 'second' | 'third' | 'excellence';
/** zh-CN labels: 一等奖, 二等奖, 三等奖, 优秀奖. */
export const AWARD_TIERS: readonly AwardTier[] = ['first', 'second', 'third', 'excellence'];

export type TierSpec =
  /** Exactly this many ideas per tier, down the ranking (fewer if the ranking runs out). */
  | { by: 'count'; counts: Partial<Record<AwardTier, number>> }
  /** Shares of the ranked ideas (0–1, summing ≤ 1); cumulative counts rounded half up. */
  | { by: 'share'; shares: Partial<Record<AwardTier, number>> };

export interface AwardAdjustment {
  ideaId: number;
  /** The tier by hand; null: no award. */
  tier: AwardTier | null;
  /** Required, recorded with the decision. */
  reason: string;
}

export interface AwardDecision {
  ideaId: number;
  rank: number;
  computed: AwardTier | null;
  final: AwardTier | null;
  /** The adjustment's reason when adjusted by hand. */
  reason: string | null;
}

export type AwardsResult = { ok: true; decisions: AwardDecision[] } | { ok: false; errors: FieldError[] };

/** assignAwards: tiers down the overall ranking by count or share, then hand adjustments applied. */
export type AssignAwards = (ranking: readonly Ranked[], spec: TierSpec, adjustments?: readonly AwardAdjustment[]) => AwardsResult;
