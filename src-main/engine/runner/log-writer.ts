// The runner's side of the output log: appends PTY bytes in order and knows how many of them are
// on disk, so clients that fell behind can be served from the file instead of from memory.
import { closeSync, fstatSync, openSync, writeSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes, freeBytes } from '../disk';
import { PRIVATE_FILE_MODE, errnoOf, mkdirPrivate } from '../private-fs';
import { RunnerError } from './errors';

/**
 * Space the log leaves free on its disk. The database usually shares the disk; if the log took the
 * last byte, the runner could not even record why the session stopped (the tester's "killed or
 * the machine restarted" on a full disk).
 */
export const LOG_DISK_RESERVE_BYTES = 512 * 1024;
/** How often (in appended bytes) free space is looked at again, at most: sooner as the disk fills. */
const SPACE_CHECK_EVERY = 1024 * 1024;
const SPACE_CHECK_MIN = 64 * 1024;

/** The log's disk is full (or down to the reserve): the message names the file and the free space. */
export function diskFullError(path: string, cause?: unknown): RunnerError {
  const free = freeBytes(path);
  const shown = free === null ? 'free space unknown' : `${formatBytes(free)} free`;
  return new RunnerError(
    'disk_full',
    `disk full: the session log ${path} could not be appended (${shown} on its disk, the last ${formatBytes(LOG_DISK_RESERVE_BYTES)} kept for the database); the agent was stopped. Free some space there, then resume the session.`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Appends are synchronous writes on the runner's own thread. A write to a local file lands in the
 * page cache in microseconds, and a flood then costs one system call per 64 KiB flush with no
 * thread-pool round trip or queued copy (a write stream's queue was the runner's largest buffer and
 * its thread hand-offs cost ~5 % of flood throughput on 2 cores, bench/runner.ts). A slow disk
 * simply holds the PTY read back: the agent waits on its own terminal, nothing piles up here.
 */
export class LogWriter {
  /** Offset one past the last byte handed to `append` (absolute position in the file). */
  total: number;
  /** Offset one past the last byte known to be written to the file. */
  flushed: number;
  private fd: number | null;
  private readonly reader: FileHandle;
  private failure: Error | null = null;
  private readonly onFailure: (err: Error) => void;
  /** `total` at which free space is looked at next. */
  private checkAt: number;

  private constructor(
    readonly path: string,
    fd: number,
    reader: FileHandle,
    size: number,
    onFailure: (err: Error) => void,
  ) {
    this.fd = fd;
    this.reader = reader;
    this.total = size;
    this.flushed = size;
    this.checkAt = size;
    this.onFailure = onFailure;
  }

  /**
   * Opens (creating it and its folder) `path` for appending; a resumed session continues its log.
   * Both are created private (0700 folder, 0600 file): the log holds everything the agent printed.
   */
  static async open(path: string, onFailure: (err: Error) => void): Promise<LogWriter> {
    try {
      mkdirPrivate(dirname(path));
    } catch (err) {
      throw new Error(`Failed to create the session log directory ${dirname(path)}: ${(err as Error).message}`, { cause: err });
    }
    let fd: number;
    try {
      fd = openSync(path, 'a', PRIVATE_FILE_MODE);
    } catch (err) {
      throw new Error(`Failed to open the session log ${path}: ${(err as Error).message}`, { cause: err });
    }
    let reader: FileHandle;
    try {
      reader = await open(path, 'r');
    } catch (err) {
      closeSync(fd);
      throw new Error(`Failed to open the session log ${path} for reading: ${(err as Error).message}`, { cause: err });
    }
    return new LogWriter(path, fd, reader, fstatSync(fd).size, onFailure);
  }

  get failed(): Error | null {
    return this.failure;
  }

  /**
   * Writes `pieces` (one flush of PTY reads, in order) at the end of the log with one `writev`: done
   * when this returns (or the log failed, see `failed`). A PTY read is ~4 KiB, so a write per piece
   * cost the runner ~15 system calls per 64 KiB flush.
   */
  append(pieces: Buffer | readonly Buffer[]): void {
    if (this.failure || this.fd === null) return;
    const list = Buffer.isBuffer(pieces) ? [pieces] : pieces;
    let bytes = 0;
    for (const piece of list) bytes += piece.length;
    if (bytes === 0) return;
    if (this.total + bytes >= this.checkAt) {
      const free = freeBytes(this.path);
      if (free !== null && free - bytes < LOG_DISK_RESERVE_BYTES) {
        this.fail(diskFullError(this.path)); // as if the write had failed: the chunk is not logged
        return;
      }
      // Look again before a quarter of the space left above the reserve could be used up.
      const room = free === null ? SPACE_CHECK_MIN : (free - LOG_DISK_RESERVE_BYTES) / 4;
      this.checkAt = this.total + Math.min(SPACE_CHECK_EVERY, Math.max(SPACE_CHECK_MIN, Math.floor(room)));
    }
    this.total += bytes;
    try {
      let done = list.length === 1 ? 0 : writevSync(this.fd, list as Buffer[]);
      this.flushed += done;
      // A short write (rare on a local file): the rest goes piece by piece.
      for (const piece of list) {
        if (done >= piece.length) {
          done -= piece.length;
          continue;
        }
        for (let at = done; at < piece.length; ) {
          const n = writeSync(this.fd, piece, at, piece.length - at);
          at += n;
          this.flushed += n;
        }
        done = 0;
      }
    } catch (err) {
      const code = errnoOf(err);
      this.fail(
        code === 'ENOSPC' || code === 'EDQUOT'
          ? diskFullError(this.path, err)
          : new RunnerError('log_failed', `the session log ${this.path} could not be written: ${(err as Error).message}`, { cause: err }),
      );
    }
  }

  /** Appends are written when they return: nothing is ever pending. */
  nextFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Reads up to `length` bytes at `position` from the file (only meaningful below `flushed`). */
  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.reader.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  /** Closes the write side. Reads keep working until `closeReader`. */
  end(): Promise<void> {
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      try {
        closeSync(fd);
      } catch {
        // already closed or the disk went away: nothing more can be written either way
      }
    }
    return Promise.resolve();
  }

  async closeReader(): Promise<void> {
    await this.reader.close().catch(() => undefined);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.onFailure(err);
  }
}
