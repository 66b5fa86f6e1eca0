// openStore: one better-sqlite3 connection, migrated, with every typed operation attached.
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { createPrivateFile, mkdirPrivate } from '../private-fs';
import { conflictOps } from './conflicts';
import { createContext } from './context';
import { daemonOps } from './daemon';
import { daemonLockOps } from './daemon-lock';
import { decisionOps } from './decisions';
import { eventOps } from './events';
import { delegationOps } from './delegation';
import { delegateReportOps } from './delegate-reports';
import { graphOps } from './graph';
import { mergeCheckOps } from './merge-checks';
import { messageOps } from './messages';
import { migrate } from './migrations';
import { outcomeOps } from './outcomes';
import { outputOps } from './outputs';
import { policyQueryOps } from './policy-queries';
import { policyStateOps } from './policy-state';
import { profileOps } from './profiles';
import { remoteOps } from './remote';
import { DEFAULT_LOCK_RETRY_MS, withLockRetry } from './retry';
import { scheduleOps } from './schedules';
import { sessionOps } from './sessions';
import { withDatabasePath } from './sqlite-errors';
import { toolOps } from './tools';
import { viewHistoryOps } from './view-history';
import { worktreeQueueOps } from './worktree-queue';

export interface StoreOptions {
  /** The clock for every timestamp the store writes. */
  now?: () => Date;
  /** SQLite's own wait for a lock, per statement (default 5000 ms). */
  busyTimeoutMs?: number;
  /** How long the store keeps retrying a write that is still locked after that (default 60 s). */
  lockRetryMs?: number;
  /**
   * SQLite's page cache for this connection, in KiB (default SQLite's 2 MB). A session runner,
   * which writes a few rows and reads fewer, keeps it small: it is memory every session pays.
   */
  cacheSizeKib?: number;
}

function compose(ctx: ReturnType<typeof createContext>) {
  const graph = graphOps(ctx);
  return {
    ...sessionOps(ctx),
    ...profileOps(ctx),
    ...messageOps(ctx, graph),
    ...delegationOps(ctx),
    ...delegateReportOps(ctx),
    ...graph,
    ...toolOps(ctx),
    ...decisionOps(ctx),
    ...conflictOps(ctx),
    ...worktreeQueueOps(ctx),
    ...scheduleOps(ctx),
    ...remoteOps(ctx),
    ...daemonOps(ctx),
    ...outputOps(ctx),
    ...outcomeOps(ctx),
    ...eventOps(ctx),
    ...policyStateOps(ctx),
    ...policyQueryOps(ctx),
    ...daemonLockOps(ctx),
    ...viewHistoryOps(ctx),
    ...mergeCheckOps(ctx),
  };
}

export type Store = ReturnType<typeof compose> & {
  /** The database file. */
  readonly path: string;
  /**
   * Runs several store calls as one BEGIN IMMEDIATE transaction. On lock contention the whole of
   * `fn` may run again, so it must do nothing but store calls.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Differs from its last value once anything was committed since, by this connection or another
   * (SQLite's data_version and total_changes): pollers skip their queries while it stays the same.
   */
  changeStamp(): string;
  close(): void;
};

export function openStore(dbPath: string, opts: StoreOptions = {}): Store {
  const lockRetryMs = opts.lockRetryMs ?? DEFAULT_LOCK_RETRY_MS;
  if (dbPath !== ':memory:') {
    mkdirPrivate(dirname(dbPath));
    // An empty file is an empty database. Made 0600 here, it is never readable by others, and SQLite
    // gives its -wal and -shm files the database file's own mode.
    createPrivateFile(dbPath);
  }
  let db: Database.Database;
  try {
    db = new Database(dbPath);
  } catch (err) {
    throw withDatabasePath(err, dbPath);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    withLockRetry(
      () => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        if (opts.cacheSizeKib !== undefined) db.pragma(`cache_size = -${Math.max(64, Math.floor(opts.cacheSizeKib))}`);
      },
      { budgetMs: lockRetryMs, dbPath },
    );
    migrate(db, undefined, lockRetryMs);
  } catch (err) {
    db.close();
    throw withDatabasePath(err, dbPath);
  }
  const ctx = createContext(db, dbPath, opts.now ?? (() => new Date()), lockRetryMs);
  return Object.assign(compose(ctx), {
    path: dbPath,
    transaction: <T>(fn: () => T): T => ctx.write(fn),
    changeStamp: (): string => `${String(ctx.stmt('PRAGMA data_version').pluck().get())}:${String(ctx.stmt('SELECT total_changes()').pluck().get())}`,
    close: (): void => {
      if (db.open) db.close();
    },
  });
}
