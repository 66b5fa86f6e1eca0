// `merge-queue --apply` with checks (issue 15 item 2): branches land one at a time in queue order,
// each checked on top of the previous landing; a failed check marks that branch and the queue goes
// on with the next. No batching: each candidate is one branch on the current base tip.
// Repositories without a check command keep today's queue (processMergeQueue, with auto-rebase).
import type { WorktreeDeps } from '../worktrees/deps';
import { existsSync } from 'node:fs';
import { gitOf, MERGE_ACTIVE_STATES } from '../worktrees/deps';
import { locateMainCheckout } from '../worktrees/remove';
import { buildMergeQueue } from './build';
import { landBranch, type BranchLandOutcome } from './land';
import { withQueueLock } from './lock';
import { processMergeQueue, type WorktreeBulkMergeOutcome } from './process';
import { maybeAutoResolve, type ResolveStart } from './resolve';
import { removeScratch } from './scratch';
import { settingsBySession, type RepoMergeSettings } from './settings';

export interface CheckedQueueOutcome extends WorktreeBulkMergeOutcome {
  /** Whether any repository in the queue has a check command (false: the queue ran as before). */
  checked: boolean;
  /** Every check run (or reused) this pass, in order. */
  checks: BranchLandOutcome[];
  checkFailedIds: string[];
  /** Repositories whose branches were not landed, and why (an untrusted [merge_queue], a bad config). */
  refusedRepositories: { repoRoot: string; reason: string }[];
  resolversStarted: ResolveStart[];
}

export function processCheckedQueue(deps: WorktreeDeps): Promise<CheckedQueueOutcome> {
  return withQueueLock(deps.home, () => processLocked(deps));
}

/**
 * Kept scratch worktrees of branches that are gone (the session deleted, its worktree removed) have
 * nothing left to inspect against: removed here, so kept failures do not pile up.
 */
async function pruneOrphanScratch(deps: WorktreeDeps): Promise<void> {
  const git = gitOf(deps);
  for (const c of deps.store.listMergeChecks()) {
    if (!c.scratchPath || c.state === 'resolving') continue;
    const wt = deps.store.getSession(c.sessionId)?.worktree;
    if (wt && existsSync(wt.path)) continue;
    const root = existsSync(c.scratchPath) ? await locateMainCheckout(git, { path: c.scratchPath, branch: c.branch, baseBranch: c.baseBranch }) : null;
    if (root) await removeScratch(git, root, c.scratchPath);
    deps.store.upsertMergeCheck(c.sessionId, { branch: c.branch, baseBranch: c.baseBranch, scratchPath: null });
  }
}

async function processLocked(deps: WorktreeDeps): Promise<CheckedQueueOutcome> {
  await pruneOrphanScratch(deps);
  const first = await buildMergeQueue(deps);
  const all = [...first.readyEntries, ...first.blockedEntries].map((e) => e.sessionId);
  const settings = await settingsBySession(deps, all);
  const values = [...settings.values()];
  const checked = values.some((s) => s instanceof Error || s.settings.check_command !== undefined || s.refusal !== null);
  if (!checked) return { ...(await processMergeQueue(deps)), checked: false, checks: [], checkFailedIds: [], refusedRepositories: [], resolversStarted: [] };

  const out: CheckedQueueOutcome = {
    merged: [],
    rebased: [],
    activeWithWorktreeIds: [],
    conflictedSessionIds: [],
    dirtyWorktreeIds: [],
    nothingToMergeIds: [],
    blockedByQueueSessionIds: [],
    checkoutBlocked: [],
    failures: [],
    checked: true,
    checks: [],
    checkFailedIds: [],
    refusedRepositories: [],
    resolversStarted: [],
  };
  const refuse = (s: RepoMergeSettings | Error | undefined): string | null => (s instanceof Error ? s.message : (s?.refusal ?? null));
  for (const s of new Set(values)) {
    const reason = refuse(s);
    if (reason) out.refusedRepositories.push({ repoRoot: s instanceof Error ? '' : s.repoRoot, reason });
  }
  // A branch is tried once per pass: a failure is reported, and the next one gets its turn.
  const tried = new Set<string>();
  for (;;) {
    const report = await buildMergeQueue(deps);
    let landedAny = false;
    for (const entry of report.readyEntries) {
      if (tried.has(entry.sessionId) || refuse(settings.get(entry.sessionId))) continue;
      if (deps.store.getMergeCheck(entry.sessionId)?.state === 'resolving') continue;
      tried.add(entry.sessionId);
      try {
        const landed = await landBranch(deps, entry.sessionId, { cleanup: true });
        out.checks.push(landed);
        if (landed.landed && landed.merge) {
          out.merged.push(landed.merge);
          // The base moved: rebuild the queue so the next branch is checked on top of this landing.
          landedAny = true;
          break;
        }
        if (landed.result === 'conflicted') out.conflictedSessionIds.push(entry.sessionId);
        else out.checkFailedIds.push(entry.sessionId);
        const started = await maybeAutoResolve(deps, entry.sessionId, landed);
        if (started) out.resolversStarted.push(started);
      } catch (error) {
        out.failures.push({ sessionId: entry.sessionId, reason: (error as Error).message });
      }
    }
    if (landedAny) continue;
    for (const entry of report.blockedEntries) {
      if (out.checkFailedIds.includes(entry.sessionId) || out.conflictedSessionIds.includes(entry.sessionId)) continue;
      const self = entry.blockedBy.find((b) => b.sessionId === entry.sessionId);
      if (self && MERGE_ACTIVE_STATES.includes(self.state)) out.activeWithWorktreeIds.push(entry.sessionId);
      else if (entry.dirty) out.dirtyWorktreeIds.push(entry.sessionId);
      else if (entry.nothingToMerge) out.nothingToMergeIds.push(entry.sessionId);
      else if (entry.worktreeHealth === 'conflicted') {
        out.conflictedSessionIds.push(entry.sessionId);
        if (!refuse(settings.get(entry.sessionId)) && deps.store.getMergeCheck(entry.sessionId)?.state !== 'resolving') {
          try {
            const started = await maybeAutoResolve(deps, entry.sessionId, null);
            if (started) out.resolversStarted.push(started);
          } catch (error) {
            out.failures.push({ sessionId: entry.sessionId, reason: (error as Error).message });
          }
        }
      } else out.blockedByQueueSessionIds.push(entry.sessionId);
    }
    return out;
  }
}
