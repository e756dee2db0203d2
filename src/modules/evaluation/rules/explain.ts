// Wording shared by the assignment messages: zh-CN first, the same in English (en-US) beside it.
import type { AssignProblem } from './types.ts';

/** 《甲》 / 《甲》、《乙》 / 《甲》、《乙》、《丙》等 12 件金点子 */
export function ideaList(titles: readonly string[]): string {
  const q = titles.map((t) => `《${t}》`);
  if (q.length === 1) return q[0];
  if (q.length <= 3) return q.join('、');
  return `${q.slice(0, 3).join('、')}等 ${q.length} 件金点子`;
}

/** "A" / "A", "B" / "A", "B", "C" and 9 more golden ideas */
export function ideaListEn(titles: readonly string[]): string {
  const q = titles.map((t) => `"${t}"`);
  if (q.length <= 3) return q.join(', ');
  return `${q.slice(0, 3).join(', ')} and ${q.length - 3} more golden ideas`;
}

/** The failure of an assignment or reassignment: the problems and their summary in both languages. */
export function failure(problems: AssignProblem[]): { ok: false; problems: AssignProblem[]; message: string; messageEn: string } {
  return { ok: false, problems, message: problemsMessage(problems), messageEn: problemsMessageEn(problems) };
}

/** The English paragraph of problemsMessage. */
export function problemsMessageEn(problems: readonly AssignProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => p.messageEn);
  const more = problems.length > 5 ? ` ${problems.length - 5} more problem(s) not listed.` : '';
  const ideas = new Set(problems.flatMap((p) => p.ideaIds)).size;
  const head = ideas ? `The assignment cannot be completed for ${ideas} golden idea(s); nothing was saved: ` : 'The assignment cannot be completed; nothing was saved: ';
  return head + shown.join(' ') + more;
}

/** One paragraph for the admin: how many problems, then the first few in full. */
export function problemsMessage(problems: readonly AssignProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => p.message);
  const more = problems.length > 5 ? `另有 ${problems.length - 5} 处问题未列出。` : '';
  const ideas = new Set(problems.flatMap((p) => p.ideaIds)).size;
  const head = ideas ? `无法完成分配，涉及 ${ideas} 件金点子，未保存任何分配：` : '无法完成分配，未保存任何分配：';
  return head + shown.join('') + more;
}
