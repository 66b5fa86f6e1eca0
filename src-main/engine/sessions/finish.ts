// The end of a worktree session's run: its changes become a commit on its branch (auto_commit).
import { commitSessionWork, type CommitTrigger } from '../worktrees/session-commit';
import type { SessionDeps } from './deps';

/**
 * Commits a finished or stopped worktree session's work. Returns a line for the session's reason
 * when something needs saying (git had no identity, or the commit failed), else null.
 */
export async function autoCommitFinished(deps: SessionDeps, sessionId: string, trigger: CommitTrigger = 'finished'): Promise<string | null> {
  const session = deps.store.getSession(sessionId);
  if (!session?.worktree || !deps.config.auto_commit) return null;
  try {
    const { result } = await commitSessionWork(deps, sessionId, { trigger });
    return result.committed ? result.note : null;
  } catch (error) {
    return `its work was not committed: ${(error as Error).message}; commit it with \`switchyard commit ${sessionId}\``;
  }
}
