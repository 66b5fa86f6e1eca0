// One coordination pass (spec §3.15): dispatch inboxes, rebalance teams, then measure what is left.
import { autoDispatchBacklog } from './drain';
import { backlogTargets, summarizeBacklogPressure } from './pressure';
import { rebalanceAllTeams } from './rebalance';
import type { CoordinateBacklogOutcome, DelegationDeps, RoutingOptions } from './types';
import { assignmentActionRoutesWork } from './types';

export interface CoordinateRequest extends RoutingOptions {
  leadLimit: number;
}

export async function coordinateBacklog(deps: DelegationDeps, req: CoordinateRequest): Promise<CoordinateBacklogOutcome> {
  const dispatched = await autoDispatchBacklog(deps, req);
  const rebalanced = await rebalanceAllTeams(deps, req);
  const remaining = backlogTargets(deps);
  const pressure = summarizeBacklogPressure(deps, req.agent, remaining);
  return {
    dispatched,
    rebalanced,
    remainingBacklogSessions: remaining.length,
    remainingBacklogMessages: remaining.reduce((sum, t) => sum + t.unreadCount, 0),
    remainingAbsorbableSessions: pressure.absorbable,
    remainingSaturatedSessions: pressure.saturated,
  };
}

/** Handoffs a pass actually moved (routed by dispatch, not deferred, plus rerouted by rebalance). */
export function routedCount(outcome: CoordinateBacklogOutcome): number {
  const dispatched = outcome.dispatched.reduce((n, lead) => n + lead.routed.filter((r) => assignmentActionRoutesWork(r.action)).length, 0);
  return dispatched + outcome.rebalanced.reduce((n, lead) => n + lead.rerouted.length, 0);
}

export function deferredCount(outcome: CoordinateBacklogOutcome): number {
  return outcome.dispatched.reduce((n, lead) => n + lead.routed.filter((r) => !assignmentActionRoutesWork(r.action)).length, 0);
}

export interface CoordinateUntilHealthyResult {
  passes: CoordinateBacklogOutcome[];
  /** No unread handoffs remain. */
  healthy: boolean;
}

/**
 * Repeats passes until no backlog remains, a pass moves nothing (more passes would not help), or
 * `maxPasses` is reached.
 */
export async function coordinateUntilHealthy(deps: DelegationDeps, req: CoordinateRequest, maxPasses: number): Promise<CoordinateUntilHealthyResult> {
  const passes: CoordinateBacklogOutcome[] = [];
  while (passes.length < Math.max(1, maxPasses)) {
    const outcome = await coordinateBacklog(deps, req);
    passes.push(outcome);
    if (outcome.remainingBacklogMessages === 0 || routedCount(outcome) === 0) break;
  }
  const last = passes[passes.length - 1];
  return { passes, healthy: last !== undefined && last.remainingBacklogMessages === 0 };
}
