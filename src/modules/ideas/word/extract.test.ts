import { describe, expect, it } from 'vitest';
import { extractIdeas, labelOf, normalisePhone, splitLabelled } from './extract.ts';
import { docTextToBlocks } from './parse.ts';
import { countChars } from '../../../shared/wordcount.ts';
import type { Block } from './types.ts';

const p = (text: string): Block => ({ kind: 'p', text });
const BODY = ['第一段，说明现状和问题。', '第二段，提出具体的做法。', '第三段，预期的效果。'];

describe('labels', () => {
  it('recognises the form labels however they are spaced or punctuated', () => {
    expect(labelOf('填写单位（公章）')).toBe('unit');
    expect(labelOf('填写单位(公章)：')).toBe('unit');
    expect(labelOf('填 写 单 位')).toBe('unit');
    expect(labelOf('联系人')).toBe('contact');
    expect(labelOf('联系电话')).toBe('phone');
    expect(labelOf('仙居教育赶超发展建\n\n议')).toBe('text');
    expect(labelOf('建议')).toBe('text');
    expect(labelOf('题目：')).toBe('title');
    expect(labelOf('仙居县城关第二小学')).toBeNull();
    expect(labelOf('建议由教育局牵头，按照就近结对的原则')).toBeNull();
  });

  it('splits a line holding several labels, keeping full-width punctuation in the values', () => {
    expect(splitLabelled('联系人：张三　　联系电话：13800000001')).toEqual([
      ['contact', '张三'],
      ['phone', '13800000001'],
    ]);
    expect(splitLabelled('题目：关于“课后服务”的建议（一）')).toEqual([['title', '关于“课后服务”的建议（一）']]);
    expect(splitLabelled('我们学校的联系人：张三')).toBeNull();
  });
});

describe('phones', () => {
  it.each([
    ['13800000112', '13800000112'],
    ['138 0000 0112', '13800000112'],
    ['１３８００００００１２', '13800000012'],
    ['+86 138-0000-0112', '13800000112'],
    ['0576-87771234', '0576-87771234'],
    ['（0576）8777 1234', '0576-87771234'],
    ['０５７６－８７７７１２３４', '0576-87771234'],
    ['010-12345678', '010-12345678'],
    ['87771234 / 13800000112', '13800000112'],
  ])('%s → %s', (raw, phone) => {
    expect(normalisePhone(raw)).toEqual({ phone });
  });

  it('says what is wrong when no valid number is found', () => {
    expect(normalisePhone('87771234').problem).toMatch(/缺少区号/);
    expect(normalisePhone('12345').problem).toMatch(/无法识别/);
    expect(normalisePhone('').problem).toBe('未找到联系电话');
  });
});

describe('extractIdeas', () => {
  it('reads the attachment table, the title from the first short line of the suggestion', () => {
    const blocks: Block[] = [
      p('仙居县教育“解放思想 赶超发展”金点子征集表'),
      {
        kind: 'table',
        rows: [
          [['填写单位（公章）'], ['仙居县城关第二小学']],
          [['联系人'], ['林晓燕'], ['联系电话'], ['138 0000 0101']],
          [['仙居教育赶超发展建', '议'], ['建立教研共同体', ...BODY]],
        ],
      },
      p('说明：1.各学校、直属单位向教育局提供2——5个金点子。'),
    ];
    const [idea, ...rest] = extractIdeas(blocks);
    expect(rest).toEqual([]);
    expect(idea).toEqual({
      unitAsWritten: '仙居县城关第二小学',
      contact: '林晓燕',
      phone: '13800000101',
      title: '建立教研共同体',
      text: BODY.join('\n'),
      charCount: countChars(BODY.join('\n')),
      problems: [],
    });
  });

  it('reads free text with labels, topic and authors', () => {
    const ideas = extractIdeas([
      p('填写单位：仙居县白塔镇中心小学'),
      p('联系人：王建平　　联系电话：０５７６－８７７７０１０１'),
      p('讨论议题：城乡教育均衡发展'),
      p('作者：王建平、李红'),
      p('题目：推行课后服务'),
      ...BODY.map(p),
    ]);
    expect(ideas).toHaveLength(1);
    expect(ideas[0]).toMatchObject({ unitAsWritten: '仙居县白塔镇中心小学', contact: '王建平', phone: '0576-87770101', topic: '城乡教育均衡发展', title: '推行课后服务', text: BODY.join('\n'), authorship: 'individual', authors: ['王建平', '李红'], problems: [] });
  });

  it('splits several forms in one file, and the heading line between them goes to the next idea', () => {
    const ideas = extractIdeas([
      p('填写单位：甲学校'),
      p('联系人：张三 联系电话：13800000001'),
      p('题目：第一个建议'),
      ...BODY.map(p),
      p('第二个建议的题目'),
      p('填写单位：甲学校'),
      p('联系人：张三 联系电话：13800000001'),
      ...BODY.map(p),
    ]);
    expect(ideas.map((i) => i.title)).toEqual(['第一个建议', '第二个建议的题目']);
    expect(ideas.map((i) => i.text)).toEqual([BODY.join('\n'), BODY.join('\n')]);
  });

  it('lists what it could not read', () => {
    const [idea] = extractIdeas([p('填写单位：甲学校'), p('联系电话：8777123'), ...BODY.map(p)]);
    expect(idea.problems).toEqual(['未找到联系人', '联系电话缺少区号：8777123', '未找到标题']);
    const [noTitle] = extractIdeas([{ kind: 'table', rows: [[['填写单位'], ['乙学校']], [['建议'], ['只有一段很长的正文，没有标题，也没有电话号码和联系人，写满了一整段。']]] }]);
    expect(noTitle.problems).toEqual(['未找到联系人', '未找到联系电话', '未找到标题']);
  });

  it('finds nothing in a document without labels or a form', () => {
    expect(extractIdeas([p('会议纪要'), p('今天开会讨论了下学期的工作安排。')])).toEqual([]);
  });

  it('collective authorship', () => {
    const [idea] = extractIdeas([p('填写单位：甲学校'), p('署名方式：单位集体'), p('题目：一个建议'), ...BODY.map(p)]);
    expect(idea.authorship).toBe('collective');
    expect(idea.authors).toBeUndefined();
  });
});

describe('docTextToBlocks (.doc text from word-extractor)', () => {
  it('rebuilds table rows whose cells hold several paragraphs or a label broken over two lines', () => {
    const body = '征集表\n填写单位（公章）\t甲学校\t\n联系人\t张三\t联系电话\t13800000001\t\n仙居教育赶超发展建\n议\t题目\n第一段。\n第二段。\t\n说明：略\n';
    expect(docTextToBlocks(body)).toEqual([
      p('征集表'),
      {
        kind: 'table',
        rows: [
          [['填写单位（公章）'], ['甲学校']],
          [['联系人'], ['张三'], ['联系电话'], ['13800000001']],
          [['仙居教育赶超发展建', '议'], ['题目', '第一段。', '第二段。']],
        ],
      },
      p('说明：略'),
      p(''),
    ]);
  });
});
