// Request and response shapes of campaigns (zod; shared with the web through the OpenAPI document).
import { z } from 'zod';

/** An instant with its offset (the web sends Asia/Shanghai times as +08:00); stored as UTC ISO. */
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const PhaseIn = z.strictObject({ name: z.string().trim().min(1).max(100), startsAt: Instant, endsAt: Instant }).refine((p) => p.startsAt < p.endsAt, { message: '阶段的结束时间应晚于开始时间 / a phase must end after it starts' });
export const DeadlineIn = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** 'ideas' closes the golden-idea collection; 'archive' is the discussion records' deadline. */
  kind: z.enum(['ideas', 'archive', 'other']),
  dueAt: Instant,
});

export const CampaignBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    theme: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5000),
    /** Discussion topics (the notice's six by default). */
    topics: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
    phases: z.array(PhaseIn).max(12),
    deadlines: z.array(DeadlineIn).max(20),
    /** Ideas per unit: at least / at most. */
    ideasMin: z.number().int().min(1).max(50),
    ideasMax: z.number().int().min(1).max(50),
    /** Minimum 字数 of the suggestion text. */
    minChars: z.number().int().min(0).max(20000),
    authorship: z.enum(['both', 'collective', 'individual']),
    /** Heading of the printed 征集表. */
    formTitle: z.string().trim().min(1).max(200),
  })
  .refine((c) => c.ideasMin <= c.ideasMax, { message: '每单位最少报送数不能大于最多报送数 / the minimum per unit cannot exceed the maximum', path: ['ideasMin'] })
  .refine((c) => new Set(c.topics).size === c.topics.length, { message: '讨论主题不能重复 / topics must be distinct', path: ['topics'] })
  .refine((c) => c.deadlines.filter((d) => d.kind === 'ideas').length <= 1, { message: '金点子报送截止时间只能有一个 / only one ideas deadline', path: ['deadlines'] });

export const TemplateBody = z.strictObject({ template: z.enum(['xianju-2017']), year: z.number().int().min(2000).max(2100) });

export const Phase = z.object({ name: z.string(), startsAt: z.string(), endsAt: z.string() });
export const Deadline = z.object({ name: z.string(), kind: z.string(), dueAt: z.string() });
export const CampaignOut = z.object({
  id: z.number().int(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  topics: z.array(z.string()),
  phases: z.array(Phase),
  deadlines: z.array(Deadline),
  ideasMin: z.number().int(),
  ideasMax: z.number().int(),
  minChars: z.number().int(),
  authorship: z.string(),
  formTitle: z.string(),
  /** The golden-idea deadline (ISO UTC) or null. */
  ideasDueAt: z.string().nullable(),
  currentPhase: Phase.nullable(),
  nextDeadline: Deadline.nullable(),
  serverTime: z.string(),
});

export const ExtensionBody = z.strictObject({
  unitId: z.number().int().positive().max(2_147_483_647),
  until: Instant,
  reason: z.string().trim().min(2).max(500),
});
export const ExtensionOut = z.object({ id: z.number().int(), unitId: z.number().int(), unitName: z.string(), until: z.string(), reason: z.string(), grantedAt: z.string(), grantedBy: z.string() });
