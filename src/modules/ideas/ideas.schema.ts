// Request and response shapes of golden ideas and batches. Bodies are strict (row 14): unit, status,
// receipt and sealing fields are never settable by a client.
import { z } from 'zod';
import { Id, IdParam } from '../../shared/ids.ts';
import { IDEA_STATUSES } from './ideas.states.ts';
import { AttachmentOut } from './attachments/attachments.schema.ts';

const Text = (max: number) => z.string().max(max);

/** The form's fields (all optional while drafting; completeness is checked on send). */
export const ContentIn = z.strictObject({
  contactName: Text(50).optional(),
  /** Mainland mobile or landline with area code (checked on send). */
  contactPhone: Text(30).optional(),
  authorship: z.enum(['collective', 'individual']).optional(),
  /** Named individuals (authorship individual). */
  authors: z.array(Text(50)).max(20).optional(),
  topic: Text(100).optional(),
  title: Text(200).optional(),
  /** The suggestion text; paragraphs separated by line breaks. */
  body: Text(60000).optional(),
  /** The originality pledge (原创承诺). */
  pledge: z.boolean().optional(),
});

export const CreateIn = ContentIn.extend({
  /** Chosen by the client so that a retried create makes one draft. */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
}).strict();

export const UpdateIn = ContentIn.extend({ version: z.number().int().positive() }).strict();

export const CommentIn = z.strictObject({ comment: z.string().trim().min(2).max(1000) });
export const OptionalCommentIn = z.strictObject({ comment: z.string().trim().max(1000).optional() });
export const ReasonIn = z.strictObject({ reason: z.string().trim().min(2).max(1000) });
export const SealIn = z.strictObject({ ideaIds: z.array(Id).min(1).max(50) });

export const Params = z.strictObject({ id: IdParam });

const boolQ = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ListQuery = z.strictObject({
  campaignId: IdParam.optional(),
  sectorId: IdParam.optional(),
  unitId: IdParam.optional(),
  unitType: z.string().max(20).optional(),
  topic: z.string().max(100).optional(),
  /** One status or several, comma-separated. */
  status: z
    .string()
    .max(200)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(IDEA_STATUSES)))
    .optional(),
  authorship: z.enum(['collective', 'individual']).optional(),
  minChars: z.coerce.number().int().min(0).max(100000).optional(),
  maxChars: z.coerce.number().int().min(0).max(100000).optional(),
  late: boolQ.optional(),
  imported: boolQ.optional(),
  /** Only my own ideas (a unit admin's "我的金点子"). */
  mine: boolQ.optional(),
  /** Substring search in titles and texts. */
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const Unit = z.object({ id: z.number().int(), code: z.string(), name: z.string(), type: z.string(), sectorId: z.number().int(), sectorName: z.string() });

export const IdeaSummaryOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  unit: Unit,
  authorId: z.number().int(),
  authorName: z.string(),
  status: z.enum(IDEA_STATUSES),
  contactName: z.string(),
  /** Full for the author and the unit's admin; masked (138****5678) for everyone else (row 34). */
  contactPhone: z.string(),
  phoneMasked: z.boolean(),
  authorship: z.string(),
  authors: z.array(z.string()),
  topic: z.string(),
  title: z.string(),
  charCount: z.number().int(),
  pledge: z.boolean(),
  version: z.number().int(),
  receiptNo: z.string().nullable(),
  batchId: z.number().int().nullable(),
  imported: z.boolean(),
  late: z.boolean(),
  lastComment: z.string().nullable(),
  sentAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const EventOut = z.object({ id: z.number().int(), at: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), comment: z.string().nullable(), actorName: z.string().nullable() });

export const IdeaOut = IdeaSummaryOut.extend({
  body: z.string(),
  history: z.array(EventOut),
  /** What the viewer may do now (the server still checks each call). */
  can: z.object({ edit: z.boolean(), delete: z.boolean(), send: z.boolean(), approve: z.boolean(), return: z.boolean(), bureauReturn: z.boolean(), revealPhone: z.boolean() }),
  /** Extra pages (filled in by ideaDto from attachments/). */
  attachments: z.array(AttachmentOut).optional(),
});

export const IdeaListOut = z.object({ items: z.array(IdeaSummaryOut), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const BatchOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  unitCode: z.string(),
  seq: z.number().int(),
  receiptNo: z.string(),
  status: z.enum(['submitted', 'received', 'returned']),
  digest: z.string(),
  ideaCount: z.number().int(),
  late: z.boolean(),
  sealedAt: z.string(),
  sealedBy: z.string(),
  decidedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});
export const BatchDetailOut = BatchOut.extend({
  ideas: z.array(z.object({ id: z.number().int(), title: z.string(), status: z.enum(IDEA_STATUSES), receiptNo: z.string().nullable(), charCount: z.number().int(), topic: z.string(), digest: z.string(), inBatch: z.boolean() })),
});

export const UnitCountOut = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  sectorId: z.number().int(),
  sectorName: z.string(),
  submitted: z.number().int(),
  received: z.number().int(),
  inReview: z.number().int(),
  returned: z.number().int(),
  /** 'none' (0), 'below' (under the minimum), 'ok' (within the quota). */
  standing: z.enum(['none', 'below', 'ok']),
});
export const SummaryOut = z.object({
  campaignId: z.number().int(),
  ideasMin: z.number().int(),
  ideasMax: z.number().int(),
  units: z.array(UnitCountOut),
  sectors: z.array(z.object({ sectorId: z.number().int(), sectorName: z.string(), units: z.number().int(), none: z.number().int(), below: z.number().int(), ok: z.number().int(), submitted: z.number().int() })),
  totals: z.object({ units: z.number().int(), none: z.number().int(), below: z.number().int(), ok: z.number().int(), submitted: z.number().int(), received: z.number().int() }),
});

export const TodoOut = z.object({
  campaignId: z.number().int().nullable(),
  ideasDueAt: z.string().nullable(),
  /** The unit's extension, if any (for members and unit admins). */
  extensionUntil: z.string().nullable(),
  items: z.array(z.object({ key: z.string(), count: z.number().int(), zh: z.string(), en: z.string(), link: z.string() })),
});
