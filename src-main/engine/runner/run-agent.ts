// The runner's job: own the agent (in a PTY, or on pipes for a headless agent: agent-process.ts), append every output byte to the log, report state
// through a port, and serve the socket until the agent has exited and every client has caught up.
// While no terminal is attached it also answers the agent's terminal queries (term-answers.ts), so
// an agent starts the same detached, and no replayed query is ever answered by a later terminal.
import { constants as osConstants } from 'node:os';
import { spawnAgentProcess } from './agent-process';
import type { AgentProcess } from './agent-process';
import type { RunnerHub } from './client-connection';
import { RunnerError } from './errors';
import { DEFAULT_STOP_GRACE_MS, killProcessGroup } from './kill';
import { LogWriter } from './log-writer';
import { checkWorkingDir, resolveProgram } from './preflight';
import { PROTOCOL_VERSION } from './protocol';
import type { ExitInfo, HelloInfo } from './protocol';
import { RunnerServer } from './server';
import { TerminalAnswerer } from './term-answers';
import { QueryScanner } from './term-scanner';
import type { QueryEvents } from './term-scanner';

/** How the run ended, as reported to the state port. */
export interface RunnerExit extends ExitInfo {
  /** Set when the runner itself stopped the agent because it got a signal, e.g. "the session runner received SIGTERM". */
  stopReason: string | null;
  /** Set when the output log could not be written (a full disk): why the runner stopped the agent. */
  logFailure?: string;
}

/** The signals a runner process stops its agent for (`stopOnSignals`). SIGHUP too: never orphan the agent. */
export const RUNNER_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** How the runner reports to the session store; the lead wires it to SQLite. */
export interface RunnerStatePort {
  /** The agent was spawned: the session is running. */
  started(info: { pid: number; runnerPid: number }): void;
  /** Periodic, and on output (at most once a second). */
  heartbeat(): void;
  /** Every output chunk with its absolute log offset, e.g. for a stream-json metrics parser. */
  output?(chunk: Buffer, offset: number): void;
  /**
   * The agent exited; exit code 0 usually means completed, anything else failed (or stopped, with
   * `stopReason`). Awaited (e.g. to commit the work) before clients get the exit.
   */
  exited(info: RunnerExit): void | Promise<void>;
}

export interface RunAgentOptions {
  program: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  cols?: number;
  rows?: number;
  /** $TERM for the agent. */
  termName?: string;
  /** A headless agent's task: written to its standard input (pipes, no PTY), never on a command line. */
  stdin?: string;
  logPath: string;
  socketPath: string;
  heartbeatIntervalMs: number;
  stopGraceMs?: number;
  port: RunnerStatePort;
  /** Aborting stops the agent like a `stop` frame. */
  signal?: AbortSignal;
  /**
   * The runner owns this process (`switchyard run-session`): on SIGTERM, SIGINT or SIGHUP it stops
   * the agent's process group, reports the exit with the reason, and returns (a second signal
   * kills the group at once). Off by default: a library caller keeps its own signal handling.
   */
  stopOnSignals?: boolean;
  /** How long a connected client may take to attach once the agent exited (default 500 ms). */
  unattachedGraceMs?: number;
  /** After exit, a client that takes no data for this long is dropped (default 30 s). */
  clientStallMs?: number;
}

export interface RunAgentResult extends ExitInfo {
  /** Size of the log when the runner finished. */
  bytes: number;
}

/**
 * Output counts as a sign of life (ECC2 bumps the heartbeat on every line), at most this often: the
 * heartbeat only has to beat session_timeout_secs (an hour by default), and a write a second from
 * each of 100 streaming runners was most of the database's load and slowed the whole machine.
 */
const OUTPUT_HEARTBEAT_MIN_MS = 10_000;
/**
 * A PTY is read 4 KiB at a time. The reads of one event-loop turn are handled as one chunk (one
 * log write, one frame per client, one query decision) instead of one each, which halves the
 * runner's system calls under a flood. At most 64 KiB at once: larger buffers are mapped and
 * unmapped one by one by the allocator, which showed as peaks of runner RSS under a flood.
 */
const COALESCE_MAX_BYTES = 64 * 1024;
/**
 * Output that follows a flush within this long waits up to this long for more (or for 64 KiB) before
 * it is handled. Under a flood the runner otherwise handled a chunk of ~6 KiB per turn, each a log
 * write (a thread-pool round trip) and a socket write: batching to 64 KiB cut those system calls
 * about tenfold. Output after a quiet spell (typing, an agent's answer) is still handled in the
 * same turn, so interactive echo gains no delay.
 */
const COALESCE_WAIT_MS = 2;

/**
 * Runs the agent to completion. Rejects with a RunnerError when it cannot start (missing program,
 * missing cwd, socket in use), and after a completed run when the port or the log failed.
 */
export async function runAgentInPty(opts: RunAgentOptions): Promise<RunAgentResult> {
  checkWorkingDir(opts.cwd);
  const file = resolveProgram(opts.program, opts.cwd, opts.env);
  const run = new AgentRun(opts);
  return run.start(file);
}

class AgentRun implements RunnerHub {
  log!: LogWriter;
  private server!: RunnerServer;
  private pty!: AgentProcess;
  /** 0 until spawned; a client can connect between listen and spawn. */
  private agentPid = 0;
  private exitInfo: ExitInfo | null = null;
  private finalized = false;
  private stopping: Promise<void> | null = null;
  private failure: unknown = null;
  private lastOutputHeartbeat = 0;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopReason: string | null = null;
  /** The PTY's size, told to attaching clients (their screen snapshot is drawn at it). */
  private size: { cols: number; rows: number } | null = null;
  private readonly onAbort = () => this.stop(undefined);
  private readonly onSignal = (signal: NodeJS.Signals) => this.signalled(signal);
  /** Sees every output byte once, in order, to find the agent's terminal queries. */
  private readonly scanner = new QueryScanner();
  private readonly answerer = new TerminalAnswerer();
  private replies: string[] = [];
  private readonly queryEvents: QueryEvents = {
    query: (q) => {
      const reply = this.answerer.answer(q);
      if (reply) this.replies.push(reply);
    },
    privateMode: (mode, set) => this.answerer.privateMode(mode, set),
  };

  constructor(private readonly opts: RunAgentOptions) {}

  async start(file: string): Promise<RunAgentResult> {
    const { opts } = this;
    if (opts.stopOnSignals) for (const sig of RUNNER_STOP_SIGNALS) process.on(sig, this.onSignal);
    try {
      return await this.run(file);
    } finally {
      if (opts.stopOnSignals) for (const sig of RUNNER_STOP_SIGNALS) process.off(sig, this.onSignal);
    }
  }

  private async run(file: string): Promise<RunAgentResult> {
    const { opts } = this;
    this.log = await LogWriter.open(opts.logPath, (err) => this.onLogFailure(err));
    try {
      this.server = await RunnerServer.listen(opts.socketPath, this, {
        unattachedGraceMs: opts.unattachedGraceMs ?? 500,
        clientStallMs: opts.clientStallMs ?? 30_000,
      });
    } catch (err) {
      await this.log.end();
      await this.log.closeReader();
      throw err;
    }
    try {
      const spawnOptions = {
        file,
        args: opts.args,
        termName: opts.termName ?? 'xterm-256color',
        cols: opts.cols ?? 80,
        rows: opts.rows ?? 24,
        cwd: opts.cwd,
        env: opts.env,
        stdin: opts.stdin,
      };
      this.pty = spawnAgentProcess(spawnOptions);
      this.size = { cols: spawnOptions.cols, rows: spawnOptions.rows };
    } catch (err) {
      await this.server.close();
      await this.log.end();
      await this.log.closeReader();
      throw new RunnerError('spawn_failed', `Failed to start the agent program ${file}: ${(err as Error).message}`, { cause: err });
    }

    this.agentPid = this.pty.pid;
    const finished = new Promise<RunAgentResult>((resolve, reject) => {
      this.pty.onData((chunk) => this.onOutput(chunk));
      this.pty.onExit(({ exitCode, signal }) => {
        this.finish(exitCode, signal).then(resolve, reject);
      });
    });

    if (opts.signal?.aborted || this.stopReason) this.stop(undefined);
    opts.signal?.addEventListener('abort', this.onAbort);
    if (opts.heartbeatIntervalMs > 0) {
      this.heartbeatTimer = setInterval(() => this.safePort('heartbeat', () => opts.port.heartbeat()), opts.heartbeatIntervalMs);
    }
    try {
      opts.port.started({ pid: this.agentPid, runnerPid: process.pid });
    } catch (err) {
      // The store refused the session (e.g. it was stopped meanwhile): do not leave the agent running.
      this.failure ??= err;
      this.stop(undefined);
    }
    return finished;
  }

  hello(): HelloInfo {
    return {
      protocol: PROTOCOL_VERSION,
      bytes: this.log.total,
      pid: this.agentPid,
      exited: this.exitInfo,
      ...(this.size ?? {}),
      modes: this.answerer.modeChanges(),
    };
  }

  finalExit(): ExitInfo | null {
    return this.finalized ? this.exitInfo : null;
  }

  input(data: Buffer): void {
    if (!this.exitInfo) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exitInfo) return;
    this.pty.resize(cols, rows);
    this.size = { cols, rows };
  }

  stop(graceMs: number | undefined): void {
    if (!this.agentPid || this.exitInfo || this.stopping) return;
    this.stopping = killProcessGroup(this.agentPid, graceMs ?? this.opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS).catch((err: unknown) => {
      process.stderr.write(`switchyard runner: ${(err as Error).message}\n`);
    });
  }

  /** The runner process got a signal: stop the agent (a second signal: kill its group now). */
  private signalled(signal: NodeJS.Signals): void {
    const again = this.stopReason !== null;
    this.stopReason ??= `the session runner received ${signal}`;
    if (again && this.agentPid && !this.exitInfo) {
      void killProcessGroup(this.agentPid, 0).catch(() => undefined);
      return;
    }
    this.stop(undefined);
  }

  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushQueued = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private readonly flushOutput = () => {
    this.flushQueued = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingBytes === 0) return;
    // The reads stay separate buffers (no copy into one): one log write and one frame take them all.
    const pieces = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.lastFlushAt = Date.now();
    this.handleOutput(pieces, bytes);
  };

  private onOutput(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= COALESCE_MAX_BYTES) this.flushOutput();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      // Output right after output is a stream: gather it. After a quiet spell: at the end of this turn.
      if (Date.now() - this.lastFlushAt < COALESCE_WAIT_MS) this.flushTimer = setTimeout(this.flushOutput, COALESCE_WAIT_MS);
      else setImmediate(this.flushOutput);
    }
  }

  /** One chunk of output: the PTY reads of one flush, `bytes` in all, in order. */
  private handleOutput(pieces: Buffer[], bytes: number): void {
    const offset = this.log.total;
    // Written before anyone is sent it (a slow disk holds the next PTY read back, LogWriter).
    this.log.append(pieces);
    const output = this.opts.port.output;
    if (output) {
      this.safePort('output', () => {
        let at = offset;
        for (const piece of pieces) {
          output(piece, at);
          at += piece.length;
        }
      });
    }
    const now = Date.now();
    if (now - this.lastOutputHeartbeat >= OUTPUT_HEARTBEAT_MIN_MS) {
      this.lastOutputHeartbeat = now;
      this.safePort('heartbeat', () => this.opts.port.heartbeat());
    }
    const answeredByTerminal = this.server.broadcast(pieces, offset, bytes);
    this.answerQueries(pieces, answeredByTerminal);
  }

  /**
   * Scans the chunk for terminal queries and, unless a live terminal received it and answers them
   * itself, writes the replies to the agent. The decision is per chunk, the same boundary at which
   * the runner tells clients (mode frames) whether to let their terminal answer, so every query
   * gets exactly one answer: from the attached terminal, or from here.
   */
  private answerQueries(pieces: Buffer[], answeredByTerminal: boolean): void {
    for (const piece of pieces) this.scanner.feed(piece, this.queryEvents);
    if (this.replies.length === 0) return;
    const replies = this.replies.join('');
    this.replies = [];
    if (answeredByTerminal || this.exitInfo) return;
    try {
      this.pty.write(replies);
    } catch {
      // The agent is gone (its side of the PTY closed): nobody is waiting for the reply.
    }
  }

  private onLogFailure(err: Error): void {
    this.failure ??= err; // a RunnerError ('disk_full' or 'log_failed') that names the log
    if (this.server) this.server.abortClients(`the output log could not be written: ${err.message}`);
    this.stop(undefined);
  }

  private async finish(exitCode: number, signal: number | undefined): Promise<RunAgentResult> {
    this.flushOutput(); // the last reads, before the exit is known
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.exitInfo = signal ? { exitCode: null, signal: signalName(signal) } : { exitCode, signal: null };
    await this.log.end();
    try {
      const logFailure = this.failure instanceof RunnerError && (this.failure.code === 'disk_full' || this.failure.code === 'log_failed') ? this.failure.message : undefined;
      await this.opts.port.exited({ ...this.exitInfo, stopReason: this.stopReason, ...(logFailure ? { logFailure } : {}) });
    } catch (err) {
      this.failure ??= err;
    }
    this.finalized = true;
    await this.server.finish();
    await this.log.closeReader();
    // A stop in progress still owes the rest of the process group its SIGKILL.
    await this.stopping;
    if (this.failure) throw this.failure;
    return { ...this.exitInfo, bytes: this.log.total };
  }

  private safePort(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      process.stderr.write(`switchyard runner: state port ${what} failed: ${(err as Error).message}\n`);
    }
  }
}

function signalName(signal: number): string {
  const entry = Object.entries(osConstants.signals).find(([, value]) => value === signal);
  return entry ? entry[0] : `SIG${signal}`;
}
