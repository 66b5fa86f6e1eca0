// Merging a worktree branch into its base where the base is checked out (the repository root, or the
// lead's worktree for a delegate's branch), and rebasing it onto the base.
// Every refusal happens before git changes anything; a failed merge or rebase is aborted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorktreeInfo } from '../model';
import { WorktreeError } from './errors';
import type { Git } from './git';
import { gitOk } from './git';
import { assertWorktreeExists, hasUncommittedChanges, mergeReadiness } from './inspect';
import { inProgressMessage, operationInProgress } from './in-progress';
import { canonicalPath, listWorktrees } from './repo';

export interface MergeIntoBaseResult {
  branch: string;
  baseBranch: string;
  alreadyUpToDate: boolean;
}

export interface MergeTarget {
  /** The checkout that has the base branch checked out (the repository root, or a lead's worktree). */
  path: string;
  /** True when that checkout is the repository root. */
  isRoot: boolean;
}

export interface MergeTargetCheck {
  target: MergeTarget | null;
  /** Why nothing can merge into this base right now, with what to do; null when it can. */
  problem: string | null;
  /** What kind of problem, so the board can show one blocker for every branch it holds up. */
  kind: 'not_checked_out' | 'in_progress' | 'dirty' | 'session_running' | null;
}

/** The session whose worktree is at `path`, if any (a lead's worktree holds the base of its delegates). */
export type SessionAtPath = (path: string) => { id: string; state: string } | null;

export interface MergeTargetOptions {
  sessionAt?: SessionAtPath;
}

/**
 * Where a merge into `wt.baseBranch` would run: the checkout that has the base branch checked out.
 * That is the repository root for branches based on main, and the lead's worktree for a delegate's
 * branch (delegates branch off their lead's branch). Checked without changing anything: a checkout
 * with a git operation in progress or uncommitted changes is never merged into.
 */
export async function checkMergeTarget(git: Git, wt: WorktreeInfo, opts: MergeTargetOptions = {}): Promise<MergeTargetCheck> {
  const worktrees = await listWorktrees(git, wt.path);
  const main = worktrees[0];
  if (!main) throw new WorktreeError(`git worktree list printed nothing for ${wt.path}; is the repository intact?`);
  const holder = worktrees.find((e) => e.branch === wt.baseBranch);
  if (!holder) {
    return {
      target: null,
      kind: 'not_checked_out',
      problem: `Base branch ${wt.baseBranch} is not checked out anywhere (repository root ${main.path} has ${main.branch ?? 'a detached HEAD'}); run \`git checkout ${wt.baseBranch}\` in ${main.path} and retry`,
    };
  }
  const isRoot = canonicalPath(holder.path) === canonicalPath(main.path);
  const where = isRoot ? `Repository root ${holder.path}` : `Worktree ${holder.path} (where ${wt.baseBranch} is checked out)`;
  const target = { path: holder.path, isRoot };
  // An agent at work there (a running lead) may be writing: merging under it is not our call.
  const owner = isRoot ? null : (opts.sessionAt?.(holder.path) ?? null);
  if (owner && (owner.state === 'running' || owner.state === 'pending')) {
    return { target, kind: 'session_running', problem: `${where} is the worktree of session ${owner.id}, which is ${owner.state}; merge once it is idle or stopped` };
  }
  // The user's own merge, rebase, cherry-pick ... there: never touched (a failed merge of ours would abort it).
  const op = await operationInProgress(git, holder.path);
  if (op) return { target, kind: 'in_progress', problem: inProgressMessage(where, op, 'merge') };
  const status = await gitOk(git, holder.path, ['status', '--porcelain'], 'git status');
  if (status.trim() !== '') return { target, kind: 'dirty', problem: `${where} has uncommitted changes; commit or stash them there before merging` };
  return { target, kind: null, problem: null };
}

/** The checkout a merge into the base would change, checked as checkMergeTarget does; throws its problem. */
export async function mergeTarget(git: Git, wt: WorktreeInfo, opts: MergeTargetOptions = {}): Promise<string> {
  const check = await checkMergeTarget(git, wt, opts);
  if (check.problem || !check.target) throw new WorktreeError(check.problem ?? `nowhere to merge ${wt.branch} into`);
  return check.target.path;
}

export async function mergeIntoBase(git: Git, wt: WorktreeInfo, opts: MergeTargetOptions = {}): Promise<MergeIntoBaseResult> {
  assertWorktreeExists(wt);
  const wtOp = await operationInProgress(git, wt.path);
  if (wtOp) throw new WorktreeError(inProgressMessage(`Worktree ${wt.path}`, wtOp, 'merge its branch'));
  const readiness = await mergeReadiness(git, wt.path, wt);
  if (!readiness.ready) {
    throw new WorktreeError(`${readiness.summary}; rebase ${wt.branch} onto ${wt.baseBranch} and resolve them in the worktree ${wt.path}`);
  }
  if (await hasUncommittedChanges(git, wt)) {
    throw new WorktreeError(`Worktree ${wt.branch} has uncommitted changes; commit them on the branch (switchyard commit) or discard them before merging`);
  }
  const root = await mergeTarget(git, wt, opts);
  const r = await git.run(root, ['merge', '--no-edit', wt.branch]);
  if (r.code !== 0) {
    // Put the base back exactly as it was before reporting the failure.
    const gitDir = (await gitOk(git, root, ['rev-parse', '--absolute-git-dir'], 'git rev-parse')).trim();
    if (existsSync(join(gitDir, 'MERGE_HEAD'))) await git.run(root, ['merge', '--abort']);
    throw new WorktreeError(`git merge failed: ${(r.stderr || r.stdout).trim()}; the merge was aborted and ${wt.baseBranch} is unchanged`);
  }
  return { branch: wt.branch, baseBranch: wt.baseBranch, alreadyUpToDate: /Already up[ -]to[ -]date/i.test(r.stdout) };
}

export interface RebaseOntoBaseResult {
  branch: string;
  baseBranch: string;
  alreadyUpToDate: boolean;
}

export async function rebaseOntoBase(git: Git, wt: WorktreeInfo): Promise<RebaseOntoBaseResult> {
  assertWorktreeExists(wt);
  // A rebase (or merge, cherry-pick ...) the user started there is theirs: ours would abort it on failure.
  const op = await operationInProgress(git, wt.path);
  if (op) throw new WorktreeError(inProgressMessage(`Worktree ${wt.path}`, op, 'rebase'));
  const main = (await listWorktrees(git, wt.path))[0]?.path;
  const mainOp = main ? await operationInProgress(git, main) : null;
  if (main && mainOp) throw new WorktreeError(inProgressMessage(`Repository root ${main}`, mainOp, 'rebase'));
  if (await hasUncommittedChanges(git, wt)) {
    throw new WorktreeError(`Worktree ${wt.branch} has uncommitted changes; commit or discard them before rebasing`);
  }
  const before = (await gitOk(git, wt.path, ['rev-parse', 'HEAD'], 'git rev-parse')).trim();
  const r = await git.run(wt.path, ['rebase', wt.baseBranch]);
  const output = `${r.stdout}\n${r.stderr}`.trim();
  if (r.code !== 0) {
    const abort = await git.run(wt.path, ['rebase', '--abort']);
    const warning = abort.code !== 0 ? ` (rebase abort warning: ${abort.stderr.trim()})` : '';
    const firstLines = output.split('\n').filter((l) => l.startsWith('CONFLICT') || l.startsWith('error')).slice(0, 5).join('; ') || output.split('\n')[0];
    throw new WorktreeError(
      `git rebase failed: ${firstLines}${warning}; the rebase was aborted and ${wt.branch} is as it was. Resolve it by hand in ${wt.path} (git rebase ${wt.baseBranch})`,
    );
  }
  const after = (await gitOk(git, wt.path, ['rev-parse', 'HEAD'], 'git rev-parse')).trim();
  return { branch: wt.branch, baseBranch: wt.baseBranch, alreadyUpToDate: before === after || /up to date/i.test(output) };
}

/** The commit the base branch points at (the auto-rebase loop tries each base head once). */
export async function branchHeadOid(git: Git, cwd: string, branch: string): Promise<string> {
  return (await gitOk(git, cwd, ['rev-parse', `refs/heads/${branch}`], 'git rev-parse')).trim();
}
