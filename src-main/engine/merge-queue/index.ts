// The merge queue: ordering, blockers and previews (build), applying it with auto-rebase (process),
// and, with a check command, checks on the merged tree, landing and resolvers (issue 15).
export { buildMergeQueue, queueOrder, type MergeQueueReport, type MergeQueueEntry, type MergeQueueBlocker } from './build';
export { processMergeQueue, mergeReadyWorktrees, type WorktreeBulkMergeOutcome, type WorktreeMergeFailure } from './process';
export { processCheckedQueue, type CheckedQueueOutcome } from './apply';
export { checkBranch, landBranch, type BranchCheckOutcome, type BranchLandOutcome } from './land';
export { advanceResolvers, startResolver, maybeAutoResolve, type ResolveStart, type ResolverFinish } from './resolve';
export { repoMergeSettings, type RepoMergeSettings } from './settings';
export { listScratch, mergeChecksDir } from './scratch';
export { branchCheckSettings, scratchWorktrees, withChecks, type BranchCheckSetting, type ScratchWorktree } from './report';
export { QueueBusyError, withQueueLock } from './lock';
