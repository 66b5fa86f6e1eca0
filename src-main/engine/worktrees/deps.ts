// Worktree operations run with the session deps plus an optional git port (tests and the benchmark
// pass a counting one; everyone else gets the real git).
import type { SessionState } from '../model';
import type { SessionDeps } from '../sessions/deps';
import type { Git } from './git';
import { createGit } from './git';
import { canonicalPath } from './repo';

export type WorktreeDeps = SessionDeps & { git?: Git };

const shared = new WeakMap<object, Git>();

export function gitOf(deps: WorktreeDeps): Git {
  if (deps.git) return deps.git;
  let git = shared.get(deps);
  if (!git) {
    git = createGit();
    shared.set(deps, git);
  }
  return git;
}

/** States in which merge and rebase are refused (spec §0.1): the agent may still write. */
export const MERGE_ACTIVE_STATES: readonly SessionState[] = ['pending', 'running', 'idle', 'stale'];
/** States prune and delete leave alone. */
export const PRUNE_ACTIVE_STATES: readonly SessionState[] = ['pending', 'running', 'idle'];

/**
 * The session (of the store) whose worktree is at `path`: merges refuse to run under a working agent.
 * The sessions are read once per returned function, on first use.
 */
export function sessionAtPath(deps: WorktreeDeps): (path: string) => { id: string; state: SessionState } | null {
  let byPath: Map<string, { id: string; state: SessionState }> | null = null;
  return (path) => {
    byPath ??= new Map(deps.store.listSessions().flatMap((s) => (s.worktree ? [[canonicalPath(s.worktree.path), { id: s.id, state: s.state }] as const] : [])));
    return byPath.get(canonicalPath(path)) ?? null;
  };
}
