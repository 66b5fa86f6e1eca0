// Rebalancing (spec §3.14): move queued handoffs off a backed-up delegate onto a clear idle teammate
// or a newly spawned one. Only handoffs this lead sent are moved.
import { parseTaskHandoffTask } from '../comms';
import type { Session, SessionState } from '../model';
import { resolveSessionRef } from '../sessions/create';
import { routeTask } from './assign';
import { DELEGATE_SCAN_LIMIT, directDelegateSessions, filterDelegates, resolveDelegateAgentType } from './delegates';
import { assignmentActionRoutesWork } from './types';
import type { DelegationDeps, LeadRebalanceOutcome, RebalanceOutcome, RoutingOptions } from './types';

export interface RebalanceTeamRequest extends RoutingOptions {
  lead: string;
  limit: number;
}

interface Pressure {
  delegates: Session[];
  unread: Map<string, number>;
  hasCapacity: boolean;
}

function pressure(deps: DelegationDeps, lead: Session, agent: string | undefined): Pressure {
  const delegates = directDelegateSessions(deps.store, deps.config, lead, agent);
  // Rebalancing looks at unread messages of every type (ECC2), unlike assignment's handoff backlog.
  return { delegates, unread: deps.store.unreadMessageCounts(), hasCapacity: delegates.length < deps.config.max_parallel_sessions };
}

function clearIdleElsewhere(p: Pressure, except: string): boolean {
  return p.delegates.some((o) => o.id !== except && o.state === 'idle' && (p.unread.get(o.id) ?? 0) === 0);
}

async function rebalanceLead(deps: DelegationDeps, lead: Session, limit: number, opts: RoutingOptions): Promise<RebalanceOutcome[]> {
  const outcomes: RebalanceOutcome[] = [];
  if (limit <= 0) return outcomes;
  const initial = pressure(deps, lead, opts.agent);
  for (const delegate of initial.delegates) {
    if (outcomes.length >= limit) break;
    if ((initial.unread.get(delegate.id) ?? 0) <= 1) continue;
    if (!clearIdleElsewhere(initial, delegate.id) && !initial.hasCapacity) continue;
    const messages = deps.store.unreadTaskHandoffsForSession(delegate.id, limit - outcomes.length);
    for (const message of messages) {
      if (outcomes.length >= limit) break;
      const now = pressure(deps, lead, opts.agent);
      if (!clearIdleElsewhere(now, delegate.id) && !now.hasCapacity) break;
      if (message.fromSession !== lead.id) continue;
      const task = parseTaskHandoffTask(message.content) ?? message.content;
      const outcome = await routeTask(deps, lead, task, opts);
      if (outcome.sessionId === delegate.id) continue;
      // Spec §5.13 item 5: a deferral routed nothing, so the handoff stays unread where it was.
      if (!assignmentActionRoutesWork(outcome.action)) break;
      deps.store.markMessageRead(message.id);
      outcomes.push({
        fromSessionId: delegate.id,
        messageId: message.id,
        task,
        sessionId: outcome.sessionId,
        action: outcome.action,
        delivery: outcome.delivery,
      });
    }
  }
  return outcomes;
}

export async function rebalanceTeamBacklog(deps: DelegationDeps, req: RebalanceTeamRequest): Promise<RebalanceOutcome[]> {
  return rebalanceLead(deps, resolveSessionRef(deps, req.lead), req.limit, req);
}

export interface RebalanceAllRequest extends RoutingOptions {
  leadLimit: number;
}

const LEAD_STATES: readonly SessionState[] = ['running', 'pending', 'idle'];

/**
 * Rebalances the first `leadLimit` live sessions (most recently updated first). A lead none of whose
 * delegates has more than one unread message is skipped after two batched queries.
 */
export async function rebalanceAllTeams(deps: DelegationDeps, req: RebalanceAllRequest): Promise<LeadRebalanceOutcome[]> {
  const leads = deps.store.firstSessionsInStates(LEAD_STATES, req.leadLimit);
  const children = deps.store.delegatedChildBriefs(
    leads.map((l) => l.id),
    DELEGATE_SCAN_LIMIT,
  );
  const unread = deps.store.unreadMessageCounts();
  const outcomes: LeadRebalanceOutcome[] = [];
  for (const lead of leads) {
    const delegates = filterDelegates(children.get(lead.id) ?? [], resolveDelegateAgentType(deps.config, lead, req.agent));
    if (!delegates.some((d) => (unread.get(d.id) ?? 0) > 1)) continue;
    const rerouted = await rebalanceLead(deps, lead, deps.config.auto_dispatch_limit_per_session, req);
    if (rerouted.length) outcomes.push({ leadSessionId: lead.id, rerouted });
  }
  return outcomes;
}
