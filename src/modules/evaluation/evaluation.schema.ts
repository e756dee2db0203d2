// Requests and responses of evaluation (评比). Requests are strict (unknown fields refused). The
// judge's shapes (MyAssignment*, MyRoundOut, BlindAttachmentOut) have no field for a sector or phone,
// and the unit and authors only when the round is not blind: a judge's answer cannot carry more,
// whatever the service loads (the serializer drops unknown fields).
import { z } from 'zod';
import { Id, IdParam } from '../../shared/ids.ts';

/** Control characters (NUL above all: PostgreSQL refuses it in text) are refused, line breaks and tabs kept. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const noControl = <T extends z.ZodString>(t: T) => t.refine((v) => !CONTROL.test(v), { message: '不能含有控制字符 / control characters are not allowed' });
const trimmed = (min: number, max: number) => noControl(z.string().trim().min(min).max(max));
const Topic = trimmed(1, 100);
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const Params = z.strictObject({ id: IdParam });

// ---- judges ----

const Mobile = z.string().trim().regex(/^1[3-9]\d{9}$/, { message: '手机号格式不正确 / invalid mobile number' });

export const JudgeProfileIn = z.strictObject({
  /** The judge's sector when not their unit's (e.g. a bureau expert without a school). */
  sectorId: Id.nullable().optional(),
  /** Topics (选题方向) the judge knows best: preferred when assigning, never required. */
  expertise: z.array(Topic).max(20).optional(),
  /** At most this many reviews per round (null: no limit). */
  capacity: z.number().int().min(0).max(100000).nullable().optional(),
});

export const JudgeCreateIn = JudgeProfileIn.extend({
  username: z.string().trim().normalize('NFKC').regex(/^[A-Za-z0-9._-]{3,32}$/),
  name: trimmed(1, 50),
  mobile: Mobile.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  /** The judge's own unit: ideas of that unit are never assigned to them. */
  unitId: Id.nullable().optional(),
}).strict();

export const JudgeOut = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  active: z.boolean(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  sectorId: z.number().int().nullable(),
  sectorName: z.string().nullable(),
  expertise: z.array(z.string()),
  capacity: z.number().int().nullable(),
  hasProfile: z.boolean(),
});

// ---- rounds ----

export const CriterionIn = z.strictObject({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/),
  name: trimmed(1, 40),
  maxPoints: z.number().positive().max(1000),
  weight: z.number().positive().max(1000),
  step: z.number().positive().max(1000).optional(),
});

const RoundFields = {
  title: trimmed(2, 200),
  /** Only ideas of these topics (empty: all). */
  topics: z.array(Topic).max(50).default([]),
  /** Only ideas of units in these sectors (empty: all). */
  sectorIds: z.array(Id).max(50).default([]),
  /** Criteria with maximum points and weights (default: 创新性, 针对性, 可行性, 实效性, 文字表达). */
  rubric: z.array(CriterionIn).min(1).max(20).optional(),
  reviewsPerIdea: z.number().int().min(1).max(20).default(3),
  deadline: Instant.nullable().optional(),
  /** Blind reading (on by default). */
  blind: z.boolean().default(true),
  /** No judge of the idea's own sector (同板块回避). */
  excludeSameSector: z.boolean().default(false),
  /** Spread (0–100) from which an idea is flagged for a second look. */
  flagSpread: z.number().min(0).max(100).optional(),
  judgeIds: z.array(Id).max(5000).default([]),
};

export const RoundCreateIn = z.strictObject({ campaignId: Id.optional(), ...RoundFields });
export const RoundUpdateIn = z.strictObject({
  title: RoundFields.title.optional(),
  topics: z.array(Topic).max(50).optional(),
  sectorIds: z.array(Id).max(50).optional(),
  rubric: RoundFields.rubric,
  reviewsPerIdea: z.number().int().min(1).max(20).optional(),
  deadline: RoundFields.deadline,
  blind: z.boolean().optional(),
  excludeSameSector: z.boolean().optional(),
  flagSpread: RoundFields.flagSpread,
  judgeIds: z.array(Id).max(5000).optional(),
});

export const CriterionOut = z.object({ key: z.string(), name: z.string(), maxPoints: z.number(), weight: z.number(), step: z.number() });
export const RoundStatusOut = z.enum(['draft', 'open', 'closed']);

export const RoundOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  title: z.string(),
  status: RoundStatusOut,
  topics: z.array(z.string()),
  sectorIds: z.array(z.number().int()),
  rubric: z.array(CriterionOut),
  reviewsPerIdea: z.number().int(),
  deadline: z.string().nullable(),
  blind: z.boolean(),
  excludeSameSector: z.boolean(),
  flagSpread: z.number(),
  judgeIds: z.array(z.number().int()),
  assignedAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const RoundListQuery = z.strictObject({ campaignId: IdParam.optional() });

export const AssignOut = z.object({
  round: RoundOut,
  ideas: z.number().int(),
  judges: z.number().int(),
  reviews: z.number().int(),
  loads: z.array(z.object({ judgeId: z.number().int(), load: z.number().int() })),
  balance: z.object({ workingJudges: z.number().int(), minLoad: z.number().int(), maxLoad: z.number().int(), withinOne: z.boolean(), decreasinglyMinimal: z.boolean(), explanation: z.string().nullable() }),
  stats: z.object({ reviews: z.number().int(), expertReviews: z.number().int(), ideasWithExpertAvailable: z.number().int(), ideasWithExpert: z.number().int(), millis: z.number() }),
});

// ---- assignments (the bureau's view) ----

export const SheetStatusOut = z.enum(['assigned', 'draft', 'submitted']);

export const AssignmentOut = z.object({
  id: z.number().int(),
  ideaId: z.number().int(),
  code: z.string(),
  title: z.string(),
  unitName: z.string(),
  judgeId: z.number().int(),
  judgeName: z.string(),
  source: z.enum(['auto', 'manual', 'reassigned']),
  status: SheetStatusOut,
  total: z.number().nullable(),
  savedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

export const AssignmentAddIn = z.strictObject({ ideaId: Id, judgeId: Id });
export const AssignmentReplaceIn = z.strictObject({ judgeId: Id });

export const ConflictOut = z.object({
  id: z.number().int(),
  ideaId: z.number().int(),
  code: z.string(),
  judgeId: z.number().int(),
  judgeName: z.string(),
  reason: z.string(),
  declaredAt: z.string(),
  outcome: z.string().nullable(),
});

export const ProgressOut = z.object({
  roundId: z.number().int(),
  status: RoundStatusOut,
  deadline: z.string().nullable(),
  totals: z.object({ ideas: z.number().int(), reviews: z.number().int(), submitted: z.number().int(), draft: z.number().int() }),
  judges: z.array(
    z.object({
      judgeId: z.number().int(),
      name: z.string(),
      assigned: z.number().int(),
      draft: z.number().int(),
      submitted: z.number().int(),
      notStarted: z.number().int(),
      done: z.boolean(),
      lastRemindedAt: z.string().nullable(),
      reminders: z.number().int(),
    }),
  ),
  shortIdeas: z.array(z.object({ ideaId: z.number().int(), code: z.string(), title: z.string(), reviews: z.number().int() })),
});

export const RemindIn = z.strictObject({
  /** Judges to remind (default: every judge of the round with unsubmitted sheets). */
  judgeIds: z.array(Id).max(5000).optional(),
  message: z.string().trim().min(2).max(500).optional(),
});

export const DisqualifyIn = z.strictObject({ ideaId: Id, reason: trimmed(2, 1000) });

// ---- results ----

export const ResultsQuery = z.strictObject({ mode: z.enum(['raw', 'normalized']).default('raw') });

const RankedOut = z.object({ ideaId: z.number().int(), rank: z.number().int(), score: z.number(), decidedBy: z.enum(['score', 'median', 'sheets', 'receivedAt', 'id']).nullable() });

export const ResultsOut = z.object({
  roundId: z.number().int(),
  mode: z.enum(['raw', 'normalized']),
  ideas: z.array(
    z.object({
      ideaId: z.number().int(),
      code: z.string(),
      title: z.string(),
      unitName: z.string(),
      topic: z.string(),
      sectorId: z.number().int(),
      sectorName: z.string(),
      sheets: z.number().int(),
      complete: z.boolean(),
      rawMean: z.number(),
      zMean: z.number(),
      score: z.number(),
      median: z.number(),
      spread: z.number(),
      flagged: z.boolean(),
      /** Disqualified since (取消资格): out of the awards' ranking; its scores stay on the record. */
      disqualification: z.object({ reason: z.string(), decidedAt: z.string() }).nullable(),
      perJudge: z.array(z.object({ judgeId: z.number().int(), judgeName: z.string(), raw: z.number(), value: z.number() })),
    }),
  ),
  judges: z.array(z.object({ judgeId: z.number().int(), judgeName: z.string(), sheets: z.number().int(), mean: z.number(), sd: z.number(), status: z.enum(['ok', 'single', 'constant']) })),
  reliability: z.object({ method: z.literal('icc1'), single: z.number().nullable(), average: z.number().nullable(), k: z.number(), ideas: z.number().int(), sheets: z.number().int(), explanation: z.string() }),
  overall: z.array(RankedOut),
  byTopic: z.array(z.object({ topic: z.string(), ranking: z.array(RankedOut) })),
  bySector: z.array(z.object({ sectorId: z.number().int(), sectorName: z.string(), ranking: z.array(RankedOut) })),
  scale: z.object({ mean: z.number(), sd: z.number() }).nullable(),
  tieBreak: z.string(),
});

// ---- the judge's side (never a unit, author, sector or phone) ----

export const MyAssignmentOut = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  /** The idea's anonymous code in the round (评审编号). */
  code: z.string(),
  title: z.string(),
  topic: z.string(),
  status: SheetStatusOut,
  total: z.number().nullable(),
  savedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

export const MyRoundOut = z.object({
  id: z.number().int(),
  title: z.string(),
  status: RoundStatusOut,
  deadline: z.string().nullable(),
  blind: z.boolean(),
  rubric: z.array(CriterionOut),
  progress: z.object({ assigned: z.number().int(), draft: z.number().int(), submitted: z.number().int() }),
});

export const MyListOut = z.object({
  rounds: z.array(MyRoundOut),
  items: z.array(MyAssignmentOut),
  reminders: z.array(z.object({ id: z.number().int(), roundId: z.number().int(), message: z.string(), createdAt: z.string() })),
});

export const BlindAttachmentOut = z.object({
  /** Position (1-based): GET /api/evaluation/my/:id/image?n=… serves an image attachment. */
  n: z.number().int(),
  /** 附件1, 附件2 … (the uploaded file name is never shown: it may carry a name). */
  label: z.string(),
  kind: z.enum(['image', 'pdf', 'docx', 'doc']),
  /** Text the platform extracted and masked (Word and PDF files); null for images or when none. */
  text: z.string().nullable(),
});

export const MyAssignmentDetailOut = MyAssignmentOut.extend({
  round: MyRoundOut.omit({ progress: true }),
  blind: z.boolean(),
  /** Masked when the round reads blind (names of units and people, phones, e-mail replaced). */
  body: z.string(),
  charCount: z.number().int(),
  /** Only when the round is not blind: the unit's name and the authors (never a phone). */
  unitName: z.string().nullable(),
  authors: z.array(z.string()).nullable(),
  attachments: z.array(BlindAttachmentOut),
  /** The originality check's overall figure (share 0–1) and colour — nothing else of the report. */
  originality: z.object({ similarity: z.number(), level: z.enum(['red', 'orange', 'ok']) }).nullable(),
  scores: z.record(z.string(), z.number()),
  comment: z.string().nullable(),
  canEdit: z.boolean(),
});

export const SheetIn = z.strictObject({
  scores: z.record(z.string().max(40).regex(/^[a-z][a-z0-9_]*$/, { message: '评分项代码不正确 / invalid criterion key' }), z.number()).refine((r) => Object.keys(r).length <= 20, { message: '评分项过多 / too many criteria' }),
  comment: noControl(z.string().trim().max(2000)).nullable().optional(),
});

export const ImageQuery = z.strictObject({ n: z.coerce.number().int().min(1).max(100) });

export const ConflictIn = z.strictObject({ reason: trimmed(2, 500) });
export const ConflictResultOut = z.object({ replaced: z.boolean(), message: z.string() });
