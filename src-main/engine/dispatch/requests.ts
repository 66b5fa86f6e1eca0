// Remote dispatch (spec §3.21): a priority queue of work handed in over HTTP or the CLI, run by the
// daemon. Targeted requests go through the lead's assignment (delegation), untargeted ones start a
// top-level session.
import { computerUseDispatchDefaults } from '../config';
import type { Config } from '../config/types';
import type { EventBus } from '../events';
import { canonicalAgentType } from '../harness';
import type { RemoteDispatchRequest, RemoteRequestKind, TaskPriority } from '../model';
import { normalizeGroupLabel, resolveGrouping } from '../sessions/grouping';
import { AmbiguousSessionError, type Store } from '../store';
import { FieldError } from './intake-body';
import { checkRequest } from './validate';
import { checkLaunchBudget } from '../sessions/budget-check';

export interface DispatchDeps {
  store: Store;
  config: Config;
  events?: EventBus;
  /** The data home, to name the config file when a budget refuses a request. */
  home?: string;
}

export interface RemoteRequestInput {
  task: string;
  /** Session id, prefix or `latest`; the resolved full id is stored (the column is a foreign key). */
  targetSession?: string;
  priority?: TaskPriority;
  agent?: string;
  profile?: string;
  useWorktree?: boolean;
  project?: string;
  taskGroup?: string;
  /** Where the work runs (the CLI's or the intake's cwd). */
  cwd: string;
  source: string;
  requester?: string | null;
  /** Queue it even though a hard budget is spent, and launch it so (`over_budget: true`). */
  overBudget?: boolean;
}

export interface ComputerUseInput extends Omit<RemoteRequestInput, 'task'> {
  goal: string;
  targetUrl?: string;
  context?: string;
}

/** ECC2's rendering of a computer-use goal into an agent task (lines joined with \n). */
export function renderComputerUseTask(goal: string, targetUrl?: string | null, context?: string | null): string {
  const lines = ['Computer-use task.', `Goal: ${goal.trim()}`];
  const url = targetUrl?.trim();
  if (url) lines.push(`Target URL: ${url}`);
  const ctx = context?.trim();
  if (ctx) lines.push(`Context: ${ctx}`);
  lines.push(
    'Use browser or computer-use tools directly when available, and report blockers clearly if auth, approvals, or local-device access prevent completion.',
  );
  return lines.join('\n');
}

function resolveTarget(store: Store, ref: string | undefined): string | null {
  if (ref === undefined || ref.trim() === '') return null;
  let session;
  try {
    session = ref === 'latest' ? store.getLatestSession() : store.getSession(ref);
  } catch (error) {
    if (error instanceof AmbiguousSessionError) throw new FieldError('to_session', error.message);
    throw error;
  }
  if (!session) throw new FieldError('to_session', `Session not found: ${ref}`);
  return session.id;
}

function insert(
  deps: DispatchDeps,
  kind: RemoteRequestKind,
  fields: { task: string; targetUrl: string | null; agent: string; profile?: string; useWorktree: boolean; project: string; taskGroup: string },
  input: RemoteRequestInput | ComputerUseInput,
): RemoteDispatchRequest {
  const { store, config } = deps;
  const agentType = canonicalAgentType(fields.agent);
  checkRequest(config, {
    task: fields.task,
    taskField: kind === 'computer_use' ? 'goal' : 'task',
    agent: fields.agent,
    ...(fields.profile !== undefined ? { profile: fields.profile } : {}),
    cwd: input.cwd,
  });
  const targetSessionId = resolveTarget(store, input.targetSession);
  // Refused at the door rather than queued to wait for a budget nobody may raise.
  checkLaunchBudget(deps, 'queue this request', { overBudget: input.overBudget });
  const request = store.insertRemoteDispatchRequest({
    requestKind: kind,
    targetSessionId,
    task: fields.task,
    targetUrl: fields.targetUrl,
    priority: input.priority ?? 'normal',
    agentType,
    profileName: fields.profile ?? null,
    workingDir: input.cwd,
    project: fields.project,
    taskGroup: fields.taskGroup,
    useWorktree: fields.useWorktree,
    source: input.source,
    requester: input.requester ?? null,
    ...(input.overBudget ? { overBudget: true } : {}),
  });
  deps.events?.emit('remote_queued', {
    requestId: request.id,
    requestKind: request.requestKind,
    priority: request.priority,
    source: request.source,
    requester: request.requester,
    targetSessionId: request.targetSessionId,
  });
  return request;
}

export function createRemoteDispatchRequest(deps: DispatchDeps, input: RemoteRequestInput): RemoteDispatchRequest {
  if (!input.task.trim()) throw new FieldError('task', 'task is empty; describe the work to dispatch');
  const grouping = resolveGrouping({ project: input.project, taskGroup: input.taskGroup }, input.cwd, input.task);
  return insert(
    deps,
    'standard',
    {
      task: input.task,
      targetUrl: null,
      agent: input.agent ?? deps.config.default_agent,
      ...(input.profile !== undefined ? { profile: input.profile } : {}),
      useWorktree: input.useWorktree ?? deps.config.auto_create_worktrees,
      ...grouping,
    },
    input,
  );
}

export function createComputerUseRequest(deps: DispatchDeps, input: ComputerUseInput): RemoteDispatchRequest {
  if (!input.goal.trim()) throw new FieldError('goal', 'goal is empty; describe what the computer-use agent should achieve');
  const defaults = computerUseDispatchDefaults(deps.config);
  const profile = input.profile ?? defaults.profile;
  const project = normalizeGroupLabel(input.project) ?? normalizeGroupLabel(defaults.project);
  // The group defaults to the goal, not to the rendered task.
  const taskGroup = normalizeGroupLabel(input.taskGroup) ?? normalizeGroupLabel(defaults.task_group);
  const grouping = resolveGrouping({ project, taskGroup }, input.cwd, input.goal);
  return insert(
    deps,
    'computer_use',
    {
      task: renderComputerUseTask(input.goal, input.targetUrl, input.context),
      targetUrl: input.targetUrl ?? null,
      agent: input.agent ?? defaults.agent,
      ...(profile !== undefined ? { profile } : {}),
      useWorktree: input.useWorktree ?? defaults.use_worktree,
      ...grouping,
    },
    input,
  );
}

export function listRemoteDispatchRequests(store: Store, includeProcessed: boolean, limit: number): RemoteDispatchRequest[] {
  return store.listRemoteDispatchRequests(includeProcessed, limit);
}

/** A retry or cancel that does not apply (no such request, or not in a state it can leave). */
export class DispatchRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchRequestError';
  }
}

function existing(store: Store, id: number): RemoteDispatchRequest {
  const request = store.getRemoteDispatchRequest(id);
  if (!request) throw new DispatchRequestError(`remote request ${id} does not exist; list them with \`switchyard remote list --all\``);
  return request;
}

/** A failed (or cancelled) request goes back to pending; the daemon's next pass dispatches it again. */
export function retryRemoteDispatchRequest(deps: Pick<DispatchDeps, 'store'>, id: number): RemoteDispatchRequest {
  const before = existing(deps.store, id);
  if (!deps.store.requeueRemoteDispatchRequest(id)) {
    const why = before.status === 'pending' ? 'it is still pending (the daemon dispatches it on its next pass)' : `it was already dispatched${before.resultSessionId ? ` to session ${before.resultSessionId}` : ''}`;
    throw new DispatchRequestError(`remote request ${id} cannot be retried: ${why}; only a failed or cancelled request can`);
  }
  return existing(deps.store, id);
}

/** Withdraws a pending request before the daemon dispatches it. */
export function cancelRemoteDispatchRequest(deps: Pick<DispatchDeps, 'store'>, id: number): RemoteDispatchRequest {
  const before = existing(deps.store, id);
  if (!deps.store.cancelRemoteDispatchRequest(id)) {
    const why = before.status === 'dispatched' ? `it was already dispatched${before.resultSessionId ? ` to session ${before.resultSessionId}; stop that session instead` : ''}` : `it is ${before.status}`;
    throw new DispatchRequestError(`remote request ${id} cannot be cancelled: ${why}; only a pending request can`);
  }
  return existing(deps.store, id);
}
