// The evaluation's part of "what I still have to do" (R2), given to the one to-do builder
// (ideas/ideas.todo.ts): a judge's unscored reviews per open round with its deadline, and for a unit
// admin every result notice (公示) still open for objections.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { hasRole, type Actor } from '../../platform/policy/policy.ts';
import { shanghaiText } from '../ideas/ideas.rules.ts';
import * as awardsRepo from './awards/awards.repository.ts';
import * as repo from './evaluation.repository.ts';

export interface TodoItem {
  key: string;
  count: number;
  zh: string;
  en: string;
  link: string;
}

export async function evaluationTodo(db: Kysely<DB>, actor: Actor, now: string): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  if (hasRole(actor, 'judge')) {
    const rows = await repo.judgeAssignments(db, actor.userId);
    const rounds = await repo.roundsByIds(db, [...new Set(rows.map((r) => r.round_id))]);
    for (const r of rounds.filter((x) => x.status === 'open').sort((a, b) => a.id - b.id)) {
      const left = rows.filter((a) => a.round_id === r.id && a.status !== 'submitted').length;
      if (!left) continue;
      const due = r.deadline ? { zh: `，截止 ${shanghaiText(r.deadline)}（北京时间）`, en: `, due ${shanghaiText(r.deadline)} (Beijing time)` } : { zh: '', en: '' };
      items.push({ key: `eval-review-${r.id}`, count: left, zh: `“${r.title}”：${left} 篇待评${due.zh}`, en: `"${r.title}": ${left} golden idea(s) to score${due.en}`, link: '/evaluation/my' });
    }
  }
  if (actor.unitId != null && hasRole(actor, 'unit_admin')) {
    for (const r of await awardsRepo.noticeRounds(db)) {
      if (r.status !== 'announced' || !r.notice_ends_at || Date.parse(now) > Date.parse(r.notice_ends_at)) continue;
      const end = shanghaiText(r.notice_ends_at);
      items.push({ key: `eval-notice-${r.id}`, count: 1, zh: `“${r.title}”评比结果公示中，截至 ${end}（北京时间），如有异议请在公示期内提出`, en: `The results of "${r.title}" are under public notice until ${end} (Beijing time): file any objection before then`, link: '/evaluation/notices' });
    }
  }
  return items;
}
