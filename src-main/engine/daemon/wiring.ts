// The full daemon: the policy/schedule/remote steps plus delegation, merge-queue and worktree steps,
// wired together here so those modules stay independent of each other.
import type { DelegationDeps } from '../delegation';
import {
  assignSession,
  autoDispatchBacklog,
  dispatchCooloffActive,
  prefersRebalanceFirst,
  rebalanceAllTeams,
  reportFinishedDelegates,
  stabilizedAfterRecoveryAt,
} from '../delegation';
import type { LeadDispatchOutcome, LeadRebalanceOutcome } from '../delegation';
import type { AssignPort } from '../dispatch/run';
import { advanceResolvers, processCheckedQueue, QueueBusyError } from '../merge-queue';
import type { SessionDeps } from '../sessions/deps';
import { activatePendingWorktreeSessions } from '../worktrees';
import { PrunePace } from '../worktrees/prune-pace';
import { pruneInactiveWorktrees } from '../worktrees/session-ops';
import { skip, type DaemonSlots, type StepSkip } from './steps';

function dispatchFigures(outcomes: LeadDispatchOutcome[]) {
  const all = outcomes.flatMap((o) => o.routed);
  const deferred = all.filter((r) => r.action === 'deferred_saturated').length;
  return { routed: all.length - deferred, deferred, leads: outcomes.length };
}

function rerouted(outcomes: LeadRebalanceOutcome[]): number {
  return outcomes.reduce((sum, o) => sum + o.rerouted.length, 0);
}

/**
 * ECC2's backlog coordination cycle (spec §5.8 step 4): dispatch first normally; rebalance first while
 * saturation persists, skipping dispatch during the cool-off; record every pass in daemon_activity.
 */
export async function coordinationCycle(deps: DelegationDeps): Promise<{ dispatched: number; deferred: number; rerouted: number; recovered: number }> {
  const { store, config } = deps;
  // Worktree left to startSession's default: auto_create_worktrees inside a git repository, none outside.
  const request = { agent: config.default_agent, leadLimit: config.max_parallel_sessions };
  const result = { dispatched: 0, deferred: 0, rerouted: 0, recovered: 0 };
  const dispatch = async () => {
    const figures = dispatchFigures(await autoDispatchBacklog(deps, request));
    store.recordDaemonDispatchPass(figures);
    result.dispatched += figures.routed;
    result.deferred += figures.deferred;
    return figures;
  };
  const rebalance = async () => {
    const outcomes = await rebalanceAllTeams(deps, request);
    const moved = rerouted(outcomes);
    store.recordDaemonRebalancePass({ rerouted: moved, leads: outcomes.length });
    result.rerouted += moved;
    return moved;
  };
  const recover = async () => {
    const figures = await dispatch();
    if (figures.routed > 0) {
      store.recordDaemonRecoveryDispatchPass({ routed: figures.routed, leads: figures.leads });
      result.recovered += figures.routed;
    }
  };

  const activity = store.getDaemonActivity();
  if (prefersRebalanceFirst(activity)) {
    const moved = await rebalance();
    if (dispatchCooloffActive(activity) && moved === 0) return result;
    await recover();
    return result;
  }
  const first = await dispatch();
  if (stabilizedAfterRecoveryAt(store.getDaemonActivity()) && first.deferred === 0) return result;
  const moved = await rebalance();
  if (first.deferred > 0 && moved > 0) await recover();
  return result;
}

/** Targeted remote requests go through delegation's assignment. */
export function delegationAssignPort(deps: SessionDeps): AssignPort {
  return async (req) => {
    const outcome = await assignSession(deps, {
      lead: req.leadId,
      task: req.task,
      agent: req.agentType,
      worktree: req.useWorktree,
      profile: req.profile,
      project: req.project,
      taskGroup: req.taskGroup,
      repoRoot: req.cwd,
      ...(req.overBudget ? { overBudget: true } : {}),
    });
    return { action: outcome.action, sessionId: outcome.action === 'deferred_saturated' ? null : outcome.sessionId };
  };
}

/** A merge-queue run of another process (a CLI --apply) holds the queue: this tick leaves it alone. */
async function busySkips<T>(fn: () => Promise<T>): Promise<T | StepSkip> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof QueueBusyError) return skip(error.message);
    throw error;
  }
}

/** Worktrees the automatic prune examines with git per tick, at most (see PrunePace). */
const PRUNE_EXAMINED_PER_TICK = 2;

export function engineDaemonSlots(deps: SessionDeps): DaemonSlots {
  const prunePace = new PrunePace(PRUNE_EXAMINED_PER_TICK);
  return {
    coordinateBacklog: () => coordinationCycle(deps),
    delegateResults: (ctx) => reportFinishedDelegates(deps, { events: ctx.deps.events }),
    mergeResolvers: () => busySkips(() => advanceResolvers(deps)),
    autoMerge: async () => {
      // With a check command per repository, each branch lands only after passing it (issue 15).
      const out = await busySkips(() => processCheckedQueue(deps));
      if ('skipped' in out) return out;
      deps.store.recordDaemonAutoMergePass({
        merged: out.merged.length,
        activeSkipped: out.activeWithWorktreeIds.length,
        conflictedSkipped: out.conflictedSessionIds.length,
        dirtySkipped: out.dirtyWorktreeIds.length,
        failed: out.failures.length,
      });
      return out;
    },
    autoPrune: async () => {
      // Never forced: a branch with commits its base lacks is kept (unlike ECC2's default).
      const out = await pruneInactiveWorktrees(deps, { onlyMerged: true, pace: prunePace });
      deps.store.recordDaemonAutoPrunePass({ pruned: out.cleanedSessionIds.length, activeSkipped: out.activeWithWorktreeIds.length });
      return out;
    },
    activatePendingWorktrees: () => activatePendingWorktreeSessions(deps),
  };
}
