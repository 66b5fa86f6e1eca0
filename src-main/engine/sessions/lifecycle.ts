// Stop, resume and delete, with ECC2's rules and messages (spec §3.7), plus two fixes: resume refuses a
// session whose runner is still alive, and stopping or resuming never leaves an agent process behind.
import { existsSync, rmSync } from 'node:fs';
import type { Session, SessionState } from '../model';
import { connectRunner, killProcessGroup } from '../runner';
import type { SessionDeps } from './deps';
import { isProcessAlive } from './deps';
import { SessionError } from './errors';
import { checkLaunchBudget } from './budget-check';
import { autoCommitFinished } from './finish';
import { launchRunner } from './launch';
import { resolveSessionRef } from './create';
import { nulByteProblem } from './task-text';
import { continuesConversation } from './continuation';
import { activatePendingWorktreeSessions, cleanupSessionWorktree, gitOf, removeWorktree } from '../worktrees';
import type { ActivationOutcome, WorktreeRemoval } from '../worktrees';
import { rememberTerminalSize } from './terminal-size';
import type { TerminalSize } from './terminal-size';

export const STOP_GRACE_MS = 1200;
const LIVE_STATES: SessionState[] = ['pending', 'running', 'idle', 'stale'];

function alive(deps: SessionDeps, pid: number | null): pid is number {
  return pid !== null && (deps.isAlive ?? isProcessAlive)(pid);
}

/** Ask the runner to stop its agent; falls back to signalling the process groups directly. */
async function terminateProcesses(deps: SessionDeps, session: Session, graceMs: number): Promise<void> {
  const socketPath = deps.store.getOutputLog(session.id)?.socketPath;
  if (socketPath && alive(deps, session.runnerPid)) {
    try {
      const client = await connectRunner(socketPath);
      try {
        await client.stop(graceMs);
      } finally {
        client.close();
      }
    } catch {
      // the runner went away between the check and the connect: signal the processes below
    }
  }
  if (alive(deps, session.pid)) await killProcessGroup(session.pid, graceMs);
  if (alive(deps, session.runnerPid)) await killProcessGroup(session.runnerPid, graceMs);
}

export interface StopOptions {
  graceMs?: number;
  reason?: string;
}

export async function stopSession(deps: SessionDeps, ref: string, opts: StopOptions = {}): Promise<Session> {
  return (await stopAndActivate(deps, ref, opts)).session;
}

/** Stops the session, commits its work, and starts queued sessions in the slot it freed. */
async function stopAndActivate(deps: SessionDeps, ref: string, opts: StopOptions): Promise<{ session: Session; activated: ActivationOutcome }> {
  const session = resolveSessionRef(deps, ref);
  const live = LIVE_STATES.includes(session.state) || alive(deps, session.pid) || alive(deps, session.runnerPid);
  if (!live) {
    const hint = session.state === 'completed' ? 'nothing to stop' : `resume it with \`switchyard resume ${session.id}\``;
    throw new SessionError(`Session ${session.id} is already ${session.state}; ${hint}`);
  }
  const reason = opts.reason ?? 'stopped by the operator';
  // Marked before the processes go, so the runner sees a stop (not a completion) and leaves the
  // commit to this side, which makes it once nothing can write to the worktree any more.
  deps.store.markStopped(session.id, reason);
  await terminateProcesses(deps, session, opts.graceMs ?? STOP_GRACE_MS);
  const note = await autoCommitFinished(deps, session.id, 'stopped');
  if (note) deps.store.setStateReason(session.id, `${reason}; ${note}`);
  const activated = session.worktree ? await activatePendingWorktreeSessions(deps) : { started: [], failed: [] };
  return { session: deps.store.getSession(session.id) ?? session, activated };
}

export interface ResumeOptions {
  /** A follow-up for the agent: continues its conversation with this instead of a "continue" note. */
  prompt?: string;
  /** Launch even though a hard budget is spent (`--over-budget`). */
  overBudget?: boolean;
  /** The size of the view that will show the terminal: the agent's PTY starts at it. */
  terminalSize?: TerminalSize;
}

/**
 * Runs a failed, stopped or (with a follow-up prompt) completed session again. An agent whose own
 * conversation id is known continues that conversation; the original task is never sent again
 * (sessions/run.ts picks the prompt).
 */
export async function resumeSession(deps: SessionDeps, ref: string, opts: ResumeOptions = {}): Promise<Session> {
  const session = resolveSessionRef(deps, ref);
  const prompt = opts.prompt === undefined ? undefined : checkFollowUp(opts.prompt);
  if (session.state === 'completed') {
    if (!continuesConversation(deps.config, session)) {
      throw new SessionError(`Completed sessions cannot be resumed: ${session.id} (its agent has no conversation Switchyard can continue; start a new session)`);
    }
    if (prompt === undefined) {
      throw new SessionError(
        `Session ${session.id} completed its task; to continue its conversation give the agent a follow-up: switchyard resume ${session.id} --prompt "…"`,
      );
    }
  }
  if (session.state === 'running' || alive(deps, session.runnerPid)) {
    throw new SessionError(`Session is already running: ${session.id}`);
  }
  if (session.worktree && !existsSync(session.worktree.path)) {
    throw new SessionError(`Session ${session.id} cannot be resumed: its worktree ${session.worktree.path} was removed`);
  }
  checkLaunchBudget(deps, `resume session ${session.id}`, { session, overBudget: opts.overBudget });
  // An idle or stale agent without its runner would otherwise keep running next to the new one.
  if (alive(deps, session.pid)) await killProcessGroup(session.pid, STOP_GRACE_MS);
  deps.store.markPendingForResume(session.id);
  if (opts.terminalSize) rememberTerminalSize(deps.home, session.id, opts.terminalSize);
  if (prompt !== undefined) deps.store.setResumePrompt(session.id, prompt);
  try {
    await launchRunner(deps, { ...session, state: 'pending', pid: null });
  } catch (error) {
    if (prompt !== undefined) deps.store.setResumePrompt(session.id, null);
    deps.store.recordExit(session.id, { state: 'failed', exitCode: null, exitSignal: null, reason: (error as Error).message });
    throw new SessionError(`Failed to resume session ${session.id}: ${(error as Error).message}`, { cause: error });
  }
  return deps.store.getSession(session.id) ?? session;
}

function checkFollowUp(prompt: string): string {
  if (prompt.trim() === '') throw new SessionError('The follow-up prompt is empty; say what the agent should do next with --prompt "…"');
  const nul = nulByteProblem(prompt, 'follow-up prompt');
  if (nul) throw new SessionError(`Cannot resume: ${nul}`);
  return prompt;
}

export interface StopCleanupOutcome {
  session: Session;
  /** What happened to the worktree (null when the session had none). */
  worktree: WorktreeRemoval | null;
  /** Queued worktree sessions started in the freed slot. */
  activated: ActivationOutcome;
}

/**
 * `stop --cleanup`: stops the session if it is live, then removes its worktree. Uncommitted changes keep
 * the folder and a branch with commits its base lacks is kept; `worktree.kept` says which and why.
 */
export async function stopSessionWithCleanup(deps: SessionDeps, ref: string, opts: StopOptions = {}): Promise<StopCleanupOutcome> {
  let session = resolveSessionRef(deps, ref);
  const live = LIVE_STATES.includes(session.state) || alive(deps, session.pid) || alive(deps, session.runnerPid);
  let byStop: ActivationOutcome = { started: [], failed: [] };
  if (live) ({ session, activated: byStop } = await stopAndActivate(deps, session.id, opts));
  else if (!session.worktree) return stopSession(deps, session.id, opts).then((s) => ({ session: s, worktree: null, activated: { started: [], failed: [] } }));
  const cleanup = await cleanupSessionWorktree(deps, session.id);
  const more = await activatePendingWorktreeSessions(deps);
  const activated = { started: [...byStop.started, ...more.started], failed: [...byStop.failed, ...more.failed] };
  return { session: deps.store.getSession(session.id) ?? session, worktree: cleanup.removal, activated };
}

export interface DeleteOutcome {
  sessionId: string;
  worktree: WorktreeRemoval | null;
  activated: ActivationOutcome;
}

/**
 * Deletes an inactive session with its worktree. When the worktree must stay (uncommitted or
 * untracked work, commits only it holds, locked, an operation in progress), nothing is deleted and
 * the error says why; `force` discards it all.
 */
export async function deleteSession(deps: SessionDeps, ref: string, opts: { force?: boolean } = {}): Promise<DeleteOutcome> {
  const session = resolveSessionRef(deps, ref);
  if (session.state === 'pending' || session.state === 'running' || session.state === 'idle') {
    throw new SessionError(`Cannot delete active session ${session.id} while it is ${session.state}`);
  }
  const worktree = session.worktree
    ? await removeWorktree(gitOf(deps), session.worktree, { force: opts.force, ownFiles: deps.config.worktree_setup?.copy_files })
    : null;
  if (worktree && !worktree.removedPath && session.worktree && existsSync(session.worktree.path)) {
    throw new SessionError(`Session ${session.id} was not deleted: ${worktree.kept ?? 'its worktree was kept'}. Deleting the session would leave that work unreachable; run \`switchyard delete ${session.id} --force\` to discard it`);
  }
  const log = deps.store.getOutputLog(session.id);
  deps.store.deleteSession(session.id);
  if (log) {
    rmSync(log.logPath, { force: true });
    if (log.socketPath) rmSync(log.socketPath, { force: true });
  }
  const activated = session.worktree ? await activatePendingWorktreeSessions(deps) : { started: [], failed: [] };
  return { sessionId: session.id, worktree, activated };
}

/**
 * Reconcile (at daemon start-up, on every daemon tick, and in `wait`): a session marked live whose
 * runner is gone becomes failed, with the reason kept. An agent left behind by a killed runner is
 * terminated, since nothing records its output any more. Cheap enough per tick: one query for the
 * live sessions and a kill(pid, 0) each; only a dead runner's session is read again.
 */
export async function reconcileSessions(deps: SessionDeps): Promise<string[]> {
  const failed: string[] = [];
  for (const listed of deps.store.listProcessRefsInStates(LIVE_STATES)) {
    if (listed.state === 'pending' && listed.runnerPid === null) continue; // queued, no runner yet
    const runnerGone = listed.runnerPid !== null ? !alive(deps, listed.runnerPid) : !alive(deps, listed.pid);
    if (!runnerGone) continue;
    // Read again now that the runner is known dead: it may have recorded its own exit just before
    // exiting, or the session may have been resumed under a new runner since the list was read.
    const s = deps.store.getSession(listed.id);
    if (!s || !LIVE_STATES.includes(s.state) || s.runnerPid !== listed.runnerPid || s.pid !== listed.pid) continue;
    if (alive(deps, s.pid)) await killProcessGroup(s.pid, STOP_GRACE_MS);
    const who = s.runnerPid !== null ? `session runner (pid ${s.runnerPid})` : `agent process (pid ${s.pid})`;
    const reason =
      s.state === 'pending'
        ? `${who} exited before starting the agent; see ${s.workingDir}/.claude/ecc2/logs/${s.id}.runner-stderr.log`
        : `${who} is no longer running; it was killed or the machine restarted`;
    deps.store.recordExit(s.id, { state: 'failed', exitCode: null, exitSignal: null, reason });
    failed.push(s.id);
  }
  return failed;
}

export const TERMINAL_STATES: SessionState[] = ['completed', 'failed', 'stopped'];

/** Resolves once the session reaches a terminal state; false on time-out. */
export async function waitForSession(deps: SessionDeps, id: string, timeoutMs: number, pollMs = 250): Promise<{ done: boolean; session: Session }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await reconcileSessions(deps);
    const session = resolveSessionRef(deps, id);
    if (TERMINAL_STATES.includes(session.state)) return { done: true, session };
    if (Date.now() >= deadline) return { done: false, session };
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
