// Whether removing a session's worktree would lose anything. A worktree goes only when its HEAD
// (attached or detached) is held by a ref that stays, it has no changes and no untracked or ignored
// files beyond the ones Switchyard made itself, git has not been told to keep it (locked), no git
// operation is in progress there, and its repository is still where the session recorded it.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WorktreeInfo } from '../model';
import type { Git } from './git';
import { operationInProgress } from './in-progress';
import { canonicalPath, listWorktrees, unmergedCommitCount, type WorktreeEntry } from './repo';

/** Where Switchyard writes inside a worktree: the runner's stderr logs (ignored by their own .gitignore). */
const OWN_PREFIXES = ['.claude/ecc2/', '.claude/ecc2'];
/** Dependency folders Switchyard shares into a worktree as symlinks (shared-deps.ts). */
const SHARED_LINKS = ['node_modules', 'target', '.venv'];

export interface RemovalCheckOptions {
  /** worktree_setup.copy_files: copied in by Switchyard, so not the agent's work. */
  ownFiles?: readonly string[];
}

function sidecar(wt: WorktreeInfo): string {
  return join(dirname(wt.path), '.switchyard', `${basename(wt.path)}.repo`);
}

/** The repository root recorded when the worktree was made, or null for worktrees made before that record. */
export function recordedRepoRoot(wt: WorktreeInfo): string | null {
  try {
    return readFileSync(sidecar(wt), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function isOwn(path: string, wtPath: string, ownFiles: readonly string[]): boolean {
  const clean = path.replace(/\/$/, '');
  if (OWN_PREFIXES.some((p) => path === p || path.startsWith(p))) return true;
  if (ownFiles.includes(clean)) return true;
  if (SHARED_LINKS.includes(clean)) {
    try {
      return lstatSync(join(wtPath, clean)).isSymbolicLink();
    } catch {
      return false;
    }
  }
  return false;
}

const list = (paths: string[]) => (paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', '));

/**
 * Why the worktree must stay (a sentence naming what would be lost and what to do), or null when
 * removing it loses nothing. `main` is the repository's main checkout as git reports it.
 */
export async function removalBlocker(git: Git, wt: WorktreeInfo, main: string | null, opts: RemovalCheckOptions = {}): Promise<string | null> {
  const keep = (why: string) => `kept worktree ${wt.path}: ${why}`;
  const recorded = recordedRepoRoot(wt);
  if (!main) {
    return keep(`it no longer leads to its repository${recorded ? ` (recorded at ${recorded})` : ''}; if the repository moved, run \`git worktree repair\` in it, or pass --force to delete the folder`);
  }
  if (recorded && canonicalPath(recorded) !== canonicalPath(main)) {
    return keep(`its repository is at ${main}, not at ${recorded} where the session recorded it; check the worktree by hand, or pass --force`);
  }
  if (!existsSync(wt.path)) return null;
  let entry: WorktreeEntry | undefined;
  try {
    entry = (await listWorktrees(git, main)).find((e) => canonicalPath(e.path) === canonicalPath(wt.path));
  } catch {
    return keep('git cannot list the repository\'s worktrees; pass --force to delete it anyway');
  }
  if (entry?.locked) return keep('it is locked (git worktree lock); unlock it with `git worktree unlock` first, or pass --force');
  const probe = await git.run(wt.path, ['rev-parse', '--absolute-git-dir']);
  if (probe.code !== 0) return keep(`git does not recognise it as a worktree (${probe.stderr.trim()}); run \`git worktree repair\`, or pass --force`);
  const op = await operationInProgress(git, wt.path);
  if (op) return keep(`it has ${op.name} in progress; finish or abort it (${op.fix}) first`);
  const mainOp = await operationInProgress(git, main).catch(() => null);
  if (mainOp) return keep(`the repository root ${main} has ${mainOp.name} in progress; finish or abort it (${mainOp.fix}) first`);

  const status = await git.run(wt.path, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching']);
  if (status.code !== 0) return keep(`git status failed there (${status.stderr.trim()}); pass --force to delete it anyway`);
  const changed: string[] = [];
  const untracked: string[] = [];
  const ignored: string[] = [];
  const own = opts.ownFiles ?? [];
  for (const record of status.stdout.split('\0')) {
    if (record.length < 4) continue;
    const code = record.slice(0, 2);
    const path = record.slice(3);
    if (code === '??') {
      if (!isOwn(path, wt.path, own)) untracked.push(path);
    } else if (code === '!!') {
      if (!isOwn(path, wt.path, own)) ignored.push(path);
    } else changed.push(path);
  }
  if (changed.length) return keep(`it has uncommitted changes (${list(changed)}); commit them to ${wt.branch} (switchyard commit) or pass --force to discard them`);
  if (untracked.length) return keep(`it has untracked files (${list(untracked)}); commit them (switchyard commit) or pass --force to discard them`);
  if (ignored.length) return keep(`it has ignored files git does not track (${list(ignored)}), such as build output; move what you need out of it, or pass --force to discard them`);

  // The HEAD must stay reachable after the session branch (if deleted) is gone.
  const head = (await git.run(wt.path, ['rev-parse', 'HEAD'])).stdout.trim();
  if (!head) return null;
  const holders = (await git.run(main, ['for-each-ref', '--contains', head, '--format=%(refname)'])).stdout.split('\n').filter(Boolean);
  const others = holders.filter((r) => r !== `refs/heads/${wt.branch}`);
  const branchStays = holders.includes(`refs/heads/${wt.branch}`) && (await unmergedCommitCount(git, main, wt.baseBranch, wt.branch)) > 0;
  if (others.length === 0 && !branchStays) {
    const attached = (await git.run(wt.path, ['symbolic-ref', '-q', 'HEAD'])).code === 0;
    return keep(
      `its HEAD ${head.slice(0, 12)}${attached ? '' : ' (a detached HEAD)'} holds commits no other branch or tag has; create a branch there (git branch <name>) or pass --force to drop them`,
    );
  }
  return null;
}
