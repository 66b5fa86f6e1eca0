// The one check every launch path makes (start, resume, allow-and-rerun, delegate, schedules,
// templates, the remote intake): is a hard budget already spent? The daemon stops sessions at 100 %;
// launching one then would only spend more before that stop, so the launch is refused, naming the
// budget, the spend and how to raise it, unless the operator insists (`--over-budget`).
import { join, resolve } from 'node:path';
import type { Config } from '../config/types';
import type { Session } from '../model';
import type { Store } from '../store';
import { SessionError } from './errors';

export type BudgetKey = 'token_budget' | 'cost_budget_usd' | 'profile_token_budget' | 'profile_max_budget_usd';

export interface SpentBudget {
  key: BudgetKey;
  /** What people call it: "token budget", "profile fast cost budget". */
  label: string;
  used: number;
  limit: number;
  /** One sentence: the budget, the spend, what is not counted. */
  summary: string;
}

/** A launch refused because a hard budget is spent (an expected outcome, not a crash). */
export class BudgetSpentError extends SessionError {
  readonly kind = 'budget_spent';
  constructor(
    message: string,
    readonly budgets: SpentBudget[],
  ) {
    super(message);
    this.name = 'BudgetSpentError';
  }
}

/** Dollars with the digits that tell two small figures apart ($0.0036 vs $0.0045). */
export function formatUsd(n: number): string {
  if (n === 0) return '$0';
  return Math.abs(n) >= 100 ? `$${n.toFixed(2)}` : `$${Number(n.toFixed(6))}`;
}

const tokens = (n: number) => `${n.toLocaleString('en-US')} tokens`;

export interface BudgetScope {
  /** A session being resumed: its own profile budgets count too. */
  session?: Session;
}

/** The hard budgets spent now (global ones over every session, deleted ones included). */
export function spentBudgets(store: Store, config: Config, scope: BudgetScope = {}): SpentBudget[] {
  const out: SpentBudget[] = [];
  const totals = store.sessionUsageTotals();
  if (config.token_budget > 0 && totals.tokens >= config.token_budget) {
    out.push({
      key: 'token_budget',
      label: 'token budget',
      used: totals.tokens,
      limit: config.token_budget,
      summary: `token budget spent: ${tokens(totals.tokens)} used of token_budget = ${config.token_budget} (all sessions, deleted ones included)`,
    });
  }
  if (config.cost_budget_usd > 0 && totals.costUsd >= config.cost_budget_usd) {
    const unknown = totals.unknownCostSessions > 0 ? `; ${totals.unknownCostSessions} session(s) with unknown cost not counted` : '';
    out.push({
      key: 'cost_budget_usd',
      label: 'cost budget',
      used: totals.costUsd,
      limit: config.cost_budget_usd,
      summary: `cost budget spent: ${formatUsd(totals.costUsd)} used of cost_budget_usd = ${config.cost_budget_usd} (all sessions, deleted ones included${unknown})`,
    });
  }
  const s = scope.session;
  const profile = s ? store.getSessionProfile(s.id) : null;
  if (s && profile?.tokenBudget !== undefined && profile.tokenBudget > 0 && s.metrics.tokensUsed >= profile.tokenBudget) {
    out.push({
      key: 'profile_token_budget',
      label: `profile ${profile.profileName} token budget`,
      used: s.metrics.tokensUsed,
      limit: profile.tokenBudget,
      summary: `profile ${profile.profileName} token budget spent: session ${s.id} used ${tokens(s.metrics.tokensUsed)} of its token_budget = ${profile.tokenBudget}`,
    });
  }
  if (s && profile?.maxBudgetUsd !== undefined && profile.maxBudgetUsd > 0 && s.metrics.costUsd >= profile.maxBudgetUsd) {
    out.push({
      key: 'profile_max_budget_usd',
      label: `profile ${profile.profileName} cost budget`,
      used: s.metrics.costUsd,
      limit: profile.maxBudgetUsd,
      summary: `profile ${profile.profileName} cost budget spent: session ${s.id} cost ${formatUsd(s.metrics.costUsd)} of its max_budget_usd = ${profile.maxBudgetUsd}`,
    });
  }
  return out;
}

/** Where to raise a budget: the file the host's configuration comes from. */
function raiseHint(spent: SpentBudget[], configFile: string): string {
  const keys = spent.map((b) =>
    b.key === 'profile_token_budget' ? `the profile's token_budget` : b.key === 'profile_max_budget_usd' ? `the profile's max_budget_usd` : b.key,
  );
  return `raise ${[...new Set(keys)].join(' and ')} in ${configFile} (0 turns a global budget off)`;
}

export interface LaunchBudgetDeps {
  store: Store;
  config: Config;
  /** The data home (names the config file in the message); without it the message says config.toml. */
  home?: string;
  runner?: { configFile?: string; cwd?: string };
}

/** The user config file a budget is raised in. */
export function budgetConfigFile(deps: LaunchBudgetDeps): string {
  const explicit = deps.runner?.configFile;
  if (explicit) return resolve(deps.runner?.cwd ?? process.cwd(), explicit);
  return deps.home ? join(deps.home, 'config.toml') : 'config.toml';
}

/** Why launching is refused now, or null. `what` is the launch in words ("start a session"). */
export function launchBudgetProblem(deps: LaunchBudgetDeps, what: string, scope: BudgetScope = {}): { message: string; budgets: SpentBudget[] } | null {
  const spent = spentBudgets(deps.store, deps.config, scope);
  if (spent.length === 0) return null;
  const message = `Refusing to ${what}: ${spent.map((b) => b.summary).join('; ')}. To go on, ${raiseHint(spent, budgetConfigFile(deps))}, or pass --over-budget (API: overBudget: true) to launch anyway.`;
  return { message, budgets: spent };
}

/** Throws BudgetSpentError unless no hard budget is spent or the operator insists. */
export function checkLaunchBudget(deps: LaunchBudgetDeps, what: string, opts: BudgetScope & { overBudget?: boolean } = {}): void {
  if (opts.overBudget) return;
  const problem = launchBudgetProblem(deps, what, opts);
  if (problem) throw new BudgetSpentError(problem.message, problem.budgets);
}
