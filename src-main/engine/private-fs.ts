// Everything Switchyard keeps is private to the user who runs it: folders 0700, files 0600. The
// modes are given when a folder or file is created (mkdir/open mode, or the umask for sockets), so
// there is never a moment in which another local user could open it.
import { lstatSync, mkdirSync, openSync, closeSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export type PrivatePathProblem = 'uncreatable' | 'not_a_directory' | 'unsafe';

/** A folder or file that cannot be made or used privately; `path` names it, the message says what to do. */
export class PrivatePathError extends Error {
  constructor(
    readonly kind: PrivatePathProblem,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrivatePathError';
  }
}

export function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

/**
 * `mkdir -p` giving every folder it creates mode 0700. Node's own recursive mkdir loops forever
 * when mkdir answers ENOENT under a parent that exists (e.g. anything under /proc), so this walks
 * the path itself and fails at once, naming the folder it could not create.
 */
export function mkdirPrivate(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    let isDir: boolean | null = null;
    try {
      isDir = statSync(current).isDirectory();
    } catch (err) {
      const code = errnoOf(err); // ENOTDIR: an ancestor is a file, found further up
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw new PrivatePathError('uncreatable', current, `cannot use the folder ${current}: ${(err as Error).message}`, { cause: err });
      }
    }
    if (isDir === false) throw new PrivatePathError('not_a_directory', current, `${current} exists but is not a folder`);
    if (isDir) break;
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode: PRIVATE_DIR_MODE });
    } catch (err) {
      if (errnoOf(err) === 'EEXIST' && statSync(folder).isDirectory()) continue; // another process won the race
      throw new PrivatePathError('uncreatable', folder, `cannot create the folder ${folder}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** Creates `path` as an empty 0600 file unless it exists (a concurrent creator is fine). */
export function createPrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return;
    throw err;
  }
  closeSync(fd);
}

/**
 * Runs `fn` (synchronous) with umask 0177, so a file it creates is 0600. For a socket bind, which
 * has no mode argument: the socket file is made 0777 minus the umask. The umask is process-wide, so
 * this is only for the runner's bind, when nothing else in the process is creating files.
 */
export function withPrivateUmask<T>(fn: () => T): T {
  const previous = process.umask(0o177);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}

/**
 * A folder holding runner sockets must be a real folder (not a link), owned by this user, that no
 * one else can enter: whoever controls it could put their own socket where a session's should be
 * and receive what is typed into the session. Throws PrivatePathError('unsafe') naming it and the fix.
 */
export function checkPrivateDir(dir: string, fix: string): void {
  const st = lstatSync(dir);
  const uid = currentUid();
  const problems: string[] = [];
  if (!st.isDirectory()) problems.push(st.isSymbolicLink() ? 'is a symbolic link' : 'is not a folder');
  if (uid !== null && st.uid !== uid) problems.push(`is owned by uid ${st.uid}, not by you (uid ${uid})`);
  if ((st.mode & 0o077) !== 0) problems.push(`has mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, so other users can enter it`);
  if (problems.length > 0) {
    throw new PrivatePathError('unsafe', dir, `Refusing to use the socket folder ${dir}: it ${problems.join(' and ')}. ${fix}`);
  }
}
