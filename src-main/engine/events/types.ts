// Engine events: what the policies, the scheduler, remote dispatch, templates and the daemon did.
// The UI and notifications consume these; every one is also persisted, so other processes see it.
import type { TaskPriority } from '../model';

export type BudgetKind = 'tokens' | 'cost';
/** ECC2's alert thresholds plus `exceeded` for 100 %. */
export type BudgetLevel = 'advisory' | 'warning' | 'critical' | 'exceeded';

export interface EngineEventMap {
  /** A session changed state (runner start and exit, agent hooks, activity, operator actions). */
  session_state: { sessionId: string; from: string; to: string; reason: string | null };
  /** The agent's own session began (its SessionStart or first prompt hook): past any pre-session prompt. */
  agent_started: { sessionId: string; hook: string };
  /** The agent waits for the operator (a permission prompt or an attention notification). */
  session_needs_input: { sessionId: string; message: string };
  /** Switchyard committed a session's work on its branch (at the end of the run, on stop, or on request). */
  session_committed: { sessionId: string; branch: string; sha: string; files: number; trigger: 'finished' | 'stopped' | 'operator' };
  /** A delegate completed or failed and its result went to its lead's inbox (message `messageId`). */
  delegate_finished: { sessionId: string; leadId: string; outcome: 'completed' | 'failed'; messageId: number; summary: string };
  /** The session finished but its permission rules refused some of its actions. */
  session_denied: { sessionId: string; count: number; summary: string };
  /** A running session missed its heartbeat: marked stale, or (auto_terminate_stale_sessions) killed and failed. */
  session_stale: { sessionId: string; heartbeatAgeSecs: number; timeoutSecs: number; action: 'marked_stale' | 'terminated' };
  /** Usage crossed a threshold (announced once per upward crossing). `scope` is global or one session's profile budget. */
  budget_alert: {
    kind: BudgetKind;
    threshold: BudgetLevel;
    /** The threshold as a fraction of the budget (0.5, 0.75, 0.9 or 1). */
    thresholdFraction: number;
    percent: number;
    used: number;
    budget: number;
    scope: 'global' | 'profile';
    sessionId?: string;
    profileName?: string;
  };
  /** A session stopped by a budget hard limit; its worktree is kept so it can resume. */
  budget_stop: { sessionId: string; kind: BudgetKind | 'profile_tokens'; used: number; budget: number; reason: string };
  conflict_detected: {
    conflictKey: string;
    path: string;
    strategy: string;
    activeSessionId: string;
    pausedSessionId: string;
    /** False when the paused session had already stopped (or was paused earlier in the pass). */
    paused: boolean;
    summary: string;
  };
  schedule_fired: { scheduleId: number; sessionId: string; task: string; cronExpr: string; nextRunAt: string };
  schedule_failed: { scheduleId: number; task: string; cronExpr: string; error: string; nextRunAt: string };
  remote_queued: { requestId: number; requestKind: string; priority: TaskPriority; source: string; requester: string | null; targetSessionId: string | null };
  remote_dispatched: { requestId: number; sessionId: string | null; action: string };
  remote_deferred: { requestId: number; targetSessionId: string | null };
  remote_failed: { requestId: number; error: string };
  template_launched: { templateName: string; anchorSessionId: string | null; sessionIds: string[] };
  daemon_started: { pid: number; host: string; replacedPid: number | null };
  daemon_stopped: { pid: number; host: string };
  daemon_step_failed: { step: string; error: string };
  /** Live sessions whose runner died while no daemon watched them. */
  sessions_recovered: { sessionIds: string[] };
  /**
   * The merge queue's check of a branch changed state, or (state "checking") printed more output;
   * progress is throttled. `tail` holds the last lines of the log at `logPath`.
   */
  merge_check: {
    sessionId: string;
    branch: string;
    baseBranch: string;
    state: string;
    logPath: string | null;
    tail: string | null;
    durationMs: number | null;
    message: string | null;
    resolverSessionId: string | null;
  };
}

export type EngineEventKind = keyof EngineEventMap;

export type EngineEvent = { [K in EngineEventKind]: { kind: K; payload: EngineEventMap[K] } }[EngineEventKind];

/** An event as stored: with its id (increasing), time and the session it concerns, if any. */
export type StoredEvent = EngineEvent & { id: number; sessionId: string | null; createdAt: string };

export const ENGINE_EVENT_KINDS: readonly EngineEventKind[] = [
  'session_committed',
  'delegate_finished',
  'session_denied',
  'session_stale',
  'budget_alert',
  'budget_stop',
  'conflict_detected',
  'schedule_fired',
  'schedule_failed',
  'remote_queued',
  'remote_dispatched',
  'remote_deferred',
  'remote_failed',
  'template_launched',
  'daemon_started',
  'daemon_stopped',
  'daemon_step_failed',
  'sessions_recovered',
  'merge_check',
];
