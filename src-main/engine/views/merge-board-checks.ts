// The merge board's part of the checked merge queue (issue 15): which column a checked branch is in
// (checking, check failed, resolving), what Merge ("Check & merge") and "Fix with agent" may do now
// and why not, and the cards of branches that landed (their worktree is gone, so the queue no
// longer lists them, but the board says where they went).
import type { MergeCheckRecord } from '../store/merge-checks';
import type { Session } from '../model';
import type { Git } from '../worktrees';

export type CheckColumn = 'checking' | 'check_failed' | 'resolving';

export interface BoardCheck {
  state: MergeCheckRecord['state'];
  command: string | null;
  startedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  logPath: string | null;
  logTail: string | null;
  message: string | null;
  resolverSessionId: string | null;
  attempts: number;
  updatedAt: string;
}

export interface CheckSetting {
  checkCommand: string | null;
  refusal: string | null;
}

const FAILED: readonly MergeCheckRecord['state'][] = ['failed', 'timed_out', 'needs_you'];

/** How long a landed branch stays on the board (in Done) after its worktree went. */
export const LANDED_SHOWN_MS = 6 * 60 * 60 * 1000;

export function boardCheck(rec: MergeCheckRecord | null): BoardCheck | null {
  if (!rec) return null;
  return {
    state: rec.state,
    command: rec.checkCommand,
    startedAt: rec.startedAt,
    durationMs: rec.durationMs,
    exitCode: rec.exitCode,
    logPath: rec.logPath,
    logTail: rec.logTail,
    message: rec.message,
    resolverSessionId: rec.resolverSessionId,
    attempts: rec.attempts,
    updatedAt: rec.updatedAt,
  };
}

async function tip(git: Git, cwd: string, branch: string): Promise<string | null> {
  const r = await git.run(cwd, ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`]);
  return r.code === 0 ? r.stdout.trim() : null;
}

export interface CheckPlacement {
  column: CheckColumn | null;
  /** The failed verdict is for the base tip of now: checking again would test the same merge. */
  sameInputs: boolean;
}

/**
 * Where the check puts a card that is otherwise ready, blocked or conflicted: a running check, a
 * resolver at work, or a failed check of the branch as it is now (a new commit on the branch makes
 * the verdict old news: the card goes back to where the queue puts it).
 */
export async function checkPlacement(git: Git, wt: { path: string; branch: string; baseBranch: string } | null, rec: MergeCheckRecord | null): Promise<CheckPlacement> {
  if (!rec) return { column: null, sameInputs: false };
  if (rec.state === 'checking') return { column: 'checking', sameInputs: false };
  if (rec.state === 'resolving') return { column: 'resolving', sameInputs: false };
  if (!FAILED.includes(rec.state) || !wt) return { column: null, sameInputs: false };
  const [branchOid, baseOid] = await Promise.all([tip(git, wt.path, wt.branch), tip(git, wt.path, wt.baseBranch)]);
  if (rec.branchOid !== null && branchOid !== rec.branchOid) return { column: null, sameInputs: false };
  return { column: 'check_failed', sameInputs: rec.baseOid === baseOid };
}

export interface BoardAction {
  enabled: boolean;
  disabledReason?: string;
}

/** Merge ("Check & merge") as the check allows it: `queued` is what the queue alone would say. */
export function checkedMergeAction(queued: BoardAction, column: string, setting: CheckSetting, placement: CheckPlacement, rec: MergeCheckRecord | null): BoardAction {
  if (setting.refusal) return { enabled: false, disabledReason: setting.refusal };
  if (column === 'checking') return { enabled: false, disabledReason: `the check is running (${rec?.checkCommand ?? 'check'}) — wait for its verdict` };
  if (column === 'resolving') return { enabled: false, disabledReason: `resolver ${rec?.resolverSessionId ?? ''} is at work on this branch — wait for it`.replace('  ', ' ') };
  if (column === 'check_failed') {
    // Checking again only repeats the verdict on the same base, branch and command (the engine
    // reuses it); a command that could not run (no verdict kept) or a changed command may pass now.
    if (placement.sameInputs && rec?.candidateOid && rec.checkCommand === setting.checkCommand) {
      return { enabled: false, disabledReason: `${rec?.state === 'needs_you' ? 'the resolver could not fix it' : 'the check failed on this exact merge'} — Fix with agent, or commit a fix on the branch` };
    }
    // The base or the command changed since: a new check, worth running.
    return { enabled: true };
  }
  return queued;
}

/** "Fix with agent": a resolver for a failed check or a conflict with the base. */
export function resolveAction(column: string, setting: CheckSetting, rec: MergeCheckRecord | null, conflictsWithBase: boolean, state: Session['state'], active: boolean): BoardAction {
  if (setting.refusal) return { enabled: false, disabledReason: setting.refusal };
  if (column === 'resolving') return { enabled: false, disabledReason: `resolver ${rec?.resolverSessionId ?? ''} is already at work — wait for it`.replace('  ', ' ') };
  if (column === 'checking') return { enabled: false, disabledReason: 'the check is running — wait for its verdict' };
  if (active) return { enabled: false, disabledReason: `session is still ${state} — stop it before a resolver takes over` };
  if (column === 'check_failed' || conflictsWithBase) return { enabled: true };
  return { enabled: false, disabledReason: 'nothing to fix: the branch merges cleanly and no check of it failed' };
}
