// Predicates over the daemon activity counters (spec §1.15) that pick the coordination mode and
// decide when the operator must step in. The daemon loop uses the same ones to order its passes.
import type { DaemonActivity } from '../model';

const ms = (ts: string | null): number | null => (ts === null ? null : Date.parse(ts));

/** The last dispatch pass deferred work and no recovery dispatch has happened since. */
export function prefersRebalanceFirst(a: DaemonActivity): boolean {
  if (a.lastDispatchDeferred === 0) return false;
  const dispatch = ms(a.lastDispatchAt);
  const recovery = ms(a.lastRecoveryDispatchAt);
  if (dispatch !== null && recovery !== null) return recovery < dispatch;
  return dispatch !== null;
}

export function dispatchCooloffActive(a: DaemonActivity): boolean {
  return prefersRebalanceFirst(a) && (a.lastDispatchDeferred >= 2 || a.chronicSaturationStreak >= 3);
}

/** When a recovery dispatch last cleared chronic saturation (absent while it still prefers rebalancing). */
export function chronicSaturationClearedAt(a: DaemonActivity): string | null {
  if (prefersRebalanceFirst(a)) return null;
  const dispatch = ms(a.lastDispatchAt);
  const recovery = ms(a.lastRecoveryDispatchAt);
  return dispatch !== null && recovery !== null && recovery > dispatch ? a.lastRecoveryDispatchAt : null;
}

/** When a clean dispatch (nothing deferred) followed the last recovery. */
export function stabilizedAfterRecoveryAt(a: DaemonActivity): string | null {
  if (a.lastDispatchDeferred !== 0) return null;
  const dispatch = ms(a.lastDispatchAt);
  const recovery = ms(a.lastRecoveryDispatchAt);
  return dispatch !== null && recovery !== null && dispatch > recovery ? a.lastDispatchAt : null;
}

export function operatorEscalationRequired(a: DaemonActivity): boolean {
  return dispatchCooloffActive(a) && a.chronicSaturationStreak >= 5 && a.lastRebalanceRerouted === 0;
}
