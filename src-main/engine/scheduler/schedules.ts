// Persistent cron schedules (spec §3.20): create, list, remove, and run the due ones.
// A schedule missed while nothing ran fires once at the next pass, then moves to its next slot
// after now: missed slots are not replayed.
import { resolveAgentProfile } from '../config';
import type { Config } from '../config/types';
import { errorMessage, type SessionLauncher } from '../dispatch/launcher';
import type { EventBus } from '../events';
import { canonicalAgentType } from '../harness';
import type { ScheduledTask } from '../model';
import { resolveGrouping } from '../sessions/grouping';
import type { Store } from '../store';
import { nextRunAfter, parseCron } from './cron';
import { checkLaunchBudget } from '../sessions/budget-check';

export interface SchedulerDeps {
  store: Store;
  config: Config;
  events?: EventBus;
  now?: () => Date;
  launch: SessionLauncher;
  /** The data home and runner (name the config file when a budget refuses the run). */
  home?: string;
  runner?: { configFile?: string; cwd?: string };
}

export interface NewSchedule {
  cronExpr: string;
  task: string;
  /** The directory sessions start in (the CLI passes its cwd). */
  cwd: string;
  agent?: string;
  profile?: string;
  /** Default: config.auto_create_worktrees. */
  useWorktree?: boolean;
  project?: string;
  taskGroup?: string;
}

export type ScheduledRunOutcome =
  | { scheduleId: number; task: string; cronExpr: string; status: 'started'; sessionId: string; nextRunAt: string }
  | { scheduleId: number; task: string; cronExpr: string; status: 'failed'; error: string; nextRunAt: string };

const now = (deps: { now?: () => Date }) => (deps.now ? deps.now() : new Date());

export function createScheduledTask(deps: Omit<SchedulerDeps, 'launch'>, input: NewSchedule): ScheduledTask {
  const { store, config } = deps;
  if (!input.task.trim()) throw new Error('task is empty; describe the work with --task "..."');
  // "auto" stays "auto" and is resolved when the schedule fires, in its working directory.
  const agentType = canonicalAgentType(input.agent ?? config.default_agent);
  if (input.profile !== undefined) resolveAgentProfile(config, input.profile);
  const parsed = parseCron(input.cronExpr);
  const nextRunAt = nextRunAfter(parsed, now(deps)).toISOString();
  const grouping = resolveGrouping({ project: input.project, taskGroup: input.taskGroup }, input.cwd, input.task);
  return store.insertScheduledTask({
    cronExpr: parsed.expr,
    task: input.task,
    agentType,
    profileName: input.profile ?? null,
    workingDir: input.cwd,
    project: grouping.project,
    taskGroup: grouping.taskGroup,
    useWorktree: input.useWorktree ?? config.auto_create_worktrees,
    nextRunAt,
  });
}

export function listScheduledTasks(store: Store): ScheduledTask[] {
  return store.listScheduledTasks();
}

/** True when a schedule was removed. */
export function deleteScheduledTask(store: Store, id: number): boolean {
  return store.deleteScheduledTask(id) > 0;
}

/**
 * Starts a session for each due schedule (at most `limit`), oldest due first, and moves each to its
 * next run after now. Unlike ECC2, one failing schedule does not abort the pass: it is reported,
 * advanced to its next slot (so it is not retried every tick) and the others still run.
 */
export async function runDueSchedules(deps: SchedulerDeps, limit: number, opts: { overBudget?: boolean } = {}): Promise<ScheduledRunOutcome[]> {
  const { store, events } = deps;
  // Refused before any schedule is touched: over a spent budget the due ones stay due.
  checkLaunchBudget(deps, 'run due schedules', opts);
  const at = now(deps);
  const atIso = at.toISOString();
  const outcomes: ScheduledRunOutcome[] = [];
  for (const schedule of store.listDueScheduledTasks(atIso, Math.max(0, limit))) {
    const base = { scheduleId: schedule.id, task: schedule.task, cronExpr: schedule.cronExpr };
    let nextRunAt: string;
    try {
      nextRunAt = nextRunAfter(schedule.cronExpr, at).toISOString();
    } catch (error) {
      // An expression that no longer yields a run (e.g. a past year): park it far ahead, reported.
      nextRunAt = '9999-12-31T23:59:59.000Z';
      store.recordScheduledTaskRun(schedule.id, atIso, nextRunAt);
      outcomes.push({ ...base, status: 'failed', error: errorMessage(error), nextRunAt });
      events?.emit('schedule_failed', { ...base, error: errorMessage(error), nextRunAt });
      continue;
    }
    outcomes.push(await fireSchedule(deps, schedule, atIso, nextRunAt, opts));
  }
  return outcomes;
}

/** Starts a schedule's session now and records the run (last run now, next run as given), with its event. */
export async function fireSchedule(
  deps: SchedulerDeps,
  schedule: ScheduledTask,
  atIso: string,
  nextRunAt: string,
  opts: { overBudget?: boolean } = {},
): Promise<ScheduledRunOutcome> {
  const { store, events } = deps;
  const base = { scheduleId: schedule.id, task: schedule.task, cronExpr: schedule.cronExpr };
  try {
    const session = await deps.launch({
      task: schedule.task,
      cwd: schedule.workingDir,
      agent: schedule.agentType,
      ...(schedule.profileName ? { profile: schedule.profileName } : {}),
      worktree: schedule.useWorktree,
      project: schedule.project,
      taskGroup: schedule.taskGroup,
      ...(opts.overBudget ? { overBudget: true } : {}),
    });
    store.recordScheduledTaskRun(schedule.id, atIso, nextRunAt);
    events?.emit('schedule_fired', { ...base, sessionId: session.id, nextRunAt });
    return { ...base, status: 'started', sessionId: session.id, nextRunAt };
  } catch (error) {
    store.recordScheduledTaskRun(schedule.id, atIso, nextRunAt);
    events?.emit('schedule_failed', { ...base, error: errorMessage(error), nextRunAt });
    return { ...base, status: 'failed', error: errorMessage(error), nextRunAt };
  }
}
