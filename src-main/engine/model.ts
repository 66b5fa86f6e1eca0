// Domain types shared by the store, the engine and (through the API contract) the UI.
// Field names are camelCase forms of ECC2's snake_case names, so they serialise straight to
// the CLI's JSON output. Timestamps are RFC 3339 strings in UTC (`Date#toISOString`).

export const SESSION_STATES = ['pending', 'running', 'idle', 'stale', 'completed', 'failed', 'stopped'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_MODES = ['headless', 'interactive'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/**
 * Why a session wants the operator: `needs_input` (a live agent waits at a prompt; cleared when it
 * runs again) or `denied` (it finished, but its permission rules refused some of its actions).
 */
export type SessionAttention = 'needs_input' | 'denied' | null;

/** A tool call the agent's permission rules refused. */
export interface PermissionDenial {
  id: number;
  sessionId: string;
  toolName: string;
  toolUseId: string | null;
  /** The call's input as JSON (secrets redacted). */
  inputJson: string;
  /** One line: the command, file or URL the call was about. */
  inputSummary: string;
  createdAt: string;
  /** When the operator re-ran the session allowing it (null while still denied). */
  allowedAt: string | null;
}

/** What a session produced: its final answer, its commit and its merge. */
export interface SessionOutcome {
  sessionId: string;
  summary: string | null;
  commitSha: string | null;
  committedAt: string | null;
  mergedAt: string | null;
  /** Sent as the prompt of the next run instead of the task (consumed by the runner). */
  resumePrompt: string | null;
  updatedAt: string;
}

export interface WorktreeInfo {
  path: string;
  branch: string;
  baseBranch: string;
}

export interface SessionMetrics {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** The total that budgets compare against. */
  tokensUsed: number;
  costUsd: number;
  /**
   * How costUsd is known: reported by the agent, priced from its tokens (model_prices, then the
   * bundled price table), unknown (tokens the price table cannot price: costNote says why), or not
   * reported (the agent gave neither cost nor tokens). Always set on sessions read from the store.
   */
  costStatus?: CostStatus;
  /** The model and price source of a priced cost, or why the cost is unknown. */
  costNote?: string | null;
  toolCalls: number;
  filesChanged: number;
  durationSecs: number;
}

export const COST_STATUSES = ['reported', 'priced', 'unknown', 'not_reported'] as const;
export type CostStatus = (typeof COST_STATUSES)[number];

export interface Session {
  id: string;
  task: string;
  project: string;
  taskGroup: string;
  agentType: string;
  mode: SessionMode;
  state: SessionState;
  /** The agent process (the PTY child), while it runs. */
  pid: number | null;
  /** The detached runner that owns the agent's PTY. */
  runnerPid: number | null;
  workingDir: string;
  worktree: WorktreeInfo | null;
  /** Primary harness label and the harnesses detected from project markers. */
  harness: string;
  detectedHarnesses: string[];
  /** The agent's own session id (Claude's `session_id`), used to resume its conversation. */
  harnessSessionId: string | null;
  attention: SessionAttention;
  /** Why the session reached its current state, e.g. "runner exited unexpectedly". */
  stateReason: string | null;
  exitCode: number | null;
  exitSignal: string | null;
  createdAt: string;
  updatedAt: string;
  lastHeartbeatAt: string;
  metrics: SessionMetrics;
}

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const MESSAGE_TYPES = ['task_handoff', 'query', 'response', 'completed', 'conflict', 'info'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface SessionMessage {
  id: number;
  fromSession: string;
  toSession: string;
  /** JSON (ECC2's externally tagged form, e.g. {"TaskHandoff":{...}}) or plain text. */
  content: string;
  msgType: MessageType | string;
  read: boolean;
  /** Handoff priority (0-3, low..critical); normal for other types. */
  priority: TaskPriority;
  timestamp: string;
}

export interface SessionProfileSnapshot {
  profileName: string;
  model?: string;
  allowedTools: string[];
  disallowedTools: string[];
  permissionMode?: string;
  addDirs: string[];
  maxBudgetUsd?: number;
  tokenBudget?: number;
  appendSystemPrompt?: string;
}

export type FileAction = 'read' | 'create' | 'modify' | 'move' | 'delete' | 'touch';

export interface FileEvent {
  path: string;
  action: FileAction;
  diffPreview?: string | null;
  patchPreview?: string | null;
}

export interface ToolLogEntry {
  id: number;
  hookEventId: string | null;
  sessionId: string;
  toolName: string;
  inputSummary: string;
  inputParamsJson: string;
  outputSummary: string;
  triggerSummary: string;
  durationMs: number;
  riskScore: number;
  timestamp: string;
  filePaths: string[];
  fileEvents: FileEvent[];
}

export interface FileActivityEntry {
  id: number;
  sessionId: string;
  action: FileAction;
  path: string;
  summary: string;
  diffPreview: string | null;
  patchPreview: string | null;
  timestamp: string;
}

export interface DecisionLogEntry {
  id: number;
  sessionId: string;
  decision: string;
  alternatives: string[];
  reasoning: string;
  timestamp: string;
}

export interface ConflictIncident {
  id: number;
  conflictKey: string;
  path: string;
  firstSessionId: string;
  secondSessionId: string;
  activeSessionId: string;
  pausedSessionId: string;
  firstAction: string;
  secondAction: string;
  strategy: string;
  summary: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface ContextEntity {
  id: number;
  sessionId: string | null;
  entityType: string;
  name: string;
  path: string | null;
  summary: string;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface PendingWorktreeRequest {
  sessionId: string;
  repoRoot: string;
  requestedAt: string;
}

export interface ScheduledTask {
  id: number;
  cronExpr: string;
  task: string;
  agentType: string;
  profileName: string | null;
  workingDir: string;
  project: string;
  taskGroup: string;
  useWorktree: boolean;
  lastRunAt: string | null;
  nextRunAt: string;
  createdAt: string;
  updatedAt: string;
}

export type RemoteRequestKind = 'standard' | 'computer_use';
/** cancelled: an operator withdrew it while pending; retry puts a failed or cancelled one back to pending. */
export type RemoteRequestStatus = 'pending' | 'dispatched' | 'failed' | 'cancelled';

export interface RemoteDispatchRequest {
  id: number;
  requestKind: RemoteRequestKind;
  targetSessionId: string | null;
  task: string;
  targetUrl: string | null;
  priority: TaskPriority;
  agentType: string;
  profileName: string | null;
  workingDir: string;
  project: string;
  taskGroup: string;
  useWorktree: boolean;
  source: string;
  requester: string | null;
  status: RemoteRequestStatus;
  resultSessionId: string | null;
  resultAction: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  dispatchedAt: string | null;
  /** Launch even over a spent hard budget (the sender insisted). */
  overBudget?: boolean;
}

export interface DaemonActivity {
  lastDispatchAt: string | null;
  lastDispatchRouted: number;
  lastDispatchDeferred: number;
  lastDispatchLeads: number;
  chronicSaturationStreak: number;
  lastRecoveryDispatchAt: string | null;
  lastRecoveryDispatchRouted: number;
  lastRecoveryDispatchLeads: number;
  lastRebalanceAt: string | null;
  lastRebalanceRerouted: number;
  lastRebalanceLeads: number;
  lastAutoMergeAt: string | null;
  lastAutoMergeMerged: number;
  lastAutoMergeActiveSkipped: number;
  lastAutoMergeConflictedSkipped: number;
  lastAutoMergeDirtySkipped: number;
  lastAutoMergeFailed: number;
  lastAutoPruneAt: string | null;
  lastAutoPrunePruned: number;
  lastAutoPruneActiveSkipped: number;
}

/** Where a session's terminal output lives: the runner appends every byte to `logPath`. */
export interface OutputLogEntry {
  sessionId: string;
  logPath: string;
  /** The runner's local socket (attach / input / resize / stop), while it runs. */
  socketPath: string | null;
  bytes: number;
  updatedAt: string;
}
