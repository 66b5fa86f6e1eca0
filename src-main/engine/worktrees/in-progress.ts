// Is a git operation (merge, rebase, cherry-pick, revert, bisect, am) in progress in a checkout?
// Switchyard never touches one: whatever it would do could abort or corrupt the user's work.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Git } from './git';
import { gitOk } from './git';

interface Marker {
  path: string;
  name: string;
  /** What the user does to finish or leave it. */
  fix: string;
}

const MARKERS: readonly Marker[] = [
  { path: 'rebase-merge', name: 'a rebase', fix: 'git rebase --continue or git rebase --abort' },
  { path: 'rebase-apply/applying', name: 'a git am', fix: 'git am --continue or git am --abort' },
  { path: 'rebase-apply', name: 'a rebase', fix: 'git rebase --continue or git rebase --abort' },
  { path: 'MERGE_HEAD', name: 'a merge', fix: 'git merge --continue (after committing the resolution) or git merge --abort' },
  { path: 'CHERRY_PICK_HEAD', name: 'a cherry-pick', fix: 'git cherry-pick --continue or git cherry-pick --abort' },
  { path: 'REVERT_HEAD', name: 'a revert', fix: 'git revert --continue or git revert --abort' },
  { path: 'BISECT_LOG', name: 'a bisect', fix: 'git bisect reset' },
];

export interface OperationInProgress {
  name: string;
  fix: string;
}

/** The operation in progress in the checkout at `dir` (its own git dir, for a linked worktree), or null. */
export async function operationInProgress(git: Git, dir: string): Promise<OperationInProgress | null> {
  const gitDir = (await gitOk(git, dir, ['rev-parse', '--absolute-git-dir'], 'git rev-parse')).trim();
  for (const marker of MARKERS) {
    if (existsSync(join(gitDir, marker.path))) return { name: marker.name, fix: marker.fix };
  }
  return null;
}

/** A sentence for refusals: "<where> has a merge in progress; finish or abort it (...) and retry". */
export function inProgressMessage(where: string, op: OperationInProgress, verb: string): string {
  return `${where} has ${op.name} in progress; Switchyard will not ${verb} while it runs. Finish or abort it (${op.fix}), then retry`;
}
