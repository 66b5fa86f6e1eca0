// Read-only inspection of a worktree: dirty, merge readiness, health, diffs and previews.
// Conflicts come from `git merge-tree --write-tree`, which writes only objects: nothing is checked
// out and no index or working tree is touched.
import { existsSync } from 'node:fs';
import type { WorktreeInfo } from '../model';
import { WorktreeError } from './errors';
import type { Git } from './git';
import { gitOk } from './git';
import { addUntrackedStats, formatShortstat, parseNumstat, untrackedFiles, untrackedPatch } from './untracked';

/** New files shown in a patch preview at most (each costs a git process). */
const PREVIEW_UNTRACKED = 20;

export type WorktreeHealth = 'clear' | 'in_progress' | 'conflicted';

export interface MergeReadiness {
  ready: boolean;
  conflicts: string[];
  summary: string;
  /** The tree a merge would produce (equal to the base's tree when the branch adds nothing). */
  mergedTree?: string;
}

export function missingWorktreeMessage(wt: WorktreeInfo): string {
  return `worktree ${wt.path} is missing (deleted outside Switchyard); its branch ${wt.branch} still holds the commits. Run \`switchyard prune-worktrees\` to forget the folder (the branch is kept while it has unmerged commits)`;
}

export function assertWorktreeExists(wt: WorktreeInfo): void {
  if (!existsSync(wt.path)) throw new WorktreeError(missingWorktreeMessage(wt));
}

/** `git merge-tree` of two branches: the merged tree and the conflicting paths ([] when clean). */
export async function mergeTree(git: Git, cwd: string, left: string, right: string): Promise<{ tree: string; conflicts: string[] }> {
  const r = await git.run(cwd, ['merge-tree', '--write-tree', '--name-only', '--no-messages', `refs/heads/${left}`, `refs/heads/${right}`]);
  if (r.code !== 0 && r.code !== 1) throw new WorktreeError(`git merge-tree failed: ${(r.stderr || r.stdout).trim()}`);
  // First line is the tree id, then one conflicted path per line (repeated for rename/delete cases).
  const [tree = '', ...rest] = r.stdout.split('\n').map((l) => l.trim());
  return { tree, conflicts: r.code === 0 ? [] : [...new Set(rest.filter(Boolean))] };
}

export async function mergeTreeConflicts(git: Git, cwd: string, left: string, right: string): Promise<string[]> {
  return (await mergeTree(git, cwd, left, right)).conflicts;
}

export function conflictSummary(conflicts: string[]): string {
  const shown = conflicts.slice(0, 3).join(', ');
  const more = conflicts.length > 3 ? `, +${conflicts.length - 3} more` : '';
  return `Merge blocked by ${conflicts.length} conflict(s): ${shown}${more}`;
}

export async function mergeReadiness(git: Git, cwd: string, wt: WorktreeInfo): Promise<MergeReadiness> {
  const { tree, conflicts } = await mergeTree(git, cwd, wt.baseBranch, wt.branch);
  if (conflicts.length === 0) return { ready: true, conflicts, summary: `Merge ready into ${wt.baseBranch}`, mergedTree: tree };
  return { ready: false, conflicts, summary: conflictSummary(conflicts) };
}

export async function hasUncommittedChanges(git: Git, wt: WorktreeInfo): Promise<boolean> {
  assertWorktreeExists(wt);
  // Explicit: a repository with status.showUntrackedFiles=no would otherwise hide new files.
  const out = await gitOk(git, wt.path, ['status', '--porcelain', '--untracked-files=all'], 'git status');
  return out.trim() !== '';
}

/** True when the branch has changes its base lacks (committed). */
export async function hasBranchDiff(git: Git, cwd: string, wt: WorktreeInfo): Promise<boolean> {
  const r = await git.run(cwd, ['diff', '--quiet', `refs/heads/${wt.baseBranch}...refs/heads/${wt.branch}`]);
  if (r.code > 1) throw new WorktreeError(`git diff failed: ${r.stderr.trim()}`);
  return r.code === 1;
}

export function healthOf(readiness: MergeReadiness, branchDiff: boolean, dirty: boolean): WorktreeHealth {
  if (!readiness.ready) return 'conflicted';
  return branchDiff || dirty ? 'in_progress' : 'clear';
}

function clip(text: string, maxLines: number): string[] {
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1).slice(0, maxLines);
}

/** The branch patch vs its base (restricted to `paths` if given), at most `maxLines` lines. */
export async function branchPatch(git: Git, cwd: string, wt: WorktreeInfo, maxLines: number, paths: string[] = []): Promise<string[]> {
  const args = ['diff', '--no-color', `refs/heads/${wt.baseBranch}...refs/heads/${wt.branch}`];
  if (paths.length) args.push('--', ...paths);
  return clip(await gitOk(git, cwd, args, 'git diff'), maxLines);
}

/**
 * Up to `maxLines` lines in two sections, "--- Branch diff vs {base} ---" and "--- Working tree diff ---",
 * joined by a blank line; null when both are empty.
 */
export async function diffPatchPreview(git: Git, wt: WorktreeInfo, maxLines: number, paths: string[] = []): Promise<string | null> {
  const cwd = existsSync(wt.path) ? wt.path : null;
  const branch = await branchPatch(git, cwd ?? wt.path, wt, maxLines, paths).catch(() => [] as string[]);
  let working: string[] = [];
  if (cwd) {
    const args = ['diff', '--no-color', 'HEAD'];
    if (paths.length) args.push('--', ...paths);
    let text = await gitOk(git, cwd, args, 'git diff');
    const fresh = (await untrackedFiles(git, cwd)).filter((f) => paths.length === 0 || paths.includes(f));
    if (fresh.length > 0) text += await untrackedPatch(git, cwd, fresh.slice(0, PREVIEW_UNTRACKED));
    working = clip(text, Math.max(0, maxLines - branch.length));
  }
  const sections: string[] = [];
  if (branch.length) sections.push([`--- Branch diff vs ${wt.baseBranch} ---`, ...branch].join('\n'));
  if (working.length) sections.push(['--- Working tree diff ---', ...working].join('\n'));
  return sections.length ? sections.join('\n\n') : null;
}

export interface BranchConflictPreview {
  leftBranch: string;
  rightBranch: string;
  conflicts: string[];
  leftPatchPreview: string | null;
  rightPatchPreview: string | null;
}

/** Would `left` and `right` conflict with each other? Null when their bases differ or they merge cleanly. */
export async function branchConflictPreview(git: Git, cwd: string, left: WorktreeInfo, right: WorktreeInfo, maxLines: number): Promise<BranchConflictPreview | null> {
  if (left.baseBranch !== right.baseBranch) return null;
  const conflicts = await mergeTreeConflicts(git, cwd, left.branch, right.branch);
  if (conflicts.length === 0) return null;
  const preview = async (wt: WorktreeInfo) => {
    const lines = await branchPatch(git, cwd, wt, maxLines, conflicts);
    return lines.length ? lines.join('\n') : null;
  };
  return { leftBranch: left.branch, rightBranch: right.branch, conflicts, leftPatchPreview: await preview(left), rightPatchPreview: await preview(right) };
}

/** `git diff --shortstat` of the branch vs its base, plus the uncommitted part (new files included). */
export async function diffStat(git: Git, wt: WorktreeInfo): Promise<{ branch: string; workingTree: string }> {
  const branch = (await gitOk(git, wt.path, ['diff', '--shortstat', `refs/heads/${wt.baseBranch}...refs/heads/${wt.branch}`], 'git diff')).trim();
  if (!existsSync(wt.path)) return { branch, workingTree: '' };
  const [tracked, fresh] = await Promise.all([gitOk(git, wt.path, ['diff', '--numstat', 'HEAD'], 'git diff'), untrackedFiles(git, wt.path)]);
  return { branch, workingTree: formatShortstat(addUntrackedStats(wt.path, fresh, parseNumstat(tracked))) };
}
