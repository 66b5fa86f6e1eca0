import { afterEach, describe, expect, it } from 'vitest';
import { createDaemonDeps, Daemon, DaemonLockedError, defaultDaemonSteps, runDaemonTick, STEP_NAMES, type DaemonStep } from '../../../src-main/engine/daemon';
import { buildSession, createFixture, type Fixture } from '../policies/fixture';

let fx: Fixture;
const daemons: Daemon[] = [];
afterEach(async () => {
  for (const d of daemons.splice(0)) await d.stop();
  fx.cleanup();
});

function deps(f: Fixture) {
  const d = createDaemonDeps(f.sessionDeps(), { events: f.events });
  d.policy = f.policy();
  return d;
}

describe('daemon tick', () => {
  it('runs the steps in order: policies first, then upstream order, with empty slots skipped', async () => {
    fx = createFixture();
    const report = await runDaemonTick(deps(fx), defaultDaemonSteps());
    expect(report.steps.map((s) => s.name)).toEqual([...STEP_NAMES]);
    expect(report.steps.filter((s) => s.status === 'ok').map((s) => s.name)).toEqual(['runners', 'metrics', 'heartbeats', 'budgets', 'conflicts', 'schedules', 'remote_dispatch']);
    expect(report.steps.find((s) => s.name === 'auto_prune')).toMatchObject({ status: 'skipped', reason: 'not configured in this build' });
    expect(report.steps.find((s) => s.name === 'coordinate_backlog')?.reason).toBe('not configured in this build');
  });

  it('isolates a failing step: it is logged and recorded, and the next steps still run', async () => {
    fx = createFixture();
    const logs: string[] = [];
    const d = { ...deps(fx), log: (l: string) => logs.push(l) };
    const ran: string[] = [];
    const steps: DaemonStep[] = [
      { name: 'first', run: () => ran.push('first') },
      {
        name: 'broken',
        run: () => {
          throw new Error('disk on fire');
        },
      },
      { name: 'last', run: async () => ran.push('last') },
    ];
    const report = await runDaemonTick(d, steps);
    expect(ran).toEqual(['first', 'last']);
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'failed', 'ok']);
    expect(logs).toEqual(['daemon: step broken failed: disk on fire']);
    expect(fx.store.listEvents({ kinds: ['daemon_step_failed'] })[0]?.payload).toEqual({ step: 'broken', error: 'disk on fire' });
  });

  it('fills the slots the lead wires in, gating auto-merge and backlog coordination on their config flags', async () => {
    fx = createFixture((c) => (c.auto_dispatch_unread_handoffs = true));
    const called: string[] = [];
    const steps = defaultDaemonSteps({
      coordinateBacklog: () => called.push('coordinate'),
      autoMerge: () => called.push('merge'),
      autoPrune: () => called.push('prune'),
      activatePendingWorktrees: () => called.push('activate'),
    });
    const report = await runDaemonTick(deps(fx), steps);
    expect(called).toEqual(['coordinate', 'prune', 'activate']);
    expect(report.steps.find((s) => s.name === 'auto_merge')?.reason).toBe('auto_merge_ready_worktrees is off');
  });

  it('starts no scheduled or remote work while a global budget is spent', async () => {
    fx = createFixture((c) => (c.token_budget = 10));
    const old = buildSession('old', 'completed', fx.clock.now);
    fx.store.insertSession({ ...old, metrics: { ...old.metrics, tokensUsed: 50 } });
    const report = await runDaemonTick(deps(fx), defaultDaemonSteps());
    const schedules = report.steps.find((s) => s.name === 'schedules');
    expect(schedules?.status).toBe('skipped');
    expect(schedules?.reason).toContain('token budget spent: 50 tokens used of token_budget = 10');
    expect(schedules?.reason).toContain('raise token_budget');
  });
});

describe('runner liveness every tick', () => {
  it('fails a live session whose runner is dead, with the reason, and leaves one with a live runner alone', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('dead0001', 'running', fx.clock.now, { runnerPid: 4001 }));
    fx.store.insertSession(buildSession('idle0001', 'idle', fx.clock.now, { runnerPid: 4002 }));
    fx.store.insertSession(buildSession('live0001', 'running', fx.clock.now, { runnerPid: 4003 }));
    fx.store.insertSession(buildSession('queued01', 'pending', fx.clock.now));
    fx.store.insertSession(buildSession('done0001', 'completed', fx.clock.now, { runnerPid: 4004 }));
    const d = createDaemonDeps({ ...fx.sessionDeps(), isAlive: (pid) => pid === 4003 }, { events: fx.events });
    d.policy = fx.policy();
    const report = await runDaemonTick(d, defaultDaemonSteps());
    expect(report.steps[0]).toMatchObject({ name: 'runners', status: 'ok', result: { failedSessions: expect.arrayContaining(['dead0001', 'idle0001']) } });
    expect(fx.store.getSession('dead0001')).toMatchObject({ state: 'failed', runnerPid: null, stateReason: 'session runner (pid 4001) is no longer running; it was killed or the machine restarted' });
    expect(fx.store.getSession('idle0001')?.state).toBe('failed');
    expect(fx.store.getSession('live0001')?.state).toBe('running');
    expect(fx.store.getSession('queued01')?.state).toBe('pending');
    expect(fx.store.getSession('done0001')?.state).toBe('completed');
    expect(fx.store.listEvents({ kinds: ['sessions_recovered'] })[0]?.payload).toEqual({ sessionIds: expect.arrayContaining(['dead0001', 'idle0001']) });
  });

  it('does not fail a session that finished (or was resumed) between the list and the liveness check', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('race0001', 'running', fx.clock.now, { runnerPid: 4001 }));
    // The runner records its exit and exits while the tick is checking it.
    const isAlive = (pid: number) => {
      if (pid === 4001) fx.store.recordExit('race0001', { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
      return false;
    };
    const d = createDaemonDeps({ ...fx.sessionDeps(), isAlive }, { events: fx.events });
    d.policy = fx.policy();
    await runDaemonTick(d, defaultDaemonSteps());
    expect(fx.store.getSession('race0001')?.state).toBe('completed');
  });
});

describe('daemon lock', () => {
  it('admits one daemon per data home, and takes over from a holder whose pid is dead', async () => {
    fx = createFixture();
    const first = await Daemon.start(deps(fx), { loop: false, pid: 111, host: 'h', isAlive: (pid) => pid === 111 });
    daemons.push(first);
    await expect(Daemon.start(deps(fx), { loop: false, pid: 222, host: 'h', isAlive: (pid) => pid === 111 })).rejects.toThrow(DaemonLockedError);
    await expect(Daemon.start(deps(fx), { loop: false, pid: 222, host: 'h', isAlive: (pid) => pid === 111 })).rejects.toThrow(
      'another daemon (pid 111 on h, switchyard daemon) already runs for this data home',
    );

    // 111 dies without releasing the lock: the next daemon takes over.
    const second = await Daemon.start(deps(fx), { loop: false, pid: 333, host: 'h', isAlive: (pid) => pid === 333 });
    daemons.push(second);
    expect(fx.store.getDaemonLock()?.pid).toBe(333);
    expect(fx.store.listEvents({ kinds: ['daemon_started'] }).map((e) => e.payload.replacedPid)).toEqual([null, 111]);
    // The replaced daemon notices on its next tick that the lock is gone.
    await expect(first.tick()).rejects.toThrow('lost its lock');
    await second.stop();
    expect(fx.store.getDaemonLock()).toBeNull();
  });

  it('ticks on its own at the interval until stopped', async () => {
    fx = createFixture();
    const ticks: number[] = [];
    const d = await Daemon.start(deps(fx), { intervalMs: 20, onTick: (r) => ticks.push(r.tick) });
    daemons.push(d);
    await new Promise((r) => setTimeout(r, 150));
    await d.stop();
    const seen = ticks.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(ticks.length).toBe(seen);
  });
});
