// For interactive agents that do not report their own status: quiet for a while means idle (waiting
// for the operator), new output means running again.
import type { EventBus } from '../events';
import type { SessionDeps } from './deps';
import { markLaunchHandoffRead } from './launch-handoff';

export const IDLE_AFTER_MS = 10_000;

export function createActivityTracker(deps: SessionDeps, sessionId: string, events: EventBus, idleAfterMs = IDLE_AFTER_MS) {
  let lastOutput = Date.now();
  let idle = false;
  let timer: NodeJS.Timeout | null = null;
  const set = (to: 'running' | 'idle', reason: string) => {
    const session = deps.store.getSession(sessionId);
    if (!session || (session.state !== 'running' && session.state !== 'idle')) return;
    if (session.state !== to) {
      deps.store.updateState(sessionId, to);
      events.emit('session_state', { sessionId, from: session.state, to, reason });
    }
    if (to === 'idle') markLaunchHandoffRead(deps.store, session);
    idle = to === 'idle';
  };
  // One timer, due when the quiet period would end; an idle session has none (it wakes on output).
  let started = false;
  const arm = (ms: number) => {
    if (timer || !started) return;
    timer = setTimeout(() => {
      timer = null;
      const quietFor = Date.now() - lastOutput;
      if (quietFor < idleAfterMs) return arm(idleAfterMs - quietFor);
      if (!idle) set('idle', `no output for ${Math.round(idleAfterMs / 1000)}s`);
    }, ms);
    timer.unref();
  };
  return {
    start() {
      started = true;
      arm(Math.max(0, idleAfterMs - (Date.now() - lastOutput)));
    },
    onOutput() {
      lastOutput = Date.now();
      if (idle) set('running', 'the agent printed output');
      arm(idleAfterMs);
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
