// Remote dispatch requests (§1.11): work handed in over HTTP or the CLI, dispatched by the daemon.
import type { RemoteDispatchRequest, RemoteRequestKind, RemoteRequestStatus, TaskPriority } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { priorityFromInt, priorityToInt } from './priority';
import { notFound } from './rows';

export interface NewRemoteDispatchRequest {
  requestKind: RemoteRequestKind;
  /** A full, existing session id (the column is a foreign key). */
  targetSessionId: string | null;
  task: string;
  targetUrl: string | null;
  priority: TaskPriority;
  agentType: string;
  profileName: string | null;
  workingDir: string;
  project: string;
  taskGroup: string;
  useWorktree: boolean;
  source: string;
  requester: string | null;
  /** The sender insisted on launching over a spent hard budget. */
  overBudget?: boolean;
}

interface RemoteRow {
  id: number;
  request_kind: string;
  target_session_id: string | null;
  task: string;
  target_url: string | null;
  priority: number;
  agent_type: string;
  profile_name: string | null;
  working_dir: string;
  project: string;
  task_group: string;
  use_worktree: number;
  source: string;
  requester: string | null;
  status: string;
  result_session_id: string | null;
  result_action: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  dispatched_at: string | null;
  over_budget?: number;
}

function rowToRequest(r: RemoteRow): RemoteDispatchRequest {
  return {
    id: r.id,
    requestKind: r.request_kind === 'computer_use' ? 'computer_use' : 'standard',
    targetSessionId: r.target_session_id,
    task: r.task,
    targetUrl: r.target_url,
    priority: priorityFromInt(r.priority),
    agentType: r.agent_type,
    profileName: r.profile_name,
    workingDir: r.working_dir,
    project: r.project,
    taskGroup: r.task_group,
    useWorktree: r.use_worktree !== 0,
    source: r.source,
    requester: r.requester,
    status: r.status as RemoteRequestStatus,
    resultSessionId: r.result_session_id,
    resultAction: r.result_action,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dispatchedAt: r.dispatched_at,
    ...(r.over_budget ? { overBudget: true } : {}),
  };
}

const PENDING_ORDER = 'priority DESC, created_at ASC, id ASC';

export function remoteOps(ctx: StoreContext) {
  const get = (id: number): RemoteDispatchRequest | null => {
    const row = ctx.read(
      () => ctx.stmt('SELECT * FROM remote_dispatch_requests WHERE id = ?').get(id) as RemoteRow | undefined,
    );
    return row ? rowToRequest(row) : null;
  };

  const list = (includeProcessed: boolean, limit: number): RemoteDispatchRequest[] => {
    const sql = includeProcessed
      ? `SELECT * FROM remote_dispatch_requests ORDER BY
           CASE status WHEN 'pending' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END, ${PENDING_ORDER} LIMIT ?`
      : `SELECT * FROM remote_dispatch_requests WHERE status = 'pending' ORDER BY ${PENDING_ORDER} LIMIT ?`;
    return ctx.read(() => ctx.stmt(sql).all(limit) as RemoteRow[]).map(rowToRequest);
  };

  return {
    /** Stores a new pending request. */
    insertRemoteDispatchRequest(r: NewRemoteDispatchRequest): RemoteDispatchRequest {
      try {
        return ctx.write(() => {
          const result = ctx
            .stmt(
              `INSERT INTO remote_dispatch_requests (request_kind, target_session_id, task, target_url, priority,
                 agent_type, profile_name, working_dir, project, task_group, use_worktree, source, requester, status,
                 created_at, updated_at, over_budget)
               VALUES (@requestKind, @targetSessionId, @task, @targetUrl, @priority, @agentType, @profileName,
                 @workingDir, @project, @taskGroup, @useWorktree, @source, @requester, 'pending', @now, @now, @overBudget)`,
            )
            .run({ ...r, priority: priorityToInt(r.priority), useWorktree: r.useWorktree ? 1 : 0, overBudget: r.overBudget ? 1 : 0, now: ctx.now() });
          return get(Number(result.lastInsertRowid)) as RemoteDispatchRequest;
        });
      } catch (err) {
        if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(r.targetSessionId ?? '');
        throw err;
      }
    },

    getRemoteDispatchRequest: get,

    /**
     * Pending requests by priority, then age; with `includeProcessed`, every request, pending first,
     * then failed, then dispatched and cancelled, each in that order.
     */
    listRemoteDispatchRequests: list,

    listPendingRemoteDispatchRequests(limit: number): RemoteDispatchRequest[] {
      return list(false, limit);
    },

    recordRemoteDispatchSuccess(id: number, resultSessionId: string | null, resultAction: string | null): void {
      ctx.write(() =>
        ctx
          .stmt(
            `UPDATE remote_dispatch_requests SET status = 'dispatched', result_session_id = @resultSessionId,
               result_action = @resultAction, error = NULL, dispatched_at = @now, updated_at = @now WHERE id = @id`,
          )
          .run({ resultSessionId, resultAction, id, now: ctx.now() }),
      );
    },

    /** Back to pending (error cleared) if it failed or was cancelled; false if it was not. */
    requeueRemoteDispatchRequest(id: number): boolean {
      return ctx.write(
        () =>
          ctx
            .stmt(`UPDATE remote_dispatch_requests SET status = 'pending', error = NULL, updated_at = ? WHERE id = ? AND status IN ('failed', 'cancelled')`)
            .run(ctx.now(), id).changes > 0,
      );
    },

    /** Withdraws a pending request; false if it was not pending (already dispatched, failed, cancelled). */
    cancelRemoteDispatchRequest(id: number): boolean {
      return ctx.write(
        () =>
          ctx
            .stmt(`UPDATE remote_dispatch_requests SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'pending'`)
            .run(ctx.now(), id).changes > 0,
      );
    },

    recordRemoteDispatchFailure(id: number, error: string): void {
      ctx.write(() =>
        ctx
          .stmt(`UPDATE remote_dispatch_requests SET status = 'failed', error = ?, updated_at = ? WHERE id = ?`)
          .run(error, ctx.now(), id),
      );
    },
  };
}

export type RemoteOps = ReturnType<typeof remoteOps>;
