// sessions row <-> Session.
import { COST_STATUSES, SESSION_STATES, type CostStatus, type Session, type SessionState } from '../model';
import { stringArray } from './rows';

export interface SessionRow {
  id: string;
  task: string;
  project: string;
  task_group: string;
  agent_type: string;
  harness: string;
  detected_harnesses_json: string;
  working_dir: string;
  state: string;
  pid: number | null;
  worktree_path: string | null;
  worktree_branch: string | null;
  worktree_base: string | null;
  input_tokens: number;
  output_tokens: number;
  tokens_used: number;
  tool_calls: number;
  files_changed: number;
  duration_secs: number;
  cost_usd: number;
  created_at: string;
  updated_at: string;
  last_heartbeat_at: string;
  mode: string;
  runner_pid: number | null;
  harness_session_id: string | null;
  attention: string | null;
  state_reason: string | null;
  exit_code: number | null;
  exit_signal: string | null;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  cost_status: string | null;
  cost_note: string | null;
}

/** Rows written before cost statuses (or by writers that only set cost_usd, like ECC cost rows). */
function costStatusOf(r: SessionRow): CostStatus {
  if (r.cost_status !== null && (COST_STATUSES as readonly string[]).includes(r.cost_status)) return r.cost_status as CostStatus;
  return r.cost_usd > 0 ? 'reported' : 'not_reported';
}

export function parseSessionState(value: string): SessionState {
  return (SESSION_STATES as readonly string[]).includes(value) ? (value as SessionState) : 'pending';
}

/** ECC2's default_project_label: the last path component, else "workspace". */
export function defaultProjectLabel(dir: string): string {
  const parts = dir.split(/[\\/]+/).filter((p) => p !== '');
  const last = parts[parts.length - 1]?.trim() ?? '';
  return last === '' || last === '.' || last === '..' ? 'workspace' : last;
}

export function defaultTaskGroupLabel(task: string): string {
  const trimmed = task.trim();
  return trimmed === '' ? 'general' : trimmed;
}

export function rowToSession(r: SessionRow): Session {
  const project = r.project.trim();
  const taskGroup = r.task_group.trim();
  return {
    id: r.id,
    task: r.task,
    project: project === '' ? defaultProjectLabel(r.working_dir) : project,
    taskGroup: taskGroup === '' ? defaultTaskGroupLabel(r.task) : taskGroup,
    agentType: r.agent_type,
    mode: r.mode === 'interactive' ? 'interactive' : 'headless',
    state: parseSessionState(r.state),
    pid: r.pid,
    runnerPid: r.runner_pid,
    workingDir: r.working_dir,
    worktree:
      r.worktree_path === null
        ? null
        : { path: r.worktree_path, branch: r.worktree_branch ?? '', baseBranch: r.worktree_base ?? '' },
    harness: r.harness === '' ? 'unknown' : r.harness,
    detectedHarnesses: stringArray(r.detected_harnesses_json),
    harnessSessionId: r.harness_session_id,
    attention: r.attention === 'needs_input' || r.attention === 'denied' ? r.attention : null,
    stateReason: r.state_reason,
    exitCode: r.exit_code,
    exitSignal: r.exit_signal,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastHeartbeatAt: r.last_heartbeat_at,
    metrics: {
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      cacheReadTokens: r.cache_read_tokens,
      cacheCreationTokens: r.cache_creation_tokens,
      tokensUsed: r.tokens_used,
      costUsd: r.cost_usd,
      costStatus: costStatusOf(r),
      costNote: r.cost_note,
      toolCalls: r.tool_calls,
      filesChanged: r.files_changed,
      durationSecs: r.duration_secs,
    },
  };
}

/** Named parameters for an INSERT of a whole session. */
export function sessionToParams(s: Session): Record<string, unknown> {
  return {
    id: s.id,
    task: s.task,
    project: s.project,
    task_group: s.taskGroup,
    agent_type: s.agentType,
    harness: s.harness,
    detected_harnesses_json: JSON.stringify(s.detectedHarnesses),
    working_dir: s.workingDir,
    state: s.state,
    pid: s.pid,
    worktree_path: s.worktree?.path ?? null,
    worktree_branch: s.worktree?.branch ?? null,
    worktree_base: s.worktree?.baseBranch ?? null,
    input_tokens: s.metrics.inputTokens,
    output_tokens: s.metrics.outputTokens,
    tokens_used: s.metrics.tokensUsed,
    tool_calls: s.metrics.toolCalls,
    files_changed: s.metrics.filesChanged,
    duration_secs: s.metrics.durationSecs,
    cost_usd: s.metrics.costUsd,
    cost_status: s.metrics.costStatus === undefined || s.metrics.costStatus === 'not_reported' ? null : s.metrics.costStatus,
    cost_note: s.metrics.costNote ?? null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    last_heartbeat_at: s.lastHeartbeatAt,
    mode: s.mode,
    runner_pid: s.runnerPid,
    harness_session_id: s.harnessSessionId,
    attention: s.attention,
    state_reason: s.stateReason,
    exit_code: s.exitCode,
    exit_signal: s.exitSignal,
    cache_read_tokens: s.metrics.cacheReadTokens,
    cache_creation_tokens: s.metrics.cacheCreationTokens,
  };
}
