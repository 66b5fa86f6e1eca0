// The Diffs tab: pick a session with a worktree and see what its branch would bring to its base.
import { useEffect, useState } from 'react';
import type { ViewProps } from '../types';
import { DiffPanel } from './DiffPanel';
import './board.css';

export function DiffView({ client, sessions, onOpenSession }: ViewProps) {
  const withWorktree = sessions.filter((s) => s.worktree !== null);
  const [id, setId] = useState<string | null>(null);
  const current = withWorktree.find((s) => s.id === id) ?? withWorktree[0] ?? null;
  useEffect(() => {
    if (!id && current) setId(current.id);
  }, [id, current]);
  return (
    <main className="board-view" aria-label="Diffs">
      <header className="board-head">
        <h1 className="board-title">Diffs</h1>
        <label className="picker">
          <span>Session</span>
          <select aria-label="Session" value={current?.id ?? ''} onChange={(e) => setId(e.target.value)} disabled={withWorktree.length === 0}>
            {withWorktree.map((s) => (
              <option key={s.id} value={s.id}>
                {s.task.split('\n')[0]?.slice(0, 70)} ({s.id}) — {s.worktree?.branch}
              </option>
            ))}
          </select>
        </label>
        {current && (
          <button type="button" className="btn btn-sm" onClick={() => onOpenSession(current.id)}>
            Open session
          </button>
        )}
      </header>
      {current ? <DiffPanel key={current.id} client={client} sessionId={current.id} /> : <p className="muted pad">No session has a worktree yet: sessions started in a git repository get one, and their changes show here.</p>}
    </main>
  );
}
