import { describe, expect, it } from 'vitest';
import { groupDigest, paragraphs, tokenize } from './typeset.ts';
import { shanghaiTime } from './types.ts';

describe('line-breaking tokens (禁则)', () => {
  it.each([
    ['中文，句号。', ['中', '文，', '句', '号。']],
    ['推行“6S”现场管理', ['推', '行', '“6S”', '现', '场', '管', '理']],
    ['（一）学习', ['（一）', '学', '习']],
    ['e-mail 地址 xjxedu@126.com。', ['e-mail', ' ', '地', '址', ' ', 'xjxedu@126.com。']],
    ['《教育》……', ['《教', '育》……']],
  ])('%s', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
  it('never loses or reorders a character', () => {
    const s = '城乡教育均衡，不仅是“办学条件”和师资（含 ICT 2.0）的均衡！Really? 是的……';
    expect(tokenize(s).join('')).toBe(s);
  });
});

describe('paragraphs and digests', () => {
  it('keeps each typed line as a paragraph, drops blank lines and leading 全角 spaces', () => {
    expect(paragraphs('　　第一段。\r\n\r\n  第二段。\n第三段。\n')).toEqual(['第一段。', '第二段。', '第三段。']);
  });
  it('groups a SHA-256 hex digest in eight groups of eight', () => {
    expect(groupDigest('0123456789abcdef'.repeat(4))).toBe('01234567 89abcdef 01234567 89abcdef 01234567 89abcdef 01234567 89abcdef');
  });
  it('prints times in Beijing time whatever the server zone', () => {
    expect(shanghaiTime('2017-10-20T15:59:59.000Z', true)).toBe('2017-10-20 23:59:59');
    expect(shanghaiTime('2017-10-20T16:00:00.000Z')).toBe('2017-10-21 00:00');
    expect(shanghaiTime(null)).toBe('');
  });
});
