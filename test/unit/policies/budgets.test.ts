import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enforceBudgets } from '../../../src-main/engine/policies';
import { buildSession, createFixture, minutesAgo, type Fixture } from './fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

const metrics = (tokensUsed: number, costUsd = 0) => ({
  inputTokens: tokensUsed,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheCreationTokens: 0,
  tokensUsed,
  costUsd,
  toolCalls: 0,
  filesChanged: 0,
  durationSecs: 0,
});

describe('budget hard limits (tests 30-32)', () => {
  it('stops every active session over the global token budget and keeps its worktree', async () => {
    fx = createFixture((c) => {
      c.token_budget = 100;
      c.cost_budget_usd = 0;
    });
    const wt = join(fx.dir, 'worktrees', 'active-over-budget');
    mkdirSync(wt, { recursive: true });
    fx.store.insertSession(
      buildSession('active-over-budget', 'running', minutesAgo(1), { pid: 4242, worktree: { path: wt, branch: 'ecc/a', baseBranch: 'main' }, metrics: metrics(120) }),
    );
    const outcome = await enforceBudgets(fx.policy());
    expect(outcome).toMatchObject({ tokenBudgetExceeded: true, costBudgetExceeded: false, profileTokenBudgetExceeded: false, pausedSessions: ['active-over-budget'] });
    const s = fx.store.getSession('active-over-budget');
    expect(s?.state).toBe('stopped');
    expect(s?.pid).toBeNull();
    expect(s?.worktree?.path).toBe(wt);
    expect(existsSync(wt)).toBe(true);
    expect(fx.stops[0]?.reason).toBe('token budget 100 reached (120 used); raise token_budget and resume the session');
    const stop = fx.store.listEvents({ kinds: ['budget_stop'] });
    expect(stop.map((e) => [e.sessionId, e.payload.kind])).toEqual([['active-over-budget', 'tokens']]);
    const alerts = fx.store.listEvents({ kinds: ['budget_alert'] });
    expect(alerts.map((e) => [e.payload.kind, e.payload.threshold, e.payload.percent])).toEqual([['tokens', 'exceeded', 120]]);
  });

  it('reports the exceeded budget but leaves completed sessions alone', async () => {
    fx = createFixture((c) => {
      c.token_budget = 100;
      c.cost_budget_usd = 0;
    });
    fx.store.insertSession(buildSession('done', 'completed', minutesAgo(1), { metrics: metrics(120) }));
    const outcome = await enforceBudgets(fx.policy());
    expect(outcome.tokenBudgetExceeded).toBe(true);
    expect(outcome.pausedSessions).toEqual([]);
    expect(fx.store.getSession('done')?.state).toBe('completed');
  });

  it('stops a session over its profile token budget only', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('profiled', 'running', minutesAgo(1), { metrics: metrics(90) }));
    fx.store.insertSession(buildSession('other', 'running', minutesAgo(1), { metrics: metrics(90) }));
    fx.store.upsertSessionProfile('profiled', { profileName: 'reviewer', allowedTools: [], disallowedTools: [], addDirs: [], tokenBudget: 75 });
    const outcome = await enforceBudgets(fx.policy());
    expect(outcome).toMatchObject({ tokenBudgetExceeded: false, costBudgetExceeded: false, profileTokenBudgetExceeded: true, pausedSessions: ['profiled'] });
    expect(fx.store.getSession('profiled')?.state).toBe('stopped');
    expect(fx.store.getSession('other')?.state).toBe('running');
    expect(fx.stops[0]?.reason).toContain('profile reviewer token budget 75 reached (90 used)');
  });

  it('alerts once per threshold crossing, and again after the budget is raised and re-crossed', async () => {
    fx = createFixture((c) => {
      c.token_budget = 1000;
      c.cost_budget_usd = 10;
    });
    fx.store.insertSession(buildSession('s1', 'completed', minutesAgo(1), { metrics: metrics(600, 1) }));
    const levels = () => fx.store.listEvents({ kinds: ['budget_alert'] }).map((e) => `${e.payload.kind}:${e.payload.threshold}`);

    await enforceBudgets(fx.policy());
    await enforceBudgets(fx.policy());
    expect(levels()).toEqual(['tokens:advisory']);

    fx.store.updateMetrics('s1', { tokensUsed: 950, costUsd: 8 }); // jumps past warning to critical; cost to warning
    await enforceBudgets(fx.policy());
    await enforceBudgets(fx.policy());
    expect(levels()).toEqual(['tokens:advisory', 'tokens:critical', 'cost:warning']);

    fx.config.token_budget = 10_000; // raised: back under every threshold, silently
    await enforceBudgets(fx.policy());
    fx.config.token_budget = 1000; // crossed again
    await enforceBudgets(fx.policy());
    expect(levels()).toEqual(['tokens:advisory', 'tokens:critical', 'cost:warning', 'tokens:critical']);
  });
});
