// Which files a branch changes, for skipping pairwise conflict checks that cannot find anything:
// two branches can only conflict where one changes a path the other changes too, or where one
// changes a file at a path the other uses as a directory (file/directory conflicts). Renames are
// listed as a deletion plus an addition (--no-renames), so both names count.
import type { WorktreeInfo } from '../model';
import type { Git } from '../worktrees/git';

export interface TouchedPaths {
  files: Set<string>;
  /** Every ancestor directory of a changed file. */
  dirs: Set<string>;
}

/** The paths the branch changes since it left its base; null when git cannot say (check every pair then). */
export async function touchedPaths(git: Git, wt: WorktreeInfo): Promise<TouchedPaths | null> {
  const r = await git.run(wt.path, ['diff', '--name-only', '--no-renames', '-z', `refs/heads/${wt.baseBranch}...refs/heads/${wt.branch}`]);
  if (r.code !== 0) return null;
  const files = new Set(r.stdout.split('\0').filter(Boolean));
  const dirs = new Set<string>();
  for (const file of files) {
    for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) dirs.add(file.slice(0, at));
  }
  return { files, dirs };
}

/** False only when the two branches cannot conflict. */
export function mayConflict(a: TouchedPaths | null, b: TouchedPaths | null): boolean {
  if (!a || !b) return true;
  const [small, large] = a.files.size <= b.files.size ? [a, b] : [b, a];
  for (const file of small.files) if (large.files.has(file) || large.dirs.has(file)) return true;
  for (const file of large.files) if (small.dirs.has(file)) return true;
  return false;
}
