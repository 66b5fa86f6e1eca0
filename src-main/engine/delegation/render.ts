// One-line texts for routing outcomes, as the CLI prints them.
import type { AssignmentOutcome, CoordinateBacklogOutcome, HandoffDelivery, InboxDrainOutcome, LeadDispatchOutcome, LeadRebalanceOutcome } from './types';
import { deferredCount } from './coordinate';

function deliveryNote(delivery: HandoffDelivery): string {
  if (delivery === 'terminal') return ' (typed into its terminal)';
  if (delivery === 'inbox') return ' (handoff in its inbox)';
  return '';
}

export function renderAssignment(leadId: string, o: AssignmentOutcome): string {
  switch (o.action) {
    case 'spawned':
      return `Spawned delegate ${o.sessionId} for ${leadId}${deliveryNote(o.delivery)}`;
    case 'reused_idle':
      return `Assigned to idle delegate ${o.sessionId} of ${leadId}${deliveryNote(o.delivery)}`;
    case 'reused_active':
      return `Queued for active delegate ${o.sessionId} of ${leadId}${deliveryNote(o.delivery)}`;
    case 'deferred_saturated':
      return `Deferred: the team of ${leadId} is saturated`;
  }
}

export function renderDrain(leadId: string, outcomes: readonly InboxDrainOutcome[]): string {
  if (outcomes.length === 0) return `No unread handoffs for ${leadId}.`;
  return outcomes
    .map((o) =>
      o.action === 'deferred_saturated'
        ? `#${o.messageId} deferred (team saturated; still unread): ${o.task}`
        : `#${o.messageId} ${o.action} -> ${o.sessionId}${deliveryNote(o.delivery)}: ${o.task}`,
    )
    .join('\n');
}

export function renderDispatch(outcomes: readonly LeadDispatchOutcome[]): string {
  if (outcomes.length === 0) return 'No unread handoffs to dispatch.';
  return outcomes.map((lead) => `${lead.leadSessionId} (${lead.unreadCount} unread)\n${indent(renderDrain(lead.leadSessionId, lead.routed))}`).join('\n');
}

export function renderRebalance(outcomes: readonly LeadRebalanceOutcome[]): string {
  if (outcomes.length === 0) return 'Nothing to rebalance.';
  return outcomes
    .map(
      (lead) =>
        `${lead.leadSessionId}\n${indent(
          lead.rerouted.map((r) => `#${r.messageId} ${r.fromSessionId} -> ${r.sessionId} (${r.action})${deliveryNote(r.delivery)}: ${r.task}`).join('\n'),
        )}`,
    )
    .join('\n');
}

export function renderCoordinatePass(o: CoordinateBacklogOutcome): string {
  const routed = o.dispatched.reduce((n, l) => n + l.routed.length, 0) - deferredCount(o);
  const rerouted = o.rebalanced.reduce((n, l) => n + l.rerouted.length, 0);
  return [
    `Dispatched ${routed} handoff(s) across ${o.dispatched.length} lead(s) (${deferredCount(o)} deferred)`,
    `Rebalanced ${rerouted} handoff(s) across ${o.rebalanced.length} lead(s)`,
    `Remaining backlog: ${o.remainingBacklogSessions} session(s) / ${o.remainingBacklogMessages} handoff(s) [${o.remainingAbsorbableSessions} absorbable, ${o.remainingSaturatedSessions} saturated]`,
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
