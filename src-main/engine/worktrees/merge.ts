// Merging a worktree branch into its base in the main checkout, and rebasing it onto the base.
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

/** Where the merge would run: the main checkout, which must have the base branch checked out and be clean. */
export async function mergeTarget(git: Git, wt: WorktreeInfo): Promise<string> {
  const worktrees = await listWorktrees(git, wt.path);
  const main = worktrees[0];
  if (!main) throw new WorktreeError(`git worktree list printed nothing for ${wt.path}; is the repository intact?`);
  const holder = worktrees.find((e) => e.branch === wt.baseBranch);
  if (holder && canonicalPath(holder.path) !== canonicalPath(main.path)) {
    throw new WorktreeError(
      `Base branch ${wt.baseBranch} is checked out in another worktree at ${holder.path}; switch that worktree to another branch (or merge ${wt.branch} there yourself), then retry`,
    );
  }
  if (main.branch !== wt.baseBranch) {
    throw new WorktreeError(
      `Base branch ${wt.baseBranch} is not checked out in repo root ${main.path} (currently ${main.branch ?? 'a detached HEAD'}); run \`git checkout ${wt.baseBranch}\` there and retry`,
    );
  }
  // The user's own merge, rebase, cherry-pick ... there: never touched (a failed merge of ours would abort it).
  const op = await operationInProgress(git, main.path);
  if (op) throw new WorktreeError(inProgressMessage(`Repository root ${main.path}`, op, 'merge'));
  const status = await gitOk(git, main.path, ['status', '--porcelain'], 'git status');
  if (status.trim() !== '') {
    throw new WorktreeError(`Repository root ${main.path} has uncommitted changes; commit or stash them before merging`);
  }
  return main.path;
}

export async function mergeIntoBase(git: Git, wt: WorktreeInfo): Promise<MergeIntoBaseResult> {
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
  const root = await mergeTarget(git, wt);
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
