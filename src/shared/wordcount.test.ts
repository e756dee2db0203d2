import { describe, expect, it } from 'vitest';
import { countChars } from './wordcount.ts';

// [text, 字数, why] — what Word/WPS show for a Chinese document.
const SAMPLES: [string, number, string][] = [
  ['', 0, 'empty'],
  ['   \n\t', 0, 'white space only'],
  ['金点子', 3, 'three Han characters'],
  ['教育，赶超。', 6, 'full-width comma and full stop count 1 each'],
  ['“解放思想”', 6, 'Chinese quotation marks count 1 each'],
  ['《仙居县教育》', 7, 'book-title marks'],
  ['hello', 1, 'an English word is 1'],
  ['hello world', 2, 'two English words'],
  ['2017', 1, 'a run of digits is 1'],
  ['2017年10月20日', 6, 'digit runs and Han characters'],
  ['6S管理', 3, '"6S" is one run'],
  ['3.14', 1, 'a decimal number is one run'],
  ['e-mail', 1, 'hyphenated word is one run'],
  ['教育,发展', 5, 'a half-width comma between Han characters is a run of its own'],
  ['Hello，世界！', 5, 'English word + full-width punctuation + Han'],
  ['１２３', 3, 'full-width digits count 1 each'],
  ['ＡＢＣ', 3, 'full-width letters count 1 each'],
  ['中　文', 2, 'ideographic space counts nothing'],
  ['第一段\n\n第二段', 6, 'paragraph breaks count nothing'],
  ['😀', 1, 'an emoji is 1'],
  ['👍🏽', 1, 'an emoji with a skin tone is 1'],
  ['👨‍👩‍👧', 1, 'a ZWJ family emoji is 1'],
  ['🇨🇳', 1, 'a flag is 1'],
  ['好😀好', 3, 'emoji between Han characters'],
  ['𠀀𠀁', 2, 'CJK extension B characters count 1 each (surrogate pairs)'],
  ['𪚥', 1, 'CJK extension C'],
  ['㐀', 1, 'CJK extension A'],
  ['——', 2, 'Chinese dash is two marks'],
  ['……', 2, 'Chinese ellipsis is two marks'],
  ['a b  c', 3, 'three one-letter words'],
  ['（1）加强', 5, 'full-width brackets around a digit'],
  ['iPad、PPT和AI', 5, 'Latin runs separated by 、 and 和'],
  ['ｉ', 1, 'full-width letter'],
  ['café', 1, 'Latin letter with a diacritic stays in the word'],
  ['·', 1, 'middle dot as used in names'],
];

describe('countChars (字数)', () => {
  it.each(SAMPLES)('%j → %d (%s)', (text, expected) => {
    expect(countChars(text)).toBe(expected);
  });

  it('has at least 25 samples', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(25);
  });

  it('a text of 500 Han characters counts 500, one more character 501', () => {
    const t = '教'.repeat(250) + '\n' + '育'.repeat(250);
    expect(countChars(t)).toBe(500);
    expect(countChars(t + '。')).toBe(501);
  });
});
