// Reads behind "a lead hears back": finished delegates whose lead has not had their result yet, and
// the latest result each delegate sent its lead (the graph draws it on the edge). A result is a
// `completed` message from the delegate to its lead; the lead is whoever sent the delegate its
// latest task handoff. No table of its own: the messages say what was reported, so any process can
// tell, and a restart never reports twice.
import type { StoreContext } from './context';

export interface PendingDelegateReport {
  delegateId: string;
  leadId: string;
  /** The handoff the result answers (the latest one from the lead). */
  handoffId: number;
}

export interface DelegateReportRow {
  /** The delegate (sender of the result). */
  fromSession: string;
  /** The lead. */
  toSession: string;
  messageId: number;
  read: boolean;
  content: string;
  timestamp: string;
}

export function delegateReportOps(ctx: StoreContext) {
  return {
    /**
     * Completed or failed delegates, finished (last updated) at or after `since`, whose latest task
     * handoff came from a session that still exists and that has no result from them after that
     * handoff. `since` keeps an upgrade from reporting every delegate that ever finished.
     */
    finishedDelegatesAwaitingReport(since: string, limit = 100): PendingDelegateReport[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT d.id AS delegate_id, h.from_session AS lead_id, h.id AS handoff_id
               FROM sessions d
               JOIN messages h ON h.id = (
                 SELECT MAX(m.id) FROM messages m
                 WHERE m.to_session = d.id AND m.msg_type = 'task_handoff' AND m.from_session <> d.id
                   AND m.from_session IN (SELECT id FROM sessions))
               WHERE d.state IN ('completed', 'failed') AND d.updated_at >= @since
                 AND NOT EXISTS (
                   SELECT 1 FROM messages r
                   WHERE r.from_session = d.id AND r.to_session = h.from_session AND r.msg_type = 'completed' AND r.id > h.id)
               ORDER BY d.updated_at, d.id
               LIMIT @limit`,
            )
            .all({ since, limit }) as { delegate_id: string; lead_id: string; handoff_id: number }[],
      );
      return rows.map((r) => ({ delegateId: r.delegate_id, leadId: r.lead_id, handoffId: r.handoff_id }));
    },

    /** The newest result message each of `ids` sent to another of `ids` (delegate -> lead), per pair. */
    latestDelegateReportsAmong(ids: readonly string[]): DelegateReportRow[] {
      if (ids.length === 0) return [];
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `WITH ids AS (SELECT value AS id FROM json_each(?))
               SELECT m.id, m.from_session, m.to_session, m.read, m.content, m.timestamp FROM messages m
               WHERE m.id IN (
                 SELECT MAX(id) FROM messages
                 WHERE msg_type = 'completed' AND from_session IN (SELECT id FROM ids) AND to_session IN (SELECT id FROM ids)
                 GROUP BY from_session, to_session)
               ORDER BY m.id`,
            )
            .all(JSON.stringify([...new Set(ids)])) as { id: number; from_session: string; to_session: string; read: number; content: string; timestamp: string }[],
      );
      return rows.map((r) => ({ fromSession: r.from_session, toSession: r.to_session, messageId: r.id, read: r.read !== 0, content: r.content, timestamp: r.timestamp }));
    },
  };
}
