// Inside the worker: sniff the file's real type, run the pre-checks, then let mammoth (.docx, fed
// the package rebuilt from the checked entries) or word-extractor (.doc, after the CFB check) read
// the paragraphs and tables.
import { checkDocx, rebuildZip } from './zip-check.ts';
import { CFB_MAGIC, checkCfb } from './cfb-check.ts';
import { RefusedError, refuse } from './refusal.ts';
import type { Block } from './types.ts';

export const MAX_WORD_FILE_BYTES = 30 * 1024 * 1024;

export interface Parsed {
  blocks: Block[];
  notices: string[];
}

interface MammothNode {
  type: string;
  value?: string;
  breakType?: string;
  children?: MammothNode[];
}

function textOf(node: MammothNode): string {
  switch (node.type) {
    case 'text':
      return node.value ?? '';
    case 'tab':
      return '\t';
    case 'break':
      return node.breakType === 'line' ? '\n' : '';
    case 'note':
    case 'comment':
    case 'image':
      return '';
    default:
      return (node.children ?? []).map(textOf).join('');
  }
}

/** Paragraphs of a cell (nested tables flattened to their paragraphs). */
function cellParagraphs(node: MammothNode): string[] {
  const out: string[] = [];
  for (const c of node.children ?? []) {
    if (c.type === 'paragraph') out.push(...textOf(c).split('\n'));
    else if (c.type === 'table') for (const row of c.children ?? []) for (const cell of row.children ?? []) out.push(...cellParagraphs(cell));
    else out.push(...cellParagraphs(c));
  }
  return out;
}

function blocksOf(node: MammothNode, out: Block[]): Block[] {
  for (const c of node.children ?? []) {
    if (c.type === 'paragraph') for (const line of textOf(c).split('\n')) out.push({ kind: 'p', text: line });
    else if (c.type === 'table') {
      out.push({ kind: 'table', rows: (c.children ?? []).filter((r) => r.type === 'tableRow').map((r) => (r.children ?? []).map(cellParagraphs)) });
    } else blocksOf(c, out);
  }
  return out;
}

async function parseDocx(buf: Buffer): Promise<Parsed> {
  const checked = checkDocx(buf);
  const notices = checked.dropped.length ? ['文件中嵌入的对象（OLE，如嵌入的表格或演示文稿）已忽略，只读取了文字。'] : [];
  let blocks: Block[] = [];
  // Loaded only once the pre-check passed: a refused file never costs the library's start-up.
  const { default: mammoth } = await import('mammoth');
  try {
    await mammoth.convertToHtml(
      { buffer: rebuildZip(checked.entries) },
      {
        externalFileAccess: false,
        // We only want the document model: capture it and let mammoth render nothing (no images read).
        transformDocument: (doc: MammothNode) => {
          blocks = blocksOf(doc, []);
          return { ...doc, children: [] };
        },
      } as Parameters<typeof mammoth.convertToHtml>[1],
    );
  } catch (e) {
    if (e instanceof RefusedError) throw e;
    refuse('MALFORMED');
  }
  return { blocks, notices };
}

/**
 * word-extractor gives the body as text: a cell ends with a tab, a row with "\t\n", and the
 * paragraphs inside a cell are separated by "\n". A row is read from the line where it starts up
 * to the line that ends with a tab; a row's first cell may span up to three lines before its tab.
 */
export function docTextToBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let table: string[][][] | null = null;
  const flush = () => {
    if (table) blocks.push({ kind: 'table', rows: table });
    table = null;
  };
  let i = 0;
  while (i < lines.length) {
    // Does a row start here? Its first tab must come within three lines.
    let j = i;
    while (j < lines.length && j < i + 3 && !lines[j].includes('\t')) j++;
    if (j < lines.length && lines[j].includes('\t') && (j === i || table)) {
      let end = j;
      while (end < lines.length - 1 && !lines[end].endsWith('\t')) end++;
      const rowText = lines.slice(i, end + 1).join('\n').replace(/\t$/, '');
      const cells = rowText.split('\t').map((c) => c.split('\n').map((s) => s.trim()));
      table ??= [];
      table.push(cells);
      i = end + 1;
      continue;
    }
    flush();
    blocks.push({ kind: 'p', text: lines[i] });
    i++;
  }
  flush();
  return blocks;
}

async function parseDoc(buf: Buffer): Promise<Parsed> {
  checkCfb(buf);
  const { default: WordExtractor } = await import('word-extractor');
  try {
    const doc = await new WordExtractor().extract(buf);
    return { blocks: docTextToBlocks(doc.getBody({ filterUnicode: false })), notices: [] };
  } catch (e) {
    if (e instanceof RefusedError) throw e;
    return refuse('MALFORMED');
  }
}

/** Sniffs the content (never the name) and parses; throws RefusedError. */
export async function parseWord(buf: Buffer): Promise<Parsed> {
  if (buf.length === 0) refuse('EMPTY_FILE');
  if (buf.length > MAX_WORD_FILE_BYTES) refuse('FILE_TOO_LARGE', { limit: '30 MB' });
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return parseDocx(buf);
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x06054b50) refuse('MALFORMED');
  if (buf.length >= 8 && buf.subarray(0, 8).equals(CFB_MAGIC)) return parseDoc(buf);
  const head = buf.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (head.startsWith('{\\rtf') || head.startsWith('<html') || head.startsWith('<!doctype html') || head.startsWith('mime-version') || head.includes('urn:schemas-microsoft-com:office:word')) refuse('RTF_OR_HTML');
  return refuse('NOT_WORD');
}
