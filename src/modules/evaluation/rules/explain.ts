// zh-CN wording shared by the assignment messages.
import type { AssignProblem } from './types.ts';

/** 《甲》 / 《甲》、《乙》 / 《甲》、《乙》、《丙》等 12 件金点子 */
export function ideaList(titles: readonly string[]): string {
  const q = titles.map((t) => `《${t}》`);
  if (q.length === 1) return q[0];
  if (q.length <= 3) return q.join('、');
  return `${q.slice(0, 3).join('、')}等 ${q.length} 件金点子`;
}

/** One paragraph for the admin: how many problems, then the first few in full. */
export function problemsMessage(problems: readonly AssignProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => p.message);
  const more = problems.length > 5 ? `另有 ${problems.length - 5} 处问题未列出。` : '';
  const ideas = new Set(problems.flatMap((p) => p.ideaIds)).size;
  const head = ideas ? `无法完成分配，涉及 ${ideas} 件金点子，未保存任何分配：` : '无法完成分配，未保存任何分配：';
  return head + shown.join('') + more;
}
