// The runner's job (`switchyard run-session`): start the agent for a pending session in a PTY,
// record its life in the store, and finish it as completed (exit 0) or failed (anything else).
//
// This runs in the runner process (src-main/runner/main.ts) for the whole session, so it imports
// directly only what every session uses while it runs. What only some sessions need (a headless
// stream's metrics parser and the price tables) is imported when the session needs it, and what
// only the end of a run needs (git for the auto-commit, the denial review, the worktree queue)
// when the agent has exited.
import { agentProgram, buildAgentCommand, missingProgramMessage, resolveProgram } from '../harness';
import { runAgentInPty } from '../runner/run-agent';
import type { RunnerStatePort } from '../runner/run-agent';
import { sessionLogPath } from '../paths';
import { RunnerError } from '../runner/errors';
import { socketPathFor } from '../runner/paths';
import type { SessionDeps } from './deps';
import { nowOf } from './deps';
import { profileFromSnapshot } from './profiles';
import type { MetricsTap } from './metrics-tap';
import { outputStreamOf } from './output-stream';
import { createActivityTracker } from './activity';
import { interactiveAgentFor } from '../agents/interactive';
import { harnessFromAgentType, harnessRunner, runnerKey } from '../harness/kinds';
import { sessionDir } from '../paths';
import { markLaunchHandoffRead } from './launch-handoff';
import { createEventBus } from '../events';
import { createPromptWatch } from './prompt-watch';
import { promptFor } from './continuation';
import { terminalSizeFor } from './terminal-size';

export interface RunSessionOptions {
  sessionId: string;
  /** Logged when the session is not pending; the runner then does nothing (ECC2 behaviour). */
  log?: (line: string) => void;
  stopGraceMs?: number;
  /** How hooks call back into Switchyard; defaults to this process's own CLI entry. */
  hookCommand?: string[];
}

/** An interactive built-in agent whose hooks report running/idle/needs-input; null: inferred from output. */
function interactiveReporter(deps: SessionDeps, session: { agentType: string; mode: string }) {
  if (session.mode !== 'interactive' || harnessRunner(deps.config, runnerKey(session.agentType))) return null;
  const agent = interactiveAgentFor(harnessFromAgentType(session.agentType));
  return agent?.reportsThroughHooks ? agent : null;
}

function selfCommand(): string[] {
  return [process.execPath, process.argv[1] ?? ''];
}

export type RunSessionResult = { ran: false; reason: string } | { ran: true; exitCode: number | null; signal: string | null };

function describeExit(exitCode: number | null, signal: string | null): string {
  if (signal) return `agent was killed by ${signal}`;
  return `agent exited with code ${exitCode}`;
}

export async function runSession(deps: SessionDeps, opts: RunSessionOptions): Promise<RunSessionResult> {
  const { store, config } = deps;
  const session = store.getSession(opts.sessionId);
  if (!session || session.id !== opts.sessionId) throw new Error(`Session not found: ${opts.sessionId}`);
  if (session.state !== 'pending') {
    const reason = `Skipping run_session for ${session.id} because state is ${session.state}`;
    opts.log?.(reason);
    return { ran: false, reason };
  }
  const fail = (reason: string): RunSessionResult => {
    store.recordExit(session.id, { state: 'failed', exitCode: null, exitSignal: null, reason });
    return { ran: false, reason };
  };

  let program: string;
  try {
    program = agentProgram(config, session.agentType);
  } catch (error) {
    return fail((error as Error).message);
  }
  const resolved = resolveProgram(program);
  if (!resolved) return fail(missingProgramMessage(session.agentType, program));

  const snapshot = store.getSessionProfile(session.id);
  // Trust carried over to a new worktree (git and the agents' config files): interactive worktree sessions only.
  const trust = session.worktree && session.mode === 'interactive' ? await (await import('./worktree-trust')).prepareWorktreeTrust(deps, session) : { flags: [] };
  const reporter = interactiveReporter(deps, session);
  const command = buildAgentCommand({
    config,
    agentType: session.agentType,
    program: resolved,
    task: promptFor(config, session, store.takeResumePrompt(session.id)),
    sessionId: session.id,
    workingDir: session.workingDir,
    profile: snapshot ? profileFromSnapshot(snapshot) : undefined,
    mode: session.mode,
    inWorktree: session.worktree !== null,
    trustWorktree: trust.flags,
    resumeSessionId: session.harnessSessionId ?? undefined,
    reporting: reporter
      ? await reporter.prepare({
          sessionId: session.id,
          home: deps.home,
          hookCommand: opts.hookCommand ?? selfCommand(),
          workingDir: session.workingDir,
          sessionDir: sessionDir(deps.home, session.id),
          processEnv: process.env,
        })
      : undefined,
  });

  const logPath = store.getOutputLog(session.id)?.logPath ?? sessionLogPath(deps.home, session.id);
  const socketPath = socketPathFor(deps.home, session.id);
  store.upsertOutputLog({ sessionId: session.id, logPath, socketPath });
  // Only a session whose output is an agent's machine stream parses it (and loads the prices).
  const tap: MetricsTap | null = outputStreamOf(config, session) ? (await import('./metrics-tap')).createMetricsTap(deps, session) : null;
  const startedAt = nowOf(deps).getTime();
  const events = createEventBus(store);
  let logBytes = 0;
  let bytesWrittenAt = 0;
  const activity = reporter !== null || session.mode !== 'interactive' ? null : createActivityTracker(deps, session.id, events);
  const watch = session.mode === 'interactive' ? createPromptWatch({ store, events, session, hooks: reporter !== null }) : null;
  const titles = reporter?.fromTitle ? (await import('./title-tap')).createTitleTap(deps, session.id, reporter.fromTitle) : null;

  const port: RunnerStatePort = {
    started: ({ pid, runnerPid }) => {
      store.markRunning(session.id, { pid, runnerPid });
      events.emit('session_state', { sessionId: session.id, from: 'pending', to: 'running', reason: null });
      activity?.start();
    },
    heartbeat: () => store.touchHeartbeat(session.id),
    output: (chunk, offset) => {
      tap?.push(chunk);
      activity?.onOutput();
      watch?.onOutput(chunk);
      titles?.push(chunk);
      logBytes = offset + chunk.length;
      // The byte count is informational (the log file is the truth, and the exit writes the final
      // count): one write every 10 s, not one per chunk (see the runner's OUTPUT_HEARTBEAT_MIN_MS).
      if (Date.now() - bytesWrittenAt >= 10_000) {
        store.setOutputLogBytes(session.id, logBytes);
        bytesWrittenAt = Date.now();
      }
    },
    exited: async ({ exitCode, signal, stopReason, logFailure }) => {
      tap?.finish();
      activity?.stop();
      watch?.stop();
      store.setOutputLogBytes(session.id, logBytes);
      const durationSecs = Math.max(0, Math.round((nowOf(deps).getTime() - startedAt) / 1000));
      store.updateMetrics(session.id, { durationSecs });
      // However the agent then exited, a log that could not be written is why the session failed
      // (recorded in this one write: on a full disk there may be no room for a second).
      const ok = exitCode === 0 && !signal && !logFailure;
      // Committed before the session reads "completed", so the merge queue never sees it dirty. A
      // session stopped through `stop` is committed by the stop itself, once its processes are gone;
      // one stopped by a signal to this runner (a shutdown) is committed here.
      const stoppedByOperator = store.getSession(session.id)?.state === 'stopped';
      const commitNote =
        (ok || stopReason) && !stoppedByOperator ? await (await import('./finish')).autoCommitFinished(deps, session.id, stopReason ? 'stopped' : 'finished') : null;
      store.recordExit(session.id, {
        state: logFailure ? 'failed' : stopReason ? 'stopped' : ok ? 'completed' : 'failed',
        exitCode,
        exitSignal: signal,
        reason: logFailure ?? (stopReason ? [stopReason, commitNote].filter(Boolean).join('; ') : ok ? commitNote : await exitReason(exitCode, signal)),
      });
      const exited = store.getSession(session.id);
      if (exited?.attention === 'needs_input') store.setAttention(session.id, null);
      if (ok && exited?.state === 'completed') {
        const denied = (await import('./denials')).flagDenials(store, session.id);
        if (denied.length > 0) {
          events.emit('session_denied', { sessionId: session.id, count: denied.length, summary: store.getSession(session.id)?.stateReason ?? '' });
        }
      }
      markLaunchHandoffRead(store, session);
      const after = store.getSession(session.id);
      if (after) events.emit('session_state', { sessionId: session.id, from: 'running', to: after.state, reason: after.stateReason });
    },
  };

  // A failed interactive agent's last screen usually says why (no network for its first-run check, say).
  const exitReason = async (exitCode: number | null, signal: string | null): Promise<string> => {
    const words = signal ? null : await watch?.lastWords().catch(() => null);
    return words ? `${describeExit(exitCode, signal)}; its screen said: ${words}` : describeExit(exitCode, signal);
  };

  // The size of the view that will show it (remembered when the UI started it); else the runner's 80x24.
  const size = terminalSizeFor(deps.home, session.id);
  try {
    const exit = await runAgentInPty({
      program: command.program,
      args: command.args,
      env: { ...process.env, ...command.env } as Record<string, string>,
      cwd: command.cwd,
      stdin: command.stdin,
      cols: size?.cols,
      rows: size?.rows,
      logPath,
      socketPath,
      heartbeatIntervalMs: config.heartbeat_interval_secs * 1000,
      stopGraceMs: opts.stopGraceMs,
      stopOnSignals: true, // this process is the runner: SIGTERM/SIGINT/SIGHUP stop the agent first
      port,
    });
    return { ran: true, exitCode: exit.exitCode, signal: exit.signal };
  } catch (error) {
    // A log that could not be written (a full disk) stopped a running agent: its message is the reason.
    if (error instanceof RunnerError && (error.code === 'disk_full' || error.code === 'log_failed')) return fail(error.message);
    return fail(`could not start ${program}: ${(error as Error).message}`);
  } finally {
    store.setOutputLogSocket(session.id, null);
    // This session's worktree slot is free now: start the next queued one, in order. A stopped
    // session is left to whoever stopped it: `stop` ends this runner once the agent is gone, and a
    // queued session claimed here would be lost half-started.
    if (session.worktree && store.getSession(session.id)?.state !== 'stopped') {
      await import('../worktrees/queue').then(({ activatePendingWorktreeSessions }) => activatePendingWorktreeSessions(deps)).catch(() => undefined);
    }
  }
}
