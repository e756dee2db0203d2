// Regenerates test/fixtures/word/: genuine .docx/.doc files made by LibreOffice from HTML written
// here (texts in test/fixtures/word/src/texts.json, written for the fixtures), and hostile files
// derived from them (test/fixtures/word/hostile.ts).
//
//   node --import tsx scripts/make-word-fixtures.ts
//
// Needs LibreOffice (Debian: libreoffice-writer-nogui). The password-protected .doc is saved by a
// LibreOffice Basic macro (storeToURL with a Password: RC4 encryption, fEncrypted set in the FIB).
// LibreOffice 7.4 did not write an encrypted .docx from a headless macro, so encrypted.docx is the
// LibreOffice .docx wrapped by hostile.ts in ECMA-376 standard encryption (AES-128) — the same
// CFB container with EncryptionInfo/EncryptedPackage streams that Word and WPS write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as H from '../test/fixtures/word/hostile.ts';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/word');
const texts = JSON.parse(fs.readFileSync(path.join(OUT, 'src/texts.json'), 'utf8')) as Record<string, { title: string; paras: string[] }>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-word-'));
const profile = path.join(tmp, 'profile');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>金点子</title></head><body>${body}</body></html>`;
const HEADING = '<p style="text-align:center"><b>仙居县教育“解放思想 赶超发展”金点子征集表</b></p>';
const NOTES = '<p>说明：1.各学校、直属单位向教育局提供2——5个金点子，金点子字数不少于500字，纸张不够，可另加附页。2.金点子要求原创，严禁抄袭。</p>';

function form(unit: string, contact: string, phone: string, suggestion: string[], extraRows = ''): string {
  return `${HEADING}<table border="1" cellpadding="4" style="border-collapse:collapse;width:100%">
<tr><td width="25%">填写单位（公章）</td><td colspan="3">${esc(unit)}</td></tr>
<tr><td>联系人</td><td>${esc(contact)}</td><td>联系电话</td><td>${esc(phone)}</td></tr>${extraRows}
<tr><td>仙居教育赶超发展建<br/>议</td><td colspan="3">${suggestion.map((p) => `<p>${esc(p)}</p>`).join('')}</td></tr>
</table>${NOTES}`;
}

const A = texts.A;
const B = texts.B;
const C = texts.C;
const SOURCES: Record<string, string> = {
  'form-table': page(form('仙居县城关第二小学', '林晓燕', '138 0000 0101', [A.title, ...A.paras])),
  'free-text': page(
    [`<p>填写单位：仙居县白塔镇中心小学</p>`, `<p>联系人：王建平　　联系电话：０５７６－８７７７０１０１</p>`, `<p>讨论议题：城乡教育均衡发展</p>`, `<p>题目：${esc(B.title)}</p>`, ...B.paras.map((p) => `<p>${esc(p)}</p>`)].join(''),
  ),
  'two-ideas': page(
    form('仙居县横溪镇中学', '陈立新', '13800000203', [`题目：${C.title}`, ...C.paras], '<tr><td>作者</td><td colspan="3">陈立新、郑小芳</td></tr>') +
      '<p style="page-break-before:always"></p>' +
      form('仙居县横溪镇中学', '陈立新', '13800000203', [A.title, ...A.paras]),
  ),
};

function soffice(...args: string[]) {
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`soffice ${args.join(' ')} failed: ${r.stderr}`);
}

function convert(src: string, filter: string, ext: string): Buffer {
  soffice('--convert-to', `${ext}:${filter}`, '--outdir', tmp, src);
  return fs.readFileSync(path.join(tmp, `${path.basename(src, path.extname(src))}.${ext}`));
}

const write = (name: string, data: Buffer) => {
  fs.writeFileSync(path.join(OUT, name), data);
  console.log(`${name.padEnd(28)} ${data.length} bytes`);
};

// Genuine documents.
const docx: Record<string, Buffer> = {};
for (const [name, html] of Object.entries(SOURCES)) {
  const src = path.join(tmp, `${name}.html`);
  fs.writeFileSync(src, html);
  // HTML opens in Writer/Web; --infilter makes it a text document so that .docx/.doc export.
  soffice('--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', tmp, src);
  docx[name] = fs.readFileSync(path.join(tmp, `${name}.docx`));
  write(`${name}.docx`, docx[name]);
}
write('form-table.doc', convert(path.join(tmp, 'form-table.docx'), 'MS Word 97', 'doc'));

// Password-protected .doc through a Basic macro in a throw-away profile.
soffice('--terminate_after_init');
const macro = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveEncrypted(sIn As String, sOut As String, sFilter As String, sPassword As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, args())
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = sFilter
  out(1).Name = &quot;Password&quot;
  out(1).Value = sPassword
  oDoc.storeToURL(ConvertToURL(sOut), out())
  oDoc.close(True)
End Sub
</script:module>`;
fs.writeFileSync(path.join(profile, 'user/basic/Standard/Module1.xba'), macro);
const encDoc = path.join(tmp, 'encrypted.doc');
soffice(`macro:///Standard.Module1.SaveEncrypted("${path.join(tmp, 'form-table.docx')}","${encDoc}","MS Word 97","jdz-secret")`);
write('encrypted.doc', fs.readFileSync(encDoc));
write('encrypted.docx', H.encryptDocx(docx['form-table'], 'jdz-secret'));

// Damaged: the first 60 % of a genuine .docx (no central directory).
write('malformed.docx', docx['form-table'].subarray(0, Math.floor(docx['form-table'].length * 0.6)));

// Hostile packages (row 41, 42).
const base = docx['form-table'];
write('zip-bomb.docx', H.zipBomb(base));
write('many-entries.docx', H.manyEntries(base));
write('zip-slip.docx', H.zipSlip(base));
write('symlink.docx', H.symlinkEntry(base));
write('lying-sizes.docx', H.lyingSizes(base));
write('xxe.docx', H.xxe(base));
write('xxe-utf16.docx', H.xxeUtf16(base));
write('billion-laughs.docx', H.billionLaughs(base));
write('linked-image.docx', H.linkedImage(base));
write('remote-template.docx', H.remoteTemplate(base, 'http://127.0.0.1:3418/normal.dotm'));
write('docm-renamed.docx', H.docmRenamed(base));

fs.rmSync(tmp, { recursive: true, force: true });
