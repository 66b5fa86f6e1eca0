// Running the remote queue (spec §3.21.4): pending requests, highest priority first, then oldest.
import type { RemoteDispatchRequest, TaskPriority } from '../model';
import type { DispatchDeps } from './requests';
import { errorMessage, type SessionLauncher } from './launcher';
import { launchBudgetProblem } from '../sessions/budget-check';

export type AssignAction = 'spawned' | 'reused_idle' | 'reused_active' | 'deferred_saturated';

export interface AssignRequest {
  leadId: string;
  task: string;
  agentType: string;
  useWorktree: boolean;
  cwd: string;
  profile?: string;
  project: string;
  taskGroup: string;
  overBudget?: boolean;
}

/** Routes work to a lead's team (delegation's assignSession); `sessionId` is the session that got it. */
export type AssignPort = (req: AssignRequest) => Promise<{ action: AssignAction; sessionId: string | null }>;

export interface RunDispatchDeps extends DispatchDeps {
  launch: SessionLauncher;
  /** The delegation engine's assignment; without it a targeted request spawns a new delegate of the lead. */
  assign?: AssignPort;
}

export type RemoteDispatchOutcome = {
  requestId: number;
  task: string;
  priority: TaskPriority;
  targetSessionId: string | null;
} & (
  | { result: 'assigned'; action: Exclude<AssignAction, 'deferred_saturated'>; sessionId: string | null }
  | { result: 'spawned_top_level'; sessionId: string }
  | { result: 'deferred_saturated' }
  /** A hard budget is spent and the sender did not insist: the request stays pending. */
  | { result: 'deferred_budget'; reason: string }
  | { result: 'failed'; error: string }
);

/** Stand-in until delegation is wired: a new delegate with a handoff from the lead. */
export function spawnDelegateAssign(launch: SessionLauncher): AssignPort {
  return async (req) => {
    const session = await launch({
      task: req.task,
      cwd: req.cwd,
      agent: req.agentType,
      ...(req.profile ? { profile: req.profile } : {}),
      worktree: req.useWorktree,
      project: req.project,
      taskGroup: req.taskGroup,
      ...(req.overBudget ? { overBudget: true } : {}),
      fromSession: req.leadId,
      handoffReason: 'spawned new delegate',
    });
    return { action: 'spawned', sessionId: session.id };
  };
}

async function dispatchOne(deps: RunDispatchDeps, r: RemoteDispatchRequest): Promise<RemoteDispatchOutcome | null> {
  const { store, events } = deps;
  // Cancelled by an operator since this pass listed it: leave it alone.
  if (store.getRemoteDispatchRequest(r.id)?.status !== 'pending') return null;
  const base = { requestId: r.id, task: r.task, priority: r.priority, targetSessionId: r.targetSessionId };
  const fail = (error: unknown): RemoteDispatchOutcome => {
    const message = errorMessage(error);
    store.recordRemoteDispatchFailure(r.id, message);
    events?.emit('remote_failed', { requestId: r.id, error: message });
    return { ...base, result: 'failed', error: message };
  };
  if (r.targetSessionId) {
    let assigned: Awaited<ReturnType<AssignPort>>;
    try {
      assigned = await (deps.assign ?? spawnDelegateAssign(deps.launch))({
        leadId: r.targetSessionId,
        task: r.task,
        agentType: r.agentType,
        useWorktree: r.useWorktree,
        cwd: r.workingDir,
        ...(r.profileName ? { profile: r.profileName } : {}),
        project: r.project,
        taskGroup: r.taskGroup,
        ...(r.overBudget ? { overBudget: true } : {}),
      });
    } catch (error) {
      return fail(error);
    }
    if (assigned.action === 'deferred_saturated') {
      // The team is full: the request stays pending and is tried again next pass.
      events?.emit('remote_deferred', { requestId: r.id, targetSessionId: r.targetSessionId });
      return { ...base, result: 'deferred_saturated' };
    }
    store.recordRemoteDispatchSuccess(r.id, assigned.sessionId, assigned.action);
    events?.emit('remote_dispatched', { requestId: r.id, sessionId: assigned.sessionId, action: assigned.action });
    return { ...base, result: 'assigned', action: assigned.action, sessionId: assigned.sessionId };
  }
  try {
    const session = await deps.launch({
      task: r.task,
      cwd: r.workingDir,
      agent: r.agentType,
      ...(r.profileName ? { profile: r.profileName } : {}),
      worktree: r.useWorktree,
      project: r.project,
      taskGroup: r.taskGroup,
      ...(r.overBudget ? { overBudget: true } : {}),
    });
    store.recordRemoteDispatchSuccess(r.id, session.id, 'spawned_top_level');
    events?.emit('remote_dispatched', { requestId: r.id, sessionId: session.id, action: 'spawned_top_level' });
    return { ...base, result: 'spawned_top_level', sessionId: session.id };
  } catch (error) {
    return fail(error);
  }
}

/** While a hard budget is spent only the requests whose sender insisted (over_budget) are launched. */
export async function runRemoteDispatchRequests(deps: RunDispatchDeps, limit: number): Promise<RemoteDispatchOutcome[]> {
  const outcomes: RemoteDispatchOutcome[] = [];
  const spent = launchBudgetProblem(deps, 'dispatch remote requests');
  for (const request of deps.store.listPendingRemoteDispatchRequests(Math.max(0, limit))) {
    if (spent && !request.overBudget) {
      outcomes.push({ requestId: request.id, task: request.task, priority: request.priority, targetSessionId: request.targetSessionId, result: 'deferred_budget', reason: spent.message });
      continue;
    }
    const outcome = await dispatchOne(deps, request);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}
