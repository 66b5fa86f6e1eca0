// A session's tool-call log, newest first and paged, with each call's risk score, the action the
// risk thresholds suggest and what contributed to the score.
import { useEffect, useState } from 'react';
import type { Session } from '../../../../src-main/api';
import type { ApiClient } from '../../api/client';
import type { RiskActionName, ToolLogPage } from '../../../../src-main/api/ops-operator';
import { LoadError, Section, useLoad } from './common';

const ACTION_LABEL: Record<RiskActionName, string> = { allow: 'Allow', review: 'Review', require_confirmation: 'Confirm', block: 'Block' };
const ACTION_BADGE: Record<RiskActionName, string> = { allow: 'badge-running', review: 'badge-pending', require_confirmation: 'badge-stale', block: 'badge-failed' };
const PAGE_SIZE = 25;

export function ToolLog({ client, sessions }: { client: ApiClient; sessions: Session[] }) {
  const [sessionId, setSessionId] = useState('');
  const [page, setPage] = useState(1);
  const chosen = sessionId || sessions[0]?.id || '';
  useEffect(() => setPage(1), [chosen]);
  const log = useLoad<ToolLogPage | null>(
    async () => (chosen ? client.call('toolLog', { sessionId: chosen, page, pageSize: PAGE_SIZE }) : { ok: true, value: null }),
    [client, chosen, page],
    10_000,
  );
  const view = log.value;
  return (
    <Section
      title="Tool calls"
      id="op-toollog"
      actions={
        <label className="op-inline-field">
          <span>Session</span>
          <select value={chosen} onChange={(e) => setSessionId(e.target.value)}>
            {sessions.length === 0 && <option value="">No sessions</option>}
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.task.split('\n')[0]?.slice(0, 60)} ({s.id})
              </option>
            ))}
          </select>
        </label>
      }
    >
      <LoadError error={log.error} />
      {view && view.total === 0 && <p className="muted op-empty">No tool calls logged for this session.</p>}
      {view && view.total > 0 && (
        <>
          <p className="muted small">
            {view.total} calls · thresholds: review ≥ {view.thresholds.review}, confirm ≥ {view.thresholds.confirm}, block ≥ {view.thresholds.block}
          </p>
          <table className="op-table" aria-label="Tool calls">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Tool</th>
                <th scope="col">Input</th>
                <th scope="col">Risk</th>
                <th scope="col">Suggested</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((e) => (
                <tr key={e.id}>
                  <td className="op-nowrap muted">{new Date(e.timestamp).toLocaleTimeString()}</td>
                  <td className="mono">{e.toolName}</td>
                  <td className="mono op-input" title={e.inputSummary}>
                    {e.inputSummary}
                  </td>
                  <td className="op-nowrap" title={e.factors.map((f) => `${f.part} +${f.score} (${f.matched})`).join('\n')}>
                    <span className="op-risk">
                      <span className="op-risk-bar" style={{ width: `${Math.round(Math.min(1, e.riskScore) * 100)}%` }} aria-hidden="true" />
                    </span>{' '}
                    {e.riskScore.toFixed(2)}
                    {e.factors.length > 0 && <span className="muted small"> {e.factors.filter((f) => f.part !== 'base').map((f) => f.matched).join(', ')}</span>}
                  </td>
                  <td>
                    {e.denied ? (
                      <span className="badge badge-compact badge-failed" title="The agent's permission rules refused this call; it did not run. Allow it from the approvals queue.">
                        <span className="badge-dot" aria-hidden="true" />
                        Denied
                      </span>
                    ) : (
                      <span className={`badge badge-compact ${ACTION_BADGE[e.suggestedAction]}`}>
                        <span className="badge-dot" aria-hidden="true" />
                        {ACTION_LABEL[e.suggestedAction]}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="op-pager" aria-label="Tool call pages">
            <button type="button" className="btn btn-sm" disabled={view.page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous page
            </button>
            <span className="muted small">
              Page {view.page} of {view.pages}
            </span>
            <button type="button" className="btn btn-sm" disabled={view.page >= view.pages} onClick={() => setPage((p) => p + 1)}>
              Next page
            </button>
          </nav>
        </>
      )}
    </Section>
  );
}
