// Set-based reads and writes for the daemon's policies: one statement per question, whatever the
// number of sessions, so a tick stays cheap with a thousand of them.
import type { FileActivityEntry, Session, SessionState, WorktreeInfo } from '../model';
import type { StoreContext } from './context';
import { parseSessionState, rowToSession, type SessionRow } from './session-rows';

/** A session that holds a worktree, as the prune sees it. */
export interface WorktreeHolder {
  id: string;
  state: SessionState;
  lastHeartbeatAt: string;
  worktree: WorktreeInfo;
}
import { rowToFile, type FileRow } from './tools';

export interface UsageTotals {
  tokens: number;
  costUsd: number;
  /** Sessions whose tokens have no known price: their cost is not in costUsd. */
  unknownCostSessions: number;
  /** Of the totals, what sessions deleted since spent (the ledger keeps it). */
  deletedTokens: number;
  deletedCostUsd: number;
}

export interface ProcessRef {
  id: string;
  state: SessionState;
  pid: number | null;
  runnerPid: number | null;
}

export interface ProfileTokenBudget {
  sessionId: string;
  state: SessionState;
  profileName: string;
  tokenBudget: number;
  tokensUsed: number;
}

export interface CostMetricsUpdate {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  tokensUsed: number;
  costUsd: number;
}

const TERMINAL = `('completed', 'failed', 'stopped')`;

export function policyQueryOps(ctx: StoreContext) {
  const inList = (states: readonly string[]) => `(${states.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')})`;

  return {
    /** Sessions in any of `states`, most recently updated first (listSessions' order). */
    listSessionsInStates(states: readonly SessionState[]): Session[] {
      if (states.length === 0) return [];
      const sql = `SELECT * FROM sessions WHERE state IN ${inList(states)} ORDER BY updated_at DESC, rowid DESC`;
      return ctx.read(() => ctx.stmt(sql).all() as SessionRow[]).map(rowToSession);
    },

    /** What liveness checks need of sessions in `states`: their ids, states and process ids. */
    listProcessRefsInStates(states: readonly SessionState[]): ProcessRef[] {
      if (states.length === 0) return [];
      const sql = `SELECT id, state, pid, runner_pid FROM sessions WHERE state IN ${inList(states)}`;
      const rows = ctx.read(() => ctx.stmt(sql).all() as { id: string; state: SessionState; pid: number | null; runner_pid: number | null }[]);
      return rows.map((r) => ({ id: r.id, state: r.state, pid: r.pid, runnerPid: r.runner_pid }));
    },

    /**
     * Sessions in `states` whose last heartbeat may be before `cutoffIso` (a second of slack: the
     * caller decides exactly). An unreadable timestamp is not returned.
     */
    listSessionsSilentSince(states: readonly SessionState[], cutoffIso: string): Session[] {
      if (states.length === 0) return [];
      const sql = `SELECT * FROM sessions WHERE state IN ${inList(states)} AND julianday(last_heartbeat_at) <= julianday(?) + 1.0 / 86400
        ORDER BY updated_at DESC, rowid DESC`;
      return ctx.read(() => ctx.stmt(sql).all(cutoffIso) as SessionRow[]).map(rowToSession);
    },

    /** Worktree folders of the sessions in `states` that have one, by session id. */
    worktreePathsInStates(states: readonly SessionState[]): Map<string, string> {
      if (states.length === 0) return new Map();
      const sql = `SELECT id, worktree_path FROM sessions WHERE state IN ${inList(states)} AND worktree_path IS NOT NULL`;
      const rows = ctx.read(() => ctx.stmt(sql).all() as { id: string; worktree_path: string }[]);
      return new Map(rows.map((r) => [r.id, r.worktree_path]));
    },

    /**
     * What conflict detection reads, in one cheap row: new file activity, a session changing
     * (state, worktree: each bumps updated_at), sessions appearing or going, incidents opening or
     * closing. Equal stamps mean an equal verdict.
     */
    conflictInputsStamp(): string {
      const row = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT (SELECT COALESCE(MAX(id), 0) FROM file_activity) AS f, (SELECT COUNT(*) FROM file_activity) AS fc,
                 (SELECT COALESCE(MAX(updated_at), '') FROM sessions) AS s, (SELECT COUNT(*) FROM sessions) AS sc,
                 (SELECT COUNT(*) FROM conflict_incidents WHERE resolved_at IS NULL) AS o, (SELECT COALESCE(MAX(id), 0) FROM conflict_incidents) AS i`,
            )
            .get() as Record<string, unknown>,
      );
      return JSON.stringify(row);
    },

    /**
     * Sessions that have a worktree, most recently updated first: only what the prune decides on
     * (the daemon asks every tick, and whole rows for hundreds of finished sessions were most of it).
     */
    listWorktreeHolders(): WorktreeHolder[] {
      const sql = `SELECT id, state, last_heartbeat_at, worktree_path, worktree_branch, worktree_base FROM sessions
        WHERE worktree_path IS NOT NULL ORDER BY updated_at DESC, rowid DESC`;
      const rows = ctx.read(() => ctx.stmt(sql).all()) as Array<Pick<SessionRow, 'id' | 'state' | 'last_heartbeat_at' | 'worktree_branch' | 'worktree_base'> & { worktree_path: string }>;
      return rows.map((r) => ({
        id: r.id,
        state: parseSessionState(r.state),
        lastHeartbeatAt: r.last_heartbeat_at,
        worktree: { path: r.worktree_path, branch: r.worktree_branch ?? '', baseBranch: r.worktree_base ?? '' },
      }));
    },

    countSessionsInStates(states: readonly SessionState[]): number {
      if (states.length === 0) return 0;
      const sql = `SELECT COUNT(*) AS n FROM sessions WHERE state IN ${inList(states)}`;
      return ctx.read(() => ctx.stmt(sql).get() as { n: number }).n;
    },

    /**
     * Tokens and cost summed over every session, in any state (ECC2's global budget basis), deleted
     * sessions included: the spend ledger keeps each session's latest figures when its row goes.
     */
    sessionUsageTotals(): UsageTotals {
      const row = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT COALESCE(SUM(tokens_used), 0) AS t, COALESCE(SUM(cost_usd), 0) AS c,
                 COALESCE(SUM(CASE WHEN cost_status = 'unknown' THEN 1 ELSE 0 END), 0) AS u,
                 COALESCE(SUM(CASE WHEN deleted_at IS NOT NULL THEN tokens_used ELSE 0 END), 0) AS dt,
                 COALESCE(SUM(CASE WHEN deleted_at IS NOT NULL THEN cost_usd ELSE 0 END), 0) AS dc
               FROM spend_ledger`,
            )
            .get() as { t: number; c: number; u: number; dt: number; dc: number },
      );
      const micro = (n: number) => Math.round(n * 1e9) / 1e9;
      return { tokens: row.t, costUsd: micro(row.c), unknownCostSessions: row.u, deletedTokens: row.dt, deletedCostUsd: micro(row.dc) };
    },

    /** Models whose cost is unknown across the ledger, with why (for "budgets say so"). */
    unknownCostNotes(limit = 5): { sessionId: string; note: string | null }[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT l.session_id AS id, s.cost_note AS note FROM spend_ledger l LEFT JOIN sessions s ON s.id = l.session_id
               WHERE l.cost_status = 'unknown' ORDER BY l.updated_at DESC LIMIT ?`,
            )
            .all(limit) as { id: string; note: string | null }[],
      );
      return rows.map((r) => ({ sessionId: r.id, note: r.note }));
    },

    /** Sessions in `states` whose stored profile sets a positive token_budget. */
    listProfileTokenBudgets(states: readonly SessionState[]): ProfileTokenBudget[] {
      if (states.length === 0) return [];
      const sql = `SELECT s.id, s.state, s.tokens_used, p.profile_name, p.token_budget
        FROM sessions s JOIN session_profiles p ON p.session_id = s.id
        WHERE p.token_budget > 0 AND s.state IN ${inList(states)} ORDER BY s.updated_at DESC, s.rowid DESC`;
      const rows = ctx.read(
        () => ctx.stmt(sql).all() as { id: string; state: SessionState; tokens_used: number; profile_name: string; token_budget: number }[],
      );
      return rows.map((r) => ({ sessionId: r.id, state: r.state, profileName: r.profile_name, tokenBudget: r.token_budget, tokensUsed: r.tokens_used }));
    },

    /** The newest `perSession` file-activity entries of every session in `states`, newest first per session. */
    listRecentFileActivityInStates(states: readonly SessionState[], perSession: number): FileActivityEntry[] {
      if (states.length === 0) return [];
      const sql = `SELECT id, session_id, action, path, summary, diff_preview, patch_preview, timestamp FROM (
          SELECT f.*, ROW_NUMBER() OVER (PARTITION BY f.session_id ORDER BY f.timestamp DESC, f.id DESC) AS rn
          FROM file_activity f JOIN sessions s ON s.id = f.session_id WHERE s.state IN ${inList(states)}
        ) WHERE rn <= ? ORDER BY session_id, timestamp DESC, id DESC`;
      return (ctx.read(() => ctx.stmt(sql).all(perSession)) as FileRow[]).map(rowToFile);
    },

    /** Ids of the given sessions that exist. */
    existingSessionIds(ids: readonly string[]): Set<string> {
      if (ids.length === 0) return new Set();
      const rows = ctx.read(() => ctx.stmt('SELECT id FROM sessions').all() as { id: string }[]);
      const wanted = new Set(ids);
      return new Set(rows.map((r) => r.id).filter((id) => wanted.has(id)));
    },

    /**
     * Token and cost figures from a hook's cost row. Not a sign of life: timestamps are left alone, so
     * ingesting old rows neither revives a stale session nor reorders the list.
     */
    applyCostMetrics(sessionId: string, m: CostMetricsUpdate): boolean {
      return (
        ctx.write(() =>
          ctx
            .stmt(
              `UPDATE sessions SET input_tokens = @inputTokens, output_tokens = @outputTokens,
                 cache_read_tokens = @cacheReadTokens, cache_creation_tokens = @cacheCreationTokens,
                 tokens_used = @tokensUsed, cost_usd = @costUsd WHERE id = @sessionId`,
            )
            .run({ ...m, sessionId }),
        ).changes > 0
      );
    },

    /** tool_calls = logged calls, files_changed = distinct paths written (not just read), for these sessions. */
    refreshToolCounters(sessionIds: readonly string[]): void {
      if (sessionIds.length === 0) return;
      ctx.write(() => {
        const stmt = ctx.stmt(
          `UPDATE sessions SET tool_calls = (SELECT COUNT(*) FROM tool_log WHERE session_id = @id),
             files_changed = (SELECT COUNT(DISTINCT path) FROM file_activity WHERE session_id = @id AND action != 'read')
           WHERE id = @id`,
        );
        for (const id of sessionIds) stmt.run({ id });
      });
    },

    /**
     * duration_secs = now - created_at for live sessions, updated_at - created_at for finished ones.
     * Only rows whose value changes are written; timestamps are left alone.
     */
    refreshSessionDurations(nowIso: string): number {
      const expr = `MAX(0, CAST(ROUND((julianday(CASE WHEN state IN ${TERMINAL} THEN updated_at ELSE @now END)
        - julianday(created_at)) * 86400) AS INTEGER))`;
      return ctx.write(
        () => ctx.stmt(`UPDATE sessions SET duration_secs = ${expr} WHERE duration_secs IS NOT ${expr}`).run({ now: nowIso }).changes,
      );
    },
  };
}

export type PolicyQueryOps = ReturnType<typeof policyQueryOps>;
