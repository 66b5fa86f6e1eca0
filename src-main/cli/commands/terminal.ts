// `logs` and `attach`: a session's output from the shell. `logs` replays it from the start (readable,
// see logs-view.ts; `logs --raw` gives the terminal bytes); `attach` shows the screen as it is now
// (a snapshot with bounded scrollback when the log is long, see the runner's snapshot.ts) and then
// live output from exactly where the snapshot ends.
//
// The replay holds the terminal queries the agent sent long ago (cursor position, device
// attributes, colours...). A real terminal answers them by "typing" the reply, so replayed bytes
// pass through a QueryFilter first: the terminal never sees a stale query, and nothing it types
// reaches the agent except what the user types. Live queries pass through while the runner says
// this terminal is the one answering (mode frames, see the runner's PROTOCOL.md).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Session } from '../../engine/model';
import { TERMINAL_STATES, reconcileSessions } from '../../engine/sessions/lifecycle';
import { QueryFilter, connectRunner, planAttach, readLogFrom, stripTerminalQueries } from '../../engine/runner';
import type { OutputHandler, RunnerClient } from '../../engine/runner';
import type { CliContext } from '../context';
import type { ContextFactory } from '../program';
import { followReadable, printLogText, printReadableLog } from './logs-view';

const DETACH_KEY = 0x1d; // Ctrl-]

async function connectIfRunning(c: CliContext, session: Session): Promise<RunnerClient | null> {
  const socket = c.store().getOutputLog(session.id)?.socketPath;
  if (!socket || !existsSync(socket)) return null;
  try {
    return await connectRunner(socket);
  } catch {
    return null; // the runner finished between the lookup and the connect
  }
}

/** How long a session said to be running may go without its runner's socket before we read the log instead. */
const RUNNER_SOCKET_WAIT_MS = 5000;

/**
 * For `logs -f` and `attach`: the runner of a session that was just started (or is still queued)
 * may not listen yet, and reading the log then would show only its first lines and stop. So this
 * waits while the session is pending, and briefly while it is running without a socket; a session
 * that ended, or whose runner never shows up, is read from its log.
 */
async function connectWhenRunning(c: CliContext, session: Session): Promise<RunnerClient | null> {
  let noted = false;
  let runningSince: number | null = null;
  for (;;) {
    const client = await connectIfRunning(c, session);
    if (client) return client;
    let now = c.store().getSession(session.id);
    // A session said to be live without a socket may have a dead runner: reconcile marks it failed.
    // A queued one (pending, no runner yet) needs no liveness check while it waits.
    if (now && (now.state !== 'pending' || now.runnerPid !== null)) {
      await reconcileSessions(c.sessionDeps());
      now = c.store().getSession(session.id);
    }
    if (!now || TERMINAL_STATES.includes(now.state)) return null;
    if (now.state === 'pending') {
      if (!noted) c.io.err(`[session ${session.id} is waiting to start; following it once it does (Ctrl-C to stop)]`);
      noted = true;
    } else {
      runningSince ??= Date.now();
      if (Date.now() - runningSince > RUNNER_SOCKET_WAIT_MS) return null;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function printLog(c: CliContext, session: Session): Promise<void> {
  const log = c.store().getOutputLog(session.id);
  if (!log || !existsSync(log.logPath)) return;
  const bytes = await readLogFrom(log.logPath, 0);
  // A terminal would answer the saved queries into the user's shell; a pipe gets the log as is.
  process.stdout.write(process.stdout.isTTY ? stripTerminalQueries(bytes) : bytes);
}

/** Writes runner output to stdout, removing the queries this terminal must not answer. */
function terminalWriter(filterQueries: boolean): { onOutput: OutputHandler; end: () => void } {
  if (!filterQueries) return { onOutput: (chunk) => void process.stdout.write(chunk), end: () => undefined };
  const filter = new QueryFilter();
  return {
    onOutput: (chunk, _offset, mode) => {
      const out = filter.push(chunk, mode.live && mode.answering);
      if (out.length) process.stdout.write(out);
    },
    end: () => {
      const rest = filter.flush();
      if (rest.length) process.stdout.write(rest);
    },
  };
}

function exitLine(id: string, info: { exitCode: number | null; signal: string | null }): string {
  return info.signal ? `[session ${id} killed by ${info.signal}]` : `[session ${id} exited with code ${info.exitCode}]`;
}

export function registerTerminalCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('logs')
    .description("Print a session's output from the start: a headless session's conversation, an interactive session's text (or its last screen)")
    .argument('<session>', 'session id, prefix or `latest`')
    .option('-f, --follow', 'keep printing live output until the session ends')
    .option('--raw', 'print the log as the agent wrote it (on a terminal, without the terminal queries it saved)')
    .option('--text', 'print the whole log as plain text, escape sequences stripped (the lines "Search all output" numbers)')
    .action(async (id: string, opts: { follow?: boolean; raw?: boolean; text?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(id);
      const client = opts.follow ? await connectWhenRunning(c, session) : null;
      if (!client) {
        if (opts.raw) return printLog(c, session);
        const log = c.store().getOutputLog(session.id);
        if (!log) return undefined;
        return opts.text ? printLogText(log.logPath) : printReadableLog(c, session, log.logPath);
      }
      if (!opts.raw) {
        await followReadable(session, client, () => c.store().getSession(session.id) ?? session);
        client.close();
        return;
      }
      // Not a terminal client: it never answers (stdin is not read), so the runner does.
      const writer = terminalWriter(process.stdout.isTTY === true);
      await new Promise<void>((resolve) => {
        client.attach(0, writer.onOutput, () => resolve());
      });
      writer.end();
      client.close();
    });

  program
    .command('attach')
    .description('Open a live terminal on a session (detach with Ctrl-])')
    .argument('<session>', 'session id, prefix or `latest`')
    .action(async (id: string) => {
      const c = ctx();
      const session = c.resolveSession(id);
      const client = await connectWhenRunning(c, session);
      if (!client) {
        await printLog(c, session);
        const state = c.store().getSession(session.id)?.state ?? session.state;
        c.io.err(`[session ${session.id} is not running (${state}); showing its saved output]`);
        return;
      }
      const stdin = process.stdin;
      const interactive = stdin.isTTY === true;
      c.io.err(`[attached to ${session.id}; detach with Ctrl-]]`);
      const writer = terminalWriter(true);
      const logPath = c.store().getOutputLog(session.id)?.logPath;
      const start = async (attachFrom: (offset: number) => void) => {
        const size = { cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
        // A snapshot that cannot be made (an unreadable log) leaves the whole replay.
        const plan = logPath ? await planAttach(client, logPath, size).catch(() => null) : null;
        if (plan?.snapshot) process.stdout.write(plan.snapshot.data);
        attachFrom(plan?.fromOffset ?? 0);
      };
      await new Promise<void>((resolve) => {
        const finish = (line: string) => {
          writer.end();
          if (interactive) stdin.setRawMode(false);
          stdin.pause();
          process.off('SIGWINCH', onResize);
          c.io.err(line);
          resolve();
        };
        const onResize = () => client.resize(process.stdout.columns || 80, process.stdout.rows || 24);
        if (interactive) stdin.setRawMode(true);
        stdin.resume();
        stdin.on('data', (data: Buffer) => {
          const at = data.indexOf(DETACH_KEY);
          if (at >= 0) {
            if (at > 0) client.input(data.subarray(0, at));
            finish(`[detached from ${session.id}; it keeps running]`);
            return;
          }
          client.input(data);
        });
        // The screen first (drawn at the PTY's size), then live output from where it ends; the
        // terminal is resized to this one once the screen is drawn.
        void start((fromOffset) => {
          process.on('SIGWINCH', onResize);
          if (process.stdout.isTTY) onResize();
          // Only an interactive terminal sends its replies back (stdin is the terminal): then it may answer.
          client.attach(fromOffset, writer.onOutput, (info) => finish(exitLine(session.id, info)), { terminal: interactive && process.stdout.isTTY === true });
        }).catch((error: unknown) => finish(`[could not attach to ${session.id}: ${error instanceof Error ? error.message : String(error)}]`));
      });
      client.close();
    });
}
