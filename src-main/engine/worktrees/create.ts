// Creating a session's worktree: `<worktree_root>/<id>` on a new branch `<prefix>/<id>` from the base.
// Every check runs before `git worktree add`, so a refusal leaves the repository as it was.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/types';
import type { WorktreeInfo } from '../model';
import { WorktreeError } from './errors';
import type { Git } from './git';
import { branchExists, listWorktrees } from './repo';
import type { RepositoryBase } from './repo';
import { recordRepoRoot } from './remove';
import { syncSharedDependencyDirs } from './shared-deps';

export type WorktreeNaming = Pick<Config, 'worktree_root' | 'worktree_branch_prefix'>;

export function worktreePlan(config: WorktreeNaming, sessionId: string): { path: string; branch: string } {
  const prefix = config.worktree_branch_prefix.replace(/^\/+|\/+$/g, '');
  return { path: resolve(join(config.worktree_root, sessionId)), branch: `${prefix}/${sessionId}` };
}

/** Refuses a branch name git would reject, an existing branch, or an existing path. */
export async function checkWorktreePlan(git: Git, config: WorktreeNaming, sessionId: string, repoRoot: string): Promise<{ path: string; branch: string }> {
  const plan = worktreePlan(config, sessionId);
  if ((await git.run(repoRoot, ['check-ref-format', '--branch', plan.branch])).code !== 0) {
    throw new WorktreeError(
      `Invalid worktree branch '${plan.branch}' derived from prefix '${config.worktree_branch_prefix}' and session id '${sessionId}'; set worktree_branch_prefix to a valid git branch prefix`,
    );
  }
  if (await branchExists(git, repoRoot, plan.branch)) {
    throw new WorktreeError(`branch ${plan.branch} already exists in ${repoRoot}; rename or delete it (git branch -m ${plan.branch} <new-name>) and start again`);
  }
  if (existsSync(plan.path)) {
    throw new WorktreeError(`worktree path ${plan.path} already exists; move or delete it, or set worktree_root to another folder`);
  }
  return plan;
}

export interface CreatedWorktree {
  worktree: WorktreeInfo;
  /** Lines for the session log (shared folders, warnings). */
  notes: string[];
}

export async function createWorktree(git: Git, config: WorktreeNaming, sessionId: string, base: RepositoryBase): Promise<CreatedWorktree> {
  const plan = await checkWorktreePlan(git, config, sessionId, base.root);
  mkdirSync(config.worktree_root, { recursive: true, mode: 0o700 }); // private, like the rest of the data home
  const add = await git.run(base.root, ['worktree', 'add', '-b', plan.branch, plan.path, `refs/heads/${base.baseBranch}`]);
  if (add.code !== 0) throw new WorktreeError(`git worktree add failed: ${(add.stderr || add.stdout).trim()}`);
  const worktree: WorktreeInfo = { path: plan.path, branch: plan.branch, baseBranch: base.baseBranch };
  // The repository's main checkout, also when the session starts from another worktree (a delegate
  // started in its lead's worktree): removal checks the worktree still leads back to it.
  recordRepoRoot(worktree, (await listWorktrees(git, base.root).catch(() => []))[0]?.path ?? base.root);
  const notes: string[] = [`created worktree ${plan.path} on branch ${plan.branch} from ${base.baseBranch}`];
  try {
    const shared = await syncSharedDependencyDirs(git, base.root, plan.path);
    if (shared.shared.length) notes.push(`shared from ${base.root}: ${shared.shared.join(', ')}`);
    notes.push(...shared.warnings.map((w) => `warning: ${w}`));
  } catch (error) {
    notes.push(`warning: shared dependency folders not synced: ${(error as Error).message}`);
  }
  return { worktree, notes };
}
