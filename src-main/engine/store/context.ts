// What every store module gets: the connection, the clock and the two ways of touching the file.
import type Database from 'better-sqlite3';
import { withLockRetry } from './retry';
import { withDatabasePath } from './sqlite-errors';

export interface StoreContext {
  readonly db: Database.Database;
  readonly path: string;
  /** Now as an ISO-8601 UTC string. */
  now(): string;
  /** Runs `fn` as one BEGIN IMMEDIATE transaction, retried whole on lock errors. Nests inside another. */
  write<T>(fn: () => T): T;
  /** Runs `fn` as one read transaction (a consistent snapshot), retried on lock errors. */
  read<T>(fn: () => T): T;
  /** A cached prepared statement. */
  stmt(sql: string): Database.Statement;
}

export function createContext(
  db: Database.Database,
  path: string,
  now: () => Date,
  lockRetryMs: number,
): StoreContext {
  const statements = new Map<string, Database.Statement>();
  const tx = db.transaction((fn: () => unknown) => fn());
  const retry = { budgetMs: lockRetryMs, dbPath: path };
  return {
    db,
    path,
    now: () => now().toISOString(),
    write<T>(fn: () => T): T {
      if (db.inTransaction) return fn();
      try {
        return withLockRetry(() => tx.immediate(fn) as T, retry);
      } catch (err) {
        throw withDatabasePath(err, path);
      }
    },
    read<T>(fn: () => T): T {
      if (db.inTransaction) return fn();
      try {
        return withLockRetry(() => tx.deferred(fn) as T, retry);
      } catch (err) {
        throw withDatabasePath(err, path);
      }
    },
    stmt(sql: string): Database.Statement {
      let s = statements.get(sql);
      if (!s) {
        s = db.prepare(sql);
        statements.set(sql, s);
      }
      return s;
    },
  };
}
