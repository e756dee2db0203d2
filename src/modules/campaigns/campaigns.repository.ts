// The only SQL of campaigns (the foundation stores and shows them; issue 3 adds editing).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface CampaignInput {
  title: string;
  theme: string;
  description: string;
  topics: string[];
  phases: { name: string; startsAt: string; endsAt: string }[];
  deadlines: { name: string; kind: string; dueAt: string }[];
}

export async function insertCampaign(db: Db, c: CampaignInput, now: string): Promise<number> {
  const { id } = await db
    .insertInto('campaigns')
    .values({ title: c.title, theme: c.theme, description: c.description, topics_json: JSON.stringify(c.topics), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (c.phases.length) {
    await db.insertInto('campaign_phases').values(c.phases.map((ph, i) => ({ campaign_id: id, seq: i + 1, name: ph.name, starts_at: ph.startsAt, ends_at: ph.endsAt }))).execute();
  }
  if (c.deadlines.length) {
    await db.insertInto('campaign_deadlines').values(c.deadlines.map((d) => ({ campaign_id: id, name: d.name, kind: d.kind, due_at: d.dueAt }))).execute();
  }
  return id;
}

export async function latestCampaign(db: Db) {
  const c = await db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!c) return null;
  const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', c.id).orderBy('seq').execute();
  const deadlines = await db.selectFrom('campaign_deadlines').selectAll().where('campaign_id', '=', c.id).orderBy('due_at').execute();
  return { ...c, phases, deadlines };
}
