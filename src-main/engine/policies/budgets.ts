// Budgets (spec §3.9 plus ECC2's TUI alerts): global token and cost budgets summed over every
// session, per-profile token budgets, alerts once per threshold crossing, and a hard stop at 100 %
// that stops every pending/running/idle session but keeps its worktree so it can resume.
import type { BudgetAlertThresholds } from '../config/types';
import type { BudgetKind, BudgetLevel } from '../events';
import type { SessionState } from '../model';
import type { UsageTotals } from '../store';
import type { PolicyDeps } from './deps';
import { usdPair } from '../../api/money';

const PAUSABLE: SessionState[] = ['pending', 'running', 'idle'];

export interface BudgetOutcome {
  totals: UsageTotals;
  tokenBudgetExceeded: boolean;
  costBudgetExceeded: boolean;
  profileTokenBudgetExceeded: boolean;
  pausedSessions: string[];
}

/** The levels in increasing order, with their fractions of the budget. */
export function budgetLevels(t: BudgetAlertThresholds): { level: BudgetLevel; fraction: number }[] {
  return [
    { level: 'advisory', fraction: t.advisory },
    { level: 'warning', fraction: t.warning },
    { level: 'critical', fraction: t.critical },
    { level: 'exceeded', fraction: 1 },
  ];
}

/** The highest level `used / budget` has reached, or null below the first threshold. */
export function budgetLevelFor(used: number, budget: number, t: BudgetAlertThresholds): { level: BudgetLevel; fraction: number } | null {
  if (!(budget > 0)) return null;
  let reached: { level: BudgetLevel; fraction: number } | null = null;
  for (const l of budgetLevels(t)) if (used >= budget * l.fraction) reached = l;
  return reached;
}

const percentOf = (used: number, budget: number) => Math.round((used / budget) * 1000) / 10;

interface AlertScope {
  key: string;
  kind: BudgetKind;
  used: number;
  budget: number;
  scope: 'global' | 'profile';
  sessionId?: string;
  profileName?: string;
}

/**
 * Announces each upward crossing once (the highest level reached, not one alert per level skipped).
 * Falling back below a level (a raised budget) lowers the stored level silently, so a later crossing
 * alerts again.
 */
export function evaluateBudgetAlerts(deps: PolicyDeps, scopes: AlertScope[]): number {
  const { store, config, events } = deps;
  const announced = store.listBudgetAlertLevels();
  let emitted = 0;
  for (const s of scopes) {
    const reached = budgetLevelFor(s.used, s.budget, config.budget_alert_thresholds);
    const current = reached?.fraction ?? 0;
    const previous = announced.get(s.key) ?? 0;
    if (current === previous) continue;
    store.setBudgetAlertLevel(s.key, current);
    if (!reached || current < previous) continue;
    events.emit('budget_alert', {
      kind: s.kind,
      threshold: reached.level,
      thresholdFraction: reached.fraction,
      percent: percentOf(s.used, s.budget),
      used: s.used,
      budget: s.budget,
      scope: s.scope,
      ...(s.sessionId !== undefined ? { sessionId: s.sessionId } : {}),
      ...(s.profileName !== undefined ? { profileName: s.profileName } : {}),
    });
    emitted += 1;
  }
  return emitted;
}

// Enough digits that a limit and its spend read differently ($0.0045 vs $0.0054, not $0.00 vs $0.01):
// both figures share the decimals that tell them apart (api/money.ts, as the UI prints them too).
function formatLimitAndUsed(kind: BudgetKind, limit: number, used: number): [string, string] {
  return kind === 'cost' ? usdPair(limit, used) : [String(limit), String(used)];
}

export async function enforceBudgets(deps: PolicyDeps): Promise<BudgetOutcome> {
  const { store, config, events } = deps;
  const totals = store.sessionUsageTotals();
  const tokenBudgetExceeded = config.token_budget > 0 && totals.tokens >= config.token_budget;
  const costBudgetExceeded = config.cost_budget_usd > 0 && totals.costUsd >= config.cost_budget_usd;
  const profiled = store.listProfileTokenBudgets(PAUSABLE);

  evaluateBudgetAlerts(deps, [
    { key: 'global:tokens', kind: 'tokens', used: totals.tokens, budget: config.token_budget, scope: 'global' },
    { key: 'global:cost', kind: 'cost', used: totals.costUsd, budget: config.cost_budget_usd, scope: 'global' },
    ...profiled.map((p) => ({
      key: `session:${p.sessionId}`,
      kind: 'tokens' as const,
      used: p.tokensUsed,
      budget: p.tokenBudget,
      scope: 'profile' as const,
      sessionId: p.sessionId,
      profileName: p.profileName,
    })),
  ]);

  // Why each session is stopped; a global budget wins over a profile budget in the reason.
  const reasons = new Map<string, { kind: BudgetKind | 'profile_tokens'; used: number; budget: number; reason: string }>();
  const overProfile = profiled.filter((p) => p.tokensUsed >= p.tokenBudget);
  const profileTokenBudgetExceeded = overProfile.length > 0;
  const outcome: BudgetOutcome = { totals, tokenBudgetExceeded, costBudgetExceeded, profileTokenBudgetExceeded, pausedSessions: [] };
  if (!tokenBudgetExceeded && !costBudgetExceeded && !profileTokenBudgetExceeded) return outcome;

  const candidates = store.listSessionsInStates(PAUSABLE);
  if (tokenBudgetExceeded || costBudgetExceeded) {
    const kind: BudgetKind = tokenBudgetExceeded ? 'tokens' : 'cost';
    const used = kind === 'tokens' ? totals.tokens : totals.costUsd;
    const budget = kind === 'tokens' ? config.token_budget : config.cost_budget_usd;
    const label = kind === 'tokens' ? 'token budget' : 'cost budget';
    const unknown = kind === 'cost' && totals.unknownCostSessions > 0 ? `, ${totals.unknownCostSessions} session(s) of unknown cost not counted` : '';
    const [limitText, usedText] = formatLimitAndUsed(kind, budget, used);
    const reason = `${label} ${limitText} reached (${usedText} used${unknown}); raise ${kind === 'tokens' ? 'token_budget' : 'cost_budget_usd'} and resume the session`;
    for (const s of candidates) reasons.set(s.id, { kind, used, budget, reason });
  }
  for (const p of overProfile) {
    if (reasons.has(p.sessionId)) continue;
    reasons.set(p.sessionId, {
      kind: 'profile_tokens',
      used: p.tokensUsed,
      budget: p.tokenBudget,
      reason: `profile ${p.profileName} token budget ${p.tokenBudget} reached (${p.tokensUsed} used); raise its token_budget and resume the session`,
    });
  }

  for (const s of candidates) {
    const why = reasons.get(s.id);
    if (!why) continue;
    // Kill errors propagate and abort the pass (ECC2); the daemon logs them and retries next tick.
    await deps.stopSession(s.id, why.reason);
    outcome.pausedSessions.push(s.id);
    events.emit('budget_stop', { sessionId: s.id, ...why });
  }
  return outcome;
}
