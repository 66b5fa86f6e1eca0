// The runner's side of the output log: appends PTY bytes in order and knows how many of them are
// on disk, so clients that fell behind can be served from the file instead of from memory.
// Plain descriptors and node:fs's callback API, not a WriteStream or node:fs/promises: those load
// about 0.25 MB of Node's own modules, which every runner would hold for its whole session.
import { close, closeSync, fstatSync, openSync, read, writev } from 'node:fs';
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
  /** Appended, not yet handed to the kernel: written together by one writev. */
  private queue: Buffer[] = [];
  private writing = false;
  /** `append` returned false: `onceDrain` callbacks run once everything is written. */
  private drainWaiters: Array<() => void> = [];
  private flushWaiters: Array<() => void> = [];
  private ended: Promise<void> | null = null;
  private endWaiter: (() => void) | null = null;
  private writerClosed = false;
  private readerClosed = false;
  private failure: Error | null = null;
  private readonly onFailure: (err: Error) => void;
  private checkedAt = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly path: string,
    /** Opened for appending (O_APPEND): every write lands at the end, in order. */
    private readonly fd: number,
    /** A read-only descriptor, for clients served from the file. */
    private readonly reader: number,
    size: number,
    onFailure: (err: Error) => void,
  ) {
    this.total = size;
    this.flushed = size;
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
    let reader: number;
    try {
      reader = openSync(path, 'r');
    } catch (err) {
      closeSync(fd);
      throw new Error(`Failed to open the session log ${path} for reading: ${(err as Error).message}`, { cause: err });
    }
    const size = fstatSync(fd).size;
    return Promise.resolve(new LogWriter(path, fd, reader, size, onFailure));
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
    this.queue.push(chunk);
    if (!this.writing) this.writeQueued();
    return this.total - this.flushed < LOG_HIGH_WATER_MARK;
  }

  /** Runs `callback` once everything appended so far is written (at once if it is). */
  onceDrain(callback: () => void): void {
    if (this.flushed >= this.total) queueMicrotask(callback);
    else this.drainWaiters.push(callback);
  }

  /** Resolves on the next flush progress (or at once if nothing is pending or the log failed). */
  nextFlush(): Promise<void> {
    if (this.flushed >= this.total || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /** Reads up to `length` bytes at `position` from the file (only meaningful below `flushed`). */
  read(position: number, length: number): Promise<Buffer> {
    // A closed descriptor's number may already name another file: never read through it.
    if (this.readerClosed) return Promise.reject(new Error(`the session log ${this.path} is closed`));
    const buffer = Buffer.allocUnsafe(length);
    return new Promise((resolve, reject) => {
      read(this.reader, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(buffer.subarray(0, bytesRead))));
    });
  }

  /** Flushes and closes the write side. Reads keep working until `closeReader`. */
  end(): Promise<void> {
    this.ended ??= new Promise<void>((resolve) => {
      this.endWaiter = resolve;
      if (!this.writing) this.closeWriter();
    });
    return this.ended;
  }

  closeReader(): Promise<void> {
    if (this.readerClosed) return Promise.resolve();
    this.readerClosed = true;
    return new Promise((resolve) => close(this.reader, () => resolve()));
  }

  /** Writes the queue (at most IOV_MAX buffers at once), then the next queue, until none is left. */
  private writeQueued(): void {
    if (this.failure || this.queue.length === 0) {
      this.writing = false;
      if (this.ended) this.closeWriter();
      return;
    }
    this.writing = true;
    const batch = this.queue.length <= MAX_IOV ? this.queue : this.queue.slice(0, MAX_IOV);
    this.queue = this.queue.length <= MAX_IOV ? [] : this.queue.slice(MAX_IOV);
    writev(this.fd, batch, (err, written) => {
      if (err) {
        this.writing = false;
        this.failWrite(err);
        if (this.ended) this.closeWriter();
        return;
      }
      this.flushed += written;
      const bytes = batch.reduce((sum, b) => sum + b.length, 0);
      // A short write (a file on a disk that just filled up): the rest goes first, at once; waiters
      // hear of progress when the whole batch is written, or of the error that stops it.
      if (written < bytes) {
        this.queue.unshift(...rest(batch, written));
        this.writeQueued();
        return;
      }
      this.wakeFlushWaiters();
      if (this.flushed >= this.total) this.wakeDrainWaiters();
      this.writeQueued();
    });
  }

  private closeWriter(): void {
    if (this.writerClosed) return;
    this.writerClosed = true;
    close(this.fd, () => this.endWaiter?.());
  }

  private failWrite(err: NodeJS.ErrnoException): void {
    const code = errnoOf(err);
    const failure =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? diskFullError(this.path, err)
        : new RunnerError('log_failed', `the session log ${this.path} could not be written: ${err.message}`, { cause: err });
    this.fail(failure);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.queue = [];
    this.wakeFlushWaiters();
    this.onFailure(err);
  }

  private wakeFlushWaiters(): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const wake of waiters) wake();
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** Buffers passed to one writev at most (Linux's IOV_MAX). */
const MAX_IOV = 1024;

/** What is left of `buffers` after the first `skip` bytes. */
function rest(buffers: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  let left = skip;
  for (const b of buffers) {
    if (left >= b.length) {
      left -= b.length;
      continue;
    }
    out.push(left > 0 ? b.subarray(left) : b);
    left = 0;
  }
  return out;
}
