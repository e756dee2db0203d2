// The compiled volume as PDF: a cover, a contents list with page numbers, then every idea grouped by
// sector (each on a new page) and unit. The contents pages are reserved first (one line per entry, so
// their number is known in advance) and written at the end, when every entry's page is known.
import { A4, ParagraphFlow, Typesetter, paragraphs, yieldToLoop, type TextStyle } from '../print/typeset.ts';
import { authorshipLine, displayTitle, shanghaiTime } from '../print/types.ts';
import type { FontChoice } from '../print/fonts.ts';
import { chineseDate, groupVolume, type Volume } from './types.ts';

const M = { left: 66, right: 66, top: 64, bottom: 64 };
const CW = A4.width - M.left - M.right;
const BOTTOM = A4.height - M.bottom;
const GRAY = '#555555';
const TOC_LEAD = 19;
const TOC_PER_PAGE = Math.floor((BOTTOM - (M.top + 50)) / TOC_LEAD);

interface TocEntry {
  level: 1 | 2 | 3;
  text: string;
  page: number;
}

class Flow {
  y = M.top;
  constructor(private readonly ts: Typesetter) {}
  page(): number {
    return this.ts.pageCount() - 1;
  }
  newPage(): void {
    this.ts.newPage();
    this.y = M.top;
  }
  /** Starts a new page unless `h` more points fit. */
  need(h: number): void {
    if (this.y + h > BOTTOM) this.newPage();
  }
  lines(text: string, style: TextStyle, lead: number, indent = 0, x = M.left, w = CW): void {
    const flow = new ParagraphFlow(this.ts, text, style);
    while (!flow.done) {
      this.need(lead);
      const first = !flow.started;
      const line = flow.takeLine(w - (first ? indent : 0));
      this.ts.text(line, x + (first ? indent : 0), this.y + (lead - style.size) / 2, style);
      this.y += lead;
    }
  }
}

function fit(ts: Typesetter, text: string, width: number, style: TextStyle): string {
  if (ts.width(text, style) <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && ts.width(`${chars.join('')}…`, style) > width) chars.pop();
  return `${chars.join('')}…`;
}

export async function renderVolumePdf(volume: Volume, fonts?: FontChoice): Promise<Buffer> {
  const ts = new Typesetter({ title: `${volume.campaignTitle} 金点子汇编`, author: volume.exportedBy }, fonts);
  const groups = groupVolume(volume.ideas);
  const toc: TocEntry[] = [];
  const entries = groups.reduce((n, s) => n + 1 + s.units.reduce((m, u) => m + 1 + u.ideas.length, 0), 0);
  const tocPages = Math.max(1, Math.ceil(entries / TOC_PER_PAGE));

  // Cover.
  ts.newPage();
  const titleStyle: TextStyle = { size: 24, bold: true };
  let y = 250;
  for (const l of ts.wrap(volume.campaignTitle, CW, titleStyle)) {
    ts.textCentered(l, M.left, CW, y, titleStyle);
    y += 36;
  }
  ts.textCentered('金点子汇编', M.left, CW, y + 24, { size: 30, bold: true });
  const units = groups.reduce((n, s) => n + s.units.length, 0);
  ts.textCentered(`共 ${volume.ideas.length} 条 · ${units} 个单位 · ${groups.length} 个板块`, M.left, CW, y + 90, { size: 13, color: GRAY });
  ts.textCentered(chineseDate(volume.date), M.left, CW, 680, { size: 15 });
  if (volume.exportedBy || volume.exportedAt) {
    ts.textCentered(`导出人：${volume.exportedBy ?? ''}　导出时间：${shanghaiTime(volume.exportedAt ?? volume.date)}`, M.left, CW, 720, { size: 9, color: GRAY });
  }

  // Contents: reserved now, written at the end.
  const tocStart = ts.pageCount();
  for (let i = 0; i < tocPages; i++) ts.newPage();

  // Body.
  const f = new Flow(ts);
  for (const s of groups) {
    f.newPage();
    toc.push({ level: 1, text: s.sectorName, page: f.page() });
    ts.textCentered(s.sectorName, M.left, CW, f.y, { size: 20, bold: true });
    f.y += 44;
    for (const u of s.units) {
      f.need(34 + 24 + 60);
      toc.push({ level: 2, text: u.unitName, page: f.page() });
      ts.text(`${u.unitName}`, M.left, f.y, { size: 15, bold: true });
      ts.textRight(u.unitType, M.left + CW, f.y + 4, { size: 10, color: GRAY });
      f.y += 22;
      ts.doc.moveTo(M.left, f.y).lineTo(M.left + CW, f.y).lineWidth(0.6).strokeColor('#888888').stroke();
      f.y += 12;
      for (const idea of u.ideas) {
        f.need(22 + 30 + 60);
        toc.push({ level: 3, text: displayTitle(idea.title), page: f.page() });
        f.lines(displayTitle(idea.title), { size: 13.5, bold: true }, 22);
        const meta = [
          `单位：${idea.unitName}`,
          `作者：${authorshipLine(idea.authorship, idea.authors, idea.unitName)}`,
          `议题：${idea.topic || '—'}`,
          `字数：${idea.charCount}`,
          `回执号：${idea.receiptNo ?? '—'}`,
        ].join('　');
        f.lines(meta, { size: 9, color: GRAY }, 14);
        f.y += 6;
        for (const p of paragraphs(idea.body)) f.lines(p, { size: 11 }, 19, 22);
        f.y += 18;
        await yieldToLoop();
      }
    }
  }

  // Contents pages, now that every page is known.
  const style: Record<1 | 2 | 3, TextStyle & { indent: number }> = {
    1: { size: 12, bold: true, indent: 0 },
    2: { size: 11, indent: 16 },
    3: { size: 10.5, color: '#222222', indent: 32 },
  };
  for (let p = 0; p < tocPages; p++) {
    ts.doc.switchToPage(tocStart + p);
    let ty = M.top;
    if (p === 0) ts.textCentered('目　录', M.left, CW, ty, { size: 20, bold: true });
    ty += 50;
    for (const e of toc.slice(p * TOC_PER_PAGE, (p + 1) * TOC_PER_PAGE)) {
      const st = style[e.level];
      const num = String(e.page + 1);
      const numW = ts.width(num, st);
      const text = fit(ts, e.text, CW - st.indent - numW - 30, st);
      ts.text(text, M.left + st.indent, ty, st);
      const tw = ts.width(text, st);
      ts.doc.save();
      ts.doc.moveTo(M.left + st.indent + tw + 4, ty + st.size - 1).lineTo(M.left + CW - numW - 4, ty + st.size - 1).dash(1, { space: 2 }).lineWidth(0.5).strokeColor('#999999').stroke();
      ts.doc.undash().restore();
      ts.textRight(num, M.left + CW, ty, st);
      ty += TOC_LEAD;
    }
  }

  ts.eachPage((i, count) => {
    if (i === 0) return;
    ts.textCentered(`— ${i + 1} / ${count} —`, M.left, CW, A4.height - 40, { size: 9, color: GRAY });
  });
  return ts.finish();
}
