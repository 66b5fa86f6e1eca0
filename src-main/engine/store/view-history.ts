// Reads and writes behind the operator views: spend samples over time, a conflict incident by id,
// and the lead -> delegate edges of the delegation graph in one query.
import type { StoreContext } from './context';

export interface MetricsSample {
  sessionId: string;
  tokensUsed: number;
  costUsd: number;
  sampledAt: string;
}

export interface HandoffEdge {
  fromSession: string;
  toSession: string;
  /** Every task_handoff from -> to. */
  handoffs: number;
  /** Of those, not yet read by the delegate. */
  unread: number;
  lastAt: string;
}

interface SampleRow {
  session_id: string;
  tokens_used: number;
  cost_usd: number;
  sampled_at: string;
}

const toSample = (r: SampleRow): MetricsSample => ({ sessionId: r.session_id, tokensUsed: r.tokens_used, costUsd: r.cost_usd, sampledAt: r.sampled_at });

export function viewHistoryOps(ctx: StoreContext) {
  return {
    /**
     * Samples the current tokens and cost of these sessions, skipping a session whose figures equal its
     * latest sample (so calling it often costs rows only when spend moved). Returns rows written.
     */
    recordMetricsSamples(sessionIds: readonly string[]): number {
      if (sessionIds.length === 0) return 0;
      return ctx.write(
        () =>
          ctx
            .stmt(
              `INSERT INTO metrics_samples (session_id, tokens_used, cost_usd, sampled_at)
               SELECT s.id, s.tokens_used, s.cost_usd, @now FROM sessions s
               WHERE s.id IN (SELECT value FROM json_each(@ids))
                 AND NOT EXISTS (
                   SELECT 1 FROM (SELECT tokens_used, cost_usd FROM metrics_samples m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1) last
                   WHERE last.tokens_used = s.tokens_used AND last.cost_usd = s.cost_usd)`,
            )
            .run({ ids: JSON.stringify([...new Set(sessionIds)]), now: ctx.now() }).changes,
      );
    },

    /**
     * Every sample at or after `since`, oldest first, preceded by each session's latest sample before
     * `since` (its starting point), so cumulative totals can be rebuilt for any window.
     */
    metricsSamplesSince(since: string): MetricsSample[] {
      return ctx.read(() => {
        const baseline = ctx
          .stmt(
            `SELECT session_id, tokens_used, cost_usd, sampled_at FROM (
               SELECT m.*, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY sampled_at DESC, id DESC) AS rn
               FROM metrics_samples m WHERE sampled_at < ?) WHERE rn = 1 ORDER BY sampled_at, session_id`,
          )
          .all(since) as SampleRow[];
        const rest = ctx
          .stmt('SELECT session_id, tokens_used, cost_usd, sampled_at FROM metrics_samples WHERE sampled_at >= ? ORDER BY sampled_at, id')
          .all(since) as SampleRow[];
        return [...baseline, ...rest].map(toSample);
      });
    },

    /** The key of incident `id` (store.getConflictIncident reads the incident by key), or null. */
    conflictKeyOfIncident(id: number): string | null {
      const row = ctx.read(() => ctx.stmt('SELECT conflict_key FROM conflict_incidents WHERE id = ?').get(id) as { conflict_key: string } | undefined);
      return row?.conflict_key ?? null;
    },

    /** task_handoff edges between any two of `ids` (both ends in the set), grouped per pair. */
    handoffEdgesAmong(ids: readonly string[]): HandoffEdge[] {
      if (ids.length === 0) return [];
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT from_session, to_session, COUNT(*) AS n, SUM(CASE WHEN read = 0 THEN 1 ELSE 0 END) AS unread, MAX(timestamp) AS last_at
               FROM messages WHERE msg_type = 'task_handoff'
                 AND from_session IN (SELECT value FROM json_each(@ids)) AND to_session IN (SELECT value FROM json_each(@ids))
                 AND from_session != to_session
               GROUP BY from_session, to_session ORDER BY MAX(id)`,
            )
            .all({ ids: JSON.stringify([...new Set(ids)]) }) as { from_session: string; to_session: string; n: number; unread: number; last_at: string }[],
      );
      return rows.map((r) => ({ fromSession: r.from_session, toSession: r.to_session, handoffs: r.n, unread: r.unread, lastAt: r.last_at }));
    },
  };
}

export type ViewHistoryOps = ReturnType<typeof viewHistoryOps>;
