// Backlog pressure (spec §3.15 summarize_backlog_pressure): can each inbox with unread handoffs be
// absorbed by its team (a clear idle delegate, or room to spawn), or is it saturated?
import type { UnreadHandoffTarget } from '../store';
import { directDelegatesOfLeads } from './delegates';
import type { DelegationDeps } from './types';

export interface BacklogPressure {
  absorbable: number;
  saturated: number;
}

/**
 * Batched: one query for the target sessions, one for all their delegates, one for every handoff
 * backlog. Deliberate change: an inbox owner that is not a session (e.g. "planner") counts as
 * saturated, since no team can absorb it, where ECC2 failed the whole summary.
 */
export function summarizeBacklogPressure(deps: DelegationDeps, agent: string | undefined, targets: readonly UnreadHandoffTarget[]): BacklogPressure {
  const { store, config } = deps;
  const sessions = store.getSessionBriefs(targets.map((t) => t.sessionId));
  const leads = targets.flatMap((t) => {
    const s = sessions.get(t.sessionId);
    return s ? [s] : [];
  });
  const delegates = directDelegatesOfLeads(store, config, leads, agent);
  const handoffs = store.unreadTaskHandoffCounts();
  let absorbable = 0;
  let saturated = 0;
  for (const target of targets) {
    const team = sessions.has(target.sessionId) ? (delegates.get(target.sessionId) ?? []) : null;
    const hasClearIdle = team?.some((d) => d.state === 'idle' && (handoffs.get(d.id) ?? 0) === 0) ?? false;
    const hasCapacity = team !== null && team.length < config.max_parallel_sessions;
    if (hasClearIdle || hasCapacity) absorbable++;
    else saturated++;
  }
  return { absorbable, saturated };
}

/** Every inbox with unread handoffs, most urgent first (ECC2 bounds the list by the number of sessions). */
export function backlogTargets(deps: DelegationDeps): UnreadHandoffTarget[] {
  return deps.store.unreadTaskHandoffTargets(Math.max(1, deps.store.countSessions()));
}
