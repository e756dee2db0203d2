// The golden idea's states and the transitions between them (issue 3, item 4; checklist row 16).
// Pure: who may move an idea from which state to which, nothing else. The service checks the
// quota, the deadline and completeness inside the transaction; this table is the only place that
// says which moves exist.
import type { Locale } from '../../shared/roles.ts';

export const IDEA_STATUSES = ['draft', 'sent', 'returned', 'approved', 'submitted', 'received'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const STATUS_LABELS: Record<IdeaStatus, Record<Locale, string>> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  sent: { 'zh-CN': '待单位审核', 'en-US': 'Awaiting unit review' },
  returned: { 'zh-CN': '已退回修改', 'en-US': 'Returned for correction' },
  approved: { 'zh-CN': '单位已审核', 'en-US': 'Approved by the unit' },
  submitted: { 'zh-CN': '已盖章报送', 'en-US': 'Sealed and submitted' },
  received: { 'zh-CN': '局办公室已签收', 'en-US': 'Received by the bureau' },
};

export type IdeaAction = 'send' | 'approve' | 'return' | 'seal' | 'receive' | 'bureau-return' | 'edit' | 'delete';

export const ACTION_VERBS: Record<IdeaAction, Record<Locale, string>> = {
  send: { 'zh-CN': '提交至本单位', 'en-US': 'send it to the unit' },
  approve: { 'zh-CN': '审核通过', 'en-US': 'approve it' },
  return: { 'zh-CN': '退回修改', 'en-US': 'return it' },
  seal: { 'zh-CN': '盖章报送', 'en-US': 'seal and submit it' },
  receive: { 'zh-CN': '签收', 'en-US': 'receive it' },
  'bureau-return': { 'zh-CN': '退回单位修改', 'en-US': 'return it to the unit' },
  edit: { 'zh-CN': '修改', 'en-US': 'edit it' },
  delete: { 'zh-CN': '删除', 'en-US': 'delete it' },
};

/** How the actor stands to the idea: its author, the admin of its unit, the bureau. */
export interface Standing {
  author: boolean;
  unitAdmin: boolean;
  bureau: boolean;
}

interface Move {
  from: readonly IdeaStatus[];
  to: IdeaStatus;
  /** Whether the actor's standing allows the move. */
  who: (s: Standing) => boolean;
}

export const MOVES: Record<IdeaAction, Move> = {
  edit: { from: ['draft', 'returned'], to: 'draft', who: (s) => s.author },
  delete: { from: ['draft'], to: 'draft', who: (s) => s.author },
  send: { from: ['draft', 'returned'], to: 'sent', who: (s) => s.author },
  // A unit admin approves what its members sent, and may approve its own idea without sending it.
  approve: { from: ['sent', 'draft', 'returned'], to: 'approved', who: (s) => s.unitAdmin },
  return: { from: ['sent', 'approved'], to: 'returned', who: (s) => s.unitAdmin },
  seal: { from: ['approved'], to: 'submitted', who: (s) => s.unitAdmin },
  receive: { from: ['submitted'], to: 'received', who: (s) => s.bureau },
  'bureau-return': { from: ['submitted', 'received'], to: 'returned', who: (s) => s.bureau },
};

export type MoveCheck = { ok: true; to: IdeaStatus } | { ok: false; reason: 'forbidden' | 'state' };

/** May an actor of this standing apply `action` to an idea in `status`? */
export function checkMove(action: IdeaAction, status: IdeaStatus, standing: Standing): MoveCheck {
  const m = MOVES[action];
  if (!m.who(standing)) return { ok: false, reason: 'forbidden' };
  // Approving from draft/returned is only for the unit admin's own ideas (members send first).
  if (action === 'approve' && status !== 'sent' && !standing.author) return { ok: false, reason: 'state' };
  if (!m.from.includes(status)) return { ok: false, reason: 'state' };
  return { ok: true, to: action === 'edit' ? status : m.to };
}

/** Ideas in these states count against the unit's quota. */
export const COUNTED: readonly IdeaStatus[] = ['submitted', 'received'];
/** States in which the content can no longer change (a sealed version exists and is current). */
export const SEALED: readonly IdeaStatus[] = ['submitted', 'received'];
