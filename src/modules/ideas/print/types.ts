// Plain data the printed forms are made from: the routes read them from the sealed snapshots, the
// renderers know nothing about the database.
import type { FontChoice } from './fonts.ts';

export type Authorship = 'collective' | 'individual';

/** One filled 金点子征集表, as sealed. */
export interface FormIdea {
  /** 回执号 of the idea. */
  receiptNo: string;
  unitName: string;
  contactName: string;
  contactPhone: string;
  authorship: Authorship;
  /** Named individuals (individual authorship); ignored for a collective idea. */
  authors: string[];
  topic: string;
  title: string;
  /** The suggestion as typed: one paragraph per line. */
  body: string;
  /** 字数 (src/shared/wordcount.ts), as recorded. */
  charCount: number;
  /** Files sealed with the idea (附件): listed on the form with the start of their SHA-256. */
  attachments?: { name: string; sha256: string }[];
}

export interface FormsOptions {
  /** The campaign's form title, e.g. 仙居县教育“解放思想 赶超发展”金点子征集表. */
  formTitle: string;
  /** The vertical label of the big cell; default 仙居教育赶超发展建议 is the notice's, so pass the campaign's. */
  adviceLabel?: string;
  /** The 说明 under the table, one note per entry (numbered when printed). */
  notes?: string[];
  /** 批次回执号 of the sealed batch. */
  batchReceiptNo: string;
  /** SHA-256 hex of the batch's canonical content (src/modules/ideas/seal-digest.ts). */
  digest: string;
  /** When the batch was sealed (ISO); printed in Asia/Shanghai time. */
  sealedAt: string;
  /** URL the QR code opens: the public verify page for this batch and digest. */
  verifyUrl: string;
  /** A warning printed at the top of every sheet, e.g. that the batch was returned for correction. */
  notice?: string;
  /** Fonts (tests switch the fallback off); default: the npm font, Debian's Noto CJK as fallback. */
  fonts?: FontChoice;
  /** Called with the characters no font could draw (printed as □), if any. */
  onMissingGlyphs?: (chars: string[]) => void;
}

export function authorshipLine(a: Authorship, authors: string[], unitName: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  if (locale === 'en-US') return a === 'collective' ? `Collective (${unitName})` : `Individual (${authors.join(', ')})`;
  return a === 'collective' ? `集体（${unitName}）` : `个人（${authors.join('、')}）`;
}

/** "2017-10-18 16:05" in Asia/Shanghai, whatever the server's time zone. */
export function shanghaiTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}${seconds ? `:${p('second')}` : ''}`;
}

/** A title as printed: an untitled idea (imported from Word, say) is marked rather than left blank. */
export function displayTitle(title: string): string {
  return title.trim() || '（无题目）';
}

export const DEFAULT_ADVICE_LABEL = '仙居教育赶超发展建议';

export const DEFAULT_FORM_NOTES = [
  '各学校、直属单位向教育局提供2——5个金点子，金点子可以是单位集体名义也可以是个人名义，金点子字数不少于500字，纸张不够，可另加附页。',
  '金点子要求原创，严禁抄袭，上报所有作品必须由撰写人所在单位严格审核把关。',
  '于10月20日前纸质报送局办公室并发送至邮箱：xjxedu@126.com',
];
