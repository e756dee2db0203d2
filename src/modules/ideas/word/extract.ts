// Pure rules: from a Word document's paragraphs and tables to the golden ideas it holds.
//
// Two layouts are understood, also mixed and repeated in one file (several forms one after another):
// - the notice's 征集表: a table with 填写单位（公章） | value, 联系人 | value | 联系电话 | value, and a
//   cell labelled 仙居教育赶超发展建议 (or 建议) beside the cell that holds the suggestion;
// - free text with labels: "填写单位：…", "联系人：…  联系电话：…", "题目：…", then the paragraphs.
// A field that the current idea already has (a second 填写单位, a second 题目 …) starts the next idea.
import { countChars } from '../../../shared/wordcount.ts';
import type { Block, ExtractedIdea } from './types.ts';

type Field = 'unit' | 'contact' | 'phone' | 'title' | 'topic' | 'authors' | 'authorship' | 'text';

/** Label spellings, compared after removing white space and a trailing colon. */
const LABELS: Array<[Field, RegExp]> = [
  ['unit', /^(填写单位|填报单位|报送单位|申报单位|所在单位|单位名称|单位)(（公章）|\(公章\)|（盖章）|\(盖章\))?$/],
  ['contact', /^(联系人|联系人姓名)$/],
  ['phone', /^(联系电话|电话|手机|手机号码|联系方式|电话号码)$/],
  ['title', /^(题目|标题|金点子题目|金点子名称|建议题目)$/],
  ['topic', /^(讨论议题|议题|讨论主题|主题|所属议题|议题类别)$/],
  ['authors', /^(作者|撰写人|执笔人|作者姓名)$/],
  ['authorship', /^(署名方式|署名|名义|申报名义)$/],
  ['text', /^(仙居教育赶超发展建议|教育赶超发展建议|赶超发展建议|金点子内容|建议内容|具体建议|建议|内容|正文)$/],
];

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

export function labelOf(cell: string): Field | null {
  const t = squash(cell).replace(/[:：]$/, '');
  if (!t || t.length > 20) return null;
  for (const [f, re] of LABELS) if (re.test(t)) return f;
  return null;
}

/** Lines that belong to the form, not to an idea: its heading, "附件", the notes under the table. */
function isBoilerplate(line: string): boolean {
  const t = squash(line);
  return /^附件[:：\d一二三]*$/.test(t) || /金点子征集表$/.test(t) || /^附件[:：]/.test(t) && t.length < 40;
}
const isNotes = (line: string) => /^说明[:：]/.test(squash(line));

/** Labels that may start a line of free text (matched after NFKC: （ → (, ： → :). */
const LINE_LABEL =
  /(填写单位(?:\((?:公章|盖章)\))?|填报单位|报送单位|申报单位|单位名称|联系人|联系电话|手机号码|手机|电话|题目|标题|讨论议题|议题|主题|作者|撰写人|执笔人|署名方式|建议内容|正文)\s*:/g;

/** "联系人：张三  联系电话：138…" → [[contact, 张三], [phone, 138…]]; null when the line does not start with a label. */
export function splitLabelled(line: string): Array<[Field, string]> | null {
  const norm = line.normalize('NFKC');
  // Values are cut from the line as written (full-width punctuation kept) when NFKC kept its length.
  const src = norm.length === line.length ? line : norm;
  const marks = [...norm.matchAll(LINE_LABEL)];
  if (!marks.length || norm.slice(0, marks[0].index).trim() !== '') return null;
  const out: Array<[Field, string]> = [];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    const field = labelOf(m[1]);
    if (!field) return null;
    const end = i + 1 < marks.length ? marks[i + 1].index : norm.length;
    out.push([field, src.slice(m.index + m[0].length, end).trim()]);
  }
  return out;
}

export interface PhoneResult {
  phone: string;
  problem?: string;
}

/** Mainland mobile (11 digits from 13–19) or landline with area code (0xx-xxxxxxxx). */
export function normalisePhone(raw: string): PhoneResult {
  const v = raw.normalize('NFKC').trim();
  if (!v) return { phone: '', problem: '未找到联系电话' };
  const candidates = v.split(/[,，;；/、]|\s{2,}|或/).map((c) => c.replace(/[\s\-—－()（）]/g, '')).filter(Boolean);
  for (const c of candidates) {
    if (/^1[3-9]\d{9}$/.test(c)) return { phone: c };
    if (/^\+?861[3-9]\d{9}$/.test(c)) return { phone: c.slice(-11) };
  }
  for (const c of candidates) {
    if (/^0\d{9,11}$/.test(c)) {
      const area = /^0(10|2\d)/.test(c) ? 3 : 4;
      return { phone: `${c.slice(0, area)}-${c.slice(area)}` };
    }
  }
  if (candidates.some((c) => /^\d{7,8}$/.test(c))) return { phone: '', problem: `联系电话缺少区号：${v.slice(0, 40)}` };
  return { phone: '', problem: `联系电话无法识别：${v.slice(0, 40)}` };
}

type Event = { kind: 'field'; field: Exclude<Field, 'text'>; value: string } | { kind: 'textStart' } | { kind: 'para'; text: string } | { kind: 'notes' };

/** Tables and labelled lines → a flat list of events. */
function events(blocks: Block[]): Event[] {
  const out: Event[] = [];
  const para = (text: string) => {
    const t = text.replace(/\s+$/g, '');
    if (!t.trim()) return;
    if (isNotes(t)) return out.push({ kind: 'notes' });
    if (isBoilerplate(t)) return;
    const labelled = splitLabelled(t);
    if (labelled) {
      for (const [field, value] of labelled) {
        if (field === 'text') {
          out.push({ kind: 'textStart' });
          if (value) out.push({ kind: 'para', text: value });
        } else out.push({ kind: 'field', field, value });
      }
      return;
    }
    out.push({ kind: 'para', text: t.trim() });
  };
  for (const b of blocks) {
    if (b.kind === 'p') {
      para(b.text);
      continue;
    }
    for (const row of b.rows) {
      // A row of cells: a label cell takes the next non-label cell as its value.
      for (let i = 0; i < row.length; i++) {
        const cellText = row[i].join('\n');
        const field = labelOf(cellText);
        if (!field) {
          // A value cell without a label before it (or a form row written as one cell of text).
          if (i === 0 || !labelOf(row[i - 1].join('\n'))) for (const p of row[i]) para(p);
          continue;
        }
        const next = row[i + 1];
        if (next && labelOf(next.join('\n'))) continue;
        if (field === 'text') {
          out.push({ kind: 'textStart' });
          for (const p of next ?? []) para(p);
        } else out.push({ kind: 'field', field, value: (next ?? []).join(' ').trim() });
        i++;
      }
    }
  }
  return out;
}

interface Draft {
  fields: Partial<Record<Exclude<Field, 'text'>, string>>;
  paras: string[];
  /** Short line seen right before the idea's first field: its title when none is labelled. */
  heading?: string;
}

const looksLikeTitle = (s: string) => s.length > 0 && s.length <= 40 && !/[。！？；.!?;]$/.test(s) && !/[：:]$/.test(s);

function finish(d: Draft): ExtractedIdea {
  const problems: string[] = [];
  const f = d.fields;
  const paras = [...d.paras];
  let title = (f.title ?? '').trim();
  if (!title && d.heading) title = d.heading;
  if (!title && paras.length > 1 && looksLikeTitle(paras[0])) title = paras.shift()!;
  const unit = (f.unit ?? '').trim();
  const contact = (f.contact ?? '').trim();
  const phone = f.phone === undefined ? { phone: '', problem: '未找到联系电话' } : normalisePhone(f.phone);
  if (!unit) problems.push('未找到填写单位');
  if (!contact) problems.push('未找到联系人');
  if (phone.problem) problems.push(phone.problem);
  if (!title) problems.push('未找到标题');
  const text = paras.join('\n');
  if (!text) problems.push('未找到建议正文');
  const idea: ExtractedIdea = { unitAsWritten: unit, contact, phone: phone.phone, title, text, charCount: countChars(text), problems };
  if (f.topic) idea.topic = f.topic.trim();
  const authorship = `${f.authorship ?? ''}${f.authors ?? ''}`;
  if (/集体/.test(authorship)) idea.authorship = 'collective';
  if (f.authors && !/^集体/.test(f.authors.trim())) {
    const names = f.authors.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean);
    if (names.length) {
      idea.authors = names;
      idea.authorship ??= 'individual';
    }
  } else if (/个人/.test(authorship)) idea.authorship = 'individual';
  return idea;
}

/** The ideas in a document, in order. An empty list when nothing resembling an idea was found. */
export function extractIdeas(blocks: Block[]): ExtractedIdea[] {
  const ideas: Draft[] = [];
  let cur = null as Draft | null;
  let inText = false;
  let pending: string | undefined; // a short line before any field: the next idea's heading
  const start = (): Draft => {
    const d: Draft = { fields: {}, paras: [] };
    if (pending) d.heading = pending;
    pending = undefined;
    ideas.push(d);
    inText = false;
    return d;
  };
  for (const e of events(blocks)) {
    if (e.kind === 'field') {
      const value = e.value.trim();
      if (!cur || (cur.fields[e.field] !== undefined && cur.fields[e.field] !== '') || (inText && cur.paras.length > 0 && ['unit', 'contact', 'phone'].includes(e.field))) {
        // The next idea. A short last line of the previous idea's text is this one's heading.
        if (cur && !pending && cur.paras.length > 1 && looksLikeTitle(cur.paras[cur.paras.length - 1])) pending = cur.paras.pop();
        cur = start();
      }
      cur.fields[e.field] = value;
      if (e.field === 'title' && cur.paras.length === 0) inText = true;
      continue;
    }
    if (e.kind === 'textStart') {
      if (!cur) cur = start();
      inText = true;
      continue;
    }
    if (e.kind === 'notes') {
      inText = false;
      continue;
    }
    // A paragraph.
    if (cur && (inText || Object.keys(cur.fields).length > 0)) {
      cur.paras.push(e.text);
      inText = true;
    } else if (!cur && looksLikeTitle(e.text)) pending = e.text;
  }
  return ideas.filter((d) => Object.keys(d.fields).length > 0 || d.paras.length > 0).map(finish);
}
