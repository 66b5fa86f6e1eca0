// Conflict incidents: two sessions touching the same path, keyed `path::sessA::sessB`.
import type { ConflictIncident } from '../model';
import type { StoreContext } from './context';

export interface ConflictIncidentInput {
  conflictKey: string;
  path: string;
  firstSessionId: string;
  secondSessionId: string;
  activeSessionId: string;
  pausedSessionId: string;
  firstAction: string;
  secondAction: string;
  strategy: string;
  summary: string;
}

interface IncidentRow {
  id: number;
  conflict_key: string;
  path: string;
  first_session_id: string;
  second_session_id: string;
  active_session_id: string;
  paused_session_id: string;
  first_action: string;
  second_action: string;
  strategy: string;
  summary: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

function rowToIncident(r: IncidentRow): ConflictIncident {
  return {
    id: r.id,
    conflictKey: r.conflict_key,
    path: r.path,
    firstSessionId: r.first_session_id,
    secondSessionId: r.second_session_id,
    activeSessionId: r.active_session_id,
    pausedSessionId: r.paused_session_id,
    firstAction: r.first_action,
    secondAction: r.second_action,
    strategy: r.strategy,
    summary: r.summary,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
  };
}

export function conflictOps(ctx: StoreContext) {
  const list = (sql: string, ...params: unknown[]): ConflictIncident[] =>
    ctx.read(() => ctx.stmt(sql).all(...params) as IncidentRow[]).map(rowToIncident);

  return {
    hasOpenConflictIncident(conflictKey: string): boolean {
      return (
        ctx.read(() =>
          ctx.stmt('SELECT 1 FROM conflict_incidents WHERE conflict_key = ? AND resolved_at IS NULL').get(conflictKey),
        ) !== undefined
      );
    },

    getConflictIncident(conflictKey: string): ConflictIncident | null {
      const row = ctx.read(
        () => ctx.stmt('SELECT * FROM conflict_incidents WHERE conflict_key = ?').get(conflictKey) as IncidentRow | undefined,
      );
      return row ? rowToIncident(row) : null;
    },

    /** Inserts the incident, or overwrites the one with the same key and re-opens it. */
    upsertConflictIncident(i: ConflictIncidentInput): ConflictIncident {
      return ctx.write(() => {
        ctx
          .stmt(
            `INSERT INTO conflict_incidents (conflict_key, path, first_session_id, second_session_id, active_session_id,
               paused_session_id, first_action, second_action, strategy, summary, created_at, updated_at, resolved_at)
             VALUES (@conflictKey, @path, @firstSessionId, @secondSessionId, @activeSessionId, @pausedSessionId,
               @firstAction, @secondAction, @strategy, @summary, @now, @now, NULL)
             ON CONFLICT(conflict_key) DO UPDATE SET path = excluded.path,
               first_session_id = excluded.first_session_id, second_session_id = excluded.second_session_id,
               active_session_id = excluded.active_session_id, paused_session_id = excluded.paused_session_id,
               first_action = excluded.first_action, second_action = excluded.second_action,
               strategy = excluded.strategy, summary = excluded.summary, updated_at = excluded.updated_at,
               resolved_at = NULL`,
          )
          .run({ ...i, now: ctx.now() });
        return rowToIncident(
          ctx.stmt('SELECT * FROM conflict_incidents WHERE conflict_key = ?').get(i.conflictKey) as IncidentRow,
        );
      });
    },

    /** Open incidents the session takes part in (any role), most recently updated first. */
    listOpenConflictIncidentsForSession(sessionId: string, limit: number): ConflictIncident[] {
      return list(
        `SELECT * FROM conflict_incidents WHERE resolved_at IS NULL AND (first_session_id = @id
           OR second_session_id = @id OR active_session_id = @id OR paused_session_id = @id)
         ORDER BY updated_at DESC, id DESC LIMIT @limit`,
        { id: sessionId, limit },
      );
    },

    listOpenConflictIncidents(limit: number): ConflictIncident[] {
      return list(
        'SELECT * FROM conflict_incidents WHERE resolved_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT ?',
        limit,
      );
    },

    /** Marks an open incident resolved; false if it was not open. */
    resolveConflictIncident(id: number): boolean {
      return (
        ctx.write(() =>
          ctx
            .stmt('UPDATE conflict_incidents SET resolved_at = @now, updated_at = @now WHERE id = @id AND resolved_at IS NULL')
            .run({ id, now: ctx.now() }),
        ).changes > 0
      );
    },

    /** Resolves every open incident whose key is not in `openKeys` (the conflicts that still exist). */
    resolveConflictIncidentsNotIn(openKeys: string[]): number {
      return ctx.write(() => {
        const open = ctx.stmt('SELECT id, conflict_key FROM conflict_incidents WHERE resolved_at IS NULL').all() as {
          id: number;
          conflict_key: string;
        }[];
        const keep = new Set(openKeys);
        const resolve = ctx.stmt('UPDATE conflict_incidents SET resolved_at = @now, updated_at = @now WHERE id = @id');
        let n = 0;
        for (const row of open) {
          if (keep.has(row.conflict_key)) continue;
          resolve.run({ id: row.id, now: ctx.now() });
          n += 1;
        }
        return n;
      });
    },
  };
}

export type ConflictOps = ReturnType<typeof conflictOps>;
