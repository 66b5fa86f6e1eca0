// Reading a session's output log. The log is the source of truth: every byte the agent printed,
// appended in order, so a byte offset names an exact point in the terminal stream.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { RunnerError, errnoCode } from './errors';

const READ_CHUNK = 1024 * 1024;

/**
 * The log's bytes from `offset` to its current end (at most `maxBytes`). Use this once the runner
 * has quit; while it runs, attach through its socket instead.
 */
export async function readLogFrom(logPath: string, offset: number, maxBytes: number = Number.POSITIVE_INFINITY): Promise<Buffer> {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`log offset must be a non-negative integer, got ${offset}`);
  let handle;
  try {
    handle = await open(logPath, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new RunnerError('log_missing', `No output log at ${logPath}: the session has not started yet, or its log was deleted`, { cause: err });
    }
    throw err;
  }
  try {
    const size = (await handle.stat()).size;
    const end = Math.min(size, offset + maxBytes);
    if (end <= offset) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(end - offset);
    let filled = 0;
    while (filled < out.length) {
      const { bytesRead } = await handle.read(out, filled, Math.min(READ_CHUNK, out.length - filled), offset + filled);
      if (bytesRead === 0) break; // truncated under us
      filled += bytesRead;
    }
    return out.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The first bytes of a small log (at most `maxBytes`), read synchronously; empty when there is no
 * file. For a terminal's first screen: a read from the page cache takes well under a millisecond,
 * while the four thread-pool round trips of the async read each wait for a CPU on a busy machine.
 */
export function readLogHeadSync(logPath: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(logPath, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
  try {
    const out = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, maxBytes));
    let filled = 0;
    while (filled < out.length) {
      const n = readSync(fd, out, filled, out.length - filled, filled);
      if (n === 0) break; // truncated under us
      filled += n;
    }
    return out.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
