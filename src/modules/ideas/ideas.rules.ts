// Pure rules of the golden-idea form (R5): completeness, the phone number, the deadline with its
// extensions, the quota, receipt numbers. No I/O: the service feeds them what it read in the
// transaction.
import type { Locale } from '../../shared/roles.ts';
import { countChars } from '../../shared/wordcount.ts';

export const AUTHORSHIPS = ['collective', 'individual'] as const;
export type Authorship = (typeof AUTHORSHIPS)[number];

export interface CollectionRules {
  ideasMin: number;
  ideasMax: number;
  minChars: number;
  /** 'both' | 'collective' | 'individual'. */
  authorship: string;
  topics: string[];
}

export interface IdeaContent {
  contactName: string;
  contactPhone: string;
  authorship: string;
  authors: string[];
  topic: string;
  title: string;
  body: string;
  pledge: boolean;
}

/** NFKC (full-width digits), spaces and dashes normalised. */
export function normalizePhone(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s()（）]/g, '').replace(/[－—–]/g, '-');
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** A mainland mobile number, or a landline with its area code (0576-87654321). */
export function isValidPhone(raw: string): boolean {
  const p = normalizePhone(raw);
  return MOBILE.test(p) || LANDLINE.test(p);
}

/** 138****5678; a landline keeps its area code and last four digits (0576-****4321). */
export function maskPhone(raw: string): string {
  const p = normalizePhone(raw);
  if (MOBILE.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`;
  const m = /^(0\d{2,3})-?(\d+)(-\d+)?$/.exec(p);
  if (m) return `${m[1]}-****${m[2].slice(-4)}`;
  return p ? '****' : '';
}

type Reason = Record<Locale, string>;

/** What is still missing before the idea can be sent, approved or sealed (empty = complete). */
export function incompleteReasons(c: IdeaContent, rules: CollectionRules): Reason[] {
  const r: Reason[] = [];
  if (!c.contactName.trim()) r.push({ 'zh-CN': '请填写联系人', 'en-US': 'enter the contact person' });
  if (!c.contactPhone.trim()) r.push({ 'zh-CN': '请填写联系电话', 'en-US': 'enter the contact phone' });
  else if (!isValidPhone(c.contactPhone)) r.push({ 'zh-CN': '联系电话应为11位手机号或带区号的固定电话', 'en-US': 'the phone must be an 11-digit mobile number or a landline with its area code' });
  if (c.authorship !== 'collective' && c.authorship !== 'individual') r.push({ 'zh-CN': '请选择以集体还是个人名义', 'en-US': 'choose collective or individual authorship' });
  else if (rules.authorship !== 'both' && c.authorship !== rules.authorship)
    r.push(rules.authorship === 'collective' ? { 'zh-CN': '本次活动只收集体名义的金点子', 'en-US': 'this campaign only accepts collective ideas' } : { 'zh-CN': '本次活动只收个人名义的金点子', 'en-US': 'this campaign only accepts individual ideas' });
  else if (c.authorship === 'individual' && !c.authors.some((a) => a.trim())) r.push({ 'zh-CN': '请填写撰写人姓名', 'en-US': 'enter the author names' });
  if (!c.topic.trim()) r.push({ 'zh-CN': '请选择讨论主题', 'en-US': 'choose a topic' });
  else if (rules.topics.length && !rules.topics.includes(c.topic)) r.push({ 'zh-CN': '讨论主题不在本次活动的主题之中', 'en-US': 'the topic is not one of the campaign topics' });
  if (!c.title.trim()) r.push({ 'zh-CN': '请填写标题', 'en-US': 'enter a title' });
  const n = countChars(c.body);
  if (n < rules.minChars) r.push({ 'zh-CN': `建议正文不少于${rules.minChars}字，当前${n}字`, 'en-US': `the text needs at least ${rules.minChars} characters (字), it has ${n}` });
  if (!c.pledge) r.push({ 'zh-CN': '请确认原创承诺', 'en-US': 'confirm the originality pledge' });
  return r;
}

export interface DeadlineState {
  /** The ideas deadline (ISO UTC), or null when the campaign has none. */
  dueAt: string | null;
  /** The unit's extension, if the bureau granted one. */
  extensionUntil: string | null;
}

export type DeadlineCheck = { ok: true; late: boolean } | { ok: false };

/**
 * On time iff the server receives the request no later than the deadline (23:59:59.999 +08:00 of the
 * last day); after it only under an extension that has not run out, and then the entry is marked late.
 */
export function checkDeadline(now: string, d: DeadlineState): DeadlineCheck {
  if (!d.dueAt || now <= d.dueAt) return { ok: true, late: false };
  if (d.extensionUntil && now <= d.extensionUntil) return { ok: true, late: true };
  return { ok: false };
}

export type QuotaCheck = { ok: true } | { ok: false; code: 'QUOTA_EXCEEDED' | 'BATCH_TOO_SMALL' };

/** A unit never has more than the maximum submitted; a batch that leaves it below the minimum is refused. */
export function checkQuota(alreadyCounted: number, batchSize: number, rules: Pick<CollectionRules, 'ideasMin' | 'ideasMax'>): QuotaCheck {
  const total = alreadyCounted + batchSize;
  if (total > rules.ideasMax) return { ok: false, code: 'QUOTA_EXCEEDED' };
  if (batchSize < 1 || total < rules.ideasMin) return { ok: false, code: 'BATCH_TOO_SMALL' };
  return { ok: true };
}

/** 2017-1-XJ012-03: year of the campaign, campaign id, unit code, running number of the unit's ideas. */
export function ideaReceipt(year: number, campaignId: number, unitCode: string, n: number): string {
  return `${year}-${campaignId}-${unitCode}-${String(n).padStart(2, '0')}`;
}

/** 2017-1-XJ012-B1: the unit's first batch. */
export function batchReceipt(year: number, campaignId: number, unitCode: string, seq: number): string {
  return `${year}-${campaignId}-${unitCode}-B${seq}`;
}

/** The calendar year of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiYear(iso: string): number {
  return new Date(Date.parse(iso) + 8 * 3_600_000).getUTCFullYear();
}

/** 2017-10-20 23:59 (Asia/Shanghai), for messages. */
export function shanghaiText(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
