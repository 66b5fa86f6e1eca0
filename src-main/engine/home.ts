// The data home holds the task of every session (the database), their output (logs) and a way to
// type into them (sockets), so it is private: created 0700, and a home made by an older build (0755
// folders, 0644 files) is tightened when it is opened, with one notice line for the user.
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { logsDir, userConfigPath } from './paths';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, PrivatePathError, errnoOf, mkdirPrivate } from './private-fs';

export class DataHomeError extends Error {
  constructor(
    readonly home: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DataHomeError';
  }
}

export interface PreparedDataHome {
  home: string;
  /** What was readable or enterable by other users and has been narrowed to 0700/0600. */
  tightened: string[];
}

/** The SQLite files that belong to one database. */
export function databaseFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

/**
 * Creates the data home (0700) or fails at once naming it; then narrows what an older build left
 * open. `dbPath` is the configured database, which may live outside the home.
 */
export function prepareDataHome(home: string, dbPath?: string): PreparedDataHome {
  try {
    mkdirPrivate(home);
  } catch (err) {
    const detail = err instanceof PrivatePathError ? err.message : (err as Error).message;
    throw new DataHomeError(home, `cannot create the data home ${home}: ${detail}. Pass --home (or set SWITCHYARD_HOME) to a folder you can write.`, { cause: err });
  }
  const tightened: string[] = [];
  const narrow = (path: string, mode: number): void => {
    if (narrowMode(path, mode)) tightened.push(path);
  };
  const sockets = join(home, 'sockets');
  for (const dir of [home, logsDir(home), sockets, join(home, 'worktrees')]) narrow(dir, PRIVATE_DIR_MODE);
  const files = [userConfigPath(home), ...databaseFiles(join(home, 'switchyard.db')), ...(dbPath ? databaseFiles(dbPath) : [])];
  for (const file of new Set(files)) narrow(file, PRIVATE_FILE_MODE);
  // Logs and sockets are created 0600 by this build; an open folder or database is the sign of a
  // home from an older one, whose every log is then narrowed too (once, not on every command).
  if (tightened.length > 0) {
    for (const [dir, suffix] of [[logsDir(home), '.log'], [sockets, '.sock']] as const) {
      for (const name of listNames(dir)) if (name.endsWith(suffix)) narrow(join(dir, name), PRIVATE_FILE_MODE);
    }
  }
  return { home, tightened };
}

/** The one line shown when an existing home was opened up; null when nothing needed it. */
export function tightenedNotice(prepared: PreparedDataHome): string | null {
  const n = prepared.tightened.length;
  if (n === 0) return null;
  return `switchyard: notice: made the data home ${prepared.home} private (${n} ${n === 1 ? 'entry was' : 'entries were'} open to other users; folders are now 0700, files 0600)`;
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Narrows a folder or file of ours that others can reach; true when it changed. Links are left alone. */
function narrowMode(path: string, mode: number): boolean {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw err;
  }
  if (st.isSymbolicLink() || (st.mode & 0o077) === 0) return false;
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  if (uid !== null && uid !== 0 && st.uid !== uid) return false; // not ours to change
  chmodSync(path, mode);
  return true;
}
