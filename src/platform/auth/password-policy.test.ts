import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dictionary } from '@zxcvbn-ts/language-common';
import { checkPassword, generateInitialPassword, PASSWORD_POLICY, type PasswordContext, type PasswordReasonCode } from './password-policy.ts';

const USER: PasswordContext = { username: 'zhangsan', mobile: '13800138000', name: '张三' };
const codes = (pw: string, ctx: PasswordContext = USER) => checkPassword(pw, ctx).reasons.map((r) => r.code);

/** A deterministic, non-repetitive password of exactly n code points with all four classes. */
function mixed(n: number, seed = 7): string {
  const alphabet = 'QwErTy7#kMzP2&vN9%bXc5@GjH3!';
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += i < 4 ? 'Qw7#'[i] : alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

describe('PASSWORD_POLICY', () => {
  it('states the numbers the UI shows', () => {
    expect(PASSWORD_POLICY).toEqual({ minLength: 8, maxLength: 128, minClasses: 3, recommendedLength: 12 });
  });
});

describe('checkPassword: length in code points', () => {
  it.each([
    [7, ['TOO_SHORT']],
    [8, []],
    [64, []],
    [128, []],
    [129, ['TOO_LONG']],
  ] as const)('%i characters → %j', (n, expected) => {
    const pw = mixed(n);
    expect([...pw]).toHaveLength(n);
    expect(codes(pw)).toEqual(expected);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    expect('😀😀😀😀Ab1'.length).toBe(11);
    expect(codes('😀😀😀😀Ab1')).toEqual(['TOO_SHORT']);
    expect(codes('😀😀😀😀Ab1x')).toEqual([]);
  });

  it('accepts 128 code points of emoji and CJK (256 UTF-16 units) without truncating', () => {
    const pw = 'Ab1' + '😀🎉'.repeat(5) + mixed(115, 3);
    expect([...pw]).toHaveLength(128);
    expect(codes(pw)).toEqual([]);
    expect(codes(pw + 'x')).toEqual(['TOO_LONG']);
  });
});

describe('checkPassword: any Unicode', () => {
  it.each(['我爱读书Ab12', '好好学习天天向上7A', '密码安全很重要😀A1', 'Ünïcödé-Pässwort9', 'Кошка#Дом2024', '🐼🎋🏮🧧Red8'])('accepts %s', (pw) => {
    expect(codes(pw)).toEqual([]);
  });

  it('counts CJK and emoji as "other" characters: Chinese alone is one class', () => {
    expect(codes('我爱读书写字画画')).toEqual(['TOO_FEW_CLASSES']);
    expect(codes('我爱读书写字画画', { ...USER, profile: 'basic' })).toEqual([]);
    expect(codes('我爱读书写字画画a1')).toEqual([]);
  });
});

describe('checkPassword: each rule', () => {
  it('TOO_FEW_CLASSES under mlps only', () => {
    expect(codes('kmpqrstwz')).toEqual(['TOO_FEW_CLASSES']);
    expect(codes('kmpqrstwz2')).toEqual(['TOO_FEW_CLASSES']);
    expect(codes('Kmpqrstwz2')).toEqual([]);
    expect(codes('kmpqrstwz', { profile: 'basic' })).toEqual([]);
  });

  it('CONTAINS_USERNAME: equal, contained, reversed, full-width, any case', () => {
    for (const pw of ['zhangsan', 'Zhangsan#2024', 'x!NASGNAHZ9k', 'ＺＨＡＮＧＳＡＮ＃９q']) expect(codes(pw)).toContain('CONTAINS_USERNAME');
    expect(codes('Zhang!8San#x')).toEqual([]);
  });

  it('CONTAINS_MOBILE: contained or reversed, whatever the separators or width', () => {
    for (const pw of ['Ab!13800138000', 'Ab!00083100831', 'Q#138-0013-8000', 'Q#１３８００１３８０００'])
      expect(codes(pw), pw).toContain('CONTAINS_MOBILE');
    expect(codes('Ab!13800138000', { mobile: '+86 138 0013 8000' })).toContain('CONTAINS_MOBILE');
    expect(codes('Kq#13800x', USER)).toEqual([]);
  });

  it('COMMON_PASSWORD: the list, any case, with digits or symbols added, l33t undone', () => {
    for (const pw of ['password', 'PASSWORD1', 'Password1!', 'P@ssw0rd!', 'Qwerty!2024', '!!Iloveyou', '1qaz2wsx!', 'Trustno1#'])
      expect(codes(pw, {}), pw).toContain('COMMON_PASSWORD');
    expect(checkPassword('Password1!').reasons[0]).toMatchObject({ code: 'COMMON_PASSWORD', zh: expect.stringMatching(/常见密码/) });
  });

  it('CONTEXT_WORD: mostly the county, the product, the unit or the name', () => {
    for (const pw of ['Xianju@2024', '仙居Ab12345', 'JinDianZi#1', '金点子Ab12!', 'Edu!qwerty1', 'Jiaoyu2024!A', '张三Ab12!', '横溪中学Ab1!'])
      expect(codes(pw, { ...USER, contextWords: ['横溪中学'] }), pw).toContain('CONTEXT_WORD');
    // A word among plenty of other material is fine.
    expect(codes('Edu!Strong9horse')).toEqual([]);
    expect(codes('仙居好风光Ab1')).toEqual([]);
  });

  it('REPETITIVE: runs and sequences only', () => {
    for (const pw of ['aaaaaaaa', '12345678abc', 'AaBbCcDd12', 'zyxwvuts', 'Ab1!Ab1!', '11112222aaaa', 'abcabcabc'])
      expect(codes(pw, {}), pw).toContain('REPETITIVE');
    expect(codes('Aaaaaaa1!x', {})).toEqual([]);
  });

  it('reports every failed rule with zh-CN and en-US text', () => {
    const { ok, reasons } = checkPassword('zhangsan', USER);
    expect(ok).toBe(false);
    expect(reasons.map((r) => r.code)).toEqual(['TOO_FEW_CLASSES', 'CONTAINS_USERNAME']);
    for (const r of reasons) {
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

// Valid passwords: a leading '#' (an isolated symbol, so never a run), then letters and digits drawn
// from a pool no common password, context word, username or mobile can be spelt from.
const UPPER = 'KMNPQRSTWZ'.split('');
const LOWER = 'kmnpqrstwz'.split('');
const DIGIT = '26'.split('');
const pool = fc.constantFrom(...UPPER, ...LOWER, ...DIGIT);
const core = (min: number, max: number) =>
  fc
    .tuple(fc.constantFrom(...UPPER), fc.constantFrom(...LOWER), fc.constantFrom(...DIGIT), fc.array(pool, { minLength: min, maxLength: max }))
    .chain(([u, l, d, rest]) => fc.shuffledSubarray([u, l, d, ...rest], { minLength: rest.length + 3 }))
    .map((chars) => '#' + chars.join(''));
const validPassword = core(4, 124);

const topCommon = dictionary['passwords-common'].slice(0, 3000).filter((p) => p.length >= 4);
const insertAt = (base: string, extra: string, at: number) => {
  const cps = [...base];
  const i = at % (cps.length + 1);
  return [...cps.slice(0, i), extra, ...cps.slice(i)].join('');
};

const broken: [PasswordReasonCode, fc.Arbitrary<string>][] = [
  ['TOO_SHORT', core(0, 3)],
  ['TOO_LONG', fc.tuple(validPassword, fc.array(pool, { minLength: 129, maxLength: 300 })).map(([v, pad]) => v + pad.join(''))],
  ['TOO_FEW_CLASSES', fc.array(fc.constantFrom(...LOWER), { minLength: 8, maxLength: 60 }).map((cs) => '#' + cs.join(''))],
  ['CONTAINS_USERNAME', fc.tuple(validPassword, fc.constantFrom('zhangsan', 'ZhangSan', 'nasgnahz'), fc.nat()).map(([v, u, at]) => insertAt(v, u, at).slice(0, 128))],
  ['CONTAINS_MOBILE', fc.tuple(validPassword, fc.constantFrom('13800138000', '00083100831'), fc.nat()).map(([v, m, at]) => insertAt(v, m, at).slice(0, 128))],
  ['COMMON_PASSWORD', fc.tuple(fc.constantFrom(...topCommon), fc.boolean(), fc.array(fc.constantFrom('!', '#', '.', '*'), { maxLength: 3 })).map(([p, up, sfx]) => (up ? p.toUpperCase() : p) + sfx.join(''))],
  [
    'CONTEXT_WORD',
    fc
      .tuple(fc.constantFrom('xianju', 'Xianju', '仙居', 'jindianzi', '金点子', 'jiaoyu', 'EDU', '横溪中学'), fc.array(fc.constantFrom('@', '2', '0', '#', '9', 'A'), { minLength: 1, maxLength: 12 }))
      .map(([w, sfx]) => w + sfx.slice(0, [...w].length).join('')),
  ],
  [
    'REPETITIVE',
    fc.oneof(
      fc.tuple(fc.constantFrom('a', '7', '#', '仙', '😀'), fc.integer({ min: 8, max: 128 })).map(([c, n]) => c.repeat(n)),
      fc.tuple(fc.integer({ min: 0, max: 18 }), fc.integer({ min: 0, max: 2 })).map(([start, d]) => 'abcdefghijklmnopqrstuvwxyz'.slice(start, start + 8) + '0123456789'.slice(d, d + 3)),
    ),
  ],
];

describe('checkPassword: properties', () => {
  it('accepts every password the valid generator builds', () => {
    fc.assert(
      fc.property(validPassword, (pw) => {
        expect(checkPassword(pw, { ...USER, contextWords: ['横溪中学'] })).toEqual({ ok: true, reasons: [] });
      }),
      { numRuns: 500 },
    );
  });

  it.each(broken)('a password that breaks one rule reports %s', (code, arb) => {
    fc.assert(
      fc.property(arb, (pw) => {
        const verdict = checkPassword(pw, { ...USER, contextWords: ['横溪中学'] });
        expect(verdict.ok).toBe(false);
        expect(verdict.reasons.map((r) => r.code)).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 20 }), (pw, username) => {
        const v = checkPassword(pw, { username, mobile: username, name: username, contextWords: [username] });
        expect(v.ok).toBe(v.reasons.length === 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('generateInitialPassword', () => {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

  it('gives 14 unambiguous characters of all four classes that pass the policy (10,000 draws)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const pw = generateInitialPassword();
      expect(pw).toHaveLength(14);
      expect(pw).not.toMatch(/[0O1lIoi]/);
      for (const c of classes) expect(pw).toMatch(c);
      expect(checkPassword(pw).ok).toBe(true);
      for (const ch of pw) seen.add(ch);
    }
    expect(seen.size).toBe(66); // every character of the alphabet turns up
  });

  it('skips bytes that would bias the draw instead of taking them modulo', () => {
    // 66 characters: bytes 198..255 are refused, so 255 and 200 are never mapped to a character.
    const script = [255, 200, 0, 24, 47, 55, 255, 1, 25, 48, 56, 2, 26, 49, 57, 3, 27, 50];
    let calls = 0;
    const bytes = (n: number) => {
      calls++;
      return Buffer.from(Array.from({ length: n }, (_, i) => script[i] ?? 4));
    };
    const pw = generateInitialPassword(bytes);
    expect(calls).toBe(1);
    expect(pw).toBe('Aa2!Bb3#Cc4$Dd');
  });

  it('refuses a broken random source rather than looping forever', () => {
    expect(() => generateInitialPassword((n) => Buffer.alloc(n, 255))).toThrow(/random source/);
    expect(() => generateInitialPassword((n) => Buffer.alloc(n, 0))).toThrow(/random source/);
  });
});
