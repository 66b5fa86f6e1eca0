// The events table: what policies, the scheduler and remote dispatch did, for every process to read.
import type { StoreContext } from './context';
import { parseJsonOr } from './rows';

export interface StoredEventRow {
  id: number;
  kind: string;
  sessionId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface EventQuery {
  /** Only events with a larger id (for tailing). */
  afterId?: number;
  kinds?: string[];
  sessionId?: string;
  /** At most this many (default 100): the first after `afterId`, else the newest; always oldest first. */
  limit?: number;
}

interface EventRow {
  id: number;
  kind: string;
  session_id: string | null;
  payload_json: string;
  created_at: string;
}

function rowToEvent(r: EventRow): StoredEventRow {
  return {
    id: r.id,
    kind: r.kind,
    sessionId: r.session_id,
    payload: parseJsonOr<Record<string, unknown>>(r.payload_json, {}),
    createdAt: r.created_at,
  };
}

export function eventOps(ctx: StoreContext) {
  return {
    insertEvent(kind: string, sessionId: string | null, payload: Record<string, unknown>): StoredEventRow {
      return ctx.write(() => {
        const createdAt = ctx.now();
        const result = ctx
          .stmt('INSERT INTO events (kind, session_id, payload_json, created_at) VALUES (?, ?, ?, ?)')
          .run(kind, sessionId, JSON.stringify(payload), createdAt);
        return { id: Number(result.lastInsertRowid), kind, sessionId, payload, createdAt };
      });
    },

    listEvents(q: EventQuery = {}): StoredEventRow[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: Math.max(1, Math.floor(q.limit ?? 100)) };
      if (q.afterId !== undefined) {
        where.push('id > @afterId');
        params.afterId = q.afterId;
      }
      if (q.sessionId !== undefined) {
        where.push('session_id = @sessionId');
        params.sessionId = q.sessionId;
      }
      if (q.kinds && q.kinds.length > 0) {
        where.push(`kind IN (${q.kinds.map((_, i) => `@k${i}`).join(', ')})`);
        q.kinds.forEach((k, i) => (params[`k${i}`] = k));
      }
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // Tailing (afterId) reads forward from the cursor; otherwise the newest `limit`, oldest first.
      const sql =
        q.afterId !== undefined
          ? `SELECT * FROM events ${filter} ORDER BY id ASC LIMIT @limit`
          : `SELECT * FROM (SELECT * FROM events ${filter} ORDER BY id DESC LIMIT @limit) ORDER BY id ASC`;
      return ctx.read(() => ctx.stmt(sql).all(params) as EventRow[]).map(rowToEvent);
    },

    /** The newest event id, 0 when there is none. */
    latestEventId(): number {
      const row = ctx.read(() => ctx.stmt('SELECT MAX(id) AS id FROM events').get() as { id: number | null });
      return row.id ?? 0;
    },

    /** Keeps the newest `keep` events; returns how many were deleted. */
    pruneEvents(keep: number): number {
      return ctx.write(
        () =>
          ctx
            .stmt('DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)')
            .run(Math.max(0, Math.floor(keep))).changes,
      );
    },
  };
}

export type EventOps = ReturnType<typeof eventOps>;
