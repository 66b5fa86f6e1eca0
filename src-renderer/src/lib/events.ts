// Engine events worth telling the operator about that are not attention happenings, as one line
// each. Budgets, conflicts and session changes are the attention model's (lib/attention.ts).
import type { EngineEvent } from '../../../src-main/api';

export function describeEngineEvent(e: EngineEvent): { text: string; kind: 'info' | 'warn' | 'error' } | null {
  const p = e.payload as Record<string, unknown>;
  switch (e.kind) {
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
