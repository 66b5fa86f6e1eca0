// Start a session: task, agent, profile, mode, worktree, base branch, project, folder.
import { useState } from 'react';
import type { ConfigSummary, Session, SessionMode, StartSessionInput } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { expectedViewSize } from '../lib/view-size';
import { Modal } from './Modal';

type WorktreeChoice = 'auto' | 'yes' | 'no';

export function NewSessionDialog({ client, config, onClose, onStarted }: { client: ApiClient; config: ConfigSummary | null; onClose: () => void; onStarted: (s: Session) => void }) {
  const [task, setTask] = useState('');
  const [agent, setAgent] = useState('');
  const [profile, setProfile] = useState('');
  const [mode, setMode] = useState<SessionMode | ''>('');
  const [worktree, setWorktree] = useState<WorktreeChoice>('auto');
  const [baseBranch, setBaseBranch] = useState('');
  const [project, setProject] = useState('');
  const [taskGroup, setTaskGroup] = useState('');
  const [cwd, setCwd] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The last refusal was a spent hard budget: the operator may insist.
  const [overBudget, setOverBudget] = useState(false);
  const [busy, setBusy] = useState(false);
  const defaultMode = config?.defaultMode ?? 'headless';

  const submit = async (insist = false) => {
    setError(null);
    setOverBudget(false);
    // The agent's PTY starts at the size of the terminal that will show it (see lib/view-size).
    const input: StartSessionInput = { task, terminalSize: expectedViewSize() };
    if (insist) input.overBudget = true;
    if (agent) input.agent = agent;
    if (profile) input.profile = profile;
    if (mode) input.mode = mode;
    if (worktree !== 'auto') input.worktree = worktree === 'yes';
    if (baseBranch.trim()) input.baseBranch = baseBranch.trim();
    if (project.trim()) input.project = project.trim();
    if (taskGroup.trim()) input.taskGroup = taskGroup.trim();
    if (cwd.trim()) input.cwd = cwd.trim();
    setBusy(true);
    const result = await client.call('startSession', input);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      setOverBudget(result.error.code === 'over_budget');
      return;
    }
    onStarted(result.value);
  };

  return (
    <Modal title="New session" onClose={onClose} wide>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field field-full">
          <span>Task</span>
          <textarea
            data-autofocus
            required
            rows={4}
            value={task}
            placeholder="What should the agent do?"
            onChange={(e) => setTask(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Agent</span>
            <select value={agent} onChange={(e) => setAgent(e.target.value)}>
              <option value="">Default ({config?.defaultAgent ?? 'claude'})</option>
              {(config?.agents ?? []).map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
              <option value="auto">auto (detect from the project)</option>
            </select>
          </label>
          <label className="field">
            <span>Profile</span>
            <select value={profile} onChange={(e) => setProfile(e.target.value)}>
              <option value="">{config?.defaultProfile ? `Default (${config.defaultProfile})` : 'None'}</option>
              {(config?.profiles ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                  {p.model ? ` · ${p.model}` : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="field-row">
          <fieldset className="field">
            <legend>Mode</legend>
            <div className="segmented" role="radiogroup" aria-label="Mode">
              {(['headless', 'interactive'] as const).map((m) => (
                <button key={m} type="button" role="radio" aria-checked={(mode || defaultMode) === m} className={(mode || defaultMode) === m ? 'on' : ''} onClick={() => setMode(m)}>
                  {m === 'headless' ? 'Headless' : 'Interactive'}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>Worktree</legend>
            <div className="segmented" role="radiogroup" aria-label="Worktree">
              {(
                [
                  ['auto', config?.autoCreateWorktrees ? 'Auto (on)' : 'Auto (off)'],
                  ['yes', 'New worktree'],
                  ['no', 'In place'],
                ] as const
              ).map(([id, label]) => (
                <button key={id} type="button" role="radio" aria-checked={worktree === id} className={worktree === id ? 'on' : ''} onClick={() => setWorktree(id)}>
                  {label}
                </button>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Base branch</span>
            <input value={baseBranch} onChange={(e) => setBaseBranch(e.target.value)} placeholder="current branch" disabled={worktree === 'no'} />
          </label>
          <label className="field">
            <span>Folder</span>
            <input value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder={config?.cwd ?? ''} className="mono" />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>Project</span>
            <input value={project} onChange={(e) => setProject(e.target.value)} placeholder="from the folder name" />
          </label>
          <label className="field">
            <span>Task group</span>
            <input value={taskGroup} onChange={(e) => setTaskGroup(e.target.value)} placeholder="from the task" />
          </label>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <span className="hint">Ctrl+Enter starts</span>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          {overBudget && (
            <button type="button" className="btn" disabled={busy} onClick={() => void submit(true)}>
              Start over budget
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy || !task.trim()}>
            {busy ? 'Starting…' : 'Start session'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
