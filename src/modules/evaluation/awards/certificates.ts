// Certificates (奖状 / 荣誉证书) of an evaluation round's awarded ideas: landscape A4, a red double
// frame, the red title 荣誉证书, the addressee (unit and authors), the text
// "你（们）的金点子《…》在〔活动〕中荣获 一等奖。特发此证，以资鼓励。", and at the bottom right the issuing
// bureau and the date in Chinese numerals (二〇一七年十一月) over a dashed circle left for the seal.
// One page per certificate; the same renderer makes one idea's PDF and the round's whole set.
// Fonts and the per-character fallback are the printed forms' (ideas/print/fonts.ts via Typesetter),
// so pdftotext gets the Chinese back.
import { Typesetter, yieldToLoop, type TextStyle } from '../../ideas/print/typeset.ts';
import type { FontChoice } from '../../ideas/print/fonts.ts';

export interface Certificate {
  unitName: string;
  authorship: 'individual' | 'collective';
  authors: string[];
  ideaTitle: string;
  campaignTitle: string;
  /** 一等奖 … 优秀奖 */
  tierLabel: string;
  issuer: string;
  /** 二〇一七年十一月 */
  dateText: string;
  /** Printed small at the bottom left, e.g. "证书编号：JDZ-2017-3-0001". */
  number: string;
}

const PAGE = { width: 841.89, height: 595.28 };
const RED = '#C8102E';
const INK = '#222222';
const GRAY = '#777777';
const LEFT = 112;
const RIGHT = PAGE.width - 112;

/** The addressee: "城关第一小学 张三、李四：" (a collective without names: the unit alone). */
export function addressee(c: Certificate): string {
  const names = c.authors.filter((a) => a.trim()).join('、');
  return `${c.unitName}${names ? ` ${names}` : ''}：`;
}

/** 你 for one named author, 你们 otherwise. */
export function bodyText(c: Certificate): string {
  const you = c.authorship === 'individual' && c.authors.length === 1 ? '你' : '你们';
  return `${you}的金点子《${c.ideaTitle}》在${c.campaignTitle}中荣获 ${c.tierLabel}。`;
}

/**
 * The text's lines at `size`: the addressee, then the body up to 荣获 with the tier (and its 。) kept
 * whole at the end of the last line (or alone on a line of its own).
 */
function bodyLines(ts: Typesetter, c: Certificate, width: number, size: number) {
  const style: TextStyle = { size, color: INK };
  const addr = ts.wrap(addressee(c), width, style);
  const full = bodyText(c);
  const prefix = full.slice(0, full.length - c.tierLabel.length - 1);
  const body = ts.wrap(prefix, width, style, size * 2);
  const tail = ts.width(`${c.tierLabel}。`, { size, bold: true });
  const lastWidth = ts.width(body[body.length - 1] ?? '', style) + (body.length === 1 ? size * 2 : 0);
  if (lastWidth + tail > width) body.push('');
  return { style, addr, body, count: addr.length + body.length + 1 };
}

function page(ts: Typesetter, c: Certificate) {
  const { doc } = ts;
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  // Frame: a thick outer and a thin inner red line.
  doc.save();
  doc.lineWidth(4).strokeColor(RED).rect(26, 26, PAGE.width - 52, PAGE.height - 52).stroke();
  doc.lineWidth(1).strokeColor(RED).rect(36, 36, PAGE.width - 72, PAGE.height - 72).stroke();
  doc.restore();

  ts.textCentered('荣誉证书', 0, PAGE.width, 70, { size: 50, bold: true, color: RED });

  // Body: the largest size (22 → 14 pt) at which the addressee and text fit above the signature
  // block. The tier is never split across lines and is set in bold red.
  const width = RIGHT - LEFT;
  const bodyTop = 170;
  const bodyBottom = 395;
  let layout = bodyLines(ts, c, width, 22);
  for (const size of [20, 18, 16, 14]) {
    if (layout.count * layout.style.size * 1.8 <= bodyBottom - bodyTop) break;
    layout = bodyLines(ts, c, width, size);
  }
  const { style } = layout;
  const lead = style.size * 1.8;
  let y = bodyTop;
  for (const l of layout.addr) {
    ts.text(l, LEFT, y, style);
    y += lead;
  }
  layout.body.forEach((l, i) => {
    const x = LEFT + (i === 0 ? style.size * 2 : 0);
    ts.text(l, x, y, style);
    if (i === layout.body.length - 1) {
      const tierStyle: TextStyle = { size: style.size, bold: true, color: RED };
      const tx = x + ts.width(l, style);
      ts.text(c.tierLabel, tx, y, tierStyle);
      ts.text('。', tx + ts.width(c.tierLabel, tierStyle), y, style);
    }
    y += lead;
  });
  ts.text('特发此证，以资鼓励。', LEFT + style.size * 2, y, style);

  // Signature block at the bottom right: issuer and date centred on one column, the seal's circle over them.
  const colW = 260;
  const colX = RIGHT - colW;
  const sig: TextStyle = { size: 20, color: INK };
  ts.textCentered(c.issuer, colX, colW, 430, sig);
  ts.textCentered(c.dateText, colX, colW, 468, sig);
  doc.save();
  doc.lineWidth(0.8).strokeColor('#BBBBBB').dash(4, { space: 4 }).circle(colX + colW / 2, 455, 58).stroke().undash();
  doc.restore();
  ts.textCentered('（盖章）', colX, colW, 515, { size: 9, color: GRAY });
  ts.text(c.number, 60, PAGE.height - 62, { size: 9, color: GRAY });
}

export async function renderCertificates(certs: Certificate[], meta: { title: string; author: string }, fonts?: FontChoice): Promise<{ buffer: Buffer; missing: string[] }> {
  const ts = new Typesetter({ title: meta.title, subject: '荣誉证书', author: meta.author }, fonts);
  for (const c of certs) {
    page(ts, c);
    await yieldToLoop();
  }
  const buffer = await ts.finish();
  return { buffer, missing: [...ts.glyphs.missing] };
}
