// Closing a session's loop by hand: `commit` its work, `allow` what it was denied and re-run it,
// and `clean-merged` worktrees whose work is all in their base.
import type { Command } from 'commander';
import { allowDeniedAndRerun } from '../../engine/sessions/allow';
import { activatePendingWorktreeSessions, cleanUpMergedWorktrees, commitSessionWork } from '../../engine/worktrees';
import { CliError, UsageError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

function parseIds(value: string): number[] {
  const ids = value.split(',').map((v) => Number(v.trim()));
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError(`--only expects denial ids such as 3 or 3,4 (see \`switchyard status ID\`), found "${value}"`);
  return ids;
}

export function registerWorkCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('commit')
    .description("Commit a session's uncommitted work (new files included, ignored files not) on its branch, in its worktree")
    .argument('<session>', 'session id, prefix or `latest`')
    .option('-m, --message <text>', 'commit message (default: the task, then the agent\'s final summary)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { message?: string; json?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(ref);
      const outcome = await commitSessionWork(c.sessionDeps(), session.id, { message: opts.message });
      if (opts.json) {
        printJson(c.io, outcome);
        if (!outcome.result.committed) process.exitCode = 1;
        return;
      }
      const r = outcome.result;
      if (!r.committed) throw new CliError(`Nothing to commit: the worktree of ${session.id} has no changes (branch ${outcome.branch} is unchanged)`);
      const lines = [`Committed ${r.files.length} file(s) on ${outcome.branch} as ${r.sha.slice(0, 12)} (author ${r.identity.name} <${r.identity.email}>).`];
      if (r.note) lines.push(`Note: ${r.note}`);
      c.io.out(lines.join('\n'));
    });

  program
    .command('allow')
    .description('Re-run a finished session allowing the actions its permission rules denied (resumes its conversation)')
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--only <ids>', 'allow only these denials (comma-separated ids from `switchyard status`)')
    .option('--over-budget', 're-run even though a hard budget is spent')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { only?: string; json?: boolean; overBudget?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(ref);
      const outcome = await allowDeniedAndRerun(c.sessionDeps(), session.id, { ids: opts.only ? parseIds(opts.only) : undefined, overBudget: opts.overBudget });
      if (opts.json) return printJson(c.io, outcome);
      c.io.out(`Re-running ${session.id} allowing: ${outcome.rules.join(', ')}.`);
    });

  program
    .command('clean-merged')
    .description('Remove the worktrees and branches of finished sessions whose work is all in their base (merged, or no changes)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const deps = c.sessionDeps();
      const outcome = await cleanUpMergedWorktrees(deps);
      const activated = await activatePendingWorktreeSessions(deps);
      if (opts.json) return printJson(c.io, { ...outcome, activated });
      const lines: string[] = [];
      if (outcome.cleanedSessionIds.length) lines.push(`Removed the worktrees of: ${outcome.cleanedSessionIds.join(', ')}`);
      for (const s of outcome.skipped) lines.push(`Kept ${s.sessionId}: ${s.reason}`);
      c.io.out(lines.length ? lines.join('\n') : 'No merged worktrees to clean up.');
    });
}
