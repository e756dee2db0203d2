// Decisions and awards of an evaluation round (评比结果, issue 5 item 5): the proposed results of a
// closed round (award tiers by count or share, hand adjustments with their reasons, disqualified ideas
// left out), the public-notice period (公示) with its end, the objections (异议) units file during it
// and the bureau's answers on the record, finalisation, release to units, the public flag and the
// ideas selected as 优秀，推荐发布.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const ts = 'varchar(30)';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  // One row per round that has results: their state and settings.
  await db.schema
    .createTable('evaluation_award_rounds')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('evaluation_rounds.id').onDelete('cascade'))
    /** 'proposed' | 'announced' | 'final' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    /** 'raw' | 'normalized': the scores the ranking compares. */
    .addColumn('mode', 'varchar(20)', (c) => c.notNull())
    /** E1's TierSpec as JSON ({by:'count',counts} | {by:'share',shares}). */
    .addColumn('spec_json', 'text', (c) => c.notNull())
    /** Who issues the certificates (颁发单位), printed at their foot. */
    .addColumn('issuer', 'varchar(100)', (c) => c.notNull())
    .addColumn('proposed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', ts, (c) => c.notNull())
    .addColumn('announced_by', 'integer', (c) => c.references('users.id'))
    .addColumn('announced_at', ts)
    /** End of the 公示 (inclusive): objections until then. */
    .addColumn('notice_ends_at', ts)
    .addColumn('finalized_by', 'integer', (c) => c.references('users.id'))
    .addColumn('finalized_at', ts)
    /** Marked public (for the showcase that comes later). */
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // One row per ranked idea of the round (disqualified ideas are not here).
  await db.schema
    .createTable('evaluation_awards')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    /** The tier the rule gave ('first' | 'second' | 'third' | 'excellence' | null). */
    .addColumn('computed_tier', 'varchar(20)')
    /** The tier in force (after hand adjustments). */
    .addColumn('tier', 'varchar(20)')
    /** Why the tier was changed by hand (null: as computed). */
    .addColumn('reason', 'varchar(500)')
    .addColumn('adjusted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('adjusted_at', ts)
    .addColumn('raw_score', real, (c) => c.notNull())
    .addColumn('normalized_score', real)
    .addColumn('sheets', 'integer', (c) => c.notNull())
    .addColumn('spread', real, (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    /** 优秀，推荐发布: selected for the public showcase. */
    .addColumn('excellent', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('evaluation_awards_pk', ['round_id', 'idea_id'])
    .execute();

  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  // 异议: filed by a unit admin during the 公示, answered by the bureau on the record.
  await table('evaluation_objections')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id').onDelete('cascade'))
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('filed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('filed_at', ts, (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    /** 'open' | 'upheld' | 'rejected' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('reply', 'varchar(1000)')
    .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('answered_at', ts)
    .execute();
  await db.schema.createIndex('evaluation_objections_round_idx').on('evaluation_objections').columns(['round_id', 'id']).execute();
}
