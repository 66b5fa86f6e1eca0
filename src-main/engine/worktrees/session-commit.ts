// `switchyard commit ID [-m MSG]` and the automatic commit when a worktree session finishes: the
// session's changes become a commit on its branch, so the merge queue can take them.
import { createEventBus } from '../events';
import type { Session } from '../model';
import { resolveSessionRef } from '../sessions/create';
import { commitWorktree, sessionCommitMessage, type CommitResult } from './commit';
import type { WorktreeDeps } from './deps';
import { gitOf } from './deps';
import { WorktreeError } from './errors';

export type CommitTrigger = 'finished' | 'stopped' | 'operator';

export interface SessionCommitOutcome {
  sessionId: string;
  branch: string;
  result: CommitResult;
}

/** States in which the agent may still be writing: committing then would race it. */
const WRITING_STATES: readonly Session['state'][] = ['pending', 'running'];

/** The commit message a session's work gets: an explicit one (plus the session trailer), else task + summary. */
function messageFor(deps: WorktreeDeps, session: Session, explicit: string | undefined): string {
  if (explicit !== undefined) {
    if (explicit.trim() === '') throw new WorktreeError('commit message is empty; give one with -m "..." or leave -m out to use the task');
    return `${explicit.trim()}\n\nSwitchyard-Session: ${session.id}`;
  }
  return sessionCommitMessage(session.task, deps.store.getOutcome(session.id)?.summary ?? null, session.id);
}

/** Commits a session's uncommitted work on its branch. `committed: false` means there was nothing to commit. */
export async function commitSessionWork(
  deps: WorktreeDeps,
  ref: string,
  opts: { message?: string; trigger?: CommitTrigger } = {},
): Promise<SessionCommitOutcome> {
  const session = resolveSessionRef(deps, ref);
  const wt = session.worktree;
  if (!wt) {
    throw new WorktreeError(
      `Session ${session.id} has no worktree: it ran in ${session.workingDir}, your own checkout, where Switchyard never commits; commit there yourself with git`,
    );
  }
  if ((opts.trigger ?? 'operator') === 'operator' && WRITING_STATES.includes(session.state)) {
    throw new WorktreeError(
      `Session ${session.id} is ${session.state}: its agent may still be writing; wait for it to finish (switchyard wait ${session.id}) or stop it, then commit`,
    );
  }
  const result = await commitWorktree(gitOf(deps), wt, { message: messageFor(deps, session, opts.message), author: deps.config.commit_author });
  if (result.committed) {
    deps.store.recordCommit(session.id, result.sha);
    createEventBus(deps.store).emit('session_committed', {
      sessionId: session.id,
      branch: wt.branch,
      sha: result.sha,
      files: result.files.length,
      trigger: opts.trigger ?? 'operator',
    });
  }
  return { sessionId: session.id, branch: wt.branch, result };
}
