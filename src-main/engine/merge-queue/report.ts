// What the CLI and the board show about checks: each entry's check state and the scratch
// worktrees the queue kept (failed checks) or a resolver works in.
import { existsSync } from 'node:fs';
import type { Store } from '../store';
import type { WorktreeDeps } from '../worktrees/deps';
import type { MergeQueueReport } from './build';
import { settingsBySession } from './settings';

export interface ScratchWorktree {
  sessionId: string;
  kind: 'check' | 'resolve';
  path: string;
  state: string;
}

export function scratchWorktrees(store: Store): ScratchWorktree[] {
  const out: ScratchWorktree[] = [];
  for (const c of store.listMergeChecks()) {
    if (c.scratchPath && existsSync(c.scratchPath)) out.push({ sessionId: c.sessionId, kind: 'check', path: c.scratchPath, state: c.state });
    if (c.resolverScratchPath && existsSync(c.resolverScratchPath)) out.push({ sessionId: c.sessionId, kind: 'resolve', path: c.resolverScratchPath, state: c.state });
  }
  return out;
}

/** Per branch: the check it must pass (null: it lands unchecked) or why its repository is refused. */
export interface BranchCheckSetting {
  sessionId: string;
  checkCommand: string | null;
  refusal: string | null;
}

export async function branchCheckSettings(deps: WorktreeDeps, ids: readonly string[]): Promise<BranchCheckSetting[]> {
  const settings = await settingsBySession(deps, ids);
  return ids.map((sessionId) => {
    const s = settings.get(sessionId);
    if (s instanceof Error) return { sessionId, checkCommand: null, refusal: s.message };
    return { sessionId, checkCommand: s?.settings.check_command ?? null, refusal: s?.refusal ?? null };
  });
}

/** The read-only queue with each entry's check state (null: never checked) and the check it gets. */
export async function withChecks(deps: WorktreeDeps, report: MergeQueueReport) {
  const { store } = deps;
  const ids = [...report.readyEntries, ...report.blockedEntries].map((e) => e.sessionId);
  const settings = new Map((await branchCheckSettings(deps, ids)).map((s) => [s.sessionId, s]));
  const add = <T extends { sessionId: string }>(e: T) => ({
    ...e,
    check: store.getMergeCheck(e.sessionId),
    checkCommand: settings.get(e.sessionId)?.checkCommand ?? null,
    checkRefusal: settings.get(e.sessionId)?.refusal ?? null,
  });
  return { readyEntries: report.readyEntries.map(add), blockedEntries: report.blockedEntries.map(add), scratchWorktrees: scratchWorktrees(store) };
}
