// The resolver (issue 15 item 3): `switchyard resolve ID` starts an agent session in a scratch
// worktree holding the branch merged with the base's current tip (conflict markers included), with
// a task that says what failed. The daemon tick (and every merge-queue command) then finishes it:
// the resolver's work is committed with the worktree commit step, recorded on the branch as the
// merge of base and branch, checked again, and re-queued on success; otherwise "needs you".
import type { Session, WorktreeInfo } from '../model';
import { checkLaunchBudget, launchBudgetProblem } from '../sessions/budget-check';
import { startSession } from '../sessions/create';
import { commitWorktree } from '../worktrees/commit';
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf } from '../worktrees/deps';
import { WorktreeError } from '../worktrees/errors';
import { hasUncommittedChanges } from '../worktrees/inspect';
import { gitOk } from '../worktrees/git';
import { locateMainCheckout } from '../worktrees/remove';
import { buildCandidate, identityArgs, mergeIdentity, revParse } from './candidate';
import { checkBranch, prepareBranch, recordCheck, type BranchLandOutcome } from './land';
import { removeScratch, scratchPathFor, createScratch } from './scratch';
import { withQueueLock } from './lock';
import { resolverTask } from './resolve-task';

export interface ResolveStart {
  sessionId: string;
  resolverSessionId: string;
  kind: 'conflict' | 'check_failed';
  scratchPath: string;
  attempt: number;
}

const FINISHED: readonly Session['state'][] = ['completed', 'failed', 'stopped'];

function resolverBranch(sessionId: string): string {
  return `switchyard-resolve/${sessionId}`;
}

/** Starts a resolver for a branch that conflicts with its base or whose last check failed. */
export function startResolver(deps: WorktreeDeps, ref: string, opts: { overBudget?: boolean } = {}): Promise<ResolveStart> {
  return withQueueLock(deps.home, () => startLocked(deps, ref, opts));
}

async function startLocked(deps: WorktreeDeps, ref: string, opts: { overBudget?: boolean }): Promise<ResolveStart> {
  const p = await prepareBranch(deps, ref);
  const { session, wt, repoRoot, mq } = p;
  const git = gitOf(deps);
  const rec = deps.store.getMergeCheck(session.id);
  if (rec?.state === 'resolving' && rec.resolverSessionId) {
    throw new WorktreeError(`Session ${session.id} is already being resolved by ${rec.resolverSessionId}; wait for it (switchyard wait ${rec.resolverSessionId}) or stop it`);
  }
  const candidate = await buildCandidate(git, repoRoot, wt, deps.config.commit_author);
  const failedCheck = rec !== null && (rec.state === 'failed' || rec.state === 'timed_out' || rec.state === 'needs_you') && rec.branchOid === candidate.branchOid;
  if (candidate.ok && !failedCheck) {
    throw new WorktreeError(`Nothing to resolve for ${session.id}: ${wt.branch} merges cleanly into ${wt.baseBranch} and has no failed check; run \`switchyard merge-queue --check ${session.id}\` first`);
  }
  checkLaunchBudget(deps, 'start a resolver session', { overBudget: opts.overBudget });
  const kind: ResolveStart['kind'] = candidate.ok ? 'check_failed' : 'conflict';

  const scratch = scratchPathFor(deps.home, 'resolve', session.id);
  const branch = resolverBranch(session.id);
  await createScratch(git, repoRoot, scratch, candidate.branchOid);
  const cleanup = async () => {
    await removeScratch(git, repoRoot, scratch);
    await git.run(repoRoot, ['branch', '-D', branch]);
  };
  let conflicts: string[] = [];
  try {
    await gitOk(git, scratch, ['switch', '-q', '-C', branch], 'git switch');
    if (!candidate.ok || !candidate.fastForward) {
      const identity = await mergeIdentity(git, scratch, deps.config.commit_author);
      const m = await git.run(scratch, [...identityArgs(identity), 'merge', '--no-ff', '--no-commit', candidate.baseOid]);
      if (m.code !== 0 && m.code !== 1) throw new WorktreeError(`git merge in the scratch worktree failed: ${(m.stderr || m.stdout).trim()}`);
      conflicts = (await gitOk(git, scratch, ['diff', '--name-only', '--diff-filter=U'], 'git diff')).split('\n').filter(Boolean);
      // The agent edits the files (markers included); the two parents are recorded when its work is
      // committed, so no git operation is left in progress for it to trip over or abort, and the
      // index is the branch tip's (the merge's changes are plain worktree changes), which the
      // worktree commit step takes as it takes any session's work.
      await gitOk(git, scratch, ['merge', '--quit'], 'git merge --quit');
      await gitOk(git, scratch, ['reset', '-q'], 'git reset');
    }
    const task = await resolverTask(deps, { session, wt, kind, conflicts, baseOid: candidate.baseOid, branchOid: candidate.branchOid, record: rec, checkCommand: mq.settings.check_command });
    const scratchWt: WorktreeInfo = { path: scratch, branch, baseBranch: wt.branch };
    const resolver = await startSession(deps, {
      task,
      cwd: scratch,
      // A profile naming its own agent wins (startSession: profile agent, then this, then default_agent).
      agent: mq.settings.resolver_agent ?? session.agentType,
      profile: mq.settings.resolver_profile,
      mode: 'headless',
      worktree: false,
      existingWorktree: scratchWt,
      project: session.project,
      taskGroup: session.taskGroup,
      overBudget: opts.overBudget,
    });
    const attempt = (rec?.attempts ?? 0) + 1;
    recordCheck(deps, wt, session.id, {
      state: 'resolving',
      attempts: attempt,
      resolverSessionId: resolver.id,
      resolverScratchPath: scratch,
      resolveKind: kind,
      baseOid: candidate.baseOid,
      branchOid: candidate.branchOid,
      message: `resolving (${kind === 'conflict' ? `conflicts in ${conflicts.join(', ')}` : 'failed check'}) with session ${resolver.id}, attempt ${attempt}`,
    });
    return { sessionId: session.id, resolverSessionId: resolver.id, kind, scratchPath: scratch, attempt };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** auto_resolve: a resolver for a conflict or failed check, within max_resolve_attempts and the budgets. */
export async function maybeAutoResolve(deps: WorktreeDeps, sessionId: string, landed: BranchLandOutcome | null): Promise<ResolveStart | null> {
  if (landed && !['failed', 'timed_out', 'conflicted'].includes(landed.result)) return null;
  const p = await prepareBranch(deps, sessionId);
  if (!p.mq.settings.auto_resolve) return null;
  const rec = deps.store.getMergeCheck(sessionId);
  if ((rec?.attempts ?? 0) >= p.mq.settings.max_resolve_attempts) {
    if (rec && rec.state !== 'needs_you') recordCheck(deps, p.wt, sessionId, { state: 'needs_you', message: `${rec.message ?? ''}; max_resolve_attempts (${p.mq.settings.max_resolve_attempts}) used, fix it by hand` });
    return null;
  }
  const budget = launchBudgetProblem(deps, 'start a resolver session');
  if (budget) {
    const why = `auto_resolve skipped: ${budget.message}`;
    if (!rec?.message?.includes(why)) recordCheck(deps, p.wt, sessionId, { message: rec?.message ? `${rec.message}; ${why}` : why });
    return null;
  }
  return startResolver(deps, sessionId);
}

function needsYou(deps: WorktreeDeps, wt: WorktreeInfo, sessionId: string, message: string): void {
  recordCheck(deps, wt, sessionId, { state: 'needs_you', message });
}

export interface ResolverFinish {
  sessionId: string;
  resolverSessionId: string;
  state: string;
  message: string;
}

/** Finishes every resolver session that has ended (the daemon tick runs this; so does merge-queue). */
export async function advanceResolvers(deps: WorktreeDeps): Promise<ResolverFinish[]> {
  // Every daemon tick calls this: without a resolver at work it touches nothing (not even the lock).
  if (!deps.store.listMergeChecks().some((c) => c.state === 'resolving')) return [];
  return withQueueLock(deps.home, () => advanceLocked(deps));
}

async function advanceLocked(deps: WorktreeDeps): Promise<ResolverFinish[]> {
  const out: ResolverFinish[] = [];
  for (const rec of deps.store.listMergeChecks()) {
    if (rec.state !== 'resolving' || !rec.resolverSessionId) continue;
    const resolver = deps.store.getSession(rec.resolverSessionId);
    if (resolver && !FINISHED.includes(resolver.state)) continue;
    const session = deps.store.getSession(rec.sessionId);
    const wt = session?.worktree;
    const finish = (message: string, state = 'needs_you') => {
      out.push({ sessionId: rec.sessionId, resolverSessionId: rec.resolverSessionId ?? '', state, message });
    };
    if (!session || !wt) {
      deps.store.upsertMergeCheck(rec.sessionId, { branch: rec.branch, baseBranch: rec.baseBranch, state: 'needs_you', message: 'the branch session or its worktree is gone' });
      finish('the branch session or its worktree is gone');
      continue;
    }
    try {
      const message = await finishResolver(deps, session, wt, rec.resolverSessionId, resolver);
      const state = deps.store.getMergeCheck(rec.sessionId)?.state ?? 'needs_you';
      finish(message, state);
    } catch (error) {
      const message = `resolver ${rec.resolverSessionId} finished, but its work could not be taken: ${(error as Error).message}`;
      needsYou(deps, wt, rec.sessionId, message);
      finish(message);
    }
  }
  return out;
}

async function finishResolver(deps: WorktreeDeps, session: Session, wt: WorktreeInfo, resolverId: string, resolver: Session | null): Promise<string> {
  const rec = deps.store.getMergeCheck(session.id);
  const git = gitOf(deps);
  const scratch = rec?.resolverScratchPath;
  const branch = resolverBranch(session.id);
  const repoRoot = await locateMainCheckout(git, wt);
  if (!repoRoot) throw new WorktreeError(`cannot find the repository of worktree ${wt.path}`);
  const drop = async () => {
    if (scratch) await removeScratch(git, repoRoot, scratch);
    await git.run(repoRoot, ['branch', '-D', branch]);
    if (resolver) deps.store.clearWorktree(resolver.id);
  };
  if (!scratch || !rec?.branchOid || !rec.baseOid) throw new WorktreeError('the resolver scratch worktree was not recorded');
  if (!resolver || resolver.state !== 'completed') {
    const why = resolver ? `ended ${resolver.state}${resolver.stateReason ? ` (${resolver.stateReason})` : ''}` : 'was deleted';
    const message = `resolver ${resolverId} ${why}; its scratch worktree is kept at ${scratch}; see \`switchyard logs ${resolverId}\``;
    needsYou(deps, wt, session.id, message);
    return message;
  }
  const scratchWt: WorktreeInfo = { path: scratch, branch, baseBranch: wt.branch };
  if (await hasUncommittedChanges(git, scratchWt)) {
    const subject = rec.resolveKind === 'conflict' ? `Resolve conflicts merging ${wt.baseBranch} into ${wt.branch}` : `Fix the merge-queue check of ${wt.branch} on ${wt.baseBranch}`;
    await commitWorktree(git, scratchWt, { message: `${subject}\n\nSwitchyard-Session: ${resolverId}`, author: deps.config.commit_author });
  }
  const head = await revParse(git, scratch, 'HEAD');
  if (head === rec.branchOid) {
    const message = `resolver ${resolverId} finished without changing anything; fix ${wt.branch} by hand (scratch worktree kept at ${scratch})`;
    needsYou(deps, wt, session.id, message);
    return message;
  }
  const conflicts = await git.run(scratch, ['grep', '-l', '-E', '-e', '^(<<<<<<<|>>>>>>>) ', head, '--']);
  if (conflicts.code === 0 && conflicts.stdout.trim()) {
    const files = conflicts.stdout.trim().split('\n').map((l) => l.replace(/^[0-9a-f]+:/, ''));
    const message = `resolver ${resolverId} left conflict markers in ${files.join(', ')}; fix them by hand (scratch worktree kept at ${scratch})`;
    needsYou(deps, wt, session.id, message);
    return message;
  }
  // One commit on the branch: the resolved tree, with base and branch as parents (a real merge), so
  // the branch now contains the base tip it was resolved against.
  const alreadyHasBase = (await git.run(scratch, ['merge-base', '--is-ancestor', rec.baseOid, rec.branchOid])).code === 0;
  let result = head;
  if (!alreadyHasBase) {
    const identity = await mergeIdentity(git, scratch, deps.config.commit_author);
    const body = (await gitOk(git, scratch, ['log', '-1', '--format=%B', head], 'git log')).trim();
    const message = `Merge ${wt.baseBranch} into ${wt.branch}\n\n${body}`;
    result = (await gitOk(git, scratch, [...identityArgs(identity), 'commit-tree', `${head}^{tree}`, '-p', rec.branchOid, '-p', rec.baseOid, '-m', message], 'git commit-tree')).trim();
  }
  // The branch moves in its own worktree (clean, checked by prepareBranch) by fast-forward only.
  await prepareBranch(deps, session.id);
  const tip = await revParse(git, wt.path, `refs/heads/${wt.branch}`);
  if (tip !== rec.branchOid) {
    const message = `${wt.branch} moved while resolver ${resolverId} worked; its result is kept at ${scratch} (commit ${result.slice(0, 12)})`;
    needsYou(deps, wt, session.id, message);
    return message;
  }
  await gitOk(git, wt.path, ['merge', '--ff-only', '-q', result], 'git merge --ff-only');
  deps.store.recordCommit(session.id, result);
  await drop();
  const checked = await checkBranch(deps, session.id);
  if (checked.result === 'passed') {
    const message = `resolved by ${resolverId}; the check passed on ${wt.baseBranch}; re-queued`;
    recordCheck(deps, wt, session.id, { state: 'passed', message, resolverSessionId: resolverId });
    return message;
  }
  if (checked.result === 'unchecked') {
    recordCheck(deps, wt, session.id, { state: 'unchecked', message: `resolved by ${resolverId}; re-queued (unchecked)`, resolverSessionId: resolverId });
    return `resolved by ${resolverId}; re-queued (unchecked)`;
  }
  const message = `resolved by ${resolverId}, but ${checked.message}`;
  needsYou(deps, wt, session.id, message);
  return message;
}
