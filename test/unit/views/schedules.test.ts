import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StartSessionRequest } from '../../../src-main/engine/sessions/create';
import { createScheduledTask, parseCron } from '../../../src-main/engine/scheduler';
import { previewCron, runScheduleNow } from '../../../src-main/engine/views';
import { addSession, openFixture, type Fixture } from '../delegation/helpers';

describe('previewCron', () => {
  const now = new Date('2026-03-02T10:17:30.000Z'); // a Monday

  it('lists the next run times in UTC', () => {
    expect(previewCron('*/15 * * * *', now)).toEqual({
      ok: true,
      next: ['2026-03-02T10:30:00.000Z', '2026-03-02T10:45:00.000Z', '2026-03-02T11:00:00.000Z', '2026-03-02T11:15:00.000Z', '2026-03-02T11:30:00.000Z'],
    });
    expect(previewCron('0 9 * * 1', now, 2)).toEqual({ ok: true, next: ['2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z'] });
  });

  it('gives the scheduler parser message for an invalid expression', () => {
    let message = '';
    try {
      parseCron('61 * * * *');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(previewCron('61 * * * *', now)).toEqual({ ok: false, error: message });
    expect(previewCron('* * *', now)).toEqual({ ok: false, error: 'invalid cron expression `* * *`: expected 5, 6, or 7 fields but found 3' });
  });
});

describe('runScheduleNow', () => {
  let fx: Fixture;
  const launched: StartSessionRequest[] = [];
  beforeEach(() => {
    fx = openFixture();
    launched.length = 0;
  });
  afterEach(() => fx.cleanup());

  const deps = (now: Date, fail = false) => ({
    store: fx.store,
    config: fx.config,
    now: () => now,
    launch: async (req: StartSessionRequest) => {
      launched.push(req);
      if (fail) throw new Error('agent not installed');
      return addSession(fx, `s${launched.length}`, 'pending');
    },
  });

  it('starts the session, records the run and keeps a future next run', async () => {
    const created = new Date('2026-03-02T10:00:00.000Z');
    const schedule = createScheduledTask({ store: fx.store, config: fx.config, now: () => created }, { cronExpr: '0 12 * * *', task: 'nightly audit', cwd: fx.repo, useWorktree: false });
    expect(schedule.nextRunAt).toBe('2026-03-02T12:00:00.000Z');
    const at = new Date('2026-03-02T11:00:00.000Z');
    const outcome = await runScheduleNow(deps(at), schedule.id);
    expect(outcome).toEqual({ scheduleId: schedule.id, task: 'nightly audit', cronExpr: '0 12 * * *', status: 'started', sessionId: 's1', nextRunAt: '2026-03-02T12:00:00.000Z' });
    expect(launched[0]).toMatchObject({ task: 'nightly audit', cwd: fx.repo, worktree: false });
    expect(fx.store.getScheduledTask(schedule.id)).toMatchObject({ lastRunAt: at.toISOString(), nextRunAt: '2026-03-02T12:00:00.000Z' });
  });

  it('moves an overdue next run past now, so the due pass does not run it again, and reports failures', async () => {
    const created = new Date('2026-03-02T10:00:00.000Z');
    const schedule = createScheduledTask({ store: fx.store, config: fx.config, now: () => created }, { cronExpr: '0 12 * * *', task: 't', cwd: fx.repo });
    const at = new Date('2026-03-02T13:00:00.000Z');
    const outcome = await runScheduleNow(deps(at, true), schedule.id);
    expect(outcome).toMatchObject({ status: 'failed', error: 'agent not installed', nextRunAt: '2026-03-03T12:00:00.000Z' });
    expect(fx.store.listDueScheduledTasks(at.toISOString(), 10)).toEqual([]);
    await expect(runScheduleNow(deps(at), 999)).rejects.toThrow('schedule 999 does not exist');
  });
});
