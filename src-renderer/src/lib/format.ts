// Small display helpers.
import type { Session, SessionState } from '../../../src-main/api';

export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * A session's cost as people read it: dollars when the agent reported it or its tokens were priced,
 * otherwise "unknown" (no price for its model; the note says why) or "not reported": never $0.
 */
export function formatSessionCost(m: Pick<Session['metrics'], 'costUsd' | 'costStatus'>): string {
  const status = m.costStatus ?? (m.costUsd > 0 ? 'reported' : 'not_reported');
  if (status === 'unknown') return 'unknown';
  if (status === 'not_reported') return 'not reported';
  return formatCost(m.costUsd);
}

/** Why a cost reads as it does (the hover text): the model and price source, or what is missing. */
export function costTitle(m: Pick<Session['metrics'], 'costStatus' | 'costNote'>): string | undefined {
  if (m.costStatus === 'reported') return 'reported by the agent';
  if (m.costStatus === 'not_reported') return 'the agent reported neither cost nor tokens';
  return m.costNote ?? undefined;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatDuration(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const LIVE_STATES: readonly SessionState[] = ['pending', 'running', 'idle', 'stale'];

export function isLive(s: Session): boolean {
  return LIVE_STATES.includes(s.state);
}

/** Seconds the session has run: the agent's own figure when it reported one, else wall time. */
export function sessionDuration(s: Session, now: number): number {
  if (s.metrics.durationSecs > 0) return s.metrics.durationSecs;
  const end = isLive(s) ? now : Date.parse(s.updatedAt);
  return Math.max(0, (end - Date.parse(s.createdAt)) / 1000);
}

export type BadgeKind = SessionState | 'needs_input' | 'denied';

export function badgeOf(s: Session): BadgeKind {
  if (s.attention === 'needs_input' && isLive(s)) return 'needs_input';
  // Finished, but some of its actions were refused: that is not a plain success.
  if (s.attention === 'denied' && !isLive(s)) return 'denied';
  return s.state;
}

export const BADGE_LABEL: Record<BadgeKind, string> = {
  pending: 'Pending',
  running: 'Running',
  idle: 'Idle',
  stale: 'Stale',
  completed: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
  needs_input: 'Needs input',
  denied: 'Denied actions',
};

export function relativeTime(iso: string, now: number): string {
  const secs = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (secs < 60) return 'just now';
  if (secs < 3600) return `${Math.floor(secs / 60)}m ago`;
  if (secs < 86400) return `${Math.floor(secs / 3600)}h ago`;
  return `${Math.floor(secs / 86400)}d ago`;
}
