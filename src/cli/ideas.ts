// `jindianzi ideas extract-word FILE... [--json]`: what the Word import would read from each file
// (issue 3 item 6). Reads the files, parses each in a worker thread, prints; no database, no writes.
// Exit status 1 when any file was refused.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { extractWordFile } from '../modules/ideas/word/run.ts';
import { refusal } from '../modules/ideas/word/refusal.ts';
import { MAX_WORD_FILE_BYTES } from '../modules/ideas/word/parse.ts';
import type { FileResult } from '../modules/ideas/word/types.ts';

async function extractPath(file: string): Promise<FileResult> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { file, ok: false, error: { code: 'NOT_WORD', zh: `找不到文件：${file}`, en: `No such file: ${file}` }, ideas: [] };
  }
  if (!stat.isFile()) return { file, ok: false, error: { code: 'NOT_WORD', zh: `不是文件：${file}`, en: `Not a file: ${file}` }, ideas: [] };
  if (stat.size > MAX_WORD_FILE_BYTES) return { file, ok: false, error: refusal('FILE_TOO_LARGE', { limit: '30 MB' }), ideas: [] };
  const r = await extractWordFile(path.basename(file), fs.readFileSync(file));
  return { ...r, file };
}

export function formatHuman(r: FileResult): string {
  const out: string[] = [`== ${r.file}`];
  if (!r.ok) {
    out.push(`  已拒绝 / refused: ${r.error!.zh} / ${r.error!.en}`);
    return out.join('\n');
  }
  for (const n of r.notices ?? []) out.push(`  注意：${n}`);
  r.ideas.forEach((idea, i) => {
    out.push(`  金点子 ${i + 1} / idea ${i + 1}`);
    out.push(`    填写单位 / unit:     ${idea.unitAsWritten || '—'}`);
    out.push(`    联系人 / contact:    ${idea.contact || '—'}`);
    out.push(`    联系电话 / phone:    ${idea.phone || '—'}`);
    if (idea.topic) out.push(`    议题 / topic:        ${idea.topic}`);
    if (idea.authors?.length) out.push(`    作者 / authors:      ${idea.authors.join('、')}`);
    out.push(`    题目 / title:        ${idea.title || '—'}`);
    out.push(`    字数 / characters:   ${idea.charCount}`);
    const preview = idea.text.split('\n')[0] ?? '';
    out.push(`    正文 / text:         ${preview.length > 60 ? `${preview.slice(0, 60)}…` : preview}`);
    out.push(`    未能读取 / not read: ${idea.problems.length ? idea.problems.join('；') : '无 / none'}`);
  });
  return out.join('\n');
}

export function registerIdeasCommands(program: Command): void {
  const ideas = program.command('ideas').description('金点子 / golden ideas');
  ideas
    .command('extract-word')
    .description('从 Word 文件（.docx/.doc）中提取金点子并打印，不写数据库；有文件被拒绝时以 1 退出 / extract golden ideas from Word files and print them (changes nothing; exit 1 if a file is refused)')
    .argument('<files...>', 'Word 文件 / Word files')
    .option('--json', '以 JSON 输出（每个文件一个对象的数组） / JSON output: an array with one object per file')
    .action(async (files: string[], o: { json?: boolean }) => {
      const results: FileResult[] = [];
      for (const f of files) {
        const r = await extractPath(f);
        results.push(r);
        if (!o.json) console.log(formatHuman(r));
      }
      if (o.json) console.log(JSON.stringify(results, null, 2));
      const refused = results.filter((r) => !r.ok).length;
      if (!o.json) console.log(`\n共 ${files.length} 个文件，提取 ${results.reduce((n, r) => n + r.ideas.length, 0)} 个金点子，拒绝 ${refused} 个文件 / ${files.length} files, ${results.reduce((n, r) => n + r.ideas.length, 0)} ideas, ${refused} refused`);
      if (refused) process.exitCode = 1;
    });
}
