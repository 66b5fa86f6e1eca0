// Session status (ECC2 get_status) and its text rendering, padded as upstream lays it out.
import type { Config } from '../config/types';
import { detectHarness, withConfigDetection } from '../harness';
import type { PermissionDenial, Session, SessionMetrics, SessionOutcome, SessionProfileSnapshot } from '../model';
import { formatUsd } from './budget-check';
import type { Store } from '../store';

export interface SessionStatus {
  session: Session;
  harness: { primaryLabel: string; detectedLabels: string[] };
  profile: SessionProfileSnapshot | null;
  parentSession: string | null;
  delegatedChildren: string[];
  /** Tool calls the agent was refused (allowed ones keep their allowedAt). */
  denials: PermissionDenial[];
  outcome: SessionOutcome | null;
}

/** ECC2 get_status: the stored harness (re-detected when none was stored) plus configured runners' markers. */
export function getSessionStatus(store: Store, config: Config, session: Session): SessionStatus {
  const stored = session.harness && session.harness !== 'unknown';
  const base = detectHarness(session.agentType, session.workingDir);
  const info = withConfigDetection(
    stored ? { ...base, primaryLabel: session.harness, detectedLabels: [...session.detectedHarnesses] } : base,
    config,
    session.workingDir,
  );
  return {
    session,
    harness: { primaryLabel: info.primaryLabel, detectedLabels: info.detectedLabels },
    profile: store.getSessionProfile(session.id) ?? null,
    parentSession: store.latestTaskHandoffSource(session.id) ?? null,
    delegatedChildren: store.delegatedChildren(session.id, 5),
    denials: store.listDenials(session.id),
    outcome: store.getOutcome(session.id),
  };
}

/**
 * A session's cost for people: dollars when reported or priced, otherwise "unknown" (with why, in
 * `detail`) or "not reported": never a $0 that only means nobody knows.
 */
export function costLabel(m: Pick<SessionMetrics, 'costUsd' | 'costStatus' | 'costNote'>, detail = false): string {
  const status = m.costStatus ?? (m.costUsd > 0 ? 'reported' : 'not_reported');
  if (status === 'unknown') return detail && m.costNote ? `unknown (${m.costNote})` : 'unknown';
  if (status === 'not_reported') return detail ? 'not reported (the agent reported neither cost nor tokens)' : 'not reported';
  const usd = formatUsd(m.costUsd);
  if (status === 'priced') return detail && m.costNote ? `${usd} (${m.costNote})` : usd;
  return detail ? `${usd} (reported by the agent)` : usd;
}

export function detectedSummary(labels: string[]): string {
  return labels.length ? labels.join(', ') : 'none detected';
}

export function renderSessionStatus(status: SessionStatus, now: Date = new Date()): string {
  const { session: s, profile } = status;
  const lines = [
    `Session: ${s.id}`,
    `Task:    ${s.task}`,
    `Agent:   ${s.agentType}`,
    `Mode:    ${s.mode}`,
    `Harness: ${status.harness.primaryLabel}`,
    `Detected: ${detectedSummary(status.harness.detectedLabels)}`,
    `State:   ${s.state}${s.attention ? ` (${s.attention.replace('_', ' ')})` : ''}`,
  ];
  if (s.stateReason) lines.push(`Reason:  ${s.stateReason}`);
  for (const d of status.denials) lines.push(`Denied:  #${d.id} ${d.toolName} (${d.inputSummary})${d.allowedAt ? ' — allowed since' : ''}`);
  if (status.outcome?.commitSha) lines.push(`Commit:  ${status.outcome.commitSha.slice(0, 12)} (${status.outcome.committedAt ?? ''})`);
  if (status.outcome?.mergedAt) lines.push(`Merged:  ${status.outcome.mergedAt}`);
  if (profile) {
    lines.push(`Profile: ${profile.profileName}`);
    if (profile.model) lines.push(`Model:   ${profile.model}`);
    if (profile.permissionMode) lines.push(`Perms:   ${profile.permissionMode}`);
    if (profile.tokenBudget !== undefined) lines.push(`Profile tokens: ${profile.tokenBudget}`);
    if (profile.maxBudgetUsd !== undefined) lines.push(`Profile cost: $${profile.maxBudgetUsd.toFixed(4)}`);
  }
  if (status.parentSession) lines.push(`Parent:  ${status.parentSession}`);
  if (s.pid !== null) lines.push(`PID:     ${s.pid}`);
  if (s.worktree) {
    lines.push(`Branch:  ${s.worktree.branch}`);
    lines.push(`Worktree: ${s.worktree.path}`);
  }
  const m = s.metrics;
  const ago = Math.max(0, Math.floor((now.getTime() - Date.parse(s.lastHeartbeatAt)) / 1000));
  lines.push(
    `Tokens:  ${m.tokensUsed} total (in ${m.inputTokens} / out ${m.outputTokens})`,
    `Tools:   ${m.toolCalls}`,
    `Files:   ${m.filesChanged}`,
    `Cost:    ${costLabel(m, true)}`,
    `Heartbeat: ${s.lastHeartbeatAt} (${ago}s ago)`,
  );
  if (status.delegatedChildren.length) lines.push(`Children: ${status.delegatedChildren.join(', ')}`);
  lines.push(`Created: ${s.createdAt}`, `Updated: ${s.updatedAt}`);
  return lines.join('\n');
}
