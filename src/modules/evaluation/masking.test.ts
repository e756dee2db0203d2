import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMasker, personNameForms, unitNameForms } from './masking.ts';
import { requireSharedData, skipReason, SHARED_DATA_DIR } from '../../../test/helpers/env.ts';

// A small organisation written for this test (names invented).
const UNITS = [
  '仙居县横溪镇中心小学',
  '仙居县横溪镇中心幼儿园',
  '仙居县横溪镇第二小学',
  '仙居县城峰中学',
  '仙居县实验小学',
  '仙居县第二高级中学',
  '仙居县特殊教育学校',
  '仙居中学',
  '仙居县白塔中学',
  '仙居县白塔高级中学',
  '仙居县教师发展中心',
];

describe('unit name forms', () => {
  const forms = unitNameForms(UNITS);
  const has = (f: string) => forms.has(f);

  it('keeps every full name and the name without the county prefix', () => {
    for (const u of UNITS) expect(has(u), u).toBe(true);
    expect(has('横溪镇中心小学')).toBe(true);
    expect(has('城峰中学')).toBe(true);
    expect(has('实验小学')).toBe(true);
    expect(has('教师发展中心')).toBe(true);
  });

  it('adds unambiguous short forms: core without the type suffix, town marker dropped', () => {
    expect(forms.get('城峰')).toEqual([3]);
    expect(forms.get('横溪中心小学')).toEqual([0]);
    expect(has('教师发展')).toBe(false); // an institution's core is an ordinary phrase
  });

  it('drops ambiguous, generic and county-wide short forms', () => {
    expect(has('横溪镇')).toBe(false); // core of three units
    expect(has('横溪')).toBe(false);
    expect(has('白塔')).toBe(false); // 白塔中学 and 白塔高级中学
    expect(has('实验')).toBe(false); // generic
    expect(has('第二')).toBe(false); // generic ordinal
    expect(has('仙居')).toBe(false); // the county every unit shares
    expect(has('仙居县')).toBe(false);
    expect(has('特殊教育学校')).toBe(false); // a bare type word: kept only as the full name
    expect(has('特殊教育')).toBe(false);
  });

  it('person names: trimmed, at least two characters, de-duplicated', () => {
    expect(personNameForms([' 王浩然 ', '王浩然', '李', '', null, undefined, '欧阳明'])).toEqual(['王浩然', '欧阳明']);
  });
});

describe('masker', () => {
  const masker = buildMasker({ unitNames: UNITS, personNames: ['王浩然', '林佳怡', '张三'] });

  it('masks units (longest first), people, phones and e-mail', () => {
    const text =
      '我是仙居县横溪镇中心小学的王浩然，联系电话13800001234，也可打 138 0000 1235 或发邮件到 wang@example.cn。' +
      '我们与城峰中学、城峰的老师和林佳怡交流过，横溪中心小学的经验值得推广。';
    const out = masker.mask(text);
    expect(out).toBe(
      '我是〔单位〕的〔姓名〕，联系电话〔电话〕，也可打 〔电话〕 或发邮件到 〔邮箱〕。' +
        '我们与〔单位〕、〔单位〕的老师和〔姓名〕交流过，〔单位〕的经验值得推广。',
    );
  });

  it('leaves the county name, generic words and ordinary numbers alone; long identifying numbers go', () => {
    const text = '仙居县的实验小学和第二课堂都很重要，全县共有 1380 名教师，2017 年投入 12345678910 元。学号 2017123456789，身份证 33102219850101123X。';
    expect(masker.mask(text)).toBe('仙居县的〔单位〕和第二课堂都很重要，全县共有 1380 名教师，2017 年投入 12345678910 元。学号 〔号码〕，身份证 〔号码〕。');
  });

  it('full-width phone digits are masked too', () => {
    expect(masker.mask('电话：１３８００００１２３４')).toBe('电话：〔电话〕');
  });
});

describe('masker properties (fast-check)', () => {
  const people = ['王浩然', '林佳怡', '欧阳明轩', '张三', '李四光'];
  const masker = buildMasker({ unitNames: UNITS, personNames: people });
  const neutral = ['我们', '建议', '加强', '课堂', '教学', '，', '。', '\n', 'abc', '2017', '老师', '学生'];
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...neutral) },
    { weight: 1, arbitrary: fc.constantFrom(...UNITS, ...masker.unitForms, ...people) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 999_999_999 }).map((n) => `13${String(n).padStart(9, '0')}`) },
  );
  const text = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));

  it('no unit full name, person name or phone survives, whatever surrounds it', () => {
    fc.assert(
      fc.property(text, (t) => {
        const out = masker.mask(t);
        for (const name of [...UNITS, ...people]) expect(out.includes(name), name).toBe(false);
        expect(out).not.toMatch(/1[3-9]\d{9}/);
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent, and leaves text without names untouched', () => {
    fc.assert(
      // Plain words only (digits glued together would make a long number, masked on purpose).
      fc.property(text, fc.array(fc.constantFrom(...neutral.filter((w) => !/\d/.test(w))), { maxLength: 30 }), (t, plain) => {
        const once = masker.mask(t);
        expect(masker.mask(once)).toBe(once);
        expect(masker.mask(plain.join(''))).toBe(plain.join(''));
      }),
      { numRuns: 300 },
    );
  });
});

const data = requireSharedData();
describe.skipIf(skipReason(data))('masker over the sample unit list and ideas (shared data)', () => {
  it('masks every sample idea: no unit full name, no contact or author, no phone remains', () => {
    const units = fs
      .readFileSync(path.join(SHARED_DATA_DIR, 'units.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    const ideas = fs
      .readFileSync(path.join(SHARED_DATA_DIR, 'ideas/sample-ideas.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { contact: string; author: string; phone: string; title: string; text: string });
    const people = ideas.flatMap((i) => [i.contact, i.author]);
    const masker = buildMasker({ unitNames: units, personNames: people });
    const forms = unitNameForms(units);
    // Every form is a substring-free guarantee check: each unit's full name maps back to it.
    units.forEach((u, i) => expect(forms.get(u)).toContain(i));
    for (const idea of ideas) {
      // Plant identity inside the text as an author would write it.
      const planted = `${idea.title}\n${idea.text}\n（${units[3]}${idea.contact}，电话${idea.phone}）`;
      const out = masker.mask(planted);
      for (const u of units) expect(out.includes(u), u).toBe(false);
      for (const p of people) expect(out.includes(p), p).toBe(false);
      expect(out).not.toContain(idea.phone);
      expect(out).toContain('〔单位〕〔姓名〕，电话〔电话〕');
      // The text is otherwise intact: masking removes far less than a tenth of it.
      expect(out.length).toBeGreaterThan(planted.length * 0.9);
    }
  });
});
