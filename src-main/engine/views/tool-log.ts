// A session's tool-call log, a page at a time, with each call's risk score, the action the configured
// risk thresholds suggest for it and what contributed to the score.
import type { Config, RiskThresholds } from '../config/types';
import { assessRisk, suggestedAction, type RiskAction, type RiskFactor } from '../metrics';
import type { ToolLogEntry } from '../model';
import type { Store } from '../store';

export interface ToolLogRow extends ToolLogEntry {
  /** From the stored score and `risk_thresholds` (the score was fixed when the call was logged). */
  suggestedAction: RiskAction;
  /** Why the input scores what it does (recomputed from the tool name and input summary). */
  factors: RiskFactor[];
  /** The agent's permission rules refused this call: it never ran. */
  denied: boolean;
}

export interface ToolLogView {
  sessionId: string;
  entries: ToolLogRow[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  thresholds: RiskThresholds;
  /** Calls on this page per suggested action. */
  actionCounts: Record<RiskAction, number>;
}

/** Newest calls first; `page` is 1-based. */
export function toolLogView(store: Store, config: Config, sessionId: string, page = 1, pageSize = 50): ToolLogView {
  const thresholds = config.risk_thresholds;
  const result = store.queryToolLogs(sessionId, page, pageSize);
  // Claude's tool-log rows carry `claude:<tool_use_id>`; its denials name the same tool_use_id.
  const denied = new Set(store.listDenials(sessionId).map((d) => `claude:${d.toolUseId ?? ''}`));
  const actionCounts: Record<RiskAction, number> = { allow: 0, review: 0, require_confirmation: 0, block: 0 };
  const entries = result.entries.map((e): ToolLogRow => {
    const action = suggestedAction(e.riskScore, thresholds);
    actionCounts[action] += 1;
    return { ...e, suggestedAction: action, factors: assessRisk(e.toolName, e.inputSummary, thresholds).factors, denied: e.hookEventId !== null && denied.has(e.hookEventId) };
  });
  return {
    sessionId,
    entries,
    page: result.page,
    pageSize: result.pageSize,
    total: result.total,
    pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
    thresholds: { ...thresholds },
    actionCounts,
  };
}
