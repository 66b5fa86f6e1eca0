// The merge queue (spec §3.19.1): which worktree branches can merge now, in what order, and what
// blocks the rest. Built from `git merge-tree` only, so building it never touches a checkout.
import { existsSync } from 'node:fs';
import type { Session, SessionState, WorktreeInfo } from '../model';
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf, MERGE_ACTIVE_STATES } from '../worktrees/deps';
import type { Git } from '../worktrees/git';
import {
  branchConflictPreview,
  diffPatchPreview,
  hasUncommittedChanges,
  healthOf,
  mergeReadiness,
  missingWorktreeMessage,
  type MergeReadiness,
  type WorktreeHealth,
} from '../worktrees/inspect';
import { mayConflict, touchedPaths, type TouchedPaths } from './touched-paths';

export interface MergeQueueBlocker {
  sessionId: string;
  branch: string;
  state: SessionState;
  conflicts: string[];
  summary: string;
  /** The blocker's side (or the session's own diff for a self-blocker). */
  conflictingPatchPreview: string | null;
  /** This session's side of a branch-to-branch conflict. */
  blockerPatchPreview: string | null;
}

export interface MergeQueueEntry {
  sessionId: string;
  task: string;
  project: string;
  taskGroup: string;
  branch: string;
  baseBranch: string;
  state: SessionState;
  worktreeHealth: WorktreeHealth | 'missing';
  dirty: boolean;
  /** Clean, and the branch adds nothing to its base: there is nothing to merge (yet, or any more). */
  nothingToMerge: boolean;
  /** Switchyard merged this branch (and it has not changed since). */
  merged: boolean;
  queuePosition: number | null;
  readyToMerge: boolean;
  blockedBy: MergeQueueBlocker[];
  suggestedAction: string;
}

export interface MergeQueueReport {
  readyEntries: MergeQueueEntry[];
  blockedEntries: MergeQueueEntry[];
}

const SELF_PREVIEW_LINES = 18;
const PAIR_PREVIEW_LINES = 12;

function label(state: SessionState): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Inactive sessions first, then oldest update first; the rest only breaks exact ties. */
export function queueOrder(a: Session, b: Session): number {
  const rank = (s: Session) => (MERGE_ACTIVE_STATES.includes(s.state) ? 1 : 0);
  return (
    rank(a) - rank(b) ||
    compareText(a.updatedAt, b.updatedAt) ||
    compareText(a.project, b.project) ||
    compareText(a.taskGroup, b.taskGroup) ||
    compareText(a.id, b.id)
  );
}

function selfBlocker(session: Session, wt: WorktreeInfo, summary: string, conflicts: string[] = [], preview: string | null = null): MergeQueueBlocker {
  return { sessionId: session.id, branch: wt.branch, state: session.state, conflicts, summary, conflictingPatchPreview: preview, blockerPatchPreview: null };
}

interface Probe {
  exists: boolean;
  readiness: MergeReadiness | null;
  dirty: boolean;
  branchDiff: boolean;
  touched: TouchedPaths | null;
}

/** Per-session facts that do not depend on queue order, gathered in parallel. */
async function probe(git: Git, wt: WorktreeInfo, baseTrees: Map<string, Promise<string>>): Promise<Probe> {
  if (!existsSync(wt.path)) return { exists: false, readiness: null, dirty: false, branchDiff: false, touched: null };
  let baseTree = baseTrees.get(wt.baseBranch);
  if (!baseTree) {
    baseTree = git.run(wt.path, ['rev-parse', `refs/heads/${wt.baseBranch}^{tree}`]).then((r) => r.stdout.trim());
    baseTrees.set(wt.baseBranch, baseTree);
  }
  const [readiness, dirty, tree, touched] = await Promise.all([mergeReadiness(git, wt.path, wt), hasUncommittedChanges(git, wt), baseTree, touchedPaths(git, wt)]);
  // A clean merge that yields the base's own tree means the branch adds nothing: health "clear".
  return { exists: true, readiness, dirty, branchDiff: !readiness.ready || readiness.mergedTree !== tree, touched };
}

export async function buildMergeQueue(deps: WorktreeDeps): Promise<MergeQueueReport> {
  const git = gitOf(deps);
  // A resolver's scratch worktree is the queue's own, not a branch to land.
  const resolvers = new Set(deps.store.listMergeChecks().map((c) => c.resolverSessionId));
  const sessions = deps.store
    .listSessions()
    .filter((s): s is Session & { worktree: WorktreeInfo } => s.worktree !== null && !resolvers.has(s.id))
    .sort(queueOrder);
  const baseTrees = new Map<string, Promise<string>>();
  const probes = await Promise.all(sessions.map((s) => probe(git, s.worktree, baseTrees)));
  let nextPosition = 1;
  const mergeable: (Session & { worktree: WorktreeInfo; touched: TouchedPaths | null })[] = [];
  const entries: MergeQueueEntry[] = [];

  for (const [index, session] of sessions.entries()) {
    const wt = session.worktree;
    const p = probes[index] as Probe;
    const blockers: MergeQueueBlocker[] = [];
    let health: MergeQueueEntry['worktreeHealth'] = 'missing';
    const dirty = p.dirty;
    const nothingToMerge = p.exists && p.readiness !== null && !p.branchDiff && !dirty;
    const merged = nothingToMerge && deps.store.getOutcome(session.id)?.mergedAt != null;
    if (!p.exists || !p.readiness) {
      blockers.push(selfBlocker(session, wt, missingWorktreeMessage(wt)));
    } else {
      const readiness = p.readiness;
      health = healthOf(readiness, p.branchDiff, dirty);
      if (MERGE_ACTIVE_STATES.includes(session.state)) {
        blockers.push(selfBlocker(session, wt, `session is still ${label(session.state)}`));
      } else if (!readiness.ready) {
        blockers.push(selfBlocker(session, wt, readiness.summary, readiness.conflicts, await diffPatchPreview(git, wt, SELF_PREVIEW_LINES)));
      } else if (dirty) {
        blockers.push(
          selfBlocker(session, wt, `worktree has uncommitted changes; commit them with \`switchyard commit ${session.id}\``, [], await diffPatchPreview(git, wt, SELF_PREVIEW_LINES)),
        );
      } else if (nothingToMerge) {
        blockers.push(selfBlocker(session, wt, merged ? `merged into ${wt.baseBranch}` : `nothing to merge: ${wt.branch} has no changes ${wt.baseBranch} lacks`));
      } else {
        // Pairwise checks against every branch already queued into the same base (a delegate merges
        // into its lead's branch, the lead into main) that changes a path this one changes (no other
        // pair can conflict), in parallel; blockers keep queue order.
        const sameBase = mergeable.filter((m) => m.worktree.baseBranch === wt.baseBranch);
        const previews = await Promise.all(
          sameBase.map((m) => (mayConflict(p.touched, m.touched) ? branchConflictPreview(git, wt.path, wt, m.worktree, PAIR_PREVIEW_LINES) : null)),
        );
        for (const [i, preview] of previews.entries()) {
          const m = sameBase[i];
          if (!preview || !m) continue;
          blockers.push({
            sessionId: m.id,
            branch: m.worktree.branch,
            state: m.state,
            conflicts: preview.conflicts,
            summary: `merge after ${m.id} to avoid branch conflicts`,
            conflictingPatchPreview: preview.rightPatchPreview,
            blockerPatchPreview: preview.leftPatchPreview,
          });
        }
      }
    }
    const ready = blockers.length === 0;
    const position = ready ? nextPosition++ : null;
    if (ready) mergeable.push({ ...session, touched: p.touched });
    let suggestedAction: string;
    if (ready) suggestedAction = `merge in queue order #${position}`;
    else if (blockers.some((b) => b.sessionId === session.id)) suggestedAction = blockers[0]?.summary ?? '';
    else suggestedAction = `merge after ${blockers.map((b) => b.sessionId).join(', ')}`;
    entries.push({
      sessionId: session.id,
      task: session.task,
      project: session.project,
      taskGroup: session.taskGroup,
      branch: wt.branch,
      baseBranch: wt.baseBranch,
      state: session.state,
      worktreeHealth: health,
      dirty,
      nothingToMerge,
      merged,
      queuePosition: position,
      readyToMerge: ready,
      blockedBy: blockers,
      suggestedAction,
    });
  }
  return {
    readyEntries: entries.filter((e) => e.readyToMerge).sort((a, b) => (a.queuePosition ?? 0) - (b.queuePosition ?? 0)),
    blockedEntries: entries.filter((e) => !e.readyToMerge),
  };
}
