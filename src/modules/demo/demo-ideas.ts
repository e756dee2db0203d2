// Sample golden ideas for the demo, in every state of the workflow, so that each demo account has
// something to see: the member a draft, the unit admin ideas to review, the bureau sealed batches to
// receive and units that have sent nothing. The texts are assembled from the project's own seed
// paragraphs (originality/eval/seed-texts.ts) with an opening and a closing written for the demo;
// people and numbers are invented. Everything goes through the ideas service, as a user's clicks would.
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/policy/policy.ts';
import type { Role } from '../../shared/roles.ts';
import { SEED_PARAGRAPHS } from '../originality/eval/seed-texts.ts';
import * as ideas from '../ideas/ideas.service.ts';
import { demoPersonName, demoPhone, DEMO_TEACHERS } from './demo-data.ts';

const OPENING = (topic: string) =>
  `围绕“${topic}”这个主题，我们教研组利用两次集体备课时间进行了专题讨论，结合本校近三年的实际情况，梳理出目前存在的几个突出短板：一是思路不够宽，习惯按老办法做事；二是措施不够实，布置多、跟进少；三是评价不够准，做得好与做得一般区别不大。针对这些问题，我们提出以下建议。`;
const CLOSING =
  '以上建议，有的已经在我校小范围试行，有的还需要教育局在政策和经费上给予支持。我们建议先选择两到三所学校试点一个学期，及时总结经验、修正做法，再在全县逐步推开，并把实施情况纳入年度考核，做到有布置、有检查、有反馈，真正让好的想法落地见效。';

const CAMPAIGN_TOPIC: Record<string, string> = { 教育投融资渠道创新: '投融资渠道创新' };

function textFor(topic: string, n: number): string {
  const own = SEED_PARAGRAPHS.filter((p) => (CAMPAIGN_TOPIC[p.topic] ?? p.topic) === topic).map((p) => p.text);
  const body = n === 1 ? own.slice(0, 1) : own;
  return [OPENING(topic), ...body, CLOSING].join('\n');
}

interface DemoIdea {
  unitCode: string;
  author: string;
  topic: string;
  title: string;
  collective?: boolean;
  /** Where the idea stops in the workflow. */
  state: 'draft' | 'sent' | 'approved' | 'submitted' | 'received';
}

const DEMO_IDEAS: DemoIdea[] = [
  { unitCode: 'DEMO001', author: 'member', topic: '教师队伍建设', title: '关于拓宽新教师成长通道的思考', state: 'draft' },
  { unitCode: 'DEMO001', author: 'teacher01', topic: '课堂教学改革', title: '让课堂从“讲得好”转向“学得好”', state: 'sent' },
  { unitCode: 'DEMO001', author: 'teacher02', topic: '校园文化打造', title: '校园文化要从墙上走进日常', state: 'sent' },
  { unitCode: 'DEMO001', author: 'unitadmin', topic: '城乡教育均衡发展', title: '推动城乡学校结对共建的建议', collective: true, state: 'approved' },
  { unitCode: 'DEMO010', author: 'teacher03', topic: '教学质量提升', title: '用好单元检测数据，精准改进教学', state: 'submitted' },
  { unitCode: 'DEMO010', author: 'teacher03', topic: '投融资渠道创新', title: '引导社会力量参与乡村学校建设', state: 'submitted' },
  { unitCode: 'DEMO021', author: 'teacher04', topic: '教师队伍建设', title: '把培训经费交给教研组用', state: 'received' },
  { unitCode: 'DEMO021', author: 'teacher04', topic: '课堂教学改革', title: '推行“先学后教”的课堂常规', collective: true, state: 'received' },
  { unitCode: 'DEMO045', author: 'teacher05', topic: '城乡教育均衡发展', title: '县域内教师交流轮岗的几点做法', state: 'submitted' },
  { unitCode: 'DEMO045', author: 'teacher05', topic: '校园文化打造', title: '一校一品，打造乡土特色校园文化', state: 'submitted' },
  { unitCode: 'DEMO045', author: 'teacher05', topic: '教学质量提升', title: '建立薄弱学科帮扶机制', state: 'submitted' },
  { unitCode: 'DEMO080', author: 'teacher06', topic: '投融资渠道创新', title: '设立教育发展基金的设想', state: 'sent' },
];

/** Unit admins of the units whose batches the demo seals. */
export const DEMO_UNIT_ADMINS = ['DEMO010', 'DEMO021', 'DEMO045'].map((code, i) => ({ username: `unitadmin${code.slice(4)}`, name: demoPersonName(200 + i), unitCode: code }));

export interface DemoPeople {
  /** username → user id, unit id and role */
  users: Map<string, { id: number; unitId: number | null; role: Role; name: string }>;
  bureauAdmin: string;
}

function actorOf(p: DemoPeople, username: string): Actor {
  const u = p.users.get(username)!;
  return { userId: u.id, username, name: u.name, unitId: u.unitId, roles: [{ role: u.role, sectorId: null }], mustChangePassword: false, sessionPublicId: 'demo-seed' };
}

export async function seedDemoIdeas(trx: Transaction<DB>, dialect: Dialect, now: string, people: DemoPeople) {
  const ctx = { dialect, now };
  const sealedBy = new Map<string, number[]>();
  for (const [i, d] of DEMO_IDEAS.entries()) {
    const author = actorOf(people, d.author);
    const teacher = DEMO_TEACHERS.find((t) => t.username === d.author);
    const id = await ideas.createDraft(trx, ctx, author, {
      contactName: author.name,
      contactPhone: teacher?.mobile ?? demoPhone(9100 + i),
      authorship: d.collective ? 'collective' : 'individual',
      authors: d.collective ? [] : [author.name],
      topic: d.topic,
      title: d.title,
      body: textFor(d.topic, d.state === 'draft' ? 1 : 2),
      pledge: d.state !== 'draft',
    });
    if (d.state === 'draft') continue;
    const unitAdmin = d.unitCode === 'DEMO001' ? 'unitadmin' : `unitadmin${d.unitCode.slice(4)}`;
    if (d.author === unitAdmin) await ideas.approve(trx, ctx, author, id, null);
    else await ideas.send(trx, ctx, author, id);
    if (d.state === 'sent') continue;
    if (d.author !== unitAdmin) await ideas.approve(trx, ctx, actorOf(people, unitAdmin), id, null);
    if (d.state === 'approved') continue;
    sealedBy.set(unitAdmin, [...(sealedBy.get(unitAdmin) ?? []), id]);
  }
  for (const [unitAdmin, ids] of sealedBy) {
    const batchId = await ideas.seal(trx, ctx, actorOf(people, unitAdmin), ids);
    const received = DEMO_IDEAS.some((d) => d.state === 'received' && `unitadmin${d.unitCode.slice(4)}` === unitAdmin);
    if (received) await ideas.receiveBatch(trx, ctx, actorOf(people, people.bureauAdmin), batchId);
  }
  return DEMO_IDEAS.length;
}
