// Engine events worth telling the operator about, as one line each.
import type { EngineEvent } from '../../../src-main/api';

export function describeEngineEvent(e: EngineEvent): { text: string; kind: 'info' | 'warn' | 'error' } | null {
  const p = e.payload as Record<string, unknown>;
  const who = e.sessionId ? `Session ${e.sessionId}` : 'Global';
  switch (e.kind) {
    case 'budget_alert':
      return { text: `${who}: ${String(p.kind)} budget at ${Math.round(Number(p.percent))}% (${String(p.threshold)})`, kind: p.threshold === 'exceeded' || p.threshold === 'critical' ? 'error' : 'warn' };
    case 'budget_stop':
      return { text: `${who} stopped by its budget: ${String(p.reason)}`, kind: 'error' };
    case 'conflict_detected':
      return { text: `File conflict on ${String(p.path)}: ${String(p.summary)}`, kind: 'warn' };
    case 'session_stale':
      return { text: `${who} stopped sending heartbeats (${String(p.action).replace('_', ' ')})`, kind: 'warn' };
    case 'sessions_recovered':
      return { text: `Marked ${(p.sessionIds as unknown[] | undefined)?.length ?? 0} session(s) failed: their runners had died`, kind: 'warn' };
    case 'schedule_failed':
    case 'remote_failed':
      return { text: `${e.kind.replace('_', ' ')}: ${String(p.error)}`, kind: 'error' };
    case 'daemon_step_failed':
      return { text: `Daemon step ${String(p.step)} failed: ${String(p.error)}`, kind: 'error' };
    default:
      return null;
  }
}
