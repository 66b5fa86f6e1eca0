// `logs` and `attach`: a session's terminal output from the shell, replayed from the start.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Session } from '../../engine/model';
import { connectRunner, readLogFrom } from '../../engine/runner';
import type { RunnerClient } from '../../engine/runner';
import type { CliContext } from '../context';
import type { ContextFactory } from '../program';

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

async function printLog(c: CliContext, session: Session): Promise<void> {
  const log = c.store().getOutputLog(session.id);
  if (!log || !existsSync(log.logPath)) return;
  process.stdout.write(await readLogFrom(log.logPath, 0));
}

function exitLine(id: string, info: { exitCode: number | null; signal: string | null }): string {
  return info.signal ? `[session ${id} killed by ${info.signal}]` : `[session ${id} exited with code ${info.exitCode}]`;
}

export function registerTerminalCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('logs')
    .description("Print a session's terminal output from the start")
    .argument('<session>', 'session id, prefix or `latest`')
    .option('-f, --follow', 'keep printing live output until the session ends')
    .action(async (id: string, opts: { follow?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(id);
      const client = opts.follow ? await connectIfRunning(c, session) : null;
      if (!client) return printLog(c, session);
      await new Promise<void>((resolve) => {
        client.attach(0, (chunk) => void process.stdout.write(chunk), () => resolve());
      });
      client.close();
    });

  program
    .command('attach')
    .description('Open a live terminal on a session (detach with Ctrl-])')
    .argument('<session>', 'session id, prefix or `latest`')
    .action(async (id: string) => {
      const c = ctx();
      const session = c.resolveSession(id);
      const client = await connectIfRunning(c, session);
      if (!client) {
        await printLog(c, session);
        c.io.err(`[session ${session.id} is not running (${session.state}); showing its saved output]`);
        return;
      }
      const stdin = process.stdin;
      const interactive = stdin.isTTY === true;
      c.io.err(`[attached to ${session.id}; detach with Ctrl-]]`);
      await new Promise<void>((resolve) => {
        const finish = (line: string) => {
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
        process.on('SIGWINCH', onResize);
        if (process.stdout.isTTY) onResize();
        client.attach(0, (chunk) => void process.stdout.write(chunk), (info) => finish(exitLine(session.id, info)));
      });
      client.close();
    });
}
