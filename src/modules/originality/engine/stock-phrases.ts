// Stock phrases (套话) of official education writing: they stand in a large share of all
// submissions and are never evidence of copying. This is the seed of the bureau's editable list;
// the engine takes any list (StockPhrases.from), so the bureau's own version replaces it.
// Matching is on normalised text, so punctuation, width and traditional characters do not matter.
import { normalize } from './normalize.ts';

// Core phrases rather than whole clauses (立德树人根本任务, not 落实立德树人根本任务), so that one entry
// covers every verb it is used with; none shorter than 4 characters, so that ordinary words stay
// evidence.
export const DEFAULT_STOCK_PHRASES: readonly string[] = [
  '以习近平新时代中国特色社会主义思想为指导',
  '深入贯彻党的二十大精神',
  '全面贯彻党的教育方针',
  '立德树人根本任务',
  '坚持社会主义办学方向',
  '办好人民满意的教育',
  '深化教育领域综合改革',
  '义务教育优质均衡发展',
  '坚持以人民为中心的发展思想',
  '社会主义核心价值观',
  '德智体美劳全面发展的社会主义建设者和接班人',
  '公平而有质量的教育',
  '高素质专业化创新型教师队伍',
  '加快推进教育现代化',
  '建设教育强国',
  '一般公共预算教育支出逐年只增不减',
  '按在校学生人数平均的一般公共预算教育支出',
  '坚持和加强党对教育工作的全面领导',
  '把教育摆在优先发展的战略位置',
  '促进学生全面发展健康成长',
  '发展素质教育',
  '推进教育公平',
  '统筹城乡教育一体化发展',
  '加强师德师风建设',
  '学生过重作业负担和校外培训负担',
  '深化新时代教育评价改革',
  '德智体美劳全面培养的教育体系',
  '获得感幸福感安全感',
  '融入教育教学全过程',
  '解放思想赶超发展',
  '为党育人为国育才',
  '守正创新',
];

export class StockPhrases {
  private constructor(readonly phrases: readonly string[]) {}

  /** Normalises the list (empty entries dropped, duplicates removed). */
  static from(list: readonly string[]): StockPhrases {
    const set = new Set<string>();
    for (const p of list) {
      const t = normalize(p).text;
      if (t.length > 0) set.add(t);
    }
    // Longest first, so that a phrase inside a longer one does not hide it (only coverage matters).
    return new StockPhrases([...set].sort((a, b) => b.length - a.length));
  }

  static defaults(): StockPhrases {
    return StockPhrases.from(DEFAULT_STOCK_PHRASES);
  }

  /**
   * A mask over a normalised text: 1 where a character belongs to a stock phrase occurrence.
   * A few dozen phrases, so indexOf per phrase is fast enough; a long bureau list would want
   * Aho–Corasick here.
   */
  mask(text: string): Uint8Array {
    const m = new Uint8Array(text.length);
    for (const p of this.phrases) {
      for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) m.fill(1, i, i + p.length);
    }
    return m;
  }
}
