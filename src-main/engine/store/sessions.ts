// The sessions table: insert, lookup (with id prefixes), state, pids, worktrees, metrics.
import type { Session, SessionAttention, SessionMetrics, SessionState, WorktreeInfo } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { likePrefix, notFound } from './rows';
import { parseSessionState, rowToSession, sessionToParams, type SessionRow } from './session-rows';
import { AmbiguousSessionError } from './session-ref';
import { canTransition } from './transitions';

export interface SessionExit {
  state: SessionState;
  exitCode: number | null;
  exitSignal: string | null;
  reason: string | null;
}

const METRIC_COLUMNS: Record<keyof SessionMetrics, string> = {
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheCreationTokens: 'cache_creation_tokens',
  tokensUsed: 'tokens_used',
  costUsd: 'cost_usd',
  costStatus: 'cost_status',
  costNote: 'cost_note',
  toolCalls: 'tool_calls',
  filesChanged: 'files_changed',
  durationSecs: 'duration_secs',
};

// Lifecycle writes count as a sign of life (ECC2 bumps both timestamps on them).
const BUMP_BOTH = 'updated_at = @now, last_heartbeat_at = @now';

export function sessionOps(ctx: StoreContext) {
  /** Runs an UPDATE on one session; throws "Session not found" when no row matched. */
  function updateOne(id: string, set: string, params: Record<string, unknown> = {}): void {
    const result = ctx.write(() =>
      ctx.stmt(`UPDATE sessions SET ${set} WHERE id = @id`).run({ ...params, id, now: ctx.now() }),
    );
    if (result.changes === 0) throw notFound(id);
  }

  function getExact(id: string): Session | null {
    const row = ctx.stmt('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? rowToSession(row) : null;
  }

  return {
    /** Stores a new session exactly as given (timestamps included). */
    insertSession(session: Session): void {
      const params = sessionToParams(session);
      const cols = Object.keys(params);
      const sql = `INSERT INTO sessions (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
      try {
        ctx.write(() => ctx.stmt(sql).run(params));
      } catch (err) {
        if (isConstraintError(err, 'PRIMARYKEY')) {
          throw new Error(`Session already exists: ${session.id}; choose another id`, { cause: err });
        }
        throw err;
      }
    },

    /**
     * The session with exactly this id, else the only one whose id starts with it. A prefix shared by
     * several sessions throws AmbiguousSessionError listing them: guessing would act on the wrong one.
     */
    getSession(idOrPrefix: string): Session | null {
      if (idOrPrefix === '') return null;
      return ctx.read(() => {
        const exact = getExact(idOrPrefix);
        if (exact) return exact;
        const rows = ctx
          .stmt(`SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, rowid DESC`)
          .all(likePrefix(idOrPrefix)) as SessionRow[];
        if (rows.length > 1) throw new AmbiguousSessionError(idOrPrefix, rows.map((r) => ({ id: r.id, task: r.task })));
        return rows[0] ? rowToSession(rows[0]) : null;
      });
    },

    getLatestSession(): Session | null {
      const row = ctx.read(
        () => ctx.stmt('SELECT * FROM sessions ORDER BY updated_at DESC, rowid DESC LIMIT 1').get() as SessionRow | undefined,
      );
      return row ? rowToSession(row) : null;
    },

    /** All sessions, most recently updated first. */
    listSessions(): Session[] {
      const rows = ctx.read(
        () => ctx.stmt('SELECT * FROM sessions ORDER BY updated_at DESC, rowid DESC').all() as SessionRow[],
      );
      return rows.map(rowToSession);
    },

    /** Moves a session to `state`, enforcing the state machine (same state is always allowed). */
    updateState(id: string, state: SessionState): void {
      ctx.write(() => {
        const row = ctx.stmt('SELECT state FROM sessions WHERE id = ?').get(id) as { state: string } | undefined;
        if (!row) throw notFound(id);
        const from = parseSessionState(row.state);
        if (!canTransition(from, state)) throw new Error(`Invalid session state transition: ${from} -> ${state}`);
        updateOne(id, `state = @state, ${BUMP_BOTH}`, { state });
      });
    },

    /** Sets state and pid together, without the transition check (resume, auto-terminate). */
    updateStateAndPid(id: string, state: SessionState, pid: number | null): void {
      updateOne(id, `state = @state, pid = @pid, ${BUMP_BOTH}`, { state, pid });
    },

    updatePid(id: string, pid: number | null): void {
      updateOne(id, `pid = @pid, ${BUMP_BOTH}`, { pid });
    },

    setRunnerPid(id: string, runnerPid: number | null): void {
      updateOne(id, `runner_pid = @runnerPid, ${BUMP_BOTH}`, { runnerPid });
    },

    /** Records a sign of life: last_heartbeat_at only. */
    touchHeartbeat(id: string): void {
      updateOne(id, 'last_heartbeat_at = @now');
    },

    /** Points the session at its worktree: working_dir becomes the worktree path. */
    attachWorktree(id: string, worktree: WorktreeInfo): void {
      updateOne(
        id,
        'working_dir = @path, worktree_path = @path, worktree_branch = @branch, worktree_base = @base, updated_at = @now',
        { path: worktree.path, branch: worktree.branch, base: worktree.baseBranch },
      );
    },

    /** Forgets the worktree but keeps working_dir as it is. */
    clearWorktree(id: string): void {
      updateOne(id, 'worktree_path = NULL, worktree_branch = NULL, worktree_base = NULL, updated_at = @now');
    },

    /** Forgets the worktree and moves working_dir back to `dir`. */
    clearWorktreeToDir(id: string, dir: string): void {
      updateOne(
        id,
        'working_dir = @dir, worktree_path = NULL, worktree_branch = NULL, worktree_base = NULL, updated_at = @now',
        { dir },
      );
    },

    /** Overwrites the given metric fields; the others keep their values. */
    updateMetrics(id: string, metrics: Partial<SessionMetrics>): void {
      const sets: string[] = [];
      const params: Record<string, unknown> = {};
      for (const [key, column] of Object.entries(METRIC_COLUMNS)) {
        const value = metrics[key as keyof SessionMetrics];
        if (value === undefined) continue;
        sets.push(`${column} = @${key}`);
        params[key] = value;
      }
      updateOne(id, [...sets, BUMP_BOTH].join(', '), params);
    },

    incrementToolCalls(id: string): void {
      updateOne(id, `tool_calls = tool_calls + 1, ${BUMP_BOTH}`);
    },

    setHarnessSessionId(id: string, harnessSessionId: string | null): void {
      updateOne(id, 'harness_session_id = @harnessSessionId, updated_at = @now', { harnessSessionId });
    },

    setAttention(id: string, attention: SessionAttention): void {
      updateOne(id, 'attention = @attention, updated_at = @now', { attention });
    },

    setStateReason(id: string, reason: string | null): void {
      updateOne(id, 'state_reason = @reason, updated_at = @now', { reason });
    },

    /** The agent process ended: final state, exit details and reason; clears the agent pid. No transition check. */
    recordExit(id: string, exit: SessionExit): void {
      updateOne(
        id,
        // A session the operator (or a policy) stopped stays stopped when its agent then exits.
        `state = CASE WHEN state = 'stopped' THEN state ELSE @state END,
         state_reason = CASE WHEN state = 'stopped' THEN state_reason ELSE @reason END,
         exit_code = @exitCode, exit_signal = @exitSignal, pid = NULL, runner_pid = NULL, ${BUMP_BOTH}`,
        { state: exit.state, exitCode: exit.exitCode, exitSignal: exit.exitSignal, reason: exit.reason },
      );
    },

    /** The runner started the agent: running, with both pids; clears the last run's exit details. No transition check. */
    markRunning(id: string, pids: { pid: number | null; runnerPid: number | null }): void {
      updateOne(
        id,
        `state = 'running', pid = @pid, runner_pid = @runnerPid, attention = NULL, state_reason = NULL,
         exit_code = NULL, exit_signal = NULL, ${BUMP_BOTH}`,
        { pid: pids.pid, runnerPid: pids.runnerPid },
      );
    },

    /** Stopped (by the operator or a policy) with the reason; the processes are gone, so both pids clear. */
    markStopped(id: string, reason: string): void {
      updateOne(id, `state = 'stopped', pid = NULL, runner_pid = NULL, attention = NULL, state_reason = @reason, ${BUMP_BOTH}`, {
        reason,
      });
    },

    /** Back to pending for a resume: pids, attention, reason and exit details cleared. No transition check. */
    markPendingForResume(id: string): void {
      updateOne(
        id,
        `state = 'pending', pid = NULL, runner_pid = NULL, attention = NULL, state_reason = NULL,
         exit_code = NULL, exit_signal = NULL, ${BUMP_BOTH}`,
      );
    },

    /** Deletes a session with its output index, tool log, file activity and messages from or to it. */
    deleteSession(id: string): void {
      ctx.write(() => {
        if (!ctx.stmt('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw notFound(id);
        // Its latest spend becomes a chart sample first (the daemon samples only every tick), so the
        // spend chart ends where the ledger's totals do once the session is gone.
        ctx
          .stmt(
            `INSERT INTO metrics_samples (session_id, tokens_used, cost_usd, sampled_at)
             SELECT s.id, s.tokens_used, s.cost_usd, @now FROM sessions s
             WHERE s.id = @id AND (s.tokens_used > 0 OR s.cost_usd > 0) AND NOT EXISTS (
               SELECT 1 FROM (SELECT tokens_used, cost_usd FROM metrics_samples m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1) last
               WHERE last.tokens_used = s.tokens_used AND last.cost_usd = s.cost_usd)`,
          )
          .run({ id, now: ctx.now() });
        ctx.stmt('DELETE FROM output_logs WHERE session_id = ?').run(id);
        ctx.stmt('DELETE FROM tool_log WHERE session_id = ?').run(id);
        ctx.stmt('DELETE FROM file_activity WHERE session_id = ?').run(id);
        ctx.stmt('DELETE FROM messages WHERE from_session = ? OR to_session = ?').run(id, id);
        // The rest (profile, queue entry, decisions, incidents) goes by ON DELETE CASCADE / SET NULL.
        ctx.stmt('DELETE FROM sessions WHERE id = ?').run(id);
      });
    },

    /**
     * Worktree slots in use (max_parallel_worktrees): sessions with a worktree that are pending,
     * running or idle. A finished session keeps its worktree (its work is there) but not its slot,
     * so finished sessions never stall the queue.
     */
    countWorktreeSlotsInUse(): number {
      const row = ctx.read(
        () =>
          ctx
            .stmt(`SELECT COUNT(*) AS n FROM sessions WHERE worktree_path IS NOT NULL AND state IN ('pending', 'running', 'idle')`)
            .get() as { n: number },
      );
      return row.n;
    },
  };
}

export type SessionOps = ReturnType<typeof sessionOps>;
