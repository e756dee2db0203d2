// Campaigns as the campaigns page reads and writes them (shapes of src/modules/campaigns/campaigns.schema.ts).
import { isApiError } from '../../api';
import type { Locale } from '../../i18n';

export type Phase = { name: string; startsAt: string; endsAt: string };
export type DeadlineKind = 'ideas' | 'archive' | 'other';
export type Deadline = { name: string; kind: DeadlineKind | string; dueAt: string };
export type Authorship = 'both' | 'collective' | 'individual';

export type CampaignFull = {
  id: number;
  title: string;
  theme: string;
  description: string;
  topics: string[];
  phases: Phase[];
  deadlines: Deadline[];
  ideasMin: number;
  ideasMax: number;
  minChars: number;
  authorship: Authorship | string;
  formTitle: string;
  ideasDueAt: string | null;
  currentPhase: Phase | null;
  nextDeadline: Deadline | null;
  serverTime: string;
};

export type CampaignListItem = { id: number; title: string; theme: string; createdAt: string };

export type Extension = { id: number; unitId: number; unitName: string; until: string; reason: string; grantedAt: string; grantedBy: string };

/** The notice's six discussion topics: the default of a blank campaign. */
export const NOTICE_TOPICS = ['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革'];
export const NOTICE_FORM_TITLE = '仙居县教育“解放思想 赶超发展”金点子征集表';

/**
 * A VALIDATION_FAILED message lists its problems as "path: text；path: text" (the server's
 * describeIssue). Split it into field paths and texts; a text written "中文 / English" (the schema's
 * own refinements) is cut to the user's language.
 */
export function validationProblems(e: unknown, locale: Locale): { path: (string | number)[]; text: string }[] {
  if (!isApiError(e, 'VALIDATION_FAILED')) return [];
  const body = e.message.replace(/^[^：:]*[：:]/, '');
  const out: { path: (string | number)[]; text: string }[] = [];
  for (const part of body.split('；')) {
    const m = /^\s*([A-Za-z][\w.]*)\s*[:：]\s*(.+)$/.exec(part);
    if (!m) continue;
    let text = m[2].trim();
    const bi = text.split(' / ');
    if (bi.length === 2 && /[\u4e00-\u9fff]/.test(bi[0])) text = locale === 'zh-CN' ? bi[0] : bi[1];
    out.push({ path: m[1].split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)), text });
  }
  return out;
}
