import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsIngestor, metricsPaths } from '../../../src-main/engine/policies';
import { createMetricsTap } from '../../../src-main/engine/sessions/metrics-tap';
import { budgetOverview, spendSeries } from '../../../src-main/engine/views';
import { buildSession, createFixture, NOW, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

const at = (mins: number) => new Date(NOW.getTime() + mins * 60_000);
function spend(id: string, mins: number, tokensUsed: number, costUsd: number): void {
  fx.clock.now = at(mins);
  fx.store.updateMetrics(id, { tokensUsed, costUsd });
  fx.store.recordMetricsSamples([id]);
}

describe('budgetOverview', () => {
  it('shows global and per-profile usage against the budgets with the threshold level reached', () => {
    fx = createFixture((c) => {
      c.token_budget = 1000;
      c.cost_budget_usd = 0; // disabled
    });
    fx.store.insertSession(buildSession('a', 'running', NOW));
    fx.store.insertSession(buildSession('b', 'completed', at(1)));
    fx.store.updateMetrics('a', { tokensUsed: 500, costUsd: 1.5 });
    fx.store.updateMetrics('b', { tokensUsed: 260, costUsd: 0.5 });
    fx.store.upsertSessionProfile('a', { profileName: 'reviewer', allowedTools: [], disallowedTools: [], addDirs: [], tokenBudget: 550 });

    const view = budgetOverview(fx.store, fx.config);
    expect(view.global.tokens).toEqual({ used: 760, budget: 1000, fraction: 0.76, level: 'warning' });
    expect(view.global.cost).toEqual({ used: 2, budget: 0, fraction: null, level: null });
    const a = view.sessions.find((s) => s.sessionId === 'a');
    expect(a).toMatchObject({ tokens: 500, costUsd: 1.5, tokenShare: 0.5, costShare: null });
    expect(a?.profile).toEqual({ name: 'reviewer', tokens: { used: 500, budget: 550, fraction: 500 / 550, level: 'critical' } });
    expect(view.sessions.find((s) => s.sessionId === 'b')?.profile).toBeNull();
  });
});

describe('spend over time', () => {
  it('records a sample only when a session spend moved', () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('a', 'running', NOW));
    spend('a', 0, 100, 0.1);
    expect(fx.store.recordMetricsSamples(['a'])).toBe(0);
    spend('a', 1, 150, 0.1);
    expect(fx.store.metricsSamplesSince(NOW.toISOString()).map((s) => s.tokensUsed)).toEqual([100, 150]);
  });

  it('buckets cumulative cost and tokens over all sessions, with what was spent in each bucket', () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('a', 'running', NOW));
    fx.store.insertSession(buildSession('b', 'running', NOW));
    spend('a', -30, 50, 0.05); // before the window: the starting point
    spend('a', 2, 100, 0.1);
    spend('b', 4, 40, 0.2);
    spend('a', 7, 300, 0.3);
    spend('b', 12, 60, 0.25);
    const series = spendSeries(fx.store, { bucketSecs: 300, since: NOW, until: at(15) });
    expect(series.map((b) => [b.start, b.tokens, b.costUsd, b.tokensDelta, b.costUsdDelta])).toEqual([
      [at(0).toISOString(), 140, 0.3, 90, 0.25],
      [at(5).toISOString(), 340, 0.5, 200, 0.2],
      [at(10).toISOString(), 360, 0.55, 20, 0.05],
    ]);
    expect(series[2]?.end).toBe(at(15).toISOString());
    expect(() => spendSeries(fx.store, { bucketSecs: 0, since: NOW })).toThrow('bucketSecs must be a positive number');
  });

  it('is fed by the daemon metrics ingestion', () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('s1', 'running', NOW));
    const paths = metricsPaths(fx.store.path);
    mkdirSync(dirname(paths.costs), { recursive: true });
    const row = (input: number, usd: number) =>
      `${JSON.stringify({ timestamp: NOW.toISOString(), session_id: 's1', model: 'sonnet', input_tokens: input, output_tokens: 0, cache_write_tokens: 0, cache_read_tokens: 0, estimated_cost_usd: usd })}\n`;
    appendFileSync(paths.costs, row(100, 0.5));
    const ingestor = new MetricsIngestor(fx.store);
    ingestor.ingest(() => fx.clock.now);
    fx.clock.now = at(1);
    appendFileSync(paths.costs, row(300, 1.25));
    ingestor.ingest(() => fx.clock.now);
    expect(fx.store.metricsSamplesSince(at(-1).toISOString())).toEqual([
      { sessionId: 's1', tokensUsed: 100, costUsd: 0.5, sampledAt: NOW.toISOString() },
      { sessionId: 's1', tokensUsed: 300, costUsd: 1.25, sampledAt: at(1).toISOString() },
    ]);
  });

  it('is fed by the runner stream tap when a headless Claude session finishes', () => {
    fx = createFixture();
    const session = buildSession('s1', 'running', NOW);
    fx.store.insertSession(session);
    const tap = createMetricsTap(fx.sessionDeps(), session);
    const result = { type: 'result', subtype: 'success', is_error: false, usage: { input_tokens: 70, output_tokens: 5 }, total_cost_usd: 0.42, duration_ms: 9 };
    tap.push(Buffer.from(`${JSON.stringify(result)}\n`));
    tap.finish();
    expect(fx.store.metricsSamplesSince(at(-1).toISOString())).toEqual([{ sessionId: 's1', tokensUsed: 75, costUsd: 0.42, sampledAt: NOW.toISOString() }]);
  });
});
