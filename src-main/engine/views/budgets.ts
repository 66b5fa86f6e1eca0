// Budgets and costs: usage against the global and per-profile budgets with the alert level reached
// (the policy's own level rule), and spend over time rebuilt from the metrics samples.
import type { BudgetAlertThresholds, Config } from '../config/types';
import type { BudgetLevel } from '../events';
import type { CostStatus, SessionState } from '../model';
import { budgetLevelFor } from '../policies/budgets';
import type { Store } from '../store';

export interface BudgetGauge {
  used: number;
  /** 0 means the budget is disabled. */
  budget: number;
  /** used / budget (null when disabled). */
  fraction: number | null;
  /** The highest threshold reached (null below the first, or when disabled). */
  level: BudgetLevel | null;
}

export interface SessionSpend {
  sessionId: string;
  task: string;
  state: SessionState;
  tokens: number;
  costUsd: number;
  costStatus: CostStatus;
  costNote: string | null;
  /** This session's share of the global budgets (null when disabled). */
  tokenShare: number | null;
  costShare: number | null;
  /** The session's profile token budget, when its profile sets one. */
  profile: { name: string; tokens: BudgetGauge } | null;
}

export interface BudgetOverview {
  thresholds: BudgetAlertThresholds;
  global: { tokens: BudgetGauge; cost: BudgetGauge };
  /** Sessions (deleted ones too) whose tokens have no known price: not in the cost gauge. */
  unknownCost: { sessions: number; notes: string[] };
  /** What deleted sessions spent: still counted in the gauges. */
  deleted: { tokens: number; costUsd: number };
  /** Most recently updated first. */
  sessions: SessionSpend[];
}

const ALL_STATES: SessionState[] = ['pending', 'running', 'idle', 'stale', 'completed', 'failed', 'stopped'];

function gauge(used: number, budget: number, t: BudgetAlertThresholds): BudgetGauge {
  const enabled = budget > 0;
  return { used, budget, fraction: enabled ? used / budget : null, level: budgetLevelFor(used, budget, t)?.level ?? null };
}

export function budgetOverview(store: Store, config: Config): BudgetOverview {
  const t = config.budget_alert_thresholds;
  const totals = store.sessionUsageTotals();
  const profiles = new Map(store.listProfileTokenBudgets(ALL_STATES).map((p) => [p.sessionId, p]));
  const share = (used: number, budget: number) => (budget > 0 ? used / budget : null);
  const sessions = store.listSessions().map((s): SessionSpend => {
    const p = profiles.get(s.id);
    return {
      sessionId: s.id,
      task: s.task,
      state: s.state,
      tokens: s.metrics.tokensUsed,
      costUsd: s.metrics.costUsd,
      costStatus: s.metrics.costStatus ?? 'not_reported',
      costNote: s.metrics.costNote ?? null,
      tokenShare: share(s.metrics.tokensUsed, config.token_budget),
      costShare: share(s.metrics.costUsd, config.cost_budget_usd),
      profile: p ? { name: p.profileName, tokens: gauge(p.tokensUsed, p.tokenBudget, t) } : null,
    };
  });
  return {
    thresholds: { ...t },
    global: { tokens: gauge(totals.tokens, config.token_budget, t), cost: gauge(totals.costUsd, config.cost_budget_usd, t) },
    unknownCost: {
      sessions: totals.unknownCostSessions,
      notes: [...new Set(store.unknownCostNotes().map((n) => n.note ?? `session ${n.sessionId} (deleted): cost unknown`))],
    },
    deleted: { tokens: totals.deletedTokens, costUsd: totals.deletedCostUsd },
    sessions,
  };
}

export interface SpendBucket {
  /** Bucket start and end (ISO); samples up to and including `end` count. */
  start: string;
  end: string;
  /** Cumulative over all sessions at the end of the bucket. */
  tokens: number;
  costUsd: number;
  /** Spent within the bucket. */
  tokensDelta: number;
  costUsdDelta: number;
}

export interface SpendSeriesOptions {
  bucketSecs: number;
  /** First bucket start (ISO or Date). */
  since: string | Date;
  /** The last bucket ends here (default now). */
  until?: string | Date;
  /** At most this many buckets (the newest kept; default 500). */
  maxBuckets?: number;
}

/** Cumulative tokens and cost per time bucket from `since`, for the spend chart. */
export function spendSeries(store: Store, opts: SpendSeriesOptions): SpendBucket[] {
  if (!(opts.bucketSecs > 0)) throw new Error(`bucketSecs must be a positive number of seconds, got ${opts.bucketSecs}`);
  const step = opts.bucketSecs * 1000;
  const until = new Date(opts.until ?? Date.now()).getTime();
  let since = new Date(opts.since).getTime();
  if (Number.isNaN(since) || Number.isNaN(until)) throw new Error('since and until must be valid dates');
  const maxBuckets = opts.maxBuckets ?? 500;
  const count = Math.min(maxBuckets, Math.max(1, Math.ceil((until - since) / step)));
  // The last bucket ends at `until` (now), not up to a bucket beyond it: the first one starts at
  // or just before `since` instead.
  since = until - count * step;
  const samples = store.metricsSamplesSince(new Date(since).toISOString());
  const latest = new Map<string, { tokens: number; cost: number }>();
  let tokens = 0;
  let cost = 0;
  let i = 0;
  const apply = (limit: number) => {
    for (; i < samples.length; i++) {
      const s = samples[i];
      if (!s || Date.parse(s.sampledAt) > limit) break;
      const prev = latest.get(s.sessionId);
      tokens += s.tokensUsed - (prev?.tokens ?? 0);
      cost += s.costUsd - (prev?.cost ?? 0);
      latest.set(s.sessionId, { tokens: s.tokensUsed, cost: s.costUsd });
    }
  };
  apply(since - 1); // the baseline: each session's figures before the window
  const out: SpendBucket[] = [];
  for (let start = since; out.length < count; start += step) {
    const before = { tokens, cost };
    apply(start + step);
    out.push({
      start: new Date(start).toISOString(),
      end: new Date(start + step).toISOString(),
      tokens,
      costUsd: round(cost),
      tokensDelta: tokens - before.tokens,
      costUsdDelta: round(cost - before.cost),
    });
  }
  return out;
}

// Sums of float costs drift (0.1 + 0.2); a micro-dollar is finer than any price.
const round = (n: number) => Math.round(n * 1e6) / 1e6;
