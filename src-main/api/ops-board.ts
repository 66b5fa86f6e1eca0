// Operations of the board views (merge queue, diffs, delegation graph). Spread into `operations`.
// The result shapes mirror src-main/engine/views (merge-board, diff, delegation-graph) and
// src-main/engine/delegation without importing them: the renderer shares this file.
import { z } from 'zod';
import { mergeCheckStateSchema } from './ops-merge-checks';
import { sessionStateSchema } from './schemas';

const sessionId = z.string().trim().min(1, 'a session id is required').max(200);
const empty = z.strictObject({}).optional().default({});

// ---- Merge-queue board ----

export const diffStatCountSchema = z.object({ files: z.number(), insertions: z.number(), deletions: z.number() });
export type DiffStatCount = z.infer<typeof diffStatCountSchema>;

export const boardActionSchema = z.object({
  enabled: z.boolean(),
  /** Why the button is disabled and what to do about it (absent when enabled). */
  disabledReason: z.string().optional(),
});
export type BoardAction = z.infer<typeof boardActionSchema>;

export const mergeBlockerSchema = z.object({
  sessionId: z.string(),
  branch: z.string(),
  state: sessionStateSchema,
  conflicts: z.array(z.string()),
  summary: z.string(),
  conflictingPatchPreview: z.string().nullable(),
  blockerPatchPreview: z.string().nullable(),
});
export type MergeBlocker = z.infer<typeof mergeBlockerSchema>;

// checking / check_failed / resolving: branches of repositories with a merge_queue.check_command (issue 15).
export const boardColumns = ['ready', 'checking', 'check_failed', 'resolving', 'blocked', 'active', 'dirty', 'conflicted', 'done'] as const;
export const boardColumnSchema = z.enum(boardColumns);
export type BoardColumn = z.infer<typeof boardColumnSchema>;

/** What a card shows of its check (a subset of mergeCheckSchema in ops-merge-checks). */
export const boardCheckSchema = z.object({
  state: mergeCheckStateSchema,
  command: z.string().nullable(),
  startedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  exitCode: z.number().nullable(),
  logPath: z.string().nullable(),
  logTail: z.string().nullable(),
  message: z.string().nullable(),
  resolverSessionId: z.string().nullable(),
  attempts: z.number(),
  updatedAt: z.string(),
});
export type BoardCheck = z.infer<typeof boardCheckSchema>;

export const boardCardSchema = z.object({
  sessionId: z.string(),
  task: z.string(),
  state: sessionStateSchema,
  branch: z.string(),
  baseBranch: z.string(),
  column: boardColumnSchema,
  /** 1-based merge order of Ready cards. */
  queuePosition: z.number().nullable(),
  /** Ready in itself, but the checkout holding its base is dirty or busy (see checkoutBlockers). */
  waitsForBase: z.boolean(),
  dirty: z.boolean(),
  health: z.enum(['clear', 'in_progress', 'conflicted', 'missing']),
  diffStat: diffStatCountSchema.nullable(),
  workingTreeStat: diffStatCountSchema.nullable(),
  ahead: z.number(),
  behind: z.number(),
  conflictingFiles: z.array(z.string()),
  blockedBy: z.array(mergeBlockerSchema),
  reason: z.string(),
  patchPreview: z.string().nullable(),
  /** The check the branch must pass before it lands ("Check & merge"); null: it lands unchecked. */
  checkCommand: z.string().nullable(),
  /** Why the repository's branches are not landed at all (an untrusted [merge_queue], a bad config). */
  checkRefusal: z.string().nullable(),
  /** The branch's latest check or resolver (null: never checked). */
  check: boardCheckSchema.nullable(),
  /** resolve: "Fix with agent", for a failed check or a conflict. */
  actions: z.object({ merge: boardActionSchema, rebase: boardActionSchema, commit: boardActionSchema, resolve: boardActionSchema }),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

export const mergeBoardSchema = z.object({
  columns: z.object({
    ready: z.array(boardCardSchema),
    checking: z.array(boardCardSchema),
    check_failed: z.array(boardCardSchema),
    resolving: z.array(boardCardSchema),
    blocked: z.array(boardCardSchema),
    active: z.array(boardCardSchema),
    dirty: z.array(boardCardSchema),
    conflicted: z.array(boardCardSchema),
    done: z.array(boardCardSchema),
  }),
  /** One per checkout that holds up otherwise ready branches (dirty, busy, or base not checked out), with what to do. */
  checkoutBlockers: z.array(
    z.object({
      kind: z.enum(['not_checked_out', 'in_progress', 'dirty', 'session_running']),
      path: z.string().nullable(),
      baseBranch: z.string(),
      problem: z.string(),
      sessionIds: z.array(z.string()),
    }),
  ),
  mergeAll: boardActionSchema,
  cleanUpMerged: boardActionSchema,
});
export type MergeBoard = z.infer<typeof mergeBoardSchema>;

/** An expected failure (a refused merge, a rebase that hit conflicts) is a value, shown on the card. */
function boardResult<T extends z.ZodType>(result: T) {
  return z.union([z.object({ ok: z.literal(true), result }), z.object({ ok: z.literal(false), error: z.string() })]);
}

export const mergeOutcomeSchema = z.object({
  sessionId: z.string(),
  branch: z.string(),
  baseBranch: z.string(),
  alreadyUpToDate: z.boolean(),
  cleanedWorktree: z.boolean(),
  keptReason: z.string().nullable(),
});
export type MergeOutcome = z.infer<typeof mergeOutcomeSchema>;

export const commitOutcomeSchema = z.object({
  sessionId: z.string(),
  branch: z.string(),
  committed: z.boolean(),
  sha: z.string().nullable(),
  files: z.number(),
  note: z.string().nullable(),
});
export type CommitOutcome = z.infer<typeof commitOutcomeSchema>;

export const cleanMergedOutcomeSchema = z.object({
  cleanedSessionIds: z.array(z.string()),
  skipped: z.array(z.object({ sessionId: z.string(), reason: z.string() })),
});

export const rebaseOutcomeSchema = z.object({ sessionId: z.string(), branch: z.string(), baseBranch: z.string(), alreadyUpToDate: z.boolean() });
export type RebaseOutcome = z.infer<typeof rebaseOutcomeSchema>;

export const bulkMergeOutcomeSchema = z.object({
  merged: z.array(mergeOutcomeSchema),
  rebased: z.array(rebaseOutcomeSchema),
  activeWithWorktreeIds: z.array(z.string()),
  conflictedSessionIds: z.array(z.string()),
  dirtyWorktreeIds: z.array(z.string()),
  nothingToMergeIds: z.array(z.string()),
  blockedByQueueSessionIds: z.array(z.string()),
  /** Ready branches not tried: the checkout holding their base is dirty or busy (one entry per checkout). */
  checkoutBlocked: z.array(z.object({ problem: z.string(), sessionIds: z.array(z.string()) })),
  failures: z.array(z.object({ sessionId: z.string(), reason: z.string() })),
  /** Branches whose check failed on the merged tree this pass (repositories with a check_command). */
  checkFailedIds: z.array(z.string()).optional(),
});
export type BulkMergeOutcome = z.infer<typeof bulkMergeOutcomeSchema>;

// ---- Diff view ----

export const diffLineSchema = z.object({
  kind: z.enum(['context', 'add', 'del']),
  oldNo: z.number().nullable(),
  newNo: z.number().nullable(),
  text: z.string(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const diffHunkSchema = z.object({ header: z.string(), lines: z.array(diffLineSchema) });
export type DiffHunk = z.infer<typeof diffHunkSchema>;

export const diffFileSchema = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  hunks: z.array(diffHunkSchema),
  uncommitted: z.boolean(),
});
export type DiffFile = z.infer<typeof diffFileSchema>;

export const worktreeDiffSchema = z.object({
  sessionId: z.string(),
  baseBranch: z.string(),
  branch: z.string(),
  mergeBase: z.string(),
  files: z.array(diffFileSchema),
  omittedUntracked: z.array(z.string()),
});
export type WorktreeDiff = z.infer<typeof worktreeDiffSchema>;

// ---- Delegation graph ----

export const graphNodeSchema = z.object({
  sessionId: z.string(),
  task: z.string(),
  state: sessionStateSchema,
  attention: z.enum(['needs_input', 'denied']).nullable(),
  agentType: z.string(),
  mode: z.enum(['headless', 'interactive']),
  project: z.string(),
  taskGroup: z.string(),
  handoffBacklog: z.number(),
  unreadCount: z.number(),
  role: z.enum(['lead', 'delegate', 'lead_and_delegate', 'standalone']),
  parentId: z.string().nullable(),
  atCapacity: z.boolean(),
  /** Delegates' results in this session's inbox not read yet. */
  unreadResults: z.number(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeResultSchema = z.object({ messageId: z.number(), outcome: z.enum(['completed', 'failed']), read: z.boolean(), at: z.string(), summary: z.string() });
export const graphEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  handoffs: z.number(),
  unread: z.number(),
  lastAt: z.string(),
  /** The delegate's latest result to the lead, when newer than the last handoff. */
  result: graphEdgeResultSchema.nullable(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const delegationGraphSchema = z.object({ nodes: z.array(graphNodeSchema), edges: z.array(graphEdgeSchema), totalSessions: z.number() });
export type DelegationGraph = z.infer<typeof delegationGraphSchema>;

/** A delegate's result in its lead's inbox (delegation/results.ts). */
export const delegateResultSchema = z.object({
  messageId: z.number(),
  read: z.boolean(),
  at: z.string(),
  delegateId: z.string(),
  leadId: z.string(),
  outcome: z.enum(['completed', 'failed']),
  summary: z.string(),
  branch: z.string().nullable(),
  baseBranch: z.string().nullable(),
  commitSha: z.string().nullable(),
  filesChanged: z.array(z.string()),
  costUsd: z.number(),
  tokens: z.number(),
  /** The one line "Send to lead" would type. */
  text: z.string(),
});
export type DelegateResultView = z.infer<typeof delegateResultSchema>;

export const assignmentActionSchema = z.enum(['spawned', 'reused_idle', 'reused_active', 'deferred_saturated']);
export type AssignmentAction = z.infer<typeof assignmentActionSchema>;

export const assignmentPreviewSchema = z.object({
  /** The delegate that would get the task (null: a new one would be spawned). */
  sessionId: z.string().nullable(),
  action: assignmentActionSchema,
  delegateState: sessionStateSchema.nullable(),
  handoffBacklog: z.number(),
  graphMatchTerms: z.array(z.string()),
});
export type AssignmentPreview = z.infer<typeof assignmentPreviewSchema>;

export const assignmentOutcomeSchema = z.object({
  sessionId: z.string(),
  action: assignmentActionSchema,
  delivery: z.enum(['terminal', 'inbox']).nullable(),
  handoffMessageId: z.number().nullable(),
  /** A deferred task is kept as a handoff in the lead's own inbox (drain it once a delegate frees up). */
  queuedMessageId: z.number().nullable(),
});
export type AssignmentOutcome = z.infer<typeof assignmentOutcomeSchema>;

const routedSchema = z.object({ messageId: z.number(), task: z.string(), sessionId: z.string(), action: assignmentActionSchema, delivery: z.enum(['terminal', 'inbox']).nullable() });

const taskInput = z.strictObject({
  lead: sessionId,
  task: z.string().trim().min(1, 'describe the task').max(100_000),
  /** Agent type of the delegates; default the config's default_agent. */
  agent: z.string().trim().min(1).max(100).optional(),
});

export const boardOperations = {
  /** The merge queue sorted into Ready, Blocked, Active, Dirty and Conflicted cards. */
  mergeBoard: { input: empty, output: mergeBoardSchema },
  /**
   * Merges the session's branch into its base (removing the worktree unless keepWorktree); with a
   * check_command, checks the merged tree first and lands exactly that commit ("Check & merge").
   */
  mergeCard: { input: z.strictObject({ id: sessionId, keepWorktree: z.boolean().optional() }), output: boardResult(mergeOutcomeSchema) },
  rebaseCard: { input: z.strictObject({ id: sessionId }), output: boardResult(rebaseOutcomeSchema) },
  /** Commits the session's uncommitted work on its branch (message default: the task and the agent's summary). */
  commitCard: { input: z.strictObject({ id: sessionId, message: z.string().max(20_000).optional() }), output: boardResult(commitOutcomeSchema) },
  /** Removes the worktrees of merged sessions and of sessions with nothing to merge. */
  cleanUpMerged: { input: empty, output: boardResult(cleanMergedOutcomeSchema) },
  /** Applies the queue: merges (or checks and lands) every ready branch in order, auto-rebasing where it can. */
  mergeAllReady: { input: empty, output: boardResult(bulkMergeOutcomeSchema) },
  /** Everything the session's branch would bring to its base, committed or not, with line numbers. */
  worktreeDiff: { input: z.strictObject({ id: sessionId }), output: worktreeDiffSchema },
  delegationGraph: { input: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }).optional().default({}), output: delegationGraphSchema },
  /** What assigning the task would do (which delegate, why, matched terms) without doing it. */
  previewAssignment: { input: taskInput, output: assignmentPreviewSchema },
  assignTask: { input: taskInput, output: assignmentOutcomeSchema },
  /** Routes the lead's unread handoffs to its delegates. */
  drainInbox: { input: z.strictObject({ lead: sessionId, limit: z.number().int().min(1).max(100).optional() }), output: z.object({ routed: z.array(routedSchema) }) },
  /** Delegates' results in the lead's inbox, newest first. */
  delegateResults: { input: z.strictObject({ lead: sessionId, limit: z.number().int().min(1).max(200).optional() }), output: z.object({ results: z.array(delegateResultSchema) }) },
  /**
   * A person's click on "Send to lead": types the result (its one line) into the lead's terminal if
   * the lead is an idle interactive session, and marks it read; otherwise says why not.
   */
  sendResultToLead: { input: z.strictObject({ messageId: z.number().int().min(1) }), output: z.object({ sent: z.boolean(), text: z.string().nullable(), reason: z.string().nullable() }) },
  /** Marks a delegate's result read (the lead's inbox keeps it). */
  markResultRead: { input: z.strictObject({ messageId: z.number().int().min(1) }), output: z.object({ messageId: z.number() }) },
  /** Moves queued handoffs off backed-up delegates of the lead. */
  rebalanceTeam: {
    input: z.strictObject({ lead: sessionId, limit: z.number().int().min(1).max(100).optional() }),
    output: z.object({ rerouted: z.array(routedSchema.extend({ fromSessionId: z.string() })) }),
  },
} as const;
