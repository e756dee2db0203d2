// The printed 金点子征集表 (issue 3, item 5), laid out like the attachment of the 2017 notice: one form
// per idea, the heading, a bordered table (填写单位（公章） with a box for the physical seal, 联系人,
// 联系电话, and the big cell labelled vertically with the suggestion), the 说明 under it, and on every
// sheet the receipt number, the batch digest and a QR code that opens the public verify page. Text that
// does not fit continues on 附页 sheets. A4, page numbers at the foot of every sheet.
import QRCode from 'qrcode';
import { A4, ParagraphFlow, Typesetter, groupDigest, paragraphs, yieldToLoop, type TextStyle } from './typeset.ts';
import { DEFAULT_ADVICE_LABEL, DEFAULT_FORM_NOTES, authorshipLine, displayTitle, shanghaiTime, type FormIdea, type FormsOptions } from './types.ts';

const M = { left: 62, right: 62, top: 46, bottom: 40 };
const CW = A4.width - M.left - M.right;
const LINE = 0.8;
const BODY: TextStyle = { size: 11.5 };
const BODY_LEAD = 20;
const PAD = 9;
const FOOTER_H = 96; // verification block + page number
const GRAY = '#555555';
const LIGHT = '#9a9a9a';

/** Draws `text` as a QR code (vector modules) with its top-left corner at (x, y). */
export function drawQr(ts: Typesetter, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 2); // a quiet zone of one module each side (the page around it is white too)
  const { doc } = ts;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

interface FormContext {
  ts: Typesetter;
  opts: FormsOptions;
  idea: FormIdea;
}

/** Where the QR code sits on every sheet (points from the top-left corner), with its quiet zone. */
export const QR_BOX = { x: M.left + CW - 74, y: A4.height - M.bottom - FOOTER_H + 6, size: 74 };

function footer(ctx: FormContext): void {
  const { ts, opts, idea } = ctx;
  const top = A4.height - M.bottom - FOOTER_H;
  const qr = QR_BOX.size;
  ts.doc.moveTo(M.left, top).lineTo(M.left + CW, top).lineWidth(0.4).strokeColor(LIGHT).stroke();
  drawQr(ts, opts.verifyUrl, QR_BOX.x, QR_BOX.y, qr);
  const s: TextStyle = { size: 8.5, color: '#222222' };
  const x = M.left;
  const w = CW - qr - 8;
  let y = top + 8;
  ts.text(`回执号：${idea.receiptNo}　　批次回执号：${opts.batchReceiptNo}　　封存时间：${shanghaiTime(opts.sealedAt)}`, x, y, s);
  y += 13;
  ts.text('批次数字摘要（SHA-256）：', x, y, s);
  y += 12;
  const g = groupDigest(opts.digest).split(' ');
  ts.text(g.slice(0, 4).join(' '), x + 8, y, { size: 8.5 });
  y += 11;
  ts.text(g.slice(4).join(' '), x + 8, y, { size: 8.5 });
  y += 13;
  for (const line of ts.wrap(`扫描右侧二维码或访问以下地址，核验本表与网上报送内容是否一致：${opts.verifyUrl}`, w, { size: 7.5, color: GRAY })) {
    ts.text(line, x, y, { size: 7.5, color: GRAY });
    y += 10;
  }
}

function heading(ts: Typesetter, text: string, y: number, size = 17): number {
  const style: TextStyle = { size, bold: true };
  for (const line of ts.wrap(text, CW, style)) {
    ts.textCentered(line, M.left, CW, y, style);
    y += size * 1.45;
  }
  return y;
}

function cellLabel(ts: Typesetter, text: string, x: number, y: number, w: number, h: number, size = 12): void {
  const style: TextStyle = { size };
  const lines = ts.wrap(text, w - 8, style);
  const lead = size * 1.35;
  let ly = y + (h - lines.length * lead) / 2 + (lead - size) / 2;
  for (const l of lines) {
    ts.textCentered(l, x, w, ly, style);
    ly += lead;
  }
}

/** The label of the big cell, one character under the other (shrunk until it fits). */
function verticalLabel(ts: Typesetter, text: string, x: number, y: number, w: number, h: number): void {
  const chars = [...text];
  let size = 13;
  while (size > 7 && chars.length * size * 1.5 > h - 16) size -= 0.5;
  const lead = size * 1.5;
  let cy = y + (h - chars.length * lead) / 2;
  for (const ch of chars) {
    ts.textCentered(ch, x, w, cy + (lead - size) / 2, { size });
    cy += lead;
  }
}

/** Fills a box from the flows; returns when the box or the text runs out. */
function fillBox(ts: Typesetter, flows: { flow: ParagraphFlow; lead: number; indent: number; after: number }[], x: number, y: number, w: number, bottom: number): number {
  for (const f of flows) {
    if (f.flow.done) continue;
    while (!f.flow.done) {
      if (y + f.lead > bottom) return y;
      const first = !f.flow.started;
      const line = f.flow.takeLine(w - (first ? f.indent : 0));
      ts.text(line, x + (first ? f.indent : 0), y + (f.lead - f.flow.style.size) / 2, f.flow.style);
      y += f.lead;
    }
    y += f.after;
  }
  return y;
}

function pageLabel(ts: Typesetter, text: string): void {
  ts.textRight(text, M.left + CW, M.top - 20, { size: 8.5, color: GRAY });
}

async function renderOne(ctx: FormContext): Promise<void> {
  const { ts, opts, idea } = ctx;
  const notes = opts.notes ?? DEFAULT_FORM_NOTES;
  ts.newPage();
  let y = heading(ts, opts.formTitle, M.top + 8);
  y += 6;
  const tableTop = y;
  const labelW = 112;
  const { doc } = ts;
  doc.lineWidth(LINE).strokeColor('#000000');

  // Row 1: 填写单位（公章） | unit name and the box for the physical seal (42 mm, a unit seal's diameter).
  const seal = 119;
  const row1 = seal + 14;
  cellLabel(ts, '填写单位（公章）', M.left, y, labelW, row1);
  const unitStyle: TextStyle = { size: 13 };
  const unitLines = ts.wrap(idea.unitName, CW - labelW - seal - 30, unitStyle);
  let uy = y + (row1 - unitLines.length * 19) / 2 + 3;
  for (const l of unitLines) {
    ts.text(l, M.left + labelW + 12, uy, unitStyle);
    uy += 19;
  }
  const sx = M.left + CW - seal - 7;
  doc.save().dash(3, { space: 2.5 }).lineWidth(0.6).strokeColor(LIGHT).rect(sx, y + 7, seal, seal).stroke().undash().restore();
  ts.textCentered('（盖章处）', sx, seal, y + 7 + seal / 2 - 5, { size: 9, color: LIGHT });
  doc.lineWidth(LINE).strokeColor('#000000');
  doc.moveTo(M.left, y + row1).lineTo(M.left + CW, y + row1).stroke();
  doc.moveTo(M.left + labelW, y).lineTo(M.left + labelW, y + row1).stroke();
  y += row1;

  // Row 2: 联系人 | name | 联系电话 | phone.
  const row2 = 36;
  const nameW = 128;
  const label2W = 92;
  cellLabel(ts, '联系人', M.left, y, labelW, row2);
  cellLabel(ts, idea.contactName, M.left + labelW, y, nameW, row2, 12);
  cellLabel(ts, '联系电话', M.left + labelW + nameW, y, label2W, row2);
  cellLabel(ts, idea.contactPhone, M.left + labelW + nameW + label2W, y, CW - labelW - nameW - label2W, row2, 12);
  for (const vx of [labelW, labelW + nameW, labelW + nameW + label2W]) doc.moveTo(M.left + vx, y).lineTo(M.left + vx, y + row2).stroke();
  doc.moveTo(M.left, y + row2).lineTo(M.left + CW, y + row2).stroke();
  y += row2;

  // The 说明 under the table, then the footer: the big cell takes what is left.
  const noteStyle: TextStyle = { size: 9, color: '#222222' };
  const noteText = `说明：${notes.map((n, i) => `${i + 1}.${n}`).join('')}`;
  const noteLines = ts.wrap(noteText, CW, noteStyle);
  const notesH = noteLines.length * 13.5 + 8;
  const tableBottom = A4.height - M.bottom - FOOTER_H - notesH - 6;

  // Row 3: the vertical label | title, meta line, the suggestion.
  const vLabelW = 40;
  verticalLabel(ts, opts.adviceLabel ?? DEFAULT_ADVICE_LABEL, M.left, y, vLabelW, tableBottom - y);
  doc.moveTo(M.left + vLabelW, y).lineTo(M.left + vLabelW, tableBottom).stroke();
  doc.rect(M.left, tableTop, CW, tableBottom - tableTop).stroke();

  const bx = M.left + vLabelW + PAD;
  const bw = CW - vLabelW - 2 * PAD;
  const meta = `议题：${idea.topic || '—'}　　作者：${authorshipLine(idea.authorship, idea.authors, idea.unitName)}　　字数：${idea.charCount}`;
  const flows = [
    { flow: new ParagraphFlow(ts, `题目：${displayTitle(idea.title)}`, { size: 13, bold: true }), lead: 20, indent: 0, after: 2 },
    { flow: new ParagraphFlow(ts, meta, { size: 9, color: GRAY }), lead: 13, indent: 0, after: 8 },
    ...paragraphs(idea.body).map((p) => ({ flow: new ParagraphFlow(ts, p, BODY), lead: BODY_LEAD, indent: 2 * BODY.size, after: 2 })),
    ...(idea.attachments ?? []).map((a, i) => ({
      flow: new ParagraphFlow(ts, `${i === 0 ? '附件：' : '　　　'}${i + 1}. ${a.name}（SHA-256 ${a.sha256.slice(0, 16)}…）`, { size: 9.5, color: GRAY }),
      lead: 15,
      indent: 0,
      after: 0,
    })),
  ];
  fillBox(ts, flows, bx, y + PAD, bw, tableBottom - PAD);

  let ny = tableBottom + 8;
  for (const l of noteLines) {
    ts.text(l, M.left, ny, noteStyle);
    ny += 13.5;
  }
  footer(ctx);

  // 附页: the suggestion continues in a bordered box on sheets of its own.
  let n = 0;
  while (flows.some((f) => !f.flow.done)) {
    n++;
    ts.newPage();
    let hy = heading(ts, `附页 ${n}`, M.top + 8, 16);
    // One line: the title is shortened if needed (the full title is on the form's first sheet).
    const subStyle: TextStyle = { size: 10, color: GRAY };
    const tail = `》　回执号 ${idea.receiptNo}）`;
    let title = [...displayTitle(idea.title)];
    while (title.length > 4 && ts.width(`（续《${title.join('')}${tail}`, subStyle) > CW) title = [...title.slice(0, -2), '…'];
    ts.textCentered(`（续《${title.join('')}${tail}`, M.left, CW, hy, subStyle);
    hy += 14;
    const top = hy + 6;
    const bottom = A4.height - M.bottom - FOOTER_H - 10;
    doc.lineWidth(LINE).strokeColor('#000000').rect(M.left, top, CW, bottom - top).stroke();
    fillBox(ts, flows, M.left + PAD + 4, top + PAD, CW - 2 * PAD - 8, bottom - PAD);
    footer(ctx);
  }
}

/** The filled forms of a sealed batch, one per idea, as a PDF. */
export async function renderIdeaForms(forms: FormIdea[], options: FormsOptions): Promise<Buffer> {
  const ts = new Typesetter(
    { title: `${options.formTitle}（批次回执号 ${options.batchReceiptNo}）`, subject: `SHA-256 ${options.digest}` },
    options.fonts,
  );
  const sheets: { receiptNo: string; n: number; of: number }[] = [];
  for (const idea of forms) {
    const before = ts.pageCount();
    await renderOne({ ts, opts: options, idea });
    await yieldToLoop();
    const of = ts.pageCount() - before;
    for (let n = 1; n <= of; n++) sheets.push({ receiptNo: idea.receiptNo, n, of });
  }
  ts.eachPage((i, count) => {
    const s = sheets[i];
    if (s) pageLabel(ts, `回执号：${s.receiptNo}　本表第 ${s.n} 页／共 ${s.of} 页`);
    if (options.notice) ts.text(options.notice, M.left, M.top - 20, { size: 8.5, bold: true, color: '#b00000' });
    ts.textCentered(`第 ${i + 1} 页　共 ${count} 页`, M.left, CW, A4.height - M.bottom + 10, { size: 9, color: GRAY });
  });
  if (ts.glyphs.missing.size > 0) options.onMissingGlyphs?.([...ts.glyphs.missing]);
  return ts.finish();
}
