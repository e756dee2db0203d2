// "What I still have to do" (R2): for each signed-in user, the work waiting on them now — built here
// and only here: the golden-idea items below, then the evaluation's (judges' reviews, open notices).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { hasRole, unitScope, type Actor } from '../../platform/policy/policy.ts';
import * as campaigns from '../campaigns/campaigns.repository.ts';
import { evaluationTodo, type TodoItem } from '../evaluation/evaluation.todo.ts';
import * as repo from './ideas.repository.ts';

type Item = TodoItem;

export async function buildTodo(db: Kysely<DB>, actor: Actor, now: string) {
  const campaignId = await campaigns.latestCampaignId(db);
  if (campaignId == null) return { campaignId: null, ideasDueAt: null, extensionUntil: null, items: await evaluationTodo(db, actor, now) };
  const c = (await campaigns.getCampaign(db, campaignId))!;
  const ideasDueAt = await campaigns.ideasDeadline(db, campaignId);
  const open = !ideasDueAt || now <= ideasDueAt;
  const items: Item[] = [];
  const add = (key: string, count: number, zh: string, en: string, link: string) => {
    if (count > 0) items.push({ key, count, zh, en, link });
  };
  let extensionUntil: string | null = null;

  if (actor.unitId != null && (hasRole(actor, 'member') || hasRole(actor, 'unit_admin'))) {
    extensionUntil = await campaigns.extensionOf(db, campaignId, actor.unitId);
    const mine = await repo.statusCounts(db, campaignId, { createdBy: actor.userId });
    add('my-drafts', mine.draft ?? 0, `您有 ${mine.draft} 个金点子草稿尚未提交`, `You have ${mine.draft} golden idea draft(s) not sent yet`, '/ideas');
    add('my-returned', mine.returned ?? 0, `您有 ${mine.returned} 个金点子被退回，请修改后重新提交`, `${mine.returned} of your golden ideas were returned: correct and send them again`, '/ideas');
    if (hasRole(actor, 'member') && !hasRole(actor, 'unit_admin') && open && !(mine.draft || mine.returned || mine.sent || mine.approved || mine.submitted || mine.received)) {
      items.push({ key: 'write-idea', count: 1, zh: '撰写并提交您的金点子（不少于' + c.min_chars + '字）', en: `Write and send your golden idea (at least ${c.min_chars} characters)`, link: '/ideas/new' });
    }
  }
  if (actor.unitId != null && hasRole(actor, 'unit_admin')) {
    const unit = await repo.statusCounts(db, campaignId, { unitId: actor.unitId });
    add('review', unit.sent ?? 0, `${unit.sent} 个金点子待您审核`, `${unit.sent} golden idea(s) await your review`, '/ideas/review');
    add('seal', unit.approved ?? 0, `${unit.approved} 个已审核的金点子待盖章报送`, `${unit.approved} approved golden idea(s) await sealing`, '/ideas/review');
    const counted = (unit.submitted ?? 0) + (unit.received ?? 0);
    if (counted < c.ideas_min) {
      items.push({ key: 'quota', count: c.ideas_min - counted, zh: `本单位已报送 ${counted} 个金点子，至少需报送 ${c.ideas_min} 个`, en: `Your unit has submitted ${counted} golden idea(s); at least ${c.ideas_min} are required`, link: '/ideas/review' });
    }
  }
  if (hasRole(actor, 'bureau_admin')) {
    const b = await repo.batchCounts(db, campaignId);
    add('receive', b.submitted ?? 0, `${b.submitted} 个报送批次待签收`, `${b.submitted} batch(es) await receipt`, '/desk');
  }
  if (hasRole(actor, 'bureau_admin') || hasRole(actor, 'inspector') || hasRole(actor, 'leader') || hasRole(actor, 'sector_leader')) {
    const units = await repo.countsPerUnit(db, unitScope(actor), campaignId);
    const none = units.filter((u) => Number(u.submitted ?? 0) === 0).length;
    add('units-none', none, `${none} 个单位尚未报送金点子`, `${none} unit(s) have not submitted any golden idea`, '/desk');
  }
  items.push(...(await evaluationTodo(db, actor, now)));
  return { campaignId, ideasDueAt, extensionUntil, items };
}
