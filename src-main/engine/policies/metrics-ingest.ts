// Metrics ingestion each tick (ECC2 only did this in read commands and the TUI): the hook files
// `<dir of db>/metrics/costs.jsonl` (latest row per session is its running total) and
// `metrics/tool-usage.jsonl` (one row per tool call, deduplicated by id), then durations.
// Read positions are persisted, so a restarted daemon resumes where the last one stopped.
import { dirname, join } from 'node:path';
import { CostsReader, ToolUsageReader, type CostRow, type TailCursor } from '../metrics';
import type { Store } from '../store';
import { policyNow } from './deps';

export const COSTS_CURSOR = 'costs.jsonl';
export const TOOL_USAGE_CURSOR = 'tool-usage.jsonl';

export function metricsPaths(dbPath: string): { costs: string; toolUsage: string } {
  const dir = join(dirname(dbPath), 'metrics');
  return { costs: join(dir, 'costs.jsonl'), toolUsage: join(dir, 'tool-usage.jsonl') };
}

export interface MetricsIngestOutcome {
  /** Sessions whose token/cost figures were updated. */
  costSessions: string[];
  /** Tool calls newly logged. */
  toolCalls: number;
  /** Rows for sessions this database does not know (other Claude sessions share the hook files). */
  skippedRows: number;
  /** Sessions whose duration changed. */
  durationsRefreshed: number;
}

const sameCursor = (a: TailCursor, b: TailCursor) => a.offset === b.offset && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/** Keeps the readers (and so the unchanged-file shortcut) across ticks. */
export class MetricsIngestor {
  private costs: CostsReader | null = null;
  private tools: ToolUsageReader | null = null;
  readonly paths: { costs: string; toolUsage: string };

  constructor(
    private readonly store: Store,
    paths?: { costs: string; toolUsage: string },
  ) {
    this.paths = paths ?? metricsPaths(store.path);
  }

  private cursor(name: string, path: string): TailCursor | undefined {
    const saved = this.store.getMetricsCursor(name);
    // A cursor for another file (the database moved, or the path changed) does not apply.
    return saved && saved.path === path ? { offset: saved.offset, size: saved.size, mtimeMs: saved.mtimeMs, ino: saved.ino } : undefined;
  }

  private save(name: string, path: string, before: TailCursor, after: TailCursor): void {
    if (!sameCursor(before, after)) this.store.setMetricsCursor(name, { path, ...after });
  }

  ingest(now: () => Date = () => new Date()): MetricsIngestOutcome {
    const { store } = this;
    this.costs ??= new CostsReader(this.paths.costs, this.cursor(COSTS_CURSOR, this.paths.costs));
    this.tools ??= new ToolUsageReader(this.paths.toolUsage, { cursor: this.cursor(TOOL_USAGE_CURSOR, this.paths.toolUsage) });
    const outcome: MetricsIngestOutcome = { costSessions: [], toolCalls: 0, skippedRows: 0, durationsRefreshed: 0 };

    const costsBefore = this.costs.position();
    const changed: CostRow[] = this.costs.read();
    const toolsBefore = this.tools.position();
    const records = this.tools.read();

    const known = store.existingSessionIds([...changed.map((r) => r.sessionId), ...records.map((r) => r.sessionId)]);
    const touched = new Set<string>();
    store.transaction(() => {
      for (const row of changed) {
        if (!known.has(row.sessionId)) {
          outcome.skippedRows += 1;
          continue;
        }
        store.applyCostMetrics(row.sessionId, {
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          cacheReadTokens: row.cacheReadTokens,
          cacheCreationTokens: row.cacheWriteTokens,
          // Budgets count fresh tokens in and out, as the stream tap does; cache traffic is kept apart.
          tokensUsed: row.inputTokens + row.outputTokens,
          costUsd: row.costUsd,
        });
        outcome.costSessions.push(row.sessionId);
      }
      for (const r of records) {
        if (!known.has(r.sessionId)) {
          outcome.skippedRows += 1;
          continue;
        }
        const { inserted } = store.insertToolLog({
          hookEventId: r.hookEventId,
          sessionId: r.sessionId,
          toolName: r.toolName,
          inputSummary: r.inputSummary,
          inputParamsJson: r.inputParamsJson,
          outputSummary: r.outputSummary,
          durationMs: r.durationMs,
          riskScore: r.riskScore,
          ...(r.timestamp ? { timestamp: r.timestamp } : {}),
          filePaths: r.filePaths,
          fileEvents: r.fileEvents,
        });
        if (inserted) {
          outcome.toolCalls += 1;
          touched.add(r.sessionId);
        }
      }
      store.refreshToolCounters([...touched]);
      // Spend over time for the budgets chart (a row only when a session's figures moved).
      store.recordMetricsSamples(outcome.costSessions);
      // Cursors move in the same transaction as the rows they cover: never ingested twice, never lost.
      this.save(COSTS_CURSOR, this.paths.costs, costsBefore, this.costs?.position() ?? costsBefore);
      this.save(TOOL_USAGE_CURSOR, this.paths.toolUsage, toolsBefore, this.tools?.position() ?? toolsBefore);
    });
    outcome.durationsRefreshed = store.refreshSessionDurations(policyNow({ now }).toISOString());
    return outcome;
  }
}
