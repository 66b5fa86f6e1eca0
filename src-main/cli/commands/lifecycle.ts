// Session lifecycle commands: start, stop, resume, delete, wait, and the hidden run-session.
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { SESSION_MODES } from '../../engine/model';
import type { SessionMode } from '../../engine/model';
import { startSession } from '../../engine/sessions/create';
import { deleteSession, reconcileSessions, resumeSession, stopSession, waitForSession } from '../../engine/sessions/lifecycle';
import { runSession } from '../../engine/sessions/run';
import { CliError, UsageError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

interface StartOptions {
  task: string;
  agent?: string;
  profile?: string;
  mode?: SessionMode;
  worktree?: boolean;
  fromSession?: string;
  project?: string;
  taskGroup?: string;
  cwd?: string;
  json?: boolean;
}

function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} expects a number of seconds, found "${value}"`);
    return n;
  };
}

export function registerLifecycleCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('start')
    .description('Start an agent session under a detached runner')
    .requiredOption('-t, --task <task>', 'what the agent should do')
    .option('-a, --agent <agent>', 'claude, codex, opencode, gemini, a configured harness runner, or auto')
    .option('--profile <name>', 'agent profile from the config')
    .addOption(new Option('--mode <mode>', 'headless (one-shot) or interactive (the agent TUI)').choices(SESSION_MODES))
    .option('-w, --worktree', 'run in a new git worktree')
    .option('--no-worktree', 'run in the working directory itself')
    .option('--from-session <id>', 'inherit project, task group and profile from this session and hand the task over from it')
    .option('--project <label>', 'project label (default: the folder name)')
    .option('--task-group <label>', 'task group label (default: the task)')
    .option('--cwd <dir>', 'working directory (default: the current directory)')
    .option('--json', 'print the session as JSON')
    .action(async (opts: StartOptions) => {
      const c = ctx();
      const cwd = resolve(c.cwd, opts.cwd ?? '.');
      const deps = c.sessionDeps();
      deps.runner.cwd = cwd;
      const session = await startSession(deps, {
        task: opts.task,
        cwd,
        agent: opts.agent,
        profile: opts.profile,
        mode: opts.mode,
        // Worktrees arrive with the worktree manager; until then an explicit --worktree is refused.
        worktree: opts.worktree,
        fromSession: opts.fromSession,
        project: opts.project,
        taskGroup: opts.taskGroup,
      });
      if (opts.json) return printJson(c.io, session);
      c.io.out(`Started ${session.id} (${session.agentType}, ${session.mode}) in ${session.workingDir}\n  follow it: switchyard attach ${session.id}    wait for it: switchyard wait ${session.id}`);
    });

  program
    .command('stop')
    .description('Stop a session (SIGTERM to its process group, SIGKILL after a grace period)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--cleanup', 'also remove the session worktree')
    .option('--json', 'print the session as JSON')
    .action(async (id: string, opts: { cleanup?: boolean; json?: boolean }) => {
      const c = ctx();
      if (opts.cleanup && c.resolveSession(id).worktree) {
        throw new CliError('removing worktrees is not available in this build yet; stop without --cleanup');
      }
      const session = await stopSession(c.sessionDeps(), id);
      if (opts.json) return printJson(c.io, session);
      c.io.out(`Stopped ${session.id}.`);
    });

  program
    .command('resume')
    .description('Run a failed or stopped session again (Claude resumes its conversation)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--json', 'print the session as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const c = ctx();
      const session = await resumeSession(c.sessionDeps(), id);
      if (opts.json) return printJson(c.io, session);
      c.io.out(`Resumed ${session.id}.`);
    });

  program
    .command('delete')
    .description('Delete an inactive session, its output log and its messages')
    .argument('<session>', 'session id, prefix or `latest`')
    .action((id: string) => {
      const c = ctx();
      const session = c.resolveSession(id);
      deleteSession(c.sessionDeps(), session.id);
      c.io.out(`Deleted ${session.id}.`);
    });

  program
    .command('wait')
    .description('Wait until a session completes, fails or is stopped (exit 0), or time out (exit 1)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--timeout <seconds>', 'give up after this many seconds', seconds('--timeout'))
    .option('--json', 'print the session as JSON when done')
    .action(async (id: string, opts: { timeout?: number; json?: boolean }) => {
      const c = ctx();
      const target = c.resolveSession(id);
      const { done, session } = await waitForSession(c.sessionDeps(), target.id, (opts.timeout ?? Number.POSITIVE_INFINITY) * 1000);
      if (opts.json) printJson(c.io, session);
      if (!done) throw new CliError(`timed out after ${opts.timeout}s; session ${session.id} is still ${session.state}`);
      if (!opts.json) c.io.out(`${session.id} ${session.state}${session.stateReason ? `: ${session.stateReason}` : ''}`);
    });

  program
    .command('reconcile', { hidden: true })
    .description('Mark sessions whose runner is gone as failed')
    .action(async () => {
      const c = ctx();
      const failed = await reconcileSessions(c.sessionDeps());
      c.io.out(failed.length ? `Marked failed: ${failed.join(', ')}` : 'Nothing to reconcile.');
    });

  program
    .command('run-session', { hidden: true })
    .description('Run one session (started by `switchyard start`; not for direct use)')
    .requiredOption('--session-id <id>')
    .option('--task <task>')
    .option('--agent <agent>')
    .option('--cwd <dir>')
    .action(async (opts: { sessionId: string }) => {
      const c = ctx();
      const result = await runSession(c.sessionDeps(), { sessionId: opts.sessionId, log: (line) => c.io.err(line) });
      if (!result.ran && !result.reason.startsWith('Skipping')) throw new CliError(result.reason);
    });
}
