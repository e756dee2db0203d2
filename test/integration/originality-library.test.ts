// The bureau's reference library, stock-phrase list and thresholds over real HTTP on SQLite and
// PostgreSQL (issue 4 items 2, 3, 5): pasted text and uploaded .txt/.docx/.pdf (text extracted in a
// worker) indexed as "ref:<id>" and found by a check; hostile or unreadable files refused with a
// clear message and nothing changed; deletion takes a text out of the index; the bureau's list and
// thresholds change what a check counts and how it is coloured; every change is audited.
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { startCampaign2017 } from '../helpers/ideas.ts';
import { REPO_ROOT, requireSharedData, skipReason } from '../helpers/env.ts';
import { PRIMARY_FONTS } from '../../src/modules/ideas/print/fonts.ts';
import { normalize } from '../../src/modules/originality/engine/normalize.ts';
import { DEFAULT_STOCK_PHRASES } from '../../src/modules/originality/engine/stock-phrases.ts';
import { ReferenceListOut, StockListOut } from '../../src/modules/originality/originality.schema.ts';
import { checkNow, originalityCorpus, sendIdeaWith } from './originality-fixtures.ts';

const shared = requireSharedData();
const WORD_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/word');

async function pdfOf(text: string | null): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  if (text === null) doc.rect(100, 100, 200, 200).fill('#888'); // a "scan": no text layer
  else doc.font(PRIMARY_FONTS.regular).fontSize(11).text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

const docxOf = (text: string) => Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) }] }));

function form(fields: Record<string, string>, file?: { name: string; data: Buffer | Uint8Array }) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  return f;
}

describe.skipIf(skipReason(shared))('originality reference library, stock phrases, thresholds', () => {
 describeDialects('originality reference library, stock phrases, thresholds', (_dialect, getDb) => {
  const { docs, queries } = skipReason(shared) ? { docs: new Map(), queries: new Map() } : originalityCorpus();
  let s: TestServer;
  let admin: Client;
  let unitAdmin: Client;
  let member: Client;

  const counts = async () => {
    const db = s.database.db;
    const refs = await db.selectFrom('originality_references').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const srcs = await db.selectFrom('originality_sources').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'reference').executeTakeFirstOrThrow();
    return { refs: Number(refs.n), sources: Number(srcs.n) };
  };

  beforeAll(async () => {
    const r = await startWithCast(getDb());
    s = r.server;
    admin = r.admin;
    await startCampaign2017(admin);
    unitAdmin = new Client(s.url);
    await unitAdmin.login('unitadmin', PASSWORD);
    member = new Client(s.url);
    await member.login('member', PASSWORD);
  });
  afterAll(async () => s?.close());

  const refIds: Record<string, number> = {};

  it('takes pasted text and .txt, .docx and .pdf uploads, with title and origin', async () => {
    const r01 = docs.get('r01')!;
    const pasted = await admin.post('/api/originality/references', { title: r01.title, origin: '县教育局文件（2016）', text: r01.text });
    expect(pasted.status, pasted.text).toBe(201);
    expect(pasted.body).toMatchObject({ title: r01.title, origin: '县教育局文件（2016）', kind: 'paste', fileName: null });
    expect(pasted.body.chars).toBe(normalize(r01.text).text.length);
    refIds.r01 = pasted.body.id;

    const r05 = docs.get('r05')!;
    const txt = await admin.post('/api/originality/references/upload', form({ title: r05.title, origin: '校园文化建设方案' }, { name: '方案.txt', data: Buffer.from(`\uFEFF${r05.text}`, 'utf8') }));
    expect(txt.status, txt.text).toBe(201);
    expect(txt.body).toMatchObject({ kind: 'txt', fileName: '方案.txt' });
    refIds.r05 = txt.body.id;

    const r06 = docs.get('r06')!;
    const docx = await admin.post('/api/originality/references/upload', form({ title: r06.title, origin: '若干意见' }, { name: '意见.docx', data: await docxOf(r06.text) }));
    expect(docx.status, docx.text).toBe(201);
    expect(docx.body.kind).toBe('docx');
    refIds.r06 = docx.body.id;
    const docxText = (await admin.get(`/api/originality/references/${docx.body.id}`)).body.text;
    expect(normalize(docxText).text).toBe(normalize(r06.text).text);

    // An old .doc (the Word pre-checks for CFB files, then word-extractor).
    const doc = await admin.post('/api/originality/references/upload', form({ title: '征集表（.doc）', origin: '旧版 Word' }, { name: '征集表.doc', data: fs.readFileSync(path.join(WORD_FIXTURES, 'form-table.doc')) }));
    expect(doc.status, doc.text).toBe(201);
    expect(doc.body.kind).toBe('doc');
    expect((await admin.delete(`/api/originality/references/${doc.body.id}`)).status).toBe(204);

    const r02 = docs.get('r02')!;
    const pdf = await admin.post('/api/originality/references/upload', form({ title: r02.title, origin: 'PDF 文件' }, { name: '教师队伍.pdf', data: await pdfOf(r02.text) }));
    expect(pdf.status, pdf.text).toBe(201);
    expect(pdf.body.kind).toBe('pdf');
    refIds.r02 = pdf.body.id;
    const pdfText = (await admin.get(`/api/originality/references/${pdf.body.id}`)).body.text;
    // The PDF's text layer gives the text back (line breaks where the page wrapped).
    expect(normalize(pdfText).text).toBe(normalize(r02.text).text);

    const list = ReferenceListOut.parse((await admin.get('/api/originality/references')).body);
    expect(list.items.map((i) => i.id).sort()).toEqual(Object.values(refIds).sort());
    expect(await counts()).toEqual({ refs: 4, sources: 4 });
    const audits = await s.database.db.selectFrom('audit_log').select(['action', 'target_type']).where('action', 'like', 'originality.references.%').where('outcome', '=', 'success').execute();
    expect(audits.length).toBe(6); // five added, one deleted
  }, 120_000);

  it('refuses bad uploads with a clear message and changes nothing', async () => {
    const before = await counts();
    const auditBefore = (await s.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m;
    const fields = { title: '坏文件', origin: '测试' };
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const cases: Array<{ what: string; body: FormData | object; json?: boolean; status: number; code: string; message: RegExp }> = [
      { what: 'empty file', body: form(fields, { name: 'a.txt', data: Buffer.alloc(0) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /文件是空的/ },
      { what: 'binary named .txt', body: form(fields, { name: 'a.txt', data: png }), status: 400, code: 'REFERENCE_UNREADABLE', message: /不是文本、Word（\.docx）或 PDF 文件/ },
      { what: 'zip bomb', body: form(fields, { name: 'z.docx', data: fs.readFileSync(path.join(WORD_FIXTURES, 'zip-bomb.docx')) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /压缩炸弹/ },
      { what: 'XXE', body: form(fields, { name: 'x.docx', data: fs.readFileSync(path.join(WORD_FIXTURES, 'xxe.docx')) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /DOCTYPE/ },
      { what: 'encrypted docx', body: form(fields, { name: 'e.docx', data: fs.readFileSync(path.join(WORD_FIXTURES, 'encrypted.docx')) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /加密/ },
      { what: 'remote template', body: form(fields, { name: 'r.docx', data: fs.readFileSync(path.join(WORD_FIXTURES, 'remote-template.docx')) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /外部内容/ },
      { what: 'damaged PDF', body: form(fields, { name: 'd.pdf', data: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage') }), status: 400, code: 'REFERENCE_UNREADABLE', message: /PDF/ },
      { what: 'scanned PDF', body: form(fields, { name: 's.pdf', data: await pdfOf(null) }), status: 400, code: 'REFERENCE_UNREADABLE', message: /没有可提取的文字/ },
      { what: 'too short', body: form(fields, { name: 't.txt', data: Buffer.from('太短了。') }), status: 400, code: 'REFERENCE_TOO_SHORT', message: /至少需要 13 个字/ },
      { what: 'no title', body: form({ origin: '测试' }, { name: 't.txt', data: Buffer.from(docs.get('r03')!.text) }), status: 400, code: 'VALIDATION_FAILED', message: /标题/ },
      { what: 'no file', body: form(fields), status: 400, code: 'FILE_REQUIRED', message: /请选择要上传的文件/ },
      { what: 'two files', body: (() => { const f = form(fields, { name: 'a.txt', data: Buffer.from(docs.get('r03')!.text) }); f.append('file', new Blob(['x']), 'b.txt'); return f; })(), status: 400, code: 'VALIDATION_FAILED', message: /一个文件/ },
      { what: 'unknown field', body: form({ ...fields, unit: '1' }, { name: 'a.txt', data: Buffer.from(docs.get('r03')!.text) }), status: 400, code: 'UNKNOWN_FIELD', message: /unit/ },
      { what: 'JSON to the upload route', body: { title: 'x', origin: 'y', text: docs.get('r03')!.text }, json: true, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /不支持/ },
      { what: 'pasted text too short', body: { title: 'x', origin: 'y', text: '只有几个字' }, json: true, status: 400, code: 'REFERENCE_TOO_SHORT', message: /至少需要/ },
    ];
    for (const c of cases) {
      const url = c.what === 'pasted text too short' ? '/api/originality/references' : '/api/originality/references/upload';
      const r = await admin.post(url, c.body);
      expect(r.status, `${c.what}: ${r.text}`).toBe(c.status);
      expect(r.body.error.code, c.what).toBe(c.code);
      expect(r.body.error.message, c.what).toMatch(c.message);
    }
    // Too large: cut off while streaming (413), nothing kept.
    const big = await admin.post('/api/originality/references/upload', form(fields, { name: 'big.txt', data: Buffer.alloc(20 * 1024 * 1024 + 10, 0x41) }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    expect(await counts()).toEqual(before);
    // Every refusal was audited as a failure; no success record.
    const after = await s.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('seq', '>', Number(auditBefore)).execute();
    expect(after.filter((a) => a.outcome === 'success')).toEqual([]);
    expect(after.length).toBe(cases.length + 1);
    // An English client reads the reason in English.
    const en = await admin.post('/api/originality/references/upload', form(fields, { name: 'a.txt', data: png }), { 'accept-language': 'en-US' });
    expect(en.body.error.message).toMatch(/not a text, Word \(\.docx\) or PDF file/);
  }, 180_000);

  let copyIdea: number;

  it('finds a copy of a library text as a reference source with its origin; deleting the text takes it out', async () => {
    const q = queries.get('q14')!; // a copy of r01
    copyIdea = await sendIdeaWith(member, q.title, q.text);
    const page = await checkNow(unitAdmin, copyIdea);
    const src = page.report.sources.find((x: { source: string }) => x.source === `ref:${refIds.r01}`);
    expect(src, JSON.stringify(page.report.sources.map((x: { source: string }) => x.source))).toBeDefined();
    expect(src).toMatchObject({ kind: 'reference', referenceId: refIds.r01, title: docs.get('r01')!.title, origin: '县教育局文件（2016）', unitName: null, ideaId: null });
    expect(src.similarity).toBeGreaterThan(0.3);
    // The source text shown is the library's text, and passages point into it.
    for (const p of src.passages) expect(normalize(src.text.slice(p.sourceStart, p.sourceEnd)).text).toBe(normalize(page.report.text.slice(p.queryStart, p.queryEnd)).text);

    const del = await admin.delete(`/api/originality/references/${refIds.r01}`);
    expect(del.status).toBe(204);
    expect((await admin.delete(`/api/originality/references/${refIds.r01}`)).status).toBe(404);
    expect(await counts()).toEqual({ refs: 3, sources: 3 });
    const again = await checkNow(unitAdmin, copyIdea);
    expect(again.report.sources.map((x: { source: string }) => x.source)).not.toContain(`ref:${refIds.r01}`);
    // The earlier report keeps what it found (stored with its texts); the newest one is shown.
    expect(again.report.similarity).toBeLessThan(page.report.similarity);
  });

  it('keeps the bureau stock-phrase list: seeded, validated, audited, and used by the next check', async () => {
    const list = StockListOut.parse((await admin.get('/api/originality/stock-phrases')).body);
    expect(list.items.map((i) => i.phrase)).toEqual([...DEFAULT_STOCK_PHRASES]);
    expect(list.updatedAt).toBeNull();

    const bad = await admin.put('/api/originality/stock-phrases', { phrases: [...DEFAULT_STOCK_PHRASES, '教育', '  '] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/套话至少 4 个字.*“教育”/);
    expect((await admin.get('/api/originality/stock-phrases')).body.items.length).toBe(DEFAULT_STOCK_PHRASES.length);

    // A sentence of the copied text becomes a stock phrase: the next check greys it and counts less.
    const r05 = docs.get('r05')!;
    const q15 = queries.get('q15')!; // a copy of r05
    const idea = await sendIdeaWith(member, q15.title, q15.text);
    const before = await checkNow(unitAdmin, idea);
    const src = before.report.sources.find((x: { source: string }) => x.source === `ref:${refIds.r05}`);
    expect(src).toBeDefined();
    const p = src.passages[0];
    const sentence = src.text.slice(p.sourceStart, p.sourceEnd).split(/[。；！？\n]/).sort((a: string, b: string) => b.length - a.length)[0];
    expect(normalize(sentence).text.length).toBeGreaterThan(20);
    expect(r05.text).toContain(sentence);
    const put = await admin.put('/api/originality/stock-phrases', { phrases: [...DEFAULT_STOCK_PHRASES, sentence, `  ${sentence}  `] });
    expect(put.status, put.text).toBe(200);
    expect(put.body.items.length).toBe(DEFAULT_STOCK_PHRASES.length + 1); // the duplicate dropped
    expect(put.body.updatedAt).not.toBeNull();
    const after = await checkNow(unitAdmin, idea);
    expect(after.report.stockChars).toBeGreaterThan(before.report.stockChars);
    expect(after.report.similarity).toBeLessThan(before.report.similarity);
    const at = after.report.text.indexOf(sentence);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(after.report.spans.some((x: { label: string; start: number; end: number }) => x.label === 'stock' && x.start <= at + 2 && x.end >= at + sentence.length - 2)).toBe(true);

    const audit = await s.database.db.selectFrom('audit_log').select(['outcome']).where('action', '=', 'originality.stock.update').execute();
    expect(audit.map((a) => a.outcome).sort()).toEqual(['failure', 'success']);
    expect((await unitAdmin.put('/api/originality/stock-phrases', { phrases: [] })).status).toBe(403);
  });

  it('colours by the bureau thresholds; a bad pair is refused and nothing changes', async () => {
    const t = await unitAdmin.get('/api/originality/thresholds');
    expect(t.body).toMatchObject({ red: 0.3, orange: 0.15, updatedAt: null });
    const fig = (await member.get(`/api/ideas/${copyIdea}/originality/summary`)).body;
    const bad = await admin.put('/api/originality/thresholds', { red: 0.1, orange: 0.2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('橙色阈值必须低于红色阈值');
    expect((await admin.put('/api/originality/thresholds', { red: 1.5, orange: 0.2 })).status).toBe(400);
    expect((await unitAdmin.get('/api/originality/thresholds')).body.red).toBe(0.3);
    // Thresholds just above the figure: the same figure is now "ok".
    const red = Math.min(1, fig.similarity + 0.02);
    const ok = await admin.put('/api/originality/thresholds', { red, orange: fig.similarity + 0.01 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.red).toBeCloseTo(red, 10);
    const now = (await member.get(`/api/ideas/${copyIdea}/originality/summary`)).body;
    expect(now.similarity).toBe(fig.similarity);
    expect(now.level).toBe('ok');
    expect((await unitAdmin.put('/api/originality/thresholds', { red: 0.5, orange: 0.2 })).status).toBe(403);
    await admin.put('/api/originality/thresholds', { red: 0.3, orange: 0.15 });
  });
});
});
