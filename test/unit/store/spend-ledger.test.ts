// Spend survives deleting a session: the ledger keeps every session's latest tokens and cost, so
// budgets, "spent" and the chart agree whether or not a session is still listed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import { applyAgentEvents } from '../../../src-main/engine/sessions/agent-events';
import { spentBudgets } from '../../../src-main/engine/sessions/budget-check';
import type { SessionDeps } from '../../../src-main/engine/sessions/deps';
import { budgetOverview, spendSeries } from '../../../src-main/engine/views';
import { iso, openTempStore, sampleSession, type TempStore } from './helpers';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.cleanup());

const usage = (model?: string) => ({ kind: 'usage' as const, input: 1000, output: 40, cacheRead: 200, cacheWrite: 0, reasoning: 5, cumulative: true, ...(model ? { model } : {}) });

describe('spend ledger', () => {
  it('keeps a deleted session in the totals, the budget check and the chart', () => {
    const config = { ...defaultConfig(t.dir), cost_budget_usd: 0.01 };
    for (const [id, cost] of [['aaaa0001', 0.0036], ['aaaa0002', 0.0018]] as const) {
      t.store.insertSession(sampleSession(id, { state: 'completed' }));
      t.store.updateMetrics(id, { tokensUsed: 100, costUsd: cost, costStatus: 'reported' });
      t.store.recordMetricsSamples([id]);
    }
    const before = budgetOverview(t.store, config).global.cost.used;
    const chartBefore = spendSeries(t.store, { bucketSecs: 3600, since: iso(0), until: iso(7200) }).at(-1)?.costUsd;
    expect(before).toBeCloseTo(0.0054, 12);
    expect(chartBefore).toBeCloseTo(0.0054, 12);

    t.store.deleteSession('aaaa0001');
    const after = budgetOverview(t.store, config);
    expect(after.sessions.map((s) => s.sessionId)).toEqual(['aaaa0002']);
    expect(after.global.cost.used).toBeCloseTo(0.0054, 12);
    expect(after.global.tokens.used).toBe(200);
    expect(after.deleted.costUsd).toBeCloseTo(0.0036, 12);
    expect(spendSeries(t.store, { bucketSecs: 3600, since: iso(0), until: iso(7200) }).at(-1)?.costUsd).toBeCloseTo(0.0054, 12);

    // Over a $0.005 budget the launch check still counts the deleted session's $0.0036.
    const spent = spentBudgets(t.store, { ...config, cost_budget_usd: 0.005 });
    expect(spent.map((b) => b.summary)).toEqual(['cost budget spent: $0.0054 used of cost_budget_usd = 0.005 (all sessions, deleted ones included)']);
  });

  it('hook events price tokens at the model they name, and budgets count unknown costs apart', () => {
    const deps = { store: t.store, config: defaultConfig(t.dir), home: t.dir, runner: { command: [] } } as SessionDeps;
    t.store.insertSession(sampleSession('cdx00001', { agentType: 'codex', mode: 'interactive', state: 'running' }));
    t.store.insertSession(sampleSession('cdx00002', { agentType: 'codex', mode: 'interactive', state: 'running' }));
    applyAgentEvents(deps, 'cdx00001', [usage('gpt-5.5')]);
    applyAgentEvents(deps, 'cdx00002', [usage('stub-unpriced-1')]);
    expect(t.store.getSession('cdx00001')?.metrics).toMatchObject({ costUsd: 0.00545, costStatus: 'priced', costNote: 'gpt-5.5 priced from @pydantic/genai-prices 0.1.8' });
    expect(t.store.getSession('cdx00002')?.metrics).toMatchObject({ costUsd: 0, costStatus: 'unknown' });

    // A later cost from the agent itself wins over the priced figure, and stays on a later usage batch.
    applyAgentEvents(deps, 'cdx00001', [{ kind: 'cost', usd: 0.01, cumulative: true }]);
    applyAgentEvents(deps, 'cdx00001', [usage('gpt-5.5')]);
    expect(t.store.getSession('cdx00001')?.metrics).toMatchObject({ costUsd: 0.01, costStatus: 'reported' });

    const overview = budgetOverview(t.store, deps.config);
    expect(overview.unknownCost.sessions).toBe(1);
    expect(overview.unknownCost.notes[0]).toContain('no price for model "stub-unpriced-1"');
    const spent = spentBudgets(t.store, { ...deps.config, cost_budget_usd: 0.005 });
    expect(spent[0]?.summary).toBe('cost budget spent: $0.01 used of cost_budget_usd = 0.005 (all sessions, deleted ones included; 1 session(s) with unknown cost not counted)');
  });

  it('a session deleted before the daemon sampled its last spend still ends the chart at the card’s total', () => {
    const config = { ...defaultConfig(t.dir), cost_budget_usd: 0.0045 };
    t.store.insertSession(sampleSession('bbbb0001', { state: 'completed' }));
    t.store.updateMetrics('bbbb0001', { tokensUsed: 100, costUsd: 0.0018, costStatus: 'reported' });
    t.store.recordMetricsSamples(['bbbb0001']);
    // More spend, then deleted before the next sample.
    t.store.updateMetrics('bbbb0001', { tokensUsed: 300, costUsd: 0.0054, costStatus: 'reported' });
    t.store.deleteSession('bbbb0001');
    const card = budgetOverview(t.store, config).global.cost;
    expect(card.used).toBeCloseTo(0.0054, 12);
    expect(card.fraction).toBeCloseTo(1.2, 9);
    const chart = spendSeries(t.store, { bucketSecs: 60, since: new Date(Date.now() - 3600_000), until: new Date(Date.now() + 1000) });
    expect(chart.at(-1)?.costUsd).toBeCloseTo(0.0054, 12);
    expect(chart.at(-1)?.tokens).toBe(300);
  });
});

describe('spend chart window', () => {
  it('ends now, not up to a bucket in the future', () => {
    const series = spendSeries(t.store, { bucketSecs: 3600, since: iso(0), until: iso(5400) });
    expect(series.at(-1)?.end).toBe(iso(5400));
    expect(series).toHaveLength(2);
    expect(series[0]?.start).toBe(iso(-1800));
  });
});
