// Certificates read back with pdftotext: the wording, one page each however long the title and the
// list of authors, the tier never split across lines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressee, bodyText, renderCertificates, type Certificate } from './certificates.ts';

const base: Certificate = {
  unitName: '城关第一小学',
  authorship: 'individual',
  authors: ['张明远'],
  ideaTitle: '关于完善校本研修制度的建议',
  campaignTitle: '仙居县教育“解放思想 赶超发展”大讨论活动',
  tierLabel: '一等奖',
  issuer: '仙居县教育局',
  dateText: '二〇一七年十一月',
  number: '证书编号：JDZ-1-0001',
};

function read(buf: Buffer): { text: string; pages: number; lines: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-cert-unit-'));
  const file = path.join(dir, 'c.pdf');
  fs.writeFileSync(file, buf);
  try {
    const raw = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    return { text: raw.replace(/\s+/g, ''), pages, lines: raw.split('\n').map((l) => l.trim()).filter(Boolean) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('certificates', () => {
  it('addresses one author as 你 and several (or a collective) as 你们', () => {
    expect(addressee(base)).toBe('城关第一小学 张明远：');
    expect(bodyText(base)).toBe('你的金点子《关于完善校本研修制度的建议》在仙居县教育“解放思想 赶超发展”大讨论活动中荣获 一等奖。');
    expect(bodyText({ ...base, authors: ['甲', '乙'] }).startsWith('你们的')).toBe(true);
    expect(bodyText({ ...base, authorship: 'collective', authors: [] }).startsWith('你们的')).toBe(true);
    expect(addressee({ ...base, authorship: 'collective', authors: [] })).toBe('城关第一小学：');
  });

  it('prints one page per certificate with the full text, long titles and many authors included', async () => {
    const long: Certificate = {
      ...base,
      unitName: '仙居县白塔镇中心小学',
      authors: Array.from({ length: 12 }, (_, i) => `作者${'甲乙丙丁戊己庚辛壬癸子丑'[i]}某`),
      ideaTitle: '关于'.concat('进一步完善农村学校寄宿制管理与课后服务体系'.repeat(4), '的建议'),
      tierLabel: '优秀奖',
    };
    const { buffer, missing } = await renderCertificates([base, long], { title: '测试', author: '仙居县教育局' });
    expect(missing).toEqual([]);
    const { text, pages, lines } = read(buffer);
    expect(pages).toBe(2);
    for (const c of [base, long]) {
      expect(text).toContain(`${addressee(c)}${bodyText(c)}特发此证，以资鼓励。`.replace(/\s+/g, ''));
    }
    expect(text).toContain('仙居县教育局二〇一七年十一月');
    expect(text.match(/荣誉证书/g)).toHaveLength(2);
    // The tier stays whole on one line.
    expect(lines.some((l) => l.includes('一等奖'))).toBe(true);
    expect(lines.some((l) => l.includes('优秀奖'))).toBe(true);
  });
});
