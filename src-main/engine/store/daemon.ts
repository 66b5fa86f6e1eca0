// Daemon activity counters (§1.15): one row, rewritten by each daemon pass.
import type { DaemonActivity } from '../model';
import type { StoreContext } from './context';

interface ActivityRow {
  last_dispatch_at: string | null;
  last_dispatch_routed: number;
  last_dispatch_deferred: number;
  last_dispatch_leads: number;
  chronic_saturation_streak: number;
  last_recovery_dispatch_at: string | null;
  last_recovery_dispatch_routed: number;
  last_recovery_dispatch_leads: number;
  last_rebalance_at: string | null;
  last_rebalance_rerouted: number;
  last_rebalance_leads: number;
  last_auto_merge_at: string | null;
  last_auto_merge_merged: number;
  last_auto_merge_active_skipped: number;
  last_auto_merge_conflicted_skipped: number;
  last_auto_merge_dirty_skipped: number;
  last_auto_merge_failed: number;
  last_auto_prune_at: string | null;
  last_auto_prune_pruned: number;
  last_auto_prune_active_skipped: number;
}

function rowToActivity(r: ActivityRow): DaemonActivity {
  return {
    lastDispatchAt: r.last_dispatch_at,
    lastDispatchRouted: r.last_dispatch_routed,
    lastDispatchDeferred: r.last_dispatch_deferred,
    lastDispatchLeads: r.last_dispatch_leads,
    chronicSaturationStreak: r.chronic_saturation_streak,
    lastRecoveryDispatchAt: r.last_recovery_dispatch_at,
    lastRecoveryDispatchRouted: r.last_recovery_dispatch_routed,
    lastRecoveryDispatchLeads: r.last_recovery_dispatch_leads,
    lastRebalanceAt: r.last_rebalance_at,
    lastRebalanceRerouted: r.last_rebalance_rerouted,
    lastRebalanceLeads: r.last_rebalance_leads,
    lastAutoMergeAt: r.last_auto_merge_at,
    lastAutoMergeMerged: r.last_auto_merge_merged,
    lastAutoMergeActiveSkipped: r.last_auto_merge_active_skipped,
    lastAutoMergeConflictedSkipped: r.last_auto_merge_conflicted_skipped,
    lastAutoMergeDirtySkipped: r.last_auto_merge_dirty_skipped,
    lastAutoMergeFailed: r.last_auto_merge_failed,
    lastAutoPruneAt: r.last_auto_prune_at,
    lastAutoPrunePruned: r.last_auto_prune_pruned,
    lastAutoPruneActiveSkipped: r.last_auto_prune_active_skipped,
  };
}

/** Counters at zero, timestamps absent: a daemon that has not run yet. */
export const EMPTY_ACTIVITY: DaemonActivity = {
  lastDispatchAt: null,
  lastDispatchRouted: 0,
  lastDispatchDeferred: 0,
  lastDispatchLeads: 0,
  chronicSaturationStreak: 0,
  lastRecoveryDispatchAt: null,
  lastRecoveryDispatchRouted: 0,
  lastRecoveryDispatchLeads: 0,
  lastRebalanceAt: null,
  lastRebalanceRerouted: 0,
  lastRebalanceLeads: 0,
  lastAutoMergeAt: null,
  lastAutoMergeMerged: 0,
  lastAutoMergeActiveSkipped: 0,
  lastAutoMergeConflictedSkipped: 0,
  lastAutoMergeDirtySkipped: 0,
  lastAutoMergeFailed: 0,
  lastAutoPruneAt: null,
  lastAutoPrunePruned: 0,
  lastAutoPruneActiveSkipped: 0,
};

export interface DispatchPass {
  routed: number;
  deferred: number;
  leads: number;
}
export interface RecoveryDispatchPass {
  routed: number;
  leads: number;
}
export interface RebalancePass {
  rerouted: number;
  leads: number;
}
export interface AutoMergePass {
  merged: number;
  activeSkipped: number;
  conflictedSkipped: number;
  dirtySkipped: number;
  failed: number;
}
export interface AutoPrunePass {
  pruned: number;
  activeSkipped: number;
}

export function daemonOps(ctx: StoreContext) {
  // The row is created by migration 001; INSERT OR IGNORE guards a hand-edited database.
  const update = (set: string, params: Record<string, unknown>): void => {
    ctx.write(() => {
      ctx.stmt('INSERT OR IGNORE INTO daemon_activity (id) VALUES (1)').run();
      ctx.stmt(`UPDATE daemon_activity SET ${set} WHERE id = 1`).run({ ...params, now: ctx.now() });
    });
  };

  return {
    getDaemonActivity(): DaemonActivity {
      const row = ctx.read(() => ctx.stmt('SELECT * FROM daemon_activity WHERE id = 1').get() as ActivityRow | undefined);
      return row ? rowToActivity(row) : { ...EMPTY_ACTIVITY };
    },

    /** A backlog dispatch pass; the saturation streak grows while work is deferred, else resets. */
    recordDaemonDispatchPass(p: DispatchPass): void {
      update(
        `last_dispatch_at = @now, last_dispatch_routed = @routed, last_dispatch_deferred = @deferred,
         last_dispatch_leads = @leads,
         chronic_saturation_streak = CASE WHEN @deferred > 0 THEN chronic_saturation_streak + 1 ELSE 0 END`,
        { ...p },
      );
    },

    /** A recovery dispatch pass (after rebalancing); clears the saturation streak. */
    recordDaemonRecoveryDispatchPass(p: RecoveryDispatchPass): void {
      update(
        `last_recovery_dispatch_at = @now, last_recovery_dispatch_routed = @routed,
         last_recovery_dispatch_leads = @leads, chronic_saturation_streak = 0`,
        { ...p },
      );
    },

    recordDaemonRebalancePass(p: RebalancePass): void {
      update('last_rebalance_at = @now, last_rebalance_rerouted = @rerouted, last_rebalance_leads = @leads', { ...p });
    },

    recordDaemonAutoMergePass(p: AutoMergePass): void {
      update(
        `last_auto_merge_at = @now, last_auto_merge_merged = @merged, last_auto_merge_active_skipped = @activeSkipped,
         last_auto_merge_conflicted_skipped = @conflictedSkipped, last_auto_merge_dirty_skipped = @dirtySkipped,
         last_auto_merge_failed = @failed`,
        { ...p },
      );
    },

    recordDaemonAutoPrunePass(p: AutoPrunePass): void {
      update('last_auto_prune_at = @now, last_auto_prune_pruned = @pruned, last_auto_prune_active_skipped = @activeSkipped', {
        ...p,
      });
    },
  };
}

export type DaemonOps = ReturnType<typeof daemonOps>;
