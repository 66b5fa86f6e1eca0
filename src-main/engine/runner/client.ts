// Client side of the runner socket, used by `switchyard attach`, the app and browser mode.
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { RunnerError, errnoCode } from './errors';
import { checkSocketDir } from './paths';
import {
  FrameDecoder,
  FrameType,
  decodeOutputPayload,
  encodeFrame,
  encodeJsonFrame,
  errorSchema,
  exitSchema,
  helloSchema,
  modeSchema,
  parseJsonPayload,
} from './protocol';
import type { ExitInfo, Frame, HelloInfo, OutputMode } from './protocol';

/**
 * Return a promise to apply backpressure: the client stops reading until it settles. `mode` says
 * whether the chunk is history or live, and whether this client's terminal answers its queries;
 * a client showing output in a terminal passes chunks through a QueryFilter accordingly.
 */
export type OutputHandler = (chunk: Buffer, offset: number, mode: Readonly<OutputMode>) => void | Promise<void>;

export interface AttachOptions {
  /**
   * This client shows the output in a terminal that answers queries and sends its replies back
   * with `input` (CLI attach, the app's interactive terminal). The runner then lets it answer
   * while it is live, instead of answering itself.
   */
  terminal?: boolean;
}
export type ExitHandler = (info: ExitInfo) => void;

export interface RunnerClient {
  /** What the runner said on connect: log size, agent pid, and exit info if it already exited. */
  readonly hello: HelloInfo;
  /** Resolves when the connection has closed (the runner quit, or `close()`). */
  readonly closed: Promise<void>;
  /** Replays the log from `fromOffset`, then streams live output; `onExit` follows the last byte. */
  attach(fromOffset: number, onOutput: OutputHandler, onExit: ExitHandler, options?: AttachOptions): void;
  input(data: Buffer | string): void;
  resize(cols: number, rows: number): void;
  /** Asks the runner to stop the agent; resolves with the exit once the runner reports it (null if it closed first). */
  stop(graceMs?: number): Promise<ExitInfo | null>;
  /** Errors the runner reported on this connection (bad frames, a failing log). */
  onError(listener: (message: string) => void): void;
  close(): void;
}

const HELLO_TIMEOUT_MS = 5000;
/** After close(), how long the runner has to read our last frames and close its side. */
const CLOSE_GRACE_MS = 2000;

export function connectRunner(socketPath: string): Promise<RunnerClient> {
  return new Promise((resolve, reject) => {
    // Typed input must never reach a socket planted by another user in a shared folder.
    try {
      checkSocketDir(socketPath);
    } catch (err) {
      reject(new RunnerError('unsafe_socket', (err as Error).message, { cause: err }));
      return;
    }
    const socket = createConnection(socketPath);
    const decoder = new FrameDecoder();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RunnerError('protocol', `The session runner at ${socketPath} did not answer within ${HELLO_TIMEOUT_MS} ms. It may be hung; stop the session and resume it.`));
    }, HELLO_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(connectError(socketPath, err));
    };
    const onFirstData = (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        fail(err as Error);
        return;
      }
      const [first, ...rest] = frames;
      if (!first) return;
      clearTimeout(timer);
      socket.off('data', onFirstData);
      socket.off('error', fail);
      socket.off('close', onEarlyClose);
      try {
        if (first.type !== FrameType.hello) throw new RunnerError('protocol', `expected a hello frame, got type 0x${first.type.toString(16)}`);
        const hello = parseJsonPayload(helloSchema, first, 'hello');
        resolve(new SocketRunnerClient(socket, decoder, hello, rest));
      } catch (err) {
        fail(err as Error);
      }
    };
    const onEarlyClose = () => fail(new RunnerError('connection_closed', `The session runner at ${socketPath} closed the connection before greeting.`));
    socket.on('data', onFirstData);
    socket.on('error', fail);
    socket.on('close', onEarlyClose);
  });
}

function connectError(socketPath: string, err: Error): Error {
  if (err instanceof RunnerError) return err;
  const code = errnoCode(err);
  if (code === 'ENOENT') return new RunnerError('not_running', `session runner is not running (no socket at ${socketPath})`, { cause: err });
  if (code === 'ECONNREFUSED') return new RunnerError('not_running', `session runner is not running (stale socket at ${socketPath})`, { cause: err });
  return new RunnerError('not_running', `Cannot connect to the session runner at ${socketPath}: ${err.message}`, { cause: err });
}

class SocketRunnerClient implements RunnerClient {
  readonly closed: Promise<void>;
  private onOutput: OutputHandler | null = null;
  private onExit: ExitHandler | null = null;
  /** Until the runner says otherwise, output is history (its queries are not for our terminal). */
  private mode: OutputMode = { offset: 0, live: false, answering: false };
  private exitInfo: ExitInfo | null;
  private readonly errorListeners: Array<(message: string) => void> = [];
  private readonly stopWaiters: Array<(info: ExitInfo | null) => void> = [];
  private queue: Frame[] = [];
  private draining = false;
  private isClosed = false;
  /** close() was called: nothing more is sent or delivered while the socket winds down. */
  private closing = false;

  constructor(
    private readonly socket: Socket,
    private readonly decoder: FrameDecoder,
    readonly hello: HelloInfo,
    pending: Frame[],
  ) {
    this.exitInfo = hello.exited;
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        for (const wake of this.stopWaiters.splice(0)) wake(this.exitInfo);
        resolve();
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      try {
        this.enqueue(this.decoder.push(chunk));
      } catch (err) {
        this.report((err as Error).message);
        socket.destroy();
      }
    });
    this.enqueue(pending);
  }

  attach(fromOffset: number, onOutput: OutputHandler, onExit: ExitHandler, options: AttachOptions = {}): void {
    this.onOutput = onOutput;
    this.onExit = onExit;
    this.mode = { offset: fromOffset, live: false, answering: false };
    this.send(encodeJsonFrame(FrameType.attach, options.terminal ? { fromOffset, terminal: true } : { fromOffset }));
  }

  input(data: Buffer | string): void {
    const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (const part of encodeFrame(FrameType.input, payload)) this.send(part);
  }

  resize(cols: number, rows: number): void {
    this.send(encodeJsonFrame(FrameType.resize, { cols, rows }));
  }

  stop(graceMs?: number): Promise<ExitInfo | null> {
    if (this.isClosed || this.closing) return Promise.resolve(this.exitInfo);
    const done = new Promise<ExitInfo | null>((resolve) => this.stopWaiters.push(resolve));
    this.send(encodeJsonFrame(FrameType.stop, graceMs === undefined ? {} : { graceMs }));
    return done;
  }

  onError(listener: (message: string) => void): void {
    this.errorListeners.push(listener);
  }

  close(): void {
    if (this.closing || this.isClosed) return;
    this.closing = true;
    this.onOutput = null;
    this.onExit = null;
    this.queue = [];
    // Half-close instead of destroying: the runner reads everything we wrote (a key typed just
    // before detaching) before it sees the end. Destroyed at once, with frames of ours still
    // unread, the runner's next write fails (EPIPE), Node destroys its socket, and that input is
    // lost. We keep reading (and dropping) until the runner closes its side.
    this.socket.end();
    this.socket.resume();
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  private send(data: Buffer): void {
    if (this.isClosed) throw new RunnerError('connection_closed', 'The session runner connection is closed; reconnect to send more.');
    if (this.closing) return; // closed by us: dropped, as writes to a destroyed socket always were
    this.socket.write(data);
  }

  private enqueue(frames: Frame[]): void {
    if (frames.length === 0 || this.closing) return;
    this.queue.push(...frames);
    if (!this.draining) void this.drain();
  }

  /** Frames are handled strictly in order; an async output handler pauses reading until it settles. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      let frame: Frame | undefined;
      while ((frame = this.queue.shift())) {
        const pending = this.handle(frame);
        if (pending) {
          this.socket.pause();
          await pending.catch((err: unknown) => this.report(`output handler failed: ${(err as Error).message}`));
        }
      }
    } finally {
      this.draining = false;
      if (!this.isClosed) this.socket.resume();
    }
  }

  private handle(frame: Frame): Promise<void> | void {
    try {
      switch (frame.type) {
        case FrameType.output: {
          const { offset, data } = decodeOutputPayload(frame.payload);
          return this.onOutput?.(data, offset, this.mode);
        }
        case FrameType.mode:
          this.mode = parseJsonPayload(modeSchema, frame, 'mode');
          return;
        case FrameType.exit: {
          this.exitInfo = parseJsonPayload(exitSchema, frame, 'exit');
          this.onExit?.(this.exitInfo);
          for (const wake of this.stopWaiters.splice(0)) wake(this.exitInfo);
          return;
        }
        case FrameType.error:
          this.report(parseJsonPayload(errorSchema, frame, 'error').message);
          return;
        default:
          this.report(`unknown frame type 0x${frame.type.toString(16)} from the runner`);
      }
    } catch (err) {
      this.report((err as Error).message);
    }
  }

  private report(message: string): void {
    for (const listener of this.errorListeners) listener(message);
  }
}
