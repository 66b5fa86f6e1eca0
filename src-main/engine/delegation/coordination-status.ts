// Global coordination status (spec §3.16): backlog pressure across all inboxes, the coordination mode
// implied by the daemon's recent passes, and a health verdict; plus its text rendering.
import { operatorEscalationRequired, dispatchCooloffActive, prefersRebalanceFirst, stabilizedAfterRecoveryAt, chronicSaturationClearedAt } from './activity';
import { backlogTargets, summarizeBacklogPressure } from './pressure';
import type { CoordinationHealth, CoordinationMode, CoordinationStatus, DelegationDeps } from './types';
import type { DaemonActivity } from '../model';

export function coordinationMode(a: DaemonActivity): CoordinationMode {
  if (dispatchCooloffActive(a)) return 'rebalance_cooloff_chronic_saturation';
  if (prefersRebalanceFirst(a)) return 'rebalance_first_chronic_saturation';
  if (stabilizedAfterRecoveryAt(a)) return 'dispatch_first_stabilized';
  return 'dispatch_first';
}

export function coordinationHealth(escalation: boolean, saturated: number, backlogMessages: number): CoordinationHealth {
  if (escalation) return 'escalation_required';
  if (saturated > 0) return 'saturated';
  if (backlogMessages > 0) return 'backlog_absorbable';
  return 'healthy';
}

export function getCoordinationStatus(deps: DelegationDeps): CoordinationStatus {
  const { config, store } = deps;
  const targets = backlogTargets(deps);
  const pressure = summarizeBacklogPressure(deps, config.default_agent, targets);
  const backlogMessages = targets.reduce((sum, t) => sum + t.unreadCount, 0);
  const activity = store.getDaemonActivity();
  const escalation = operatorEscalationRequired(activity);
  return {
    backlogLeads: targets.length,
    backlogMessages,
    absorbableSessions: pressure.absorbable,
    saturatedSessions: pressure.saturated,
    mode: coordinationMode(activity),
    health: coordinationHealth(escalation, pressure.saturated, backlogMessages),
    operatorEscalationRequired: escalation,
    autoDispatchEnabled: config.auto_dispatch_unread_handoffs,
    autoDispatchLimitPerSession: config.auto_dispatch_limit_per_session,
    daemonActivity: activity,
  };
}

const MODE_LABELS: Record<CoordinationMode, string> = {
  dispatch_first: 'dispatch-first',
  dispatch_first_stabilized: 'dispatch-first (stabilized)',
  rebalance_first_chronic_saturation: 'rebalance-first (chronic saturation)',
  rebalance_cooloff_chronic_saturation: 'rebalance-cooloff (chronic saturation)',
};

export function coordinationModeLabel(mode: CoordinationMode): string {
  return MODE_LABELS[mode];
}

/** The status as text; every line ends with a newline (ECC2's Display). */
export function renderCoordinationStatus(s: CoordinationStatus): string {
  const a = s.daemonActivity;
  const lines = [
    `Global handoff backlog: ${s.backlogLeads} lead(s) / ${s.backlogMessages} handoff(s) [${s.absorbableSessions} absorbable, ${s.saturatedSessions} saturated]`,
    `Auto-dispatch: ${s.autoDispatchEnabled ? 'on' : 'off'} @ ${s.autoDispatchLimitPerSession}/lead`,
    `Coordination mode: ${coordinationModeLabel(s.mode)}`,
  ];
  if (a.chronicSaturationStreak > 0) lines.push(`Chronic saturation streak: ${a.chronicSaturationStreak} cycle(s)`);
  if (s.operatorEscalationRequired) lines.push('Operator escalation: chronic saturation is not clearing');
  const cleared = chronicSaturationClearedAt(a);
  if (cleared) lines.push(`Chronic saturation cleared: ${cleared}`);
  const stabilized = stabilizedAfterRecoveryAt(a);
  if (stabilized) lines.push(`Recovery stabilized: ${stabilized}`);
  if (a.lastDispatchAt) {
    lines.push(
      `Last daemon dispatch: ${a.lastDispatchRouted} routed / ${a.lastDispatchDeferred} deferred across ${a.lastDispatchLeads} lead(s) @ ${a.lastDispatchAt}`,
    );
  }
  if (!stabilized) {
    if (a.lastRecoveryDispatchAt) {
      lines.push(
        `Last daemon recovery dispatch: ${a.lastRecoveryDispatchRouted} handoff(s) across ${a.lastRecoveryDispatchLeads} lead(s) @ ${a.lastRecoveryDispatchAt}`,
      );
    }
    if (a.lastRebalanceAt) {
      lines.push(`Last daemon rebalance: ${a.lastRebalanceRerouted} handoff(s) across ${a.lastRebalanceLeads} lead(s) @ ${a.lastRebalanceAt}`);
    }
  }
  if (a.lastAutoMergeAt) {
    lines.push(
      `Last daemon auto-merge: ${a.lastAutoMergeMerged} merged / ${a.lastAutoMergeActiveSkipped} active / ${a.lastAutoMergeConflictedSkipped} conflicted / ${a.lastAutoMergeDirtySkipped} dirty / ${a.lastAutoMergeFailed} failed @ ${a.lastAutoMergeAt}`,
    );
  }
  if (a.lastAutoPruneAt) lines.push(`Last daemon auto-prune: ${a.lastAutoPrunePruned} pruned / ${a.lastAutoPruneActiveSkipped} active @ ${a.lastAutoPruneAt}`);
  return lines.map((l) => `${l}\n`).join('');
}
