// Batches a session's terminal bytes for one subscriber: at most one message per interval, at most
// `maxBytes` each, never ending inside a UTF-8 character, with a bounded queue. A full queue
// pauses the producer (the runner stops reading for us and falls back to its log file), and a
// subscriber that cannot take data while the queue is full loses the queued bytes and is told the
// offset to re-request from, so one flooding session never grows memory without bound.

export interface OutputBatch {
  /** Absolute log offset of the first byte. */
  offset: number;
  /** Offset just past the last byte. */
  end: number;
  data: Buffer;
}

export interface OutputBatcherOptions {
  emit: (batch: OutputBatch) => void;
  /** The subscriber fell behind: queued bytes from `offset` were dropped; nothing more is emitted. */
  onOverflow: (offset: number) => void;
  /** True while the subscriber's transport is backed up (e.g. a WebSocket's send buffer is full). */
  congested?: () => boolean;
  intervalMs?: number;
  maxBytes?: number;
  /** Queue bound: push() returns a promise to pause the producer beyond it. */
  capBytes?: number;
  now?: () => number;
}

export const BATCH_INTERVAL_MS = 16;
export const BATCH_MAX_BYTES = 200 * 1024;
export const QUEUE_CAP_BYTES = 1024 * 1024;

/**
 * The largest n <= limit such that buf[0, n) does not end inside a multi-byte UTF-8 sequence.
 * Only the last (up to 3) bytes before `limit` are inspected. Invalid bytes count as complete.
 */
export function utf8Boundary(buf: Uint8Array, limit: number = buf.length): number {
  const end = Math.min(limit, buf.length);
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const byte = buf[i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
    const need = byte >= 0xf0 && byte <= 0xf7 ? 4 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xc0 && byte <= 0xdf ? 2 : 1;
    return i + need > end ? i : end;
  }
  return end;
}

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private queued = 0;
  /** Offset of the first queued byte (or of the next byte expected when the queue is empty). */
  private start: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private waiters: Array<() => void> = [];
  private ending: (() => void) | null = null;
  private stopped = false;
  private readonly interval: number;
  private readonly maxBytes: number;
  private readonly cap: number;
  private readonly now: () => number;

  constructor(
    startOffset: number,
    private readonly opts: OutputBatcherOptions,
  ) {
    this.start = startOffset;
    this.interval = opts.intervalMs ?? BATCH_INTERVAL_MS;
    this.maxBytes = opts.maxBytes ?? BATCH_MAX_BYTES;
    this.cap = opts.capBytes ?? QUEUE_CAP_BYTES;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Bytes queued and not yet emitted. */
  get queuedBytes(): number {
    return this.queued;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Queues bytes at `offset`; returns a promise (wait before pushing more) when the queue is full. */
  push(data: Buffer, offset: number): Promise<void> | void {
    if (this.stopped || data.length === 0) return;
    if (this.queued === 0) this.start = offset;
    this.chunks.push(data);
    this.queued += data.length;
    this.schedule();
    if (this.queued >= this.cap) return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Emits everything queued (a trailing partial character included), then calls `done`. */
  end(done: () => void): void {
    if (this.stopped) return;
    this.ending = done;
    this.schedule();
  }

  /** Drops everything and emits nothing more. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chunks = [];
    this.queued = 0;
    this.wake();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, Math.ceil(this.lastEmit + this.interval - this.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.stopped) return;
    // Timers may fire a fraction of a millisecond early: never emit inside the interval.
    if (this.now() - this.lastEmit < this.interval) {
      this.schedule();
      return;
    }
    if (this.opts.congested?.()) {
      if (this.queued >= this.cap) {
        const from = this.start;
        this.stop();
        this.opts.onOverflow(from);
        return;
      }
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.interval);
      return;
    }
    if (this.queued > 0) {
      const batch = this.take();
      if (batch) {
        this.lastEmit = this.now();
        this.opts.emit(batch);
      }
    }
    if (this.stopped) return;
    if (this.queued < this.cap) this.wake();
    if (this.queued > 0 && (this.ending || this.queued >= 4 || this.hasCompleteChar())) this.schedule();
    else if (this.ending && this.queued === 0) {
      const done = this.ending;
      this.ending = null;
      done();
    }
  }

  /** The next batch: up to maxBytes, ending on a character boundary unless the stream is ending. */
  private take(): OutputBatch | null {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.queued);
    const limit = Math.min(all.length, this.maxBytes);
    let cut = utf8Boundary(all, limit);
    if (cut === 0) cut = this.ending || limit < all.length ? limit : 0;
    if (cut === 0) {
      this.chunks = [all];
      return null;
    }
    const data = all.subarray(0, cut);
    const rest = all.subarray(cut);
    this.chunks = rest.length ? [rest] : [];
    this.queued = rest.length;
    const batch = { offset: this.start, end: this.start + cut, data };
    this.start += cut;
    return batch;
  }

  private hasCompleteChar(): boolean {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.queued);
    return utf8Boundary(all) > 0;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
