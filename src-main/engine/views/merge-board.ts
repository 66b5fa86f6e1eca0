// The merge-queue board: the queue (buildMergeQueue) sorted into Ready, Blocked, Active, Dirty and
// Conflicted columns (and, with a merge_queue.check_command, Checking, Check failed and Resolving),
// each card with its diff stat, conflicting files, patch preview, its check, and whether Merge,
// Rebase and Fix with agent can run now (and why not). Actions wrap the queue operations as results:
// Merge lands through the checked path, so the base only moves to a commit that passed the check.
import { existsSync } from 'node:fs';
import { branchCheckSettings, buildMergeQueue, landBranch, processCheckedQueue, type CheckedQueueOutcome, type MergeQueueBlocker, type MergeQueueEntry } from '../merge-queue';
import type { MergeCheckRecord } from '../store/merge-checks';
import { boardCheck, checkedMergeAction, checkPlacement, LANDED_SHOWN_MS, resolveAction, type BoardCheck, type CheckSetting } from './merge-board-checks';
import type { Session, WorktreeInfo } from '../model';
import {
  activatePendingWorktreeSessions,
  aheadBehind,
  cleanUpMergedWorktrees,
  commitSessionWork,
  diffPatchPreview,
  diffStat,
  checkMergeTarget,
  gitOf,
  sessionAtPath,
  MERGE_ACTIVE_STATES,
  missingWorktreeMessage,
  rebaseSessionWorktree,
  type Git,
  type MergeTargetCheck,
  type SessionAtPath,
  type WorktreeDeps,
  type WorktreeMergeOutcome,
  type WorktreeRebaseOutcome,
  type CleanMergedOutcome,
} from '../worktrees';

export type BoardColumn = 'ready' | 'checking' | 'check_failed' | 'resolving' | 'blocked' | 'active' | 'dirty' | 'conflicted' | 'done';
const ALL_COLUMNS: readonly BoardColumn[] = ['ready', 'checking', 'check_failed', 'resolving', 'blocked', 'active', 'dirty', 'conflicted', 'done'];

export interface DiffStatCount {
  files: number;
  insertions: number;
  deletions: number;
}

export interface BoardAction {
  enabled: boolean;
  /** Why the button is disabled and what to do about it (absent when enabled). */
  disabledReason?: string;
}

export interface BoardCard {
  sessionId: string;
  task: string;
  state: Session['state'];
  branch: string;
  baseBranch: string;
  column: BoardColumn;
  /** 1-based merge order for Ready cards. */
  queuePosition: number | null;
  /** Ready in itself, but the checkout holding its base is dirty or busy (see MergeBoard.checkoutBlockers). */
  waitsForBase: boolean;
  dirty: boolean;
  health: MergeQueueEntry['worktreeHealth'];
  /** Committed changes of the branch vs its base (null when the worktree is missing). */
  diffStat: DiffStatCount | null;
  /** Uncommitted changes in the worktree. */
  workingTreeStat: DiffStatCount | null;
  ahead: number;
  behind: number;
  conflictingFiles: string[];
  /** The sessions (or the card's own session) in the way, with why and their side of the conflict. */
  blockedBy: MergeQueueBlocker[];
  /** Why the card is not ready, in words (empty for Ready cards). */
  reason: string;
  patchPreview: string | null;
  /** The check the branch must pass to land ("Check & merge"); null: it lands unchecked. */
  checkCommand: string | null;
  /** Why the repository's branches are not landed (an untrusted [merge_queue], a bad config). */
  checkRefusal: string | null;
  check: BoardCheck | null;
  actions: { merge: BoardAction; rebase: BoardAction; commit: BoardAction; resolve: BoardAction };
}

/**
 * A checkout every branch into one base waits for: the repository root (or a lead's worktree) is
 * dirty, busy with a git operation, or does not have the base checked out. One per checkout, not
 * one per branch, with what to do.
 */
export interface CheckoutBlocker {
  kind: NonNullable<MergeTargetCheck['kind']>;
  /** The checkout (null when the base is not checked out anywhere). */
  path: string | null;
  baseBranch: string;
  problem: string;
  /** The branches, ready in themselves, that wait for it. */
  sessionIds: string[];
}

export interface MergeBoard {
  columns: Record<BoardColumn, BoardCard[]>;
  /** Checkouts that hold up otherwise ready branches (they are in Blocked, not Ready). */
  checkoutBlockers: CheckoutBlocker[];
  mergeAll: BoardAction;
  /** Removes the worktrees of the Done column (merged, or nothing to merge). */
  cleanUpMerged: BoardAction;
}

const PREVIEW_LINES = 40;

/** `git diff --shortstat` text ("2 files changed, 3 insertions(+), 1 deletion(-)") as numbers. */
export function parseShortStat(text: string): DiffStatCount {
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return { files: num(/(\d+) files? changed/), insertions: num(/(\d+) insertions?\(\+\)/), deletions: num(/(\d+) deletions?\(-\)/) };
}

function columnOf(e: MergeQueueEntry): BoardColumn {
  if (e.readyToMerge) return 'ready';
  const self = e.blockedBy.some((b) => b.sessionId === e.sessionId);
  if (self && MERGE_ACTIVE_STATES.includes(e.state)) return 'active';
  if (e.worktreeHealth === 'missing') return 'blocked';
  if (e.nothingToMerge) return 'done';
  if (e.worktreeHealth === 'conflicted') return 'conflicted';
  if (e.dirty) return 'dirty';
  return 'blocked';
}

const list = (files: string[]) => (files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', '));

function mergeReason(e: MergeQueueEntry, column: BoardColumn): string {
  switch (column) {
    case 'ready':
      return '';
    case 'active':
      return `session is still ${e.state} — stop it before merging`;
    case 'conflicted': {
      const files = e.blockedBy.find((b) => b.sessionId === e.sessionId)?.conflicts ?? [];
      return `branch conflicts with ${e.baseBranch} in ${list(files)} — rebase it onto ${e.baseBranch} and resolve the conflicts in the worktree, or Fix with agent`;
    }
    case 'dirty':
      return 'worktree has uncommitted changes — commit them (Commit) or discard them';
    case 'done':
      return e.merged ? `merged into ${e.baseBranch}` : `nothing to merge — ${e.branch} has no changes ${e.baseBranch} lacks`;
    case 'blocked': {
      if (e.worktreeHealth === 'missing') return e.blockedBy[0]?.summary ?? 'worktree is missing';
      return e.blockedBy.map((b) => `merge ${b.sessionId} first — both change ${list(b.conflicts)}`).join('; ');
    }
    default:
      // checking / check_failed / resolving: the check's own message says it (set by the caller).
      return '';
  }
}

interface BaseCheckout {
  /** Why nothing can merge into this base right now, or null. */
  problem: string | null;
  kind: MergeTargetCheck['kind'];
  /** Where the base is checked out (the merge would run there), when it is. */
  path: string | null;
}

/** Merges run where the base is checked out: it must be clean, with no git operation in progress (checked once per repo and base). */
async function baseCheckout(git: Git, wt: WorktreeInfo, sessionAt: SessionAtPath): Promise<BaseCheckout> {
  try {
    const check = await checkMergeTarget(git, wt, { sessionAt });
    return { problem: check.problem, kind: check.kind, path: check.target?.path ?? null };
  } catch (error) {
    return { problem: (error as Error).message, kind: 'not_checked_out', path: null };
  }
}

async function card(
  deps: WorktreeDeps,
  e: MergeQueueEntry,
  session: Session | undefined,
  bases: Map<string, Promise<BaseCheckout>>,
  sessionAt: SessionAtPath,
  setting: CheckSetting,
  rec: MergeCheckRecord | null,
): Promise<{ card: BoardCard; base: BaseCheckout }> {
  const git = gitOf(deps);
  let column = columnOf(e);
  const wt = session?.worktree ?? null;
  const exists = wt !== null && existsSync(wt.path);
  let stats: { branch: DiffStatCount; working: DiffStatCount } | null = null;
  let ab = { ahead: 0, behind: 0 };
  let patchPreview: string | null = null;
  let base: BaseCheckout = { problem: null, kind: null, path: null };
  if (wt && exists) {
    const key = `${wt.baseBranch}\u0000${wt.path}`;
    if (!bases.has(key)) bases.set(key, baseCheckout(git, wt, sessionAt));
    const [stat, counts, preview, checkout] = await Promise.all([
      diffStat(git, wt),
      aheadBehind(git, wt.path, wt.baseBranch, wt.branch),
      diffPatchPreview(git, wt, PREVIEW_LINES),
      bases.get(key) as Promise<BaseCheckout>,
    ]);
    stats = { branch: parseShortStat(stat.branch), working: parseShortStat(stat.workingTree) };
    ab = counts;
    patchPreview = preview;
    base = checkout;
  }
  const conflictingFiles = [...new Set(e.blockedBy.flatMap((b) => b.conflicts))];
  // A branch ready in itself cannot merge while the checkout holding its base is dirty or busy:
  // it waits in Blocked (the board names that checkout once, as a blocker for all of them).
  const waitsForBase = column === 'ready' && base.problem !== null;
  if (waitsForBase) column = 'blocked';
  let reason = waitsForBase ? (base.problem as string) : mergeReason(e, column);
  const queued: BoardAction = column === 'ready' ? { enabled: true } : { enabled: false, disabledReason: reason };
  const conflictsWithBase = e.worktreeHealth === 'conflicted' && e.blockedBy.some((b) => b.sessionId === e.sessionId && b.conflicts.length > 0);
  const wasActive = column === 'active';
  // A check running, a resolver at work or a failed check decide the column of a branch the queue
  // would otherwise land, hold or call conflicted (never of an active or dirty one).
  const placeable = column === 'ready' || column === 'blocked' || column === 'conflicted';
  const placement = placeable ? await checkPlacement(git, wt && exists ? wt : null, rec) : { column: null, sameInputs: false };
  if (placement.column) {
    column = placement.column;
    reason = rec?.message ?? reason;
  }
  const merge = checkedMergeAction(queued, column, setting, placement, rec);
  const resolve = resolveAction(column, setting, rec, conflictsWithBase, e.state, wasActive);
  let rebase: BoardAction;
  if (column === 'active') rebase = { enabled: false, disabledReason: `session is still ${e.state} — stop it before rebasing` };
  else if (!wt || !exists) rebase = { enabled: false, disabledReason: wt ? missingWorktreeMessage(wt) : 'session has no worktree' };
  else if (e.dirty) rebase = { enabled: false, disabledReason: 'worktree has uncommitted changes — commit them first' };
  else if (ab.behind === 0) rebase = { enabled: false, disabledReason: `already up to date with ${e.baseBranch} — nothing to rebase` };
  else rebase = { enabled: true };
  let commit: BoardAction;
  if (column === 'active' && e.state !== 'idle' && e.state !== 'stale') commit = { enabled: false, disabledReason: `session is still ${e.state} — wait for it to finish or stop it` };
  else if (!wt || !exists) commit = { enabled: false, disabledReason: wt ? missingWorktreeMessage(wt) : 'session has no worktree' };
  else if (!e.dirty) commit = { enabled: false, disabledReason: 'no uncommitted changes' };
  else commit = { enabled: true };
  const out: BoardCard = {
    sessionId: e.sessionId,
    task: e.task,
    state: e.state,
    branch: e.branch,
    baseBranch: e.baseBranch,
    column,
    queuePosition: column === 'ready' ? e.queuePosition : null,
    waitsForBase,
    dirty: e.dirty,
    health: e.worktreeHealth,
    diffStat: stats?.branch ?? null,
    workingTreeStat: stats?.working ?? null,
    ahead: ab.ahead,
    behind: ab.behind,
    conflictingFiles,
    blockedBy: e.blockedBy,
    reason,
    patchPreview,
    checkCommand: setting.checkCommand,
    checkRefusal: setting.refusal,
    check: boardCheck(rec),
    actions: { merge, rebase, commit, resolve },
  };
  return { card: out, base };
}

/** The board for every session with a worktree; building it never touches a checkout. */
export async function mergeBoard(deps: WorktreeDeps): Promise<MergeBoard> {
  const report = await buildMergeQueue(deps);
  const checks = new Map(deps.store.listMergeChecks().map((c) => [c.sessionId, c]));
  // A resolver works in a scratch worktree on a branch of its own: not a branch to merge by hand.
  const resolvers = new Set([...checks.values()].map((c) => c.resolverSessionId).filter((id): id is string => id !== null));
  const entries = [...report.readyEntries, ...report.blockedEntries].filter((e) => !resolvers.has(e.sessionId));
  const sessions = deps.store.getSessionsByIds(entries.map((e) => e.sessionId));
  const settings = new Map((await branchCheckSettings(deps, entries.map((e) => e.sessionId))).map((s) => [s.sessionId, s]));
  const bases = new Map<string, Promise<BaseCheckout>>();
  const sessionAt = sessionAtPath(deps);
  const unchecked: CheckSetting = { checkCommand: null, refusal: null };
  const built = await Promise.all(entries.map((e) => card(deps, e, sessions.get(e.sessionId), bases, sessionAt, settings.get(e.sessionId) ?? unchecked, checks.get(e.sessionId) ?? null)));
  const columns = Object.fromEntries(ALL_COLUMNS.map((c) => [c, [] as BoardCard[]])) as Record<BoardColumn, BoardCard[]>;
  const blockers = new Map<string, CheckoutBlocker>();
  let position = 1;
  for (const { card: c, base } of built) {
    if (c.column === 'ready') c.queuePosition = position++;
    columns[c.column].push(c);
    if (!c.waitsForBase || !base.problem) continue;
    const key = `${base.kind}\u0000${base.path ?? c.baseBranch}`;
    const b = blockers.get(key) ?? { kind: base.kind ?? 'not_checked_out', path: base.path, baseBranch: c.baseBranch, problem: base.problem, sessionIds: [] };
    b.sessionIds.push(c.sessionId);
    blockers.set(key, b);
  }
  const checkoutBlockers = [...blockers.values()];
  let mergeAll: BoardAction;
  if (columns.ready.length > 0) mergeAll = { enabled: true };
  else if (checkoutBlockers.length > 0) mergeAll = { enabled: false, disabledReason: `nothing can merge now: ${checkoutBlockers.map((b) => b.problem).join('; ')}` };
  else mergeAll = { enabled: false, disabledReason: 'no branch is ready to merge' };
  const removable = columns.done.length;
  columns.done.push(...landedCards(deps, checks, new Set(entries.map((e) => e.sessionId))));
  const cleanUpMerged: BoardAction = removable > 0 ? { enabled: true } : { enabled: false, disabledReason: 'no merged or unchanged worktrees to remove' };
  return { columns, checkoutBlockers, mergeAll, cleanUpMerged };
}

export type BoardResult<T> = { ok: true; result: T } | { ok: false; error: string };

async function attempt<T>(fn: () => Promise<T>): Promise<BoardResult<T>> {
  try {
    return { ok: true, result: await fn() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Branches that landed recently: their worktree went with the landing, so the queue no longer lists
 * them; Done says where they went (the check's verdict and the commit the base moved to).
 */
function landedCards(deps: WorktreeDeps, checks: Map<string, MergeCheckRecord>, listed: Set<string>): BoardCard[] {
  const since = Date.now() - LANDED_SHOWN_MS;
  const landed = [...checks.values()].filter((c) => c.state === 'landed' && !listed.has(c.sessionId) && Date.parse(c.updatedAt) >= since);
  const sessions = deps.store.getSessionsByIds(landed.map((c) => c.sessionId));
  const gone: BoardAction = { enabled: false, disabledReason: 'landed — nothing left to do' };
  return landed.flatMap((c) => {
    const s = sessions.get(c.sessionId);
    if (!s) return [];
    return [
      {
        sessionId: c.sessionId,
        task: s.task,
        state: s.state,
        branch: c.branch,
        baseBranch: c.baseBranch,
        column: 'done' as const,
        queuePosition: null,
        waitsForBase: false,
        dirty: false,
        health: 'clear' as const,
        diffStat: null,
        workingTreeStat: null,
        ahead: 0,
        behind: 0,
        conflictingFiles: [],
        blockedBy: [],
        reason: c.message ?? `landed on ${c.baseBranch}`,
        patchPreview: null,
        checkCommand: c.checkCommand,
        checkRefusal: null,
        check: boardCheck(c),
        actions: { merge: gone, rebase: gone, commit: gone, resolve: gone },
      },
    ];
  });
}

/**
 * The card's Merge button: merges into the base (removing the worktree unless `keepWorktree`). In a
 * repository with a check_command ("Check & merge") the merge of base and branch is checked first
 * and the base moves to exactly that commit; a failed check or a conflict is the card's error.
 */
export function mergeCard(deps: WorktreeDeps, sessionId: string, opts: { keepWorktree?: boolean } = {}): Promise<BoardResult<WorktreeMergeOutcome>> {
  return attempt(async () => {
    const out = await landBranch(deps, sessionId, { cleanup: !opts.keepWorktree });
    if (out.landed && out.merge) return out.merge;
    throw new Error(out.result === 'failed' || out.result === 'timed_out' ? out.message.replace(/^check /, 'Check ') : out.message);
  });
}

/** The card's Rebase button. */
export function rebaseCard(deps: WorktreeDeps, sessionId: string): Promise<BoardResult<WorktreeRebaseOutcome>> {
  return attempt(() => rebaseSessionWorktree(deps, sessionId));
}

export interface CommitCardOutcome {
  sessionId: string;
  branch: string;
  committed: boolean;
  sha: string | null;
  files: number;
  note: string | null;
}

/** The card's (and the diff view's) Commit button: the session's uncommitted work as a commit on its branch. */
export function commitCard(deps: WorktreeDeps, sessionId: string, opts: { message?: string } = {}): Promise<BoardResult<CommitCardOutcome>> {
  return attempt(async () => {
    const { result, branch, sessionId: id } = await commitSessionWork(deps, sessionId, { message: opts.message });
    if (!result.committed) throw new Error(`Nothing to commit: the worktree of ${id} has no changes`);
    return { sessionId: id, branch, committed: true, sha: result.sha, files: result.files.length, note: result.note };
  });
}

/** "Clean up merged": the worktrees of the Done column go (never uncommitted or unmerged work). */
export function cleanUpMerged(deps: WorktreeDeps): Promise<BoardResult<CleanMergedOutcome>> {
  return attempt(async () => {
    const out = await cleanUpMergedWorktrees(deps);
    await activatePendingWorktreeSessions(deps);
    return out;
  });
}

/** Merge all ready: applies the queue as `merge-queue --apply` (checked where a check is configured, with auto-rebase where not). */
export function mergeAllReady(deps: WorktreeDeps): Promise<BoardResult<CheckedQueueOutcome>> {
  return attempt(() => processCheckedQueue(deps));
}
