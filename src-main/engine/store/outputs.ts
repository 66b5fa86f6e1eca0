// Index of per-session terminal output: where the runner's log file and socket are.
import type { OutputLogEntry } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { notFound } from './rows';

export interface OutputLogInput {
  sessionId: string;
  logPath: string;
  socketPath?: string | null;
  bytes?: number;
}

interface OutputRow {
  session_id: string;
  log_path: string;
  socket_path: string | null;
  bytes: number;
  updated_at: string;
}

function rowToOutput(r: OutputRow): OutputLogEntry {
  return { sessionId: r.session_id, logPath: r.log_path, socketPath: r.socket_path, bytes: r.bytes, updatedAt: r.updated_at };
}

export function outputOps(ctx: StoreContext) {
  const get = (sessionId: string): OutputLogEntry | null => {
    const row = ctx.read(() => ctx.stmt('SELECT * FROM output_logs WHERE session_id = ?').get(sessionId) as OutputRow | undefined);
    return row ? rowToOutput(row) : null;
  };

  const updateOne = (sessionId: string, set: string, params: Record<string, unknown>): void => {
    const result = ctx.write(() =>
      ctx.stmt(`UPDATE output_logs SET ${set}, updated_at = @now WHERE session_id = @sessionId`).run({
        ...params,
        sessionId,
        now: ctx.now(),
      }),
    );
    if (result.changes === 0) throw new Error(`No output log recorded for session ${sessionId}; call upsertOutputLog first`);
  };

  return {
    /** Records (or replaces) where the session's output lives. Omitted socket/bytes keep their values. */
    upsertOutputLog(o: OutputLogInput): OutputLogEntry {
      try {
        return ctx.write(() => {
          ctx
            .stmt(
              `INSERT INTO output_logs (session_id, log_path, socket_path, bytes, updated_at)
               VALUES (@sessionId, @logPath, @socketPath, COALESCE(@bytes, 0), @now)
               ON CONFLICT(session_id) DO UPDATE SET log_path = excluded.log_path,
                 socket_path = CASE WHEN @socketSet THEN excluded.socket_path ELSE socket_path END,
                 bytes = COALESCE(@bytes, bytes), updated_at = excluded.updated_at`,
            )
            .run({
              sessionId: o.sessionId,
              logPath: o.logPath,
              socketPath: o.socketPath ?? null,
              socketSet: o.socketPath === undefined ? 0 : 1,
              bytes: o.bytes ?? null,
              now: ctx.now(),
            });
          return get(o.sessionId) as OutputLogEntry;
        });
      } catch (err) {
        if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(o.sessionId);
        throw err;
      }
    },

    getOutputLog: get,

    listOutputLogs(): OutputLogEntry[] {
      return ctx.read(() => ctx.stmt('SELECT * FROM output_logs ORDER BY session_id').all() as OutputRow[]).map(rowToOutput);
    },

    setOutputLogBytes(sessionId: string, bytes: number): void {
      updateOne(sessionId, 'bytes = @bytes', { bytes });
    },

    setOutputLogSocket(sessionId: string, socketPath: string | null): void {
      updateOne(sessionId, 'socket_path = @socketPath', { socketPath });
    },
  };
}

export type OutputOps = ReturnType<typeof outputOps>;
