// Agent status from the agent itself: interactive Claude reports turn boundaries through hooks passed
// with `--settings` (agents/claude/interactive.ts). Each hook runs `switchyard hook-event`, which moves the session between running
// and idle and flags "needs input". Other harnesses fall back to output activity (see activity.ts).
import { createEventBus } from '../events';
import type { SessionDeps } from './deps';
import { markLaunchHandoffRead } from './launch-handoff';

export interface HookPayload {
  session_id?: unknown;
  message?: unknown;
  notification_type?: unknown;
  last_assistant_message?: unknown;
}

/** Applies one hook to the session: what the agent is doing now. Unknown sessions are ignored. */
export function applyHookEvent(deps: SessionDeps, sessionId: string, event: string, payload: HookPayload): string | null {
  const { store } = deps;
  const session = store.getSession(sessionId);
  if (!session || session.id !== sessionId) return null;
  if (typeof payload.session_id === 'string' && payload.session_id && session.harnessSessionId !== payload.session_id) {
    store.setHarnessSessionId(sessionId, payload.session_id);
  }
  const events = createEventBus(store);
  const move = (to: 'running' | 'idle', reason: string) => {
    const live = session.state === 'running' || session.state === 'idle' || session.state === 'stale';
    if (!live || session.state === to) return;
    store.updateState(sessionId, to);
    store.setAttention(sessionId, null);
    events.emit('session_state', { sessionId, from: session.state, to, reason });
  };
  if (event === 'SessionStart' || event === 'UserPromptSubmit') {
    events.emit('agent_started', { sessionId, hook: event });
    // A "waiting at a prompt" flag from the runner's watch is over: the agent got past it.
    const now = store.getSession(sessionId);
    if (now?.attention === 'needs_input' && now.stateReason?.startsWith('waiting at a prompt before its session starts')) {
      store.setAttention(sessionId, null);
      store.setStateReason(sessionId, null);
    }
  }
  switch (event) {
    case 'UserPromptSubmit':
      move('running', 'a prompt was submitted');
      if (session.attention) store.setAttention(sessionId, null);
      return 'running';
    case 'Stop':
      // The turn's last answer is the summary a commit of this session's work carries.
      if (typeof payload.last_assistant_message === 'string' && payload.last_assistant_message.trim()) {
        store.setSummary(sessionId, payload.last_assistant_message);
      }
      move('idle', 'the agent finished its turn and waits for input');
      markLaunchHandoffRead(store, session);
      return 'idle';
    case 'Notification': {
      const message = typeof payload.message === 'string' ? payload.message : 'the agent needs your attention';
      store.setAttention(sessionId, 'needs_input');
      events.emit('session_needs_input', { sessionId, message });
      return 'needs_input';
    }
    default:
      return null;
  }
}
