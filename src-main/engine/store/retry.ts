// Session runners, the app and the CLI all write one SQLite file. SQLite's busy_timeout covers
// ordinary contention; anything that still comes back SQLITE_BUSY / SQLITE_LOCKED is retried here
// with backoff so callers never see "database is locked".

export interface RetryOptions {
  /** Total time to keep retrying before giving up. */
  budgetMs: number;
  /** Names the database in the final error. */
  dbPath: string;
}

export const DEFAULT_LOCK_RETRY_MS = 60_000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Synchronous sleep: the store's API is synchronous (better-sqlite3), so the wait must be too. */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

export function isLockError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `fn`, re-running it while it fails with a lock error. `fn` must be safe to repeat: a whole
 * transaction (rolled back on failure) or a single read.
 */
export function withLockRetry<T>(fn: () => T, opts: RetryOptions): T {
  const started = Date.now();
  let delay = 10;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if (!isLockError(err)) throw err;
      const elapsed = Date.now() - started;
      if (elapsed >= opts.budgetMs) {
        throw new Error(
          `The database ${opts.dbPath} stayed locked by another process for ${Math.round(elapsed / 1000)} s. ` +
            'Another Switchyard process is holding a long write; close it or try again.',
          { cause: err },
        );
      }
      // Jitter keeps competing processes from retrying in lock-step.
      const wait = Math.min(delay + Math.random() * delay, opts.budgetMs - elapsed);
      sleepSync(Math.max(1, wait));
      delay = Math.min(delay * 2, 500);
    }
  }
}
