// Where a session's runner socket lives. Unix socket paths are limited (108 bytes on Linux, 104 on
// macOS, counting the NUL), and data homes under long user or app-data folders can exceed that.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Longest socket path we use, leaving room below both platforms' limits. */
export const MAX_SOCKET_PATH_BYTES = 100;

export function socketPathFor(home: string, sessionId: string, tmp: string = tmpdir()): string {
  const preferred = join(home, 'sockets', `${sessionId}.sock`);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  // Hash the home so two data homes never share a socket for the same session id.
  const tag = createHash('sha256').update(home).digest('hex').slice(0, 12);
  const name = `${tag}-${sessionId}.sock`;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  for (const base of [tmp, '/tmp']) {
    const candidate = join(base, `switchyard-${uid}`, name);
    if (Buffer.byteLength(candidate) <= MAX_SOCKET_PATH_BYTES) return candidate;
  }
  return join('/tmp', name);
}
