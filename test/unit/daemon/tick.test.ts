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
    expect(report.steps.filter((s) => s.status === 'ok').map((s) => s.name)).toEqual(['metrics', 'heartbeats', 'budgets', 'conflicts', 'schedules', 'remote_dispatch']);
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
    expect(report.steps.find((s) => s.name === 'schedules')).toMatchObject({ status: 'skipped', reason: 'token budget reached; raise token_budget to start new sessions' });
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
