// Heartbeat enforcement (spec §3.8): running or stale sessions whose last sign of life is older than
// session_timeout_secs become stale, or with auto_terminate_stale_sessions are killed and failed.
import type { PolicyDeps } from './deps';
import { policyNow } from './deps';

export interface HeartbeatOutcome {
  staleSessions: string[];
  autoTerminatedSessions: string[];
}

export async function enforceSessionHeartbeats(deps: PolicyDeps): Promise<HeartbeatOutcome> {
  const { store, config, events } = deps;
  const timeoutSecs = config.session_timeout_secs;
  const nowMs = policyNow(deps).getTime();
  const outcome: HeartbeatOutcome = { staleSessions: [], autoTerminatedSessions: [] };
  // Only the sessions silent for longer than the timeout are read (one query, whatever the number).
  const cutoff = new Date(nowMs - timeoutSecs * 1000).toISOString();
  for (const session of store.listSessionsSilentSince(['running', 'stale'], cutoff)) {
    const ageMs = nowMs - Date.parse(session.lastHeartbeatAt);
    // The boundary still counts as alive; an unreadable timestamp is left alone rather than killed.
    if (!(ageMs > timeoutSecs * 1000)) continue;
    const heartbeatAgeSecs = Math.floor(ageMs / 1000);
    if (config.auto_terminate_stale_sessions) {
      for (const pid of [session.pid, session.runnerPid]) {
        if (pid === null) continue;
        try {
          await deps.terminate(pid);
        } catch {
          // ECC2 ignores kill errors here: the process may already be gone.
        }
      }
      const reason = `no heartbeat for ${heartbeatAgeSecs}s (session_timeout_secs is ${timeoutSecs}); terminated`;
      store.transaction(() => {
        store.updateStateAndPid(session.id, 'failed', null);
        store.setRunnerPid(session.id, null);
        store.setStateReason(session.id, reason);
      });
      outcome.autoTerminatedSessions.push(session.id);
      events.emit('session_stale', { sessionId: session.id, heartbeatAgeSecs, timeoutSecs, action: 'terminated' });
      continue;
    }
    if (session.state === 'stale') continue; // already reported; the pid is kept
    store.updateState(session.id, 'stale');
    outcome.staleSessions.push(session.id);
    events.emit('session_stale', { sessionId: session.id, heartbeatAgeSecs, timeoutSecs, action: 'marked_stale' });
  }
  return outcome;
}
