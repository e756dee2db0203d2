// Evaluation (评比, issue 5): judge profiles (unit, sector, expertise), rounds (which ideas, rubric,
// reviews per idea, deadline, blind reading, same-sector rule, status), the judges and ideas of a
// round (each idea with an anonymous code), assignments judge ↔ idea carrying the score sheet's state,
// per-criterion scores, declared conflicts (回避), reminders, and disqualified ideas.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  const ts = 'varchar(30)';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  // A judge account's profile; the unit is the account's own (users.unit_id).
  await db.schema
    .createTable('evaluation_judges')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    /** The judge's sector when not the unit's (a bureau expert without a school); null: the unit's. */
    .addColumn('sector_id', 'integer', (c) => c.references('sectors.id'))
    /** Topic keys the judge declared expertise in, JSON array. */
    .addColumn('expertise_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** At most this many reviews per round (null: no limit). */
    .addColumn('capacity', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await table('evaluation_rounds')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    /** 'draft' | 'open' | 'closed' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    /** Filters of the ideas entering: JSON arrays (empty: all). */
    .addColumn('topics_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sector_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** The rubric: JSON array of { key, name, maxPoints, weight, step }. */
    .addColumn('rubric_json', 'text', (c) => c.notNull())
    .addColumn('reviews_per_idea', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('deadline', ts)
    .addColumn('blind', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('exclude_same_sector', 'integer', (c) => c.notNull().defaultTo(0))
    /** Flag an idea for a second look when its spread reaches this (0–100 scale). */
    .addColumn('flag_spread', real, (c) => c.notNull().defaultTo(20))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('assigned_at', ts)
    .addColumn('opened_at', ts)
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createIndex('evaluation_rounds_campaign_idx').on('evaluation_rounds').columns(['campaign_id', 'id']).execute();

  await db.schema
    .createTable('evaluation_round_judges')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('judge_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('evaluation_round_judges_pk', ['round_id', 'judge_id'])
    .execute();

  // The ideas of a round, fixed when the assignment runs, each with its anonymous code (评审编号).
  await db.schema
    .createTable('evaluation_round_ideas')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_round_ideas_pk', ['round_id', 'idea_id'])
    .addUniqueConstraint('evaluation_round_ideas_code', ['round_id', 'code'])
    .execute();

  // One review to write: judge ↔ idea, with the state of its score sheet.
  await table('evaluation_assignments')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('judge_id', 'integer', (c) => c.notNull().references('users.id'))
    /** 'auto' | 'manual' | 'reassigned' */
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    /** 'assigned' | 'draft' | 'submitted' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('comment', 'text')
    /** Weighted total 0–100 of the submitted sheet (null until submitted). */
    .addColumn('total', real)
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('saved_at', ts)
    .addColumn('submitted_at', ts)
    .addUniqueConstraint('evaluation_assignments_pair', ['round_id', 'idea_id', 'judge_id'])
    .execute();
  await db.schema.createIndex('evaluation_assignments_judge_idx').on('evaluation_assignments').columns(['judge_id', 'round_id']).execute();

  await db.schema
    .createTable('evaluation_scores')
    .addColumn('assignment_id', 'integer', (c) => c.notNull().references('evaluation_assignments.id').onDelete('cascade'))
    .addColumn('criterion', 'varchar(40)', (c) => c.notNull())
    .addColumn('points', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_scores_pk', ['assignment_id', 'criterion'])
    .execute();

  // 回避申报: a judge (or the bureau for them) declares they must not review an idea.
  await table('evaluation_conflicts')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('judge_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('declared_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('declared_at', ts, (c) => c.notNull())
    /** What happened: the replacement's message, or why none was found. */
    .addColumn('outcome', 'varchar(500)')
    .addUniqueConstraint('evaluation_conflicts_pair', ['round_id', 'idea_id', 'judge_id'])
    .execute();

  // In-app reminders to a judge (e-mail later).
  await table('evaluation_reminders')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('judge_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('message', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('evaluation_reminders_judge_idx').on('evaluation_reminders').columns(['judge_id', 'id']).execute();

  // Ideas taken out of evaluation (e.g. after an originality finding), with the reason.
  await db.schema
    .createTable('evaluation_disqualifications')
    .addColumn('idea_id', 'integer', (c) => c.primaryKey().references('ideas.id'))
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', ts, (c) => c.notNull())
    .execute();
}
