// Tool-call log (deduplicated by hook event id) and the file activity derived from it.
import type { FileAction, FileActivityEntry, FileEvent, ToolLogEntry } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { notFound, parseJsonOr, stringArray } from './rows';

export interface NewToolLogEntry {
  hookEventId?: string | null;
  sessionId: string;
  toolName: string;
  inputSummary: string;
  inputParamsJson?: string;
  outputSummary: string;
  triggerSummary?: string;
  durationMs: number;
  riskScore: number;
  /** Defaults to now. */
  timestamp?: string;
  filePaths?: string[];
  fileEvents?: FileEvent[];
}

export interface ToolLogInsert {
  /** False when a row with the same hookEventId was already there (the hook fired twice). */
  inserted: boolean;
  /** The stored row: the new one, or the earlier one with that hookEventId. */
  entry: ToolLogEntry;
}

export interface ToolLogPage {
  entries: ToolLogEntry[];
  page: number;
  pageSize: number;
  total: number;
}

export interface NewFileActivity {
  sessionId: string;
  action: FileAction;
  path: string;
  summary: string;
  diffPreview?: string | null;
  patchPreview?: string | null;
  /** Defaults to now. */
  timestamp?: string;
}

interface ToolRow {
  id: number;
  hook_event_id: string | null;
  session_id: string;
  tool_name: string;
  input_summary: string;
  input_params_json: string;
  output_summary: string;
  trigger_summary: string;
  duration_ms: number;
  risk_score: number;
  timestamp: string;
  file_paths_json: string;
  file_events_json: string;
}

export interface FileRow {
  id: number;
  session_id: string;
  action: string;
  path: string;
  summary: string;
  diff_preview: string | null;
  patch_preview: string | null;
  timestamp: string;
}

function rowToTool(r: ToolRow): ToolLogEntry {
  const events = parseJsonOr<unknown>(r.file_events_json, []);
  return {
    id: r.id,
    hookEventId: r.hook_event_id,
    sessionId: r.session_id,
    toolName: r.tool_name,
    inputSummary: r.input_summary,
    inputParamsJson: r.input_params_json,
    outputSummary: r.output_summary,
    triggerSummary: r.trigger_summary,
    durationMs: r.duration_ms,
    riskScore: r.risk_score,
    timestamp: r.timestamp,
    filePaths: stringArray(r.file_paths_json),
    fileEvents: Array.isArray(events) ? (events as FileEvent[]) : [],
  };
}

export function rowToFile(r: FileRow): FileActivityEntry {
  return {
    id: r.id,
    sessionId: r.session_id,
    action: r.action as FileAction,
    path: r.path,
    summary: r.summary,
    diffPreview: r.diff_preview,
    patchPreview: r.patch_preview,
    timestamp: r.timestamp,
  };
}

export function toolOps(ctx: StoreContext) {
  function insertFile(a: NewFileActivity): FileActivityEntry {
    return ctx.write(() => {
      const result = ctx
        .stmt(
          `INSERT INTO file_activity (session_id, action, path, summary, diff_preview, patch_preview, timestamp)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(a.sessionId, a.action, a.path, a.summary, a.diffPreview ?? null, a.patchPreview ?? null, a.timestamp ?? ctx.now());
      return rowToFile(ctx.stmt('SELECT * FROM file_activity WHERE id = ?').get(result.lastInsertRowid) as FileRow);
    });
  }

  function guardSession<T>(sessionId: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(sessionId);
      throw err;
    }
  }

  return {
    /**
     * Logs a tool call once per hookEventId. Its fileEvents are also recorded as file activity, in
     * the same transaction, so callers record a call's file events through this alone.
     */
    insertToolLog(e: NewToolLogEntry): ToolLogInsert {
      const timestamp = e.timestamp ?? ctx.now();
      const fileEvents = e.fileEvents ?? [];
      return guardSession(e.sessionId, () =>
        ctx.write(() => {
          const result = ctx
            .stmt(
              `INSERT INTO tool_log (hook_event_id, session_id, tool_name, input_summary, input_params_json,
                 output_summary, trigger_summary, duration_ms, risk_score, timestamp, file_paths_json, file_events_json)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hook_event_id) DO NOTHING`,
            )
            .run(
              e.hookEventId ?? null,
              e.sessionId,
              e.toolName,
              e.inputSummary,
              e.inputParamsJson ?? '{}',
              e.outputSummary,
              e.triggerSummary ?? '',
              e.durationMs,
              e.riskScore,
              timestamp,
              JSON.stringify(e.filePaths ?? []),
              JSON.stringify(fileEvents),
            );
          if (result.changes === 0) {
            const existing = ctx.stmt('SELECT * FROM tool_log WHERE hook_event_id = ?').get(e.hookEventId) as ToolRow;
            return { inserted: false, entry: rowToTool(existing) };
          }
          for (const ev of fileEvents) {
            insertFile({
              sessionId: e.sessionId,
              action: ev.action,
              path: ev.path,
              summary: e.inputSummary,
              diffPreview: ev.diffPreview ?? null,
              patchPreview: ev.patchPreview ?? null,
              timestamp,
            });
          }
          const row = ctx.stmt('SELECT * FROM tool_log WHERE id = ?').get(result.lastInsertRowid) as ToolRow;
          return { inserted: true, entry: rowToTool(row) };
        }),
      );
    },

    /** One page (1-based; clamped to >= 1) of the session's tool calls, newest first, with the total. */
    queryToolLogs(sessionId: string, page: number, pageSize: number): ToolLogPage {
      if (pageSize <= 0) throw new Error('page_size must be greater than 0');
      const p = Math.max(1, Math.floor(page));
      return ctx.read(() => {
        const rows = ctx
          .stmt('SELECT * FROM tool_log WHERE session_id = ? ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?')
          .all(sessionId, pageSize, (p - 1) * pageSize) as ToolRow[];
        const total = (ctx.stmt('SELECT COUNT(*) AS n FROM tool_log WHERE session_id = ?').get(sessionId) as { n: number }).n;
        return { entries: rows.map(rowToTool), page: p, pageSize, total };
      });
    },

    countToolLogs(sessionId: string): number {
      return ctx.read(
        () => ctx.stmt('SELECT COUNT(*) AS n FROM tool_log WHERE session_id = ?').get(sessionId) as { n: number },
      ).n;
    },

    insertFileActivity(a: NewFileActivity): FileActivityEntry {
      return guardSession(a.sessionId, () => insertFile(a));
    },

    /** The session's file activity, newest first. */
    listFileActivity(sessionId: string, limit: number): FileActivityEntry[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt('SELECT * FROM file_activity WHERE session_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?')
            .all(sessionId, limit) as FileRow[],
      );
      return rows.map(rowToFile);
    },
  };
}

export type ToolOps = ReturnType<typeof toolOps>;
