// Git worktrees for sessions: creation (with the slot queue and project setup), inspection,
// merge/rebase into the base branch, cleanup and prune. All git goes through the `Git` port.
export { createGit, gitOk, type Git, type GitResult } from './git';
export { WorktreeError } from './errors';
export { gitOf, MERGE_ACTIVE_STATES, PRUNE_ACTIVE_STATES, sessionAtPath, type WorktreeDeps } from './deps';
export { findRepoRoot, resolveRepositoryBase, listWorktrees, branchExists, unmergedCommitCount, aheadBehind, canonicalPath, type RepositoryBase, type WorktreeEntry } from './repo';
export { createWorktree, checkWorktreePlan, worktreePlan, type CreatedWorktree } from './create';
export { removeWorktree, locateMainCheckout, type WorktreeRemoval } from './remove';
export {
  mergeReadiness,
  mergeTreeConflicts,
  hasUncommittedChanges,
  hasBranchDiff,
  healthOf,
  diffPatchPreview,
  branchConflictPreview,
  diffStat,
  missingWorktreeMessage,
  type MergeReadiness,
  type WorktreeHealth,
  type BranchConflictPreview,
} from './inspect';
export { mergeIntoBase, rebaseOntoBase, branchHeadOid, checkMergeTarget, type MergeTarget, type MergeTargetCheck, type MergeTargetOptions, type SessionAtPath } from './merge';
export { syncSharedDependencyDirs } from './shared-deps';
export { runWorktreeSetup } from './setup';
export { activatePendingWorktreeSessions, provisionWorktree, freeWorktreeSlots, rememberQueuedBase, queuedReason, type ActivationOutcome } from './queue';
export {
  cleanupSessionWorktree,
  mergeSessionWorktree,
  rebaseSessionWorktree,
  pruneInactiveWorktrees,
  worktreeStatus,
  type CleanupOutcome,
  type WorktreeMergeOutcome,
  type WorktreeRebaseOutcome,
  type WorktreePruneOutcome,
  type WorktreeStatusReport,
  type KeptWorktree,
} from './session-ops';
export { commitWorktree, sessionCommitMessage, parseAuthor, FALLBACK_IDENTITY, type CommitResult, type CommitRequest } from './commit';
export { commitSessionWork, type SessionCommitOutcome, type CommitTrigger } from './session-commit';
export { cleanUpMergedWorktrees, type CleanMergedOutcome } from './clean-merged';
export { operationInProgress, inProgressMessage, type OperationInProgress } from './in-progress';
export { untrackedFiles } from './untracked';
