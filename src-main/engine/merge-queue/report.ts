// What the CLI and the board show about checks: each entry's check state and the scratch
// worktrees the queue kept (failed checks) or a resolver works in.
import { existsSync } from 'node:fs';
import type { Store } from '../store';
import type { MergeQueueReport } from './build';

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

/** The read-only queue with each entry's check state (null: never checked). */
export function withChecks(store: Store, report: MergeQueueReport) {
  const add = <T extends { sessionId: string }>(e: T) => ({ ...e, check: store.getMergeCheck(e.sessionId) });
  return { readyEntries: report.readyEntries.map(add), blockedEntries: report.blockedEntries.map(add), scratchWorktrees: scratchWorktrees(store) };
}
