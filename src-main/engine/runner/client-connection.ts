// One attached client, seen from the runner. A client is either "live" (each PTY chunk is written
// to it as it arrives) or "catching up" (it is served from the log file, a chunk at a time, while
// its socket holds less than LIVE_QUEUE_MAX). A live client whose socket holds more drops to
// catching up, so a slow reader costs the runner at most that, never a growing queue.
//
// Every switch between the two is announced with a `mode` frame at the exact offset, and so is
// being chosen (or no longer) as the terminal that answers the agent's queries: the runner decides
// per PTY chunk who answers, and the client filters by the same boundaries (PROTOCOL.md).
import type { Socket } from 'node:net';
import type { LogWriter } from './log-writer';
import {
  FrameDecoder,
  FrameType,
  attachSchema,
  encodeJsonFrame,
  encodeOutputHeader,
  parseJsonPayload,
  resizeSchema,
  stopSchema,
} from './protocol';
import type { ExitInfo, Frame, HelloInfo, OutputMode } from './protocol';

const CATCH_UP_CHUNK = 64 * 1024;
/**
 * Live output a client's socket may hold before the client is served from the log instead. A
 * socket reports "full" at 16 KiB, less than one turn of a flood (runner chunks are up to
 * 64 KiB), and serving a client that is merely a little behind from the file costs the runner a
 * read of every byte it just wrote; 512 KiB bounds what a slow client costs.
 */
const LIVE_QUEUE_MAX = 512 * 1024;

/** What a connection needs from the runner. */
export interface RunnerHub {
  readonly log: LogWriter;
  hello(): HelloInfo;
  /** Set once the agent exited and the log is flushed: replay can then end with an exit frame. */
  finalExit(): ExitInfo | null;
  input(data: Buffer): void;
  resize(cols: number, rows: number): void;
  stop(graceMs: number | undefined): void;
}

let attachCounter = 0;

export class ClientConnection {
  attached = false;
  closed = false;
  /** Attached with `terminal: true`: may be chosen to answer the agent's terminal queries. */
  terminal = false;
  /** Orders attaches: the most recent terminal is the one that answers. */
  attachSeq = 0;
  /** What the last mode frame told the client. */
  private answering = false;
  /** Next offset this client should receive. */
  sentOffset = 0;
  lastProgressAt = Date.now();
  private mode: 'live' | 'catch-up' = 'live';
  private generation = 0;
  private exitSent = false;
  private readonly decoder = new FrameDecoder();

  constructor(
    private readonly socket: Socket,
    private readonly hub: RunnerHub,
    private readonly onClosed: (client: ClientConnection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.generation++;
      this.onClosed(this);
    });
    socket.write(encodeJsonFrame(FrameType.hello, hub.hello()));
  }

  /** A new PTY chunk at `offset` (`bytes` in `pieces`); sent only to live clients that are level with it. */
  pushLive(pieces: Buffer[], offset: number, bytes: number): void {
    if (!this.attached || this.closed || this.mode !== 'live' || offset !== this.sentOffset) return;
    if (this.socket.writableLength > LIVE_QUEUE_MAX) {
      void this.catchUp();
      return;
    }
    this.writeOutput(offset, pieces, bytes);
    if (this.socket.writableLength > LIVE_QUEUE_MAX) void this.catchUp();
  }

  /** Live and level with `offset`: the next PTY chunk goes straight to it. */
  isLevelAt(offset: number): boolean {
    return this.attached && !this.closed && this.mode === 'live' && this.sentOffset === offset;
  }

  /** Whether this client received everything up to `end` as it was produced (not from the log). */
  receivedLive(end: number): boolean {
    return this.attached && !this.closed && this.sentOffset === end;
  }

  /** Chooses (or stops choosing) this live client's terminal to answer queries from now on. */
  setAnswering(answering: boolean): void {
    if (!this.attached || this.closed || this.mode !== 'live' || this.answering === answering) return;
    this.sendMode(true, answering);
  }

  /** Called when the agent's exit is final; live clients that have everything get the exit frame. */
  agentExited(): void {
    if (this.attached && this.mode === 'live') this.maybeSendExit();
  }

  /** Ends the connection with an exit frame (used for clients that never attached). */
  sendExitAndEnd(): void {
    const info = this.hub.finalExit();
    if (this.closed || this.exitSent || !info) return;
    this.exitSent = true;
    this.lastProgressAt = Date.now();
    this.endWith(encodeJsonFrame(FrameType.exit, info));
  }

  sendError(message: string): void {
    if (!this.closed) this.endWith(encodeJsonFrame(FrameType.error, { message }));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.sendError((err as Error).message);
      return;
    }
    for (const frame of frames) {
      try {
        this.handle(frame);
      } catch (err) {
        // A bad control frame is reported but does not cost the client its connection.
        if (!this.closed) this.socket.write(encodeJsonFrame(FrameType.error, { message: (err as Error).message }));
      }
    }
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case FrameType.attach: {
        const { fromOffset, terminal } = parseJsonPayload(attachSchema, frame, 'attach');
        this.attached = true;
        this.terminal = terminal === true;
        this.attachSeq = ++attachCounter;
        this.exitSent = false;
        this.sentOffset = Math.min(fromOffset, this.hub.log.total);
        this.mode = 'live'; // so catchUp announces the history that follows
        void this.catchUp();
        return;
      }
      case FrameType.input:
        this.hub.input(frame.payload);
        return;
      case FrameType.resize: {
        const { cols, rows } = parseJsonPayload(resizeSchema, frame, 'resize');
        this.hub.resize(cols, rows);
        return;
      }
      case FrameType.stop: {
        const { graceMs } = parseJsonPayload(stopSchema, frame, 'stop');
        this.hub.stop(graceMs);
        return;
      }
      default:
        throw new Error(`unknown frame type 0x${frame.type.toString(16)}`);
    }
  }

  /** Serves the log from `sentOffset` until level with the PTY, then goes live. */
  private async catchUp(): Promise<void> {
    const generation = ++this.generation;
    // Bytes served from here on are history: the client removes their queries.
    if (this.mode === 'live' && !this.closed) this.sendMode(false, false);
    this.mode = 'catch-up';
    const log = this.hub.log;
    const current = () => generation === this.generation && !this.closed;
    try {
      while (current()) {
        // Refilled up to LIVE_QUEUE_MAX, not to the socket's 16 KiB mark: a wait per 16 KiB made
        // catching up (a late attach to a flood) run at a fraction of the agent's rate.
        if (this.socket.writableLength > LIVE_QUEUE_MAX) {
          await this.waitDrain();
          continue;
        }
        if (this.sentOffset < log.flushed) {
          const data = await log.read(this.sentOffset, Math.min(CATCH_UP_CHUNK, log.flushed - this.sentOffset));
          if (!current()) return;
          if (data.length === 0) throw new Error(`the output log ended early at byte ${this.sentOffset}`);
          this.writeOutput(this.sentOffset, [data], data.length);
          continue;
        }
        if (this.sentOffset >= log.total) {
          this.mode = 'live';
          this.sendMode(true, false);
          this.maybeSendExit();
          return;
        }
        if (log.failed) throw new Error(`the output log could not be written: ${log.failed.message}`);
        await log.nextFlush();
      }
    } catch (err) {
      if (current()) this.sendError((err as Error).message);
    }
  }

  private maybeSendExit(): void {
    const info = this.hub.finalExit();
    if (!info || this.exitSent || this.closed || this.sentOffset < this.hub.log.total) return;
    this.exitSent = true;
    this.lastProgressAt = Date.now();
    this.endWith(encodeJsonFrame(FrameType.exit, info));
  }

  private sendMode(live: boolean, answering: boolean): void {
    this.answering = answering;
    const mode: OutputMode = { offset: this.sentOffset, live, answering };
    this.socket.write(encodeJsonFrame(FrameType.mode, mode));
  }

  /** One output frame of `bytes` bytes at `offset`: its header and pieces go out in one writev. */
  private writeOutput(offset: number, pieces: Buffer[], bytes: number): boolean {
    this.socket.cork();
    this.socket.write(encodeOutputHeader(offset, bytes));
    let ok = true;
    for (const piece of pieces) ok = this.socket.write(piece);
    this.socket.uncork();
    this.sentOffset = offset + bytes;
    this.lastProgressAt = Date.now();
    return ok;
  }

  /** Our last frame: once it is handed to the kernel the peer can still read it after we close. */
  private endWith(frame: Buffer): void {
    this.generation++;
    this.socket.end(frame, () => this.socket.destroy());
  }

  private waitDrain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }
}
