// Sessions waiting for a worktree slot (max_parallel_worktrees): queueing, and activation when a
// slot frees (spec §3.5). A queued session is pending with no worktree and no runner.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/types';
import type { Session } from '../model';
import { sessionLogPath } from '../paths';
import { launchRunner } from '../sessions/launch';
import { createWorktree } from './create';
import type { WorktreeDeps } from './deps';
import { gitOf } from './deps';
import { resolveRepositoryBase } from './repo';
import { removeWorktree } from './remove';
import { runWorktreeSetup } from './setup';

// An explicit --base has no column in the queue table; it waits beside the worktrees instead.
function queuedBasePath(config: Pick<Config, 'worktree_root'>, sessionId: string): string {
  return join(config.worktree_root, '.switchyard', `${sessionId}.queued-base`);
}

export function rememberQueuedBase(config: Pick<Config, 'worktree_root'>, sessionId: string, base: string): void {
  const file = queuedBasePath(config, sessionId);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${base}\n`);
}

function takeQueuedBase(config: Pick<Config, 'worktree_root'>, sessionId: string): string | undefined {
  const file = queuedBasePath(config, sessionId);
  if (!existsSync(file)) return undefined;
  const base = readFileSync(file, 'utf8').trim();
  rmSync(file, { force: true });
  return base || undefined;
}

export function freeWorktreeSlots(deps: WorktreeDeps): number {
  return Math.max(0, deps.config.max_parallel_worktrees - deps.store.countWorktreeSlotsInUse());
}

export function queuedReason(config: Pick<Config, 'max_parallel_worktrees'>): string {
  return `waiting for a worktree slot (max_parallel_worktrees = ${config.max_parallel_worktrees}); it starts when another worktree session finishes`;
}

/**
 * Creates the worktree of a session that already exists, attaches it and runs the project setup.
 * Returns the failure reason instead of throwing; the session is then failed by the caller.
 */
export async function provisionWorktree(
  deps: WorktreeDeps,
  session: Session,
  base: { root: string; baseBranch: string },
): Promise<{ ok: true; session: Session } | { ok: false; reason: string }> {
  const git = gitOf(deps);
  const created = await createWorktree(git, deps.config, session.id, base);
  deps.store.attachWorktree(session.id, created.worktree);
  const logPath = deps.store.getOutputLog(session.id)?.logPath ?? sessionLogPath(deps.home, session.id);
  const setup = await runWorktreeSetup(deps.config.worktree_setup ?? { copy_files: [], setup_commands: [] }, {
    sessionId: session.id,
    repoRoot: base.root,
    worktreePath: created.worktree.path,
    logPath,
    notes: created.notes,
  });
  if (!setup.ok) return { ok: false, reason: setup.reason };
  return { ok: true, session: deps.store.getSession(session.id) ?? { ...session, worktree: created.worktree, workingDir: created.worktree.path } };
}

export interface ActivationOutcome {
  started: string[];
  failed: { sessionId: string; reason: string }[];
}

/** Fills free worktree slots from the queue, oldest request first, and starts their runners. */
export async function activatePendingWorktreeSessions(deps: WorktreeDeps): Promise<ActivationOutcome> {
  const { store } = deps;
  const outcome: ActivationOutcome = { started: [], failed: [] };
  let slots = freeWorktreeSlots(deps);
  if (slots === 0) return outcome;
  for (const request of store.pendingWorktreeQueue(slots)) {
    // Claim first: the runner of a finished session, the daemon and the CLI may all activate at
    // once, and only the process whose delete removed the row starts this session.
    if (!store.dequeuePendingWorktree(request.sessionId)) continue;
    const session = store.getSession(request.sessionId);
    if (!session || session.id !== request.sessionId || session.worktree || session.pid !== null || session.state !== 'pending') continue;
    const fail = (reason: string) => {
      store.recordExit(session.id, { state: 'failed', exitCode: null, exitSignal: null, reason });
      outcome.failed.push({ sessionId: session.id, reason });
    };
    let provisioned: Awaited<ReturnType<typeof provisionWorktree>>;
    try {
      const base = await resolveRepositoryBase(gitOf(deps), request.repoRoot, takeQueuedBase(deps.config, session.id));
      provisioned = await provisionWorktree(deps, session, base);
    } catch (error) {
      fail(`Failed to create queued worktree for session ${session.id}: ${(error as Error).message}`);
      continue;
    }
    if (!provisioned.ok) {
      fail(provisioned.reason);
      continue;
    }
    store.setStateReason(session.id, null);
    try {
      await launchRunner(deps, provisioned.session);
    } catch (error) {
      const wt = provisioned.session.worktree;
      if (wt) await removeWorktree(gitOf(deps), wt).catch(() => undefined);
      store.clearWorktreeToDir(session.id, request.repoRoot);
      fail(`Failed to start queued worktree session ${session.id}: ${(error as Error).message}`);
      continue;
    }
    outcome.started.push(session.id);
    slots -= 1;
    if (slots === 0) break;
  }
  return outcome;
}
