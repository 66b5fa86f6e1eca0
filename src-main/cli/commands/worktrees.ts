// Worktree and merge-queue commands: worktree-status, merge-worktree, rebase-worktree, merge-queue,
// prune-worktrees. Outcomes (blocked, conflicted, kept) are printed, not thrown; refusals exit 1.
import type { Command } from 'commander';
import { buildMergeQueue, landBranch, mergeReadyWorktrees, scratchWorktrees, withChecks } from '../../engine/merge-queue';
import type { MergeQueueEntry, MergeQueueReport, WorktreeBulkMergeOutcome } from '../../engine/merge-queue';
import type { MergeCheckRecord } from '../../engine/store/merge-checks';
import type { Session } from '../../engine/model';
import type { SessionDeps } from '../../engine/sessions/deps';
import type { Store } from '../../engine/store';
import {
  activatePendingWorktreeSessions,
  checkMergeTarget,
  gitOf,
  sessionAtPath,
  pruneInactiveWorktrees,
  rebaseSessionWorktree,
  worktreeStatus,
} from '../../engine/worktrees';
import type { ActivationOutcome, WorktreeStatusReport } from '../../engine/worktrees';
import { CliError, UsageError } from '../errors';
import type { CliIO } from '../io';
import { printJson } from '../io';
import type { ContextFactory } from '../program';
import { checkedLines, checkLine, registerMergeCheckCommands, runCheckedApply, runCheckOne } from './merge-checks';

function activatedLine(a: ActivationOutcome): string[] {
  const lines: string[] = [];
  if (a.started.length) lines.push(`Started queued session(s) in the freed worktree slots: ${a.started.join(', ')}`);
  for (const f of a.failed) lines.push(`Queued session ${f.sessionId} failed to start: ${f.reason}`);
  return lines;
}

function renderStatus(r: WorktreeStatusReport): string {
  const lines = [`${r.sessionId} [${r.state}] ${r.branch} -> ${r.baseBranch}`, `  path:   ${r.path}${r.exists ? '' : ' (missing)'}`];
  if (r.exists) {
    lines.push(`  health: ${r.health}${r.dirty ? ', uncommitted changes' : ''}; ${r.ahead} ahead, ${r.behind} behind ${r.baseBranch}`);
    if (r.diffStat.branch) lines.push(`  branch: ${r.diffStat.branch}`);
    if (r.diffStat.workingTree) lines.push(`  uncommitted: ${r.diffStat.workingTree}`);
    lines.push(`  merge:  ${r.readiness.summary}`);
  }
  lines.push(`  next:   ${r.advice}`);
  if (r.patch) lines.push('', r.patch);
  return lines.join('\n');
}

function renderEntry(e: MergeQueueEntry): string {
  const head = e.readyToMerge ? `#${e.queuePosition} ${e.sessionId}` : e.sessionId;
  const lines = [`  ${head}  ${e.branch} -> ${e.baseBranch}  [${e.state}, ${e.worktreeHealth}${e.dirty ? ', dirty' : ''}]  ${e.suggestedAction}`];
  for (const b of e.blockedBy) {
    if (b.sessionId !== e.sessionId) lines.push(`      blocked by ${b.sessionId} (${b.branch}): ${b.conflicts.join(', ')}`);
    else if (b.conflicts.length) lines.push(`      conflicts with ${e.baseBranch}: ${b.conflicts.join(', ')}`);
  }
  return lines.join('\n');
}

type CheckedEntry = MergeQueueEntry & { check: MergeCheckRecord | null; checkCommand: string | null; checkRefusal: string | null };

function renderQueue(
  io: CliIO,
  report: { readyEntries: CheckedEntry[]; blockedEntries: CheckedEntry[] },
  store: Store,
  held: readonly { problem: string; sessionIds: string[] }[] = [],
): void {
  if (!report.readyEntries.length && !report.blockedEntries.length) return io.out('No session worktrees to merge.');
  const lines: string[] = [];
  const entry = (e: CheckedEntry) => {
    let check = checkLine(e.check);
    if (e.checkRefusal) check = `refused: ${e.checkRefusal}`;
    else if (e.checkCommand === null && (!e.check || e.check.state === 'unchecked')) check = 'check: unchecked (no merge_queue.check_command)';
    else if (!check) check = `check: not run yet (${e.checkCommand})`;
    return `${renderEntry(e)}\n      ${check}`;
  };
  if (report.readyEntries.length) lines.push('Ready to merge, in order:', ...report.readyEntries.map(entry));
  if (report.blockedEntries.length) lines.push('Blocked:', ...report.blockedEntries.map(entry));
  // Ready in themselves, but the checkout holding their base cannot take a merge now: said once.
  for (const h of held) lines.push(`Not mergeable now (${h.sessionIds.join(', ')}): ${h.problem}`);
  for (const s of scratchWorktrees(store)) lines.push(`Scratch worktree (${s.kind}, ${s.state.replace('_', ' ')}) of ${s.sessionId}: ${s.path}`);
  io.out(lines.join('\n'));
}

/** The ready entries whose base's checkout is dirty, busy or missing, grouped by the problem. */
async function heldByCheckout(deps: SessionDeps, report: MergeQueueReport): Promise<{ problem: string; sessionIds: string[] }[]> {
  const held = new Map<string, string[]>();
  const sessionAt = sessionAtPath(deps);
  for (const e of report.readyEntries) {
    const wt = deps.store.getSession(e.sessionId)?.worktree;
    if (!wt) continue;
    const problem = await checkMergeTarget(gitOf(deps), wt, { sessionAt })
      .then((c) => c.problem)
      .catch(() => null);
    if (problem) held.set(problem, [...(held.get(problem) ?? []), e.sessionId]);
  }
  return [...held].map(([problem, sessionIds]) => ({ problem, sessionIds }));
}

function renderBulk(io: CliIO, o: WorktreeBulkMergeOutcome, activated: ActivationOutcome, checked: string[] = []): void {
  const lines: string[] = [...checked];
  for (const m of o.merged) lines.push(`Merged ${m.sessionId} (${m.branch} -> ${m.baseBranch})${m.alreadyUpToDate ? ', already up to date' : ''}${m.cleanedWorktree ? '; worktree removed' : ''}${m.keptReason ? `; ${m.keptReason}` : ''}`);
  for (const r of o.rebased) lines.push(`Rebased ${r.sessionId} onto ${r.baseBranch}`);
  if (o.conflictedSessionIds.length) lines.push(`Conflicted (rebase and resolve by hand): ${o.conflictedSessionIds.join(', ')}`);
  if (o.dirtyWorktreeIds.length) lines.push(`Uncommitted changes (commit them with \`switchyard commit ID\`, or discard them): ${o.dirtyWorktreeIds.join(', ')}`);
  if (o.nothingToMergeIds.length) lines.push(`Nothing to merge (no changes, or merged already; \`switchyard clean-merged\` removes them): ${o.nothingToMergeIds.join(', ')}`);
  if (o.activeWithWorktreeIds.length) lines.push(`Still active (wait or stop them): ${o.activeWithWorktreeIds.join(', ')}`);
  if (o.blockedByQueueSessionIds.length) lines.push(`Waiting behind other branches: ${o.blockedByQueueSessionIds.join(', ')}`);
  for (const b of o.checkoutBlocked ?? []) lines.push(`Not merged (${b.sessionIds.length} ready): ${b.problem}`);
  for (const f of o.failures) lines.push(`Failed ${f.sessionId}: ${f.reason}`);
  lines.push(...activatedLine(activated));
  io.out(lines.length ? lines.join('\n') : 'Nothing to merge.');
}

export function registerWorktreeCommands(program: Command, ctx: ContextFactory): void {
  registerMergeCheckCommands(program, ctx);
  program
    .command('worktree-status')
    .description("Show a session worktree's health, diff and merge readiness (read-only)")
    .argument('[session]', 'session id, prefix or `latest` (default: latest)')
    .option('--all', 'every session with a worktree')
    .option('--patch', 'include the patch preview')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { all?: boolean; patch?: boolean; json?: boolean }) => {
      const c = ctx();
      if (opts.all && ref) throw new UsageError('pass a session or --all, not both');
      const deps = c.sessionDeps();
      let sessions: Session[];
      if (opts.all) sessions = c.store().listSessions().filter((s) => s.worktree);
      else {
        const session = c.resolveSession(ref ?? 'latest');
        if (!session.worktree) throw new CliError(`Session ${session.id} has no attached worktree (start one with \`switchyard start --worktree\`)`);
        sessions = [session];
      }
      const reports: WorktreeStatusReport[] = [];
      for (const s of sessions) reports.push(await worktreeStatus(deps, s, { patch: opts.patch }));
      if (opts.json) return printJson(c.io, opts.all ? reports : reports[0]);
      c.io.out(reports.length ? reports.map(renderStatus).join('\n\n') : 'No session worktrees.');
    });

  program
    .command('merge-worktree')
    .description("Merge a stopped session's branch into its base branch where that is checked out (the repository root, or its lead's worktree)")
    .argument('[session]', 'session id, prefix or `latest`')
    .option('--all', 'merge every ready worktree (in merge-queue order, with auto-rebase)')
    .option('--keep-worktree', 'keep the worktree and branch after merging')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { all?: boolean; keepWorktree?: boolean; json?: boolean }) => {
      const c = ctx();
      if (!ref && !opts.all) throw new UsageError('pass a session id (or `latest`) or --all');
      if (ref && opts.all) throw new UsageError('pass a session or --all, not both');
      const deps = c.sessionDeps();
      if (opts.all && !opts.keepWorktree) {
        // The queue with auto-rebase, and with checks where a repository has a check command.
        const { outcome, finished, scratch } = await runCheckedApply(c);
        const activated = await activatePendingWorktreeSessions(deps);
        if (opts.json) return printJson(c.io, { ...outcome, resolversFinished: finished, scratchWorktrees: scratch, activated });
        return renderBulk(c.io, outcome, activated, checkedLines(outcome, finished));
      }
      if (opts.all) {
        const outcome = await mergeReadyWorktrees(deps, { cleanup: false });
        const activated = await activatePendingWorktreeSessions(deps);
        if (opts.json) return printJson(c.io, { ...outcome, activated });
        return renderBulk(c.io, outcome, activated);
      }
      const session = c.resolveSession(ref ?? 'latest');
      // With a check command, the branch lands only after passing it on the merged tree.
      const landed = await landBranch(deps, session.id, { cleanup: !opts.keepWorktree });
      if (!landed.landed || !landed.merge) throw new CliError(`${session.id} was not merged: ${landed.message}`);
      const outcome = landed.merge;
      const activated = await activatePendingWorktreeSessions(deps);
      if (opts.json) return printJson(c.io, { ...outcome, check: landed.result === 'unchecked' ? null : landed.record, activated });
      const tail = outcome.alreadyUpToDate ? ' (already up to date)' : '';
      c.io.out([`Merged ${outcome.branch} into ${outcome.baseBranch}${tail}${outcome.cleanedWorktree ? '; worktree and branch removed' : ''}${outcome.keptReason ? `; ${outcome.keptReason}` : ''}.`, ...activatedLine(activated)].join('\n'));
    });

  program
    .command('rebase-worktree')
    .description("Rebase a stopped session's branch onto its base branch (aborted cleanly on conflict)")
    .argument('<session>', 'session id, prefix or `latest`')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(ref);
      const outcome = await rebaseSessionWorktree(c.sessionDeps(), session.id);
      if (opts.json) return printJson(c.io, outcome);
      c.io.out(outcome.alreadyUpToDate ? `${outcome.branch} is already up to date with ${outcome.baseBranch}.` : `Rebased ${outcome.branch} onto ${outcome.baseBranch}.`);
    });

  program
    .command('merge-queue')
    .description('Show which worktree branches can merge, in order, and what blocks the rest (read-only); with a check command, each lands only after passing it')
    .option('--apply', 'land the ready branches in order (each checked on the merged tree when [merge_queue] check_command is set)')
    .option('--check <session>', 'check one branch on the merged tree without landing it')
    .option('--json', 'print JSON')
    .action(async (opts: { apply?: boolean; check?: string; json?: boolean }) => {
      const c = ctx();
      if (opts.apply && opts.check) throw new UsageError('pass --apply or --check, not both');
      if (opts.check) return runCheckOne(c, opts.check, opts.json === true);
      const deps = c.sessionDeps();
      if (!opts.apply) {
        const report = await buildMergeQueue(deps);
        if (opts.json) return printJson(c.io, await withChecks(deps, report));
        return renderQueue(c.io, await withChecks(deps, report), c.store(), await heldByCheckout(deps, report));
      }
      const { outcome, finished, scratch } = await runCheckedApply(c);
      const activated = await activatePendingWorktreeSessions(deps);
      if (opts.json) return printJson(c.io, { ...outcome, resolversFinished: finished, scratchWorktrees: scratch, activated });
      renderBulk(c.io, outcome, activated, checkedLines(outcome, finished));
    });

  program
    .command('prune-worktrees')
    .description('Remove worktrees of inactive sessions; unmerged commits and uncommitted changes are kept unless --force')
    .option('--force', 'also delete unmerged branches and discard uncommitted changes')
    .option('--json', 'print JSON')
    .action(async (opts: { force?: boolean; json?: boolean }) => {
      const c = ctx();
      const deps = c.sessionDeps();
      const outcome = await pruneInactiveWorktrees(deps, { force: opts.force });
      const activated = await activatePendingWorktreeSessions(deps);
      if (opts.json) return printJson(c.io, { ...outcome, activated });
      const lines: string[] = [];
      if (outcome.cleanedSessionIds.length) lines.push(`Removed worktrees of: ${outcome.cleanedSessionIds.join(', ')}`);
      if (outcome.activeWithWorktreeIds.length) lines.push(`Active, left alone: ${outcome.activeWithWorktreeIds.join(', ')}`);
      if (outcome.retainedSessionIds.length) lines.push(`Within worktree_retention_secs, kept: ${outcome.retainedSessionIds.join(', ')}`);
      for (const k of outcome.kept) lines.push(`Kept ${k.sessionId}: ${k.reason}`);
      lines.push(...activatedLine(activated));
      c.io.out(lines.length ? lines.join('\n') : 'No session worktrees to prune.');
    });
}
