// Worktree operations on sessions (spec §3.18): cleanup, merge, rebase, prune, status.
import { existsSync } from 'node:fs';
import type { Session, WorktreeInfo } from '../model';
import type { WorktreeHolder } from '../store';
import { nowOf } from '../sessions/deps';
import { resolveSessionRef } from '../sessions/create';
import type { WorktreeDeps } from './deps';
import { gitOf, MERGE_ACTIVE_STATES, PRUNE_ACTIVE_STATES, sessionAtPath } from './deps';
import { WorktreeError } from './errors';
import {
  diffPatchPreview,
  diffStat,
  hasBranchDiff,
  hasUncommittedChanges,
  healthOf,
  mergeReadiness,
  missingWorktreeMessage,
  type MergeReadiness,
} from './inspect';
import { repoMergeSettings } from '../merge-queue/settings';
import { mergeIntoBase, rebaseOntoBase } from './merge';
import { aheadBehind, unmergedCommitCount } from './repo';
import type { WorktreeRemoval } from './remove';
import { locateMainCheckout, removeWorktree } from './remove';
import type { PrunePace } from './prune-pace';

function requireWorktree(session: Session): WorktreeInfo {
  if (!session.worktree) throw new WorktreeError(`Session ${session.id} has no attached worktree`);
  return session.worktree;
}

function refuseActive(session: Session, verb: 'merge' | 'rebase'): void {
  if (MERGE_ACTIVE_STATES.includes(session.state)) {
    throw new WorktreeError(
      `Cannot ${verb} active session ${session.id} while it is ${session.state}; wait for it to finish or stop it (switchyard stop ${session.id}), then retry`,
    );
  }
}

export interface CleanupOutcome {
  sessionId: string;
  removal: WorktreeRemoval | null;
}

/** Removes the session's worktree (never its unmerged commits unless forced) and forgets it when gone. */
export async function cleanupSessionWorktree(deps: WorktreeDeps, ref: string, opts: { force?: boolean } = {}): Promise<CleanupOutcome> {
  const session = resolveSessionRef(deps, ref);
  if (!session.worktree) return { sessionId: session.id, removal: null };
  if (PRUNE_ACTIVE_STATES.includes(session.state)) {
    throw new WorktreeError(`Session ${session.id} is still ${session.state}; stop it first (switchyard stop ${session.id} --cleanup)`);
  }
  const removal = await removeWorktree(gitOf(deps), session.worktree, { ...opts, ownFiles: deps.config.worktree_setup?.copy_files });
  // Working dir stays at the removed path (ECC2): a resume then fails instead of running in the user's checkout.
  if (removal.removedPath || !existsSync(session.worktree.path)) deps.store.clearWorktree(session.id);
  return { sessionId: session.id, removal };
}

export interface WorktreeMergeOutcome {
  sessionId: string;
  branch: string;
  baseBranch: string;
  alreadyUpToDate: boolean;
  cleanedWorktree: boolean;
  /** Why the worktree (or its branch) was kept after the merge, e.g. it holds ignored build output. */
  keptReason: string | null;
}

/**
 * A repository with a merge-queue check lands branches only through the check (merge-queue/land.ts):
 * a plain merge would point its base at a tree nothing tested. Refused before anything changes.
 */
async function refuseUncheckedMerge(deps: WorktreeDeps, sessionId: string, wt: WorktreeInfo): Promise<void> {
  const root = await locateMainCheckout(gitOf(deps), wt);
  if (!root) return;
  const mq = repoMergeSettings({ home: deps.home, configFile: deps.runner?.configFile }, root);
  if (mq.refusal) throw new WorktreeError(mq.refusal);
  if (mq.settings.check_command !== undefined) {
    throw new WorktreeError(
      `${root} checks every branch before it lands (merge_queue.check_command = ${JSON.stringify(mq.settings.check_command)}); land ${wt.branch} with \`switchyard merge-worktree ${sessionId}\` or \`switchyard merge-queue --apply\`, which run the check on the merged tree first`,
    );
  }
}

export async function mergeSessionWorktree(deps: WorktreeDeps, ref: string, opts: { cleanup: boolean; /** The caller (merge-queue/land.ts) already applied the repository's merge-queue settings. */ queueSettingsApplied?: boolean }): Promise<WorktreeMergeOutcome> {
  const session = resolveSessionRef(deps, ref);
  refuseActive(session, 'merge');
  const wt = requireWorktree(session);
  if (!opts.queueSettingsApplied) await refuseUncheckedMerge(deps, session.id, wt);
  const merged = await mergeIntoBase(gitOf(deps), wt, { sessionAt: sessionAtPath(deps) });
  if (!merged.alreadyUpToDate) deps.store.markMerged(session.id);
  let cleaned = false;
  let keptReason: string | null = null;
  if (opts.cleanup) {
    const removal = await removeWorktree(gitOf(deps), wt, { ownFiles: deps.config.worktree_setup?.copy_files });
    if (removal.removedPath) deps.store.clearWorktree(session.id);
    cleaned = removal.removedPath;
    keptReason = removal.kept;
  }
  return { sessionId: session.id, branch: wt.branch, baseBranch: wt.baseBranch, alreadyUpToDate: merged.alreadyUpToDate, cleanedWorktree: cleaned, keptReason };
}

export interface WorktreeRebaseOutcome {
  sessionId: string;
  branch: string;
  baseBranch: string;
  alreadyUpToDate: boolean;
}

export async function rebaseSessionWorktree(deps: WorktreeDeps, ref: string): Promise<WorktreeRebaseOutcome> {
  const session = resolveSessionRef(deps, ref);
  refuseActive(session, 'rebase');
  const wt = requireWorktree(session);
  const r = await rebaseOntoBase(gitOf(deps), wt);
  return { sessionId: session.id, branch: wt.branch, baseBranch: wt.baseBranch, alreadyUpToDate: r.alreadyUpToDate };
}

export interface KeptWorktree {
  sessionId: string;
  branch: string;
  path: string;
  reason: string;
}

export interface WorktreePruneOutcome {
  cleanedSessionIds: string[];
  activeWithWorktreeIds: string[];
  retainedSessionIds: string[];
  /** Inactive worktrees kept because removing them would lose work, with the reason. */
  kept: KeptWorktree[];
  /** Candidates a paced prune left for a later call. */
  deferredSessionIds: string[];
}

/**
 * Removes the worktrees of inactive sessions once `worktree_retention_secs` has passed since their last
 * heartbeat. Unlike ECC2, a branch with commits its base lacks, or a worktree with uncommitted changes,
 * is kept (and reported) unless `force` is set. With `pace`, only some candidates are examined this
 * call (see PrunePace); the others are listed in `deferredSessionIds`.
 */
export async function pruneInactiveWorktrees(deps: WorktreeDeps, opts: { force?: boolean; onlyMerged?: boolean; pace?: PrunePace } = {}): Promise<WorktreePruneOutcome> {
  const git = gitOf(deps);
  const out: WorktreePruneOutcome = { cleanedSessionIds: [], activeWithWorktreeIds: [], retainedSessionIds: [], kept: [], deferredSessionIds: [] };
  const retentionMs = deps.config.worktree_retention_secs * 1000;
  const now = nowOf(deps).getTime();
  const candidates: { session: WorktreeHolder; wt: WorktreeInfo }[] = [];
  for (const session of deps.store.listWorktreeHolders()) {
    const wt = session.worktree;
    if (PRUNE_ACTIVE_STATES.includes(session.state)) {
      out.activeWithWorktreeIds.push(session.id);
      continue;
    }
    if (retentionMs > 0 && now - Date.parse(session.lastHeartbeatAt) < retentionMs) {
      out.retainedSessionIds.push(session.id);
      continue;
    }
    // The daemon's automatic prune only tidies finished sessions whose work is all in their base.
    if (opts.onlyMerged && session.state === 'stale') {
      out.activeWithWorktreeIds.push(session.id);
      continue;
    }
    candidates.push({ session, wt });
  }
  const chosen = opts.pace ? new Set(opts.pace.choose(candidates.map((c) => ({ id: c.session.id, worktree: c.wt })), now)) : null;
  for (const { session, wt } of candidates) {
    if (chosen && !chosen.has(session.id)) {
      out.deferredSessionIds.push(session.id);
      continue;
    }
    const keep = (reason: string) => {
      out.kept.push({ sessionId: session.id, branch: wt.branch, path: wt.path, reason });
      opts.pace?.kept(session.id);
    };
    if (!opts.force) {
      const main = await locateMainCheckout(git, wt);
      if (main) {
        const unmerged = await unmergedCommitCount(git, main, wt.baseBranch, wt.branch);
        if (unmerged > 0) {
          keep(
            `branch ${wt.branch} has ${unmerged} commit(s) ${wt.baseBranch} lacks; merge it with \`switchyard merge-worktree ${session.id}\`, or pass --force to delete them`,
          );
          continue;
        }
      }
    }
    const removal = await removeWorktree(git, wt, { ...opts, ownFiles: deps.config.worktree_setup?.copy_files });
    if (!removal.removedPath) {
      keep(removal.kept ?? `worktree ${wt.path} was not removed`);
      continue;
    }
    deps.store.clearWorktree(session.id);
    out.cleanedSessionIds.push(session.id);
    if (removal.kept) keep(removal.kept);
  }
  return out;
}

export interface WorktreeStatusReport {
  sessionId: string;
  state: string;
  path: string;
  branch: string;
  baseBranch: string;
  /** False when the folder was deleted outside Switchyard. */
  exists: boolean;
  health: 'clear' | 'in_progress' | 'conflicted' | 'missing';
  dirty: boolean;
  ahead: number;
  behind: number;
  diffStat: { branch: string; workingTree: string };
  readiness: MergeReadiness;
  patch?: string | null;
  /** What to do next, in words. */
  advice: string;
}

export async function worktreeStatus(deps: WorktreeDeps, session: Session, opts: { patch?: boolean; patchLines?: number } = {}): Promise<WorktreeStatusReport> {
  const git = gitOf(deps);
  const wt = requireWorktree(session);
  const base = { sessionId: session.id, state: session.state, path: wt.path, branch: wt.branch, baseBranch: wt.baseBranch };
  if (!existsSync(wt.path)) {
    const advice = missingWorktreeMessage(wt);
    return {
      ...base,
      exists: false,
      health: 'missing',
      dirty: false,
      ahead: 0,
      behind: 0,
      diffStat: { branch: '', workingTree: '' },
      readiness: { ready: false, conflicts: [], summary: advice },
      advice,
    };
  }
  const clean = await mergeReadiness(git, wt.path, wt);
  const dirty = await hasUncommittedChanges(git, wt);
  const { ahead, behind } = await aheadBehind(git, wt.path, wt.baseBranch, wt.branch);
  const branchDiff = await hasBranchDiff(git, wt.path, wt);
  const health = healthOf(clean, branchDiff, dirty);
  const stat = await diffStat(git, wt);
  // "Merge ready" only when a merge would really run now: clean, and bringing something.
  const commitHint = `commit them with \`switchyard commit ${session.id}\` (or discard them) before merging`;
  let readiness = clean;
  if (clean.ready && dirty) readiness = { ...clean, ready: false, summary: `Worktree has uncommitted changes; ${commitHint}` };
  else if (clean.ready && !branchDiff) readiness = { ...clean, ready: false, summary: `Nothing to merge: ${wt.branch} has no changes ${wt.baseBranch} lacks` };
  let advice: string;
  if (MERGE_ACTIVE_STATES.includes(session.state)) advice = `session is still ${session.state}; merge once it has finished`;
  else if (!clean.ready) advice = `${clean.summary}; rebase with \`switchyard rebase-worktree ${session.id}\` and resolve them in the worktree`;
  else if (dirty) advice = `worktree has uncommitted changes; ${commitHint}`;
  else if (!branchDiff) advice = `nothing to merge; ${wt.branch} has no changes ${wt.baseBranch} lacks`;
  else advice = `ready: \`switchyard merge-worktree ${session.id}\``;
  const report: WorktreeStatusReport = { ...base, exists: true, health, dirty, ahead, behind, diffStat: stat, readiness, advice };
  if (opts.patch) report.patch = await diffPatchPreview(git, wt, opts.patchLines ?? 200);
  return report;
}
