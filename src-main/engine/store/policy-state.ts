// State the daemon's policies keep between ticks: announced budget-alert levels and JSONL read cursors.
import type { StoreContext } from './context';

export interface MetricsCursor {
  path: string;
  offset: number;
  size: number;
  mtimeMs: number;
  ino: number;
}

interface CursorRow {
  path: string;
  offset: number;
  size: number;
  mtime_ms: number;
  ino: number;
}

export function policyStateOps(ctx: StoreContext) {
  return {
    /** Every scope's announced alert level (a fraction of the budget, e.g. 0.75). */
    listBudgetAlertLevels(): Map<string, number> {
      const rows = ctx.read(() => ctx.stmt('SELECT scope, level FROM budget_alert_state').all() as { scope: string; level: number }[]);
      return new Map(rows.map((r) => [r.scope, r.level]));
    },

    setBudgetAlertLevel(scope: string, level: number): void {
      ctx.write(() =>
        ctx
          .stmt(
            `INSERT INTO budget_alert_state (scope, level, updated_at) VALUES (?, ?, ?)
             ON CONFLICT(scope) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at`,
          )
          .run(scope, level, ctx.now()),
      );
    },

    getMetricsCursor(name: string): MetricsCursor | null {
      const row = ctx.read(
        () => ctx.stmt('SELECT path, offset, size, mtime_ms, ino FROM metrics_cursors WHERE name = ?').get(name) as CursorRow | undefined,
      );
      return row ? { path: row.path, offset: row.offset, size: row.size, mtimeMs: row.mtime_ms, ino: row.ino } : null;
    },

    setMetricsCursor(name: string, c: MetricsCursor): void {
      ctx.write(() =>
        ctx
          .stmt(
            `INSERT INTO metrics_cursors (name, path, offset, size, mtime_ms, ino, updated_at)
             VALUES (@name, @path, @offset, @size, @mtimeMs, @ino, @now)
             ON CONFLICT(name) DO UPDATE SET path = excluded.path, offset = excluded.offset, size = excluded.size,
               mtime_ms = excluded.mtime_ms, ino = excluded.ino, updated_at = excluded.updated_at`,
          )
          .run({ name, ...c, now: ctx.now() }),
      );
    },
  };
}

export type PolicyStateOps = ReturnType<typeof policyStateOps>;
