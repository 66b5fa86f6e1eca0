// Must show: exceeding token_budget stops every active session, keeps their worktrees, and records an alert.
// Real processes (the sessions' agents) and the real stop path of the session lifecycle.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDaemonDeps, runDaemonTick, defaultDaemonSteps } from '../../../src-main/engine/daemon';
import { isProcessAlive } from '../../../src-main/engine/sessions/deps';
import { buildSession, createFixture, type Fixture } from '../../unit/policies/fixture';

let fx: Fixture;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fx.cleanup();
});

function agentProcess(): ChildProcess {
  // detached: its own process group, as a runner's agent has; the stop signals the group.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

describe('token budget hard stop (daemon tick, real processes)', () => {
  it('stops every active session, keeps their worktrees, and records an alert', async () => {
    fx = createFixture((c) => {
      c.token_budget = 500_000;
      c.cost_budget_usd = 0;
    });
    const ids = ['alpha', 'beta'];
    const procs = ids.map(() => agentProcess());
    ids.forEach((id, i) => {
      const wt = join(fx.dir, 'worktrees', id);
      mkdirSync(wt, { recursive: true });
      const s = buildSession(id, 'running', fx.clock.now, { pid: procs[i]?.pid ?? null, worktree: { path: wt, branch: `ecc/${id}`, baseBranch: 'main' }, workingDir: wt });
      fx.store.insertSession({ ...s, metrics: { ...s.metrics, tokensUsed: 256_200 } });
    });
    fx.store.insertSession(buildSession('finished', 'completed', fx.clock.now));

    // The real ports: stopSession from the lifecycle, real process checks.
    const session = { ...fx.sessionDeps(), isAlive: isProcessAlive };
    const deps = createDaemonDeps(session, { events: fx.events });
    const report = await runDaemonTick(deps, defaultDaemonSteps());
    expect(report.steps.find((s) => s.name === 'budgets')).toMatchObject({
      status: 'ok',
      result: { tokenBudgetExceeded: true, pausedSessions: ['beta', 'alpha'] },
    });
    await Promise.all(procs.map(exited));
    for (const [i, id] of ids.entries()) {
      const s = fx.store.getSession(id);
      expect(s?.state).toBe('stopped');
      expect(s?.pid).toBeNull();
      // The fixture's worktrees are plain folders, so the stop's commit of the work reports why it could not run.
      expect(s?.stateReason?.startsWith('token budget 500000 reached (512400 used); raise token_budget and resume the session')).toBe(true);
      expect(s?.worktree?.path).toBe(join(fx.dir, 'worktrees', id));
      expect(existsSync(join(fx.dir, 'worktrees', id))).toBe(true);
      expect(isProcessAlive(procs[i]?.pid ?? 0)).toBe(false);
    }
    expect(fx.store.getSession('finished')?.state).toBe('completed');
    const alerts = fx.store.listEvents({ kinds: ['budget_alert'] });
    expect(alerts.map((e) => e.payload)).toEqual([
      { kind: 'tokens', threshold: 'exceeded', thresholdFraction: 1, percent: 102.5, used: 512_400, budget: 500_000, scope: 'global' },
    ]);
    expect(fx.store.listEvents({ kinds: ['budget_stop'] }).map((e) => e.sessionId).sort()).toEqual(['alpha', 'beta']);

    // The next tick neither alerts again nor finds anything to stop.
    await runDaemonTick(deps, defaultDaemonSteps());
    expect(fx.store.listEvents({ kinds: ['budget_alert', 'budget_stop'] })).toHaveLength(3);
  });
});
