// Precompiled queries for the hot paths (every signed-in request, every submission): the query is
// built and compiled by Kysely once per dialect, then run with new parameter values. Building and
// compiling a query costs more CPU than SQLite takes to run it (about a quarter of a saved idea's
// CPU before this), and the SQL never changes between calls; only the values do.
//
//   const byId = precompiled((db) => <a query on db>.where('id', '=', param<number>('id')));
//   const row = await byId.first(db, { id: 7 });   // in a repository, like every query
//
// A parameter is a marker value that Kysely passes through as a bound parameter; at run time each
// marker is replaced by the value of that name. Queries whose shape depends on the values (an IN
// list, optional filters) are not for this: build those as usual.
import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type QueryResult, type RootOperationNode } from 'kysely';
import type { DB } from './schema.ts';

const MARK = '\u0000jdz-param:';

/** A named parameter of a precompiled query (typed as the value it stands for). */
export function param<T>(name: string): T {
  return `${MARK}${name}` as unknown as T;
}

type Slot = { name: string } | { value: unknown };

interface Compiled {
  sql: string;
  query: RootOperationNode;
  slots: Slot[];
}

/** The values of a run, by parameter name. */
export type Params = Readonly<Record<string, unknown>>;

export interface Precompiled<R> {
  all(db: Kysely<DB>, params: Params): Promise<R[]>;
  first(db: Kysely<DB>, params: Params): Promise<R | undefined>;
  run(db: Kysely<DB>, params: Params): Promise<QueryResult<R>>;
}

export function precompiled<R>(build: (db: Kysely<DB>) => Compilable<R>): Precompiled<R> {
  // Per dialect adapter: one Kysely instance and its transactions share the adapter; a SQLite and a
  // PostgreSQL database in one process (the tests) get their own SQL.
  const byAdapter = new WeakMap<object, Compiled>();

  function compiledFor(db: Kysely<DB>): Compiled {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      const q = build(db).compile();
      if (q.sql.includes(MARK)) throw new Error(`precompiled query inlines a parameter instead of binding it: ${q.sql}`);
      c = {
        sql: q.sql,
        query: q.query,
        slots: q.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v })),
      };
      byAdapter.set(adapter, c);
    }
    return c;
  }

  async function run(db: Kysely<DB>, params: Params): Promise<QueryResult<R>> {
    const c = compiledFor(db);
    const parameters = c.slots.map((s) => {
      if (!('name' in s)) return s.value;
      const v = params[s.name];
      if (v === undefined) throw new Error(`precompiled query: no value for parameter ${s.name}`);
      return v;
    });
    const compiled: CompiledQuery<R> = { sql: c.sql, query: c.query, parameters, queryId: createQueryId() };
    return db.executeQuery(compiled);
  }

  return {
    run,
    async all(db, params) {
      return (await run(db, params)).rows;
    },
    async first(db, params) {
      return (await run(db, params)).rows[0];
    },
  };
}
