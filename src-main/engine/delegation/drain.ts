// Draining a lead's inbox through assignment (spec §3.12) and doing it across leads (§3.13).
import { parseTaskHandoffTask } from '../comms';
import type { Session } from '../model';
import { resolveSessionRef } from '../sessions/create';
import { isLaunchHandoff } from '../sessions/launch-handoff';
import { routeTask } from './assign';
import { assignmentActionRoutesWork } from './types';
import type { DelegationDeps, InboxDrainOutcome, LeadDispatchOutcome, RoutingOptions } from './types';

const LIVE: readonly Session['state'][] = ['pending', 'running', 'idle', 'stale'];

export interface DrainRequest extends RoutingOptions {
  lead: string;
  /** At most this many handoffs (highest priority first, then oldest). */
  limit: number;
}

async function drainLead(deps: DelegationDeps, lead: Session, limit: number, opts: RoutingOptions): Promise<InboxDrainOutcome[]> {
  const outcomes: InboxDrainOutcome[] = [];
  for (const message of deps.store.unreadTaskHandoffsForSession(lead.id, limit)) {
    // The lead's own launch task is what its agent is working on; routing it onward would duplicate it.
    if (isLaunchHandoff(message, lead) && LIVE.includes(lead.state)) continue;
    const task = parseTaskHandoffTask(message.content) ?? message.content;
    const outcome = await routeTask(deps, lead, task, opts);
    // A deferred handoff stays unread in the lead's inbox for a later pass.
    if (assignmentActionRoutesWork(outcome.action)) deps.store.markMessageRead(message.id);
    outcomes.push({ messageId: message.id, task, sessionId: outcome.sessionId, action: outcome.action, delivery: outcome.delivery });
  }
  return outcomes;
}

export async function drainInbox(deps: DelegationDeps, req: DrainRequest): Promise<InboxDrainOutcome[]> {
  return drainLead(deps, resolveSessionRef(deps, req.lead), req.limit, req);
}

export interface AutoDispatchRequest extends RoutingOptions {
  /** At most this many inboxes, the most urgent first. */
  leadLimit: number;
}

/**
 * Drains the inboxes with unread handoffs, `auto_dispatch_limit_per_session` each. Deliberate change:
 * an inbox whose owner is not a session (e.g. a handoff sent to "planner") is skipped instead of
 * aborting the whole pass, since nothing could ever route it.
 */
export async function autoDispatchBacklog(deps: DelegationDeps, req: AutoDispatchRequest): Promise<LeadDispatchOutcome[]> {
  const targets = deps.store.unreadTaskHandoffTargets(req.leadLimit);
  const leads = deps.store.getSessionsByIds(targets.map((t) => t.sessionId));
  const outcomes: LeadDispatchOutcome[] = [];
  for (const target of targets) {
    const lead = leads.get(target.sessionId);
    if (!lead) continue;
    const routed = await drainLead(deps, lead, deps.config.auto_dispatch_limit_per_session, req);
    if (routed.length) outcomes.push({ leadSessionId: lead.id, unreadCount: target.unreadCount, routed });
  }
  return outcomes;
}
