// Word import, extraction half (issue 3 item 6; rows 41, 42): real LibreOffice .docx/.doc fixtures and
// hostile packages derived from them, parsed in the worker thread as the server and the CLI do.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractWordFile, warmWordWorker, type RunInfo } from '../../src/modules/ideas/word/run.ts';
import type { FileResult } from '../../src/modules/ideas/word/types.ts';
import { countChars } from '../../src/shared/wordcount.ts';
import * as H from '../fixtures/word/hostile.ts';

const DIR = path.resolve(import.meta.dirname, '../fixtures/word');
const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');
const texts = JSON.parse(fs.readFileSync(path.join(DIR, 'src/texts.json'), 'utf8')) as Record<string, { title: string; paras: string[] }>;
beforeAll(() => warmWordWorker());

const fixture = (name: string) => fs.readFileSync(path.join(DIR, name));

async function extract(name: string, bytes: Uint8Array = fixture(name)): Promise<{ r: FileResult; info: RunInfo }> {
  let info: RunInfo | undefined;
  const r = await extractWordFile(name, bytes, { onDone: (i) => (info = i) });
  return { r, info: info! };
}

describe('genuine Word files', () => {
  it.each(['form-table.docx', 'form-table.doc'])('%s: the attachment table, paragraphs kept', async (name) => {
    const { r } = await extract(name);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.ideas).toHaveLength(1);
    const idea = r.ideas[0];
    expect(idea).toMatchObject({ unitAsWritten: '仙居县城关第二小学', contact: '林晓燕', phone: '13800000101', title: texts.A.title, problems: [] });
    expect(idea.text).toBe(texts.A.paras.join('\n'));
    expect(idea.charCount).toBe(countChars(texts.A.paras.join('\n')));
    expect(idea.charCount).toBeGreaterThanOrEqual(500);
  });

  it('free text with labels: full-width landline normalised, topic read', async () => {
    const { r } = await extract('free-text.docx');
    expect(r.ok).toBe(true);
    expect(r.ideas).toEqual([
      {
        unitAsWritten: '仙居县白塔镇中心小学',
        contact: '王建平',
        phone: '0576-87770101',
        topic: '城乡教育均衡发展',
        title: texts.B.title,
        text: texts.B.paras.join('\n'),
        charCount: countChars(texts.B.paras.join('\n')),
        problems: [],
      },
    ]);
  });

  it('two forms in one file give two ideas; 题目 in the cell and 作者 row read', async () => {
    const { r } = await extract('two-ideas.docx');
    expect(r.ok).toBe(true);
    expect(r.ideas.map((i) => [i.unitAsWritten, i.phone, i.title, i.text])).toEqual([
      ['仙居县横溪镇中学', '13800000203', texts.C.title, texts.C.paras.join('\n')],
      ['仙居县横溪镇中学', '13800000203', texts.A.title, texts.A.paras.join('\n')],
    ]);
    expect(r.ideas[0]).toMatchObject({ authorship: 'individual', authors: ['陈立新', '郑小芳'] });
  });
});

// Every hostile file: refused with its own code, a Chinese message, no ideas, and the worker has
// exited within 2 s (the pre-check runs before mammoth/word-extractor are even loaded).
const REFUSED: Array<[string, string, RegExp]> = [
  ['malformed.docx', 'MALFORMED', /文件已损坏/],
  ['encrypted.docx', 'ENCRYPTED', /^文件已加密，请去掉密码后重新上传/],
  ['encrypted.doc', 'ENCRYPTED', /^文件已加密，请去掉密码后重新上传/],
  ['zip-bomb.docx', 'ZIP_BOMB', /压缩炸弹/],
  ['many-entries.docx', 'TOO_MANY_ENTRIES', /条目过多/],
  ['zip-slip.docx', 'UNSAFE_ENTRY_NAME', /非法的路径名/],
  ['symlink.docx', 'SYMLINK', /符号链接/],
  ['lying-sizes.docx', 'INCONSISTENT_ZIP', /目录与实际内容不符/],
  ['xxe.docx', 'XML_DTD', /DOCTYPE/],
  ['xxe-utf16.docx', 'XML_DTD', /DOCTYPE/],
  ['billion-laughs.docx', 'XML_DTD', /DOCTYPE/],
  ['linked-image.docx', 'EXTERNAL_CONTENT', /外部内容/],
  ['remote-template.docx', 'EXTERNAL_CONTENT', /外部内容/],
  ['docm-renamed.docx', 'MACROS', /宏/],
];

describe('hostile and unreadable files are refused before any Word library reads them', () => {
  it.each(REFUSED)('%s → %s', async (name, code, zh) => {
    // As on the server, a worker has been started ahead; the 2 s count the file's refusal and the
    // worker's termination, not the thread start-up (slow when this 2-core machine is loaded).
    await warmWordWorker();
    const { r, info } = await extract(name);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe(code);
    expect(r.error?.zh).toMatch(zh);
    expect(r.error?.en.length).toBeGreaterThan(10);
    expect(r.ideas).toEqual([]);
    expect(info.exited).toBe(true);
    expect(info.timedOut).toBe(false);
    expect(info.ms).toBeLessThan(2000);
    // Nothing of the targets leaks into the output.
    const out = JSON.stringify(r);
    expect(out).not.toContain('root:');
    expect(out).not.toContain(os.hostname());
  });

  it('the fixtures are small on disk (the bomb inflates to 100 MB from ~100 KB)', () => {
    expect(fs.statSync(path.join(DIR, 'zip-bomb.docx')).size).toBeLessThan(200_000);
    expect(fs.statSync(path.join(DIR, 'lying-sizes.docx')).size).toBeLessThan(100_000);
  });

  it('a .doc that is really RTF, a spreadsheet renamed, an empty file', async () => {
    expect((await extract('x.doc', Buffer.from('{\\rtf1\\ansi 填写单位：甲学校}'))).r.error?.code).toBe('RTF_OR_HTML');
    expect((await extract('x.docx', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'))).r.error?.code).toBe('MALFORMED');
    expect((await extract('x.docx', Buffer.from('just text'))).r.error?.code).toBe('NOT_WORD');
    expect((await extract('x.docx', Buffer.alloc(0))).r.error?.code).toBe('EMPTY_FILE');
  });

  it('a document without any form or labels is refused as "no idea found"', async () => {
    const entries = H.readZip(fixture('form-table.docx'));
    const doc = entries.find((e) => e.name === 'word/document.xml')!;
    const xml = doc.data.toString('utf8').replace(/<w:body>[\s\S]*<w:sectPr/, '<w:body><w:p><w:r><w:t>会议纪要：今天讨论了下学期的工作安排。</w:t></w:r></w:p><w:sectPr');
    const { r } = await extract('notes.docx', H.writeZip(entries.map((e) => (e === doc ? { ...e, data: Buffer.from(xml) } : e))));
    expect(r.error?.code).toBe('NO_IDEAS');
  });

  it('a normal 15 MB .docx with photos is accepted (row 41)', async () => {
    const photos = Array.from({ length: 5 }, (_, i) => ({ name: `word/media/photo${i}.jpg`, data: crypto.randomBytes(3 * 1024 * 1024) }));
    const big = H.writeZip([...H.readZip(fixture('form-table.docx')), ...photos]);
    expect(big.length).toBeGreaterThan(15 * 1024 * 1024);
    const { r } = await extract('photos.docx', big);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.ideas[0].title).toBe(texts.A.title);
  });

  it('embedded OLE objects are dropped, not parsed, and the user is told', async () => {
    const entries = [...H.readZip(fixture('form-table.docx')), { name: 'word/embeddings/oleObject1.bin', data: Buffer.from('d0cf11e0a1b11ae1', 'hex') }];
    const { r } = await extract('ole.docx', H.writeZip(entries));
    expect(r.ok).toBe(true);
    expect(r.notices?.[0]).toMatch(/嵌入的对象.*已忽略/);
  });
});

describe('remote template and linked image: no request leaves, nothing is read', () => {
  let server: http.Server;
  const requests: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('template');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses both and the test server logs zero requests', async () => {
    const base = fixture('form-table.docx');
    const tpl = await extract('tpl.docx', H.remoteTemplate(base, `${url}/normal.dotm`));
    const img = await extract('img.docx', H.linkedImage(base, `${url}/photo.png`));
    const local = await extract('local.docx', H.linkedImage(base, 'file:///etc/hostname'));
    for (const { r } of [tpl, img, local]) expect(r.error?.code).toBe('EXTERNAL_CONTENT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toEqual([]);
  });
});

describe('the worker', () => {
  it('is terminated at its time limit', async () => {
    let info: RunInfo | undefined;
    const r = await extractWordFile('slow.docx', fixture('form-table.docx'), { timeoutMs: 5, onDone: (i) => (info = i) });
    expect(r.error?.code).toBe('TIMEOUT');
    expect(r.error?.zh).toMatch(/超时/);
    expect(info).toMatchObject({ exited: true, timedOut: true });
  });
});

describe('npx jindianzi ideas extract-word', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'ideas', 'extract-word', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, JDZ_DATA_DIR: '/nonexistent-jdz', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });

  it('--json prints one object per file; exit 0 when every file was read', () => {
    const r = run(path.join(DIR, 'form-table.docx'), path.join(DIR, 'two-ideas.docx'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as FileResult[];
    expect(out.map((f) => [path.basename(f.file), f.ok, f.ideas.length])).toEqual([
      ['form-table.docx', true, 1],
      ['two-ideas.docx', true, 2],
    ]);
    expect(out[0].ideas[0]).toMatchObject({ unitAsWritten: '仙居县城关第二小学', contact: '林晓燕', phone: '13800000101', title: texts.A.title, text: texts.A.paras.join('\n'), problems: [] });
  });

  it('exits 1 when a file is refused, and says why in Chinese; human-readable output without --json', () => {
    const r = run(path.join(DIR, 'free-text.docx'), path.join(DIR, 'encrypted.docx'), path.join(DIR, 'no-such-file.docx'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('仙居县白塔镇中心小学');
    expect(r.stdout).toContain('0576-87770101');
    expect(r.stdout).toContain('文件已加密，请去掉密码后重新上传');
    expect(r.stdout).toContain('找不到文件');
    expect(r.stdout).toMatch(/共 3 个文件，提取 1 个金点子，拒绝 2 个文件/);
    const j = run(path.join(DIR, 'xxe.docx'), '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)[0]).toMatchObject({ ok: false, error: { code: 'XML_DTD' }, ideas: [] });
  });

  it('has --help', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage/);
  });
});
