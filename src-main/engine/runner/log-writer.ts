// The runner's side of the output log: appends PTY bytes in order and knows how many of them are
// on disk, so clients that fell behind can be served from the file instead of from memory.
import { closeSync, createWriteStream, fstatSync, mkdirSync, openSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Bytes queued for the disk before the PTY is paused. Bounds the runner's memory. */
export const LOG_HIGH_WATER_MARK = 256 * 1024;

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

  private constructor(stream: WriteStream, reader: FileHandle, size: number, onFailure: (err: Error) => void) {
    this.stream = stream;
    this.reader = reader;
    this.total = size;
    this.flushed = size;
    this.onFailure = onFailure;
    stream.on('error', (err) => this.fail(err));
  }

  /** Opens (creating it and its folder) `path` for appending; a resumed session continues its log. */
  static async open(path: string, onFailure: (err: Error) => void): Promise<LogWriter> {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new Error(`Failed to create the session log directory ${dirname(path)}: ${(err as Error).message}`, { cause: err });
    }
    let fd: number;
    try {
      fd = openSync(path, 'a');
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
    return new LogWriter(stream, reader, size, onFailure);
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Queues `chunk`; false means the disk is behind and the producer should pause until `onceDrain`. */
  append(chunk: Buffer): boolean {
    if (this.failure || this.ended) return true;
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
      if (this.failure || this.stream.destroyed) {
        resolve();
        return;
      }
      this.stream.once('close', () => resolve());
      this.stream.end();
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
