// Where a session's runner socket lives. Unix socket paths are limited (108 bytes on Linux, 104 on
// macOS, counting the NUL), and data homes under long user or app-data folders can exceed that;
// such sockets go to a per-user folder under the temp dir, which must then be private.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkPrivateDir, errnoOf, mkdirPrivate } from '../private-fs';
import { sha256Hex } from '../lazy-crypto';

/** Longest socket path we use, leaving room below both platforms' limits. */
export const MAX_SOCKET_PATH_BYTES = 100;

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

export function socketPathFor(home: string, sessionId: string, tmp: string = tmpdir()): string {
  const preferred = join(home, 'sockets', `${sessionId}.sock`);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  // Hash the home so two data homes never share a socket for the same session id.
  const tag = sha256Hex(home).slice(0, 12);
  const name = `${tag}-${sessionId}.sock`;
  for (const base of [tmp, '/tmp']) {
    const candidate = join(base, `switchyard-${uid()}`, name);
    if (Buffer.byteLength(candidate) <= MAX_SOCKET_PATH_BYTES) return candidate;
  }
  // An id too long even for that: a hash of home and id, still inside the private per-user folder.
  const hashed = sha256Hex(`${home}\0${sessionId}`).slice(0, 24);
  return join('/tmp', `switchyard-${uid()}`, `${hashed}.sock`);
}

function fixFor(dir: string): string {
  return `Remove it (\`rm -r ${dir}\`, as its owner or root) so Switchyard can create it privately, or use a data home with a shorter path so sockets stay inside it.`;
}

/** The runner's side: creates the socket's folder 0700, or refuses one that others control. */
export function prepareSocketDir(socketPath: string): void {
  const dir = dirname(socketPath);
  mkdirPrivate(dir);
  checkPrivateDir(dir, fixFor(dir));
}

/** A client's side: never connect through a folder someone else controls. A missing folder is left to connect's ENOENT. */
export function checkSocketDir(socketPath: string): void {
  const dir = dirname(socketPath);
  try {
    checkPrivateDir(dir, fixFor(dir));
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw err;
  }
}
