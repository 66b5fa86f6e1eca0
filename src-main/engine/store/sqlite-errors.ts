// SQLite's own messages ("database or disk is full", "file is not a database") never say which file;
// every store error that reaches a person names the database and what to do about it.
import Database from 'better-sqlite3';
import { freeBytes, formatBytes } from '../disk';

export type StoreErrorKind = 'disk_full' | 'corrupt' | 'cannot_open' | 'sqlite';

/** A SQLite failure with the database it happened in. `code` keeps SQLite's code (SQLITE_FULL, ...). */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    readonly code: string,
    readonly dbPath: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

function kindOf(code: string): StoreErrorKind {
  if (code.startsWith('SQLITE_FULL')) return 'disk_full';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return 'cannot_open';
  }
  return 'sqlite';
}

export function storeErrorMessage(kind: StoreErrorKind, dbPath: string, detail: string): string {
  switch (kind) {
    case 'disk_full': {
      const free = freeBytes(dbPath);
      return `the database ${dbPath} could not be written (${detail}): the disk holding it is full (${free === null ? 'free space unknown' : `${formatBytes(free)} free`}). Free some space there, then retry.`;
    }
    case 'corrupt':
      return `the database ${dbPath} is damaged (${detail}). Stop every Switchyard process, move ${dbPath} and its -wal/-shm files aside, then restore a backup or recover it with \`sqlite3 <old file> .recover | sqlite3 ${dbPath}\`; \`switchyard doctor\` checks it.`;
    case 'cannot_open':
      return `cannot open or write the database ${dbPath} (${detail}). Check that its folder exists and that you own the file.`;
    default:
      return `SQLite error in ${dbPath}: ${detail}`;
  }
}

/** A better-sqlite3 error becomes a StoreError naming the file; anything else is returned as it is. */
export function withDatabasePath(err: unknown, dbPath: string): unknown {
  if (!(err instanceof Database.SqliteError)) return err;
  const kind = kindOf(err.code);
  return new StoreError(kind, err.code, dbPath, storeErrorMessage(kind, dbPath, err.message), { cause: err });
}
