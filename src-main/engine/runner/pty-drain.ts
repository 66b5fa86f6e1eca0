// Keeps the last bytes an agent prints before it exits.
//
// libuv treats POLLHUP after a short read as end-of-file, but on a Linux PTY master a short read
// only means the line discipline's 4 KiB buffer is empty; up to 64 KiB more can still sit in the
// tty flip buffers. node-pty also destroys the PTY socket 200 ms after the child is reaped, even if
// it was paused for flow control. Either way the tail of the output is lost when the runner is
// busy. So before the PTY socket is destroyed, we read whatever is left synchronously: the master
// fd is non-blocking and, once the agent's side is closed, the kernel returns the remaining data
// and then EIO, never EAGAIN.
import { readSync } from 'node:fs';
import type { IPty } from 'node-pty';
import { errnoCode } from './errors';

const DRAIN_CHUNK = 64 * 1024;
/** Stops a drain that keeps finding data (something else still writes to the terminal). */
const DRAIN_LIMIT = 4 * 1024 * 1024;

interface UnixPtyInternals {
  _socket?: { destroy: (err?: Error) => unknown; read: () => unknown; destroyed: boolean };
  _fd?: number;
}

/**
 * Wraps node-pty's private socket so `onData` receives every remaining byte before it closes.
 * A no-op where the internals differ (e.g. Windows ConPTY).
 */
export function drainPtyBeforeClose(pty: IPty, onData: (chunk: Buffer) => void): void {
  const internals = pty as unknown as UnixPtyInternals;
  const socket = internals._socket;
  const fd = internals._fd;
  if (!socket || typeof socket.destroy !== 'function' || typeof fd !== 'number') return;
  const destroy = socket.destroy.bind(socket);
  let drained = false;
  socket.destroy = (err?: Error) => {
    if (!drained && !socket.destroyed) {
      drained = true;
      // Bytes already read into the stream's buffer while it was paused: read() emits them as 'data'.
      while (socket.read() !== null) {
        // keep reading
      }
      drainFd(fd, onData);
    }
    return destroy(err);
  };
}

function drainFd(fd: number, onData: (chunk: Buffer) => void): void {
  let total = 0;
  while (total < DRAIN_LIMIT) {
    const buffer = Buffer.allocUnsafe(DRAIN_CHUNK);
    let n: number;
    try {
      n = readSync(fd, buffer, 0, DRAIN_CHUNK, null);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EINTR') continue;
      return; // EIO: all read; EAGAIN: the terminal is still open elsewhere; EBADF: already closed
    }
    if (n <= 0) return;
    total += n;
    onData(buffer.subarray(0, n));
  }
}
