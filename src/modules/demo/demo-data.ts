// Demo organisation and campaign. The units are invented for the demo (names, contacts and the
// 1380000xxxx phones are not real); the towns are 仙居县's. The campaign is the 2017 notice
// (notice-2017-zh.txt) as a template: its dates are Asia/Shanghai calendar days.
import type { UnitType } from '../../shared/roles.ts';

export type DemoSectorName = '城区板块' | '西部板块' | '中部板块' | '东部板块';

export interface DemoUnit {
  code: string;
  name: string;
  type: UnitType;
  /** Sector name as in SECTORS. */
  sector: DemoSectorName;
  town: string;
  contactName: string;
  contactPhone: string;
}

export interface DemoTeacher {
  username: string;
  name: string;
  unitCode: string;
  mobile: string;
}

type UnitSeed = readonly [UnitType, string, string]; // type, name, town

const SECTOR_UNITS: Record<DemoSectorName, readonly UnitSeed[]> = {
  城区板块: [
    ['小学', '仙居县启航小学', '安洲街道'],
    ['小学', '仙居县春晖小学', '安洲街道'],
    ['小学', '仙居县育英小学', '福应街道'],
    ['小学', '仙居县崇文小学', '福应街道'],
    ['小学', '仙居县尚德小学', '南峰街道'],
    ['小学', '仙居县立人小学', '南峰街道'],
    ['小学', '仙居县文昌小学', '安洲街道'],
    ['小学', '仙居县新桥小学', '福应街道'],
    ['小学', '仙居县丽泽小学', '南峰街道'],
    ['初中', '仙居县明德初级中学', '安洲街道'],
    ['初中', '仙居县致远初级中学', '福应街道'],
    ['初中', '仙居县弘毅初级中学', '南峰街道'],
    ['初中', '仙居县求真初级中学', '安洲街道'],
    ['初中', '仙居县怀仁初级中学', '福应街道'],
    ['九年一贯制学校', '仙居县知行学校', '南峰街道'],
    ['九年一贯制学校', '仙居县树人学校', '福应街道'],
    ['普通高中', '仙居县启明高级中学', '安洲街道'],
    ['普通高中', '仙居县博雅高级中学', '南峰街道'],
    ['职业高中', '仙居县现代职业技术学校', '福应街道'],
    ['特殊教育学校', '仙居县启智学校', '南峰街道'],
    ['幼儿园', '仙居县晨曦幼儿园', '安洲街道'],
    ['幼儿园', '仙居县星河幼儿园', '福应街道'],
    ['幼儿园', '仙居县蒲公英幼儿园', '南峰街道'],
    ['幼儿园', '仙居县向阳花幼儿园', '安洲街道'],
    ['幼儿园', '仙居县彩虹幼儿园', '福应街道'],
    ['幼儿园', '仙居县小太阳幼儿园', '南峰街道'],
    ['幼儿园', '仙居县童心幼儿园', '安洲街道'],
    ['幼儿园', '仙居县新苗幼儿园', '福应街道'],
    ['直属单位', '仙居县教育发展研究院', '安洲街道'],
    ['直属单位', '仙居县中小学生研学实践中心', '福应街道'],
    ['直属单位', '仙居县教育信息化服务中心', '安洲街道'],
    ['直属单位', '仙居县教育考试服务中心', '安洲街道'],
    ['直属单位', '仙居县校园安全与后勤保障中心', '南峰街道'],
    ['直属单位', '仙居县社区教育学院', '福应街道'],
    ['直属单位', '仙居县家庭教育指导中心', '南峰街道'],
  ],
  西部板块: [
    ['普通高中', '仙居县括苍高级中学', '横溪镇'],
    ['职业高中', '仙居县横溪职业技术学校', '横溪镇'],
    ['初中', '仙居县横溪镇实验初级中学', '横溪镇'],
    ['初中', '仙居县埠头镇实验初级中学', '埠头镇'],
    ['初中', '仙居县西溪初级中学', '皤滩乡'],
    ['九年一贯制学校', '仙居县步路乡九年一贯制学校', '步路乡'],
    ['九年一贯制学校', '仙居县淡竹乡九年一贯制学校', '淡竹乡'],
    ['九年一贯制学校', '仙居县上张乡九年一贯制学校', '上张乡'],
    ['小学', '仙居县横溪镇实验小学', '横溪镇'],
    ['小学', '仙居县横溪镇溪头小学', '横溪镇'],
    ['小学', '仙居县埠头镇实验小学', '埠头镇'],
    ['小学', '仙居县湫山乡实验小学', '湫山乡'],
    ['小学', '仙居县溪港乡实验小学', '溪港乡'],
    ['小学', '仙居县皤滩乡实验小学', '皤滩乡'],
    ['小学', '仙居县步路乡西岙小学', '步路乡'],
    ['幼儿园', '仙居县横溪镇实验幼儿园', '横溪镇'],
    ['幼儿园', '仙居县埠头镇实验幼儿园', '埠头镇'],
    ['幼儿园', '仙居县步路乡实验幼儿园', '步路乡'],
    ['幼儿园', '仙居县上张乡实验幼儿园', '上张乡'],
    ['幼儿园', '仙居县湫山乡实验幼儿园', '湫山乡'],
    ['幼儿园', '仙居县溪港乡实验幼儿园', '溪港乡'],
    ['幼儿园', '仙居县淡竹乡实验幼儿园', '淡竹乡'],
  ],
  中部板块: [
    ['普通高中', '仙居县神仙居高级中学', '白塔镇'],
    ['初中', '仙居县白塔镇实验初级中学', '白塔镇'],
    ['初中', '仙居县田市镇实验初级中学', '田市镇'],
    ['初中', '仙居县官路镇实验初级中学', '官路镇'],
    ['初中', '仙居县大战乡实验初级中学', '大战乡'],
    ['九年一贯制学校', '仙居县广度乡九年一贯制学校', '广度乡'],
    ['九年一贯制学校', '仙居县田市镇九年一贯制学校', '田市镇'],
    ['小学', '仙居县白塔镇实验小学', '白塔镇'],
    ['小学', '仙居县白塔镇东岙小学', '白塔镇'],
    ['小学', '仙居县田市镇实验小学', '田市镇'],
    ['小学', '仙居县田市镇溪南小学', '田市镇'],
    ['小学', '仙居县官路镇实验小学', '官路镇'],
    ['小学', '仙居县大战乡实验小学', '大战乡'],
    ['小学', '仙居县广度乡实验小学', '广度乡'],
    ['幼儿园', '仙居县白塔镇实验幼儿园', '白塔镇'],
    ['幼儿园', '仙居县白塔镇春蕾幼儿园', '白塔镇'],
    ['幼儿园', '仙居县田市镇实验幼儿园', '田市镇'],
    ['幼儿园', '仙居县官路镇实验幼儿园', '官路镇'],
    ['幼儿园', '仙居县大战乡实验幼儿园', '大战乡'],
    ['幼儿园', '仙居县广度乡实验幼儿园', '广度乡'],
  ],
  东部板块: [
    ['初中', '仙居县下各镇实验初级中学', '下各镇'],
    ['初中', '仙居县朱溪镇实验初级中学', '朱溪镇'],
    ['初中', '仙居县双庙乡实验初级中学', '双庙乡'],
    ['九年一贯制学校', '仙居县安岭乡九年一贯制学校', '安岭乡'],
    ['小学', '仙居县下各镇实验小学', '下各镇'],
    ['小学', '仙居县下各镇溪口小学', '下各镇'],
    ['小学', '仙居县朱溪镇实验小学', '朱溪镇'],
    ['小学', '仙居县安岭乡实验小学', '安岭乡'],
    ['小学', '仙居县双庙乡实验小学', '双庙乡'],
    ['幼儿园', '仙居县下各镇实验幼儿园', '下各镇'],
    ['幼儿园', '仙居县朱溪镇实验幼儿园', '朱溪镇'],
    ['幼儿园', '仙居县安岭乡实验幼儿园', '安岭乡'],
    ['幼儿园', '仙居县双庙乡实验幼儿园', '双庙乡'],
  ],
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤';
const GIVEN_NAMES = ['建华', '丽萍', '志强', '海燕', '晓东', '秀英', '国平', '红梅', '文斌', '雅静', '立军', '慧敏', '玉洁', '浩然', '雨桐', '思远', '佳怡', '俊杰', '欣怡', '振宇'];

/** An invented contact name, stable for a given index. */
export function demoPersonName(index: number): string {
  return SURNAMES[index % SURNAMES.length] + GIVEN_NAMES[(index * 7 + 3) % GIVEN_NAMES.length];
}

/** A fake phone of the form 1380000xxxx. */
export function demoPhone(n: number): string {
  return `1380000${String(n % 10_000).padStart(4, '0')}`;
}

/** The 90 demo units, DEMO001–DEMO090, sector by sector (35/22/20/13). DEMO001 is a primary school. */
export const DEMO_UNITS: readonly DemoUnit[] = (Object.entries(SECTOR_UNITS) as [DemoSectorName, readonly UnitSeed[]][])
  .flatMap(([sector, seeds]) => seeds.map(([type, name, town]) => ({ type, name, town, sector })))
  .map((u, i) => ({ code: `DEMO${String(i + 1).padStart(3, '0')}`, ...u, contactName: demoPersonName(i), contactPhone: demoPhone(i + 1) }));

/** A few teachers of demo units, for sample golden ideas. */
export const DEMO_TEACHERS: readonly DemoTeacher[] = [
  { username: 'teacher01', name: '陈思远', unitCode: 'DEMO001', mobile: demoPhone(9001) },
  { username: 'teacher02', name: '林佳怡', unitCode: 'DEMO001', mobile: demoPhone(9002) },
  { username: 'teacher03', name: '王浩然', unitCode: 'DEMO010', mobile: demoPhone(9003) },
  { username: 'teacher04', name: '周雨桐', unitCode: 'DEMO021', mobile: demoPhone(9004) },
  { username: 'teacher05', name: '徐振宇', unitCode: 'DEMO045', mobile: demoPhone(9005) },
  { username: 'teacher06', name: '吴雅静', unitCode: 'DEMO080', mobile: demoPhone(9006) },
];

// ---- the campaign of the 2017 notice ----

export type PhaseKey = 'study' | 'discuss' | 'rectify';
export type DeadlineKind = 'archive' | 'ideas';

export interface CampaignPhase {
  key: PhaseKey;
  name: string;
  summary: string;
  /** ISO UTC instant of 00:00 Asia/Shanghai on the first day. */
  startsAt: string;
  /** ISO UTC instant of 23:59:59.999 Asia/Shanghai on the last day. */
  endsAt: string;
}

export interface CampaignDeadline {
  kind: DeadlineKind;
  name: string;
  /** ISO UTC instant of 23:59:59.999 Asia/Shanghai on the due day. */
  dueAt: string;
}

export interface DemoCampaign {
  title: string;
  theme: string;
  goals: string[];
  description: string;
  /** 主要内容: what every discussion answers. */
  focus: string[];
  topics: string[];
  phases: CampaignPhase[];
  deadlines: CampaignDeadline[];
}

export const CAMPAIGN_TITLE_2017 = '教育“解放思想 赶超发展”大讨论活动';
export const DISCUSSION_TOPICS_2017 = ['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革'];

/** Days counted from 9月1日 (day 0), inclusive at both ends. */
const PHASE_TEMPLATE: readonly { key: PhaseKey; name: string; summary: string; firstDay: number; lastDay: number }[] = [
  { key: 'study', name: '学习宣传·调查研究', summary: '宣传发动、深入调研、学习研讨（9月上旬）', firstDay: 0, lastDay: 9 }, // 09-01..09-10
  { key: 'discuss', name: '梳理短板·讨论汇总', summary: '全员参与、围绕中心工作讨论、制定落实措施（9月中下旬）', firstDay: 10, lastDay: 29 }, // 09-11..09-30
  { key: 'rectify', name: '整改问题·总结提升', summary: '整改到位、形成常态、培树典型（10月中上旬）', firstDay: 30, lastDay: 49 }, // 10-01..10-20
];
const DEADLINE_TEMPLATE: readonly { kind: DeadlineKind; name: string; day: number }[] = [
  { kind: 'archive', name: '讨论材料归档', day: 34 }, // 10-05: 文字、图片装订成册上报局办公室
  { kind: 'ideas', name: '金点子报送', day: 49 }, // 10-20: 纸质加盖公章并发送电子版
];
/** A demo placed around today sits on this template day (9月15日), early in 梳理短板·讨论汇总. */
const DEMO_TODAY = 14;

const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Calendar day (as a UTC-midnight epoch) on which an instant falls in Asia/Shanghai. */
function shanghaiDay(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS;
}
const startOfDay = (anchor: number, day: number) => new Date(anchor + day * DAY_MS - SHANGHAI_OFFSET_MS).toISOString();
const endOfDay = (anchor: number, day: number) => new Date(anchor + (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1).toISOString();

/** The campaign with day 0 of the template on `anchor` (a UTC-midnight epoch of a calendar day). */
function campaignFrom(anchor: number, title: string): DemoCampaign {
  return {
    title,
    theme: '教育赶超发展',
    goals: ['创建教育现代化县', '创办人民满意教育'],
    description:
      '以“创新、协调、绿色、开放、共享”发展理念为指导，以“质量提升、队伍建设、项目落实”为载体，以学习、讨论、调研为主要形式，组织广大教职员工谈机遇、学先进、找差距、争一流，形成教育赶超发展新局面。',
    focus: ['仙居教育目前存在的短板及原因', '仙居教育赶超发展的建议和对策'],
    topics: [...DISCUSSION_TOPICS_2017],
    phases: PHASE_TEMPLATE.map((p) => ({ key: p.key, name: p.name, summary: p.summary, startsAt: startOfDay(anchor, p.firstDay), endsAt: endOfDay(anchor, p.lastDay) })),
    deadlines: DEADLINE_TEMPLATE.map((d) => ({ kind: d.kind, name: d.name, dueAt: endOfDay(anchor, d.day) })),
  };
}

/** The campaign exactly as the notice of 2017-09-06 set it. */
export function demoCampaign2017(): DemoCampaign {
  return campaignFrom(Date.UTC(2017, 8, 1), CAMPAIGN_TITLE_2017);
}

/**
 * The same campaign for `year`. Its natural dates (9月1日–10月20日) are kept when `now` falls within
 * them; otherwise the whole schedule moves by whole days so that `now` is early in the second phase,
 * with both deadlines ahead: a demo started on any day has live phases to show.
 */
export function demoCampaignForYear(year: number, now?: Date): DemoCampaign {
  const natural = Date.UTC(year, 8, 1);
  const title = `${year}年${CAMPAIGN_TITLE_2017}`;
  if (!now) return campaignFrom(natural, title);
  const today = shanghaiDay(now);
  const lastDay = PHASE_TEMPLATE[PHASE_TEMPLATE.length - 1].lastDay;
  if (today >= natural && today <= natural + lastDay * DAY_MS) return campaignFrom(natural, title);
  return campaignFrom(today - DEMO_TODAY * DAY_MS, title);
}

/** The phase running at `at`, if any. */
export function phaseAt(campaign: Pick<DemoCampaign, 'phases'>, at: Date): CampaignPhase | null {
  const t = at.toISOString();
  return campaign.phases.find((p) => p.startsAt <= t && t <= p.endsAt) ?? null;
}
