// Budgets and costs: global and per-session tokens and cost against the configured budgets and
// alert thresholds, per-profile budgets, spend over time, the approvals queue and the tool-call log.
import { useMemo, useState } from 'react';
import { tokenCount, usdPair } from '../../../../src-main/api/money';
import type { BudgetGaugeView, BudgetOverviewView } from '../../../../src-main/api/ops-operator';
import { BADGE_LABEL, formatCost, formatSessionCost, formatTokens } from '../../lib/format';
import type { ViewProps } from '../types';
import { Approvals } from './Approvals';
import { LoadError, percent, Section, useLoad } from './common';
import { SpendChart } from './SpendChart';
import { ToolLog } from './ToolLog';

const LEVEL_LABEL: Record<NonNullable<BudgetGaugeView['level']>, string> = { advisory: 'Advisory', warning: 'Warning', critical: 'Critical', exceeded: 'Exceeded' };

function LevelBadge({ level }: { level: BudgetGaugeView['level'] }) {
  if (!level) return <span className="muted small">below thresholds</span>;
  return <span className={`op-level op-level-${level}`}>{LEVEL_LABEL[level]}</span>;
}

/** The spend and the limit printed so they differ when they differ ($4.999 of $5.000, not $5.00 of $5.00). */
const costPair = (used: number, limit: number): [string, string] => usdPair(used, limit);
const tokenPair = (used: number, limit: number): [string, string] => {
  const short: [string, string] = [formatTokens(used), formatTokens(limit)];
  return short[0] === short[1] && used !== limit ? [tokenCount(used), tokenCount(limit)] : short;
};

function Gauge({ label, gauge, thresholds, fmt }: { label: string; gauge: BudgetGaugeView; thresholds: BudgetOverviewView['thresholds']; fmt: (used: number, limit: number) => [string, string] }) {
  const pct = gauge.fraction === null ? 0 : Math.min(1, gauge.fraction) * 100;
  const [used, limit] = fmt(gauge.used, gauge.budget);
  const text = gauge.budget > 0 ? `${used} of ${limit} (${percent(gauge.fraction)})` : `${used} used; no budget set`;
  return (
    <div className="op-gauge" aria-label={`${label}: ${text}${gauge.level ? `, ${LEVEL_LABEL[gauge.level]} level` : ''}`} role="group">
      <div className="op-gauge-head">
        <span className="op-label">{label}</span>
        <span className="spacer" />
        <LevelBadge level={gauge.level} />
      </div>
      <div className="op-gauge-value">{text}</div>
      {gauge.budget > 0 && (
        <div className="op-meter" role="meter" aria-label={`${label} used`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
          <span className={`op-meter-fill op-fill-${gauge.level ?? 'ok'}`} style={{ width: `${pct}%` }} />
          {(['advisory', 'warning', 'critical'] as const).map((t) => (
            <span key={t} className="op-meter-mark" style={{ left: `${thresholds[t] * 100}%` }} title={`${t} at ${percent(thresholds[t])}`} />
          ))}
        </div>
      )}
    </div>
  );
}

const WINDOWS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000, bucket: 120 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000, bucket: 3600 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 6 * 3600 },
] as const;

export function BudgetsView({ client, now, sessions, onOpenSession, onToast }: ViewProps) {
  const overview = useLoad(() => client.call('budgetOverview', {}), [client], 5000);
  const [windowId, setWindowId] = useState<(typeof WINDOWS)[number]['id']>('24h');
  const [metric, setMetric] = useState<'cost' | 'tokens'>('cost');
  const win = WINDOWS.find((w) => w.id === windowId) ?? WINDOWS[1];
  // Whole minutes, so the series is not refetched every second.
  const minute = Math.floor(now / 60_000);
  const since = useMemo(() => new Date(minute * 60_000 - win.ms).toISOString(), [minute, win.ms]);
  const series = useLoad(() => client.call('spendSeries', { bucketSecs: win.bucket, since }), [client, since, win.bucket], 30_000);
  const o = overview.value;

  return (
    <main className="op-view" aria-label="Budgets and costs">
      <h1 className="op-title">Budgets and costs</h1>
      <LoadError error={overview.error} />
      {o && (
        <Section title="Budgets" id="op-budgets">
          <div className="op-gauges">
            <Gauge label="Tokens" gauge={o.global.tokens} thresholds={o.thresholds} fmt={tokenPair} />
            <Gauge label="Cost" gauge={o.global.cost} thresholds={o.thresholds} fmt={costPair} />
          </div>
          <p className="muted small">
            Alerts at {percent(o.thresholds.advisory)} (advisory), {percent(o.thresholds.warning)} (warning) and {percent(o.thresholds.critical)} (critical); at 100 % every running session is stopped and new launches are refused (unless insisted on).
          </p>
          {o.unknownCost && o.unknownCost.sessions > 0 && (
            <p className="muted small" role="note" aria-label="Unknown costs">
              Cost unknown for {o.unknownCost.sessions} session{o.unknownCost.sessions === 1 ? '' : 's'}, not counted above: {o.unknownCost.notes.join('; ')}
            </p>
          )}
          {o.deleted && (o.deleted.costUsd > 0 || o.deleted.tokens > 0) && (
            <p className="muted small" aria-label="Deleted sessions' spend">
              Includes {formatCost(o.deleted.costUsd)} and {formatTokens(o.deleted.tokens)} tokens spent by deleted sessions.
            </p>
          )}
          {o.profiles.length > 0 && (
            <table className="op-table" aria-label="Profile budgets">
              <thead>
                <tr>
                  <th scope="col">Profile</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Tokens used</th>
                  <th scope="col">Token budget (per session)</th>
                  <th scope="col">Cost used</th>
                  <th scope="col">Cost limit (per session)</th>
                </tr>
              </thead>
              <tbody>
                {o.profiles.map((p) => (
                  <tr key={p.name}>
                    <td className="mono">{p.name}</td>
                    <td>{p.sessions}</td>
                    <td>{formatTokens(p.tokensUsed)}</td>
                    <td>{p.tokenBudget === null ? '—' : formatTokens(p.tokenBudget)}</td>
                    <td>{formatCost(p.costUsd)}</td>
                    <td>{p.maxBudgetUsd === null ? '—' : formatCost(p.maxBudgetUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
      <Section
        title="Spend over time"
        id="op-spend"
        actions={
          <>
            <div className="segmented op-filter" role="radiogroup" aria-label="Chart metric">
              {(['cost', 'tokens'] as const).map((m) => (
                <button key={m} type="button" role="radio" aria-checked={metric === m} className={metric === m ? 'on' : ''} onClick={() => setMetric(m)}>
                  {m === 'cost' ? 'Cost' : 'Tokens'}
                </button>
              ))}
            </div>
            <div className="segmented op-filter" role="radiogroup" aria-label="Time window">
              {WINDOWS.map((w) => (
                <button key={w.id} type="button" role="radio" aria-checked={windowId === w.id} className={windowId === w.id ? 'on' : ''} onClick={() => setWindowId(w.id)}>
                  {w.label}
                </button>
              ))}
            </div>
          </>
        }
      >
        <LoadError error={series.error} />
        {series.value && <SpendChart buckets={series.value.buckets} metric={metric} budget={metric === 'cost' ? (o?.global.cost.budget ?? 0) : (o?.global.tokens.budget ?? 0)} />}
      </Section>
      {o && (
        <Section title="Sessions" id="op-session-spend">
          {o.sessions.length === 0 ? (
            <p className="muted op-empty">No sessions yet.</p>
          ) : (
            <table className="op-table" aria-label="Session spend">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">State</th>
                  <th scope="col">Tokens</th>
                  <th scope="col">Share of token budget</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Share of cost budget</th>
                  <th scope="col">Profile budget</th>
                </tr>
              </thead>
              <tbody>
                {o.sessions.map((s) => (
                  <tr key={s.sessionId} data-session-id={s.sessionId}>
                    <td>
                      <button type="button" className="op-link" onClick={() => onOpenSession(s.sessionId)} aria-label={`Open session ${s.sessionId}`} title={s.task}>
                        {s.task.split('\n')[0]?.slice(0, 60)}
                      </button>
                      <div className="mono muted small">{s.sessionId}</div>
                    </td>
                    <td>
                      <span className={`badge badge-compact badge-${s.state}`}>
                        <span className="badge-dot" aria-hidden="true" />
                        {BADGE_LABEL[s.state]}
                      </span>
                    </td>
                    <td>{formatTokens(s.tokens)}</td>
                    <td>{percent(s.tokenShare)}</td>
                    <td title={s.costNote ?? undefined}>{formatSessionCost({ costUsd: s.costUsd, costStatus: s.costStatus })}</td>
                    <td>{percent(s.costShare)}</td>
                    <td>
                      {s.profile ? (
                        <>
                          <span className="mono">{s.profile.name}</span> {percent(s.profile.tokens.fraction)} <LevelBadge level={s.profile.tokens.level} />
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
      <Approvals client={client} now={now} onOpenSession={onOpenSession} onToast={onToast} />
      <ToolLog client={client} sessions={sessions} />
    </main>
  );
}
