// Client side of "no input nobody typed": removes terminal queries from output before it reaches
// a terminal that must not answer them (replayed history, or live output another terminal or the
// runner answers). A query split across chunks is held back until it is complete, so it is
// removed whole; anything that cannot be a query passes at once.
import { QueryScanner } from './term-scanner';

export class QueryFilter {
  private readonly scanner = new QueryScanner();
  /** Bytes of an unfinished sequence that may still be a query, not yet passed on. */
  private held: Buffer | null = null;
  /** Stream position up to which bytes have been passed on or removed. */
  private released = 0;
  /** Queries removed so far (for tests and diagnostics). */
  removed = 0;

  /** Bytes held back so far (their log offsets are not yet delivered). */
  get heldBytes(): number {
    return this.held?.length ?? 0;
  }

  /**
   * Filters the next bytes of the stream. `answering`: this terminal is the one that answers the
   * queries in these bytes (live output it is the designated responder for): they pass through.
   */
  push(chunk: Buffer, answering: boolean): Buffer {
    const held = this.held;
    const start = this.released;
    const data = held ? Buffer.concat([held, chunk]) : chunk;
    this.held = null;
    const cuts: number[] = [];
    this.scanner.feed(chunk, {
      query: (_q, s, e) => {
        // A sequence whose start was already passed on (too long to hold) cannot be removed whole.
        if (answering || s < this.released) return;
        cuts.push(s, e);
        this.removed++;
      },
    });
    let end = this.scanner.pos;
    const pending = this.scanner.pendingStart;
    if (pending >= this.released && this.scanner.pendingMayBeQuery) end = pending;
    const parts: Buffer[] = [];
    let at = start;
    for (let k = 0; k < cuts.length; k += 2) {
      const s = cuts[k]!;
      const e = cuts[k + 1]!;
      if (s > at) parts.push(data.subarray(at - start, s - start));
      at = e;
    }
    if (end > at) parts.push(data.subarray(at - start, end - start));
    if (end < this.scanner.pos) this.held = data.subarray(Math.max(end, at) - start);
    this.released = this.scanner.pos - (this.held?.length ?? 0);
    if (parts.length === 1) return parts[0]!;
    return parts.length === 0 ? Buffer.alloc(0) : Buffer.concat(parts);
  }

  /** End of the stream: an unfinished sequence is not a query, pass it on. */
  flush(): Buffer {
    const held = this.held ?? Buffer.alloc(0);
    this.held = null;
    this.released = this.scanner.pos;
    return held;
  }
}

/** Removes every terminal query from `data` (a whole, self-contained stretch of a log). */
export function stripTerminalQueries(data: Buffer): Buffer {
  const filter = new QueryFilter();
  const out = filter.push(data, false);
  const rest = filter.flush();
  return rest.length ? Buffer.concat([out, rest]) : out;
}
