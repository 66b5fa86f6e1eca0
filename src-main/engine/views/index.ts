// Engine data and actions behind the operator views (issue 7); the typed API wires them to the UI.
export { describeConfigSchema, type SettingField, type SettingType } from './settings';
export { mergeBoard, mergeCard, rebaseCard, commitCard, cleanUpMerged, mergeAllReady, parseShortStat, type CommitCardOutcome, type MergeBoard, type BoardCard, type BoardColumn, type BoardAction, type BoardResult, type DiffStatCount } from './merge-board';
export { worktreeDiff, type WorktreeDiff, type WorktreeDiffFile, type DiffFile, type DiffHunk, type DiffLine, type DiffFileStatus } from './diff';
export { parseUnifiedDiff } from './diff-parse';
export { previewCron, runScheduleNow, type CronPreview } from './schedules';
export { budgetOverview, spendSeries, type BudgetOverview, type BudgetGauge, type SessionSpend, type SpendBucket, type SpendSeriesOptions } from './budgets';
export { approvalQueue, resolveConflict, answerQuery, type ApprovalQueue, type ConflictItem, type MessageItem, type ConflictResolution, type ResolveConflictOutcome, type AnswerOutcome } from './approvals';
export { toolLogView, type ToolLogView, type ToolLogRow } from './tool-log';
export { delegationGraph, type DelegationGraph, type GraphNode, type GraphEdge, type GraphRole } from './delegation-graph';
