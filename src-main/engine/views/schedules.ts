// The schedules view: live cron validation with the next run times, and "run now" for one schedule.
import { errorMessage } from '../dispatch/launcher';
import { fireSchedule, nextRunAfter, parseCron, type ScheduledRunOutcome, type SchedulerDeps } from '../scheduler';

export type CronPreview = { ok: true; next: string[] } | { ok: false; error: string };

/** The next `count` run times after `now` (UTC ISO strings), or the scheduler's own error text. */
export function previewCron(expr: string, now: Date, count = 5): CronPreview {
  try {
    const parsed = parseCron(expr);
    const next: string[] = [];
    let at = now;
    for (let i = 0; i < count; i++) {
      // An expression that runs out (a past year) simply yields fewer times.
      const run = parsed.cron.nextRun(at);
      if (!run) break;
      next.push(run.toISOString());
      at = run;
    }
    if (next.length === 0) nextRunAfter(parsed, now); // throws the scheduler's "did not yield a future run time"
    return { ok: true, next };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/**
 * Starts the schedule's session now and records the run like the due pass does. The next run never
 * moves earlier: a future next_run_at is kept; an overdue one moves to the next slot after now, so the
 * due pass does not start it a second time.
 */
export async function runScheduleNow(deps: SchedulerDeps, id: number, opts: { overBudget?: boolean } = {}): Promise<ScheduledRunOutcome> {
  const schedule = deps.store.getScheduledTask(id);
  if (!schedule) throw new Error(`schedule ${id} does not exist; list the schedules to find its id`);
  const at = deps.now ? deps.now() : new Date();
  const atIso = at.toISOString();
  let nextRunAt = schedule.nextRunAt;
  if (Date.parse(nextRunAt) <= at.getTime()) {
    try {
      nextRunAt = nextRunAfter(schedule.cronExpr, at).toISOString();
    } catch {
      nextRunAt = '9999-12-31T23:59:59.000Z'; // as the due pass parks an expression without future runs
    }
  }
  return fireSchedule(deps, schedule, atIso, nextRunAt, opts);
}
