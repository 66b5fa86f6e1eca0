// Creating a session: validate, record it as pending, then hand it to a detached runner.
// Bad input is refused before anything is written; a failure after the row exists leaves the
// session failed with the reason, never stuck pending.
import { statSync } from 'node:fs';
import { encodeMessage } from '../comms';
import { resolveAgentProfile } from '../config';
import type { ResolvedAgentProfile } from '../config/types';
import {
  agentProgram,
  buildAgentCommand,
  canonicalAgentType,
  commandLineProblem,
  detectHarness,
  missingProgramMessage,
  resolveProgram,
  resolveRequestedAgentType,
  withConfigDetection,
} from '../harness';
import type { Session, SessionMode, WorktreeInfo } from '../model';
import { sessionLogPath } from '../paths';
import { socketPathFor } from '../runner';
import type { SessionDeps } from './deps';
import { nowOf } from './deps';
import { resolveGrouping } from './grouping';
import { newSessionId } from './ids';
import { snapshotFromProfile } from './profiles';
import { launchRunner } from './launch';
import { rememberTerminalSize } from './terminal-size';
import type { TerminalSize } from './terminal-size';
import { SessionError } from './errors';
import { checkLaunchBudget } from './budget-check';
import { nulByteProblem } from './task-text';
// Specific worktree modules, not the index: session-ops imports this file back.
import { checkWorktreePlan } from '../worktrees/create';
import { gitOf } from '../worktrees/deps';
import type { WorktreeDeps } from '../worktrees/deps';
import { freeWorktreeSlots, provisionWorktree, queuedReason, rememberQueuedBase } from '../worktrees/queue';
import { findRepoRoot, mayBeInRepository, resolveRepositoryBase } from '../worktrees/repo';
import type { RepositoryBase } from '../worktrees/repo';

export interface StartSessionRequest {
  task: string;
  /** Working directory (the repository root when a worktree is used). */
  cwd: string;
  agent?: string;
  profile?: string;
  mode?: SessionMode;
  /** Run in a new git worktree; undefined means `auto_create_worktrees` when `cwd` is in a git repository. */
  worktree?: boolean;
  /** Branch the worktree starts from and merges back into (default: the repository's current branch). */
  baseBranch?: string;
  fromSession?: string;
  project?: string;
  taskGroup?: string;
  /** Reason written into the handoff sent by `fromSession`. */
  handoffReason?: string;
  /** Launch even though a hard budget is spent (`--over-budget`). */
  overBudget?: boolean;
  /** The size of the view that will show the terminal: the agent's PTY starts at it. */
  terminalSize?: TerminalSize;
  /**
   * A worktree Switchyard already made for this session (the merge queue's resolver scratch
   * worktree): attached before the runner starts, so the agent gets the worktree write posture.
   * Requires worktree: false (no new worktree is created) and cwd = its path.
   */
  existingWorktree?: WorktreeInfo;
}

export function resolveSessionRef(deps: SessionDeps, ref: string): Session {
  const session = ref === 'latest' ? deps.store.getLatestSession() : deps.store.getSession(ref);
  if (!session) throw new SessionError(`Session not found: ${ref}`);
  return session;
}

function checkWorkingDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new SessionError(`working directory ${dir} does not exist; pass an existing directory with --cwd`);
  }
  if (!isDir) throw new SessionError(`working directory ${dir} is not a directory; pass a directory with --cwd`);
}

function chooseProfile(deps: SessionDeps, req: StartSessionRequest, source: Session | null): ResolvedAgentProfile | undefined {
  const inherited = source ? deps.store.getSessionProfile(source.id)?.profileName : undefined;
  const name = req.profile ?? inherited ?? deps.config.default_agent_profile;
  return name ? resolveAgentProfile(deps.config, name) : undefined;
}

/** Handoff context as ECC2 writes it: "Assigned by {id} [{agent}] | cwd {dir}[ | worktree ...] | {reason}". */
export function handoffContext(from: Session, reason: string): string {
  const wt = from.worktree ? ` | worktree ${from.worktree.branch} (${from.worktree.path})` : '';
  return `Assigned by ${from.id} [${from.agentType}] | cwd ${from.workingDir}${wt} | ${reason}`;
}

/** The agent's executable, or why it cannot run (the session then fails with this reason). */
function locateProgram(deps: SessionDeps, agentType: string): { name: string; path: string | null; problem: string | null } {
  let name: string;
  try {
    name = agentProgram(deps.config, agentType);
  } catch (error) {
    const message = (error as Error).message;
    if (!message.startsWith('Unsupported agent type')) return { name: agentType, path: null, problem: message };
    return {
      name: agentType,
      path: null,
      problem: `Unsupported agent type: ${agentType}: there is no built-in "${agentType}" harness and no program configured for it. Use claude, codex, opencode or gemini, or set [harness_runners.${agentType}].program in config.toml to the agent's executable.`,
    };
  }
  const path = resolveProgram(name);
  return { name, path, problem: path ? null : missingProgramMessage(agentType, name) };
}

/**
 * The repository and base branch when the session gets a worktree, else null. An explicit request
 * outside a usable repository is an error; the config default quietly falls back to no worktree
 * outside a repository.
 */
async function worktreeBase(deps: WorktreeDeps, req: StartSessionRequest): Promise<RepositoryBase | null> {
  if (req.worktree === false) {
    if (req.baseBranch !== undefined) throw new SessionError('--base only applies to worktree sessions; drop --no-worktree or --base');
    return null;
  }
  const git = gitOf(deps);
  if (req.worktree === undefined && req.baseBranch === undefined) {
    if (!deps.config.auto_create_worktrees || !mayBeInRepository(req.cwd) || (await findRepoRoot(git, req.cwd)) === null) return null;
  }
  try {
    return await resolveRepositoryBase(git, req.cwd, req.baseBranch);
  } catch (error) {
    throw new SessionError((error as Error).message, { cause: error });
  }
}

export async function startSession(deps: SessionDeps, req: StartSessionRequest): Promise<Session> {
  const { store, config } = deps;
  const task = req.task;
  if (!task.trim()) throw new SessionError('task is empty; describe the work with --task "..."');
  const nul = nulByteProblem(task);
  if (nul) throw new SessionError(nul);
  checkWorkingDir(req.cwd);
  // Before anything is written: a refused launch leaves no session behind.
  checkLaunchBudget(deps, 'start a session', { overBudget: req.overBudget });
  const repo = await worktreeBase(deps, req);
  const source = req.fromSession ? resolveSessionRef(deps, req.fromSession) : null;
  const profile = chooseProfile(deps, req, source);
  const requested = canonicalAgentType(profile?.agent ?? req.agent ?? config.default_agent);
  const agentType = resolveRequestedAgentType(config, requested, req.cwd);
  const mode = req.mode ?? config.default_mode;
  const grouping = resolveGrouping(
    { project: req.project ?? source?.project, taskGroup: req.taskGroup ?? source?.taskGroup },
    req.cwd,
    task,
  );
  const harness = withConfigDetection(detectHarness(agentType, req.cwd), config, req.cwd);
  const now = nowOf(deps).toISOString();
  const id = newSessionId((candidate) => store.getSession(candidate)?.id === candidate);
  const program = locateProgram(deps, agentType);
  // The task reaches the agent as one argument; one the OS cannot carry is refused before anything is written.
  const tooLong = commandLineProblem(
    buildAgentCommand({ config, agentType, program: program.path ?? program.name, task, sessionId: id, workingDir: req.cwd, profile, mode, inWorktree: repo !== null || req.existingWorktree !== undefined }),
  );
  if (tooLong) throw new SessionError(tooLong);
  // Worktree checks (branch name, existing branch or path) also run before anything is written.
  const queued = repo !== null && freeWorktreeSlots(deps) === 0;
  if (repo) {
    try {
      await checkWorktreePlan(gitOf(deps), config, id, repo.root);
    } catch (error) {
      throw new SessionError((error as Error).message, { cause: error });
    }
  }

  const session: Session = {
    id,
    task,
    project: grouping.project,
    taskGroup: grouping.taskGroup,
    agentType,
    mode,
    state: 'pending',
    pid: null,
    runnerPid: null,
    workingDir: req.cwd,
    worktree: null,
    harness: harness.primaryLabel,
    detectedHarnesses: harness.detectedLabels,
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: now,
    updatedAt: now,
    lastHeartbeatAt: now,
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
  store.transaction(() => {
    store.insertSession(session);
    if (profile) store.upsertSessionProfile(id, snapshotFromProfile(profile));
    store.upsertOutputLog({ sessionId: id, logPath: sessionLogPath(deps.home, id), socketPath: socketPathFor(deps.home, id), bytes: 0 });
  });
  if (req.terminalSize) rememberTerminalSize(deps.home, id, req.terminalSize);

  const fail = (reason: string): never => {
    store.recordExit(id, { state: 'failed', exitCode: null, exitSignal: null, reason });
    throw new SessionError(`Failed to queue session ${id}: ${reason}`);
  };
  if (program.problem) fail(program.problem);

  let started: Session = session;
  if (repo && queued) {
    // No slot: the session waits, pending with no worktree and no runner, until one frees (spec §3.5).
    store.enqueuePendingWorktree(id, repo.root);
    if (req.baseBranch !== undefined) rememberQueuedBase(config, id, repo.baseBranch);
    store.setStateReason(id, queuedReason(config));
  } else if (repo) {
    try {
      const provisioned = await provisionWorktree(deps, session, repo);
      if (!provisioned.ok) fail(provisioned.reason);
      else started = provisioned.session;
    } catch (error) {
      if (error instanceof SessionError) throw error;
      fail((error as Error).message);
    }
  }

  if (source) {
    const { content, msgType } = encodeMessage({
      kind: 'task_handoff',
      task,
      context: handoffContext(source, req.handoffReason ?? 'spawned new delegate'),
      priority: 'normal',
    });
    store.sendMessage(source.id, id, content, msgType);
  }

  if (queued) return store.getSession(id) ?? session;
  if (req.existingWorktree && !repo) {
    store.attachWorktree(id, req.existingWorktree);
    started = store.getSession(id) ?? { ...session, worktree: req.existingWorktree };
  }
  try {
    await launchRunner(deps, started);
  } catch (error) {
    fail((error as Error).message);
  }
  return store.getSession(id) ?? started;
}
