// Feeds one session's terminal stream into an xterm, with flow control: while xterm has more than
// HIGH_WATER bytes written but not yet parsed, the subscription is dropped, and it resumes from
// the last byte offset once xterm has caught up. Hidden terminals pause the same way.
import type { TerminalEvent } from '../../../src-main/api';
import type { ApiClient } from '../api/client';

const HIGH_WATER = 2 * 1024 * 1024;
const LOW_WATER = 256 * 1024;

export interface FeedSink {
  write(data: string, done: () => void): void;
}

export type FeedState = 'connecting' | 'live' | 'exited' | 'ended' | 'paused' | 'error';

export class TerminalFeed {
  /** Log offset just past the last byte written to the terminal. */
  offset = 0;
  private unsubscribe: (() => void) | null = null;
  private pendingChars = 0;
  private wantRunning = false;
  private hidden = false;
  private backedUp = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: ApiClient,
    private readonly sessionId: string,
    private readonly sink: FeedSink,
    private readonly onState: (state: FeedState, detail?: string) => void,
  ) {}

  start(): void {
    this.wantRunning = true;
    this.resume();
  }

  /** Stop receiving (hidden, or done with this session). */
  stop(): void {
    this.wantRunning = false;
    this.detach();
    if (this.retry) clearTimeout(this.retry);
  }

  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    if (hidden) {
      this.detach();
      this.onState('paused');
    } else this.resume();
  }

  /** Re-subscribes from the current offset (e.g. after the session was resumed). */
  restart(): void {
    this.detach();
    this.resume();
  }

  private resume(): void {
    if (!this.wantRunning || this.hidden || this.backedUp || this.unsubscribe) return;
    this.onState('connecting');
    this.unsubscribe = this.client.subscribe(
      'terminal',
      { id: this.sessionId, fromOffset: this.offset },
      (event) => this.handle(event),
      (error) => {
        this.unsubscribe = null;
        this.onState('error', error.message);
        // Connection lost: try again shortly from where we are.
        if (error.code === 'transport' && this.wantRunning) this.retry = setTimeout(() => this.resume(), 1000);
      },
    );
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private handle(event: TerminalEvent): void {
    switch (event.kind) {
      case 'output': {
        this.offset = event.end;
        this.onState('live');
        const size = event.data.length;
        this.pendingChars += size;
        this.sink.write(event.data, () => {
          this.pendingChars -= size;
          if (this.backedUp && this.pendingChars < LOW_WATER) {
            this.backedUp = false;
            this.resume();
          }
        });
        if (this.pendingChars > HIGH_WATER) {
          this.backedUp = true;
          this.detach();
        }
        return;
      }
      case 'gap':
        // The server dropped what we could not take: ask again from there once caught up.
        this.offset = event.offset;
        this.unsubscribe = null;
        if (this.pendingChars < LOW_WATER) setTimeout(() => this.resume(), 50);
        else this.backedUp = true;
        return;
      case 'exit':
        this.offset = Math.max(this.offset, event.end);
        this.detach();
        this.onState('exited', event.signal ? `killed by ${event.signal}` : `exited with code ${event.exitCode}`);
        return;
      case 'ended':
        this.offset = Math.max(this.offset, event.end);
        this.detach();
        this.onState('ended');
        return;
      case 'error':
        this.detach();
        this.onState('error', event.message);
        return;
    }
  }
}
