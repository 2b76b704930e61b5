import { isAdmin, isUuid, type Caller } from '@party/subgraph-kit';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * What the services need of a database handle: the pool (system work), a transaction's manager, or a
 * request's own transaction (RequestDb). DataSource and EntityManager have this shape.
 */
export interface Db {
  query<T = any>(sql: string, params?: unknown[]): Promise<T>;
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
}

/**
 * The value of `party.scope`, which the row-level security policies read (migration 1765612800001,
 * docs/decisions/0020): `*` for administrators, else the caller's organisation ids separated by commas.
 * A caller without organisations gets '' (no row).
 */
export function scopeSetting(caller: Caller): string {
  return isAdmin(caller) ? '*' : caller.scope.filter((id) => isUuid(id)).join(',');
}

/** Transaction-local (`is_local` true): it ends with the transaction, never outlives it on a pooled connection. */
const SET_SCOPE = `SELECT set_config('party.scope', $1, true)`;

/**
 * Runs `work` in a transaction of `db` with the caller's scope set (the import command runs as its
 * operator). Within a request's transaction it is a savepoint, with the same scope.
 */
export function asCaller<T>(db: Db, caller: Caller, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (m) => {
    await m.query(SET_SCOPE, [scopeSetting(caller)]);
    return work(m);
  });
}

/**
 * Runs `work` in a transaction of `db` that reaches every row (`party.scope` = '*'): system work that is
 * no caller's request — loading a register, the demo seed, placements catching up with the tree. Within a
 * request's transaction it is a savepoint, run alone on the request's connection (RequestDb.exclusive:
 * the request's other statements wait), and the caller's scope is set back when it ends (on an error the
 * savepoint's rollback sets it back).
 */
export function asSystem<T>(db: Db, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const elevated = (m: EntityManager) =>
    m.transaction(async (t) => {
      const [{ scope }] = await t.query(`SELECT current_setting('party.scope', true) AS scope`);
      await t.query(SET_SCOPE, ['*']);
      const out = await work(t);
      await t.query(SET_SCOPE, [scope ?? '']);
      return out;
    });
  return db instanceof RequestDb ? db.exclusive(elevated) : db.transaction(elevated);
}

/**
 * Sends the statements of `runner` one after another, in the order they were issued: a request's resolvers
 * run concurrently on its one connection (node-postgres queues concurrent queries itself, a use it deprecates).
 */
function serialize(runner: QueryRunner): void {
  const send = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const run = tail.then(() => send(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
}

/**
 * A request's database handle (`ctx.db`): one transaction on one pooled connection, opened on first use
 * (connect, BEGIN, `set_config('party.scope', <the caller's>, true)`) — a request that reads nothing holds
 * no connection — and ended by `finish()` before the response is sent (the kit's `endRequest`). Nested
 * `transaction()` calls are savepoints on it (TypeORM's query runner counts the depth). Never a session
 * `SET`: the scope cannot outlive the transaction on a connection another caller gets next.
 */
export class RequestDb implements Db {
  private runner: QueryRunner | null = null;
  private opened: Promise<EntityManager> | null = null;
  /** Work running alone on the connection (asSystem); the request's other statements wait for it. */
  private gate: Promise<unknown> | null = null;
  /** A statement outside any savepoint failed: the transaction is aborted, and will be rolled back. */
  private aborted = false;
  /** Savepoints released: a mutation's work, which the COMMIT must keep. */
  private changes = 0;
  private ended = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: string,
  ) {}

  private open(): Promise<EntityManager> {
    if (this.ended) return Promise.reject(new Error('The request has ended: its database transaction is closed'));
    return (this.opened ??= (async () => {
      const runner = (this.runner = this.dataSource.createQueryRunner());
      serialize(runner);
      await runner.startTransaction();
      await runner.query(SET_SCOPE, [this.scope]);
      return runner.manager;
    })());
  }

  private async ready(): Promise<EntityManager> {
    const m = await this.open();
    while (this.gate) await this.gate.catch(() => undefined);
    return m;
  }

  async query<T = any>(sql: string, params?: unknown[]): Promise<T> {
    const m = await this.ready();
    try {
      return await m.query(sql, params as any[]);
    } catch (e) {
      this.aborted = true;
      throw e;
    }
  }

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const m = await this.ready();
    const out = await m.transaction(work);
    this.changes++;
    return out;
  }

  /** Runs `work` alone on the request's connection: the request's other statements start after it ends. */
  async exclusive<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const m = await this.ready();
    while (this.gate) await this.gate.catch(() => undefined);
    // From here to `this.gate = run` nothing else runs: no statement of the request slips in.
    const run = work(m);
    this.gate = run;
    try {
      return await run;
    } finally {
      if (this.gate === run) this.gate = null;
    }
  }

  /**
   * Ends the request's transaction and gives the connection back to the pool: COMMIT, or ROLLBACK when a
   * statement outside any savepoint failed. Throws when changes the request made (its mutations) were not
   * saved, so the response is withheld rather than claiming them.
   */
  async finish(): Promise<void> {
    this.ended = true;
    if (!this.opened) return;
    const runner = this.runner!;
    try {
      await this.opened;
    } catch {
      // Never opened (no connection, or BEGIN or the scope failed): the statements that needed it failed already.
      if (runner.isTransactionActive) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      return;
    }
    while (this.gate) await this.gate.catch(() => undefined);
    try {
      if (this.aborted) {
        await runner.rollbackTransaction();
        if (this.changes) throw new Error('A statement of the request failed: its transaction was rolled back and its changes were not saved');
      } else {
        await runner.commitTransaction();
      }
    } catch (e) {
      if (runner.isTransactionActive) await runner.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }
}
