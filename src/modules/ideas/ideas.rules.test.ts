import { describe, expect, it } from 'vitest';
import { batchReceipt, checkDeadline, checkQuota, ideaReceipt, incompleteReasons, isValidPhone, maskPhone, shanghaiText, shanghaiYear, type IdeaContent } from './ideas.rules.ts';

const RULES = { ideasMin: 2, ideasMax: 5, minChars: 500, authorship: 'both', topics: ['教师队伍建设', '课堂教学改革'] };
const complete: IdeaContent = { contactName: '王老师', contactPhone: '13800000123', authorship: 'individual', authors: ['王老师'], topic: '教师队伍建设', title: '建议', body: '教'.repeat(500), pledge: true };

describe('phone numbers', () => {
  it.each([
    ['13800000123', true],
    ['１３８０００００１２３', true],
    ['138 0000 0123', true],
    ['0576-87654321', true],
    ['057687654321', true],
    ['010-12345678', true],
    ['0576－8765432', true],
    ['0576-87654321-123', true],
    ['12800000123', false],
    ['1380000012', false],
    ['87654321', false],
    ['abc', false],
    ['', false],
  ])('%j valid: %s', (p, ok) => expect(isValidPhone(p)).toBe(ok));

  it('masks the middle of a mobile and the number of a landline', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0576-87654321')).toBe('0576-****4321');
    expect(maskPhone('')).toBe('');
  });
});

describe('completeness', () => {
  it('a complete form has no reasons', () => expect(incompleteReasons(complete, RULES)).toEqual([]));
  it('says how many 字 are missing at 499', () => {
    const r = incompleteReasons({ ...complete, body: '教'.repeat(499) }, RULES);
    expect(r.map((x) => x['zh-CN'])).toEqual(['建议正文不少于500字，当前499字']);
  });
  it('lists every missing field in zh and en', () => {
    const r = incompleteReasons({ contactName: '', contactPhone: '', authorship: 'individual', authors: [], topic: '', title: '', body: '', pledge: false }, RULES);
    expect(r.map((x) => x['zh-CN'])).toEqual(['请填写联系人', '请填写联系电话', '请填写撰写人姓名', '请选择讨论主题', '请填写标题', '建议正文不少于500字，当前0字', '请确认原创承诺']);
    expect(r.every((x) => x['en-US'].length > 5)).toBe(true);
  });
  it('respects the campaign: collective only, its topics', () => {
    expect(incompleteReasons(complete, { ...RULES, authorship: 'collective' }).map((x) => x['zh-CN'])).toEqual(['本次活动只收集体名义的金点子']);
    expect(incompleteReasons({ ...complete, topic: '别的主题' }, RULES).map((x) => x['zh-CN'])).toEqual(['讨论主题不在本次活动的主题之中']);
    expect(incompleteReasons({ ...complete, authorship: 'collective', authors: [] }, RULES)).toEqual([]);
  });
});

describe('deadline (row 48)', () => {
  const due = '2017-10-20T15:59:59.999Z'; // 2017-10-20 23:59:59.999 +08:00
  it('23:59:59.999 Beijing time is on time, 00:00:00.000 the next day is not', () => {
    expect(checkDeadline('2017-10-20T15:59:59.999Z', { dueAt: due, extensionUntil: null })).toEqual({ ok: true, late: false });
    expect(checkDeadline('2017-10-20T16:00:00.000Z', { dueAt: due, extensionUntil: null })).toEqual({ ok: false });
  });
  it('an extension lets a unit through until it runs out, marked late', () => {
    const ext = '2017-10-22T15:59:59.999Z';
    expect(checkDeadline('2017-10-21T01:00:00.000Z', { dueAt: due, extensionUntil: ext })).toEqual({ ok: true, late: true });
    expect(checkDeadline('2017-10-22T16:00:00.000Z', { dueAt: due, extensionUntil: ext })).toEqual({ ok: false });
  });
  it('no deadline: always open', () => expect(checkDeadline('2099-01-01T00:00:00.000Z', { dueAt: null, extensionUntil: null })).toEqual({ ok: true, late: false }));
  it('shows times in Beijing time', () => {
    expect(shanghaiText(due)).toBe('2017-10-20 23:59');
    expect(shanghaiYear('2017-12-31T16:00:00.000Z')).toBe(2018);
  });
});

describe('quota', () => {
  it.each([
    [0, 1, 'BATCH_TOO_SMALL'],
    [0, 2, 'ok'],
    [0, 5, 'ok'],
    [0, 6, 'QUOTA_EXCEEDED'],
    [2, 1, 'ok'],
    [4, 1, 'ok'],
    [5, 1, 'QUOTA_EXCEEDED'],
    [3, 3, 'QUOTA_EXCEEDED'],
    [1, 0, 'BATCH_TOO_SMALL'],
  ])('%d submitted + batch of %d → %s', (had, batch, want) => {
    const r = checkQuota(had, batch, RULES);
    expect(r.ok ? 'ok' : r.code).toBe(want);
  });
});

it('receipt numbers', () => {
  expect(ideaReceipt(2017, 1, 'XJ012', 3)).toBe('2017-1-XJ012-03');
  expect(batchReceipt(2017, 1, 'XJ012', 2)).toBe('2017-1-XJ012-B2');
});
