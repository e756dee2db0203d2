// The only SQL of campaigns: the campaign, its phases, deadlines, collection rules and extensions.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { param, precompiled } from '../../platform/db/precompiled.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface CampaignInput {
  title: string;
  theme: string;
  description: string;
  topics: string[];
  phases: { name: string; startsAt: string; endsAt: string }[];
  deadlines: { name: string; kind: string; dueAt: string }[];
  /** Collection rules (R2); defaults 2–5 ideas, 500 字, both authorships. */
  ideasMin?: number;
  ideasMax?: number;
  minChars?: number;
  authorship?: string;
  formTitle?: string;
}

function ruleColumns(c: CampaignInput) {
  return {
    ...(c.ideasMin != null ? { ideas_min: c.ideasMin } : {}),
    ...(c.ideasMax != null ? { ideas_max: c.ideasMax } : {}),
    ...(c.minChars != null ? { min_chars: c.minChars } : {}),
    ...(c.authorship != null ? { authorship: c.authorship } : {}),
    ...(c.formTitle != null ? { form_title: c.formTitle } : {}),
  };
}

async function insertSchedule(db: Db, id: number, c: CampaignInput) {
  if (c.phases.length) {
    await db.insertInto('campaign_phases').values(c.phases.map((ph, i) => ({ campaign_id: id, seq: i + 1, name: ph.name, starts_at: ph.startsAt, ends_at: ph.endsAt }))).execute();
  }
  if (c.deadlines.length) {
    await db.insertInto('campaign_deadlines').values(c.deadlines.map((d) => ({ campaign_id: id, name: d.name, kind: d.kind, due_at: d.dueAt }))).execute();
  }
}

export async function insertCampaign(db: Db, c: CampaignInput, now: string): Promise<number> {
  const { id } = await db
    .insertInto('campaigns')
    .values({ title: c.title, theme: c.theme, description: c.description, topics_json: JSON.stringify(c.topics), created_at: now, updated_at: now, ...ruleColumns(c) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertSchedule(db, id, c);
  return id;
}

export async function updateCampaign(db: Db, id: number, c: CampaignInput, now: string): Promise<boolean> {
  const r = await db
    .updateTable('campaigns')
    .set({ title: c.title, theme: c.theme, description: c.description, topics_json: JSON.stringify(c.topics), updated_at: now, ...ruleColumns(c) })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('campaign_phases').where('campaign_id', '=', id).execute();
  await db.deleteFrom('campaign_deadlines').where('campaign_id', '=', id).execute();
  await insertSchedule(db, id, c);
  return true;
}

export async function getCampaign(db: Db, id: number) {
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) return null;
  const phases = await db.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', c.id).orderBy('seq').execute();
  const deadlines = await db.selectFrom('campaign_deadlines').selectAll().where('campaign_id', '=', c.id).orderBy('due_at').execute();
  return { ...c, phases, deadlines };
}

export async function latestCampaignId(db: Db): Promise<number | null> {
  const c = await db.selectFrom('campaigns').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return c?.id ?? null;
}

export async function latestCampaign(db: Db) {
  const id = await latestCampaignId(db);
  return id == null ? null : getCampaign(db, id);
}

export async function listCampaigns(db: Db) {
  return db.selectFrom('campaigns').select(['id', 'title', 'theme', 'created_at', 'updated_at']).orderBy('id', 'desc').execute();
}

// Read in every submission's transaction: precompiled.
const collectionRulesQuery = precompiled((db) =>
  db
    .selectFrom('campaigns')
    .select((eb) => [
      'ideas_min',
      'ideas_max',
      'min_chars',
      'authorship',
      'topics_json',
      'form_title',
      'title',
      'created_at',
      eb
        .selectFrom('campaign_deadlines')
        .select('due_at')
        .whereRef('campaign_deadlines.campaign_id', '=', 'campaigns.id')
        .where('kind', '=', 'ideas')
        .orderBy('due_at', 'desc')
        .limit(1)
        .as('ideas_due_at'),
    ])
    .where('id', '=', param<number>('id')),
);

/** What collecting ideas needs of a campaign, with its deadline for ideas, in one query. */
export async function collectionRules(db: Db, id: number) {
  return collectionRulesQuery.first(db, { id });
}

/** The deadline for golden ideas (kind 'ideas'); null when the campaign sets none. */
export async function ideasDeadline(db: Db, campaignId: number): Promise<string | null> {
  const d = await db.selectFrom('campaign_deadlines').select('due_at').where('campaign_id', '=', campaignId).where('kind', '=', 'ideas').orderBy('due_at', 'desc').limit(1).executeTakeFirst();
  return d?.due_at ?? null;
}

/** The latest extension the bureau granted the unit (the newest grant wins). */
export async function extensionOf(db: Db, campaignId: number, unitId: number): Promise<string | null> {
  const e = await db.selectFrom('campaign_extensions').select('until').where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return e?.until ?? null;
}

export async function insertExtension(db: Db, v: { campaign_id: number; unit_id: number; until: string; reason: string; granted_by: number; granted_at: string }) {
  const { id } = await db.insertInto('campaign_extensions').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function listExtensions(db: Db, campaignId: number) {
  return db
    .selectFrom('campaign_extensions')
    .innerJoin('units', 'units.id', 'campaign_extensions.unit_id')
    .innerJoin('users', 'users.id', 'campaign_extensions.granted_by')
    .select(['campaign_extensions.id', 'campaign_extensions.unit_id', 'units.name as unit_name', 'campaign_extensions.until', 'campaign_extensions.reason', 'campaign_extensions.granted_at', 'users.name as granted_by_name'])
    .where('campaign_extensions.campaign_id', '=', campaignId)
    .orderBy('campaign_extensions.id', 'desc')
    .execute();
}

export async function unitExists(db: Db, unitId: number) {
  return !!(await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst());
}
