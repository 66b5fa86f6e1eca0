// Scratch worktrees of the merge queue: detached checkouts under the data home where a candidate
// merge is checked or a resolver works, never the user's checkout. Removed after use; a failed
// check keeps its scratch worktree for inspection (listed by `merge-queue --json` and `git worktree list`).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WorktreeError } from '../worktrees/errors';
import type { Git } from '../worktrees/git';
import { canonicalPath, listWorktrees } from '../worktrees/repo';

export function mergeChecksDir(home: string): string {
  return join(home, 'merge-checks');
}

export function checkLogPath(home: string, sessionId: string, at: Date): string {
  return join(mergeChecksDir(home), 'logs', `${sessionId}-${at.toISOString().replace(/[:.]/g, '-')}.log`);
}

export function scratchPathFor(home: string, kind: 'check' | 'resolve', sessionId: string): string {
  return join(mergeChecksDir(home), 'scratch', `${kind}-${sessionId}`);
}

/** Removes a scratch worktree of ours (and git's record of it). Never touches any other worktree. */
export async function removeScratch(git: Git, repoRoot: string, path: string): Promise<void> {
  const listed = (await listWorktrees(git, repoRoot)).some((w) => canonicalPath(w.path) === canonicalPath(path));
  if (listed) await git.run(repoRoot, ['worktree', 'remove', '--force', '--force', path]);
  if (existsSync(path)) rmSync(path, { recursive: true, force: true });
  if (listed) await git.run(repoRoot, ['worktree', 'prune']);
}

/** A detached worktree at `commit`; a leftover one of the same name (a kept failure) is replaced. */
export async function createScratch(git: Git, repoRoot: string, path: string, commit: string): Promise<string> {
  await removeScratch(git, repoRoot, path);
  mkdirSync(join(path, '..'), { recursive: true });
  const r = await git.run(repoRoot, ['worktree', 'add', '--detach', path, commit]);
  if (r.code !== 0) throw new WorktreeError(`could not create the scratch worktree ${path}: ${(r.stderr || r.stdout).trim()}`);
  return path;
}

/** Scratch worktrees of this repository that still exist (kept failures, running resolvers). */
export async function listScratch(git: Git, repoRoot: string, home: string): Promise<string[]> {
  const root = canonicalPath(join(mergeChecksDir(home), 'scratch'));
  return (await listWorktrees(git, repoRoot)).map((w) => canonicalPath(w.path)).filter((p) => p.startsWith(`${root}/`));
}
