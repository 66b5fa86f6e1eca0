// Sessions waiting for a worktree slot (max_parallel_worktrees reached).
import type { PendingWorktreeRequest } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { notFound } from './rows';

interface QueueRow {
  session_id: string;
  repo_root: string;
  requested_at: string;
}

export function worktreeQueueOps(ctx: StoreContext) {
  return {
    /** Queues the session (again), with requested_at = now. */
    enqueuePendingWorktree(sessionId: string, repoRoot: string): void {
      try {
        ctx.write(() =>
          ctx
            .stmt('INSERT OR REPLACE INTO pending_worktree_queue (session_id, repo_root, requested_at) VALUES (?, ?, ?)')
            .run(sessionId, repoRoot, ctx.now()),
        );
      } catch (err) {
        if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(sessionId);
        throw err;
      }
    },

    /** Removes the session from the queue; false if it was not queued. */
    dequeuePendingWorktree(sessionId: string): boolean {
      return ctx.write(() => ctx.stmt('DELETE FROM pending_worktree_queue WHERE session_id = ?').run(sessionId)).changes > 0;
    },

    /** The queue, first requested first (ties by session id). */
    pendingWorktreeQueue(limit: number): PendingWorktreeRequest[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt('SELECT * FROM pending_worktree_queue ORDER BY requested_at ASC, session_id ASC LIMIT ?')
            .all(limit) as QueueRow[],
      );
      return rows.map((r) => ({ sessionId: r.session_id, repoRoot: r.repo_root, requestedAt: r.requested_at }));
    },

    pendingWorktreeQueueContains(sessionId: string): boolean {
      return ctx.read(() => ctx.stmt('SELECT 1 FROM pending_worktree_queue WHERE session_id = ?').get(sessionId)) !== undefined;
    },
  };
}

export type WorktreeQueueOps = ReturnType<typeof worktreeQueueOps>;
