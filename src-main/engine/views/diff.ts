// The diff view of a session's worktree: everything its branch would bring to the base, i.e. the
// worktree's files (committed or not, untracked included) against the merge base of base and HEAD.
// Read-only: `--no-optional-locks` keeps git from refreshing the worktree's index, and nothing else
// is written.
import { resolveSessionRef } from '../sessions/create';
import { assertWorktreeExists } from '../worktrees/inspect';
import { gitOf, gitOk, WorktreeError, type WorktreeDeps } from '../worktrees';
import { parseUnifiedDiff, type DiffFile } from './diff-parse';

export type { DiffFile, DiffHunk, DiffLine, DiffFileStatus } from './diff-parse';

export interface WorktreeDiffFile extends DiffFile {
  /** The file has changes not committed yet (untracked files included). */
  uncommitted: boolean;
}

export interface WorktreeDiff {
  sessionId: string;
  baseBranch: string;
  branch: string;
  /** The commit the diff is taken against (merge base of the base branch and HEAD). */
  mergeBase: string;
  files: WorktreeDiffFile[];
  /** Untracked files beyond this many are left out (named in `omittedUntracked`). */
  omittedUntracked: string[];
}

const MAX_UNTRACKED = 200;
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/'];
const git = (...args: string[]) => ['--no-optional-locks', ...args];

export async function worktreeDiff(deps: WorktreeDeps, sessionRef: string): Promise<WorktreeDiff> {
  const session = resolveSessionRef(deps, sessionRef);
  const wt = session.worktree;
  if (!wt) throw new WorktreeError(`Session ${session.id} has no worktree, so there is no branch to diff; it works in ${session.workingDir}`);
  assertWorktreeExists(wt);
  const g = gitOf(deps);
  const mergeBase = (await gitOk(g, wt.path, git('merge-base', `refs/heads/${wt.baseBranch}`, 'HEAD'), 'git merge-base')).trim();
  const [patch, changedNames, untrackedOut] = await Promise.all([
    gitOk(g, wt.path, git('diff', ...DIFF_FLAGS, mergeBase, '--'), 'git diff'),
    gitOk(g, wt.path, git('diff', '--name-only', '-z', '--no-renames', 'HEAD', '--'), 'git diff'),
    gitOk(g, wt.path, git('ls-files', '--others', '--exclude-standard', '-z'), 'git ls-files'),
  ]);
  const uncommitted = new Set(changedNames.split('\0').filter(Boolean));
  const untracked = untrackedOut.split('\0').filter(Boolean);
  const files: WorktreeDiffFile[] = parseUnifiedDiff(patch).map((f) => ({ ...f, uncommitted: uncommitted.has(f.path) || (f.oldPath !== undefined && uncommitted.has(f.oldPath)) }));
  // Untracked files are new files the branch would add once committed; git diff leaves them out.
  const shown = untracked.slice(0, MAX_UNTRACKED);
  const extra = await Promise.all(
    shown.map(async (path) => {
      const r = await g.run(wt.path, git('diff', ...DIFF_FLAGS, '--no-index', '--', '/dev/null', path));
      if (r.code > 1) throw new WorktreeError(`git diff of untracked ${path} failed: ${r.stderr.trim()}`);
      return parseUnifiedDiff(r.stdout).map((f) => ({ ...f, path, status: 'added' as const, uncommitted: true }));
    }),
  );
  files.push(...extra.flat());
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sessionId: session.id, baseBranch: wt.baseBranch, branch: wt.branch, mergeBase, files, omittedUntracked: untracked.slice(MAX_UNTRACKED) };
}
