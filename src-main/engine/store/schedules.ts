// Cron-scheduled tasks (§1.10). Cron evaluation lives in the scheduler; this only stores the rows.
import type { ScheduledTask } from '../model';
import type { StoreContext } from './context';

export interface NewScheduledTask {
  cronExpr: string;
  task: string;
  agentType: string;
  profileName: string | null;
  workingDir: string;
  project: string;
  taskGroup: string;
  useWorktree: boolean;
  nextRunAt: string;
}

interface ScheduleRow {
  id: number;
  cron_expr: string;
  task: string;
  agent_type: string;
  profile_name: string | null;
  working_dir: string;
  project: string;
  task_group: string;
  use_worktree: number;
  last_run_at: string | null;
  next_run_at: string;
  created_at: string;
  updated_at: string;
}

function rowToSchedule(r: ScheduleRow): ScheduledTask {
  return {
    id: r.id,
    cronExpr: r.cron_expr,
    task: r.task,
    agentType: r.agent_type,
    profileName: r.profile_name,
    workingDir: r.working_dir,
    project: r.project,
    taskGroup: r.task_group,
    useWorktree: r.use_worktree !== 0,
    lastRunAt: r.last_run_at,
    nextRunAt: r.next_run_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function scheduleOps(ctx: StoreContext) {
  const get = (id: number): ScheduledTask | null => {
    const row = ctx.read(() => ctx.stmt('SELECT * FROM scheduled_tasks WHERE id = ?').get(id) as ScheduleRow | undefined);
    return row ? rowToSchedule(row) : null;
  };

  return {
    insertScheduledTask(t: NewScheduledTask): ScheduledTask {
      return ctx.write(() => {
        const result = ctx
          .stmt(
            `INSERT INTO scheduled_tasks (cron_expr, task, agent_type, profile_name, working_dir, project, task_group,
               use_worktree, last_run_at, next_run_at, created_at, updated_at)
             VALUES (@cronExpr, @task, @agentType, @profileName, @workingDir, @project, @taskGroup, @useWorktree,
               NULL, @nextRunAt, @now, @now)`,
          )
          .run({ ...t, useWorktree: t.useWorktree ? 1 : 0, now: ctx.now() });
        return get(Number(result.lastInsertRowid)) as ScheduledTask;
      });
    },

    getScheduledTask: get,

    /** All schedules, next due first (ties by id). */
    listScheduledTasks(): ScheduledTask[] {
      const rows = ctx.read(
        () => ctx.stmt('SELECT * FROM scheduled_tasks ORDER BY next_run_at ASC, id ASC').all() as ScheduleRow[],
      );
      return rows.map(rowToSchedule);
    },

    /** Schedules with next_run_at <= now, next due first. */
    listDueScheduledTasks(now: string, limit: number): ScheduledTask[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt('SELECT * FROM scheduled_tasks WHERE next_run_at <= ? ORDER BY next_run_at ASC, id ASC LIMIT ?')
            .all(now, limit) as ScheduleRow[],
      );
      return rows.map(rowToSchedule);
    },

    /** Returns how many rows were deleted (0 or 1). */
    deleteScheduledTask(id: number): number {
      return ctx.write(() => ctx.stmt('DELETE FROM scheduled_tasks WHERE id = ?').run(id)).changes;
    },

    recordScheduledTaskRun(id: number, lastRunAt: string, nextRunAt: string): void {
      ctx.write(() =>
        ctx
          .stmt('UPDATE scheduled_tasks SET last_run_at = ?, next_run_at = ?, updated_at = ? WHERE id = ?')
          .run(lastRunAt, nextRunAt, ctx.now(), id),
      );
    },
  };
}

export type ScheduleOps = ReturnType<typeof scheduleOps>;
