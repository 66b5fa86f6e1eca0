// One session: a header with its figures and actions, and its output (readable view or terminal).
import { useState } from 'react';
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { badgeOf, costTitle, formatDuration, formatSessionCost, formatTokens, isLive, sessionDuration } from '../lib/format';
import { Icon } from './Icons';
import { StateBadge } from './Sidebar';
import { OutputPane } from './OutputPane';

interface Props {
  client: ApiClient;
  session: Session;
  theme: 'dark' | 'light';
  now: number;
  findRequest: number;
  onToast: (text: string, kind?: 'info' | 'error') => void;
  onAction: (action: 'stop' | 'resume' | 'delete' | 'open') => Promise<void>;
  /** Other sessions it can be shown beside (the split view). */
  others: Session[];
  onSplit: (otherId: string) => void;
}

function Metric({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="metric" title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function SessionView({ client, session: s, theme, now, findRequest, onToast, onAction, others, onSplit }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const live = isLive(s);
  const run = (action: 'stop' | 'resume' | 'delete' | 'open') => {
    setBusy(action);
    void onAction(action).finally(() => setBusy(null));
  };
  const m = s.metrics;
  return (
    <main className="session-view" aria-label={`Session ${s.id}`}>
      <header className="session-header">
        <div className="title-row">
          <div className="title-block">
            <h1 className="session-title" title={s.task}>
              {s.task.split('\n')[0]}
            </h1>
            <div className="session-facts">
              <StateBadge kind={badgeOf(s)} />
              <span className="fact mono">{s.id}</span>
              <span className="fact" title={`Agent: ${s.agentType}`}>
                {s.agentType}
              </span>
              <span className="fact">{s.mode}</span>
              {s.worktree ? (
                <span className="fact mono" title={s.worktree.path}>
                  {s.worktree.branch} ← {s.worktree.baseBranch}
                </span>
              ) : (
                <span className="fact mono" title={s.workingDir}>
                  {s.workingDir}
                </span>
              )}
            </div>
          </div>
          <div className="actions" role="toolbar" aria-label="Session actions">
            {others.length > 0 && (
              <select
                className="split-add"
                aria-label="Split: show beside"
                title="Show this session and another side by side (the split view; up to 4)"
                value=""
                onChange={(e) => {
                  if (e.target.value) onSplit(e.target.value);
                }}
              >
                <option value="">Split with…</option>
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.task.split('\n')[0]?.slice(0, 60)} ({o.id})
                  </option>
                ))}
              </select>
            )}
            {live ? (
              <button type="button" className="btn" onClick={() => run('stop')} disabled={busy !== null} aria-label="Stop session">
                <Icon name="stop" size={14} />
                {busy === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => run('resume')} disabled={busy !== null || s.state === 'completed'} aria-label="Resume session">
                <Icon name="play" size={14} />
                {busy === 'resume' ? 'Resuming…' : 'Resume'}
              </button>
            )}
            <button type="button" className="btn" onClick={() => run('open')} disabled={busy !== null} aria-label={s.worktree ? 'Open worktree folder' : 'Open working folder'}>
              <Icon name="folder" size={14} />
              Open folder
            </button>
            {confirmDelete ? (
              <span className="confirm">
                <button type="button" className="btn btn-danger" onClick={() => run('delete')} disabled={busy !== null} aria-label="Confirm delete">
                  Delete
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => setConfirmDelete(false)} aria-label="Cancel delete">
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="btn btn-ghost" onClick={() => setConfirmDelete(true)} disabled={busy !== null || (live && s.state !== 'stale')} aria-label="Delete session" title={live ? 'Stop the session before deleting it' : 'Delete the session and its log'}>
                <Icon name="trash" size={14} />
              </button>
            )}
          </div>
        </div>
        {s.stateReason && (
          <p className={`reason ${s.state === 'failed' ? 'reason-bad' : ''}`} role="status">
            {s.stateReason}
          </p>
        )}
        <dl className="metrics" aria-label="Session metrics">
          <Metric label="Tokens" value={formatTokens(m.tokensUsed)} title={`in ${m.inputTokens} · out ${m.outputTokens} · cache read ${m.cacheReadTokens} · cache write ${m.cacheCreationTokens}`} />
          <Metric label="Cost" value={formatSessionCost(m)} title={costTitle(m)} />
          <Metric label="Duration" value={formatDuration(sessionDuration(s, now))} />
          <Metric label="Tool calls" value={String(m.toolCalls)} />
          <Metric label="Files changed" value={String(m.filesChanged)} />
        </dl>
      </header>
      <OutputPane key={s.id} client={client} session={s} theme={theme} onToast={onToast} findRequest={findRequest} />
    </main>
  );
}
