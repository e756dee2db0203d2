// The compiled volume as .docx: a cover, a real TOC field (docx writes it pre-filled with an entry per
// heading, so it is not empty before Word updates the field; Word fills in the page numbers on
// "更新域"), then sectors (Heading 1, each on a new page), units (Heading 2) and ideas (Heading 3) with
// their details and paragraphs. Fonts: 宋体 for text, 黑体 for headings, as Chinese offices expect.
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
  type IRunOptions,
} from 'docx';
import { authorshipLine, displayTitle, shanghaiTime } from '../print/types.ts';
import { chineseDate, groupVolume, type Volume } from './types.ts';

const SONG = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const HEI = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

function run(text: string, o: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text, font: SONG, ...o });
}

export async function renderVolumeDocx(volume: Volume): Promise<Buffer> {
  const groups = groupVolume(volume.ideas);
  const units = groups.reduce((n, s) => n + s.units.length, 0);
  const body: (Paragraph | TableOfContents)[] = [];

  // Cover.
  body.push(new Paragraph({ spacing: { before: 3600 }, alignment: AlignmentType.CENTER, children: [new TextRun({ text: volume.campaignTitle, bold: true, size: 44, font: HEI })] }));
  body.push(new Paragraph({ spacing: { before: 600 }, alignment: AlignmentType.CENTER, children: [new TextRun({ text: '金点子汇编', bold: true, size: 60, font: HEI })] }));
  body.push(new Paragraph({ spacing: { before: 600 }, alignment: AlignmentType.CENTER, children: [run(`共 ${volume.ideas.length} 条 · ${units} 个单位 · ${groups.length} 个板块`, { size: 26, color: '555555' })] }));
  body.push(new Paragraph({ spacing: { before: 4000 }, alignment: AlignmentType.CENTER, children: [run(chineseDate(volume.date), { size: 30 })] }));
  if (volume.exportedBy || volume.exportedAt) {
    body.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [run(`导出人：${volume.exportedBy ?? ''}　导出时间：${shanghaiTime(volume.exportedAt ?? volume.date)}`, { size: 18, color: '555555' })] }));
  }

  // Contents.
  body.push(new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: '目　录', bold: true, size: 40, font: HEI })] }));
  body.push(new TableOfContents('目录', { hyperlink: true, headingStyleRange: '1-3' }));

  for (const s of groups) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, alignment: AlignmentType.CENTER, children: [new TextRun({ text: s.sectorName, font: HEI })] }));
    for (const u of s.units) {
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: u.unitName, font: HEI })] }));
      body.push(new Paragraph({ children: [run(`单位类型：${u.unitType}　金点子 ${u.ideas.length} 条`, { size: 18, color: '555555' })] }));
      for (const idea of u.ideas) {
        body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: displayTitle(idea.title), font: HEI })] }));
        const meta = [
          `单位：${idea.unitName}`,
          `作者：${authorshipLine(idea.authorship, idea.authors, idea.unitName)}`,
          `议题：${idea.topic || '—'}`,
          `字数：${idea.charCount}`,
          `回执号：${idea.receiptNo ?? '—'}`,
        ].join('　');
        body.push(new Paragraph({ spacing: { after: 120 }, children: [run(meta, { size: 18, color: '555555' })] }));
        for (const p of idea.body.replace(/\r\n?/g, '\n').split('\n')) {
          const t = p.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
          if (!t) continue;
          body.push(new Paragraph({ indent: { firstLine: 480 }, spacing: { line: 360 }, children: [run(t, { size: 24 })] }));
        }
      }
    }
  }

  const doc = new Document({
    creator: volume.exportedBy ?? 'Jindianzi 金点子',
    title: `${volume.campaignTitle} 金点子汇编`,
    description: 'Jindianzi 金点子',
    features: { updateFields: true },
    styles: {
      default: { document: { run: { font: SONG, size: 24 } } },
      paragraphStyles: [
        { id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: HEI, size: 36, bold: true }, paragraph: { spacing: { before: 240, after: 360 } } },
        { id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: HEI, size: 30, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
        { id: 'Heading3', name: 'Heading 3', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { font: HEI, size: 26, bold: true }, paragraph: { spacing: { before: 240, after: 80 } } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } },
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 18 })] })] }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
