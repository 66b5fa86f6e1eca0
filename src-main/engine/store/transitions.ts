// Session state machine (ECC2's SessionState::can_transition_to), enforced by updateState only.
import type { SessionState } from '../model';

const ALLOWED: Record<SessionState, readonly SessionState[]> = {
  pending: ['running', 'failed', 'stopped'],
  running: ['idle', 'stale', 'completed', 'failed', 'stopped'],
  idle: ['running', 'stale', 'completed', 'failed', 'stopped'],
  stale: ['running', 'idle', 'completed', 'failed', 'stopped'],
  completed: ['stopped'],
  failed: ['stopped'],
  stopped: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return from === to || ALLOWED[from].includes(to);
}
