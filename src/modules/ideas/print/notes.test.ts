import { describe, expect, it } from 'vitest';
import { adviceLabel, formNotes } from './notes.ts';

describe('the form notes follow the campaign', () => {
  it('reproduces the 2017 notice for its rules and deadline (2017-10-20 23:59:59.999 Beijing time)', () => {
    const n = formNotes({ ideasMin: 2, ideasMax: 5, minChars: 500, authorship: 'both', dueAt: '2017-10-20T15:59:59.999Z' });
    expect(n[0]).toBe('各学校、直属单位向教育局提供2——5个金点子，金点子可以是单位集体名义也可以是个人名义，金点子字数不少于500字，纸张不够，可另加附页。');
    expect(n[1]).toContain('严禁抄袭');
    expect(n[2]).toContain('于10月20日前纸质报送局办公室');
  });
  it('a deadline at midnight names the day before; other numbers and authorship rules are printed as set', () => {
    const n = formNotes({ ideasMin: 3, ideasMax: 3, minChars: 800, authorship: 'collective', dueAt: '2018-11-04T16:00:00.000Z' });
    expect(n[0]).toContain('提供3个金点子，金点子以单位集体名义报送，金点子字数不少于800字');
    expect(n[2]).toContain('于11月4日前');
    expect(formNotes({ ideasMin: 2, ideasMax: 5, minChars: 500, authorship: 'individual', dueAt: null })[2]).toBe('纸质表加盖公章后报送局办公室，并在平台上完成网上报送。');
  });
  it('labels the big cell like the notice for 仙居, by county for the same campaign elsewhere, neutrally otherwise', () => {
    expect(adviceLabel('仙居县教育“解放思想 赶超发展”金点子征集表')).toBe('仙居教育赶超发展建议');
    expect(adviceLabel('天台县教育“解放思想 赶超发展”金点子征集表')).toBe('天台教育赶超发展建议');
    expect(adviceLabel('金点子征集表')).toBe('金点子建议');
  });
});
