// "Clean up merged": removes the worktrees (and branches) of finished sessions whose work is all in
// their base already: merged, or never changed anything. Nothing with uncommitted changes or with
// commits the base lacks is touched; the session rows (history, spend) stay.
import { existsSync } from 'node:fs';
import type { WorktreeDeps } from './deps';
import { gitOf, MERGE_ACTIVE_STATES } from './deps';
import { hasUncommittedChanges } from './inspect';
import { locateMainCheckout, removeWorktree } from './remove';
import { unmergedCommitCount } from './repo';

export interface CleanMergedOutcome {
  cleanedSessionIds: string[];
  /** Sessions left alone, with why. */
  skipped: { sessionId: string; reason: string }[];
}

export async function cleanUpMergedWorktrees(deps: WorktreeDeps): Promise<CleanMergedOutcome> {
  const git = gitOf(deps);
  const out: CleanMergedOutcome = { cleanedSessionIds: [], skipped: [] };
  for (const session of deps.store.listSessions()) {
    const wt = session.worktree;
    if (!wt || MERGE_ACTIVE_STATES.includes(session.state)) continue;
    const skip = (reason: string) => out.skipped.push({ sessionId: session.id, reason });
    if (!existsSync(wt.path)) {
      skip(`worktree ${wt.path} is missing; \`switchyard prune-worktrees\` forgets it`);
      continue;
    }
    const main = await locateMainCheckout(git, wt);
    if (!main) {
      skip(`no repository found for ${wt.path}`);
      continue;
    }
    if (await hasUncommittedChanges(git, wt)) continue; // work in progress: not merged
    if ((await unmergedCommitCount(git, main, wt.baseBranch, wt.branch)) > 0) continue; // not merged yet
    const removal = await removeWorktree(git, wt, { ownFiles: deps.config.worktree_setup?.copy_files });
    if (!removal.removedPath) {
      skip(removal.kept ?? `worktree ${wt.path} was not removed`);
      continue;
    }
    deps.store.clearWorktree(session.id);
    out.cleanedSessionIds.push(session.id);
  }
  return out;
}
