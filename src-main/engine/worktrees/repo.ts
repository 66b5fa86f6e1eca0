// Reading the repository: its root, current branch, worktree list and branch relations.
// Everything here is read-only.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WorktreeError } from './errors';
import type { Git } from './git';
import { gitOk } from './git';

export interface WorktreeEntry {
  path: string;
  head: string | null;
  /** Short branch name, null when detached. */
  branch: string | null;
  /** The directory is gone (deleted by hand); git still lists it. */
  prunable: boolean;
  /** `git worktree lock`ed: someone asked git to keep it. */
  locked: boolean;
}

/** Canonical form of a path for comparisons (git prints real paths). */
export function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `cwd` or an ancestor holds a `.git` entry: a filesystem check that spares a git process outside repositories. */
export function mayBeInRepository(cwd: string): boolean {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** The top-level directory of the repository containing `cwd`, or null outside one. */
export async function findRepoRoot(git: Git, cwd: string): Promise<string | null> {
  const r = await git.run(cwd, ['rev-parse', '--show-toplevel']);
  return r.code === 0 ? r.stdout.trim() : null;
}

export interface RepositoryBase {
  root: string;
  /** The branch new worktrees start from and merge back into. */
  baseBranch: string;
}

/**
 * The repository at `cwd` and the base branch for a new worktree, or an error that says what to do:
 * not a repository, no commits yet, a detached HEAD without --base, or a --base that does not exist.
 */
export async function resolveRepositoryBase(git: Git, cwd: string, base?: string): Promise<RepositoryBase> {
  const root = await findRepoRoot(git, cwd);
  if (!root) throw new WorktreeError(`${cwd} is not inside a git repository; run \`git init\` there or start the session with --no-worktree`);
  const head = await git.run(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code !== 0) {
    throw new WorktreeError(`repository ${root} has no commits yet; make a first commit (git commit --allow-empty -m init) before starting a worktree session`);
  }
  if (base !== undefined) {
    const check = await git.run(root, ['check-ref-format', '--branch', base]);
    const exists = check.code === 0 && (await git.run(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${base}^{commit}`])).code === 0;
    if (!exists) throw new WorktreeError(`base branch '${base}' does not exist in ${root}; pass an existing local branch to --base (see \`git branch\`)`);
    return { root, baseBranch: base };
  }
  const sym = await git.run(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (sym.code !== 0) {
    throw new WorktreeError(`HEAD is detached in ${root}, so there is no branch to merge back into; check out a branch or pass --base BRANCH`);
  }
  return { root, baseBranch: sym.stdout.trim() };
}

/** `git worktree list --porcelain`; the first entry is the main checkout. */
export async function listWorktrees(git: Git, cwd: string): Promise<WorktreeEntry[]> {
  const out = await gitOk(git, cwd, ['worktree', 'list', '--porcelain'], 'git worktree list');
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length), head: null, branch: null, prunable: false, locked: false };
      entries.push(current);
    } else if (current && line.startsWith('HEAD ')) {
      current.head = line.slice(5);
    } else if (current && line.startsWith('branch ')) {
      current.branch = line.slice('branch '.length).replace(/^refs\/heads\//, '');
    } else if (current && line.startsWith('prunable')) {
      current.prunable = true;
    } else if (current && (line === 'locked' || line.startsWith('locked '))) {
      current.locked = true;
    }
  }
  return entries;
}

export async function branchExists(git: Git, cwd: string, branch: string): Promise<boolean> {
  return (await git.run(cwd, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).code === 0;
}

/** Commits on `branch` that `base` lacks (0 when the branch is gone or fully merged). */
export async function unmergedCommitCount(git: Git, cwd: string, base: string, branch: string): Promise<number> {
  const r = await git.run(cwd, ['rev-list', '--count', `refs/heads/${base}..refs/heads/${branch}`]);
  if (r.code !== 0) {
    // The base is gone: every commit of the branch counts as unmerged, so nothing is deleted by mistake.
    const all = await git.run(cwd, ['rev-list', '--count', `refs/heads/${branch}`]);
    return all.code === 0 ? Number(all.stdout.trim()) : 0;
  }
  return Number(r.stdout.trim());
}

/** Ahead/behind of `branch` relative to `base`. */
export async function aheadBehind(git: Git, cwd: string, base: string, branch: string): Promise<{ ahead: number; behind: number }> {
  const out = await gitOk(git, cwd, ['rev-list', '--left-right', '--count', `refs/heads/${base}...refs/heads/${branch}`], 'git rev-list');
  const [behind, ahead] = out.trim().split(/\s+/).map(Number);
  return { ahead: ahead ?? 0, behind: behind ?? 0 };
}
