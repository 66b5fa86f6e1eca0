// The remote-dispatch inbox (pending, dispatched, failed with reasons) and the template launcher
// (a form for the chosen template's {{variables}}).
import { useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { DispatchRequest, TemplateLaunch, TemplateSummary } from '../../../../src-main/api/ops-operator';
import { relativeTime } from '../../lib/format';
import { FieldMessage, LoadError, Section, shortId, useLoad } from './common';

const STATUS_LABEL: Record<DispatchRequest['status'], string> = { pending: 'Pending', dispatched: 'Dispatched', failed: 'Failed', cancelled: 'Cancelled' };
const STATUS_BADGE: Record<DispatchRequest['status'], string> = { pending: 'badge-pending', dispatched: 'badge-completed', failed: 'badge-failed', cancelled: 'badge-stopped' };

/** Retry (failed, cancelled) or Cancel (pending) for one request; the engine refuses a stale click. */
function RequestActions({ client, request: r, onDone }: { client: ApiClient; request: DispatchRequest; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = r.status === 'pending' ? 'cancel' : r.status === 'failed' || r.status === 'cancelled' ? 'retry' : null;
  if (!what) return null;
  const run = async () => {
    setBusy(true);
    setError(null);
    const res = await client.call(what === 'retry' ? 'retryDispatchRequest' : 'cancelDispatchRequest', { id: r.id });
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    onDone();
  };
  return (
    <span className="op-request-actions">
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void run()} aria-label={`${what === 'retry' ? 'Retry' : 'Cancel'} request ${r.id}`}>
        {what === 'retry' ? (busy ? 'Retrying…' : 'Retry') : busy ? 'Cancelling…' : 'Cancel'}
      </button>
      {error && (
        <span className="form-error small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

export function DispatchInbox({ client, now, onOpenSession }: { client: ApiClient; now: number; onOpenSession: (id: string) => void }) {
  const list = useLoad(() => client.call('listDispatchRequests', { limit: 200 }), [client], 5000);
  const [filter, setFilter] = useState<'all' | DispatchRequest['status']>('all');
  const requests = list.value?.requests ?? [];
  const shown = filter === 'all' ? requests : requests.filter((r) => r.status === filter);
  const count = (s: DispatchRequest['status']) => requests.filter((r) => r.status === s).length;
  return (
    <Section
      title="Remote dispatch inbox"
      id="op-dispatch"
      actions={
        <div className="segmented op-filter" role="radiogroup" aria-label="Show requests">
          {(['all', 'pending', 'dispatched', 'failed', 'cancelled'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={filter === f} className={filter === f ? 'on' : ''} onClick={() => setFilter(f)}>
              {f === 'all' ? `All ${requests.length}` : `${STATUS_LABEL[f]} ${count(f)}`}
            </button>
          ))}
        </div>
      }
    >
      <LoadError error={list.error} />
      {shown.length === 0 ? (
        <p className="muted op-empty">{requests.length === 0 ? 'No remote requests. They arrive through `switchyard remote add` or the HTTP intake.' : 'Nothing with this status.'}</p>
      ) : (
        <ul className="op-list" aria-label="Remote requests">
          {shown.map((r) => (
            <li key={r.id} className="op-item">
              <div className="op-item-head">
                <span className={`badge badge-compact ${STATUS_BADGE[r.status]}`}>
                  <span className="badge-dot" aria-hidden="true" />
                  {STATUS_LABEL[r.status]}
                </span>
                <span className="op-cell-title" title={r.task}>
                  {r.task.split('\n')[0]}
                </span>
                <span className="spacer" />
                <span className="muted small">
                  #{r.id} · {r.priority} · {r.source}
                  {r.requester ? ` (${r.requester})` : ''} · {relativeTime(r.createdAt, now)}
                </span>
                <RequestActions client={client} request={r} onDone={list.reload} />
              </div>
              {r.status === 'failed' && r.error && <p className="reason reason-bad">{r.error}</p>}
              {r.status === 'dispatched' && r.resultSessionId && (
                <p className="small muted">
                  {r.resultAction ?? 'dispatched'} →{' '}
                  <button type="button" className="op-link mono" onClick={() => onOpenSession(r.resultSessionId!)} aria-label={`Open session ${r.resultSessionId}`}>
                    {shortId(r.resultSessionId)}
                  </button>
                </p>
              )}
              {r.status === 'pending' && <p className="small muted">Waiting for the daemon{r.targetSessionId ? ` (for lead ${shortId(r.targetSessionId)})` : ''}.</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function LaunchForm({ client, template, onOpenSession, onLaunched }: { client: ApiClient; template: TemplateSummary; onOpenSession: (id: string) => void; onLaunched: () => void }) {
  const [vars, setVars] = useState<Record<string, string>>({});
  const [task, setTask] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TemplateLaunch | null>(null);
  const custom = template.variables.filter((v) => !template.automatic.includes(v) || v === 'task');
  const automatic = template.automatic.filter((v) => v !== 'task');
  const missing = result && !result.ok ? result.missing : [];

  const launch = async () => {
    setBusy(true);
    const r = await client.call('launchTemplate', { name: template.name, variables: vars, ...(task.trim() ? { task } : {}) });
    setBusy(false);
    setResult(r.ok ? r.value : { ok: false, error: r.error.message, missing: [] });
    if (r.ok && r.value.ok) onLaunched();
  };
  const fieldId = (v: string) => `tpl-${template.name}-${v}`.replace(/[^\w-]/g, '_');

  return (
    <form
      className="form op-form"
      aria-label={`Launch template ${template.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void launch();
      }}
    >
      <ol className="op-steps" aria-label="Steps">
        {template.steps.map((s, i) => (
          <li key={i}>
            <strong>{s.name ?? `step ${i + 1}`}</strong> <span className="muted mono small">{s.task}</span>
          </li>
        ))}
      </ol>
      <div className="op-field-grid">
        {custom.map((v) =>
          v === 'task' ? (
            <label key={v} className="field">
              <span>task</span>
              <input value={task} onChange={(e) => setTask(e.target.value)} aria-invalid={missing.includes(v)} aria-describedby={fieldId(v)} />
              <FieldMessage id={fieldId(v)} error={missing.includes(v) ? `missing variable ${v}` : null} hint="also fills {{task_group}}" />
            </label>
          ) : (
            <label key={v} className="field">
              <span>{v}</span>
              <input value={vars[v] ?? ''} onChange={(e) => setVars((x) => ({ ...x, [v]: e.target.value }))} aria-invalid={missing.includes(v)} aria-describedby={fieldId(v)} />
              <FieldMessage id={fieldId(v)} error={missing.includes(v) ? `missing variable ${v}` : null} />
            </label>
          ),
        )}
      </div>
      {custom.length === 0 && <p className="muted small">This template has no variables to fill.</p>}
      {automatic.length > 0 && <p className="muted small">Filled automatically: {automatic.map((v) => `{{${v}}}`).join(', ')}</p>}
      {result && !result.ok && (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      )}
      {result?.ok && (
        <div className="op-result" role="status">
          Started {result.created.length} session{result.created.length === 1 ? '' : 's'}:
          <ul>
            {result.created.map((c) => (
              <li key={c.sessionId}>
                <button type="button" className="op-link" onClick={() => onOpenSession(c.sessionId)} aria-label={`Open session ${c.sessionId} (${c.stepName})`}>
                  {c.stepName} · <span className="mono">{shortId(c.sessionId)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Launching…' : `Launch ${template.name}`}
        </button>
      </div>
    </form>
  );
}

export function TemplateLauncher({ client, onOpenSession, onToast }: { client: ApiClient; onOpenSession: (id: string) => void; onToast: (text: string) => void }) {
  const list = useLoad(() => client.call('listTemplates', {}), [client]);
  const templates = list.value?.templates ?? [];
  const [chosen, setChosen] = useState('');
  const template = templates.find((t) => t.name === chosen) ?? templates[0] ?? null;
  return (
    <Section title="Launch a template" id="op-templates">
      <LoadError error={list.error} />
      {templates.length === 0 ? (
        <p className="muted op-empty">No orchestration templates configured. Add one under [orchestration_templates.&lt;name&gt;] in the config.</p>
      ) : (
        <>
          <label className="field op-narrow">
            <span>Template</span>
            <select value={template?.name ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {templates.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                  {t.description ? ` — ${t.description}` : ''}
                </option>
              ))}
            </select>
          </label>
          {template && <LaunchForm key={template.name} client={client} template={template} onOpenSession={onOpenSession} onLaunched={() => onToast(`Launched template ${template.name}`)} />}
        </>
      )}
    </Section>
  );
}
