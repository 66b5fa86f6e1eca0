// The daemon's tick, as a list of named steps run in order. Each step is isolated: a failing step is
// logged (and reported as an event) and the next one still runs. Upstream's order (heartbeats,
// schedules, remote dispatch, backlog coordination, auto-merge, prune, worktree activation) with
// what upstream left out of the daemon in front: runner liveness, metrics ingestion, budgets and
// conflicts.
import type { Config } from '../config/types';
import type { SessionLauncher } from '../dispatch/launcher';
import { runRemoteDispatchRequests, type AssignPort } from '../dispatch/run';
import type { EventBus } from '../events';
import {
  enforceBudgets,
  enforceConflictResolution,
  enforceSessionHeartbeats,
  type MetricsIngestor,
  type PolicyDeps,
} from '../policies';
import { runDueSchedules } from '../scheduler';
import type { SessionDeps } from '../sessions/deps';
import { reconcileSessions } from '../sessions/lifecycle';
import { launchBudgetProblem } from '../sessions/budget-check';
import type { Store } from '../store';

export interface DaemonDeps {
  session: SessionDeps;
  store: Store;
  config: Config;
  events: EventBus;
  policy: PolicyDeps;
  launch: SessionLauncher;
  metrics: MetricsIngestor;
  /** Delegation's assignment for targeted remote requests (the lead wires it in). */
  assign?: AssignPort;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface TickContext {
  deps: DaemonDeps;
  tick: number;
  startedAt: Date;
  /** Results of the steps that already ran this tick, by step name. */
  results: Map<string, unknown>;
}

export type StepFn = (ctx: TickContext) => unknown;

export interface DaemonStep {
  name: string;
  run: StepFn;
}

/** Returned by a step that chose not to act this tick. */
export interface StepSkip {
  skipped: string;
}

export const skip = (reason: string): StepSkip => ({ skipped: reason });

export function isSkip(value: unknown): value is StepSkip {
  return typeof value === 'object' && value !== null && typeof (value as StepSkip).skipped === 'string' && Object.keys(value).length === 1;
}

/** Steps other engineers own: the lead fills these in (delegation/, worktrees/, merge-queue/). */
export interface DaemonSlots {
  /** Delegation's coordinate-backlog cycle (dispatch / rebalance / recovery, recorded in daemon_activity). */
  coordinateBacklog?: StepFn;
  /** Finished delegates' results into their leads' inboxes (delegation/results.ts). */
  delegateResults?: StepFn;
  /** Finishing merge-queue resolver sessions that ended (commit, re-check, re-queue); every tick. */
  mergeResolvers?: StepFn;
  /** Merge-queue processing; runs only with auto_merge_ready_worktrees. */
  autoMerge?: StepFn;
  /** Pruning worktrees of inactive sessions. */
  autoPrune?: StepFn;
  /** Starting queued sessions when worktree slots free up. */
  activatePendingWorktrees?: StepFn;
}

export const STEP_NAMES = [
  'runners',
  'metrics',
  'heartbeats',
  'budgets',
  'conflicts',
  'delegate_results',
  'schedules',
  'remote_dispatch',
  'coordinate_backlog',
  'merge_resolvers',
  'auto_merge',
  'auto_prune',
  'activate_pending_worktrees',
] as const;

function slot(name: string, fn: StepFn | undefined, gate?: (config: Config) => string | null): DaemonStep {
  return {
    name,
    run: (ctx) => {
      if (!fn) return skip('not configured in this build');
      const closed = gate?.(ctx.deps.config);
      return closed ? skip(closed) : fn(ctx);
    },
  };
}

/**
 * New work is not started while a global budget is spent: it would only be stopped next tick. The
 * same check (and message) as every other launch path (sessions/budget-check.ts).
 */
function budgetBlocksNewWork(ctx: TickContext, what: string): string | null {
  const { store, config, session } = ctx.deps;
  return launchBudgetProblem({ store, config, home: session?.home, runner: session?.runner }, what)?.message ?? null;
}

/**
 * A runner killed (kill -9, OOM) cannot record its own exit: fail its session with the reason and
 * end the agent it left behind, within one tick instead of an hour later as "stale". First, so the
 * heartbeat step never marks such a session stale and later steps see the freed slot.
 */
async function checkRunners(ctx: TickContext): Promise<{ failedSessions: string[] }> {
  const failedSessions = await reconcileSessions(ctx.deps.session);
  if (failedSessions.length > 0) ctx.deps.events.emit('sessions_recovered', { sessionIds: failedSessions });
  return { failedSessions };
}

export function defaultDaemonSteps(slots: DaemonSlots = {}): DaemonStep[] {
  return [
    { name: 'runners', run: checkRunners },
    { name: 'metrics', run: (ctx) => ctx.deps.metrics.ingest(ctx.deps.now) },
    { name: 'heartbeats', run: (ctx) => enforceSessionHeartbeats(ctx.deps.policy) },
    { name: 'budgets', run: (ctx) => enforceBudgets(ctx.deps.policy) },
    { name: 'conflicts', run: (ctx) => enforceConflictResolution(ctx.deps.policy) },
    slot('delegate_results', slots.delegateResults),
    {
      name: 'schedules',
      run: (ctx) => {
        const blocked = budgetBlocksNewWork(ctx, 'run due schedules');
        if (blocked) return skip(blocked);
        const { store, config, events, launch, now } = ctx.deps;
        return runDueSchedules({ store, config, events, launch, ...(now ? { now } : {}) }, config.max_parallel_sessions);
      },
    },
    {
      name: 'remote_dispatch',
      run: (ctx) => {
        // Over a spent budget only the requests whose sender insisted (over_budget) are launched.
        const { store, config, events, launch, assign } = ctx.deps;
        return runRemoteDispatchRequests({ store, config, events, launch, ...(assign ? { assign } : {}) }, config.max_parallel_sessions);
      },
    },
    slot('coordinate_backlog', slots.coordinateBacklog, (c) => (c.auto_dispatch_unread_handoffs ? null : 'auto_dispatch_unread_handoffs is off')),
    slot('merge_resolvers', slots.mergeResolvers),
    slot('auto_merge', slots.autoMerge, (c) => (c.auto_merge_ready_worktrees ? null : 'auto_merge_ready_worktrees is off')),
    slot('auto_prune', slots.autoPrune),
    slot('activate_pending_worktrees', slots.activatePendingWorktrees),
  ];
}

export interface StepReport {
  name: string;
  status: 'ok' | 'skipped' | 'failed';
  durationMs: number;
  result?: unknown;
  reason?: string;
  error?: string;
}

export interface TickReport {
  tick: number;
  startedAt: string;
  durationMs: number;
  steps: StepReport[];
}

export async function runDaemonTick(deps: DaemonDeps, steps: readonly DaemonStep[], tick = 1): Promise<TickReport> {
  const startedAt = deps.now ? deps.now() : new Date();
  const t0 = performance.now();
  const ctx: TickContext = { deps, tick, startedAt, results: new Map() };
  const reports: StepReport[] = [];
  for (const step of steps) {
    const s0 = performance.now();
    try {
      const result = await step.run(ctx);
      ctx.results.set(step.name, result);
      const durationMs = performance.now() - s0;
      reports.push(isSkip(result) ? { name: step.name, status: 'skipped', durationMs, reason: result.skipped } : { name: step.name, status: 'ok', durationMs, result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      reports.push({ name: step.name, status: 'failed', durationMs: performance.now() - s0, error: message });
      deps.log?.(`daemon: step ${step.name} failed: ${message}`);
      try {
        deps.events.emit('daemon_step_failed', { step: step.name, error: message });
      } catch {
        // the store itself may be what failed; the log line above is enough
      }
    }
  }
  return { tick, startedAt: startedAt.toISOString(), durationMs: performance.now() - t0, steps: reports };
}
