// Applying the merge queue (spec §3.19.2): merge every ready branch, and when nothing merged,
// rebase a branch that only conflicts with its base (once per base head), then try again.
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf, MERGE_ACTIVE_STATES, sessionAtPath } from '../worktrees/deps';
import { branchHeadOid, checkMergeTarget } from '../worktrees/merge';
import { hasBranchDiff, hasUncommittedChanges, mergeReadiness } from '../worktrees/inspect';
import { mergeSessionWorktree, rebaseSessionWorktree, type WorktreeMergeOutcome, type WorktreeRebaseOutcome } from '../worktrees/session-ops';
import { buildMergeQueue, type MergeQueueEntry } from './build';

export interface WorktreeMergeFailure {
  sessionId: string;
  reason: string;
}

export interface WorktreeBulkMergeOutcome {
  merged: WorktreeMergeOutcome[];
  rebased: WorktreeRebaseOutcome[];
  activeWithWorktreeIds: string[];
  conflictedSessionIds: string[];
  dirtyWorktreeIds: string[];
  /** Clean branches that add nothing to their base (never changed anything, or already merged). */
  nothingToMergeIds: string[];
  blockedByQueueSessionIds: string[];
  /** Ready branches not tried because the checkout holding their base is dirty or busy: one entry per checkout. */
  checkoutBlocked: { problem: string; sessionIds: string[] }[];
  failures: WorktreeMergeFailure[];
}

function emptyOutcome(): WorktreeBulkMergeOutcome {
  return { merged: [], rebased: [], activeWithWorktreeIds: [], conflictedSessionIds: [], dirtyWorktreeIds: [], nothingToMergeIds: [], blockedByQueueSessionIds: [], checkoutBlocked: [], failures: [] };
}

/** Why the checkout holding this session's base cannot take a merge now, or null. */
async function targetProblem(deps: WorktreeDeps, sessionId: string): Promise<string | null> {
  const wt = deps.store.getSession(sessionId)?.worktree;
  if (!wt) return null;
  try {
    return (await checkMergeTarget(gitOf(deps), wt, { sessionAt: sessionAtPath(deps) })).problem;
  } catch {
    return null; // the merge itself reports a broken repository
  }
}

function canAutoRebase(e: MergeQueueEntry): boolean {
  return (
    !e.readyToMerge &&
    !e.dirty &&
    e.worktreeHealth === 'conflicted' &&
    e.blockedBy.length > 0 &&
    e.blockedBy.every((b) => b.sessionId === e.sessionId)
  );
}

export async function processMergeQueue(deps: WorktreeDeps): Promise<WorktreeBulkMergeOutcome> {
  const out = emptyOutcome();
  const attemptedRebaseHeads = new Map<string, string>();
  for (;;) {
    const report = await buildMergeQueue(deps);
    let mergedAny = false;
    for (const entry of report.readyEntries) {
      // A dirty or busy checkout is one reason for every branch it holds up, not one failure each.
      const problem = await targetProblem(deps, entry.sessionId);
      if (problem) {
        const known = out.checkoutBlocked.find((b) => b.problem === problem);
        if (!known) out.checkoutBlocked.push({ problem, sessionIds: [entry.sessionId] });
        else if (!known.sessionIds.includes(entry.sessionId)) known.sessionIds.push(entry.sessionId);
        continue;
      }
      try {
        out.merged.push(await mergeSessionWorktree(deps, entry.sessionId, { cleanup: true }));
        mergedAny = true;
      } catch (error) {
        out.failures.push({ sessionId: entry.sessionId, reason: (error as Error).message });
      }
    }
    if (mergedAny) continue;

    let rebasedAny = false;
    for (const entry of report.blockedEntries.filter(canAutoRebase)) {
      const session = deps.store.getSession(entry.sessionId);
      if (!session?.worktree) continue;
      const head = await branchHeadOid(gitOf(deps), session.worktree.path, session.worktree.baseBranch);
      if (attemptedRebaseHeads.get(session.id) === head) continue;
      attemptedRebaseHeads.set(session.id, head);
      try {
        out.rebased.push(await rebaseSessionWorktree(deps, session.id));
        rebasedAny = true;
        break;
      } catch (error) {
        out.failures.push({ sessionId: session.id, reason: (error as Error).message });
      }
    }
    if (rebasedAny) continue;

    for (const entry of report.blockedEntries) {
      if (entry.blockedBy.some((b) => b.sessionId === entry.sessionId && MERGE_ACTIVE_STATES.includes(b.state))) out.activeWithWorktreeIds.push(entry.sessionId);
      else if (entry.dirty) out.dirtyWorktreeIds.push(entry.sessionId);
      else if (entry.nothingToMerge) out.nothingToMergeIds.push(entry.sessionId);
      else if (entry.worktreeHealth === 'conflicted') out.conflictedSessionIds.push(entry.sessionId);
      else out.blockedByQueueSessionIds.push(entry.sessionId);
    }
    return out;
  }
}

/**
 * `merge-worktree --all`: with cleanup, the queue with auto-rebase; without, one pass that merges
 * every inactive, clean, conflict-free worktree and keeps the worktrees (spec §3.19.3).
 */
export async function mergeReadyWorktrees(deps: WorktreeDeps, opts: { cleanup: boolean }): Promise<WorktreeBulkMergeOutcome> {
  if (opts.cleanup) return processMergeQueue(deps);
  const git = gitOf(deps);
  const out = emptyOutcome();
  for (const session of deps.store.listSessions()) {
    const wt = session.worktree;
    if (!wt) continue;
    if (MERGE_ACTIVE_STATES.includes(session.state)) {
      out.activeWithWorktreeIds.push(session.id);
      continue;
    }
    try {
      if (!(await mergeReadiness(git, wt.path, wt)).ready) {
        out.conflictedSessionIds.push(session.id);
        continue;
      }
      if (await hasUncommittedChanges(git, wt)) {
        out.dirtyWorktreeIds.push(session.id);
        continue;
      }
      if (!(await hasBranchDiff(git, wt.path, wt))) {
        out.nothingToMergeIds.push(session.id);
        continue;
      }
      out.merged.push(await mergeSessionWorktree(deps, session.id, { cleanup: false }));
    } catch (error) {
      out.failures.push({ sessionId: session.id, reason: (error as Error).message });
    }
  }
  return out;
}
