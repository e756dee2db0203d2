// The originality report on paper (issue 4 item 5): real reports of the engine on the shared corpus,
// rendered to PDF and read back with poppler (pdftotext for the text, pdftoppm for the tint under
// copied passages).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { MemoryIndex } from '../../src/modules/originality/engine/index.ts';
import { StockPhrases } from '../../src/modules/originality/engine/stock-phrases.ts';
import { checkDocument } from '../../src/modules/originality/engine/check.ts';
import type { OriginalityReport } from '../../src/modules/originality/engine/report.ts';
import { renderOriginalityReport } from '../../src/modules/originality/print/report-pdf.ts';
import type { ReportPaper } from '../../src/modules/originality/print/types.ts';
import { assertAvailable, requirePdftotext, requireSharedData, skipReason, SHARED_DATA_DIR } from '../helpers/env.ts';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { completeForm, startCampaign2017 } from '../helpers/ideas.ts';

const poppler = requirePdftotext();
const shared = requireSharedData();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-orig-print-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
function pdfFile(buf: Buffer): string {
  const f = path.join(tmp, `r${++seq}.pdf`);
  fs.writeFileSync(f, buf);
  return f;
}
const pdftotext = (buf: Buffer) => execFileSync('pdftotext', [pdfFile(buf), '-'], { encoding: 'utf8' });
/** The text without the running head and the page numbers (a paragraph may run across a page break). */
const body = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\s*(第\s*\d+\s*页\s*\/\s*共\s*\d+\s*页|原创性检测报告 · )/.test(l))
    .join('\n');
const squash = (s: string) => s.replace(/\s+/g, '');

/** Pixels of the copied-passage tint (#fff1b8) on the first `pages` pages, rendered at 40 dpi. */
async function tintPixels(buf: Buffer, pages = 2): Promise<number> {
  const prefix = path.join(tmp, `p${++seq}`);
  execFileSync('pdftoppm', ['-r', '40', '-l', String(pages), '-png', pdfFile(buf), prefix]);
  let n = 0;
  for (const f of fs.readdirSync(tmp).filter((x) => x.startsWith(path.basename(prefix)) && x.endsWith('.png'))) {
    const { data, info } = await sharp(path.join(tmp, f)).raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += info.channels) if (data[i] > 245 && Math.abs(data[i + 1] - 241) < 8 && Math.abs(data[i + 2] - 184) < 14) n++;
  }
  return n;
}

type Doc = { id: string; kind: 'idea' | 'reference'; unit: string; title: string; text: string; source?: string };
type Query = { id: string; category: string; title: string; text: string; truth: { source: string }[] };
const readJsonl = <T>(f: string): T[] =>
  fs
    .readFileSync(path.join(SHARED_DATA_DIR, 'originality', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function paperOf(q: Query, r: OriginalityReport, docs: Map<string, Doc>, over: Partial<ReportPaper> = {}): ReportPaper {
  return {
    title: q.title,
    unitName: '仙居县城关第一小学',
    receiptNo: 'JDZ2017-T001-001',
    checkedAt: '2017-10-18T08:05:00.000Z',
    reason: 'seal',
    text: q.text,
    ...r,
    sources: r.sources.map((s) => {
      const d = docs.get(s.source)!;
      return { ...s, title: d.title, kind: d.kind, detail: d.kind === 'idea' ? `${d.unit} · 2016年` : d.source, text: d.text };
    }),
    thresholds: { red: 0.3, orange: 0.15 },
    printedBy: '单位管理员',
    printedAt: '2017-10-18T09:00:00.000Z',
    ...over,
  };
}

describe.skipIf(skipReason(poppler) || skipReason(shared))('originality report PDF', () => {
  let docs: Map<string, Doc>;
  let queries: Map<string, Query>;
  let index: MemoryIndex;
  const stock = StockPhrases.defaults();

  beforeAll(() => {
    assertAvailable(poppler);
    assertAvailable(shared);
    docs = new Map(readJsonl<Doc>('documents.jsonl').map((d) => [d.id, d]));
    queries = new Map(readJsonl<Query>('queries.jsonl').map((q) => [q.id, q]));
    index = new MemoryIndex(stock);
    for (const d of docs.values()) index.addNow({ id: d.id, text: d.text, title: d.title, kind: d.kind });
  });

  it('prints the figure, the sources ranked and both sides of every passage, text recoverable by pdftotext', async () => {
    const q = [...queries.values()].find((x) => x.category === 'multi-source')!;
    const r = await checkDocument(index, { text: q.text }, { stock });
    expect(r.sources.length).toBeGreaterThanOrEqual(2);
    const paper = paperOf(q, r, docs);
    const pdf = await renderOriginalityReport(paper, { fonts: { fallback: null } });
    const text = pdftotext(pdf);
    const flat = squash(text);
    expect(flat).toContain('金点子原创性检测报告');
    expect(flat).toContain(squash(q.title));
    expect(flat).toContain('总文字复制比');
    const figure = `${(Math.round(r.similarity * 1000) / 10).toString()}%`;
    expect(flat).toContain(`总文字复制比${figure}复制程度：高`);
    expect(flat).toContain(`重复字数${r.copiedChars}/总字数${r.totalChars}；`);
    expect(flat).toContain('颜色：红色≥30%，橙色≥15%');
    // Sources in the order of the report (highest first), each with its own figure.
    const titles = paper.sources.map((s) => squash(s.title));
    const positions = titles.map((t) => flat.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Every passage of every source, from the submission and from the source.
    for (const s of paper.sources) {
      for (const p of s.passages) {
        expect(flat).toContain(squash(q.text.slice(p.queryStart, p.queryEnd)));
        expect(flat).toContain(squash(s.text!.slice(p.sourceStart, p.sourceEnd)));
      }
    }
    // The whole checked text is there (markers aside), paragraph by paragraph.
    const noMarkers = squash(body(text)).replace(/\[\d+(,\d+)*\]/g, '');
    for (const para of q.text.split('\n').filter((x) => x.trim())) expect(noMarkers).toContain(squash(para));
    expect(flat).toMatch(/第1页\/共\d+页/);
    // Copied passages sit on the tint.
    expect(await tintPixels(pdf)).toBeGreaterThan(200);
  });

  it('prints an original text without tint or source, and says so', async () => {
    const q = [...queries.values()].find((x) => x.category === 'negative-stock-phrases')!;
    const r = await checkDocument(index, { text: q.text }, { stock });
    expect(r.sources).toEqual([]);
    expect(r.stockChars).toBeGreaterThan(0);
    const pdf = await renderOriginalityReport(paperOf(q, r, docs), { fonts: { fallback: null } });
    const flat = squash(pdftotext(pdf));
    expect(flat).toContain('总文字复制比0%复制程度：低');
    expect(flat).toContain('重复字数0/总字数');
    expect(flat).toContain('未发现与其他金点子或参考文献相同的段落');
    expect(flat).toContain(`常用语（套话）${r.stockChars}字`);
    // Stock phrases are printed (grey), not hidden.
    const stockSpan = r.spans.find((s) => s.label === 'stock')!;
    expect(flat).toContain(squash(q.text.slice(stockSpan.start, stockSpan.end)));
    expect(await tintPixels(pdf)).toBe(0);
  });

  it('colours the figure by the bureau thresholds', async () => {
    const q = [...queries.values()].find((x) => x.category === 'verbatim-full')!;
    const r = await checkDocument(index, { text: q.text }, { stock });
    expect(r.similarity).toBeGreaterThan(0.5);
    const red = squash(pdftotext(await renderOriginalityReport(paperOf(q, r, docs), { fonts: { fallback: null } })));
    expect(red).toContain('复制程度：高');
    expect(red).not.toContain('检测后修改过');
    const lenient = squash(pdftotext(await renderOriginalityReport(paperOf(q, r, docs, { thresholds: { red: 0.995, orange: 0.99 }, stale: true }), { fonts: { fallback: null } })));
    expect(lenient).toContain('注意：这个金点子在检测后修改过，本报告针对检测时的文字。');
    expect(lenient).toContain('复制程度：低');
    expect(lenient).toContain('红色≥99.5%，橙色≥99%');
  });

  it('keeps a long report on numbered pages with the title repeated, and reports characters no font has', async () => {
    const q = [...queries.values()].find((x) => x.category === 'verbatim-full')!;
    const r = await checkDocument(index, { text: q.text }, { stock });
    const long = { ...paperOf(q, r, docs), text: `${q.text}\n${'补充说明𠮷。'.repeat(3)}\n${q.text}\n${q.text}` };
    let missing: string[] = [];
    const pdf = await renderOriginalityReport(long, { fonts: { fallback: null }, onMissingGlyphs: (c) => (missing = c) });
    const info = execFileSync('pdfinfo', [pdfFile(pdf)], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const flat = squash(pdftotext(pdf));
    expect(flat).toContain(`第${pages}页/共${pages}页`);
    expect(flat).toContain('原创性检测报告·《');
    expect(missing).toEqual(['𠮷']);
  });
});

// ---- GET /api/ideas/:id/originality/report.pdf over real HTTP, SQLite and PostgreSQL ----

describeDialects('originality report PDF route', (_dialect, getDb) => {
  if (skipReason(poppler) || skipReason(shared)) return;
  let s: TestServer;
  const as: Record<string, Client> = {};
  let copy = 0;
  let draft = 0;
  let copiedTitle = '';
  let sourceTitle = '';

  async function sendIdea(member: Client, title: string, body: string): Promise<number> {
    const c = await member.post('/api/ideas', completeForm({ title, body }));
    expect(c.status, c.text).toBe(201);
    expect((await member.post(`/api/ideas/${c.body.id}/send`, {})).status).toBe(200);
    return c.body.id;
  }
  /** A fresh check asked for by the unit admin, waited for. */
  async function checked(admin: Client, id: number) {
    const r = await admin.post(`/api/ideas/${id}/originality/checks`, {});
    expect(r.status, r.text).toBe(202);
    // (expect.poll works only inside a test; this also runs in beforeAll)
    for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const status = (await admin.get(`/api/ideas/${id}/originality/summary`)).body.status;
      if (status === 'done') return;
      if (status === 'failed' || Date.now() > until) throw new Error(`check of idea ${id}: ${status}`);
    }
  }

  beforeAll(async () => {
    const docs = new Map(readJsonl<Doc>('documents.jsonl').map((d) => [d.id, d]));
    const q = readJsonl<Query>('queries.jsonl').find((x) => x.category === 'verbatim-full' && x.truth[0]?.source.startsWith('d'))!;
    const d = docs.get(q.truth[0].source)!;
    copiedTitle = q.title;
    sourceTitle = d.title;
    const r = await startWithCast(getDb());
    s = r.server;
    as.admin = r.admin;
    await startCampaign2017(r.admin);
    for (const u of ['unitadmin', 'unitadminb', 'member', 'memberb', 'judge', 'leader']) {
      as[u] = new Client(s.url);
      expect((await as[u].login(u, PASSWORD)).status).toBe(200);
    }
    const original = await sendIdea(as.memberb, d.title, d.text);
    await checked(as.unitadminb, original);
    copy = await sendIdea(as.member, q.title, q.text);
    await checked(as.unitadmin, copy);
    const c = await as.member.post('/api/ideas', completeForm({ title: '还在写的草稿' }));
    draft = c.body.id;
  }, 120_000);
  afterAll(async () => s?.close());

  it('prints the unit admin the report of the own unit idea: figure, source, both sides, no other unit named; audited', async () => {
    const res = await as.unitadmin.request('GET', `/api/ideas/${copy}/originality/report.pdf`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const page = (await as.unitadmin.get(`/api/ideas/${copy}/originality`)).body;
    const flat = squash(pdftotext(res.body));
    expect(flat).toContain(squash(copiedTitle));
    expect(flat).toContain('城关第一小学');
    expect(flat).toContain(`总文字复制比${page.report.similarity >= 0.9995 ? '100' : (Math.round(page.report.similarity * 1000) / 10).toString()}%复制程度：高`);
    expect(flat).toContain(squash(sourceTitle));
    const p0 = page.report.sources[0].passages[0];
    expect(flat).toContain(squash(page.report.text.slice(p0.queryStart, p0.queryEnd)).slice(0, 40));
    expect(flat).not.toContain('横溪中学'); // the source's unit is not the unit admin's to know
    expect(flat).toContain('打印：用户unitadmin');
    const audit = await s.database.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id', 'outcome']).where('action', '=', 'originality.report-pdf').execute();
    expect(audit).toEqual([{ action: 'originality.report-pdf', target_type: 'idea', target_id: String(copy), outcome: 'success' }]);
  });

  it('prints the bureau, once the unit has sealed it, the same report with the source unit named', async () => {
    // The bureau sees ideas that reached it: the unit approves and seals this one with another.
    const other = await sendIdea(as.member, '另一个金点子', completeForm().body);
    for (const id of [copy, other]) expect((await as.unitadmin.post(`/api/ideas/${id}/approve`, {})).status).toBe(200);
    const seal = await as.unitadmin.post('/api/batches', { ideaIds: [copy, other] }, { 'Idempotency-Key': `orig-print-seal-${_dialect}` });
    expect(seal.status, seal.text).toBe(201);
    const res = await as.admin.request('GET', `/api/ideas/${copy}/originality/report.pdf`);
    expect(res.status).toBe(200);
    expect(squash(pdftotext(res.body))).toContain('横溪中学');
  });

  it('refuses everyone else: other units (not found), other roles (forbidden), the public, bad ids', async () => {
    expect((await as.unitadminb.request('GET', `/api/ideas/${copy}/originality/report.pdf`)).status).toBe(404);
    for (const u of ['member', 'memberb', 'judge', 'leader']) expect((await as[u].request('GET', `/api/ideas/${copy}/originality/report.pdf`)).status, u).toBe(403);
    expect((await new Client(s.url).request('GET', `/api/ideas/${copy}/originality/report.pdf`)).status).toBe(401);
    expect((await as.admin.request('GET', '/api/ideas/abc/originality/report.pdf')).status).toBe(400);
    expect((await as.admin.request('GET', '/api/ideas/99999999/originality/report.pdf')).status).toBe(404);
    // A teacher's draft is not the unit admin's to see yet: not found.
    expect((await as.unitadmin.request('GET', `/api/ideas/${draft}/originality/report.pdf`)).status).toBe(404);
  });
});
