// Beside the delegation graph: the coordination status, and the selected session with its lead
// actions (assign a task after previewing where it would go, drain its inbox, rebalance its team).
import { useState } from 'react';
import type { CoordinationStatus } from '../../../../src-main/api';
import type { AssignmentAction, AssignmentPreview, DelegationGraph, GraphNode } from '../../../../src-main/api/ops-board';
import type { ApiClient } from '../../api/client';
import { StateBadge } from '../../components/Sidebar';
import { DelegateResults } from './DelegateResults';
import { ROLE_LABEL } from './GraphNodeCard';

const MODE_LABEL: Record<string, string> = {
  dispatch_first: 'Dispatch first',
  dispatch_first_stabilized: 'Dispatch first (stabilized)',
  rebalance_first_chronic_saturation: 'Rebalance first (chronic saturation)',
  rebalance_cooloff_chronic_saturation: 'Rebalance cool-off (chronic saturation)',
};
const HEALTH_LABEL: Record<string, string> = {
  healthy: 'Healthy',
  backlog_absorbable: 'Backlog absorbable',
  saturated: 'Saturated',
  escalation_required: 'Escalation required',
};
const ACTION_LABEL: Record<AssignmentAction, string> = {
  spawned: 'spawned a new delegate',
  reused_idle: 'reused an idle delegate',
  reused_active: 'reused an active delegate',
  deferred_saturated: 'deferred (team saturated)',
};

export function CoordinationPanel({ status }: { status: CoordinationStatus | null }) {
  if (!status) return null;
  const tone = status.health === 'healthy' ? 'ok' : status.health === 'backlog_absorbable' ? 'info' : 'bad';
  return (
    <section className="side-card" aria-labelledby="coord-title">
      <h2 id="coord-title" className="side-title">
        Coordination
      </h2>
      <dl className="facts">
        <dt>Mode</dt>
        <dd>{MODE_LABEL[status.mode] ?? status.mode}</dd>
        <dt>Health</dt>
        <dd className={`tone-${tone}`}>{HEALTH_LABEL[status.health] ?? status.health}</dd>
        <dt>Escalation</dt>
        <dd className={status.operatorEscalationRequired ? 'tone-bad' : ''}>{status.operatorEscalationRequired ? 'Operator needed: saturation persists after rebalancing' : 'Not needed'}</dd>
        <dt>Backlog</dt>
        <dd>
          {status.backlogMessages} {status.backlogMessages === 1 ? 'handoff' : 'handoffs'} in {status.backlogLeads} {status.backlogLeads === 1 ? 'inbox' : 'inboxes'}
        </dd>
        <dt>Pressure</dt>
        <dd>
          {status.absorbableSessions} absorbable · {status.saturatedSessions} saturated
        </dd>
        <dt>Auto-dispatch</dt>
        <dd>{status.autoDispatchEnabled ? `on, ${status.autoDispatchLimitPerSession} per inbox` : 'off'}</dd>
      </dl>
    </section>
  );
}

function previewText(p: AssignmentPreview, lead: string): { headline: string; why: string } {
  const who = p.sessionId ?? 'a new delegate';
  switch (p.action) {
    case 'spawned':
      return { headline: 'Spawn a new delegate', why: `No delegate of ${lead} is idle with an empty inbox, and the team has room: a new delegate would start with this task.` };
    case 'reused_idle':
      return { headline: `Hand it to idle delegate ${who}`, why: `${who} is idle with no queued handoffs${p.graphMatchTerms.length ? ', and its context matches the task best' : ''}.` };
    case 'reused_active':
      return { headline: `Hand it to active delegate ${who}`, why: `The team is at capacity and no delegate is idle; ${who} (${p.delegateState ?? '?'}) has no queued handoffs.` };
    case 'deferred_saturated':
      return {
        headline: 'Defer: the team is saturated',
        why: `The team is at capacity and its delegates have queued work (${who} has ${p.handoffBacklog}); the task would wait in ${lead}'s inbox until you drain it.`,
      };
  }
}

interface Props {
  client: ApiClient;
  node: GraphNode;
  /** The whole graph: this session's edge from its lead (the result it reported) and refreshes. */
  graph: DelegationGraph | null;
  onOpenSession: (id: string) => void;
  /** After an action changed inboxes or sessions. */
  onChanged: () => void;
}

export function LeadPanel({ client, node: n, graph, onOpenSession, onChanged }: Props) {
  const fromLead = graph?.edges.find((e) => e.to === n.sessionId && e.from === n.parentId) ?? null;
  const refreshKey = graph ? graph.edges.map((e) => `${e.from}>${e.to}:${e.result?.messageId ?? 0}:${e.result?.read ? 1 : 0}`).join('|') : '';
  const [task, setTask] = useState('');
  const [preview, setPreview] = useState<AssignmentPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'assign' | 'drain' | 'rebalance' | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const isLead = n.role === 'lead' || n.role === 'lead_and_delegate';
  const drainWhy = n.handoffBacklog === 0 ? `${n.sessionId} has no unread task handoffs to route` : null;
  const rebalanceWhy = isLead ? null : `${n.sessionId} has no delegates to rebalance`;

  const run = async <T,>(what: NonNullable<typeof busy>, call: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>, describe: (v: T) => string) => {
    setBusy(what);
    setResult(null);
    const r = await call();
    setBusy(null);
    if (r.ok) setResult({ ok: true, text: describe(r.value) });
    else setResult({ ok: false, text: r.error.message });
    return r.ok ? r.value : null;
  };

  const doPreview = async () => {
    setBusy('preview');
    setResult(null);
    const r = await client.call('previewAssignment', { lead: n.sessionId, task });
    setBusy(null);
    if (r.ok) setPreview(r.value);
    else setResult({ ok: false, text: r.error.message });
  };
  const confirm = async () => {
    await run(
      'assign',
      () => client.call('assignTask', { lead: n.sessionId, task }),
      (o) =>
        o.action === 'deferred_saturated'
          ? `Deferred: queued as handoff #${o.queuedMessageId ?? '?'} in ${n.sessionId}'s inbox.`
          : `Assigned to ${o.sessionId}: ${ACTION_LABEL[o.action]}${o.delivery ? `, delivered by ${o.delivery === 'terminal' ? 'typing into its terminal' : 'its inbox'}` : ''}.`,
    );
    setPreview(null);
    setTask('');
    onChanged();
  };
  const drain = async () => {
    await run(
      'drain',
      () => client.call('drainInbox', { lead: n.sessionId }),
      (o) => (o.routed.length ? `Routed ${o.routed.length}: ${o.routed.map((x) => `${x.sessionId} (${ACTION_LABEL[x.action]})`).join(', ')}.` : 'Nothing was routed: the inbox holds only the lead’s own task.'),
    );
    onChanged();
  };
  const rebalance = async () => {
    await run(
      'rebalance',
      () => client.call('rebalanceTeam', { lead: n.sessionId }),
      (o) => (o.rerouted.length ? `Moved ${o.rerouted.length}: ${o.rerouted.map((x) => `${x.fromSessionId} → ${x.sessionId}`).join(', ')}.` : 'Nothing to move: no delegate is backed up while a teammate is free.'),
    );
    onChanged();
  };

  const shown = preview ? previewText(preview, n.sessionId) : null;
  return (
    <section className="side-card" aria-labelledby="lead-title">
      <div className="side-head">
        <h2 id="lead-title" className="side-title">
          {ROLE_LABEL[n.role]} <span className="mono">{n.sessionId}</span>
        </h2>
        <button type="button" className="btn btn-sm" onClick={() => onOpenSession(n.sessionId)}>
          Open session
        </button>
      </div>
      <p className="side-task" title={n.task}>
        {n.task.split('\n')[0]}
      </p>
      <div className="side-row">
        <StateBadge kind={n.state} compact />
        <span className="chip" data-backlog={n.handoffBacklog}>
          backlog {n.handoffBacklog}
        </span>
        <span className="chip">unread {n.unreadCount}</span>
      </div>
      {fromLead?.result && (
        <p className={`small reported reported-${fromLead.result.outcome}`} role="note">
          Reported {fromLead.result.outcome} to {fromLead.from}
          {fromLead.result.read ? ' (read)' : ' (unread)'}: {fromLead.result.summary || 'no summary'}
        </p>
      )}
      {isLead && <DelegateResults client={client} lead={n} refreshKey={refreshKey} onChanged={onChanged} />}

      <form
        className="form assign-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (task.trim()) void doPreview();
        }}
      >
        <label className="field">
          <span>Assign a task to a delegate</span>
          <textarea
            rows={3}
            value={task}
            onChange={(e) => {
              setTask(e.target.value);
              setPreview(null);
            }}
            placeholder="What should a delegate do?"
          />
        </label>
        {!preview && (
          <button type="submit" className="btn btn-sm" disabled={!task.trim() || busy !== null}>
            {busy === 'preview' ? 'Previewing…' : 'Preview assignment'}
          </button>
        )}
      </form>
      {preview && shown && (
        <div className="assign-preview" role="region" aria-label="Assignment preview">
          <strong>{shown.headline}</strong>
          <p>{shown.why}</p>
          <p className="small">
            Matched context terms:{' '}
            {preview.graphMatchTerms.length ? (
              preview.graphMatchTerms.map((t) => (
                <span key={t} className="chip term">
                  {t}
                </span>
              ))
            ) : (
              <span className="muted">none</span>
            )}
          </p>
          <div className="side-row">
            <button type="button" className="btn btn-sm btn-primary" onClick={() => void confirm()} disabled={busy !== null}>
              {busy === 'assign' ? 'Assigning…' : 'Confirm assignment'}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setPreview(null)} disabled={busy !== null}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <div className="side-row lead-actions">
        <button type="button" className="btn btn-sm" onClick={() => void drain()} disabled={!!drainWhy || busy !== null} title={drainWhy ?? undefined} aria-describedby={drainWhy ? 'drain-why' : undefined}>
          {busy === 'drain' ? 'Draining…' : 'Drain inbox'}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => void rebalance()} disabled={!!rebalanceWhy || busy !== null} title={rebalanceWhy ?? undefined} aria-describedby={rebalanceWhy ? 'rebalance-why' : undefined}>
          {busy === 'rebalance' ? 'Rebalancing…' : 'Rebalance team'}
        </button>
      </div>
      {drainWhy && (
        <p className="disabled-reason" id="drain-why">
          Drain inbox unavailable: {drainWhy}
        </p>
      )}
      {rebalanceWhy && (
        <p className="disabled-reason" id="rebalance-why">
          Rebalance unavailable: {rebalanceWhy}
        </p>
      )}
      {result && (
        <p className={`card-result ${result.ok ? 'ok' : 'bad'}`} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </section>
  );
}
