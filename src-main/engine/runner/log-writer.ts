// The runner's side of the output log: appends PTY bytes in order and knows how many of them are
// on disk, so clients that fell behind can be served from the file instead of from memory.
import { closeSync, createWriteStream, fstatSync, openSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes, freeBytes } from '../disk';
import { PRIVATE_FILE_MODE, errnoOf, mkdirPrivate } from '../private-fs';
import { RunnerError } from './errors';

/**
 * Bytes queued for the disk before the PTY is paused. Bounds the runner's memory. 2 MiB: with
 * 256 KiB the PTY was paused on every slow write and a flood ran at ~0.7x of reading the PTY
 * alone; 2 MiB rides those out for 2 MiB of memory at most (bench/runner.ts).
 */
export const LOG_HIGH_WATER_MARK = 2 * 1024 * 1024;

/**
 * Space the log leaves free on its disk. The database usually shares the disk; if the log took the
 * last byte, the runner could not even record why the session stopped (the tester's "killed or
 * the machine restarted" on a full disk).
 */
export const LOG_DISK_RESERVE_BYTES = 512 * 1024;
/** How often (in appended bytes) free space is looked at again. */
const SPACE_CHECK_EVERY = 64 * 1024;

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

export class LogWriter {
  /** Offset one past the last byte handed to `append` (absolute position in the file). */
  total: number;
  /** Offset one past the last byte known to be written to the file. */
  flushed: number;
  private readonly stream: WriteStream;
  private readonly reader: FileHandle;
  private flushWaiters: Array<() => void> = [];
  private ended: Promise<void> | null = null;
  private failure: Error | null = null;
  private readonly onFailure: (err: Error) => void;
  private checkedAt = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly path: string,
    stream: WriteStream,
    reader: FileHandle,
    size: number,
    onFailure: (err: Error) => void,
  ) {
    this.stream = stream;
    this.reader = reader;
    this.total = size;
    this.flushed = size;
    this.onFailure = onFailure;
    stream.on('error', (err) => {
      const code = errnoOf(err);
      const failure =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? diskFullError(path, err)
          : new RunnerError('log_failed', `the session log ${path} could not be written: ${err.message}`, { cause: err });
      this.fail(failure);
    });
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
    const size = fstatSync(fd).size;
    const stream = createWriteStream('', { fd, highWaterMark: LOG_HIGH_WATER_MARK });
    return new LogWriter(path, stream, reader, size, onFailure);
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Queues `chunk`; false means the disk is behind and the producer should pause until `onceDrain`. */
  append(chunk: Buffer): boolean {
    if (this.failure || this.ended) return true;
    if (this.total + chunk.length - this.checkedAt >= SPACE_CHECK_EVERY) {
      this.checkedAt = this.total;
      const free = freeBytes(this.path);
      if (free !== null && free - (this.total - this.flushed) - chunk.length < LOG_DISK_RESERVE_BYTES) {
        this.fail(diskFullError(this.path)); // as if the write had failed: the chunk is not logged
        return true;
      }
    }
    this.total += chunk.length;
    const end = this.total;
    return this.stream.write(chunk, (err) => {
      if (err) return; // reported through 'error'
      this.flushed = end;
      this.wakeFlushWaiters();
    });
  }

  onceDrain(callback: () => void): void {
    this.stream.once('drain', callback);
  }

  /** Resolves on the next flush progress (or at once if nothing is pending or the log failed). */
  nextFlush(): Promise<void> {
    if (this.flushed >= this.total || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /** Reads up to `length` bytes at `position` from the file (only meaningful below `flushed`). */
  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.reader.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  /** Flushes and closes the write side. Reads keep working until `closeReader`. */
  end(): Promise<void> {
    this.ended ??= new Promise<void>((resolve) => {
      if (this.stream.closed) {
        resolve();
        return;
      }
      this.stream.once('close', () => resolve());
      // After a failure nothing more can be written; destroy still closes the file (a log stopped
      // at the disk reserve never saw a write error, so its stream would otherwise stay open).
      if (this.failure) this.stream.destroy();
      else this.stream.end();
    });
    return this.ended;
  }

  async closeReader(): Promise<void> {
    await this.reader.close().catch(() => undefined);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.wakeFlushWaiters();
    this.onFailure(err);
  }

  private wakeFlushWaiters(): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const wake of waiters) wake();
  }
}
