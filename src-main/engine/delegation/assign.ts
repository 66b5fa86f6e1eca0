// Assignment (spec §3.11.3-3.11.4): reuse an idle delegate (best context match), spawn while the team
// has capacity, defer when saturated, reuse an active delegate at capacity. Exactly one handoff per routing.
import { encodeMessage } from '../comms';
import { resolveSessionRef, startSession } from '../sessions/create';
import type { Session } from '../model';
import { loadTeam } from './delegates';
import { deliverToDelegate } from './deliver';
import { planAssignment, previewFromPlan } from './plan';
import type { AssignmentOutcome, AssignmentPreview, DelegationDeps, RoutingOptions } from './types';

export interface AssignRequest extends RoutingOptions {
  /** The lead: an id, an id prefix or `latest`. */
  lead: string;
  task: string;
}

/** Routes `task` from an already-resolved lead. Used by assign, drain, auto-dispatch and rebalance. */
export async function routeTask(deps: DelegationDeps, lead: Session, task: string, opts: RoutingOptions = {}): Promise<AssignmentOutcome> {
  const team = loadTeam(deps.store, deps.config, lead, opts.agent);
  const plan = planAssignment(deps.store, team, task, deps.config.max_parallel_sessions);
  switch (plan.kind) {
    case 'reuse_idle':
    case 'reuse_active': {
      const reason = plan.kind === 'reuse_idle' ? 'reused idle delegate' : 'reused active delegate at capacity';
      const { message, delivery } = await deliverToDelegate(deps, lead, plan.delegate, task, reason);
      return {
        sessionId: plan.delegate.id,
        action: plan.kind === 'reuse_idle' ? 'reused_idle' : 'reused_active',
        delivery,
        handoffMessageId: message.id,
      };
    }
    case 'defer_idle':
    case 'defer_active':
      return { sessionId: lead.id, action: 'deferred_saturated', delivery: null, handoffMessageId: null };
    case 'spawn': {
      // startSession sends the one handoff (lead -> new delegate) with this reason; the delegate inherits
      // the lead's project, task group and profile unless given, and starts in the lead's directory.
      const spawned = await startSession(deps, {
        task,
        cwd: opts.repoRoot ?? lead.workingDir,
        agent: team.agentType,
        profile: opts.profile,
        mode: opts.mode,
        worktree: opts.worktree,
        fromSession: lead.id,
        project: opts.project,
        taskGroup: opts.taskGroup,
        handoffReason: plan.reason,
        ...(opts.overBudget ? { overBudget: true } : {}),
      });
      const handoff = deps.store.unreadTaskHandoffsForSession(spawned.id, 1)[0];
      return { sessionId: spawned.id, action: 'spawned', delivery: 'inbox', handoffMessageId: handoff?.id ?? null };
    }
  }
}

export async function assignSession(deps: DelegationDeps, req: AssignRequest): Promise<AssignmentOutcome> {
  return routeTask(deps, resolveSessionRef(deps, req.lead), req.task, req);
}

/** What assign would do, without sending, spawning or typing anything. */
export function previewAssignment(deps: DelegationDeps, leadRef: string, task: string, agent?: string): AssignmentPreview {
  const team = loadTeam(deps.store, deps.config, resolveSessionRef(deps, leadRef), agent);
  return previewFromPlan(planAssignment(deps.store, team, task, deps.config.max_parallel_sessions), team.backlog);
}

/**
 * Keeps a deferred task: a `task_handoff` from `from` (default "operator") into the lead's own inbox,
 * where drain-inbox, auto-dispatch and coordinate-backlog route it once a delegate frees up.
 */
export function queueDeferredTask(deps: DelegationDeps, lead: Session, task: string, from = 'operator'): number {
  const { content, msgType } = encodeMessage({
    kind: 'task_handoff',
    task,
    context: `Deferred: the team of ${lead.id} was saturated | drain-inbox ${lead.id} routes it`,
    priority: 'normal',
  });
  return deps.store.sendMessage(from, lead.id, content, msgType).id;
}
