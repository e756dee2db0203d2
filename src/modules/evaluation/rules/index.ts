// The pure rules of 评比, for the evaluation service (see README.md).
export { assignReviews, ruleAllows, DEFAULT_REVIEWS_PER_IDEA } from './assign.ts';
export { reassignReview } from './reassign.ts';
export { DEFAULT_RUBRIC, validateRubric, validateScores, weightedTotal } from './rubric.ts';
export { aggregateRound, compareIdeas, rankIdeas, DEFAULT_FLAG_SPREAD } from './aggregate.ts';
export { icc1 } from './reliability.ts';
export { assignAwards, AWARD_LABELS } from './awards.ts';
export * from './types.ts';
