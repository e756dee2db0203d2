// SQLite driver with group commit and a prepared-statement cache (issue 3, item 9).
//
// With synchronous=FULL every COMMIT waits for the WAL to reach the disk (an fsync, on the event
// loop: better-sqlite3 is synchronous). One commit per request caps a server at the disk's commit
// rate, and every request pays the whole wait. Here the transactions of requests that arrive
// together share one COMMIT, and each request is answered only after that COMMIT:
//
// - SQLite has one connection; transactions never interleave (one at a time, as with Kysely's own
//   driver). The first transaction of a group opens `BEGIN`; each transaction runs inside its own
//   SAVEPOINT, so a failing one rolls back alone (`ROLLBACK TO`) and the others keep their work.
// - A transaction that succeeds releases its savepoint and the connection, then waits for the
//   group's COMMIT; `db.transaction().execute()` returns only after it. If the COMMIT fails, every
//   member of the group fails (none of them was acknowledged).
// - The group commits on the next turn of the event loop (setImmediate after the BEGIN), ahead of
//   any transaction still queued: a group holds what arrived together, and nothing waits longer
//   than one turn plus the transactions already running.
// - A write outside a transaction while a group is open becomes part of the group, and its caller
//   too waits for the COMMIT, so "returned" still means "on disk".
//
// Serialisability is unchanged: transactions run one after another, in the order they commit their
// savepoints; a group commits all of them or none. Reads outside transactions may see a member's
// work a moment before its COMMIT (the same connection), never anything that is later undone
// except when the COMMIT itself fails (disk full, I/O error), in which case the server is failing
// anyway and no request that wrote was acknowledged.
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';

const STATEMENT_CACHE_MAX = 500;

interface Group {
  /** Transactions that committed their savepoint into this group. */
  members: number;
  done: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  /** Set when SQLite rolled back the whole outer transaction (some errors do): the COMMIT must fail. */
  failed: unknown;
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a group whose members all rolled back): do not report that as unhandled.
  done.catch(() => {});
  return { members: 0, done, resolve, reject, failed: null };
}

/** A FIFO lock on the single connection; `lockFirst` jumps the queue (the group's COMMIT). */
class Mutex {
  #held = false;
  #queue: (() => void)[] = [];
  lock(first = false): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (first ? this.#queue.unshift(resolve) : this.#queue.push(resolve)));
  }
  unlock() {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}

class CachedConnection implements DatabaseConnection {
  #cache = new Map<string, SqliteDatabase.Statement>();
  constructor(
    private readonly db: SqliteDatabase.Database,
    private readonly onWrite: () => void,
  ) {}

  statement(sql: string): SqliteDatabase.Statement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.#cache.size >= STATEMENT_CACHE_MAX) this.#cache.clear();
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  raw(sql: string) {
    this.db.exec(sql);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.statement(sql);
    // `readonly`, not `reader`: INSERT … RETURNING reads rows and writes.
    if (!stmt.readonly) this.onWrite();
    if (stmt.reader) return { rows: stmt.all(parameters as unknown[]) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters as unknown[]);
    return {
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Not from the cache: a statement that is iterating cannot run another query meanwhile.
    const stmt = this.db.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * What all handles on one database file in this process share: the lock and the open group. Two
 * handles on one file in one process (tests start two servers on one SQLite file) must not leave a
 * group open on one while the other writes: the other would wait for SQLite's lock synchronously
 * (busy_timeout) and block the very event loop that would commit the group. So whoever takes the
 * lock first commits a group another handle left open.
 */
interface FileState {
  mutex: Mutex;
  group: Group | null;
  owner: GroupCommitSqliteDriver | null;
  handles: number;
}
const files = new Map<string, FileState>();

function fileState(db: SqliteDatabase.Database): [string, FileState] {
  const key = db.memory ? `:memory:${Math.random()}` : path.resolve(db.name);
  let f = files.get(key);
  if (!f) files.set(key, (f = { mutex: new Mutex(), group: null, owner: null, handles: 0 }));
  f.handles++;
  return [key, f];
}

export class GroupCommitSqliteDriver implements Driver {
  readonly #db: SqliteDatabase.Database;
  readonly #key: string;
  readonly #file: FileState;
  readonly #conn: CachedConnection;
  /** The group the connection's current holder has to wait for when it lets go. */
  #joined: Group | null = null;
  #inTransaction = false;
  #savepoint = 0;
  #flushing: Promise<void> | null = null;

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
    [this.#key, this.#file] = fileState(db);
    this.#conn = new CachedConnection(db, () => {
      // A write outside a transaction while a group is open rides with the group.
      if (!this.#inTransaction && this.#file.group) this.#joined = this.#file.group;
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#file.mutex.lock();
    const f = this.#file;
    if (f.group && f.owner !== this) f.owner!.commitGroup(f.group);
    return this.#conn;
  }

  async beginTransaction(): Promise<void> {
    const f = this.#file;
    if (!f.group) {
      this.#conn.raw('BEGIN');
      const g = newGroup();
      f.group = g;
      f.owner = this;
      setImmediate(() => void this.#flush(g));
    }
    this.#inTransaction = true;
    this.#conn.raw(`SAVEPOINT jdz_tx${++this.#savepoint}`);
  }

  async commitTransaction(): Promise<void> {
    const g = this.#file.group!;
    this.#conn.raw(`RELEASE jdz_tx${this.#savepoint}`);
    this.#inTransaction = false;
    g.members++;
    this.#joined = g;
  }

  async rollbackTransaction(): Promise<void> {
    this.#inTransaction = false;
    const g = this.#file.group!;
    if (this.#db.inTransaction) {
      this.#conn.raw(`ROLLBACK TO jdz_tx${this.#savepoint}`);
      this.#conn.raw(`RELEASE jdz_tx${this.#savepoint}`);
    } else {
      // SQLite undid the whole outer transaction: the work of this group's members is gone.
      g.failed = new Error('SQLite rolled back the group transaction');
    }
  }

  async releaseConnection(): Promise<void> {
    const g = this.#joined;
    this.#joined = null;
    this.#file.mutex.unlock();
    if (g) await g.done;
  }

  /** Commits the open group of this handle (the caller holds the file's lock); settles its members. */
  commitGroup(g: Group): void {
    const f = this.#file;
    if (f.group !== g) return;
    f.group = null;
    f.owner = null;
    try {
      if (g.failed) throw g.failed;
      if (this.#db.inTransaction) this.#conn.raw('COMMIT');
      else if (g.members > 0) throw new Error('SQLite rolled back the group transaction');
      g.resolve();
    } catch (err) {
      if (this.#db.inTransaction) this.#conn.raw('ROLLBACK');
      g.reject(err);
    }
  }

  async #flush(g: Group): Promise<void> {
    const run = (async () => {
      await this.#file.mutex.lock(true);
      try {
        this.commitGroup(g);
      } finally {
        this.#file.mutex.unlock();
      }
    })();
    this.#flushing = run;
    await run;
  }

  async savepoint(): Promise<void> {
    throw new Error('nested transactions are not used');
  }

  async rollbackToSavepoint(): Promise<void> {
    throw new Error('nested transactions are not used');
  }

  async releaseSavepoint(): Promise<void> {
    throw new Error('nested transactions are not used');
  }

  async destroy(): Promise<void> {
    // Let an open group commit before the handle closes.
    const f = this.#file;
    if (f.group && f.owner === this) await f.group.done.catch(() => {});
    await this.#flushing;
    if (--f.handles === 0) files.delete(this.#key);
    this.#db.close();
  }
}

/**
 * Runs `fn` while no transaction of this process uses the file: waits for the file's lock (the event
 * loop stays free), commits a group left open, and lets the others go on when `fn` is done. For writes
 * made by another connection of this process (a worker thread's), which would otherwise meet the
 * main connection's write lock inside SQLite and make it wait synchronously.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const f = files.get(path.resolve(file));
  if (!f) return fn();
  await f.mutex.lock();
  try {
    if (f.group) f.owner!.commitGroup(f.group);
    return await fn();
  } finally {
    f.mutex.unlock();
  }
}

/** Kysely's SQLite dialect with the group-commit driver. */
export class GroupCommitSqliteDialect implements Dialect {
  constructor(private readonly db: SqliteDatabase.Database) {}
  createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
