// PDF text in a worker thread, plain JavaScript on purpose: pdfjs-dist is a few megabytes of
// JavaScript, and loading it through tsx (as the TypeScript workers do) costs seconds. Takes one
// file, posts { text } or { error: 'encrypted' | 'damaged' }, and is terminated by run.ts.
// Options: no eval, no font loading, CJK CMaps from the package (text of Chinese PDFs).
import path from 'node:path';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};

const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

async function run({ bytes, maxPages, maxChars }) {
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: bytes,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      cMapUrl: path.join(dir, 'cmaps') + path.sep,
      cMapPacked: true,
      standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep,
      verbosity: 0,
    }).promise;
  } catch (e) {
    return { error: e && e.name === 'PasswordException' ? 'encrypted' : 'damaged' };
  }
  try {
    const out = [];
    let length = 0;
    const pages = Math.min(doc.numPages, maxPages);
    for (let i = 1; i <= pages && length <= maxChars; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      out.push(text);
      length += text.length;
      page.cleanup();
    }
    return { text: out.join('\n') };
  } catch {
    return { error: 'damaged' };
  } finally {
    await doc.destroy();
  }
}

parentPort.once('message', async (input) => {
  parentPort.postMessage({ result: await run(input) });
  parentPort.close();
});
parentPort.postMessage({ ready: true });
