// Handlers of the board views' operations (src-main/api/ops-board.ts): thin calls into the engine's
// views and delegation. Expected outcomes (a refused merge) come back as values for the card;
// refusals the user cannot act on from the card (unknown session, no worktree) throw.
import type { boardOperations } from '../api/ops-board';
import { assignSession, delegateResultText, drainInbox, parseDelegateResult, previewAssignment, queueDeferredTask, rebalanceTeamBacklog, reportFinishedDelegates, sendResultToLead, type DelegationDeps } from '../engine/delegation';
import { createEventBus, type EventBus } from '../engine/events';
import { SessionError } from '../engine/sessions/errors';
import { resolveSessionRef } from '../engine/sessions/create';
import { cleanUpMerged, commitCard, delegationGraph, mergeAllReady, mergeBoard, mergeCard, rebaseCard, worktreeDiff } from '../engine/views';
import type { HandlerContext, HandlersFor } from './handlers';

/** Same limit as the CLI's drain-inbox and rebalance-team. */
const DEFAULT_ROUTE_LIMIT = 5;

export function boardHandlers(ctx: HandlerContext): HandlersFor<keyof typeof boardOperations> {
  const { deps } = ctx;
  // Delegates start in their own directory (as the CLI does), not in the folder serve was started from.
  const delegation = (): DelegationDeps => ({ ...deps, runner: { ...deps.runner, cwd: undefined } });
  let bus: EventBus | undefined;
  // The daemon reports finished delegates every tick; looking at the graph (or a lead's results)
  // does it at once too, so a result shows without waiting for the next tick. Idempotent.
  const reportResults = async () => {
    await reportFinishedDelegates(deps, { events: (bus ??= createEventBus(deps.store)) }).catch(() => undefined);
  };
  const after = <T>(value: T): T => {
    ctx.changed();
    return value;
  };
  return {
    mergeBoard: () => mergeBoard(deps),
    mergeCard: async ({ id, keepWorktree }) => after(await mergeCard(deps, id, { keepWorktree: keepWorktree ?? false })),
    rebaseCard: async ({ id }) => after(await rebaseCard(deps, id)),
    commitCard: async ({ id, message }) => after(await commitCard(deps, id, { message: message?.trim() ? message : undefined })),
    cleanUpMerged: async () => after(await cleanUpMerged(deps)),
    mergeAllReady: async () => after(await mergeAllReady(deps)),
    worktreeDiff: ({ id }) => worktreeDiff(deps, id),
    delegationGraph: async ({ limit }) => {
      await reportResults();
      return delegationGraph(deps.store, deps.config, { limit: limit ?? 200 });
    },
    previewAssignment: ({ lead, task, agent }) => previewAssignment(delegation(), lead, task, agent),
    assignTask: async ({ lead, task, agent }) => {
      const d = delegation();
      const leadSession = resolveSessionRef(d, lead);
      const outcome = await assignSession(d, { lead: leadSession.id, task, agent });
      // As the CLI's assign: a deferred task waits in the lead's inbox for drain-inbox or the daemon.
      const queuedMessageId = outcome.action === 'deferred_saturated' ? queueDeferredTask(d, leadSession, task) : null;
      return after({ ...outcome, queuedMessageId });
    },
    drainInbox: async ({ lead, limit }) => after({ routed: await drainInbox(delegation(), { lead, limit: limit ?? DEFAULT_ROUTE_LIMIT }) }),
    delegateResults: async ({ lead, limit }) => {
      const id = resolveSessionRef(deps, lead).id;
      await reportResults();
      const results = deps.store
        .listMessagesForSession(id, 500)
        .filter((m) => m.toSession === id && m.msgType === 'completed')
        .reverse()
        .slice(0, limit ?? 50)
        .flatMap((m) => {
          const r = parseDelegateResult(m.content, m.fromSession, m.toSession);
          return r ? [{ ...r, messageId: m.id, read: m.read, at: m.timestamp, text: delegateResultText(r) }] : [];
        });
      return { results };
    },
    sendResultToLead: async ({ messageId }) => {
      const r = await sendResultToLead(delegation(), messageId);
      return after(r.sent ? { sent: true, text: r.text, reason: null } : { sent: false, text: null, reason: r.reason });
    },
    markResultRead: ({ messageId }) => {
      const m = deps.store.getMessage(messageId);
      if (!m || m.msgType !== 'completed') throw new SessionError(`message #${messageId} is not a delegate's result`);
      deps.store.markMessageRead(messageId);
      return after({ messageId });
    },
    rebalanceTeam: async ({ lead, limit }) => after({ rerouted: await rebalanceTeamBacklog(delegation(), { lead, limit: limit ?? DEFAULT_ROUTE_LIMIT }) }),
  };
}
