// Schedules: the list with each next run, a form with live cron validation (the error at the
// field, or the next five run times as you type), remove and run now.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { AddScheduleInput, CronPreviewResult, FieldError, Schedule } from '../../../../src-main/api/ops-operator';
import { FieldMessage, formatUtc, LoadError, Section, useLoad } from './common';

type Toast = (text: string, kind?: 'info' | 'error' | 'warn') => void;

/** The cron preview for what is typed, asked for a moment after the typing stops. */
function useCronPreview(client: ApiClient, expr: string): CronPreviewResult | null {
  const [preview, setPreview] = useState<CronPreviewResult | null>(null);
  useEffect(() => {
    if (!expr.trim()) {
      setPreview(null);
      return;
    }
    let alive = true;
    const t = setTimeout(() => {
      void client.call('previewCron', { expr, count: 5 }).then((r) => {
        if (alive) setPreview(r.ok ? r.value : { ok: false, error: r.error.message });
      });
    }, 150);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [client, expr]);
  return preview;
}

function AddSchedule({ client, onAdded }: { client: ApiClient; onAdded: (s: Schedule) => void }) {
  const [cron, setCron] = useState('');
  const [task, setTask] = useState('');
  const [agent, setAgent] = useState('');
  const [profile, setProfile] = useState('');
  const [cwd, setCwd] = useState('');
  const [worktree, setWorktree] = useState<'auto' | 'yes' | 'no'>('auto');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const preview = useCronPreview(client, cron);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  // The live check wins over a stale submit error once the expression changes.
  const cronError = preview && !preview.ok ? preview.error : errorOf('cronExpr');

  const submit = async () => {
    setBusy(true);
    const input: AddScheduleInput = { cronExpr: cron, task };
    if (agent.trim()) input.agent = agent.trim();
    if (profile.trim()) input.profile = profile.trim();
    if (cwd.trim()) input.cwd = cwd.trim();
    if (worktree !== 'auto') input.useWorktree = worktree === 'yes';
    const r = await client.call('addSchedule', input);
    setBusy(false);
    if (!r.ok) return setErrors([{ field: 'form', message: r.error.message }]);
    if (!r.value.ok) return setErrors(r.value.errors);
    setErrors([]);
    setCron('');
    setTask('');
    onAdded(r.value.schedule);
  };

  return (
    <form
      className="form op-form"
      aria-label="Add a schedule"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field-row">
        <label className="field">
          <span>Cron expression</span>
          <input
            className="mono"
            value={cron}
            onChange={(e) => {
              setCron(e.target.value);
              setErrors((x) => x.filter((er) => er.field !== 'cronExpr'));
            }}
            placeholder="*/15 * * * *"
            aria-invalid={!!cronError}
            aria-describedby="sched-cron-msg"
          />
          <FieldMessage id="sched-cron-msg" error={cronError} hint="min hour day month weekday, in UTC (6 fields: seconds first; 7: year last)" />
        </label>
        <label className="field">
          <span>Task</span>
          <input value={task} onChange={(e) => setTask(e.target.value)} placeholder="What each session should do" aria-invalid={!!errorOf('task')} aria-describedby="sched-task-msg" />
          <FieldMessage id="sched-task-msg" error={errorOf('task')} />
        </label>
      </div>
      {preview?.ok && (
        <div className="op-next-runs" aria-live="polite">
          <span className="op-label">Next runs</span>
          <ol aria-label="Next five run times">
            {preview.next.map((t) => (
              <li key={t} className="mono">
                {formatUtc(t)}
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="op-field-grid">
        <label className="field">
          <span>Agent</span>
          <input value={agent} onChange={(e) => setAgent(e.target.value)} placeholder="default agent" />
        </label>
        <label className="field">
          <span>Profile</span>
          <input value={profile} onChange={(e) => setProfile(e.target.value)} placeholder="none" aria-invalid={!!errorOf('profile')} aria-describedby="sched-profile-msg" />
          <FieldMessage id="sched-profile-msg" error={errorOf('profile')} />
        </label>
        <label className="field">
          <span>Folder</span>
          <input className="mono" value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder="where serve started" />
        </label>
        <label className="field">
          <span>Worktree</span>
          <select value={worktree} onChange={(e) => setWorktree(e.target.value as typeof worktree)}>
            <option value="auto">Config default</option>
            <option value="yes">New worktree</option>
            <option value="no">In place</option>
          </select>
        </label>
      </div>
      {errorOf('form') && (
        <p className="form-error" role="alert">
          {errorOf('form')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add schedule'}
        </button>
      </div>
    </form>
  );
}

export function Schedules({ client, onToast }: { client: ApiClient; onToast: Toast }) {
  const list = useLoad(() => client.call('listSchedules', {}), [client], 10_000);
  const [busy, setBusy] = useState<number | null>(null);
  const schedules = list.value?.schedules ?? [];

  const remove = async (s: Schedule) => {
    setBusy(s.id);
    const r = await client.call('removeSchedule', { id: s.id });
    setBusy(null);
    if (!r.ok) onToast(r.error.message, 'error');
    else onToast(r.value.removed ? `Removed schedule ${s.id}` : `Schedule ${s.id} was already gone`);
    list.reload();
  };
  const runNow = async (s: Schedule) => {
    setBusy(s.id);
    const r = await client.call('runScheduleNow', { id: s.id });
    setBusy(null);
    list.reload();
    if (!r.ok) return onToast(r.error.message, 'error');
    if (r.value.status === 'started' && r.value.sessionId) onToast(`Schedule ${s.id} started session ${r.value.sessionId}`);
    else onToast(`Schedule ${s.id} failed: ${r.value.error ?? 'unknown error'}`, 'error');
  };

  return (
    <Section title="Schedules" id="op-schedules">
      <LoadError error={list.error} />
      {schedules.length === 0 ? (
        <p className="muted op-empty">No schedules yet. Add one below; it starts a session at each run time.</p>
      ) : (
        <table className="op-table" aria-label="Schedules">
          <thead>
            <tr>
              <th scope="col">Cron</th>
              <th scope="col">Task</th>
              <th scope="col">Next run</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="op-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id} data-schedule-id={s.id}>
                <td className="mono">{s.cronExpr}</td>
                <td>
                  <div className="op-cell-title" title={s.task}>
                    {s.task}
                  </div>
                  <div className="muted small">
                    {s.agentType}
                    {s.profileName ? ` · ${s.profileName}` : ''} · {s.project} · {s.useWorktree ? 'worktree' : 'in place'}
                  </div>
                </td>
                <td className="op-nowrap">{formatUtc(s.nextRunAt)}</td>
                <td className="op-nowrap muted">{s.lastRunAt ? formatUtc(s.lastRunAt) : 'never'}</td>
                <td className="op-actions">
                  <button type="button" className="btn btn-sm" disabled={busy === s.id} onClick={() => void runNow(s)} aria-label={`Run schedule ${s.id} now`}>
                    Run now
                  </button>
                  <button type="button" className="btn btn-sm btn-ghost" disabled={busy === s.id} onClick={() => void remove(s)} aria-label={`Remove schedule ${s.id}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddSchedule
        client={client}
        onAdded={(s) => {
          onToast(`Added schedule ${s.id}; next run ${formatUtc(s.nextRunAt)}`);
          list.reload();
        }}
      />
    </Section>
  );
}
