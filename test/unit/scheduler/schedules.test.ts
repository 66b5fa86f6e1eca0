import { afterEach, describe, expect, it } from 'vitest';
import { createScheduledTask, runDueSchedules } from '../../../src-main/engine/scheduler';
import { createFixture, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('schedules (test 22)', () => {
  it('starts a due schedule once with its grouping, records the run and advances the next run', async () => {
    fx = createFixture();
    const created = createScheduledTask(
      { store: fx.store, config: fx.config, now: () => new Date(fx.clock.now.getTime() - 50 * 60_000) },
      { cronExpr: '*/15 * * * *', task: 'Check backlog health', agent: 'claude', cwd: fx.dir, project: 'ecc-core', taskGroup: 'scheduled maintenance', useWorktree: false },
    );
    // Created 50 minutes ago: three slots (00:-35, -20, -05) were missed while nothing ran.
    expect(created.nextRunAt < fx.clock.now.toISOString()).toBe(true);

    const deps = { store: fx.store, config: fx.config, events: fx.events, launch: fx.launch, now: () => fx.clock.now };
    const outcomes = await runDueSchedules(deps, 10);
    expect(outcomes).toHaveLength(1);
    const [o] = outcomes;
    expect(o).toMatchObject({ scheduleId: created.id, task: 'Check backlog health', status: 'started', nextRunAt: '2026-04-09T00:15:00.000Z' });
    const session = fx.store.getSession(o?.status === 'started' ? o.sessionId : '');
    expect(session).toMatchObject({ project: 'ecc-core', taskGroup: 'scheduled maintenance', task: 'Check backlog health' });
    expect(fx.launches).toHaveLength(1);
    // The runner is launched for the new session; the task stays out of its argv (it reads the row).
    expect(fx.launches[0]).toEqual(expect.arrayContaining(['--session-id', session!.id]));
    expect(fx.launches[0]).not.toContain('Check backlog health');
    const after = fx.store.getScheduledTask(created.id);
    expect(after?.lastRunAt).toBe(fx.clock.now.toISOString());
    expect(after && after.nextRunAt > created.nextRunAt).toBe(true);
    expect(fx.store.listEvents({ kinds: ['schedule_fired'] })).toHaveLength(1);

    // Missed slots are not replayed: nothing more is due until the next slot.
    expect(await runDueSchedules(deps, 10)).toEqual([]);
    fx.clock.now = new Date('2026-04-09T00:15:00.000Z');
    expect(await runDueSchedules(deps, 10)).toHaveLength(1);
  });

  it('refuses an invalid expression and an unknown profile without storing anything', () => {
    fx = createFixture();
    const deps = { store: fx.store, config: fx.config };
    expect(() => createScheduledTask(deps, { cronExpr: '* * *', task: 't', cwd: fx.dir })).toThrow('expected 5, 6, or 7 fields but found 3');
    expect(() => createScheduledTask(deps, { cronExpr: '* * * * *', task: 't', cwd: fx.dir, profile: 'nope' })).toThrow(/nope/);
    expect(fx.store.listScheduledTasks()).toEqual([]);
  });

  it('reports a schedule that fails to start, moves it on, and still runs the others', async () => {
    fx = createFixture();
    const past = { store: fx.store, config: fx.config, now: () => new Date(fx.clock.now.getTime() - 20 * 60_000) };
    const broken = createScheduledTask(past, { cronExpr: '*/15 * * * *', task: 'broken', cwd: `${fx.dir}/missing`, useWorktree: false });
    const ok = createScheduledTask(past, { cronExpr: '*/15 * * * *', task: 'fine', cwd: fx.dir, useWorktree: false });
    const outcomes = await runDueSchedules({ store: fx.store, config: fx.config, events: fx.events, launch: fx.launch, now: () => fx.clock.now }, 10);
    expect(outcomes.map((o) => [o.scheduleId, o.status])).toEqual([
      [broken.id, 'failed'],
      [ok.id, 'started'],
    ]);
    expect(outcomes[0]?.status === 'failed' && outcomes[0].error).toContain('does not exist');
    expect(fx.store.getScheduledTask(broken.id)?.nextRunAt).toBe('2026-04-09T00:15:00.000Z');
  });
});
