// Beside the graph, for a lead: its delegates' results (in its inbox) with outcome, branch, files
// and cost. "Send to lead" types one result into the lead's terminal, and only on this click, only
// for an idle interactive lead: Switchyard never types what no person asked for.
import { useCallback, useEffect, useState } from 'react';
import type { DelegateResultView, GraphNode } from '../../../../src-main/api/ops-board';
import type { ApiClient } from '../../api/client';
import { formatCost } from '../../lib/format';

interface Props {
  client: ApiClient;
  lead: GraphNode;
  /** Changes whenever the graph refreshes, so new results show. */
  refreshKey: string;
  onChanged: () => void;
}

/** Why "Send to lead" cannot type now (null: it can). Mirrors the engine's refusals. */
function sendBlocked(lead: GraphNode): string | null {
  if (lead.mode !== 'interactive') return `${lead.sessionId} is headless and cannot take typed input; the result is in its inbox`;
  if (lead.attention === 'needs_input') return `${lead.sessionId} is waiting on a prompt of its own; answer that first`;
  if (lead.state !== 'idle') return `${lead.sessionId} is ${lead.state}; send it once the lead waits for input`;
  return null;
}

export function DelegateResults({ client, lead, refreshKey, onChanged }: Props) {
  const [results, setResults] = useState<DelegateResultView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    const r = await client.call('delegateResults', { lead: lead.sessionId, limit: 20 });
    if (r.ok) {
      setResults(r.value.results);
      setError(null);
    } else setError(r.error.message);
  }, [client, lead.sessionId]);
  useEffect(() => void load(), [load, refreshKey]);

  const blocked = sendBlocked(lead);
  const send = async (m: DelegateResultView) => {
    setBusy(m.messageId);
    setNote(null);
    const r = await client.call('sendResultToLead', { messageId: m.messageId });
    setBusy(null);
    if (!r.ok) setNote({ ok: false, text: r.error.message });
    else if (r.value.sent) setNote({ ok: true, text: `Typed ${m.delegateId}'s result into ${lead.sessionId}'s terminal.` });
    else setNote({ ok: false, text: `Not sent: ${r.value.reason ?? 'unknown reason'}` });
    await load();
    onChanged();
  };
  const markRead = async (m: DelegateResultView) => {
    setBusy(m.messageId);
    const r = await client.call('markResultRead', { messageId: m.messageId });
    setBusy(null);
    if (!r.ok) setNote({ ok: false, text: r.error.message });
    await load();
    onChanged();
  };

  if (error) return <p className="reason reason-bad small">Could not load the delegates' results: {error}</p>;
  if (!results || results.length === 0) return null;
  const hintId = `send-why-${lead.sessionId}`;
  return (
    <section className="delegate-results" aria-label={`Results from ${lead.sessionId}'s delegates`}>
      <h3 className="side-subtitle">Results from delegates</h3>
      {blocked && (
        <p className="disabled-reason" id={hintId}>
          Send to lead unavailable: {blocked}
        </p>
      )}
      <ul className="result-list">
        {results.map((m) => (
          <li key={m.messageId} className={`result-item ${m.read ? 'is-read' : 'is-unread'} outcome-${m.outcome}`} aria-label={`Result of ${m.delegateId}: ${m.outcome}`}>
            <div className="result-head">
              <span className="mono">{m.delegateId}</span>
              <span className={`chip ${m.outcome === 'failed' ? 'chip-bad' : 'chip-ok'}`}>{m.outcome}</span>
              {!m.read && <span className="chip chip-info">new</span>}
              <span className="muted small result-cost" title={`${m.tokens} tokens`}>
                {formatCost(m.costUsd)}
              </span>
            </div>
            <p className="result-summary">{m.summary || <span className="muted">no summary</span>}</p>
            <p className="muted small result-facts">
              {m.branch ? (
                <span className="mono" title={`${m.branch} is based on ${m.baseBranch ?? '?'}; merge it from the Merge queue`}>
                  {m.branch}
                </span>
              ) : (
                'no branch'
              )}
              {' · '}
              <span title={m.filesChanged.join('\n')}>
                {m.filesChanged.length} {m.filesChanged.length === 1 ? 'file' : 'files'} changed
              </span>
            </p>
            <div className="side-row">
              <button
                type="button"
                className="btn btn-sm"
                disabled={!!blocked || busy !== null}
                title={blocked ?? `Types this into ${lead.sessionId}'s terminal: ${m.text}`}
                aria-describedby={blocked ? hintId : undefined}
                onClick={() => void send(m)}
              >
                {busy === m.messageId ? 'Sending…' : 'Send to lead'}
              </button>
              {!m.read && (
                <button type="button" className="btn btn-sm btn-ghost" disabled={busy !== null} onClick={() => void markRead(m)}>
                  Mark read
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {note && (
        <p className={`card-result ${note.ok ? 'ok' : 'bad'}`} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
