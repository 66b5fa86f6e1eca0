// The merge queue: ordering, blockers and previews (build), and applying it with auto-rebase (process).
export { buildMergeQueue, queueOrder, type MergeQueueReport, type MergeQueueEntry, type MergeQueueBlocker } from './build';
export { processMergeQueue, mergeReadyWorktrees, type WorktreeBulkMergeOutcome, type WorktreeMergeFailure } from './process';
