// Checking a branch on the merged tree and landing exactly the tested commit (issue 15 item 1).
// Every refusal happens before anything changes; the user's checkout changes only by the final
// fast-forward of its base branch to the commit that passed, and only when it is clean.
import { existsSync } from 'node:fs';
import type { Session, WorktreeInfo } from '../model';
import { createEventBus } from '../events';
import { resolveSessionRef } from '../sessions/create';
import type { MergeCheckRecord } from '../store/merge-checks';
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf, MERGE_ACTIVE_STATES, sessionAtPath } from '../worktrees/deps';
import { WorktreeError } from '../worktrees/errors';
import { assertWorktreeExists, hasUncommittedChanges } from '../worktrees/inspect';
import { inProgressMessage, operationInProgress } from '../worktrees/in-progress';
import { mergeTarget } from '../worktrees/merge';
import { locateMainCheckout, removeWorktree } from '../worktrees/remove';
import { mergeSessionWorktree, type WorktreeMergeOutcome } from '../worktrees/session-ops';
import { buildCandidate, revParse, type Candidate } from './candidate';
import { runCheck, type CheckRunResult } from './checks';
import { withQueueLock } from './lock';
import { repoMergeSettings, type RepoMergeSettings } from './settings';
import { checkLogPath, createScratch, removeScratch, scratchPathFor } from './scratch';

export interface BranchCheckOutcome {
  sessionId: string;
  branch: string;
  baseBranch: string;
  /** passed/failed/timed_out from the check; conflicted: the merge has conflicts; unchecked: no check configured. */
  result: 'passed' | 'failed' | 'timed_out' | 'not_found' | 'conflicted' | 'unchecked';
  /** The check was not run again: base and branch are what an earlier check tested. */
  cached: boolean;
  conflicts: string[];
  record: MergeCheckRecord | null;
  message: string;
}

export interface BranchLandOutcome extends BranchCheckOutcome {
  landed: boolean;
  merge: WorktreeMergeOutcome | null;
}

/** How often a running check's progress event is emitted at most. */
const PROGRESS_EVERY_MS = 2000;

function emitCheck(deps: WorktreeDeps, rec: MergeCheckRecord): void {
  createEventBus(deps.store).emit('merge_check', {
    sessionId: rec.sessionId,
    branch: rec.branch,
    baseBranch: rec.baseBranch,
    state: rec.state,
    logPath: rec.logPath,
    tail: rec.logTail,
    durationMs: rec.durationMs,
    message: rec.message,
    resolverSessionId: rec.resolverSessionId,
  });
}

export function recordCheck(deps: WorktreeDeps, wt: WorktreeInfo, sessionId: string, patch: Partial<MergeCheckRecord>): MergeCheckRecord {
  const rec = deps.store.upsertMergeCheck(sessionId, { branch: wt.branch, baseBranch: wt.baseBranch, ...patch });
  emitCheck(deps, rec);
  return rec;
}

interface Prepared {
  session: Session;
  wt: WorktreeInfo;
  repoRoot: string;
  mq: RepoMergeSettings;
}

/** The refusals shared by --check and landing: nothing has changed when one of them throws. */
export async function prepareBranch(deps: WorktreeDeps, ref: string): Promise<Prepared> {
  const session = resolveSessionRef(deps, ref);
  const wt = session.worktree;
  if (!wt) throw new WorktreeError(`Session ${session.id} has no attached worktree; only worktree branches go through the merge queue`);
  if (MERGE_ACTIVE_STATES.includes(session.state)) {
    throw new WorktreeError(`Cannot check session ${session.id} while it is ${session.state}; wait for it to finish or stop it (switchyard stop ${session.id}), then retry`);
  }
  assertWorktreeExists(wt);
  const git = gitOf(deps);
  const repoRoot = await locateMainCheckout(git, wt);
  if (!repoRoot) throw new WorktreeError(`cannot find the repository of worktree ${wt.path}; is it intact?`);
  const mq = repoMergeSettings({ home: deps.home, configFile: deps.runner?.configFile }, repoRoot);
  if (mq.refusal) throw new WorktreeError(mq.refusal);
  const op = await operationInProgress(git, wt.path);
  if (op) throw new WorktreeError(inProgressMessage(`Worktree ${wt.path}`, op, 'check its branch'));
  if (await hasUncommittedChanges(git, wt)) {
    throw new WorktreeError(`Worktree ${wt.branch} has uncommitted changes; commit them on the branch (switchyard commit ${session.id}) or discard them, then retry`);
  }
  return { session, wt, repoRoot, mq };
}

function sameInputs(rec: MergeCheckRecord, baseOid: string, branchOid: string, command: string): boolean {
  return rec.baseOid === baseOid && rec.branchOid === branchOid && rec.checkCommand === command && rec.candidateOid !== null;
}

function outcomeMessage(wt: WorktreeInfo, r: CheckRunResult, logPath: string, scratch: string | null, file: string | null): string {
  if (r.outcome === 'passed') return `check ${r.summary} on the merge of ${wt.branch} into ${wt.baseBranch}`;
  if (r.outcome === 'not_found') {
    return `${r.summary}; fix merge_queue.check_command${file ? ` in ${file}` : ''} (is the program installed and on PATH?). Log: ${logPath}`;
  }
  const where = scratch ? `; the merged tree is kept for inspection at ${scratch}` : '';
  return `check ${r.outcome === 'timed_out' ? 'timed out' : 'failed'}: ${r.summary}. Log: ${logPath}${where}`;
}

/** Runs the check on the merge of the base's current tip and the branch (or reuses the verdict on the same inputs). */
async function checkPrepared(deps: WorktreeDeps, p: Prepared): Promise<BranchCheckOutcome & { candidate: Candidate | null }> {
  const { session, wt, repoRoot, mq } = p;
  const git = gitOf(deps);
  const base = { sessionId: session.id, branch: wt.branch, baseBranch: wt.baseBranch, conflicts: [] as string[] };
  const command = mq.settings.check_command;
  if (command === undefined) {
    const record = recordCheck(deps, wt, session.id, { state: 'unchecked', checkCommand: null, message: 'unchecked: no merge_queue.check_command is configured' });
    return { ...base, result: 'unchecked', cached: false, record, message: record.message ?? '', candidate: null };
  }
  // The same base tip, branch tip and command as the last verdict: nothing new to test (and the
  // daemon, which runs the queue every tick, must not re-run a failed check on unchanged inputs).
  const previous = deps.store.getMergeCheck(session.id);
  const baseOid = await revParse(git, repoRoot, `refs/heads/${wt.baseBranch}`);
  const branchOid = await revParse(git, repoRoot, `refs/heads/${wt.branch}`);
  if (previous && sameInputs(previous, baseOid, branchOid, command) && ['passed', 'failed', 'timed_out', 'needs_you'].includes(previous.state)) {
    const candidateOid = previous.candidateOid ?? '';
    if ((await git.run(repoRoot, ['cat-file', '-e', `${candidateOid}^{commit}`])).code === 0) {
      const result = previous.state === 'passed' ? 'passed' : previous.state === 'timed_out' ? 'timed_out' : 'failed';
      const fastForward = candidateOid === branchOid;
      return { ...base, result, cached: true, record: previous, message: `${previous.message ?? result} (unchanged since that check)`, candidate: { ok: true, baseOid, branchOid, candidateOid, fastForward } };
    }
  }
  const candidate = await buildCandidate(git, repoRoot, wt, deps.config.commit_author);
  if (!candidate.ok) {
    const message = `${wt.branch} conflicts with ${wt.baseBranch} in ${candidate.conflicts.join(', ')}; resolve it with \`switchyard resolve ${session.id}\` or rebase by hand`;
    return { ...base, result: 'conflicted', cached: false, conflicts: candidate.conflicts, record: previous, message, candidate };
  }
  const startedAt = new Date();
  const logPath = checkLogPath(deps.home, session.id, startedAt);
  const scratch = scratchPathFor(deps.home, 'check', session.id);
  if (previous?.scratchPath && previous.scratchPath !== scratch) await removeScratch(git, repoRoot, previous.scratchPath);
  await createScratch(git, repoRoot, scratch, candidate.candidateOid);
  recordCheck(deps, wt, session.id, {
    state: 'checking',
    baseOid: candidate.baseOid,
    branchOid: candidate.branchOid,
    candidateOid: candidate.candidateOid,
    checkCommand: command,
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    logPath,
    logTail: '',
    scratchPath: scratch,
    message: `checking: ${command}`,
  });
  let lastProgress = 0;
  const run = await runCheck({
    command,
    cwd: scratch,
    timeoutSecs: mq.settings.check_timeout_secs,
    logPath,
    onOutput: (tail) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      recordCheck(deps, wt, session.id, { logTail: tail, durationMs: now - startedAt.getTime() });
    },
  });
  // Kept only where someone may want to look: a failed or timed-out check.
  const keep = run.outcome === 'failed' || run.outcome === 'timed_out';
  if (!keep) await removeScratch(git, repoRoot, scratch);
  const message = outcomeMessage(wt, run, logPath, keep ? scratch : null, mq.checkCommandFile);
  const record = recordCheck(deps, wt, session.id, {
    state: run.outcome === 'passed' ? 'passed' : run.outcome === 'timed_out' ? 'timed_out' : 'failed',
    finishedAt: new Date().toISOString(),
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    logTail: run.tail,
    scratchPath: keep ? scratch : null,
    message,
    // A command that could not run says nothing about the branch: no verdict to reuse.
    ...(run.outcome === 'not_found' ? { candidateOid: null } : {}),
  });
  return { ...base, result: run.outcome, cached: false, record, message, candidate };
}

/** Whether the repository of this worktree checks branches (or must refuse them: an untrusted [merge_queue]). */
async function repoChecks(deps: WorktreeDeps, wt: WorktreeInfo): Promise<boolean> {
  if (!existsSync(wt.path)) return false;
  const root = await locateMainCheckout(gitOf(deps), wt);
  if (!root) return false;
  const mq = repoMergeSettings({ home: deps.home, configFile: deps.runner?.configFile }, root);
  return mq.refusal !== null || mq.settings.check_command !== undefined;
}

/** `merge-queue --check ID`: checks the branch on the merged tree without landing it. */
export function checkBranch(deps: WorktreeDeps, ref: string): Promise<BranchCheckOutcome> {
  return withQueueLock(deps.home, async () => {
    const { candidate: _candidate, ...out } = await checkPrepared(deps, await prepareBranch(deps, ref));
    return out;
  });
}

/**
 * Lands one branch: the check on the merged tree, then the base fast-forwards to exactly that
 * commit. Without a check command it merges as before ("unchecked").
 */
export function landBranch(deps: WorktreeDeps, ref: string, opts: { cleanup: boolean }): Promise<BranchLandOutcome> {
  return withQueueLock(deps.home, () => landLocked(deps, ref, opts));
}

async function landLocked(deps: WorktreeDeps, ref: string, opts: { cleanup: boolean }): Promise<BranchLandOutcome> {
  const session = resolveSessionRef(deps, ref);
  if (session.worktree && !(await repoChecks(deps, session.worktree))) {
    // Today's merge, with its own refusals and messages; the state says it was not checked.
    const wt = session.worktree;
    const merge = await mergeSessionWorktree(deps, session.id, { ...opts, queueSettingsApplied: true });
    const record = recordCheck(deps, wt, session.id, { state: 'landed', checkCommand: null, message: 'landed unchecked: no merge_queue.check_command is configured' });
    return { sessionId: session.id, branch: wt.branch, baseBranch: wt.baseBranch, result: 'unchecked', cached: false, conflicts: [], record, message: record.message ?? '', landed: true, merge };
  }
  const p = await prepareBranch(deps, session.id);
  const git = gitOf(deps);
  // The user's checkout (or a lead's worktree) is checked before the check runs and again before it moves.
  const target = { sessionAt: sessionAtPath(deps) };
  const root = await mergeTarget(git, p.wt, target);
  const checked = await checkPrepared(deps, p);
  const { candidate, ...out } = checked;
  if (out.result !== 'passed' || !candidate?.ok) return { ...out, landed: false, merge: null };
  await mergeTarget(git, p.wt, target);
  const tip = await revParse(git, root, `refs/heads/${p.wt.baseBranch}`);
  if (tip !== candidate.baseOid) {
    // The base moved while the check ran: what passed is not what would land. Check again on top.
    return landLocked(deps, ref, opts);
  }
  const ff = await git.run(root, ['merge', '--ff-only', '--no-edit', candidate.candidateOid]);
  if (ff.code !== 0) {
    throw new WorktreeError(`could not fast-forward ${p.wt.baseBranch} in ${root} to the tested commit: ${(ff.stderr || ff.stdout).trim()}; ${p.wt.baseBranch} is unchanged`);
  }
  deps.store.markMerged(p.session.id);
  let cleaned = false;
  let keptReason: string | null = null;
  if (opts.cleanup) {
    const removal = await removeWorktree(git, p.wt, { ownFiles: deps.config.worktree_setup?.copy_files });
    if (removal.removedPath) deps.store.clearWorktree(p.session.id);
    cleaned = removal.removedPath;
    keptReason = removal.kept;
  }
  const message = `landed ${p.wt.branch} on ${p.wt.baseBranch} at ${candidate.candidateOid.slice(0, 12)} (${out.record?.message ?? 'check passed'})`;
  const record = recordCheck(deps, p.wt, p.session.id, { state: 'landed', message });
  const merge: WorktreeMergeOutcome = { sessionId: p.session.id, branch: p.wt.branch, baseBranch: p.wt.baseBranch, alreadyUpToDate: false, cleanedWorktree: cleaned, keptReason };
  return { ...out, record, message, landed: true, merge };
}
