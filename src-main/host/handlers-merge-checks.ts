// Handlers of the checked merge queue's operations (src-main/api/ops-merge-checks.ts): thin calls
// into src-main/engine/merge-queue. Expected outcomes (a failed check, a refused resolve) come back
// as values for the card.
import type { mergeCheckOperations } from '../api/ops-merge-checks';
import { branchCheckSettings, checkBranch, scratchWorktrees, startResolver } from '../engine/merge-queue';
import type { HandlerContext, HandlersFor } from './handlers';

async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; result: T } | { ok: false; error: string }> {
  try {
    return { ok: true, result: await fn() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export function mergeCheckHandlers(ctx: HandlerContext): HandlersFor<keyof typeof mergeCheckOperations> {
  const { deps } = ctx;
  const after = <T>(value: T): T => {
    ctx.changed();
    return value;
  };
  return {
    mergeChecks: async () => {
      const checks = deps.store.listMergeChecks();
      const resolvers = new Set(checks.map((c) => c.resolverSessionId));
      const ids = deps.store.listSessions().filter((s) => s.worktree && !resolvers.has(s.id)).map((s) => s.id);
      return { checks, branches: await branchCheckSettings(deps, ids), scratchWorktrees: scratchWorktrees(deps.store) };
    },
    checkCard: async ({ id }) => after(await attempt(() => checkBranch(deps, id))),
    resolveCard: async ({ id, overBudget }) => after(await attempt(() => startResolver(deps, id, { overBudget }))),
  };
}
