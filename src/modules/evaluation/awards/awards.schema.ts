// Requests and responses of the awards (评比结果). Requests are strict (unknown fields refused).
// What units receive (NoticeOut, UnitResultOut) has no field for authors' phones or for scores
// of other units' ideas beyond rank and tier.
import { z } from 'zod';
import { Id, IdParam } from '../../../shared/ids.ts';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, { message: `至少 ${min} 个字 / at least ${min} characters` })
    .max(max, { message: `最多 ${max} 个字 / at most ${max} characters` })
    .refine((v) => !CONTROL.test(v), { message: '不能含有控制字符 / control characters are not allowed' });
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const Tier = z.enum(['first', 'second', 'third', 'excellence']);
const Count = z.number().int().min(0).max(100000);
const Share = z.number().min(0).max(1);

export const Params = z.strictObject({ id: IdParam });

export const ProposeIn = z.strictObject({
  /** The scores the ranking compares: raw weighted totals or per-judge normalised ones. */
  mode: z.enum(['raw', 'normalized']).default('normalized'),
  /** Tiers by count (名额) or by share (比例, 0–1 of the ranked ideas). */
  by: z.enum(['count', 'share']),
  counts: z.strictObject({ first: Count.optional(), second: Count.optional(), third: Count.optional(), excellence: Count.optional() }).optional(),
  shares: z.strictObject({ first: Share.optional(), second: Share.optional(), third: Share.optional(), excellence: Share.optional() }).optional(),
  /** Hand adjustments made with the proposal, each with its reason. */
  adjustments: z.array(z.strictObject({ ideaId: Id, tier: Tier.nullable(), reason: text(2, 500) })).max(10000).optional(),
  /** Who issues the certificates (颁发单位), e.g. 仙居县教育局. */
  issuer: text(2, 100).optional(),
}).superRefine((v, ctx) => {
  if (v.by === 'count' && !v.counts) ctx.addIssue({ code: 'custom', path: ['counts'], message: '按名额评定时须填写各奖项名额 / counts are required with by=count' });
  if (v.by === 'share' && !v.shares) ctx.addIssue({ code: 'custom', path: ['shares'], message: '按比例评定时须填写各奖项比例 / shares are required with by=share' });
  if (v.by === 'count' && v.shares) ctx.addIssue({ code: 'custom', path: ['shares'], message: '按名额评定时不能填写比例 / shares are not used with by=count' });
  if (v.by === 'share' && v.counts) ctx.addIssue({ code: 'custom', path: ['counts'], message: '按比例评定时不能填写名额 / counts are not used with by=share' });
});

export const AdjustIn = z.strictObject({ ideaId: Id, tier: Tier.nullable(), reason: text(2, 500) });
export const AnnounceIn = z.strictObject({ endsAt: Instant.nullable().optional() });
export const PublicIn = z.strictObject({ public: z.boolean() });
export const ExcellentIn = z.strictObject({ ideaId: Id, excellent: z.boolean() });
export const ObjectionIn = z.strictObject({ ideaId: Id, reason: text(5, 1000) });
export const AnswerIn = z.strictObject({ outcome: z.enum(['upheld', 'rejected']), reply: text(2, 1000) });
export const CertificatesQuery = z.strictObject({ ideaId: IdParam.optional() });

const TierOut = Tier.nullable();

export const ObjectionOut = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  ideaId: z.number().int(),
  title: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  filedAt: z.string(),
  reason: z.string(),
  status: z.enum(['open', 'upheld', 'rejected']),
  reply: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

const AwardsRoundOut = z.object({
  roundId: z.number().int(),
  roundTitle: z.string(),
  status: z.enum(['proposed', 'announced', 'final']),
  mode: z.enum(['raw', 'normalized']),
  spec: z.unknown(),
  issuer: z.string(),
  proposedAt: z.string(),
  announcedAt: z.string().nullable(),
  noticeEndsAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  public: z.boolean(),
});

export const AwardItemOut = z.object({
  ideaId: z.number().int(),
  rank: z.number().int(),
  computedTier: TierOut,
  tier: TierOut,
  tierLabel: z.string(),
  reason: z.string().nullable(),
  title: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  sectorName: z.string(),
  topic: z.string(),
  authors: z.array(z.string()),
  rawScore: z.number(),
  normalizedScore: z.number().nullable(),
  sheets: z.number().int(),
  spread: z.number(),
  flagged: z.boolean(),
  excellent: z.boolean(),
});

export const AwardsOut = AwardsRoundOut.extend({ items: z.array(AwardItemOut), objections: z.array(ObjectionOut) });

export const ProposeOut = AwardsOut.extend({ excluded: z.array(z.number().int()) });

/** The 公示 as units see it: rank, tier, title and unit of every idea; their own objections. */
export const NoticeOut = z.object({
  items: z.array(
    z.object({
      roundId: z.number().int(),
      roundTitle: z.string(),
      status: z.enum(['announced', 'final']),
      announcedAt: z.string().nullable(),
      noticeEndsAt: z.string().nullable(),
      open: z.boolean(),
      results: z.array(z.object({ ideaId: z.number().int(), rank: z.number().int(), tier: TierOut, tierLabel: z.string(), title: z.string(), unitName: z.string(), topic: z.string() })),
      objections: z.array(ObjectionOut),
    }),
  ),
});

export const UnitResultOut = z.object({
  items: z.array(
    z.object({
      roundId: z.number().int(),
      roundTitle: z.string(),
      finalizedAt: z.string().nullable(),
      public: z.boolean(),
      ideaId: z.number().int(),
      title: z.string(),
      tier: TierOut,
      tierLabel: z.string(),
      rank: z.number().int(),
      ranked: z.number().int(),
      excellent: z.boolean(),
    }),
  ),
});
