// Removing a worktree without losing work: uncommitted changes keep the folder, and a branch with
// commits its base lacks is kept (with the reason) unless the caller forces it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WorktreeInfo } from '../model';
import type { Git } from './git';
import { removalBlocker } from './removal-safety';
import { branchExists, canonicalPath, listWorktrees, unmergedCommitCount } from './repo';

// A worktree deleted by hand no longer leads back to its repository, so creation records the
// repository root beside it: <worktree_root>/.switchyard/<session id>.repo
function sidecarPath(wt: WorktreeInfo): string {
  return join(dirname(wt.path), '.switchyard', `${basename(wt.path)}.repo`);
}

export function recordRepoRoot(wt: WorktreeInfo, repoRoot: string): void {
  const file = sidecarPath(wt);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${repoRoot}\n`);
}

/** The main checkout of the worktree's repository, or null when nothing leads back to it. */
export async function locateMainCheckout(git: Git, wt: WorktreeInfo): Promise<string | null> {
  let probe: string | null = existsSync(wt.path) ? wt.path : null;
  if (!probe) {
    try {
      const recorded = readFileSync(sidecarPath(wt), 'utf8').trim();
      if (recorded && existsSync(recorded)) probe = recorded;
    } catch {
      // no record
    }
  }
  if (!probe) return null;
  try {
    return (await listWorktrees(git, probe))[0]?.path ?? null;
  } catch {
    return null;
  }
}

export interface WorktreeRemoval {
  removedPath: boolean;
  branchDeleted: boolean;
  /** What was kept and why (null when folder and branch are both gone). */
  kept: string | null;
}

export interface RemoveOptions {
  /** Discard uncommitted changes and delete a branch with unmerged commits. */
  force?: boolean;
  /** Files Switchyard copied into the worktree (worktree_setup.copy_files): not the agent's work. */
  ownFiles?: readonly string[];
}

export async function removeWorktree(git: Git, wt: WorktreeInfo, opts: RemoveOptions = {}): Promise<WorktreeRemoval> {
  const main = await locateMainCheckout(git, wt);
  if (!opts.force) {
    const blocker = await removalBlocker(git, wt, main, { ownFiles: opts.ownFiles });
    if (blocker) return { removedPath: false, branchDeleted: false, kept: blocker };
  }
  if (!main) {
    // Forced, and nothing leads to a repository: the folder is the only thing left to tidy.
    const had = existsSync(wt.path);
    if (had) rmSync(wt.path, { recursive: true, force: true });
    return { removedPath: had, branchDeleted: false, kept: `no repository found for ${wt.path}; branch ${wt.branch} (if any) was left alone` };
  }
  const listed = (await listWorktrees(git, main)).some((e) => canonicalPath(e.path) === canonicalPath(wt.path));
  if (listed) {
    // --force twice also removes a locked worktree; we only get here forced or after the checks above.
    const r = await git.run(main, ['worktree', 'remove', '--force', '--force', wt.path]);
    if (r.code !== 0) rmSync(wt.path, { recursive: true, force: true });
  } else if (existsSync(wt.path)) {
    rmSync(wt.path, { recursive: true, force: true });
  }
  rmSync(sidecarPath(wt), { force: true });
  if (!(await branchExists(git, main, wt.branch))) return { removedPath: true, branchDeleted: false, kept: null };
  const unmerged = await unmergedCommitCount(git, main, wt.baseBranch, wt.branch);
  if (unmerged > 0 && !opts.force) {
    return {
      removedPath: true,
      branchDeleted: false,
      kept: `kept branch ${wt.branch}: it has ${unmerged} commit(s) ${wt.baseBranch} lacks; merge it (git merge ${wt.branch}) or delete it (git branch -D ${wt.branch})`,
    };
  }
  const del = await git.run(main, ['branch', '-D', wt.branch]);
  return { removedPath: true, branchDeleted: del.code === 0, kept: del.code === 0 ? null : `could not delete branch ${wt.branch}: ${del.stderr.trim()}` };
}
