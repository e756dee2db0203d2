// What each viewer sees of a golden idea: the phone in full only for its author and its unit's admin
// (row 34), and the moves the viewer may make now.
import type { z } from 'zod';
import { hasRole, seesIdeaPhone, type Actor } from '../../platform/policy/policy.ts';
import { checkMove, type IdeaStatus } from './ideas.states.ts';
import { maskPhone } from './ideas.rules.ts';
import { standingOf } from './ideas.service.ts';
import type { BatchOut, EventOut, IdeaOut, IdeaSummaryOut } from './ideas.schema.ts';
import type * as repo from './ideas.repository.ts';

type SummaryRow = Awaited<ReturnType<typeof repo.listIdeas>>['rows'][number];
type DetailRow = NonNullable<Awaited<ReturnType<typeof repo.findIdea>>>;
type EventRow = Awaited<ReturnType<typeof repo.eventsOf>>[number];
type BatchRow = NonNullable<Awaited<ReturnType<typeof repo.findBatch>>>;

export function presentIdeaSummary(r: SummaryRow, viewer: Actor): z.infer<typeof IdeaSummaryOut> {
  const full = seesIdeaPhone(viewer, r);
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name, type: r.unit_type, sectorId: r.sector_id, sectorName: r.sector_name },
    authorId: r.created_by,
    authorName: r.author_name,
    status: r.status as IdeaStatus,
    contactName: r.contact_name,
    contactPhone: full ? r.contact_phone : maskPhone(r.contact_phone),
    phoneMasked: !full && r.contact_phone !== '',
    authorship: r.authorship,
    authors: JSON.parse(r.authors_json) as string[],
    topic: r.topic,
    title: r.title,
    charCount: r.char_count,
    pledge: r.pledge === 1,
    version: r.version,
    receiptNo: r.receipt_no,
    batchId: r.batch_id,
    imported: r.imported === 1,
    late: r.late === 1,
    lastComment: r.last_comment,
    sentAt: r.sent_at,
    approvedAt: r.approved_at,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentIdea(r: DetailRow, events: EventRow[], viewer: Actor): z.infer<typeof IdeaOut> {
  const s = presentIdeaSummary(r, viewer);
  const st = standingOf(viewer, r);
  const may = (a: Parameters<typeof checkMove>[0]) => checkMove(a, s.status, st).ok;
  return {
    ...s,
    body: r.body,
    history: events.map((e): z.infer<typeof EventOut> => ({ id: e.id, at: e.at, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, comment: e.comment, actorName: e.actor_name })),
    can: {
      edit: may('edit'),
      delete: may('delete'),
      send: may('send') && !st.unitAdmin,
      approve: may('approve'),
      return: may('return'),
      bureauReturn: may('bureau-return'),
      revealPhone: s.phoneMasked && hasRole(viewer, 'bureau_admin'),
    },
  };
}

export function presentBatch(b: BatchRow): z.infer<typeof BatchOut> {
  return {
    id: b.id,
    campaignId: b.campaign_id,
    unitId: b.unit_id,
    unitName: b.unit_name,
    unitCode: b.unit_code,
    seq: b.seq,
    receiptNo: b.receipt_no,
    status: b.status as 'submitted' | 'received' | 'returned',
    digest: b.digest,
    ideaCount: b.idea_count,
    late: b.late === 1,
    sealedAt: b.sealed_at,
    sealedBy: b.sealed_by_name,
    decidedAt: b.decided_at,
    returnReason: b.return_reason,
  };
}
