// The agent's process as the runner sees it: a PTY for a terminal agent, or plain pipes for a
// headless one that reads its task from standard input. Pipes keep the task out of every command
// line (`ps` shows argv to every user), and a one-shot JSON stream needs no terminal.
import { spawn as spawnChild } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { spawn as spawnPty } from 'node-pty';
import type { IPty } from 'node-pty';
import { drainPtyBeforeClose } from './pty-drain';

export interface AgentProcess {
  readonly pid: number;
  onData(cb: (chunk: Buffer) => void): void;
  /** `signal` is the signal number when the agent was killed by one. */
  onExit(cb: (exit: { exitCode: number; signal: number | undefined }) => void): void;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}

export interface SpawnAgentOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  cols: number;
  rows: number;
  termName: string;
  /** Written to the agent's standard input, which is then closed: the agent runs on pipes, not a PTY. */
  stdin?: string;
}

export function spawnAgentProcess(opts: SpawnAgentOptions): AgentProcess {
  return opts.stdin === undefined ? spawnInPty(opts) : spawnOnPipes(opts, opts.stdin);
}

function spawnInPty(opts: SpawnAgentOptions): AgentProcess {
  const pty: IPty = spawnPty(opts.file, opts.args, {
    name: opts.termName,
    cols: opts.cols,
    rows: opts.rows,
    cwd: opts.cwd,
    env: opts.env,
    encoding: null, // raw Buffers: bytes are logged exactly as the agent wrote them
  });
  return {
    pid: pty.pid,
    onData(cb) {
      // node-pty types data as string; with encoding null it delivers Buffers.
      pty.onData((data: string | Buffer) => cb(typeof data === 'string' ? Buffer.from(data) : data));
      drainPtyBeforeClose(pty, cb);
    },
    onExit: (cb) => pty.onExit(({ exitCode, signal }) => cb({ exitCode, signal: signal || undefined })),
    write: (data) => pty.write(data),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
  };
}

const LF = 0x0a;
/** How long the output pipes may stay open after the agent exited (a background child holding them). */
const PIPE_DRAIN_AFTER_EXIT_MS = 2000;

/** What a PTY's output processing (onlcr) does, so the log reads the same as under a terminal. */
function lfToCrlf(chunk: Buffer): Buffer {
  let count = 0;
  for (const byte of chunk) if (byte === LF) count += 1;
  if (count === 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length + count);
  let j = 0;
  for (const byte of chunk) {
    if (byte === LF) out[j++] = 0x0d;
    out[j++] = byte;
  }
  return out;
}

function spawnOnPipes(opts: SpawnAgentOptions, stdin: string): AgentProcess {
  // Its own process group (detached), so stop signals the agent and everything it started.
  const child = spawnChild(opts.file, opts.args, {
    cwd: opts.cwd,
    env: opts.env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) {
    // spawn reports ENOENT/EACCES asynchronously; the program was resolved before, so this is rare.
    throw new Error('the operating system did not start the process');
  }
  // After a successful spawn an 'error' can only be a failed kill; 'close' still reports the exit.
  child.on('error', (err) => process.stderr.write(`switchyard runner: ${err.message}\n`));
  child.stdin.on('error', () => undefined); // EPIPE: the agent exited without reading everything
  child.stdin.end(stdin);
  const streams = [child.stdout, child.stderr];
  return {
    pid: child.pid,
    onData(cb) {
      for (const s of streams) s.on('data', (chunk: Buffer) => cb(lfToCrlf(chunk)));
    },
    onExit(cb) {
      let reported = false;
      const report = (code: number | null, signal: NodeJS.Signals | null) => {
        if (reported) return;
        reported = true;
        cb({ exitCode: code ?? 0, signal: signal ? osConstants.signals[signal] : undefined });
      };
      // 'close' comes after both output pipes ended: no byte is lost after the exit is reported.
      child.on('close', report);
      child.on('exit', (code, signal) => {
        // Something the agent started in the background may hold its output open: hang it up as a
        // terminal would when its leader exits, and stop waiting for the pipes.
        setTimeout(() => {
          if (reported) return;
          try {
            process.kill(-(child.pid as number), 'SIGHUP');
          } catch {
            // the group is gone already
          }
          for (const s of streams) s.destroy();
          report(code, signal);
        }, PIPE_DRAIN_AFTER_EXIT_MS);
      });
    },
    write: () => undefined, // a headless agent takes no input after its task
    resize: () => undefined,
    pause: () => {
      for (const s of streams) s.pause();
    },
    resume: () => {
      for (const s of streams) s.resume();
    },
  };
}
