// The checked merge queue (issue 15): each branch's check on the merged tree, its resolver, and the
// operations behind "Check & merge" and "Fix with agent". Shapes mirror src-main/engine/store/
// merge-checks.ts and src-main/engine/merge-queue (land, resolve) without importing them: the
// renderer shares this file. Live progress arrives as the engine event `merge_check` (its payload:
// mergeCheckEventSchema) on the `engine` subscription.
import { z } from 'zod';

const sessionId = z.string().trim().min(1, 'a session id is required').max(200);
const empty = z.strictObject({}).optional().default({});

export const MERGE_CHECK_STATE_VALUES = ['unchecked', 'checking', 'passed', 'failed', 'timed_out', 'resolving', 'needs_you', 'landed'] as const;
export const mergeCheckStateSchema = z.enum(MERGE_CHECK_STATE_VALUES);
export type MergeCheckState = z.infer<typeof mergeCheckStateSchema>;

/** A branch's latest check and resolver, as persisted (one per branch session). */
export const mergeCheckSchema = z.object({
  sessionId: z.string(),
  state: mergeCheckStateSchema,
  branch: z.string(),
  baseBranch: z.string(),
  /** The base tip and branch tip tested, and the merge commit built of them (what the base moves to). */
  baseOid: z.string().nullable(),
  branchOid: z.string().nullable(),
  candidateOid: z.string().nullable(),
  checkCommand: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  exitCode: z.number().nullable(),
  /** The full output of the latest check run. */
  logPath: z.string().nullable(),
  /** Its last lines (the card shows these; updated while the check runs). */
  logTail: z.string().nullable(),
  /** The scratch worktree kept after a failed check, for inspection. */
  scratchPath: z.string().nullable(),
  /** One sentence for people: what happened and what to do. */
  message: z.string().nullable(),
  /** Resolver sessions started for this branch (auto_resolve stops at max_resolve_attempts). */
  attempts: z.number(),
  /** The resolver session (its transcript is that session's output). */
  resolverSessionId: z.string().nullable(),
  resolverScratchPath: z.string().nullable(),
  resolveKind: z.enum(['conflict', 'check_failed']).nullable(),
  updatedAt: z.string(),
});
export type MergeCheck = z.infer<typeof mergeCheckSchema>;

/** Payload of the `merge_check` engine event: a state change, or (state "checking") more output. */
export const mergeCheckEventSchema = z.object({
  sessionId: z.string(),
  branch: z.string(),
  baseBranch: z.string(),
  state: mergeCheckStateSchema,
  logPath: z.string().nullable(),
  tail: z.string().nullable(),
  durationMs: z.number().nullable(),
  message: z.string().nullable(),
  resolverSessionId: z.string().nullable(),
});
export type MergeCheckEvent = z.infer<typeof mergeCheckEventSchema>;

export const scratchWorktreeSchema = z.object({
  sessionId: z.string(),
  kind: z.enum(['check', 'resolve']),
  path: z.string(),
  state: z.string(),
});
export type ScratchWorktree = z.infer<typeof scratchWorktreeSchema>;

/** `merge-queue --check ID` / the card's Check: the verdict (`cached`: the same inputs were checked before). */
export const branchCheckOutcomeSchema = z.object({
  sessionId: z.string(),
  branch: z.string(),
  baseBranch: z.string(),
  result: z.enum(['passed', 'failed', 'timed_out', 'not_found', 'conflicted', 'unchecked']),
  cached: z.boolean(),
  conflicts: z.array(z.string()),
  record: mergeCheckSchema.nullable(),
  message: z.string(),
});
export type BranchCheckOutcome = z.infer<typeof branchCheckOutcomeSchema>;

export const resolveStartSchema = z.object({
  sessionId: z.string(),
  resolverSessionId: z.string(),
  kind: z.enum(['conflict', 'check_failed']),
  scratchPath: z.string(),
  attempt: z.number(),
});
export type ResolveStart = z.infer<typeof resolveStartSchema>;

/** Per branch: the check it must pass before landing ("Check & merge"), null when it lands unchecked ("Merge"). */
export const branchCheckSettingSchema = z.object({
  sessionId: z.string(),
  checkCommand: z.string().nullable(),
  /** Why its repository's branches are not landed (an untrusted [merge_queue], a bad config). */
  refusal: z.string().nullable(),
});
export type BranchCheckSetting = z.infer<typeof branchCheckSettingSchema>;

function cardResult<T extends z.ZodType>(result: T) {
  return z.union([z.object({ ok: z.literal(true), result }), z.object({ ok: z.literal(false), error: z.string() })]);
}

export const mergeCheckOperations = {
  /** Every branch's check state, the check each worktree branch gets, and the scratch worktrees kept or in use. */
  mergeChecks: {
    input: empty,
    output: z.object({ checks: z.array(mergeCheckSchema), branches: z.array(branchCheckSettingSchema), scratchWorktrees: z.array(scratchWorktreeSchema) }),
  },
  /** Checks the branch on the merge of the base's current tip and the branch, without landing it. */
  checkCard: { input: z.strictObject({ id: sessionId }), output: cardResult(branchCheckOutcomeSchema) },
  /** "Fix with agent": starts a resolver session for a conflict or a failed check. */
  resolveCard: { input: z.strictObject({ id: sessionId, overBudget: z.boolean().optional() }), output: cardResult(resolveStartSchema) },
} as const;
