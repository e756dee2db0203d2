// The originality report on paper, for the unit's file (issue 4 item 5): the overall figure coloured
// by the bureau's thresholds, the sources ranked, the checked text with every copied passage
// underlined on a tint and numbered by its source, stock phrases and quotations in grey (not
// counted), and each source's passages beside the submission's. Black-and-white printers keep the
// meaning: underline = copied, grey = not counted, dashed underline = quotation. A4, fonts and line
// breaking of the printed forms (src/modules/ideas/print/).
import { A4, Typesetter, tokenize, yieldToLoop, type TextStyle } from '../../ideas/print/typeset.ts';
import { shanghaiTime, displayTitle } from '../../ideas/print/types.ts';
import { dominant, levelOf, paragraphRanges, percent, segment, within, type Mark, type MarkKind, type Segment } from './segments.ts';
import { REASON_LABELS, type PaperOptions, type PaperSource, type ReportPaper } from './types.ts';

const M = { left: 56, right: 56, top: 56, bottom: 50 };
const CW = A4.width - M.left - M.right;
const BOTTOM = A4.height - M.bottom;
const GRAY = '#555555';
const QUIET = '#6b6b6b';
const RULE = '#9a9a9a';
const TINT = '#fff1b8';
const LEVEL_COLOR = { red: '#b00000', orange: '#a85400', ok: '#1f6e2b' } as const;
const LEVEL_LABEL = { red: '高', orange: '中', ok: '低' } as const;
const BODY: TextStyle = { size: 10.5 };
const BODY_LEAD = 19;
const MARKER: TextStyle = { size: 7, color: GRAY };

/** A vertical position that moves to a new page when the next thing would not fit. */
class Flow {
  y = M.top;
  constructor(private readonly ts: Typesetter) {}
  page(): void {
    this.ts.newPage();
    this.y = M.top;
  }
  need(h: number): void {
    if (this.y + h > BOTTOM) this.page();
  }
}

function kindLabel(s: PaperSource): string {
  if (s.kind === 'reference') return '参考文献';
  return s.sameUnitEarlierYear ? '本单位往年金点子' : '金点子';
}

/** Plain wrapped text at the flow's position. */
function paragraph(ts: Typesetter, f: Flow, text: string, style: TextStyle, lead: number, x = M.left, width = CW): void {
  for (const line of ts.wrap(text, width - (x - M.left), style)) {
    f.need(lead);
    ts.text(line, x, f.y + (lead - style.size) / 2, style);
    f.y += lead;
  }
}

function rule(ts: Typesetter, f: Flow, gapBefore = 6, gapAfter = 8): void {
  f.y += gapBefore;
  ts.doc.moveTo(M.left, f.y).lineTo(M.left + CW, f.y).lineWidth(0.5).strokeColor(RULE).stroke();
  f.y += gapAfter;
}

function sectionTitle(ts: Typesetter, f: Flow, text: string): void {
  f.need(40);
  f.y += 8;
  ts.text(text, M.left, f.y, { size: 13, bold: true });
  f.y += 22;
}

interface Piece {
  text: string;
  start: number;
  end: number;
  marker?: string;
}

/** A paragraph of the checked text as pieces (line-breaking units cut at every mark boundary), with the source numbers inserted where passages start. */
function pieces(text: string, from: number, to: number, segments: Segment[], markers: Map<number, string>): Piece[] {
  const cuts = new Set<number>();
  for (const s of within(segments, from, to)) cuts.add(s.start);
  for (const pos of markers.keys()) if (pos >= from && pos < to) cuts.add(pos);
  const out: Piece[] = [];
  let at = from;
  for (const tok of tokenize(text.slice(from, to))) {
    const end = at + tok.length;
    let a = at;
    for (let c = at + 1; c < end; c++) {
      if (cuts.has(c)) {
        out.push({ text: text.slice(a, c), start: a, end: c });
        a = c;
      }
    }
    out.push({ text: text.slice(a, end), start: a, end });
    at = end;
  }
  // A marker goes before the first piece starting at its position.
  const withMarkers: Piece[] = [];
  for (const p of out) {
    const m = markers.get(p.start);
    if (m && !withMarkers.some((x) => x.marker && x.start === p.start)) withMarkers.push({ text: m, start: p.start, end: p.start, marker: m });
    withMarkers.push(p);
  }
  return withMarkers;
}

function kindAt(segments: Segment[], pos: number): MarkKind | null {
  const s = segments.find((x) => x.start <= pos && pos < x.end);
  return s ? dominant(s).kind : null;
}

/** The checked text, paragraph by paragraph: copied underlined on a tint, stock grey, quotations grey with a dashed underline. */
function markedText(ts: Typesetter, f: Flow, paper: ReportPaper, segments: Segment[], markers: Map<number, string>): void {
  const { doc } = ts;
  const indent = 2 * BODY.size;
  for (const [from, to] of paragraphRanges(paper.text)) {
    const ps = pieces(paper.text, from, to, segments, markers);
    const widthOf = (p: Piece) => ts.width(p.text, p.marker ? MARKER : BODY);
    let i = 0;
    let first = true;
    while (i < ps.length) {
      while (i < ps.length && /^\s+$/.test(ps[i].text)) i++; // no space at a line start
      if (i >= ps.length) break;
      const avail = CW - (first ? indent : 0);
      const line: Piece[] = [];
      let w = 0;
      while (i < ps.length) {
        const pw = widthOf(ps[i]);
        if (w + pw > avail + 0.01 && line.length > 0) break;
        line.push(ps[i]);
        w += pw;
        i++;
      }
      f.need(BODY_LEAD);
      let x = M.left + (first ? indent : 0);
      const ty = f.y + (BODY_LEAD - BODY.size) / 2;
      for (const p of line) {
        const pw = widthOf(p);
        if (p.marker) {
          ts.text(p.text, x, ty - 2, MARKER);
          x += pw;
          continue;
        }
        const kind = kindAt(segments, p.start);
        if (kind === 'passage' || kind === 'copied') {
          doc.rect(x, f.y + 2, pw, BODY_LEAD - 4).fill(TINT);
          ts.text(p.text, x, ty, BODY);
          doc.moveTo(x, ty + BODY.size + 1.2).lineTo(x + pw, ty + BODY.size + 1.2).lineWidth(0.6).strokeColor('#000000').stroke();
        } else if (kind === 'quotation') {
          ts.text(p.text, x, ty, { ...BODY, color: QUIET });
          doc.save().dash(1.5, { space: 1.5 }).moveTo(x, ty + BODY.size + 1.2).lineTo(x + pw, ty + BODY.size + 1.2).lineWidth(0.5).strokeColor(QUIET).stroke().undash().restore();
        } else if (kind === 'stock') {
          ts.text(p.text, x, ty, { ...BODY, color: QUIET });
        } else {
          ts.text(p.text, x, ty, BODY);
        }
        x += pw;
      }
      f.y += BODY_LEAD;
      first = false;
    }
    f.y += 3;
  }
}

function summary(ts: Typesetter, f: Flow, paper: ReportPaper): void {
  const level = levelOf(paper.similarity, paper.thresholds);
  const boxH = 86;
  f.need(boxH + 10);
  const top = f.y;
  const { doc } = ts;
  doc.lineWidth(0.8).strokeColor(LEVEL_COLOR[level]).rect(M.left, top, CW, boxH).stroke();
  // One band: label, figure, level (read in that order by pdftotext and by eye).
  const x = M.left + 14;
  const label: TextStyle = { size: 11, color: GRAY };
  const figure: TextStyle = { size: 24, bold: true, color: LEVEL_COLOR[level] };
  ts.text('总文字复制比', x, top + 16, label);
  const fx = x + ts.width('总文字复制比', label) + 10;
  const fig = percent(paper.similarity);
  ts.text(fig, fx, top + 7, figure);
  ts.text(`复制程度：${LEVEL_LABEL[level]}`, fx + ts.width(fig, figure) + 12, top + 16, { size: 11, bold: true, color: LEVEL_COLOR[level] });
  const s: TextStyle = { size: 9.5 };
  ts.text(`重复字数 ${paper.copiedChars} / 总字数 ${paper.totalChars}；引用 ${paper.quotationChars} 字、常用语（套话）${paper.stockChars} 字，均不计入复制比`, x, top + 48, s);
  ts.text(`颜色：红色 ≥ ${percent(paper.thresholds.red)}，橙色 ≥ ${percent(paper.thresholds.orange)}（局设定的阈值）`, x, top + 65, { size: 9.5, color: GRAY });
  f.y = top + boxH + 12;
}

function sourcesTable(ts: Typesetter, f: Flow, sources: PaperSource[]): void {
  const cols = [
    { title: '序号', w: 34 },
    { title: '来源', w: CW - 34 - 96 - 64 - 64 },
    { title: '类别', w: 96 },
    { title: '复制比', w: 64 },
    { title: '重复字数', w: 64 },
  ];
  const s: TextStyle = { size: 9.5 };
  const lead = 14;
  const { doc } = ts;
  const header = () => {
    f.need(22 + lead);
    let x = M.left;
    doc.rect(M.left, f.y, CW, 20).fill('#eeeeee');
    for (const c of cols) {
      ts.text(c.title, x + 4, f.y + 5, { size: 9.5, bold: true });
      x += c.w;
    }
    f.y += 20;
  };
  header();
  sources.forEach((src, i) => {
    const name = [displayTitle(src.title), src.detail ? `（${src.detail}）` : ''].join('');
    const lines = ts.wrap(name, cols[1].w - 8, s);
    const h = Math.max(1, lines.length) * lead + 8;
    if (f.y + h > BOTTOM) {
      f.page();
      header();
    }
    const cells = [`[${i + 1}]`, '', kindLabel(src), percent(src.similarity), String(src.matchedChars)];
    let x = M.left;
    cols.forEach((c, k) => {
      if (k === 1) lines.forEach((l, j) => ts.text(l, x + 4, f.y + 4 + j * lead, s));
      else ts.text(cells[k], x + 4, f.y + 4, s);
      x += c.w;
    });
    f.y += h;
    doc.moveTo(M.left, f.y).lineTo(M.left + CW, f.y).lineWidth(0.4).strokeColor(RULE).stroke();
  });
}

/** One passage's text on one line of prose: paragraph breaks become spaces. */
function flat(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function passages(ts: Typesetter, f: Flow, paper: ReportPaper, src: PaperSource, n: number): void {
  f.need(60);
  f.y += 6;
  const head: TextStyle = { size: 11, bold: true };
  paragraph(ts, f, `[${n}] ${displayTitle(src.title)}`, head, 17);
  paragraph(ts, f, `${kindLabel(src)}${src.detail ? `　${src.detail}` : ''}　复制比 ${percent(src.similarity)}　重复 ${src.matchedChars} 字${src.quotationChars ? `　引用 ${src.quotationChars} 字` : ''}`, { size: 9, color: GRAY }, 14);
  f.y += 2;
  const label: TextStyle = { size: 9, bold: true, color: GRAY };
  src.passages.forEach((p, k) => {
    f.need(44);
    ts.text(`片段 ${k + 1}（计 ${p.matchedChars} 字）`, M.left, f.y + 2, label);
    f.y += 16;
    paragraph(ts, f, `本文：${flat(paper.text, p.queryStart, p.queryEnd)}`, { size: 9.5 }, 15, M.left + 10);
    if (src.text) paragraph(ts, f, `来源：${flat(src.text, p.sourceStart, p.sourceEnd)}`, { size: 9.5, color: '#333333' }, 15, M.left + 10);
    f.y += 4;
  });
}

/** The report of one idea as a PDF. */
export async function renderOriginalityReport(paper: ReportPaper, options: PaperOptions = {}): Promise<Buffer> {
  const ts = new Typesetter({ title: `原创性检测报告：${displayTitle(paper.title)}`, subject: `${paper.unitName} ${paper.receiptNo ?? ''}`.trim() }, options.fonts);
  const f = new Flow(ts);
  ts.newPage();
  ts.textCentered('金点子原创性检测报告', M.left, CW, f.y, { size: 18, bold: true });
  f.y += 30;
  for (const line of ts.wrap(`《${displayTitle(paper.title)}》`, CW, { size: 13 })) {
    ts.textCentered(line, M.left, CW, f.y, { size: 13 });
    f.y += 19;
  }
  f.y += 6;
  const info: TextStyle = { size: 10 };
  const facts = [
    `单位：${paper.unitName}`,
    paper.receiptNo ? `回执号：${paper.receiptNo}` : null,
    `检测时间：${shanghaiTime(paper.checkedAt)}${paper.reason ? `（${REASON_LABELS[paper.reason] ?? paper.reason}）` : ''}`,
    `检测范围：历年各单位金点子与局参考文献库（不与本金点子的历次版本比对）`,
  ].filter((x): x is string => x !== null);
  for (const line of facts) paragraph(ts, f, line, info, 16);
  if (paper.stale) paragraph(ts, f, '注意：这个金点子在检测后修改过，本报告针对检测时的文字。', { size: 10, bold: true, color: '#b00000' }, 16);
  f.y += 6;
  summary(ts, f, paper);

  sectionTitle(ts, f, `相似来源（${paper.sources.length} 个，按复制比排序）`);
  if (paper.sources.length === 0) paragraph(ts, f, '未发现与其他金点子或参考文献相同的段落。', { size: 10.5 }, 18);
  else sourcesTable(ts, f, paper.sources);

  // Markers: the number of each source at the start of each of its passages.
  const markers = new Map<number, string>();
  paper.sources.forEach((src, i) => {
    for (const p of src.passages) markers.set(p.queryStart, markers.has(p.queryStart) ? `${markers.get(p.queryStart)!.slice(0, -1)},${i + 1}]` : `[${i + 1}]`);
  });
  const marks: Mark[] = [
    ...paper.spans.map((s) => ({ start: s.start, end: s.end, kind: s.label })),
  ];
  const segments = segment(paper.text.length, marks);

  sectionTitle(ts, f, '全文标注');
  paragraph(ts, f, '图例：带底色并加下划线的文字与来源相同（方括号内为来源序号），计入复制比；灰色文字为常用语（套话），灰色加虚线为注明出处的引用，均不计入。', { size: 9, color: GRAY }, 14);
  f.y += 6;
  await yieldToLoop();
  markedText(ts, f, paper, segments, markers);

  if (paper.sources.length > 0) {
    sectionTitle(ts, f, '来源片段对照');
    for (const [i, src] of paper.sources.entries()) {
      passages(ts, f, paper, src, i + 1);
      rule(ts, f, 2, 4);
      await yieldToLoop();
    }
  }

  f.need(40);
  f.y += 10;
  paragraph(ts, f, `打印：${paper.printedBy}　${shanghaiTime(paper.printedAt)}。本报告由金点子平台自动生成，复制比只说明文字相同的程度，是否构成抄袭由单位审核认定。`, { size: 8.5, color: GRAY }, 13);

  const short = [...displayTitle(paper.title)];
  const headTitle = short.length > 24 ? `${short.slice(0, 23).join('')}…` : short.join('');
  ts.eachPage((i, count) => {
    if (i > 0) ts.text(`原创性检测报告 · 《${headTitle}》 · ${paper.unitName}`, M.left, M.top - 26, { size: 8.5, color: GRAY });
    ts.textCentered(`第 ${i + 1} 页 / 共 ${count} 页`, M.left, CW, A4.height - M.bottom + 18, { size: 9, color: GRAY });
  });
  if (ts.glyphs.missing.size > 0) options.onMissingGlyphs?.([...ts.glyphs.missing]);
  return ts.finish();
}
