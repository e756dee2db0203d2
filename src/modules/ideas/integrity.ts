// Integrity of what was sealed (checklist row 29): every batch's digest recomputed from its stored
// snapshots, and every sealed idea's current row compared with the snapshot it was sealed with. A
// change made behind the application's back (SQL, a restored file) shows up here with the idea's id.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import * as repo from './ideas.repository.ts';
import { batchIntact } from './ideas.service.ts';
import type { SealedIdea } from './seal-digest.ts';

export interface IntegrityProblem {
  kind: 'batch' | 'idea';
  id: number;
  receiptNo: string | null;
  detail: string;
}

export async function verifySealed(db: Kysely<DB>): Promise<{ batches: number; ideas: number; problems: IntegrityProblem[] }> {
  const problems: IntegrityProblem[] = [];
  const batches = await repo.allBatches(db);
  for (const b of batches) {
    if (!(await batchIntact(db, b))) problems.push({ kind: 'batch', id: b.id, receiptNo: b.receipt_no, detail: '批次摘要与封存快照不符 / batch digest does not match its sealed snapshots' });
  }
  const ideas = await repo.sealedIdeasWithSnapshot(db);
  for (const i of ideas) {
    const snap = JSON.parse(i.snapshot) as SealedIdea;
    const now: Omit<SealedIdea, 'attachments'> = {
      receiptNo: i.receipt_no ?? '',
      unitCode: i.unit_code,
      unitName: i.unit_name,
      contactName: i.contact_name,
      contactPhone: i.contact_phone,
      authorship: i.authorship,
      authors: JSON.parse(i.authors_json) as string[],
      topic: i.topic,
      title: i.title,
      body: i.body,
      charCount: i.char_count,
    };
    const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(snap[k]));
    // A unit renamed after sealing is not tampering with the idea.
    const fields = changed.filter((k) => k !== 'unitName');
    if (fields.length) problems.push({ kind: 'idea', id: i.id, receiptNo: i.receipt_no, detail: `已封存的金点子被改动：${fields.join(', ')} / sealed idea changed: ${fields.join(', ')}` });
  }
  return { batches: batches.length, ideas: ideas.length, problems };
}
