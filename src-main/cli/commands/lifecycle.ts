// Session lifecycle commands: start, stop, resume, delete, wait, and the hidden run-session.
import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SESSION_MODES } from '../../engine/model';
import type { SessionMode } from '../../engine/model';
import { startSession } from '../../engine/sessions/create';
import { deleteSession, reconcileSessions, resumeSession, stopSession, stopSessionWithCleanup, waitForSession } from '../../engine/sessions/lifecycle';
import { runSession } from '../../engine/sessions/run';
import { CliError, UsageError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

interface StartOptions {
  task?: string;
  taskFile?: string;
  agent?: string;
  profile?: string;
  mode?: SessionMode;
  worktree?: boolean;
  base?: string;
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

function readTask(opts: StartOptions, cwd: string): string {
  if (opts.task !== undefined && opts.taskFile !== undefined) throw new UsageError('give the task with --task or --task-file, not both');
  if (opts.taskFile === undefined) {
    if (opts.task === undefined) throw new UsageError('start needs a task: --task "..." or --task-file FILE');
    return opts.task;
  }
  const file = opts.taskFile === '-' ? 0 : resolve(cwd, opts.taskFile);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the task file ${opts.taskFile}: ${(error as Error).message}`);
  }
}

export function registerLifecycleCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('start')
    .description('Start an agent session under a detached runner')
    .option('-t, --task <task>', 'what the agent should do')
    .option('--task-file <file>', 'read the task from a file (`-` for standard input)')
    .option('-a, --agent <agent>', 'claude, codex, opencode, gemini, a configured harness runner, or auto')
    .option('--profile <name>', 'agent profile from the config')
    .addOption(new Option('--mode <mode>', 'headless (one-shot) or interactive (the agent TUI)').choices(SESSION_MODES))
    .option('-w, --worktree', 'run in a new git worktree')
    .option('--no-worktree', 'run in the working directory itself')
    .option('--base <branch>', 'branch the worktree starts from and merges back into (default: the current branch)')
    .option('--from-session <id>', 'inherit project, task group and profile from this session and hand the task over from it')
    .option('--project <label>', 'project label (default: the folder name)')
    .option('--task-group <label>', 'task group label (default: the task)')
    .option('--cwd <dir>', 'working directory (default: the current directory)')
    .option('--over-budget', 'start even though a hard budget (token_budget, cost_budget_usd) is spent')
    .option('--json', 'print the session as JSON')
    .action(async (opts: StartOptions & { overBudget?: boolean }) => {
      const c = ctx();
      const cwd = resolve(c.cwd, opts.cwd ?? '.');
      const deps = c.sessionDeps();
      deps.runner.cwd = cwd;
      const session = await startSession(deps, {
        task: readTask(opts, c.cwd),
        cwd,
        agent: opts.agent,
        profile: opts.profile,
        mode: opts.mode,
        worktree: opts.worktree,
        baseBranch: opts.base,
        fromSession: opts.fromSession,
        project: opts.project,
        taskGroup: opts.taskGroup,
        ...(opts.overBudget ? { overBudget: true } : {}),
      });
      if (opts.json) return printJson(c.io, session);
      if (session.state === 'pending' && !session.worktree && session.stateReason) {
        return c.io.out(`Queued ${session.id} (${session.agentType}): ${session.stateReason}`);
      }
      const where = session.worktree ? `worktree ${session.worktree.path} (branch ${session.worktree.branch} from ${session.worktree.baseBranch})` : session.workingDir;
      c.io.out(`Started ${session.id} (${session.agentType}, ${session.mode}) in ${where}\n  follow it: switchyard attach ${session.id}    wait for it: switchyard wait ${session.id}`);
    });

  program
    .command('stop')
    .description('Stop a session (SIGTERM to its process group, SIGKILL after a grace period)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--cleanup', 'also remove the session worktree (a branch with unmerged commits is kept)')
    .option('--json', 'print the session as JSON')
    .action(async (id: string, opts: { cleanup?: boolean; json?: boolean }) => {
      const c = ctx();
      if (!opts.cleanup) {
        const session = await stopSession(c.sessionDeps(), id);
        if (opts.json) return printJson(c.io, session);
        return c.io.out(`Stopped ${session.id}.`);
      }
      const outcome = await stopSessionWithCleanup(c.sessionDeps(), id);
      if (opts.json) return printJson(c.io, { ...outcome.session, cleanup: outcome.worktree, activated: outcome.activated });
      const lines = [`Stopped ${outcome.session.id}.`];
      if (outcome.worktree?.removedPath) lines.push('Removed its worktree.');
      if (outcome.worktree?.kept) lines.push(`Note: ${outcome.worktree.kept}`);
      if (outcome.activated.started.length) lines.push(`Started queued session(s): ${outcome.activated.started.join(', ')}`);
      c.io.out(lines.join('\n'));
    });

  program
    .command('resume')
    .description("Run a failed or stopped session again, continuing the agent's own conversation (never re-sending the task)")
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--prompt <text>', 'a follow-up for the agent (needed to continue a completed session)')
    .option('--over-budget', 'resume even though a hard budget (global, or its profile\'s) is spent')
    .option('--json', 'print the session as JSON')
    .action(async (id: string, opts: { json?: boolean; prompt?: string; overBudget?: boolean }) => {
      const c = ctx();
      const session = await resumeSession(c.sessionDeps(), id, { prompt: opts.prompt, overBudget: opts.overBudget });
      if (opts.json) return printJson(c.io, session);
      c.io.out(`Resumed ${session.id}.`);
    });

  program
    .command('delete')
    .description('Delete an inactive session, its worktree, output log and messages (refused while its worktree holds work, unless --force)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--force', 'also discard the worktree\'s uncommitted, untracked and unmerged work')
    .action(async (id: string, opts: { force?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(id);
      const outcome = await deleteSession(c.sessionDeps(), session.id, { force: opts.force });
      const lines = [`Deleted ${session.id}.`];
      if (outcome.worktree?.kept) lines.push(`Note: ${outcome.worktree.kept}`);
      if (outcome.activated.started.length) lines.push(`Started queued session(s): ${outcome.activated.started.join(', ')}`);
      c.io.out(lines.join('\n'));
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
    // Ignored: the runner reads the task from the session's row. Still accepted so a runner command
    // written by an older build (which put the task in argv, visible in `ps`) keeps working.
    .option('--task <task>')
    .option('--agent <agent>')
    .option('--cwd <dir>')
    .action(async (opts: { sessionId: string }) => {
      const c = ctx();
      const result = await runSession(c.sessionDeps(), { sessionId: opts.sessionId, log: (line) => c.io.err(line) });
      if (!result.ran && !result.reason.startsWith('Skipping')) throw new CliError(result.reason);
    });
}
