// Stock phrases (套话) of official education writing: they stand in a large share of all
// submissions and are never evidence of copying. This is the seed of the bureau's editable list;
// the engine takes any list (StockPhrases.from), so the bureau's own version replaces it.
// Matching is on normalised text, so punctuation, width and traditional characters do not matter.
import { normalize } from './normalize.ts';

// Core phrases rather than whole clauses (立德树人根本任务, not 落实立德树人根本任务), so that one entry
// covers every verb it is used with; none shorter than 4 characters, so that ordinary words stay
// evidence.
//
// Two lists, both ours: the 32 phrases the list was first seeded with, and the phrases of official
// writing added for a county's first campaign, where no
// document frequency can tell a stock phrase used in 2–5 ideas from copying (README: "Stock phrases
// in a small collection"). What belongs here: the political and administrative framing of official
// education writing (guiding thought, meetings, slogans, set formulas of policy, the boilerplate of
// work reports: 思想上高度重视, 狠抓落实, 取得显著成效, 可复制可推广). What does not: terms that name
// what an idea is about (名师工作室, 集团化办学, 课后服务, 校本教研): those are the idea's content, and
// copying them is evidence. Migration 0005 seeds a new database with DEFAULT_STOCK_PHRASES (both
// lists); migration 0009 adds the second list to a database seeded before it. Keep both lists as
// they are: add new phrases in a new list with a new migration.
/** The first seed (32 phrases). */
export const SEED_STOCK_PHRASES_0005: readonly string[] = [
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

/** Phrases of official writing, added to existing databases by migration 0009. */
export const OFFICIAL_WRITING_PHRASES_0009: readonly string[] = [
  '习近平新时代中国特色社会主义思想',
  '习近平总书记关于教育的重要论述',
  '党的十九大精神',
  '党的二十大精神',
  '全国教育大会精神',
  '不忘初心牢记使命',
  '增强四个意识',
  '坚定四个自信',
  '做到两个维护',
  '两个确立的决定性意义',
  '全面从严治党',
  '党风廉政建设',
  '基层党组织建设',
  '战斗堡垒作用',
  '先锋模范作用',
  '党组织领导的校长负责制',
  '以人民为中心',
  '贯彻新发展理念',
  '创新协调绿色开放共享',
  '全面建成小康社会',
  '两学一做学习教育',
  '四个全面战略布局',
  '五位一体总体布局',
  '共同富裕',
  '高质量发展',
  '中华优秀传统文化',
  '铸牢中华民族共同体意识',
  '培根铸魂启智增慧',
  '扣好人生第一粒扣子',
  '四有好老师',
  '四个引路人',
  '弘扬教育家精神',
  '教育是国之大计党之大计',
  '培养担当民族复兴大任的时代新人',
  '时代新人',
  '五育并举',
  '五育融合',
  '作业负担和校外培训负担',
  '发展学生核心素养',
  '义务教育课程方案和课程标准',
  '依法治教依法治校',
  '现代学校制度',
  '教育数字化转型',
  '信息技术与教育教学深度融合',
  '学前教育普及普惠安全优质发展',
  '普通高中多样化有特色发展',
  '唯分数唯升学唯文凭唯论文唯帽子',
  '提质增效',
  '因材施教',
  '面向全体学生',
  '以学生发展为本',
  '全面提高教育教学质量',
  '提升教育教学质量',
  '建设教育强县',
  '思想上高度重视',
  '加强组织领导',
  '强化责任担当',
  '压实工作责任',
  '狠抓落实',
  '抓好落实',
  '真抓实干',
  '凝心聚力',
  '攻坚克难',
  '先行先试',
  '积极探索',
  '取得了明显成效',
  '取得显著成效',
  '可复制可推广',
  '具有推广价值',
  '典型经验做法',
  '长效机制',
  '完善体制机制',
  '坚持问题导向',
  '问题导向和目标导向',
  '统筹推进',
  '以点带面',
  '急难愁盼问题',
  '人民群众满意度',
  '最后一公里',
  '营造良好氛围',
  '风清气正',
  '齐抓共管',
  '形成工作合力',
  '一张蓝图绘到底',
  '补短板强弱项',
  '精准施策',
  '以评促建以评促改',
  '提供坚强保障',
  '提供有力支撑',
  '责任感使命感紧迫感',
  '奋力谱写',
];

export const DEFAULT_STOCK_PHRASES: readonly string[] = [...SEED_STOCK_PHRASES_0005, ...OFFICIAL_WRITING_PHRASES_0009];

export class StockPhrases {
  /** 1 for a UTF-16 code unit that starts some phrase: most positions of a text are skipped on it. */
  private readonly starts = new Uint8Array(65536);
  /** The phrases by their first code unit, longest first. */
  private readonly byFirst = new Map<number, string[]>();

  private constructor(readonly phrases: readonly string[]) {
    for (const p of phrases) {
      const c = p.charCodeAt(0);
      this.starts[c] = 1;
      const list = this.byFirst.get(c);
      if (list) list.push(p);
      else this.byFirst.set(c, [p]);
    }
  }

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
   * A mask over a normalised text: 1 where a character belongs to a stock phrase occurrence
   * (occurrences may overlap). One pass: a position is compared only with the phrases that start
   * with its character, so a list of thousands costs about what a list of dozens does.
   */
  mask(text: string): Uint8Array {
    const m = new Uint8Array(text.length);
    const starts = this.starts;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (starts[c] === 0) continue;
      for (const p of this.byFirst.get(c)!) if (text.startsWith(p, i)) m.fill(1, i, i + p.length);
    }
    return m;
  }
}
